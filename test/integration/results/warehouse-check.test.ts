/**
 * `aegis warehouse check`: a sound warehouse is consistent; a flipped byte, a missing file, an
 * orphan file and a dead write's temp file are each reported; --repair removes the orphan and
 * the temp file; and after `kill -9` in the middle of a CTAS and of puts, the check (after the
 * next open's recovery) reports a consistent warehouse that lost nothing committed.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalIndex } from '../../../src/storage/local-index.js';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';

let dir: string;
beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'aegis-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const check = (wh: string, ...extra: string[]) => aegis(['warehouse', 'check', '--json', '--warehouse', wh, ...extra]);
type Report = { objects: number; verified: number; problems: { kind: string; where: string; repaired?: boolean }[] };

describe('aegis warehouse check', () => {
  it('reports tampering, missing files, orphans and temp files; --repair removes orphans and temp files', () => {
    const wh = join(dir, 'wh1');
    const w = ['--warehouse', wh];
    expect(aegis(['bucket', 'create', 's3://chk', ...w]).code).toBe(0);
    const src = join(dir, 'f.csv');
    writeFileSync(src, 'a,b\n1,2\n');
    for (const k of ['ok', 'flip', 'gone']) expect(aegis(['object', 'put', `s3://chk/${k}.csv`, src, '--sse', 'SSE_S3', ...w]).code).toBe(0);
    const sound = check(wh);
    expect(sound.code, sound.stderr).toBe(0);
    expect((JSON.parse(sound.stdout) as Report).verified).toBe(3);

    const index = new LocalIndex(join(wh, '.store', 'index.sqlite'));
    const file = (k: string): string => {
      const r = index.getObject('chk', k)!;
      return join(wh, 'buckets', 'chk', r.objectId.slice(0, 2), r.objectId);
    };
    const flipped = readFileSync(file('flip.csv'));
    flipped[3]! ^= 1;
    writeFileSync(file('flip.csv'), flipped);
    rmSync(file('gone.csv'));
    index.close();
    mkdirSync(join(wh, 'buckets', 'chk', 'ab'), { recursive: true });
    writeFileSync(join(wh, 'buckets', 'chk', 'ab', 'abcdef0123456789abcdef0123456789'), 'stray', { flag: 'w' });
    writeFileSync(join(wh, '.store', 'tmp', '999999-00ff.tmp'), 'half a write');

    const bad = check(wh);
    expect(bad.code).toBe(1);
    const kinds = (JSON.parse(bad.stdout) as Report).problems.map((p) => p.kind).sort();
    expect(kinds).toEqual(['missing-file', 'orphan-file', 'temp-file', 'unreadable']);

    // The dead write's temp file was removed when the check opened the warehouse, and said so.
    expect((JSON.parse(bad.stdout) as Report).problems.find((p) => p.kind === 'temp-file')!.repaired).toBe(true);
    const repaired = check(wh, '--repair');
    const r = JSON.parse(repaired.stdout) as Report;
    expect(r.problems.filter((p) => p.repaired).map((p) => p.kind).sort()).toEqual(['orphan-file']);
    // The altered and the missing object stay reported: records are never deleted by a repair.
    expect(repaired.code).toBe(1);
    expect((JSON.parse(check(wh).stdout) as Report).problems.map((p) => p.kind).sort()).toEqual(['missing-file', 'unreadable']);
  }, 120_000);

  it('after kill -9 during puts and a CTAS, the next open recovers and the check finds a consistent warehouse', async () => {
    const wh = join(dir, 'wh2');
    const w = ['--warehouse', wh];
    expect(aegis(['bucket', 'create', 's3://kill', ...w]).code).toBe(0);
    const big = join(dir, 'big.csv');
    writeFileSync(big, 'x\n'.repeat(4_000_000));
    const committed = aegis(['object', 'put', 's3://kill/committed.csv', big, '--sse', 'SSE_KMS', ...w]);
    expect(committed.code, committed.stderr).toBe(0);
    const bin = join(process.cwd(), 'bin/aegis.js');
    for (const args of [
      ['object', 'put', 's3://kill/victim.csv', big, '--sse', 'SSE_S3', ...w],
      ['query', "CREATE TABLE t WITH (external_location = 's3://kill/t/', partitioned_by = ARRAY['p']) AS SELECT x, x % 4 AS p FROM (SELECT (i - 1) * 1000 + j AS x FROM UNNEST(sequence(1, 2000)) a(i) CROSS JOIN UNNEST(sequence(1, 1000)) b(j))", ...w, '--workers', '1'],
    ]) {
      const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, 1500));
      child.kill('SIGKILL');
      await exited;
    }
    // The next process to open the warehouse recovers (temp files, abandoned writes) …
    expect(aegis(['query', 'SELECT 1', ...w]).code).toBe(0);
    const after = check(wh);
    const report = JSON.parse(after.stdout) as Report;
    expect(report.problems, after.stdout).toEqual([]);
    expect(after.code).toBe(0);
    // … and nothing committed was lost.
    const back = aegis(['object', 'get', 's3://kill/committed.csv', '--output', join(dir, 'back.csv'), ...w]);
    expect(back.code, back.stderr).toBe(0);
    expect(readFileSync(join(dir, 'back.csv')).equals(readFileSync(big))).toBe(true);
  }, 180_000);
});
