/** The shell's meta commands \x, \o, \i; the caret under an error; progress; Ctrl-C on a CPU-bound query; multi-line history. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type AegisRuntime } from '../../../src/api/open-engine.js';
import type { CommandIo } from '../../../src/cli/command.js';
import { runRepl } from '../../../src/cli/repl-command.js';
import { HistoryFile } from '../../../src/cli/repl-history.js';
import { LiveScanStats } from '../../../src/cli/progress-line.js';
import { ReplSession } from '../../../src/cli/repl-session.js';
import { resolveConfig } from '../../../src/config.js';

let dir: string;
let rt: AegisRuntime;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-shell-session-'));
  rt = openEngine(resolveConfig({ warehouse: join(dir, 'wh'), workers: '1' }, { cwd: dir, env: {} }), { inProcess: true });
}, 60_000);

afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

function capture(): { io: CommandIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: async (t) => void out.push(String(t)), err: async (t) => void err.push(t) } };
}

const CPU_BOUND = 'SELECT count(*) FROM UNNEST(sequence(1, 10000)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) WHERE (x * y) % 7 = 3;';

describe('shell meta commands', () => {
  it('\\x toggles expanded display', async () => {
    const c = capture();
    const s = new ReplSession(rt, c.io, { interactive: true });
    expect(await s.handleLine('\\x')).toBe('ok');
    expect(await s.handleLine("SELECT 1 AS id, 'ann' AS name;")).toBe('ok');
    expect(await s.handleLine('\\x off')).toBe('ok');
    expect(c.out.join('')).toBe('Expanded display is on.\n-[ RECORD 1 ]+----\nid   | 1\nname | ann\n(1 row)\nExpanded display is off.\n');
  });

  it('\\o FILE sends results to the file (emptied first), \\o alone back to stdout', async () => {
    const c = capture();
    const s = new ReplSession(rt, c.io, { interactive: true, format: 'csv' });
    const file = join(dir, 'out.csv');
    writeFileSync(file, 'old content\n');
    await s.handleLine(`\\o ${file}`);
    await s.handleLine('SELECT 1 AS a;');
    await s.handleLine('SELECT 2 AS b;');
    await s.handleLine('\\o');
    await s.handleLine('SELECT 3 AS c;');
    expect(readFileSync(file, 'utf8')).toBe('"a"\n"1"\n"b"\n"2"\n');
    expect(c.out.join('')).toBe(`Results go to ${file}.\nResults go to standard output.\n"c"\n"3"\n`);
  });

  it('\\i FILE runs statements and meta commands of a file; a missing file is NOT_FOUND; self-inclusion stops', async () => {
    const c = capture();
    const s = new ReplSession(rt, c.io, { interactive: true, format: 'csv' });
    const file = join(dir, 'script.sql');
    writeFileSync(file, "\\format json\nSELECT 1 AS a,\n  'x' AS b;\nSELECT 2 AS c");
    expect(await s.handleLine(`\\i ${file}`)).toBe('ok');
    expect(c.out.join('')).toBe('Output format is json.\n{"a":1,"b":"x"}\n{"c":2}\n');
    expect(await s.handleLine(`\\i ${join(dir, 'absent.sql')}`)).toBe('error');
    expect(c.err.at(-1)).toMatch(/^ERROR NOT_FOUND: Cannot read .*absent\.sql: ENOENT\n$/);
    const loop = join(dir, 'loop.sql');
    writeFileSync(loop, `\\i ${loop}\n`);
    expect(await s.handleLine(`\\i ${loop}`)).toBe('error');
    expect(c.err.some((l) => l.includes('nested more than 16 deep'))).toBe(true);
  });

  it('an interactive error shows the statement line and a caret; a script gets the one ERROR line', async () => {
    const c = capture();
    const s = new ReplSession(rt, c.io, { interactive: true });
    await s.handleLine('SELECT 1 AS one,');
    await s.handleLine('  nope FROM (VALUES 1) t(x);');
    expect(c.err).toEqual([["ERROR NOT_FOUND: line 2:3: Column 'nope' cannot be resolved", 'LINE 2:   nope FROM (VALUES 1) t(x)', `${' '.repeat(10)}^`, ''].join('\n')]);
    const script = capture();
    const s2 = new ReplSession(rt, script.io, { interactive: false });
    await s2.handleLine('SELECT nope;');
    expect(script.err).toEqual(["ERROR NOT_FOUND: line 1:8: Column 'nope' cannot be resolved\n"]);
  });

  it('a long statement shows the progress line, erased before the result', async () => {
    const c = capture();
    const progress: string[] = [];
    const s = new ReplSession(rt, c.io, { interactive: true, format: 'csv', progress: (t) => progress.push(t) });
    // Slower than the 0.5 s delay on any machine: a 100M-row cross join is cancelled once the line showed.
    const running = s.handleLine(CPU_BOUND);
    while (progress.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(progress[0]).toMatch(/^\r\x1b\[KRunning \d+\.\d s · 0 rows · Ctrl-C to cancel$/);
    s.interrupt();
    expect(await running).toBe('error');
    expect(progress.at(-1)).toBe('\r\x1b[K');
  });
});

describe('live scan counters for the progress line', () => {
  it('a statement exposes its scans\' counters while they run: bytes, objects, splits done of planned', async () => {
    await rt.store.createBucket('data');
    await rt.store.put('data', 'p/p.csv', new TextEncoder().encode('1,ann\n2,bob\n'), { sse: { mode: 'SSE_KMS' } });
    await rt.engine.execute("CREATE EXTERNAL TABLE people (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://data/p/'");
    const scan = new LiveScanStats();
    await rt.execute('SELECT count(*) FROM people WHERE id IN (SELECT id FROM people)', { onScanStats: scan.add });
    expect(['bytesScanned', 'objectsRead', 'splitsRun', 'splitsPlanned'].map((k) => scan.sum(k))).toEqual([24, 2, 2, 2]);
  });
});

describe('shell on a terminal', () => {
  async function terminal(keys: string[], history?: HistoryFile, waitFor?: (shown: string) => boolean): Promise<{ code: number; shown: string; err: string[]; session: ReplSession }> {
    const c = capture();
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d: Buffer) => (shown += d.toString('utf8')));
    const session = new ReplSession(rt, c.io, { interactive: true, format: 'csv' });
    const done = runRepl(session, { input, output, terminal: true, interactive: true, ...(history ? { history } : {}), warehouse: '/w' });
    for (const k of keys) {
      if (k === 'WAIT') {
        while (!waitFor!(shown + c.out.join(''))) await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      input.write(k);
      await new Promise((r) => setTimeout(r, 20));
    }
    const code = await done;
    return { code, shown: shown + c.out.join(''), err: c.err, session };
  }

  it('Ctrl-C cancels a CPU-bound query and the shell stays (the signal reaches the operators)', async () => {
    let session: ReplSession | undefined;
    const keys = [CPU_BOUND + '\r', 'WAIT', '\x03', 'SELECT 5 AS five;\r', '\x04'];
    const started = Date.now();
    const r = await terminal(keys, undefined, () => Date.now() - started > 300);
    session = r.session;
    expect(r.err).toEqual(['ERROR QUERY_CANCELLED: Query was cancelled\n']);
    expect(r.shown).toContain('"five"\n"5"\n');
    expect(session.busy).toBe(false);
    expect(r.code).toBe(0);
  });

  it('the banner names the version and the warehouse; a multi-line statement is one history entry, recalled whole', async () => {
    const history = new HistoryFile(join(dir, 'hist'));
    // WAIT: until the first run printed (its history entry is written once it completes).
    const r = await terminal(['SELECT 1 AS a,\r', "  'b' AS b;\r", 'WAIT', '\x1b[A', '\r', '\x04'], history, (shown) => shown.includes('"1","b"'));
    expect(r.shown.split('\n')[0]).toBe('aegis 0.1.0, warehouse /w — Athena-compatible SQL over (encrypted) S3 objects. Type \\h for help, \\q to quit.');
    // ↑ brought back both lines: the statement ran twice.
    expect(r.shown.match(/"a","b"\n"1","b"\n/g)).toHaveLength(2);
    expect(readFileSync(join(dir, 'hist'), 'utf8')).toBe('"SELECT 1 AS a,\\n  \'b\' AS b;"\n');
    expect(new HistoryFile(join(dir, 'hist')).load()).toEqual(["SELECT 1 AS a,\n  'b' AS b;"]);
  });
});
