/**
 * The engine-wide switches: `--require-encryption` (AEGIS_REQUIRE_ENCRYPTION) refuses any object
 * stored without encryption; without it the same table reads. In-process scans and worker
 * threads agree.
 *
 * The workgroup option: `aegis workgroup create|update --require-encryption` makes the queries run
 * in that workgroup refuse the same object with ENCRYPTION_REQUIRED naming the workgroup, while
 * the same query in `primary` (even at the same time, on the same engine) reads it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../../src/api/open-engine.js';
import { resolveConfig } from '../../../src/config.js';
import { AegisError } from '../../../src/errors.js';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-reqenc-'));
  const rt = openEngine(resolveConfig({ warehouse: dir, workers: '1' }, { env: {}, cwd: dir }), { inProcess: true });
  try {
    await rt.store.createBucket('req-data', { region: 'us-east-1' });
    await rt.store.put('req-data', 't/plain.csv', Buffer.from('1\n2\n'));
    await rt.store.put('req-data', 't/sse.csv', Buffer.from('3\n'), { sse: { mode: 'SSE_S3' } });
    await rt.execute("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://req-data/t/'");
  } finally {
    await rt.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--require-encryption', () => {
  for (const inProcess of [true, false]) {
    it(`${inProcess ? 'in process' : 'on worker threads'}: refuses the unencrypted object by name; reads without the switch`, async () => {
      const open = (env: NodeJS.ProcessEnv) => openEngine(resolveConfig({ warehouse: dir, workers: '1' }, { env, cwd: dir }), { inProcess });
      const strict = open({ AEGIS_REQUIRE_ENCRYPTION: '1' });
      try {
        let err: unknown;
        try {
          await strict.execute('SELECT sum(a) FROM t');
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(AegisError);
        expect((err as AegisError).code).toBe('ENCRYPTION_REQUIRED');
        expect((err as AegisError).message).toContain('s3://req-data/t/plain.csv');
      } finally {
        await strict.close();
      }
      const lax = open({});
      try {
        expect((await lax.execute('SELECT sum(a) FROM t')).result.rows).toEqual([[6n]]);
      } finally {
        await lax.close();
      }
    });
  }
});

async function failure(p: Promise<unknown>): Promise<AegisError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof AegisError)) throw new Error(`expected a typed error, got ${String(e)}`);
  return e;
}

describe('the workgroup option --require-encryption', () => {
  const w = () => ['--warehouse', dir, '--region', 'us-east-1'];

  it('aegis workgroup create --require-encryption: get shows it; queries in it refuse the plaintext object; primary reads', () => {
    buildCli();
    const created = aegis(['workgroup', 'create', 'secure', '--require-encryption', ...w()]);
    expect(created.code, created.stderr).toBe(0);
    const got = aegis(['workgroup', 'get', 'secure', ...w()]);
    expect(got.code, got.stderr).toBe(0);
    expect((JSON.parse(got.stdout) as { Configuration: Record<string, unknown> }).Configuration.RequireEncryption).toBe(true);
    expect(aegis(['workgroup', 'list', ...w()]).stdout).toMatch(/secure\s.*\syes\n/);

    const refused = aegis(['query', 'SELECT sum(a) FROM t', '--workgroup', 'secure', '--format', 'csv', ...w()]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^ERROR ENCRYPTION_REQUIRED: s3:\/\/req-data\/t\/plain\.csv is not encrypted, but workgroup secure requires encryption/m);

    // Preflight gives the same verdicts as the query in each workgroup.
    type Entry = { uri: string; verdict: string; code?: string };
    const plainOf = (args: string[]) => (JSON.parse(aegis(['preflight', 't', '--json', ...args, ...w()]).stdout) as Entry[]).find((e) => e.uri === 's3://req-data/t/plain.csv');
    expect(plainOf(['--workgroup', 'secure'])).toMatchObject({ verdict: 'refused', code: 'ENCRYPTION_REQUIRED' });
    expect(plainOf([])!.verdict).not.toBe('refused');

    const primary = aegis(['query', 'SELECT sum(a) FROM t', '--format', 'csv', ...w()]);
    expect(primary.code, primary.stderr).toBe(0);
    expect(primary.stdout).toBe('"_col0"\n"6"\n');

    const off = aegis(['workgroup', 'update', 'secure', '--require-encryption=false', ...w()]);
    expect(off.code, off.stderr).toBe(0);
    expect((JSON.parse(aegis(['workgroup', 'get', 'secure', ...w()]).stdout) as { Configuration: Record<string, unknown> }).Configuration.RequireEncryption).toBeUndefined();
    const lax = aegis(['query', 'SELECT sum(a) FROM t', '--workgroup', 'secure', '--format', 'csv', ...w()]);
    expect(lax.code, lax.stderr).toBe(0);
    expect(lax.stdout).toBe('"_col0"\n"6"\n');
    expect(aegis(['workgroup', 'update', 'secure', '--require-encryption', ...w()]).code).toBe(0);
  }, 180_000);

  for (const inProcess of [true, false]) {
    it(`${inProcess ? 'in process' : 'on worker threads'}: one engine runs the strict and the lax workgroup at the same time`, async () => {
      const rt = openEngine(resolveConfig({ warehouse: dir, workers: '1' }, { env: {}, cwd: dir }), { inProcess });
      try {
        if (!rt.catalog.getWorkgroup('strict')) rt.catalog.createWorkgroup({ name: 'strict', configuration: { RequireEncryption: true } });
        const [strict, lax] = await Promise.allSettled([rt.execute('SELECT sum(a) FROM t', { workgroup: 'strict' }), rt.execute('SELECT sum(a) FROM t', { workgroup: 'primary' })]);
        expect(lax.status === 'fulfilled' && lax.value.result.rows).toEqual([[6n]]);
        const e = await failure(strict.status === 'rejected' ? Promise.reject(strict.reason) : Promise.resolve());
        expect(e.code).toBe('ENCRYPTION_REQUIRED');
        expect(e.message).toContain('s3://req-data/t/plain.csv');
        expect(e.message).toContain('workgroup strict requires encryption');
      } finally {
        await rt.close();
      }
    });
  }
});
