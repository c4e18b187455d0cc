/**
 * The ObjectStore contract against S3Store talking to a real Ceph RADOS Gateway (started by
 * test/setup/global-setup.ts): us-east-1 on AEGIS_TEST_RGW, eu-west-1 on AEGIS_TEST_RGW_EU.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../../../src/storage/s3-store.js';
import { objectStoreContract, rejection } from '../../unit/storage/object-store-contract.js';

const endpoint = process.env.AEGIS_TEST_RGW;
const endpointEu = process.env.AEGIS_TEST_RGW_EU;
const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'testsecret' };
const skip = endpoint && endpointEu ? undefined : 'AEGIS_TEST_RGW / AEGIS_TEST_RGW_EU unset (no Ceph RGW: radosgw not installed, or AEGIS_TEST_SERVERS=0)';
if (skip) console.warn(`[s3-store-rgw] skipped: ${skip}`);

const run = randomBytes(3).toString('hex');

objectStoreContract(
  'S3Store on Ceph RGW',
  async () => {
    const store = new S3Store({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    const eu = new S3Store({ endpoint: endpointEu, region: 'eu-west-1', forcePathStyle: true, credentials });
    let n = 0;
    return {
      store,
      newBucket: async () => {
        const b = `aegis-${run}-${n++}`;
        await store.createBucket(b);
        return b;
      },
      kms: { keyId: 'testkey-1', reportedKeyId: 'testkey-1' },
      foreignBucket: async () => {
        const b = `aegis-${run}-eu`;
        await eu.createBucket(b);
        await eu.put(b, 'data.csv', Buffer.from('id\n1\n'));
        return { bucket: b, region: 'eu-west-1' };
      },
      // Ceph Pacific accepts x-amz-server-side-encryption: AES256 and ignores it.
      reportsSseS3: false,
      cleanup: async () => {
        await store.close();
        await eu.close();
      },
    };
  },
  skip,
);

describe.skipIf(skip !== undefined)('S3Store specifics on Ceph RGW', () => {
  let store: S3Store;
  const bucket = `aegis-${run}-spec`;
  beforeAll(async () => {
    store = new S3Store({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await store.createBucket(bucket);
  });
  afterAll(async () => {
    await store.close();
  });

  it('takes its endpoint and path style from AWS_ENDPOINT_URL_S3 / AEGIS_S3_PATH_STYLE', async () => {
    const saved = { e: process.env.AWS_ENDPOINT_URL_S3, p: process.env.AEGIS_S3_PATH_STYLE };
    process.env.AWS_ENDPOINT_URL_S3 = endpoint;
    process.env.AEGIS_S3_PATH_STYLE = '1';
    const fromEnv = new S3Store({ region: 'us-east-1', credentials });
    try {
      await fromEnv.put(bucket, 'env.txt', Buffer.from('via env'));
      expect(Buffer.from((await store.get(bucket, 'env.txt')).body).toString()).toBe('via env');
    } finally {
      await fromEnv.close();
      for (const [k, v] of [['AWS_ENDPOINT_URL_S3', saved.e], ['AEGIS_S3_PATH_STYLE', saved.p]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('SSE-KMS with an explicit encryption context reads back', async () => {
    await store.put(bucket, 'ctx.bin', Buffer.from('ctx'), { sse: { mode: 'SSE_KMS', kmsKeyId: 'testkey-2', context: { purpose: 'test' } } });
    const g = await store.get(bucket, 'ctx.bin');
    expect(Buffer.from(g.body).toString()).toBe('ctx');
    expect(g.head.sse).toMatchObject({ serverSideEncryption: 'aws:kms', kmsKeyId: 'testkey-2' });
  });

  it('wrong credentials give ACCESS_DENIED', async () => {
    const bad = new S3Store({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'wrong' }, maxAttempts: 1 });
    try {
      expect((await rejection(bad.get(bucket, 'env.txt'))).code).toBe('ACCESS_DENIED');
    } finally {
      await bad.close();
    }
  });
});

/**
 * Retries: a real HTTP server in front of nothing but canned S3 answers, failing the first
 * requests with 503 SlowDown / 500, then answering. Not a mock of the SDK: the SDK's own retry
 * strategy does the work.
 */
describe('S3Store against a minimal HTTP server', () => {
  let server: Server;
  let url: string;
  let failuresLeft = 0;
  let requests = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      if (failuresLeft > 0) {
        failuresLeft--;
        const status = failuresLeft % 2 === 0 ? 503 : 500;
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0"?><Error><Code>${status === 503 ? 'SlowDown' : 'InternalError'}</Code><Message>try again</Message></Error>`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5', etag: '"5d41402abc4b2a76b9719d911017c592"', 'last-modified': new Date().toUTCString() });
      res.end(req.method === 'HEAD' ? undefined : 'hello');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('retries throttling and 5xx with backoff, then succeeds', async () => {
    const store = new S3Store({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 4 });
    failuresLeft = 3;
    requests = 0;
    const g = await store.get('b', 'k');
    expect(Buffer.from(g.body).toString()).toBe('hello');
    expect(requests).toBe(4);
    await store.close();
  });

  it('cuts the range itself when a server ignores Range and answers 200 with the whole object', async () => {
    const store = new S3Store({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials });
    failuresLeft = 0;
    const g = await store.get('b', 'k', { range: { suffix: 3 } });
    expect(Buffer.from(g.body).toString()).toBe('llo');
    expect(g.range).toEqual({ start: 2, end: 4, total: 5 });
    expect(g.head.size).toBe(5);
    await store.close();
  });

  it('gives up after maxAttempts with STORAGE_ERROR carrying the status', async () => {
    const store = new S3Store({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 2 });
    failuresLeft = 5;
    requests = 0;
    const e = await rejection(store.get('b', 'k'));
    expect(e.code).toBe('STORAGE_ERROR');
    expect([500, 503]).toContain(e.details.status);
    expect(requests).toBe(2);
    failuresLeft = 0;
    await store.close();
  });
});
