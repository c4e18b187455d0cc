/** The built `aegis` binary: --version, help <command>, query -f / - (stdin), leading comments, typed JSON. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aegis, buildCli } from './run-cli.js';

let dir: string;
let wh: string;
const q = (args: string[], input?: string) => aegis([...args, '--warehouse', wh, '--workers', '1'], { cwd: dir, ...(input !== undefined ? { input } : {}) });

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'aegis-shell-cli-'));
  wh = join(dir, 'wh');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aegis CLI surface (built binary)', { timeout: 120_000 }, () => {
  it('--version and help <command>', () => {
    expect(aegis(['--version'])).toMatchObject({ code: 0, stdout: 'aegis 0.1.0\n' });
    const help = aegis(['help', 'query']);
    expect(help.code).toBe(0);
    expect(help.stdout.split('\n')[0]).toBe('aegis query "SQL" | -f FILE | - [--database D] [--format table|csv|json] [--stats]');
    expect(help.stdout).toBe(aegis(['query', '--help']).stdout);
    const bad = aegis(['help', 'nope']);
    expect([bad.code, bad.stderr.split(':')[0]]).toEqual([1, 'ERROR INVALID_ARGUMENT']);
    expect(aegis(['help']).stdout).toContain('aegis help <command>');
  });

  it('SQL starting with a -- comment is SQL, not a flag', () => {
    const r = q(['query', '-- how many\nSELECT 41 + 1 AS answer', '--format', 'csv']);
    expect(r.stderr).toMatch(/^query [0-9a-f-]{36} → /);
    expect([r.code, r.stdout]).toEqual([0, '"answer"\n"42"\n']);
  });

  it('query -f FILE runs the statements of a file in order; query - reads stdin; errors point into the file', () => {
    const file = join(dir, 'two.sql');
    writeFileSync(file, "-- a script\nSELECT 1 AS a;\n\nSELECT 'x;y' AS b;\n");
    const r = q(['query', '-f', file, '--format', 'csv']);
    expect([r.code, r.stdout]).toEqual([0, '"a"\n"1"\n"b"\n"x;y"\n']);
    expect(q(['query', '--file', file, '--format', 'csv']).stdout).toBe(r.stdout);
    const s = q(['query', '-', '--format', 'csv'], 'SELECT 7 AS seven\n');
    expect([s.code, s.stdout]).toEqual([0, '"seven"\n"7"\n']);
    writeFileSync(file, 'SELECT 1 AS ok;\nSELECT\n  nope;\nSELECT 3;\n');
    const bad = q(['query', '-f', file, '--format', 'csv']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('"ok"\n"1"\n');
    expect(bad.stderr.split('\n').at(-2)).toBe("ERROR NOT_FOUND: line 3:3: Column 'nope' cannot be resolved");
    const missing = q(['query', '-f', join(dir, 'absent.sql')]);
    expect([missing.code, missing.stderr.split(':')[0]]).toEqual([1, 'ERROR NOT_FOUND']);
  });

  it('--format json writes typed values, one object per row', () => {
    const r = q(['query', "SELECT 1 AS i, BIGINT '9007199254740993' AS big, DECIMAL '1.50' AS d, 0.25E0 AS f, NULL AS n, true AS t, ARRAY[1, 2] AS a, DATE '2024-01-31' AS day", '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"i":1,"big":"9007199254740993","d":"1.50","f":0.25,"n":null,"t":true,"a":[1,2],"day":"2024-01-31"}\n');
  });
});
