/**
 * The engine-wide switches: `--require-encryption` (AEGIS_REQUIRE_ENCRYPTION) refuses any object
 * stored without encryption; without it the same table reads. In-process scans and worker
 * threads agree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../../src/api/open-engine.js';
import { resolveConfig } from '../../../src/config.js';
import { AegisError } from '../../../src/errors.js';

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
