/**
 * LocalStore's encryption at rest, checked on the bytes it leaves on disk: tampering is detected,
 * no key (master, data, customer) appears in any file in plaintext, KMS refusals name the
 * principal and key.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { LocalIndex, type ObjectRecord } from '../../../src/storage/local-index.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import { loadOrCreateMasterKey } from '../../../src/storage/master-key.js';
import { SEGMENT_SIZE, TAG_SIZE } from '../../../src/storage/segment-cipher.js';
import { bindingId, openEnvelope } from '../../../src/storage/sse-envelope.js';
import { rejection } from './object-store-contract.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Every encoding a key could be written in by accident. */
function encodings(key: Uint8Array): Buffer[] {
  const b = Buffer.from(key);
  return [b, Buffer.from(b.toString('hex')), Buffer.from(b.toString('hex').toUpperCase()), Buffer.from(b.toString('base64')), Buffer.from(b.toString('base64url'))];
}

/** Files under `dir` (except `skip`) containing `key` in any encoding. */
function filesHolding(dir: string, key: Uint8Array, skip: string[] = []): string[] {
  const needles = encodings(key);
  return filesUnder(dir).filter((f) => !skip.includes(f) && needles.some((n) => readFileSync(f).includes(n)));
}

describe('LocalStore at rest', () => {
  let root: string;
  let kms: LocalKms;
  let store: LocalStore;
  let index: LocalIndex;
  const B = 'vault';
  const body = Buffer.alloc(3 * SEGMENT_SIZE + 1000);
  for (let i = 0; i < body.length; i++) body[i] = (i * 13) & 0xff;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'aegis-atrest-'));
    kms = new LocalKms({ warehouse: root, principal: 'alice' });
    await kms.createKey({ alias: 'alias/vault' });
    store = new LocalStore({ root, kms, principal: 'alice' });
    index = new LocalIndex(join(root, '.store', 'index.sqlite'));
    await store.createBucket(B);
  });
  afterAll(async () => {
    index.close();
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  const rec = (key: string): ObjectRecord => index.getObject(B, key)!;
  const fileOf = (key: string): string => store.objectPath(B, rec(key).objectId);

  describe('tampering', () => {
    for (const mode of ['SSE_S3', 'SSE_KMS'] as const) {
      const sse = mode === 'SSE_S3' ? { mode } : { mode, kmsKeyId: 'alias/vault' };
      const stride = SEGMENT_SIZE + TAG_SIZE;

      it(`${mode}: a flipped byte in any segment or tag fails the read, never returns plaintext`, async () => {
        for (const at of [0, stride - 1, stride + 5, 2 * stride + SEGMENT_SIZE + 3, 3 * stride + 999 + TAG_SIZE]) {
          const k = `tamper/${mode}/${at}`;
          await store.put(B, k, body, { sse });
          const f = fileOf(k);
          const bytes = readFileSync(f);
          bytes[at]! ^= 0x01;
          writeFileSync(f, bytes);
          const e = await rejection(store.get(B, k));
          expect(e.code, `byte ${at}`).toBe('DECRYPTION_FAILED');
          expect(e.details.uri).toBe(`s3://${B}/${k}`);
        }
      });

      it(`${mode}: a ranged read fails exactly when it touches the tampered segment`, async () => {
        const k = `tamper/${mode}/range`;
        await store.put(B, k, body, { sse });
        const f = fileOf(k);
        const bytes = readFileSync(f);
        bytes[stride + 10]! ^= 0x80; // inside segment 1
        writeFileSync(f, bytes);
        const ok = await store.get(B, k, { range: { start: 0, end: 100 } });
        expect(Buffer.from(ok.body).equals(body.subarray(0, 101))).toBe(true);
        expect((await rejection(store.get(B, k, { range: { start: SEGMENT_SIZE - 2, end: SEGMENT_SIZE + 2 } }))).code).toBe('DECRYPTION_FAILED');
      });

      it(`${mode}: swapped segments, a truncated file or another object's file all fail`, async () => {
        const k = `tamper/${mode}/swap`;
        await store.put(B, k, body, { sse });
        const f = fileOf(k);
        const orig = readFileSync(f);
        const swapped = Buffer.concat([orig.subarray(stride, 2 * stride), orig.subarray(0, stride), orig.subarray(2 * stride)]);
        writeFileSync(f, swapped);
        expect((await rejection(store.get(B, k))).code).toBe('DECRYPTION_FAILED');
        expect((await rejection(store.get(B, k, { range: { start: 0, end: 0 } }))).code).toBe('DECRYPTION_FAILED');
        // Dropping the last segment: the new last segment was not sealed as final.
        writeFileSync(f, orig.subarray(0, 3 * stride));
        expect((await rejection(store.get(B, k))).code).toBe('DECRYPTION_FAILED');
        // Same data key cannot be assumed, but even same-size sealed bytes from another object fail.
        await store.put(B, `${k}-twin`, body, { sse });
        writeFileSync(f, readFileSync(fileOf(`${k}-twin`)));
        expect((await rejection(store.get(B, k))).code).toBe('DECRYPTION_FAILED');
      });
    }

    it('an object written without SSE is sealed at rest too: a file that lost bytes fails every read, never short data', async () => {
      await store.put(B, 'tamper/plain', body);
      expect(readFileSync(fileOf('tamper/plain')).includes(body.subarray(0, 64))).toBe(false);
      writeFileSync(fileOf('tamper/plain'), readFileSync(fileOf('tamper/plain')).subarray(0, 1000));
      expect((await rejection(store.get(B, 'tamper/plain'))).code).toBe('DECRYPTION_FAILED');
      expect((await rejection(store.get(B, 'tamper/plain', { range: { start: 0, end: 99 } }))).code).toBe('DECRYPTION_FAILED');
    });

    /** Raw access to the index, as an attacker with the warehouse files has. */
    function indexDb<T>(fn: (db: Database.Database) => T): T {
      const db = new Database(join(root, '.store', 'index.sqlite'));
      try {
        return fn(db);
      } finally {
        db.close();
      }
    }

    for (const mode of ['NONE', 'SSE_S3', 'SSE_KMS'] as const) {
      const sse = mode === 'SSE_KMS' ? { mode, kmsKeyId: 'alias/vault' } : { mode };
      it(`${mode}: swapped index records, swapped files and a record copied to another key all fail authentication`, async () => {
        const a = Buffer.from('partition 2024-01-02 rows\n'.repeat(50));
        const b = Buffer.from('partition 2024-01-05 rows\n'.repeat(50));
        await store.put(B, `swap/${mode}/a`, a, { sse });
        await store.put(B, `swap/${mode}/b`, b, { sse });
        // 1. Swap the two index records (object id, envelope, size …) between the keys.
        indexDb((db) => {
          const get = db.prepare('SELECT object_id, size, etag, envelope FROM objects WHERE bucket = ? AND key = ?');
          const ra = get.get(B, Buffer.from(`swap/${mode}/a`)) as Record<string, unknown>;
          const rb = get.get(B, Buffer.from(`swap/${mode}/b`)) as Record<string, unknown>;
          const set = db.prepare('UPDATE objects SET object_id = ?, size = ?, etag = ?, envelope = ? WHERE bucket = ? AND key = ?');
          set.run(rb.object_id, rb.size, rb.etag, rb.envelope, B, Buffer.from(`swap/${mode}/a`));
          set.run(ra.object_id, ra.size, ra.etag, ra.envelope, B, Buffer.from(`swap/${mode}/b`));
        });
        expect((await rejection(store.get(B, `swap/${mode}/a`))).code).toBe('DECRYPTION_FAILED');
        expect((await rejection(store.get(B, `swap/${mode}/b`))).code).toBe('DECRYPTION_FAILED');
        // 2. Swap the stored files of two fresh objects.
        await store.put(B, `swap/${mode}/c`, a, { sse });
        await store.put(B, `swap/${mode}/d`, b, { sse });
        const fc = fileOf(`swap/${mode}/c`);
        const fd = fileOf(`swap/${mode}/d`);
        const [bc, bd] = [readFileSync(fc), readFileSync(fd)];
        writeFileSync(fc, bd);
        writeFileSync(fd, bc);
        expect((await rejection(store.get(B, `swap/${mode}/c`))).code).toBe('DECRYPTION_FAILED');
        // 3. A record downgraded to a raw, unencrypted one: refused, never read as bytes.
        await store.put(B, `swap/${mode}/e`, a, { sse });
        indexDb((db) => db.prepare('UPDATE objects SET envelope = ? WHERE bucket = ? AND key = ?').run('{"mode":"NONE"}', B, Buffer.from(`swap/${mode}/e`)));
        expect((await rejection(store.get(B, `swap/${mode}/e`))).code).toBe('DECRYPTION_FAILED');
      });
    }

    /** Rewrites one field of an object's stored envelope, as an attacker with the files could. */
    function alterEnvelope(key: string, field: 'wrappedKey' | 'blob' | 'context', change: (v: unknown) => unknown): void {
      const env = rec(key).envelope as Record<string, unknown>;
      const db = new Database(join(root, '.store', 'index.sqlite'));
      db.prepare('UPDATE objects SET envelope = ? WHERE bucket = ? AND key = ?').run(JSON.stringify({ ...env, [field]: change(env[field]) }), B, Buffer.from(key));
      db.close();
    }
    const flipBase64 = (v: unknown): string => {
      const b = Buffer.from(v as string, 'base64');
      b[b.length - 20]! ^= 0x01;
      return b.toString('base64');
    };

    it('an altered wrapped data key (SSE-S3, SSE-C) or KMS blob or context (SSE-KMS) fails with DECRYPTION_FAILED', async () => {
      await store.put(B, 'tamper/wrapped', body, { sse: { mode: 'SSE_S3' } });
      alterEnvelope('tamper/wrapped', 'wrappedKey', flipBase64);
      expect((await rejection(store.get(B, 'tamper/wrapped'))).code).toBe('DECRYPTION_FAILED');
      const ck = randomBytes(32);
      await store.put(B, 'tamper/ssec', body, { sse: { mode: 'SSE_C', customerKey: ck } });
      alterEnvelope('tamper/ssec', 'wrappedKey', flipBase64);
      expect((await rejection(store.get(B, 'tamper/ssec', { sseCustomerKey: ck }))).code).toBe('DECRYPTION_FAILED');
      await store.put(B, 'tamper/blob', body, { sse: { mode: 'SSE_KMS', kmsKeyId: 'alias/vault' } });
      alterEnvelope('tamper/blob', 'blob', flipBase64);
      expect((await rejection(store.get(B, 'tamper/blob'))).code).toBe('DECRYPTION_FAILED');
      await store.put(B, 'tamper/ctx', body, { sse: { mode: 'SSE_KMS', kmsKeyId: 'alias/vault' } });
      alterEnvelope('tamper/ctx', 'context', () => ({ 'aws:s3:arn': `arn:aws:s3:::${B}/another-object` }));
      expect((await rejection(store.get(B, 'tamper/ctx'))).code).toBe('DECRYPTION_FAILED');
    });
  });

  describe('keys never at rest in plaintext', () => {
    it('SSE-C: neither the customer key nor its MD5 is stored, in any encoding', async () => {
      const customerKey = randomBytes(32);
      const plain = Buffer.from('SSE-C secret payload 7f3a'.repeat(50));
      await store.put(B, 'keys/ssec', plain, { sse: { mode: 'SSE_C', customerKey } });
      expect(filesHolding(root, customerKey)).toEqual([]);
      expect(filesHolding(root, createHash('md5').update(customerKey).digest())).toEqual([]);
      expect(filesUnder(root).filter((f) => readFileSync(f).includes(plain.subarray(0, 25)))).toEqual([]);
      expect(Buffer.from((await store.get(B, 'keys/ssec', { sseCustomerKey: customerKey })).body).equals(plain)).toBe(true);
    });

    it('the master key is only in .store/master.key (mode 0600); data keys are in no file', async () => {
      const plain = Buffer.from('distinctive plaintext 91c2 '.repeat(100));
      await store.put(B, 'keys/s3', plain, { sse: { mode: 'SSE_S3' } });
      await store.put(B, 'keys/kms', plain, { sse: { mode: 'SSE_KMS', kmsKeyId: 'alias/vault' } });
      const keyFile = join(root, '.store', 'master.key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const master = readFileSync(keyFile);
      expect(master.length).toBe(32);
      expect(filesHolding(root, master, [keyFile])).toEqual([]);
      const deps = { masterKey: loadOrCreateMasterKey(join(root, '.store')), kms, principal: 'alice', defaultKmsKeyId: 'alias/aws/s3' };
      for (const k of ['keys/s3', 'keys/kms']) {
        const r = rec(k);
        const dataKey = await openEnvelope(r.envelope, deps, { bucket: B, key: k, uri: `s3://${B}/${k}`, objectId: bindingId(B, k, r.objectId) });
        expect(dataKey!.length).toBe(32);
        expect(filesHolding(root, dataKey!)).toEqual([]);
        dataKey!.fill(0);
      }
      deps.masterKey.wipe();
      expect(filesUnder(root).filter((f) => readFileSync(f).includes(plain.subarray(0, 27)))).toEqual([]);
    });

    it('the store does not print its master key', () => {
      const master = readFileSync(join(root, '.store', 'master.key'));
      const shown = inspect(store, { depth: 10, showHidden: true }) + JSON.stringify(store) + String(store);
      for (const n of encodings(master)) expect(shown.includes(n.toString('latin1'))).toBe(false);
    });
  });

  describe('SSE-KMS', () => {
    it('without a key id uses alias/aws/s3, created on first use, and HEAD reports its ARN', async () => {
      await store.put(B, 'kms/default', Buffer.from('x'), { sse: { mode: 'SSE_KMS' } });
      const arn = (await kms.describeKey('alias/aws/s3')).arn;
      const h = await store.head(B, 'kms/default');
      expect(h.sse).toEqual({ serverSideEncryption: 'aws:kms', kmsKeyId: arn });
      expect(Buffer.from((await store.get(B, 'kms/default')).body).toString()).toBe('x');
    });

    it('binds the default encryption context aws:s3:arn to the object', async () => {
      await store.put(B, 'kms/ctx', Buffer.from('x'), { sse: { mode: 'SSE_KMS', kmsKeyId: 'alias/vault' } });
      expect((rec('kms/ctx').envelope as { context: unknown }).context).toEqual({ 'aws:s3:arn': `arn:aws:s3:::${B}/kms/ctx` });
    });

    it('a principal without kms:Decrypt gets ACCESS_DENIED naming principal and key', async () => {
      await store.put(B, 'kms/private', Buffer.from('secret'), { sse: { mode: 'SSE_KMS', kmsKeyId: 'alias/vault' } });
      const arn = (await kms.describeKey('alias/vault')).arn;
      const bob = new LocalStore({ root, kms: kms.withPrincipal('bob'), principal: 'bob' });
      try {
        const e = await rejection(bob.get(B, 'kms/private'));
        expect(e.code).toBe('ACCESS_DENIED');
        expect(e.message).toContain('bob');
        expect(e.message).toContain(arn);
        expect(e.details).toMatchObject({ principal: 'bob', kmsKeyId: arn, uri: `s3://${B}/kms/private` });
        // HEAD needs no KMS call, as in S3.
        expect((await bob.head(B, 'kms/private')).sse.kmsKeyId).toBe(arn);
        await kms.grant('alias/vault', 'bob', ['kms:Decrypt']);
        expect(Buffer.from((await bob.get(B, 'kms/private')).body).toString()).toBe('secret');
      } finally {
        await bob.close();
      }
    });
  });
});
