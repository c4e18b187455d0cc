/**
 * CSE_KMS query results are ordinary S3 Encryption Client V2 objects: the official client (Ruby
 * Aws::S3::EncryptionV2::Client, Debian's ruby-aws-sdk-s3, driven by test/fixtures/crypto/s3ec.rb)
 * decrypts a result aegis wrote to Ceph RGW (KMS = moto) and gets the same bytes aegis prints —
 * for a small result and for one large enough to be a multipart upload of several parts.
 *
 * aegis binds every object it encrypts to its location: the KMS encryption context holds
 * `aegis:object` = `s3://bucket/key` (besides the reserved `aws:x-amz-cek-alg`). The V2 client
 * compares the context a reader passes with the envelope's, so a reader passes
 * `{"aegis:object": "<the result's URI>"}` as `kms_encryption_context`; without it the official
 * client refuses the object (checked below, so the binding is known to be enforced).
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderResult } from '../../../src/cli/result-format.js';
import { readStoredResult } from '../../../src/results/read-result.js';
import { UPLOAD_PART_BYTES } from '../../../src/storage/s3-store.js';
import { MATRIX_CSV, matrixQuery, openRgwBackend, servers, splitUri, type ResultBackend } from './results-fixture.js';

const run = promisify(execFile);
const SCRIPT = new URL('../../fixtures/crypto/s3ec.rb', import.meta.url).pathname;

async function hasRuby(): Promise<boolean> {
  try {
    await run('ruby', ['-e', 'require "aws-sdk-s3"; exit(defined?(Aws::S3::EncryptionV2::Client) ? 0 : 1)']);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!servers.rgw || !servers.moto)('official S3 Encryption Client (Ruby) reads CSE_KMS results aegis wrote to Ceph RGW', { timeout: 180_000 }, () => {
  let ready = false;
  let b: ResultBackend;

  beforeAll(async () => {
    if (!(await hasRuby())) return;
    b = await openRgwBackend('results-s3ec');
    ready = true;
  }, 300_000);
  afterAll(async () => {
    await b?.rt.close();
    if (b) rmSync(b.dir, { recursive: true, force: true });
  });

  /** `s3ec.rb get` of one object into a file; resolves to its bytes. */
  async function rubyGet(uri: string, context?: Record<string, string>): Promise<Buffer> {
    const { bucket, key } = splitUri(uri);
    const out = join(b.dir, `ruby-${key.replace(/\W/g, '_')}`);
    await run('ruby', [SCRIPT, 'get', bucket, key, out, b.keyD, 'metadata', ...(context ? [JSON.stringify(context)] : [])], {
      timeout: 120_000,
      maxBuffer: 16 << 20,
      env: {
        ...process.env,
        S3EC_S3_ENDPOINT: servers.rgw!,
        S3EC_S3_ACCESS_KEY: 'AKIATEST',
        S3EC_S3_SECRET_KEY: 'testsecret',
        S3EC_KMS_ENDPOINT: servers.moto!,
        S3EC_KMS_ACCESS_KEY: 'testing',
        S3EC_KMS_SECRET_KEY: 'testing',
        S3EC_REGION: 'us-east-1',
      },
    });
    return readFileSync(out);
  }

  it('decrypts a result over a CSE-KMS source: the same bytes aegis prints and reads back', async (t) => {
    if (!ready) return t.skip();
    const x = await b.rt.execute(matrixQuery('cse_kms'), {
      resultConfiguration: { OutputLocation: `s3://${b.results}/ruby/`, EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: b.keyD } },
    });
    const printed = renderResult(x.result, 'csv');
    expect(printed).toBe(MATRIX_CSV);
    const official = await rubyGet(x.written.uri, { 'aegis:object': x.written.uri });
    expect(official.toString('utf8')).toBe(printed);
    const own = await readStoredResult(b.rt.store, b.rt.kms, x.written.uri);
    expect(official.equals(Buffer.from(own.data))).toBe(true);

    // The metadata file is bound to its own location.
    const meta = JSON.parse((await rubyGet(x.written.metadataUri, { 'aegis:object': x.written.metadataUri })).toString('utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ format: 'aegis-result-metadata', queryId: x.queryId, dataBytes: Buffer.byteLength(printed), encryption: { option: 'CSE_KMS', kmsKey: b.keyD } });
  });

  it('decrypts a multi-part result (streamed GCM across several upload parts) to the same bytes', async (t) => {
    if (!ready) return t.skip();
    const sql = "SELECT a.x * 10000 + b.y AS n, 'row ' || CAST(b.y AS varchar) AS label FROM UNNEST(sequence(0, 49)) a(x) CROSS JOIN UNNEST(sequence(1, 10000)) b(y) ORDER BY n";
    const x = await b.rt.execute(sql, {
      resultConfiguration: { OutputLocation: `s3://${b.results}/ruby-big/`, EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: b.keyD } },
    });
    const printed = Buffer.from(renderResult(x.result, 'csv'), 'utf8');
    expect(printed.length).toBeGreaterThan(UPLOAD_PART_BYTES);
    expect(x.written.bytes).toBe(printed.length);
    const { bucket, key } = splitUri(x.written.uri);
    expect((await b.rt.store.head(bucket, key)).size).toBe(printed.length + 16);
    const official = await rubyGet(x.written.uri, { 'aegis:object': x.written.uri });
    expect(official.length).toBe(printed.length);
    expect(official.equals(printed)).toBe(true);
  });

  it('refuses the result when the reader does not pass the aegis:object context (the binding is enforced)', async (t) => {
    if (!ready) return t.skip();
    const x = await b.rt.execute('SELECT 1 AS one', {
      resultConfiguration: { OutputLocation: `s3://${b.results}/ruby-ctx/`, EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: b.keyD } },
    });
    await expect(rubyGet(x.written.uri)).rejects.toThrow(/encryption context|EncryptionContext|DecryptionError/i);
    await expect(rubyGet(x.written.uri, { 'aegis:object': `s3://${b.results}/ruby-ctx/elsewhere.csv` })).rejects.toThrow(/encryption context|EncryptionContext|DecryptionError|InvalidCiphertext/i);
    expect((await rubyGet(x.written.uri, { 'aegis:object': x.written.uri })).toString('utf8')).toBe('"one"\n"1"\n');
  });
});
