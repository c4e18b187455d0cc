/**
 * Warehouse trouble gets its own codes (built binary): a file given as the warehouse, a path the
 * user may not write, read-only commands on a mistyped path (nothing is created), and a table
 * NOT_FOUND that names the warehouse it was looked for in.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aegis, buildCli } from './run-cli.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;
const run = (args: string[]) => aegis([...args, '--workers', '1'], { cwd: dir });

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'aegis-wh-errors-'));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('warehouse errors (built binary)', { timeout: 120_000 }, () => {
  it('read-only commands on a missing warehouse: WAREHOUSE_NOT_FOUND naming the path and how to make one; nothing created', () => {
    const wh = join(dir, 'typo-wh');
    for (const args of [
      ['history'],
      ['preflight', 'default.t'],
      ['result', '00000000-0000-0000-0000-000000000000'],
      ['workgroup', 'list'],
      ['bucket', 'ls'],
      ['object', 'ls', 's3://b/'],
      ['object', 'head', 's3://b/k'],
      ['kms', 'list-keys'],
    ]) {
      const r = run([...args, '--warehouse', wh]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `ERROR WAREHOUSE_NOT_FOUND: No warehouse exists at ${wh} (nothing was created). Run a command that writes (e.g. \`aegis demo\`, or \`aegis query "CREATE DATABASE d"\`) to create one there, or point --warehouse / AEGIS_WAREHOUSE at an existing one.\n`,
      );
    }
    expect(existsSync(wh)).toBe(false);
  });

  it('a file as the warehouse (or under its path) is WAREHOUSE_UNUSABLE, not INTERNAL_ERROR', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = run(['query', 'SELECT 1', '--warehouse', file]);
    expect([r.code, r.stderr]).toEqual([1, `ERROR WAREHOUSE_UNUSABLE: The warehouse ${file} is a file, not a directory.\n`]);
    const under = run(['query', 'SELECT 1', '--warehouse', join(file, 'wh')]);
    expect([under.code, under.stderr]).toEqual([1, `ERROR WAREHOUSE_UNUSABLE: The warehouse ${join(file, 'wh')} cannot be created: ${file} is a file.\n`]);
    expect(run(['history', '--warehouse', file]).stderr).toBe(`ERROR WAREHOUSE_UNUSABLE: The warehouse ${file} is a file, not a directory.\n`);
  });

  it('a table that does not exist names the warehouse that was searched', () => {
    const wh = join(dir, 'wh');
    const r = run(['query', 'SELECT * FROM nope', '--warehouse', wh]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ERROR NOT_FOUND: line 1:15: Table 'default.nope' does not exist (warehouse ${wh})\n`);
    // A column is not a warehouse matter.
    expect(run(['query', 'SELECT nope FROM (VALUES 1) t(x)', '--warehouse', wh]).stderr).toBe("ERROR NOT_FOUND: line 1:8: Column 'nope' cannot be resolved\n");
  });

  // Permission bits do not bind root: run the binary as an unprivileged user when the test is root.
  it.skipIf(process.getuid?.() !== 0)('a warehouse the user may not write is WAREHOUSE_UNUSABLE', () => {
    const wh = join(dir, 'ro-wh');
    mkdirSync(wh);
    chmodSync(dir, 0o755);
    chmodSync(wh, 0o755);
    const r = spawnSync(process.execPath, [join(root, 'bin', 'aegis.js'), 'query', 'SELECT 1', '--warehouse', wh, '--workers', '1'], {
      cwd: '/',
      env: { PATH: process.env.PATH ?? '', HOME: '/tmp' },
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe(`ERROR WAREHOUSE_UNUSABLE: The warehouse ${wh} is not writable: EACCES; fix its permissions or choose another --warehouse.\n`);
    expect(r.status).toBe(1);
  });
});
