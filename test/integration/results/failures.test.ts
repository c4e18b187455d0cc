/**
 * Failures around query results, each a typed error that leaves nothing behind: after every
 * case the output prefix is listed to show no result object, no metadata file and (LocalStore)
 * no temp file, (RGW) no unfinished multipart upload.
 * - workgroups (created with `aegis workgroup create`): an enforcing workgroup overrides the
 *   client (SSE_S3 asked, CSE_KMS written), a minimum encryption refuses a weaker client before
 *   anything runs, BytesScannedCutoffPerQuery fails the query (BYTES_SCANNED_CUTOFF, history
 *   FAILED), a disabled workgroup refuses, an unknown one is NOT_FOUND;
 * - the result key: no kms:GenerateDataKey for the principal (LocalKms key policy) is
 *   ACCESS_DENIED naming principal, key and action; a disabled key is KMS_DISABLED;
 * - the result bucket: a policy denying unencrypted puts refuses NONE (ACCESS_DENIED naming the
 *   bucket policy) and accepts SSE_S3; a bucket in another region is CROSS_REGION;
 * - a query failing after several MiB of its result were streamed.
 * On RGW + moto: the cutoff, a late failure (multipart upload aborted), a key moto lacks, NONE
 * refused by the bucket policy (RGW denies every multipart upload under it, see below) and a
 * bucket in the other region; moto 5.2 ignores disabled keys, so KMS_DISABLED is LocalKms only.
 */
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AegisRuntime } from '../../../src/api/open-engine.js';
import type { QueryExecutionOptions } from '../../../src/api/query-execution.js';
import { AegisError } from '../../../src/errors.js';
import { readStoredResult } from '../../../src/results/read-result.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';
import { openRgw } from '../tables/tpch-fixture.js';
import { listKeys, MATRIX_CSV, matrixQuery, openLocalBackend, openRgwBackend, servers, splitUri, type ResultBackend } from './results-fixture.js';

/** Runs a statement that must fail; returns its error. */
async function failure(rt: AegisRuntime, sql: string, opts: QueryExecutionOptions): Promise<AegisError> {
  try {
    const x = await rt.execute(sql, opts);
    throw new Error(`expected a failure, got a result at ${x.written.uri}`);
  } catch (e) {
    if (!(e instanceof AegisError)) throw e;
    return e;
  }
}

/** Streams ~10 MiB of rows, then divides by zero (rows are produced in order, unsorted). */
const FAILS_LATE = 'SELECT n, 1 / (n - 1000000) AS boom FROM (SELECT a.x * 10000 + b.y AS n FROM UNNEST(sequence(0, 99)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y))';

const DENY_UNENCRYPTED = (bucket: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyUnencryptedResults',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${bucket}/*`,
      Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
    },
  ],
});

describe('result failures over a LocalStore warehouse with LocalKms', { timeout: 180_000 }, () => {
  let b: ResultBackend;
  let noGenerate: string;
  let disabled: string;
  const tmpFiles = () => readdirSync(join(b.dir, '.store', 'tmp'));
  const cli = (...args: string[]) => aegis([...args, ...b.cliFlags], { env: b.cliEnv });

  beforeAll(async () => {
    buildCli();
    b = await openLocalBackend('results-failures');
    const { rt } = b;
    // The creator stays the key's administrator but may not generate data keys under it.
    noGenerate = (await rt.kms.createKey({ alias: 'alias/no-generate', policy: { grants: [{ principal: 'analyst', actions: ['kms:Encrypt', 'kms:Decrypt'] }] } })).arn;
    disabled = (await rt.kms.createKey({ alias: 'alias/disabled' })).arn;
    await rt.kms.disableKey(disabled);
    await rt.store.createBucket('strict', { policy: DENY_UNENCRYPTED('strict') });
    await rt.store.createBucket('far', { region: 'eu-west-1' });
    const create = (name: string, ...flags: string[]) => {
      const r = cli('workgroup', 'create', name, ...flags);
      expect(r.code, r.stderr).toBe(0);
    };
    create('enforced', '--output-location', 's3://results/enforced/', '--result-encryption', 'CSE_KMS', '--result-kms-key', b.keyD, '--enforce');
    create('enforced-location', '--output-location', 's3://results/enforced-location/', '--enforce');
    create('floor', '--minimum-encryption', 'CSE_KMS', '--result-kms-key', b.keyD, '--output-location', 's3://results/floor/');
    create('capped', '--bytes-scanned-cutoff', '10', '--output-location', 's3://results/capped/');
    create('off', '--state', 'DISABLED', '--output-location', 's3://results/off/');
  }, 300_000);

  afterAll(async () => {
    await b?.rt.close();
    if (b) rmSync(b.dir, { recursive: true, force: true });
  });

  it('aegis workgroup get shows what was created', () => {
    const r = cli('workgroup', 'get', 'enforced', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      Name: 'enforced',
      State: 'ENABLED',
      Configuration: { EnforceWorkGroupConfiguration: true, ResultConfiguration: { OutputLocation: 's3://results/enforced/', EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: b.keyD } } },
    });
    expect(JSON.parse(cli('workgroup', 'get', 'floor', '--json').stdout).Configuration).toMatchObject({ EnableMinimumEncryptionConfiguration: true, ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'CSE_KMS' } } });
  });

  it('an enforcing workgroup overrides the client: SSE_S3 to its own prefix asked, CSE_KMS under D at the workgroup\'s written', async () => {
    const x = await b.rt.execute(matrixQuery('sse_kms'), {
      workgroup: 'enforced',
      resultConfiguration: { OutputLocation: 's3://results/client-asked/', EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
    });
    expect(x.written.uri).toBe(`s3://results/enforced/${x.queryId}.csv`);
    expect(x.resultConfiguration.encryption).toEqual({ option: 'CSE_KMS', kmsKey: b.keyD });
    const head = await b.rt.store.head('results', `enforced/${x.queryId}.csv`);
    expect(head.sse.serverSideEncryption).toBeUndefined();
    expect(head.metadata['x-amz-wrap-alg']).toBe('kms+context');
    const stored = await readStoredResult(b.rt.store, b.rt.kms, x.written.uri);
    expect(Buffer.from(stored.data).toString('utf8')).toBe(MATRIX_CSV);
    expect(await listKeys(b.rt, 'results', 'client-asked/')).toEqual([]);
    expect(b.rt.catalog.getExecution(x.queryId)).toMatchObject({ workgroup: 'enforced', state: 'SUCCEEDED', encryptionOption: 'CSE_KMS', kmsKey: b.keyD });
  });

  it('an enforcing workgroup that sets only a location ignores a client asking for NONE: the result is SSE_S3', async () => {
    const x = await b.rt.execute('SELECT 1 AS one', {
      workgroup: 'enforced-location',
      resultConfiguration: { OutputLocation: 's3://results/client-none/', EncryptionConfiguration: { EncryptionOption: 'NONE' } },
    });
    expect(x.written.uri).toBe(`s3://results/enforced-location/${x.queryId}.csv`);
    expect(x.resultConfiguration.encryption).toEqual({ option: 'SSE_S3' });
    expect((await b.rt.store.head('results', `enforced-location/${x.queryId}.csv`)).sse).toEqual({ serverSideEncryption: 'AES256' });
    expect(await listKeys(b.rt, 'results', 'client-none/')).toEqual([]);
  });

  it('a minimum encryption refuses a weaker client before anything runs or is recorded; CSE_KMS passes', async () => {
    const before = b.rt.catalog.listExecutions({ workgroup: 'floor', limit: 100 }).length;
    for (const option of ['SSE_S3', 'SSE_KMS'] as const) {
      const e = await failure(b.rt, matrixQuery('none'), {
        workgroup: 'floor',
        resultConfiguration: { OutputLocation: 's3://results/floor-client/', EncryptionConfiguration: option === 'SSE_S3' ? { EncryptionOption: option } : { EncryptionOption: option, KmsKey: b.keyB } },
      });
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toContain('Workgroup floor requires result encryption of at least CSE_KMS');
      expect(e.message).toContain(`asked for ${option}`);
    }
    expect(await listKeys(b.rt, 'results', 'floor-client/')).toEqual([]);
    expect(await listKeys(b.rt, 'results', 'floor/')).toEqual([]);
    expect(b.rt.catalog.listExecutions({ workgroup: 'floor', limit: 100 }).length).toBe(before);
    const ok = await b.rt.execute(matrixQuery('none'), { workgroup: 'floor', resultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: b.keyD } } });
    expect(ok.written.uri).toBe(`s3://results/floor/${ok.queryId}.csv`);
  });

  it('BytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF, no result object, the history says FAILED', async () => {
    const e = await failure(b.rt, matrixQuery('sse_s3'), { workgroup: 'capped' });
    expect(e.code).toBe('BYTES_SCANNED_CUTOFF');
    expect(e.message).toMatch(/limit of 10 bytes/);
    const id = e.details.queryId as string;
    expect(await listKeys(b.rt, 'results', 'capped/')).toEqual([]);
    expect(tmpFiles()).toEqual([]);
    expect(b.rt.catalog.getExecution(id)).toMatchObject({ state: 'FAILED', errorCode: 'BYTES_SCANNED_CUTOFF', workgroup: 'capped' });
    expect(b.rt.catalog.getExecution(id)?.outputLocation).toBeUndefined();
    const h = cli('history', '--workgroup', 'capped', '--state', 'FAILED', '--json');
    expect(h.code, h.stderr).toBe(0);
    expect((JSON.parse(h.stdout) as { id: string; errorCode: string }[]).map((r) => [r.id, r.errorCode])).toEqual([[id, 'BYTES_SCANNED_CUTOFF']]);
  });

  it('a disabled workgroup refuses queries; an unknown workgroup is NOT_FOUND', async () => {
    const off = await failure(b.rt, 'SELECT 1', { workgroup: 'off' });
    expect(off.code).toBe('INVALID_ARGUMENT');
    expect(off.message).toContain('WorkGroup off is disabled');
    expect(await listKeys(b.rt, 'results', 'off/')).toEqual([]);
    const unknown = await failure(b.rt, 'SELECT 1', { workgroup: 'nobody', resultConfiguration: { OutputLocation: 's3://results/nobody/' } });
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toContain('WorkGroup nobody is not found');
    expect(await listKeys(b.rt, 'results', 'nobody/')).toEqual([]);
    const q = cli('query', 'SELECT 1', '--workgroup', 'nobody');
    expect(q.code).not.toBe(0);
    expect(q.stderr).toContain('NOT_FOUND');
  });

  for (const option of ['SSE_KMS', 'CSE_KMS'] as const) {
    it(`${option} under a key without kms:GenerateDataKey for the principal: ACCESS_DENIED naming principal, key and action`, async () => {
      const prefix = `no-generate-${option.toLowerCase()}/`;
      const e = await failure(b.rt, matrixQuery('cse_kms'), { resultConfiguration: { OutputLocation: `s3://results/${prefix}`, EncryptionConfiguration: { EncryptionOption: option, KmsKey: noGenerate } } });
      expect(e.code).toBe('ACCESS_DENIED');
      expect(e.message).toContain('analyst');
      expect(e.message).toContain(noGenerate);
      expect(e.message).toContain('kms:GenerateDataKey');
      expect(e.message).toContain(`s3://results/${prefix}${String(e.details.queryId)}.csv`);
      expect(await listKeys(b.rt, 'results', prefix)).toEqual([]);
      expect(b.rt.catalog.getExecution(e.details.queryId as string)).toMatchObject({ state: 'FAILED', errorCode: 'ACCESS_DENIED' });
    });

    it(`${option} under a disabled key: KMS_DISABLED, nothing written`, async () => {
      const prefix = `disabled-${option.toLowerCase()}/`;
      const e = await failure(b.rt, matrixQuery('none'), { resultConfiguration: { OutputLocation: `s3://results/${prefix}`, EncryptionConfiguration: { EncryptionOption: option, KmsKey: 'alias/disabled' } } });
      expect(e.code).toBe('KMS_DISABLED');
      expect(e.message).toContain(disabled);
      expect(e.message).toContain(`s3://results/${prefix}${String(e.details.queryId)}.csv`);
      expect(await listKeys(b.rt, 'results', prefix)).toEqual([]);
    });
  }

  it('a bucket policy denying unencrypted puts refuses NONE (ACCESS_DENIED naming the policy) and accepts SSE_S3', async () => {
    const e = await failure(b.rt, matrixQuery('none'), { resultConfiguration: { OutputLocation: 's3://strict/none/', EncryptionConfiguration: { EncryptionOption: 'NONE' } } });
    expect(e.code).toBe('ACCESS_DENIED');
    expect(e.message).toContain('bucket policy');
    expect(e.message).toContain('DenyUnencryptedResults');
    expect(await listKeys(b.rt, 'strict', '')).toEqual([]);
    const ok = await b.rt.execute(matrixQuery('none'), { resultConfiguration: { OutputLocation: 's3://strict/sse/', EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } } });
    expect(await listKeys(b.rt, 'strict', '')).toEqual([`sse/${ok.queryId}.csv`, `sse/${ok.queryId}.csv.metadata`]);
    expect((await b.rt.store.head('strict', `sse/${ok.queryId}.csv`)).sse.serverSideEncryption).toBe('AES256');
    // The CLI: NONE must be asked for explicitly, and is refused the same way.
    const q = cli('query', 'SELECT 1', '--output-location', 's3://strict/cli/', '--result-encryption', 'NONE');
    expect(q.code).not.toBe(0);
    expect(q.stderr).toContain('ACCESS_DENIED');
    expect(q.stderr).toContain('bucket policy');
    expect(await listKeys(b.rt, 'strict', 'cli/')).toEqual([]);
  });

  it('a result bucket in another region: CROSS_REGION naming the bucket and both regions, nothing written there', async () => {
    const e = await failure(b.rt, 'SELECT 1', { resultConfiguration: { OutputLocation: 's3://far/results/' } });
    expect(e.code).toBe('CROSS_REGION');
    expect(e.message).toContain('Query results cannot be saved to s3://far/results/');
    expect(e.message).toContain("'far'");
    expect(e.message).toContain('eu-west-1');
    expect(e.message).toContain('us-east-1');
    const eu = new LocalStore({ root: b.dir, region: 'eu-west-1', kms: b.rt.kms, principal: 'analyst' });
    expect((await eu.list('far', { prefix: '' })).objects).toEqual([]);
  });

  it('a query failing after ~10 MiB of its result were streamed leaves no object and no temp file', async () => {
    const e = await failure(b.rt, FAILS_LATE, { resultConfiguration: { OutputLocation: 's3://results/late/', EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: b.keyB } } });
    expect(e.code).toBe('DIVISION_BY_ZERO');
    expect(await listKeys(b.rt, 'results', 'late/')).toEqual([]);
    expect(tmpFiles()).toEqual([]);
    expect(b.rt.catalog.getExecution(e.details.queryId as string)).toMatchObject({ state: 'FAILED', errorCode: 'DIVISION_BY_ZERO' });
  });

  it('a query cancelled while its result streams: CANCELLED in the history, no object, no temp file', async () => {
    const ac = new AbortController();
    const tmp = join(b.dir, '.store', 'tmp');
    const watch = setInterval(() => {
      if (readdirSync(tmp).some((f) => (statSync(join(tmp, f), { throwIfNoEntry: false })?.size ?? 0) > 1 << 20)) ac.abort();
    }, 10);
    try {
      const e = await failure(b.rt, FAILS_LATE.replace('1 / (n - 1000000)', 'n'), {
        signal: ac.signal,
        resultConfiguration: { OutputLocation: 's3://results/cancelled/', EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: b.keyD } },
      });
      expect(e.code).toBe('QUERY_CANCELLED');
      expect(b.rt.catalog.getExecution(e.details.queryId as string)).toMatchObject({ state: 'CANCELLED', errorCode: 'QUERY_CANCELLED' });
    } finally {
      clearInterval(watch);
    }
    expect(await listKeys(b.rt, 'results', 'cancelled/')).toEqual([]);
    expect(tmpFiles()).toEqual([]);
  });

  it('reading a CSE_KMS result back needs kms:Decrypt on the result key: another principal is ACCESS_DENIED', async () => {
    const x = await b.rt.execute('SELECT 1 AS one', { resultConfiguration: { OutputLocation: 's3://results/readers/', EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: b.keyD } } });
    const denied = aegis(['result', x.queryId, '--warehouse', b.dir, '--principal', 'mallory', '--region', 'us-east-1']);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('ACCESS_DENIED');
    expect(denied.stderr).toContain("principal 'mallory'");
    expect(denied.stderr).toContain('kms:Decrypt');
    expect(denied.stderr).toContain(b.keyD);
    const ok = cli('result', x.queryId, '--format', 'csv');
    expect([ok.code, ok.stdout]).toEqual([0, '"one"\n"1"\n']);
  });

  it('every failed execution in the history names no result', () => {
    const failed = b.rt.catalog.listExecutions({ state: 'FAILED', limit: 1000 });
    expect(failed.length).toBeGreaterThanOrEqual(8);
    for (const r of failed) expect(r.outputLocation, r.id).toBeUndefined();
  });
});

describe.skipIf(!servers.rgw || !servers.rgwEu || !servers.moto)('result failures over Ceph RGW with moto KMS', { timeout: 180_000 }, () => {
  let b: ResultBackend;
  let eu: AegisRuntime;
  let far: string;
  const s3 = new S3Client({ endpoint: servers.rgw, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'testsecret' } });
  const s3eu = new S3Client({ endpoint: servers.rgwEu, region: 'eu-west-1', forcePathStyle: true, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'testsecret' } });
  /** Multipart uploads started and never completed or aborted. */
  const openUploads = async (client: S3Client, bucket: string) => ((await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).map((u) => u.Key);

  beforeAll(async () => {
    b = await openRgwBackend('results-fail');
    eu = openRgw(join(b.dir, 'wh-eu'), 1, servers.rgwEu!, 'eu-west-1');
    far = `results-fail-far-${process.pid}-${Date.now() % 1_000_000}`;
    await eu.store.createBucket(far);
    b.rt.catalog.createWorkgroup({ name: 'capped', configuration: { BytesScannedCutoffPerQuery: 10, ResultConfiguration: { OutputLocation: `s3://${b.results}/capped/` } } });
  }, 300_000);

  afterAll(async () => {
    await b?.rt.close();
    await eu?.close();
    if (b) rmSync(b.dir, { recursive: true, force: true });
  });

  it('BytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF, no object, the multipart upload aborted', async () => {
    const e = await failure(b.rt, matrixQuery('sse_kms'), { workgroup: 'capped' });
    expect(e.code).toBe('BYTES_SCANNED_CUTOFF');
    expect(await listKeys(b.rt, b.results, 'capped/')).toEqual([]);
    expect(await openUploads(s3, b.results)).toEqual([]);
    expect(b.rt.catalog.getExecution(e.details.queryId as string)).toMatchObject({ state: 'FAILED', errorCode: 'BYTES_SCANNED_CUTOFF' });
  });

  it('a query failing after ~10 MiB were uploaded (a part stored) leaves no object and no multipart upload', async () => {
    for (const enc of [{ EncryptionOption: 'SSE_KMS', KmsKey: 'testkey-2' }, { EncryptionOption: 'CSE_KMS', KmsKey: b.keyD }] as const) {
      const prefix = `late-${enc.EncryptionOption.toLowerCase()}/`;
      const e = await failure(b.rt, FAILS_LATE, { resultConfiguration: { OutputLocation: `s3://${b.results}/${prefix}`, EncryptionConfiguration: enc } });
      expect(e.code).toBe('DIVISION_BY_ZERO');
      expect(await listKeys(b.rt, b.results, prefix)).toEqual([]);
    }
    expect(await openUploads(s3, b.results)).toEqual([]);
  });

  // moto 5.2 generates data keys under disabled keys, so KMS_DISABLED is checked on LocalKms only.
  it('CSE_KMS under a key moto does not have: NOT_FOUND, nothing written', async () => {
    const missing = 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000';
    const e = await failure(b.rt, 'SELECT 1', { resultConfiguration: { OutputLocation: `s3://${b.results}/missing-key/`, EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: missing } } });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain(missing);
    expect(await listKeys(b.rt, b.results, 'missing-key/')).toEqual([]);
    expect(await openUploads(s3, b.results)).toEqual([]);
  });

  it('a result bucket in another region: CROSS_REGION, nothing written there', async () => {
    for (const enc of [{ EncryptionOption: 'SSE_S3' }, { EncryptionOption: 'CSE_KMS', KmsKey: b.keyD }] as const) {
      const e = await failure(b.rt, 'SELECT 1', { resultConfiguration: { OutputLocation: `s3://${far}/results/`, EncryptionConfiguration: enc } });
      expect(e.code).toBe('CROSS_REGION');
      expect(e.message).toContain(`Query results cannot be saved to s3://${far}/results/`);
      expect(e.message).toContain(far);
      expect(e.message).toContain('eu-west-1');
    }
    expect(await listKeys(eu, far, '')).toEqual([]);
    expect(await openUploads(s3eu, far)).toEqual([]);
  });

  // RGW (Pacific) does not evaluate s3:x-amz-server-side-encryption on CreateMultipartUpload, so
  // such a policy refuses every multipart upload, encrypted or not: only the refusal of NONE is
  // checked here; SSE_S3 passing the same policy is checked on LocalStore.
  it('a bucket policy denying unencrypted puts refuses a NONE result: ACCESS_DENIED, nothing written', async () => {
    const strict = `results-fail-strict-${process.pid}-${Date.now() % 1_000_000}`;
    await b.rt.store.createBucket(strict, { policy: DENY_UNENCRYPTED(strict) });
    const e = await failure(b.rt, 'SELECT 1', { resultConfiguration: { OutputLocation: `s3://${strict}/none/`, EncryptionConfiguration: { EncryptionOption: 'NONE' } } });
    expect(e.code).toBe('ACCESS_DENIED');
    expect(e.message).toContain(`s3://${strict}/none/`);
    expect(await listKeys(b.rt, strict, '')).toEqual([]);
    expect(await openUploads(s3, strict)).toEqual([]);
  });

  it('a CSE_KMS result replaced by a copy of another result (same key, same length) is refused on read', async () => {
    const rc = { OutputLocation: `s3://${b.results}/swap/`, EncryptionConfiguration: { EncryptionOption: 'CSE_KMS' as const, KmsKey: b.keyD } };
    const mine = await b.rt.execute("SELECT 'alice' AS who, 100 AS amount", { resultConfiguration: rc });
    const other = await b.rt.execute("SELECT 'bobby' AS who, 999 AS amount", { resultConfiguration: rc });
    const from = splitUri(other.written.uri);
    const got = await b.rt.store.get(from.bucket, from.key);
    await b.rt.store.put(b.results, splitUri(mine.written.uri).key, got.body, { metadata: got.head.metadata, contentType: 'text/csv' });
    await expect(readStoredResult(b.rt.store, b.rt.kms, mine.written.uri)).rejects.toMatchObject({ code: 'DECRYPTION_FAILED' });
    expect(Buffer.from((await readStoredResult(b.rt.store, b.rt.kms, other.written.uri)).data).toString('utf8')).toBe('"who","amount"\n"bobby","999"\n');
  });

  it('the stored result of a successful query is unaffected by the failures around it', async () => {
    const x = await b.rt.execute(matrixQuery('cse_kms'), { resultConfiguration: { OutputLocation: `s3://${b.results}/ok/`, EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: b.keyD } } });
    const { key } = splitUri(x.written.uri);
    expect(await listKeys(b.rt, b.results, 'ok/')).toEqual([key, `${key}.metadata`]);
    expect(Buffer.from((await readStoredResult(b.rt.store, b.rt.kms, x.written.uri)).data).toString('utf8')).toBe(MATRIX_CSV);
  });
});
