/**
 * The ObjectStore contract: one suite, run against every backend (LocalStore in
 * local-store.test.ts, S3Store against Ceph RGW in test/integration/storage/s3-store-rgw.test.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import type { ObjectStore } from '../../../src/storage/object-store.js';

export interface StoreUnderTest {
  store: ObjectStore;
  /** A fresh, empty bucket in the store's region. */
  newBucket(): Promise<string>;
  /** The SSE-KMS key to write with, and the key id HEAD must then report. */
  kms: { keyId: string; reportedKeyId: string };
  /** A bucket in another region (eu-west-1) holding the object `data.csv`. */
  foreignBucket(): Promise<{ bucket: string; region: string }>;
  /** Whether HEAD reports `AES256` for SSE-S3 objects (Ceph Pacific accepts and ignores it). */
  reportsSseS3: boolean;
  cleanup?(): Promise<void>;
}

/** Resolves to the AegisError a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<AegisError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AegisError);
    return e as AegisError;
  }
  throw new Error('expected a rejection, but the call succeeded');
}

const md5 = (b: Uint8Array): string => `"${createHash('md5').update(b).digest('hex')}"`;

/** `count` concurrent workers over `items`: keeps a real server busy without flooding it. */
async function pool<T>(items: T[], count: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: count }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** Bytes 0..255 repeated, so any misplaced slice shows. Large enough to span several segments. */
function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + (i >> 8)) & 0xff;
  return b;
}

export function objectStoreContract(name: string, setup: () => Promise<StoreUnderTest>, skip?: string): void {
  describe.skipIf(skip !== undefined)(`ObjectStore contract: ${name}`, () => {
    let t: StoreUnderTest;
    let store: ObjectStore;
    let bucket: string;
    beforeAll(async () => {
      t = await setup();
      store = t.store;
      bucket = await t.newBucket();
    });
    afterAll(async () => {
      await t?.cleanup?.();
    });

    describe('objects', () => {
      it('round-trips bytes, including an empty object', async () => {
        const body = pattern(200_000);
        await store.put(bucket, 'rt/big.bin', body);
        expect(Buffer.from((await store.get(bucket, 'rt/big.bin')).body).equals(Buffer.from(body))).toBe(true);
        await store.put(bucket, 'rt/empty', new Uint8Array(0));
        const empty = await store.get(bucket, 'rt/empty');
        expect(empty.body.length).toBe(0);
        expect(empty.head.size).toBe(0);
      });

      it('keeps user metadata (lower-case keys) and content type', async () => {
        await store.put(bucket, 'meta/x.csv', Buffer.from('a,b\n'), {
          contentType: 'text/csv',
          metadata: { Owner: 'Team-A', 'x-thing': 'v 1' },
        });
        const h = await store.head(bucket, 'meta/x.csv');
        expect(h.contentType).toBe('text/csv');
        expect(h.metadata).toEqual({ owner: 'Team-A', 'x-thing': 'v 1' });
        expect(h.size).toBe(4);
        expect(h.bucket).toBe(bucket);
        expect(h.key).toBe('meta/x.csv');
        expect(Math.abs(h.lastModified.getTime() - Date.now())).toBeLessThan(120_000);
        expect((await store.get(bucket, 'meta/x.csv')).head.metadata).toEqual({ owner: 'Team-A', 'x-thing': 'v 1' });
      });

      it('reports the ETag as the quoted MD5 of the bytes (put, head, get, list)', async () => {
        const body = Buffer.from('hello etag');
        const { etag } = await store.put(bucket, 'etag/one', body);
        expect(etag).toBe(md5(body));
        expect((await store.head(bucket, 'etag/one')).etag).toBe(md5(body));
        expect((await store.get(bucket, 'etag/one')).head.etag).toBe(md5(body));
        const l = await store.list(bucket, { prefix: 'etag/' });
        expect(l.objects.map((o) => [o.key, o.etag, o.size])).toEqual([['etag/one', md5(body), body.length]]);
      });

      it('overwrites in place: the last put wins', async () => {
        await store.put(bucket, 'ow/k', Buffer.from('first version'));
        await store.put(bucket, 'ow/k', Buffer.from('second'), { metadata: { v: '2' } });
        const g = await store.get(bucket, 'ow/k');
        expect(Buffer.from(g.body).toString()).toBe('second');
        expect(g.head.metadata).toEqual({ v: '2' });
        expect((await store.list(bucket, { prefix: 'ow/' })).objects.map((o) => o.key)).toEqual(['ow/k']);
      });

      it('treats keys as opaque strings: `a` and `a/b` coexist, odd characters survive', async () => {
        const keys = ['k/a', 'k/a/b', 'k/sp ace+plus%25 &?=#', 'k/ünï©ødé', 'k/emoji-😀', 'k/./dots/../x', 'k//double', 'k/<xml>&amp;"\'', 'k/tab\tctl\u0001'];
        for (const k of keys) await store.put(bucket, k, Buffer.from(`v:${k}`));
        for (const k of keys) expect(Buffer.from((await store.get(bucket, k)).body).toString()).toBe(`v:${k}`);
        const listed = (await store.list(bucket, { prefix: 'k/' })).objects.map((o) => o.key);
        expect(new Set(listed)).toEqual(new Set(keys));
      });
    });

    describe('ranges', () => {
      const body = pattern(150_000);
      const slice = (a: number, b: number): string => Buffer.from(body.subarray(a, b)).toString('hex');
      beforeAll(async () => {
        await store.put(bucket, 'range/plain', body);
      });

      it('returns inclusive ranges, open-ended ranges and suffix ranges', async () => {
        const a = await store.get(bucket, 'range/plain', { range: { start: 10, end: 19 } });
        expect(Buffer.from(a.body).toString('hex')).toBe(slice(10, 20));
        expect(a.range).toEqual({ start: 10, end: 19, total: body.length });
        const b = await store.get(bucket, 'range/plain', { range: { start: 149_990 } });
        expect(Buffer.from(b.body).toString('hex')).toBe(slice(149_990, 150_000));
        const c = await store.get(bucket, 'range/plain', { range: { suffix: 5 } });
        expect(Buffer.from(c.body).toString('hex')).toBe(slice(149_995, 150_000));
        expect(c.range).toEqual({ start: 149_995, end: 149_999, total: body.length });
      });

      it('clamps ranges past the end, as S3 does', async () => {
        const a = await store.get(bucket, 'range/plain', { range: { start: 149_998, end: 200_000 } });
        expect(Buffer.from(a.body).toString('hex')).toBe(slice(149_998, 150_000));
        const b = await store.get(bucket, 'range/plain', { range: { suffix: 1_000_000 } });
        expect(b.body.length).toBe(body.length);
      });

      it('rejects a range that starts past the end', async () => {
        const e = await rejection(store.get(bucket, 'range/plain', { range: { start: 150_000 } }));
        expect(e.code).toBe('INVALID_ARGUMENT');
      });
    });

    describe('listing', () => {
      let lb: string;
      beforeAll(async () => {
        lb = await t.newBucket();
        const keys = ['a', 'a/b', 'a/c/d', 'a/c/e', 'b', 'b/x', 'c.txt', 'k-\uFFFD', 'k-😀', 'Z', '~'];
        await pool(keys, 4, (k) => store.put(lb, k, Buffer.from(k)));
      });

      it('sorts keys in UTF-8 byte order', async () => {
        const keys = (await store.list(lb)).objects.map((o) => o.key);
        // U+FFFD (EF BF BD) sorts before U+1F600 (F0 …) in bytes, though not in UTF-16.
        expect(keys).toEqual(['Z', 'a', 'a/b', 'a/c/d', 'a/c/e', 'b', 'b/x', 'c.txt', 'k-\uFFFD', 'k-😀', '~']);
      });

      it('filters by prefix', async () => {
        expect((await store.list(lb, { prefix: 'a/' })).objects.map((o) => o.key)).toEqual(['a/b', 'a/c/d', 'a/c/e']);
        expect((await store.list(lb, { prefix: 'nothing' })).objects).toEqual([]);
      });

      it('rolls keys up to common prefixes with a delimiter', async () => {
        const top = await store.list(lb, { delimiter: '/' });
        expect(top.objects.map((o) => o.key)).toEqual(['Z', 'a', 'b', 'c.txt', 'k-\uFFFD', 'k-😀', '~']);
        expect(top.commonPrefixes).toEqual(['a/', 'b/']);
        const inA = await store.list(lb, { prefix: 'a/', delimiter: '/' });
        expect(inA.objects.map((o) => o.key)).toEqual(['a/b']);
        expect(inA.commonPrefixes).toEqual(['a/c/']);
        expect(inA.nextContinuationToken).toBeUndefined();
      });

      it('pages with maxKeys counting objects and prefixes together', async () => {
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page = await store.list(lb, { delimiter: '/', maxKeys: 2, continuationToken: token });
          expect(page.objects.length + page.commonPrefixes.length).toBeLessThanOrEqual(2);
          seen.push(...page.objects.map((o) => o.key), ...page.commonPrefixes);
          token = page.nextContinuationToken;
          pages++;
        } while (token);
        expect(pages).toBe(5);
        expect(seen.sort()).toEqual(['Z', 'a', 'a/', 'b', 'b/', 'c.txt', 'k-\uFFFD', 'k-😀', '~'].sort());
      });

      it('pages 1,050 keys with continuation tokens (maxKeys 1000)', async () => {
        const big = await t.newBucket();
        const keys = Array.from({ length: 1050 }, (_, i) => `part=${i % 3}/f-${String(i).padStart(5, '0')}`);
        await pool(keys, 16, (k) => store.put(big, k, Buffer.from('x')));
        const p1 = await store.list(big, { maxKeys: 1000 });
        expect(p1.objects.length).toBe(1000);
        expect(p1.nextContinuationToken).toBeTruthy();
        const p2 = await store.list(big, { maxKeys: 1000, continuationToken: p1.nextContinuationToken });
        expect(p2.objects.length).toBe(50);
        expect(p2.nextContinuationToken).toBeUndefined();
        const all = [...p1.objects, ...p2.objects].map((o) => o.key);
        expect(all).toEqual([...keys].sort());
        const parts = await store.list(big, { delimiter: '/' });
        expect(parts.commonPrefixes).toEqual(['part=0/', 'part=1/', 'part=2/']);
        expect(parts.objects).toEqual([]);
      }, 180_000);
    });

    describe('delete and NOT_FOUND', () => {
      it('deletes an object; deleting a missing key succeeds (S3 semantics)', async () => {
        await store.put(bucket, 'del/k', Buffer.from('x'));
        await store.delete(bucket, 'del/k');
        expect((await rejection(store.head(bucket, 'del/k'))).code).toBe('NOT_FOUND');
        await store.delete(bucket, 'del/never-existed');
      });

      it('answers NOT_FOUND for a missing key or bucket, with the URI', async () => {
        const e1 = await rejection(store.get(bucket, 'missing/key'));
        expect(e1.code).toBe('NOT_FOUND');
        expect(e1.details.uri).toBe(`s3://${bucket}/missing/key`);
        expect((await rejection(store.head(bucket, 'missing/key'))).code).toBe('NOT_FOUND');
        const nb = `no-such-bucket-${randomBytes(4).toString('hex')}`;
        expect((await rejection(store.get(nb, 'k'))).code).toBe('NOT_FOUND');
        expect((await rejection(store.head(nb, 'k'))).code).toBe('NOT_FOUND');
        expect((await rejection(store.list(nb))).code).toBe('NOT_FOUND');
      });
    });

    describe('server-side encryption', () => {
      it('SSE-KMS: reads back, ranged too, and HEAD reports aws:kms with the key', async () => {
        const body = pattern(140_000);
        await store.put(bucket, 'sse/kms.bin', body, { sse: { mode: 'SSE_KMS', kmsKeyId: t.kms.keyId } });
        const h = await store.head(bucket, 'sse/kms.bin');
        expect(h.sse.serverSideEncryption).toBe('aws:kms');
        expect(h.sse.kmsKeyId).toBe(t.kms.reportedKeyId);
        expect(h.size).toBe(body.length);
        const g = await store.get(bucket, 'sse/kms.bin');
        expect(Buffer.from(g.body).equals(Buffer.from(body))).toBe(true);
        expect(g.head.sse.serverSideEncryption).toBe('aws:kms');
        const r = await store.get(bucket, 'sse/kms.bin', { range: { start: 65_530, end: 65_545 } });
        expect(Buffer.from(r.body).toString('hex')).toBe(Buffer.from(body.subarray(65_530, 65_546)).toString('hex'));
        const s = await store.get(bucket, 'sse/kms.bin', { range: { suffix: 7 } });
        expect(Buffer.from(s.body).toString('hex')).toBe(Buffer.from(body.subarray(body.length - 7)).toString('hex'));
      });

      it('SSE-S3: reads back', async () => {
        const body = pattern(70_000);
        await store.put(bucket, 'sse/s3.bin', body, { sse: { mode: 'SSE_S3' } });
        expect(Buffer.from((await store.get(bucket, 'sse/s3.bin')).body).equals(Buffer.from(body))).toBe(true);
        if (t.reportsSseS3) expect((await store.head(bucket, 'sse/s3.bin')).sse.serverSideEncryption).toBe('AES256');
      });

      describe('SSE-C', () => {
        const customerKey = randomBytes(32);
        const body = Buffer.from('customer-key protected bytes');
        beforeAll(async () => {
          await store.put(bucket, 'sse/c.txt', body, { sse: { mode: 'SSE_C', customerKey } });
        });

        it('refuses a read without the key: UNSUPPORTED_ENCRYPTION mode SSE_C', async () => {
          const e = await rejection(store.get(bucket, 'sse/c.txt'));
          expect(e.code).toBe('UNSUPPORTED_ENCRYPTION');
          expect(e.details.mode).toBe('SSE_C');
          expect(e.details.uri).toBe(`s3://${bucket}/sse/c.txt`);
          expect(e.message).toContain(`s3://${bucket}/sse/c.txt`);
        });

        it('HEAD without the key reports sseCustomerKeyRequired, for an empty object too', async () => {
          const h = await store.head(bucket, 'sse/c.txt');
          expect(h.sseCustomerKeyRequired).toBe(true);
          await store.put(bucket, 'sse/c-empty', new Uint8Array(0), { sse: { mode: 'SSE_C', customerKey } });
          expect((await store.head(bucket, 'sse/c-empty')).sseCustomerKeyRequired).toBe(true);
          expect((await rejection(store.get(bucket, 'sse/c-empty'))).code).toBe('UNSUPPORTED_ENCRYPTION');
        });

        it('reads with the right key; HEAD then reports the algorithm and key MD5', async () => {
          const g = await store.get(bucket, 'sse/c.txt', { sseCustomerKey: customerKey });
          expect(Buffer.from(g.body).toString()).toBe(body.toString());
          const h = await store.head(bucket, 'sse/c.txt', { sseCustomerKey: customerKey });
          expect(h.sseCustomerKeyRequired).toBeUndefined();
          expect(h.size).toBe(body.length);
          expect(h.sse.customerAlgorithm).toBe('AES256');
          expect(h.sse.customerKeyMd5).toBe(createHash('md5').update(customerKey).digest('base64'));
        });

        it('refuses the wrong key: ACCESS_DENIED', async () => {
          const e = await rejection(store.get(bucket, 'sse/c.txt', { sseCustomerKey: randomBytes(32) }));
          expect(e.code).toBe('ACCESS_DENIED');
          expect((await rejection(store.head(bucket, 'sse/c.txt', { sseCustomerKey: randomBytes(32) }))).code).toBe('ACCESS_DENIED');
        });
      });
    });

    describe('streamed uploads', () => {
      it('writes chunks into one object, visible only after complete (SSE-S3, over several parts)', async () => {
        // 8 MiB parts on S3: 9 MiB in odd-sized chunks spans two parts and many at-rest segments.
        const body = pattern(9 * 1024 * 1024 + 12345);
        const up = await store.createUpload(bucket, 'up/big.bin', { sse: { mode: 'SSE_S3' }, metadata: { Kind: 'result' }, contentType: 'text/csv' });
        expect(up.uri).toBe(`s3://${bucket}/up/big.bin`);
        for (let at = 0; at < body.length; at += 700_001) {
          await up.write(body.subarray(at, Math.min(body.length, at + 700_001)));
          if (at === 0) expect((await rejection(store.head(bucket, 'up/big.bin'))).code).toBe('NOT_FOUND');
        }
        const done = await up.complete();
        expect(done.size).toBe(body.length);
        const got = await store.get(bucket, 'up/big.bin');
        expect(Buffer.from(got.body).equals(Buffer.from(body))).toBe(true);
        expect(got.head.metadata).toMatchObject({ kind: 'result' });
        expect(got.head.contentType).toBe('text/csv');
        if (t.reportsSseS3) expect(got.head.sse.serverSideEncryption).toBe('AES256');
        const ranged = await store.get(bucket, 'up/big.bin', { range: { start: 8 * 1024 * 1024 - 3, end: 8 * 1024 * 1024 + 2 } });
        expect(Array.from(ranged.body)).toEqual(Array.from(body.subarray(8 * 1024 * 1024 - 3, 8 * 1024 * 1024 + 3)));
      });

      it('SSE-KMS upload reports aws:kms with the key; an empty upload is an empty object', async () => {
        const up = await store.createUpload(bucket, 'up/kms.bin', { sse: { mode: 'SSE_KMS', kmsKeyId: t.kms.keyId } });
        await up.write(Buffer.from('hello '));
        await up.write(Buffer.from('world'));
        await up.complete();
        const got = await store.get(bucket, 'up/kms.bin');
        expect(Buffer.from(got.body).toString()).toBe('hello world');
        expect(got.head.sse.serverSideEncryption).toBe('aws:kms');
        expect(got.head.sse.kmsKeyId).toContain(t.kms.reportedKeyId);
        const empty = await store.createUpload(bucket, 'up/empty.bin');
        await empty.complete();
        expect((await store.get(bucket, 'up/empty.bin')).body.length).toBe(0);
      });

      it('abort leaves nothing at the key, and an earlier version stays', async () => {
        await store.put(bucket, 'up/keep.bin', Buffer.from('old'));
        const up = await store.createUpload(bucket, 'up/keep.bin', { sse: { mode: 'SSE_S3' } });
        await up.write(pattern(200_000));
        await up.abort();
        expect(Buffer.from((await store.get(bucket, 'up/keep.bin')).body).toString()).toBe('old');
        const fresh = await store.createUpload(bucket, 'up/never.bin');
        await fresh.write(Buffer.from('x'));
        await fresh.abort();
        expect((await rejection(store.head(bucket, 'up/never.bin'))).code).toBe('NOT_FOUND');
        expect((await store.list(bucket, { prefix: 'up/never' })).objects).toEqual([]);
      });
    });

    describe('regions', () => {
      it('reports its own buckets in its region', async () => {
        expect(await store.bucketRegion(bucket)).toBe(store.region);
        expect((await store.listBuckets()).map((b) => b.name)).toContain(bucket);
      });

      it('refuses a bucket in another region with CROSS_REGION naming both regions', async () => {
        const { bucket: fb, region } = await t.foreignBucket();
        expect(region).not.toBe(store.region);
        expect(await store.bucketRegion(fb)).toBe(region);
        const calls: [string, () => Promise<unknown>][] = [
          ['get', () => store.get(fb, 'data.csv')],
          ['head', () => store.head(fb, 'data.csv')],
          ['list', () => store.list(fb)],
          ['put', () => store.put(fb, 'new.csv', Buffer.from('x'))],
          ['createUpload', () => store.createUpload(fb, 'new.csv')],
        ];
        for (const [what, call] of calls) {
          const e = await rejection(call());
          expect(e.code, what).toBe('CROSS_REGION');
          expect(e.details).toMatchObject({ bucketRegion: region, engineRegion: store.region });
          expect(e.message).toContain(region);
          expect(e.message).toContain(store.region);
        }
        expect((await rejection(store.get(fb, 'data.csv'))).details.uri).toBe(`s3://${fb}/data.csv`);
      });
    });
  });
}
