/** probeObject (the preflight verdict) and the read path's edge cases, over the store double. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openObject, probeObject } from '../../../src/crypto/open-object.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { clientKeyFixtures, v2KmsContextGcm } from '../../fixtures/crypto/cse-fixtures.js';
import { MemoryStore } from './support/memory-store.js';
import { PLAINTEXT, rejectionOf } from './support/open-object-suite.js';

let wh: string;
let kms: LocalKms;
let keyArn: string;
beforeAll(async () => {
  wh = mkdtempSync(join(tmpdir(), 'aegis-probe-'));
  kms = new LocalKms({ warehouse: wh, principal: 'alice' });
  keyArn = (await kms.createKey()).arn;
});
afterAll(() => rmSync(wh, { recursive: true, force: true }));

async function storeWith(): Promise<MemoryStore> {
  const s = new MemoryStore();
  await s.createBucket('b');
  return s;
}

describe('probeObject', () => {
  it('gives each object its verdict without reading object bodies', async () => {
    const store = await storeWith();
    const f = await v2KmsContextGcm(kms, keyArn, PLAINTEXT);
    await store.put('b', 'cse', f.body, { metadata: f.metadata });
    const aesWrap = clientKeyFixtures(PLAINTEXT).find((x) => x.name === 'AESWrap')!;
    await store.put('b', 'csec', aesWrap.body, { metadata: aesWrap.metadata });
    const before = store.gets;
    const p = await probeObject(store, 'b', 'cse');
    expect(p.descriptor.mode).toBe('CSE_KMS');
    expect(p.decision).toEqual({ action: 'read', decrypt: 'client' });
    await expect(probeObject(store, 'b', 'csec')).rejects.toMatchObject({ code: 'UNSUPPORTED_ENCRYPTION' });
    expect(store.gets).toBe(before);
  });

  it('asks for a bucket region once per bucket when given a cache', async () => {
    const store = await storeWith();
    await store.put('b', 'x', PLAINTEXT);
    let calls = 0;
    const orig = store.bucketRegion.bind(store);
    store.bucketRegion = async (b: string) => {
      calls++;
      return orig(b);
    };
    const bucketRegions = new Map<string, string>();
    for (let i = 0; i < 3; i++) await openObject(store, kms, 'b', 'x', { bucketRegions });
    expect(calls).toBe(1);
    expect(bucketRegions.get('b')).toBe('us-east-1');
  });
});

describe('instruction files', () => {
  it('without any metadata hint, only a table known to be client-side encrypted looks for one', async () => {
    const store = await storeWith();
    const f = await v2KmsContextGcm(kms, keyArn, PLAINTEXT, { instructionFile: true });
    await store.put('b', 'o', f.body, { metadata: {} });
    await store.put('b', 'o.instruction', new TextEncoder().encode(JSON.stringify(f.instruction)));
    const plain = await openObject(store, kms, 'b', 'o');
    expect(plain.descriptor.mode).toBe('NONE');
    const cse = await openObject(store, kms, 'b', 'o', { expectClientSide: true });
    expect(cse.descriptor).toMatchObject({ mode: 'CSE_KMS', envelopeLocation: 'instruction-file' });
    expect(Buffer.from(cse.plaintext).equals(Buffer.from(PLAINTEXT))).toBe(true);
    // An expected-encrypted table may still hold plain objects (no instruction file).
    await store.put('b', 'p', PLAINTEXT);
    expect((await openObject(store, kms, 'b', 'p', { expectClientSide: true })).descriptor.mode).toBe('NONE');
  });

  it('accepts numbers in the instruction JSON (some clients write x-amz-tag-len unquoted)', async () => {
    const store = await storeWith();
    const f = await v2KmsContextGcm(kms, keyArn, PLAINTEXT, { instructionFile: true });
    const json = JSON.stringify({ ...f.instruction, 'x-amz-tag-len': 128 });
    await store.put('b', 'o', f.body, { metadata: f.metadata });
    await store.put('b', 'o.instruction', new TextEncoder().encode(json));
    const r = await openObject(store, kms, 'b', 'o');
    expect(r.descriptor.mode === 'CSE_KMS' && r.descriptor.envelope.tagLengthBits).toBe(128);
  });
});

describe('read path edge cases', () => {
  it('SSE-C is refused whether the store flags HEAD or throws on it', async () => {
    for (const mode of ['flag', 'throw'] as const) {
      const store = await storeWith();
      store.ssecHead = mode;
      await store.put('b', 'c', PLAINTEXT, { sse: { mode: 'SSE_C', customerKey: new Uint8Array(32).fill(7) } });
      const e = await rejectionOf(openObject(store, kms, 'b', 'c'));
      expect(e.code).toBe('UNSUPPORTED_ENCRYPTION');
      expect(e.details).toEqual({ uri: 's3://b/c', mode: 'SSE_C' });
      expect(e.message).toContain('SSE-C');
    }
  });

  it('an object replaced between HEAD and GET is PRECONDITION_FAILED, not a mismatched decrypt', async () => {
    const store = await storeWith();
    const f = await v2KmsContextGcm(kms, keyArn, PLAINTEXT);
    await store.put('b', 'o', f.body, { metadata: f.metadata });
    const g = await v2KmsContextGcm(kms, keyArn, new TextEncoder().encode('replacement'));
    const origGet = store.get.bind(store);
    store.get = async (b, k, o) => {
      await store.put('b', 'o', g.body, { metadata: g.metadata });
      return origGet(b, k, o);
    };
    const e = await rejectionOf(openObject(store, kms, 'b', 'o'));
    expect(e.code).toBe('PRECONDITION_FAILED');
    expect(e.message).toContain('s3://b/o');
  });

  it('SSE-KMS denied by the store: ACCESS_DENIED naming principal and key', async () => {
    const store = await storeWith();
    await store.put('b', 's', PLAINTEXT, { sse: { mode: 'SSE_KMS', kmsKeyId: 'arn:aws:kms:us-east-1:1:key/denied' } });
    store.deniedKeys.add('arn:aws:kms:us-east-1:1:key/denied');
    const e = await rejectionOf(openObject(store, kms, 'b', 's', { principal: 'carol' }));
    expect(e.code).toBe('ACCESS_DENIED');
    expect(e.details).toMatchObject({ uri: 's3://b/s', principal: 'carol', keyId: 'arn:aws:kms:us-east-1:1:key/denied', mode: 'SSE-KMS' });
    // The preflight oracle refuses before any read.
    const e2 = await rejectionOf(probeObject(store, 'b', 's', { principal: 'carol', mayDecrypt: () => false }));
    expect(e2.code).toBe('ACCESS_DENIED');
  });
});
