import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type AegisRuntime } from '../../../src/api/open-engine.js';
import type { CommandIo } from '../../../src/cli/command.js';
import { runRepl } from '../../../src/cli/repl-command.js';
import { complete } from '../../../src/cli/repl-complete.js';
import { ReplSession, timingLine } from '../../../src/cli/repl-session.js';
import { resolveConfig } from '../../../src/config.js';

// In-process sessions over a real engine (LocalStore, SQLite catalog, SSE-KMS object): the parts
// a piped binary cannot reach — cancelling a running query and the terminal's Ctrl-C/Ctrl-D keys.
let dir: string;
let rt: AegisRuntime;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-repl-session-'));
  rt = openEngine(resolveConfig({ warehouse: join(dir, 'wh'), workers: '1' }, { cwd: dir, env: {} }), { inProcess: true });
  await rt.store.createBucket('data');
  await rt.store.put('data', 'people/p.csv', new TextEncoder().encode('1,ann\n2,bob\n'), { sse: { mode: 'SSE_KMS' } });
  await rt.engine.execute("CREATE EXTERNAL TABLE people (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://data/people/'");
}, 60_000);

afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

function capture(): { io: CommandIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: async (t) => void out.push(typeof t === 'string' ? t : Buffer.from(t).toString('utf8')),
      err: async (t) => void err.push(t),
    },
  };
}

describe('REPL session', () => {
  it('Ctrl-C during a statement cancels it with QUERY_CANCELLED and the session goes on', async () => {
    const c = capture();
    const s = new ReplSession(rt, c.io, { interactive: true, format: 'csv' });
    const running = s.handleLine('SELECT count(*) FROM people;');
    expect(s.busy).toBe(true);
    expect(s.interrupt()).toBe('query');
    expect(await running).toBe('error');
    expect(c.err).toEqual(['ERROR QUERY_CANCELLED: Query was cancelled\n']);
    expect(c.out).toEqual([]);
    expect(s.busy).toBe(false);
    expect(await s.handleLine('SELECT name FROM people ORDER BY id;')).toBe('ok');
    expect(c.out).toEqual(['"name"\n"ann"\n"bob"\n']);
  });

  it('Ctrl-C while typing drops the pending statement and restores the main prompt', async () => {
    const c = capture();
    const s = new ReplSession(rt, c.io, { interactive: true });
    expect(await s.handleLine('SELECT name')).toBe('ok');
    expect(s.prompt).toBe(`${' '.repeat(12)}-> `);
    expect(s.interrupt()).toBe('input');
    expect(s.prompt).toBe('aegis:default> ');
    expect(s.interrupt()).toBe('nothing');
    expect(await s.handleLine("SELECT 'x;' AS v;")).toBe('ok');
    expect(c.out).toEqual([' v\n----\n x;\n(1 row)\n']);
  });

  it('formats the \\timing line from the statement stats', () => {
    const stats = { elapsedMs: 12.34, planningMs: 1, executionMs: 11, rowsRead: 2, splitsRun: 1, bytesScanned: 3 * 1024 * 1024 + 100, objectsRead: 1, kmsCalls: 2 };
    expect(timingLine(stats)).toBe('Time: 12.3 ms, scanned 3.0 MiB in 1 object, 2 KMS calls');
    expect(timingLine({ ...stats, bytesScanned: 0, objectsRead: 0, kmsCalls: 1 })).toBe('Time: 12.3 ms, scanned 0 B in 0 objects, 1 KMS call');
    expect(timingLine(stats, 'f7790522-6395-49dd-adce-a4d5b043d7ac')).toBe('Time: 12.3 ms, scanned 3.0 MiB in 1 object, 2 KMS calls, query f7790522-6395-49dd-adce-a4d5b043d7ac');
  });
});

describe('REPL on a terminal (readline key handling)', () => {
  /**
   * Feeds `keys` to a terminal-mode REPL, each string one chunk (readline completes a Tab
   * asynchronously, so keys after a Tab go in the next chunk); returns the exit code and output.
   */
  async function type(keys: string | string[], completer?: (line: string) => [string[], string]): Promise<{ code: number; out: string; err: string[] }> {
    const c = capture();
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d: Buffer) => (shown += d.toString('utf8')));
    const session = new ReplSession(rt, c.io, { interactive: true, format: 'csv' });
    const done = runRepl(session, { input, output, terminal: true, interactive: true, ...(completer ? { completer } : {}) });
    for (const chunk of typeof keys === 'string' ? [keys] : keys) {
      input.write(chunk);
      await new Promise((r) => setTimeout(r, 20));
    }
    const code = await done;
    // Drop cursor movement and line clearing, keep text.
    return { code, out: shown.replace(/\x1b\[\d*[A-Za-z]/g, '') + c.out.join(''), err: c.err };
  }

  it('Ctrl-C cancels the statement being typed, with the half-typed line; Ctrl-D on an empty line leaves with 0', async () => {
    const r = await type('SELECT bad,\r  worse\x03SELECT 7 AS seven;\r\x04');
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out).toContain('^C\n');
    expect(r.out).toContain('"seven"\n"7"\n');
  });

  it('Ctrl-C right after Enter cancels the running query; \\q leaves with 0', async () => {
    const r = await type('SELECT count(*) FROM people;\r\x03\\q\r');
    expect(r.code).toBe(0);
    expect(r.err).toEqual(['ERROR QUERY_CANCELLED: Query was cancelled\n']);
  });

  it('Tab completes table names from the catalog', async () => {
    const r = await type(['SELECT name FROM peo\t', ' ORDER BY id;\r\x04'], (line) => complete(rt.catalog, 'default', line));
    expect(r.err).toEqual([]);
    expect(r.out).toContain('"name"\n"ann"\n"bob"\n');
  });
});

describe('REPL tab completion', () => {
  it('offers meta commands, keywords in the typed case, databases, tables and columns', () => {
    const c = (line: string) => complete(rt.catalog, 'default', line);
    expect(c('\\t')).toEqual([['\\timing'], '\\t']);
    expect(c('\\')[0]).toContain('\\preflight');
    expect(c('SELECT na')).toEqual([['name'], 'na']);
    expect(c('sel')).toEqual([['select'], 'sel']);
    expect(c('SEL')).toEqual([['SELECT'], 'SEL']);
    expect(c('SELECT * FROM def')).toEqual([['default'], 'def']);
    expect(c('SELECT * FROM default.pe')).toEqual([['default.people'], 'default.pe']);
    expect(c('SELECT * FROM nosuchdb.x')).toEqual([[], 'nosuchdb.x']);
    expect(c('SELECT ')).toEqual([[], '']);
  });
});
