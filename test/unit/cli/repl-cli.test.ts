import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../../src/api/open-engine.js';
import { resolveConfig } from '../../../src/config.js';
import { aegis, buildCli, type CliResult } from './run-cli.js';

// `aegis` with no command over one warehouse: a CSV object under SSE-KMS behind default.people,
// and a second database holding its own table over the same object.
let dir: string;
let wh: string;
const run = (input: string, args: string[] = []): CliResult => aegis([...args, '--warehouse', wh, '--workers', '1'], { cwd: dir, input });

beforeAll(async () => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'aegis-repl-'));
  wh = join(dir, 'wh');
  const rt = openEngine(resolveConfig({ warehouse: wh, workers: '1' }, { cwd: dir, env: {} }), { inProcess: true });
  try {
    await rt.store.createBucket('data');
    await rt.store.put('data', 'people/p.csv', new TextEncoder().encode('1,ann\n2,bob\n3,cy;d\n'), { sse: { mode: 'SSE_KMS' } });
    await rt.engine.execute("CREATE EXTERNAL TABLE people (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://data/people/'");
    await rt.engine.execute('CREATE DATABASE sales');
    await rt.engine.execute("CREATE EXTERNAL TABLE sales.clients (cid int, cname string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://data/people/'");
  } finally {
    await rt.close();
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aegis REPL over piped stdin (built binary)', { timeout: 120_000 }, () => {
  it('runs multi-line statements, several per line, a ; inside a string, \\format csv and \\d; no prompts', () => {
    const r = run(
      [
        'SELECT id, name',
        '  FROM people',
        ' WHERE id >= 2  -- a comment; not an end',
        ' ORDER BY id;',
        "SELECT 'a;b' AS s; SELECT count(*) AS n",
        'FROM people;',
        '\\format csv',
        "SELECT id, name FROM people WHERE name = 'cy;d';",
        '\\d',
        '\\format json',
        "SELECT name FROM people WHERE id < 3 ORDER BY id",
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        ' id | name',
        '----+------',
        '  2 | bob',
        '  3 | cy;d',
        '(2 rows)',
        ' s',
        '-----',
        ' a;b',
        '(1 row)',
        ' n',
        '---',
        ' 3',
        '(1 row)',
        '"id","name"',
        '"3","cy;d"',
        '"tab_name"',
        '"people"',
        '{"name":"ann"}',
        '{"name":"bob"}',
        '',
      ].join('\n'),
    );
  });

  it('stops at the first failing statement: exit 1, its ERROR line (position in the script) on stderr, no later output', () => {
    const r = run('SELECT 1 AS a;\n\nSELECT 2 AS b; SELECT id,\n  nope FROM people;\nSELECT 3 AS c;\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(' a\n---\n 1\n(1 row)\n b\n---\n 2\n(1 row)\n');
    expect(r.stderr).toBe("ERROR NOT_FOUND: line 4:3: Column 'nope' cannot be resolved\n");
    const meta = run('\\format xml\nSELECT 1;\n');
    expect(meta.code).toBe(1);
    expect(meta.stdout).toBe('');
    expect(meta.stderr).toBe("ERROR INVALID_ARGUMENT: \\format takes table, csv or json (got 'xml')\n");
    const open = run("SELECT 'never closed;\n");
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/^ERROR SYNTAX_ERROR: line 1:8: unterminated string literal\n$/);
  });

  it('USE switches the database; --database and --format set the start', () => {
    const r = run('SELECT count(*) AS n FROM people;\nUSE sales;\nSELECT cname FROM clients WHERE cid = 1;\nSELECT count(*) FROM people;\n', ['--format', 'csv']);
    expect(r.stdout).toBe('"n"\n"3"\n"cname"\n"ann"\n');
    expect(r.stderr).toMatch(/^ERROR NOT_FOUND: .*people/);
    expect(r.code).toBe(1);
    const d = run('SELECT cid FROM clients ORDER BY cid DESC LIMIT 1;', ['--database', 'sales', '--format', 'csv']);
    expect(d.stdout).toBe('"cid"\n"3"\n');
    expect(d.code).toBe(0);
  });

  it('\\timing reports time, bytes scanned, objects and KMS calls on stderr; \\preflight lists the objects', () => {
    const r = run('\\timing\n\\format csv\nSELECT count(*) AS n FROM people;\n\\timing off\n\\preflight people\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Time: \d+\.\d ms, scanned 19 B in 1 object, \d+ KMS calls?, query [0-9a-f-]{36}\n$/);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['"n"', '"3"', '"object","mode","key","region","verdict"']);
    expect(lines[3]).toMatch(/^"s3:\/\/data\/people\/p\.csv","SSE_KMS","[^"]+","us-east-1","readable"$/);
    expect(lines.slice(4)).toEqual(['']);
  });

  it('--interactive: prompts follow the database and continuation, errors do not end the session, history is 0600 in the warehouse', () => {
    const r = run(['SELECT', '  1 AS one;', 'SELECT bad;', 'USE sales;', '\\l', 'quit', 'SELECT 99;'].join('\n') + '\n', ['repl', '--interactive', '--format', 'csv']);
    expect(r.code).toBe(0);
    // Interactively an error also shows its statement line with a caret under the position.
    expect(r.stderr).toBe(["ERROR NOT_FOUND: line 1:8: Column 'bad' cannot be resolved", 'LINE 1: SELECT bad', `${' '.repeat(15)}^`, ''].join('\n'));
    expect(r.stdout).toBe(
      [
        `aegis 0.1.0, warehouse ${wh} — Athena-compatible SQL over (encrypted) S3 objects. Type \\h for help, \\q to quit.`,
        `aegis:default> ${' '.repeat(12)}-> "one"`,
        '"1"',
        'aegis:default> aegis:default> OK',
        'aegis:sales> "database_name"',
        '"default"',
        '"sales"',
        'aegis:sales> ',
      ].join('\n'),
    );
    const history = join(wh, '.aegis_history');
    expect(statSync(history).mode & 0o777).toBe(0o600);
    // A statement typed over two lines is one entry (a JSON string), recalled whole.
    expect(readFileSync(history, 'utf8')).toBe(['"SELECT\\n  1 AS one;"', 'SELECT bad;', 'USE sales;', '\\l', 'quit', ''].join('\n'));
    expect(readFileSync(join(dir, 'wh', '.aegis_history'), 'utf8')).not.toContain('SELECT 99');
  });

  it('aegis with no command is the REPL; extra words are refused', () => {
    const r = aegis(['--warehouse', wh, '--workers', '1'], { cwd: dir, input: 'SELECT 1 AS x;' });
    expect([r.code, r.stdout]).toEqual([0, ' x\n---\n 1\n(1 row)\n']);
    // A boolean of the REPL before the global flags is not taken for a command name.
    const i = aegis(['--interactive', '--warehouse', wh, '--workers', '1', '--format', 'csv'], { cwd: dir, input: 'SELECT 1 AS x;' });
    expect([i.code, i.stdout.split('\n').slice(1)]).toEqual([0, ['aegis:default> "x"', '"1"', 'aegis:default> ']]);
    const bad = run('', ['repl', 'SELECT 1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`ERROR INVALID_ARGUMENT: aegis repl takes no arguments (got 'SELECT 1'); to run one statement: aegis query "SQL"\n`);
  });
});
