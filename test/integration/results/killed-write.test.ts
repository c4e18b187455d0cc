/**
 * `kill -9` of the built `aegis query` while it streams a large result into a LocalStore
 * warehouse (3,000,000 rows, ~29 MB of CSV): the process dies with its temp file under
 * `<warehouse>/.store/tmp/` half written. Afterwards:
 * - nothing is at the result key (nor its metadata file);
 * - the next open of the warehouse removes the temp file;
 * - the history shows that execution FAILED (its process is gone), with no result.
 * Once with the embedded default (SSE_S3 into s3://aegis-results-us-east-1/, bucket created on
 * first use) and once with a CSE_KMS result under a LocalKms key.
 *
 * Over Ceph RGW + moto the same kill leaves an unfinished multipart upload with stored parts;
 * the next open of the warehouse aborts it (no orphan parts), and nothing is at the result key.
 */
import { ListMultipartUploadsCommand, ListPartsCommand, S3Client } from '@aws-sdk/client-s3';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocal, openRgw } from '../tables/tpch-fixture.js';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';
import { listKeys, openRgwBackend, servers, spawnAegis, type ResultBackend } from './results-fixture.js';

/** 300 × 10,000 rows, produced in order and streamed into the result as they come. */
const LARGE = 'SELECT a.x * 10000 + b.y AS x FROM UNNEST(sequence(0, 299)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y)';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kill -9 during a large result write (LocalStore warehouse)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-results-kill-'));
  const flags = ['--warehouse', dir, '--principal', 'analyst', '--region', 'us-east-1', '--workers', '1'];
  const tmp = join(dir, '.store', 'tmp');

  beforeAll(async () => {
    buildCli();
    const rt = openLocal(dir, 1, { inProcess: true });
    await rt.kms.createKey({ alias: 'alias/kill-results' });
    await rt.store.createBucket('results');
    await rt.close();
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases = [
    { name: 'SSE_S3 at the embedded default location', args: [] as string[], bucket: 'aegis-results-us-east-1', prefix: '' },
    { name: 'CSE_KMS', args: ['--output-location', 's3://results/killed/', '--result-encryption', 'CSE_KMS', '--result-kms-key', 'alias/kill-results'], bucket: 'results', prefix: 'killed/' },
  ];

  for (const c of cases) {
    it(`${c.name}: no object at the result key, the temp file removed on the next open, the execution FAILED`, async () => {
      const running = spawnAegis(['query', LARGE, '--format', 'csv', ...c.args, ...flags]);
      // Kill once more than 1 MiB of the result (more than one flush) is in the temp file.
      let temp: string | undefined;
      const deadline = Date.now() + 90_000;
      while (!temp) {
        if (Date.now() > deadline) throw new Error('no temp file grew past 1 MiB within 90 s');
        const exited = running.child.exitCode !== null;
        const big = existsSync(tmp) ? readdirSync(tmp).find((f) => (statSync(join(tmp, f), { throwIfNoEntry: false })?.size ?? 0) > 1 << 20) : undefined;
        if (big) temp = big;
        else if (exited) throw new Error(`aegis query finished before it could be killed: ${(await running.done).stderr}`);
        else await sleep(20);
      }
      expect(temp).toMatch(new RegExp(`^${running.child.pid}-[0-9a-f]+\\.tmp$`));
      running.child.kill('SIGKILL');
      const end = await running.done;
      expect(end.signal).toBe('SIGKILL');
      expect(end.stderr).not.toMatch(/^query /m);
      // The killed process could not clean up: its temp file is still there.
      expect(readdirSync(tmp)).toContain(temp);

      const rt = openLocal(dir, 1, { inProcess: true });
      try {
        expect(readdirSync(tmp)).toEqual([]);
        const rec = rt.catalog.listExecutions({ limit: 1 })[0]!;
        expect(rec.query).toBe(LARGE);
        expect(rec).toMatchObject({ state: 'FAILED', pid: running.child.pid });
        expect(rec.outputLocation).toBeUndefined();
        expect(rec.errorMessage).toContain(`pid ${running.child.pid}`);
        const keys = await listKeys(rt, c.bucket, c.prefix);
        expect(keys.filter((k) => k.includes(rec.id))).toEqual([]);
        await expect(rt.store.head(c.bucket, `${c.prefix}${rec.id}.csv`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        const h = aegis(['history', '--json', '--state', 'FAILED', ...flags]);
        expect(h.code, h.stderr).toBe(0);
        expect((JSON.parse(h.stdout) as { id: string }[]).map((r) => r.id)).toContain(rec.id);
        const r = aegis(['result', rec.id, ...flags]);
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain('has no result: it ended FAILED');
      } finally {
        await rt.close();
      }
    }, 180_000);
  }
});

describe.skipIf(!servers.rgw || !servers.moto)('kill -9 during a large result write (Ceph RGW + moto KMS)', () => {
  let b: ResultBackend;
  const s3 = new S3Client({ endpoint: servers.rgw, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'testsecret' } });
  const uploads = async () => (await s3.send(new ListMultipartUploadsCommand({ Bucket: b.results }))).Uploads ?? [];

  beforeAll(async () => {
    buildCli();
    b = await openRgwBackend('results-kill');
    await b.rt.close();
  }, 300_000);
  afterAll(() => {
    if (b) rmSync(b.dir, { recursive: true, force: true });
  });

  it('CSE_KMS: the unfinished multipart upload is aborted on the next open, nothing at the result key, the execution FAILED', async () => {
    const running = spawnAegis(['query', LARGE, '--format', 'csv', '--output-location', `s3://${b.results}/killed/`, '--result-encryption', 'CSE_KMS', '--result-kms-key', b.keyD], b.cliEnv);
    // Kill once the upload has a stored part (8 MiB of the ~29 MB result).
    let upload: { Key: string; UploadId: string } | undefined;
    const deadline = Date.now() + 120_000;
    while (!upload) {
      if (Date.now() > deadline) throw new Error('no multipart upload with a stored part within 120 s');
      if (running.child.exitCode !== null) throw new Error(`aegis query finished before it could be killed: ${(await running.done).stderr}`);
      for (const u of await uploads()) {
        const parts = (await s3.send(new ListPartsCommand({ Bucket: b.results, Key: u.Key!, UploadId: u.UploadId! }))).Parts ?? [];
        if (parts.length > 0) upload = { Key: u.Key!, UploadId: u.UploadId! };
      }
      if (!upload) await sleep(100);
    }
    running.child.kill('SIGKILL');
    expect((await running.done).signal).toBe('SIGKILL');
    expect(upload.Key).toMatch(/^killed\/[0-9a-f-]{36}\.csv$/);
    // The killed process could not abort it.
    expect((await uploads()).map((u) => u.UploadId)).toContain(upload.UploadId);

    const rt = openRgw(join(b.dir, 'wh'), 1);
    const id = upload.Key.slice('killed/'.length, -'.csv'.length);
    try {
      expect(rt.catalog.getExecution(id)).toMatchObject({ state: 'FAILED', pid: running.child.pid });
      await rt.execute('SELECT 1', { resultConfiguration: { OutputLocation: `s3://${b.results}/after/` } });
    } finally {
      await rt.close();
    }
    expect(await uploads()).toEqual([]);
    const rt2 = openRgw(join(b.dir, 'wh'), 1);
    try {
      expect((await listKeys(rt2, b.results, 'killed/')).filter((k) => k.includes(id))).toEqual([]);
    } finally {
      await rt2.close();
    }
  }, 240_000);
});
