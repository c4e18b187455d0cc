/**
 * One suite for the encrypted read path, run over every store/KMS pairing: an in-memory store
 * double with LocalKms, LocalStore with LocalKms, and S3Store (Ceph RGW) with AwsKms (moto).
 * Every fixture is built independently of src/crypto (test/fixtures/crypto/cse-fixtures.ts).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AegisError } from '../../../../src/errors.js';
import type { Kms } from '../../../../src/kms/kms.js';
import type { ObjectStore } from '../../../../src/storage/object-store.js';
import { DataKeyCache } from '../../../../src/crypto/data-key-cache.js';
import { openObject, openRange, probeObject } from '../../../../src/crypto/open-object.js';
import { putSealed, seal } from '../../../../src/crypto/seal.js';
import {
  clientKeyFixtures, independentDecryptV2, legacyKms, v2KmsContextGcm, v3KmsContext, type Fixture,
} from '../../../fixtures/crypto/cse-fixtures.js';

export interface SuiteEnv {
  store: ObjectStore;
  kms: Kms;
  /** A KMS key the principal may use (id, ARN or alias). */
  keyId: string;
  /** A bucket in the engine's region. */
  bucket: string;
  engineRegion: string;
  principal: string;
  /** A bucket in another region, with one plain object `plain.txt`, if the backend has one. */
  foreign?: { bucket: string; region: string };
  /** SSE-KMS key id the store accepts on put. */
  sseKmsKeyId?: string;
  /** The store really reports SSE-S3 (RGW Pacific ignores AES256). */
  reportsSseS3: boolean;
  /** The store implements SSE-C (moto ignores it). */
  supportsSseC: boolean;
  cleanup?: () => Promise<void>;
}

export const PLAINTEXT = new TextEncoder().encode('id,name,amount\n1,"alpha",10.50\n2,"beta",-3.25\n' + 'x'.repeat(5000) + '\n');

export function rejectionOf(p: Promise<unknown>): Promise<AegisError> {
  return p.then(
    () => {
      throw new Error('expected a rejection, got a value');
    },
    (e: unknown) => {
      if (!(e instanceof AegisError)) throw e;
      return e;
    },
  );
}

/** Every printable form of key bytes that must not appear anywhere. */
export function keyForms(key: Uint8Array): string[] {
  const b = Buffer.from(key);
  return [b.toString('hex'), b.toString('base64'), b.toString('base64url'), Array.from(b).join(',')];
}

async function write(env: SuiteEnv, key: string, f: Fixture): Promise<void> {
  if (f.instruction) {
    await env.store.put(env.bucket, `${key}.instruction`, new TextEncoder().encode(JSON.stringify(f.instruction)), { metadata: { 'x-amz-crypto-instr-file': '' } });
  }
  await env.store.put(env.bucket, key, f.body, { metadata: f.metadata });
}

export function registerOpenObjectSuite(name: string, make: () => Promise<SuiteEnv | null>): void {
  describe(`openObject over ${name}`, () => {
    let env: SuiteEnv | null = null;
    beforeAll(async () => {
      env = await make();
    });
    afterAll(async () => {
      await env?.cleanup?.();
    });
    const ctx = (e: SuiteEnv) => ({ engineRegion: e.engineRegion, principal: e.principal });

    it('reads every CSE-KMS variant byte-identical, authenticated, one KMS call each', async (t) => {
      if (!env) return t.skip();
      const e = env;
      const fixtures: [Fixture, { wrapAlg: string; contentAlg: string; location: string }][] = [
        [await v2KmsContextGcm(e.kms, e.keyId, PLAINTEXT), { wrapAlg: 'kms+context', contentAlg: 'AES/GCM/NoPadding', location: 'metadata' }],
        [await v2KmsContextGcm(e.kms, e.keyId, PLAINTEXT, { userContext: { table: 'orders', tenant: 't1' } }), { wrapAlg: 'kms+context', contentAlg: 'AES/GCM/NoPadding', location: 'metadata' }],
        [await v2KmsContextGcm(e.kms, e.keyId, PLAINTEXT, { instructionFile: true }), { wrapAlg: 'kms+context', contentAlg: 'AES/GCM/NoPadding', location: 'instruction-file' }],
        [await legacyKms(e.kms, e.keyId, PLAINTEXT, 'CBC'), { wrapAlg: 'kms', contentAlg: 'AES/CBC/PKCS5Padding', location: 'metadata' }],
        [await legacyKms(e.kms, e.keyId, PLAINTEXT, 'CBC', { omitCekAlg: true }), { wrapAlg: 'kms', contentAlg: 'AES/CBC/PKCS5Padding', location: 'metadata' }],
        [await legacyKms(e.kms, e.keyId, PLAINTEXT, 'GCM'), { wrapAlg: 'kms', contentAlg: 'AES/GCM/NoPadding', location: 'metadata' }],
        [await v2KmsContextGcm(e.kms, e.keyId, new Uint8Array(0)), { wrapAlg: 'kms+context', contentAlg: 'AES/GCM/NoPadding', location: 'metadata' }],
      ];
      let i = 0;
      for (const [f, want] of fixtures) {
        const key = `cse/${i++}.csv`;
        await write(e, key, f);
        // CBC is read with the legacy opt-in (refused by default: half-envelope.test.ts).
        const got = await openObject(e.store, e.kms, e.bucket, key, { ...ctx(e), policy: { allowLegacyCse: true } });
        const expected = f.body.length === 16 ? new Uint8Array(0) : PLAINTEXT;
        expect(Buffer.from(got.plaintext).equals(Buffer.from(expected)), f.name).toBe(true);
        expect(got.kmsCalls, f.name).toBe(1);
        expect(got.descriptor.mode).toBe('CSE_KMS');
        if (got.descriptor.mode !== 'CSE_KMS') continue;
        expect(got.descriptor.envelope.wrapAlg, f.name).toBe(want.wrapAlg);
        expect(got.descriptor.envelope.contentAlg, f.name).toBe(want.contentAlg);
        expect(got.descriptor.envelopeLocation, f.name).toBe(want.location);
        expect(got.descriptor.uri).toBe(`s3://${e.bucket}/${key}`);
        expect(got.descriptor.keyId, f.name).toBeTruthy();
        const printed = inspect(got.descriptor, { depth: 10 }) + JSON.stringify(got.descriptor);
        for (const form of keyForms(f.dataKey)) expect(printed).not.toContain(form);
      }
    });

    it('classifies plain, SSE-S3 and SSE-KMS objects and returns their bytes as stored', async (t) => {
      if (!env) return t.skip();
      const e = env;
      await e.store.put(e.bucket, 'plain/a.csv', PLAINTEXT);
      const plain = await openObject(e.store, e.kms, e.bucket, 'plain/a.csv', ctx(e));
      expect(plain.descriptor).toEqual({ uri: `s3://${e.bucket}/plain/a.csv`, mode: 'NONE' });
      expect(Buffer.from(plain.plaintext).equals(Buffer.from(PLAINTEXT))).toBe(true);
      expect(plain.kmsCalls).toBe(0);
      if (e.reportsSseS3) {
        await e.store.put(e.bucket, 'sse/s3.csv', PLAINTEXT, { sse: { mode: 'SSE_S3' } });
        const s3 = await openObject(e.store, e.kms, e.bucket, 'sse/s3.csv', ctx(e));
        expect(s3.descriptor).toMatchObject({ mode: 'SSE_S3', algorithm: 'AES256' });
        expect(Buffer.from(s3.plaintext).equals(Buffer.from(PLAINTEXT))).toBe(true);
      }
      if (e.sseKmsKeyId) {
        await e.store.put(e.bucket, 'sse/kms.csv', PLAINTEXT, { sse: { mode: 'SSE_KMS', kmsKeyId: e.sseKmsKeyId } });
        const k = await openObject(e.store, e.kms, e.bucket, 'sse/kms.csv', ctx(e));
        expect(k.descriptor).toMatchObject({ mode: 'SSE_KMS', algorithm: 'aws:kms' });
        expect(k.descriptor.mode === 'SSE_KMS' ? k.descriptor.keyId : undefined).toBeTruthy();
        expect(Buffer.from(k.plaintext).equals(Buffer.from(PLAINTEXT))).toBe(true);
        const r = await openRange(e.store, e.bucket, 'sse/kms.csv', { suffix: 10 }, ctx(e));
        expect(Buffer.from(r.bytes).equals(Buffer.from(PLAINTEXT.subarray(PLAINTEXT.length - 10)))).toBe(true);
      }
    });

    it('refuses every CSE-C variant with UNSUPPORTED_ENCRYPTION naming the object, mode and remedy', async (t) => {
      if (!env) return t.skip();
      const e = env;
      let i = 0;
      for (const f of clientKeyFixtures(PLAINTEXT)) {
        const key = `csec/${i++}.csv`;
        await write(e, key, f);
        const err = await rejectionOf(openObject(e.store, e.kms, e.bucket, key, ctx(e)));
        expect(err.code, f.name).toBe('UNSUPPORTED_ENCRYPTION');
        expect(err.details).toMatchObject({ uri: `s3://${e.bucket}/${key}`, mode: 'CSE_C' });
        expect(err.message).toContain(`s3://${e.bucket}/${key}`);
        expect(err.message).toContain('CSE-C');
        expect(err.message).toMatch(/re-encrypt it with SSE-KMS or CSE-KMS/);
        for (const form of keyForms(f.dataKey)) expect(err.message).not.toContain(form);
      }
    });

    it('refuses V3 kms+context (x-amz-w 12) with NOT_SUPPORTED, in metadata or instruction file', async (t) => {
      if (!env) return t.skip();
      const e = env;
      for (const [i, f] of [await v3KmsContext(e.kms, e.keyId, PLAINTEXT), await v3KmsContext(e.kms, e.keyId, PLAINTEXT, true)].entries()) {
        const key = `v3/${i}.csv`;
        await write(e, key, f);
        const err = await rejectionOf(openObject(e.store, e.kms, e.bucket, key, ctx(e)));
        expect(err.code, f.name).toBe('NOT_SUPPORTED');
        expect(err.message).toContain(`s3://${e.bucket}/${key}`);
        expect(err.message).toContain('V3');
      }
    });

    it('refuses SSE-C with UNSUPPORTED_ENCRYPTION before reading', async (t) => {
      if (!env || !env.supportsSseC) return t.skip();
      const e = env;
      await e.store.put(e.bucket, 'ssec/a.csv', PLAINTEXT, { sse: { mode: 'SSE_C', customerKey: randomBytes(32) } });
      const err = await rejectionOf(openObject(e.store, e.kms, e.bucket, 'ssec/a.csv', ctx(e)));
      expect(err.code).toBe('UNSUPPORTED_ENCRYPTION');
      expect(err.details).toMatchObject({ uri: `s3://${e.bucket}/ssec/a.csv`, mode: 'SSE_C' });
      expect(err.message).toContain('SSE-C');
      expect(err.message).toContain('re-encrypt');
      const err2 = await rejectionOf(probeObject(e.store, e.bucket, 'ssec/a.csv', ctx(e)));
      expect(err2.code).toBe('UNSUPPORTED_ENCRYPTION');
    });

    it('refuses a bucket in another region with CROSS_REGION naming both regions', async (t) => {
      if (!env?.foreign) return t.skip();
      const e = env;
      const f = e.foreign!;
      const err = await rejectionOf(openObject(e.store, e.kms, f.bucket, 'plain.txt', ctx(e)));
      expect(err.code).toBe('CROSS_REGION');
      expect(err.details).toMatchObject({ bucketRegion: f.region, engineRegion: e.engineRegion });
      expect(err.message).toContain(f.region);
      expect(err.message).toContain(e.engineRegion);
      expect(err.message).toContain(`s3://${f.bucket}/plain.txt`);
    });

    it('a per-query DataKeyCache makes one KMS call per distinct data key, then wipes', async (t) => {
      if (!env) return t.skip();
      const e = env;
      const a = await v2KmsContextGcm(e.kms, e.keyId, PLAINTEXT);
      await write(e, 'dk/a.csv', a);
      // A second object under the same data key (same wrapped key and context, fresh IV).
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', a.dataKey, iv);
      const other = new TextEncoder().encode('other object\n');
      const body = Buffer.concat([c.update(other), c.final(), c.getAuthTag()]);
      await e.store.put(e.bucket, 'dk/b.csv', body, { metadata: { ...a.metadata, 'x-amz-iv': iv.toString('base64'), 'x-amz-unencrypted-content-length': String(other.length) } });
      const distinct = await v2KmsContextGcm(e.kms, e.keyId, PLAINTEXT);
      await write(e, 'dk/c.csv', distinct);

      const dataKeys = new DataKeyCache();
      const q = { ...ctx(e), dataKeys };
      const [ra, rb, rc] = await Promise.all(['dk/a.csv', 'dk/b.csv', 'dk/c.csv'].map((k) => openObject(e.store, e.kms, e.bucket, k, q)));
      expect(new TextDecoder().decode(rb!.plaintext)).toBe('other object\n');
      expect(ra!.kmsCalls + rb!.kmsCalls).toBe(1);
      expect(rc!.kmsCalls).toBe(1);
      expect(dataKeys.kmsCalls).toBe(2);
      expect(dataKeys.size).toBe(2);
      const again = await openObject(e.store, e.kms, e.bucket, 'dk/a.csv', q);
      expect(again.kmsCalls).toBe(0);
      expect(dataKeys.kmsCalls).toBe(2);
      const printed = inspect(dataKeys, { depth: 10, showHidden: true }) + JSON.stringify(dataKeys) + String(dataKeys);
      for (const form of [...keyForms(a.dataKey), ...keyForms(distinct.dataKey)]) expect(printed).not.toContain(form);
      dataKeys.dispose();
      expect(dataKeys.size).toBe(0);
      const err = await rejectionOf(openObject(e.store, e.kms, e.bucket, 'dk/a.csv', q));
      expect(err.code).toBe('INTERNAL_ERROR');
    });

    it('openRange serves plain objects and refuses client-side encrypted ones', async (t) => {
      if (!env) return t.skip();
      const e = env;
      await e.store.put(e.bucket, 'range/plain.csv', PLAINTEXT);
      const r = await openRange(e.store, e.bucket, 'range/plain.csv', { start: 3, end: 9 }, ctx(e));
      expect(Buffer.from(r.bytes).toString()).toBe(Buffer.from(PLAINTEXT.subarray(3, 10)).toString());
      const f = await v2KmsContextGcm(e.kms, e.keyId, PLAINTEXT);
      await write(e, 'range/cse.csv', f);
      const err = await rejectionOf(openRange(e.store, e.bucket, 'range/cse.csv', { suffix: 8 }, ctx(e)));
      expect(err.code).toBe('NOT_SUPPORTED');
      expect(err.message).toContain('whole object');
    });

    it('seal writes what the independent reader and openObject both decrypt (metadata and instruction file)', async (t) => {
      if (!env) return t.skip();
      const e = env;
      for (const location of ['metadata', 'instruction-file'] as const) {
        const key = `sealed/${location}.csv`;
        const s = await putSealed(e.store, e.kms, e.bucket, key, PLAINTEXT, e.keyId, { envelopeLocation: location, context: { table: 'orders' } });
        expect(s.kmsCalls).toBe(1);
        const env2 = location === 'metadata' ? s.metadata : (JSON.parse(new TextDecoder().decode(s.instructionFile!.body)) as Record<string, string>);
        const indep = await independentDecryptV2(e.kms, s.body, env2);
        expect(indep.equals(Buffer.from(PLAINTEXT))).toBe(true);
        const got = await openObject(e.store, e.kms, e.bucket, key, ctx(e));
        expect(Buffer.from(got.plaintext).equals(Buffer.from(PLAINTEXT))).toBe(true);
        expect(got.descriptor).toMatchObject({ mode: 'CSE_KMS', envelopeLocation: location });
      }
      const s = await seal(e.kms, e.keyId, PLAINTEXT);
      expect(s.metadata['x-amz-matdesc']).toBe('{"aws:x-amz-cek-alg":"AES/GCM/NoPadding"}');
    });
  });
}
