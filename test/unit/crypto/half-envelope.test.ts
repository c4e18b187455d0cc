/**
 * Nothing an object writer can change turns a client-side encrypted object into "not encrypted":
 * half-present envelopes (an instruction file that exists but is empty, `{}`, `null`, malformed
 * or null-valued; metadata with some envelope keys and not the rest) are DECRYPTION_FAILED
 * naming the object. The read policy: legacy AES-CBC is refused unless opted in, and a
 * client-side-only or encryption-required read refuses plain and SSE-only objects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openObject, probeObject, readInstructionFile } from '../../../src/crypto/open-object.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { legacyKms, v2KmsContextGcm } from '../../fixtures/crypto/cse-fixtures.js';
import { MemoryStore } from './support/memory-store.js';
import { PLAINTEXT, rejectionOf } from './support/open-object-suite.js';

let wh: string;
let kms: LocalKms;
let keyArn: string;
let store: MemoryStore;
let n = 0;

beforeAll(async () => {
  wh = mkdtempSync(join(tmpdir(), 'aegis-half-'));
  kms = new LocalKms({ warehouse: wh, principal: 'alice' });
  keyArn = (await kms.createKey()).arn;
  store = new MemoryStore();
  await store.createBucket('b');
});
afterAll(() => rmSync(wh, { recursive: true, force: true }));

const enc = (s: string) => new TextEncoder().encode(s);

/** Puts an object (and optionally its instruction file) and expects the typed refusal. */
async function refused(body: Uint8Array, metadata: Record<string, string>, instruction: string | undefined, code: string, opts: { expectClientSide?: boolean } = {}): Promise<string> {
  const key = `h/${n++}.csv`;
  if (instruction !== undefined) await store.put('b', `${key}.instruction`, enc(instruction), { metadata: { 'x-amz-crypto-instr-file': '' } });
  await store.put('b', key, body, { metadata });
  for (const read of [() => probeObject(store, 'b', key, opts), () => openObject(store, kms, 'b', key, opts)]) {
    const e = await rejectionOf(read());
    expect(e.code, `${key}: ${e.message}`).toBe(code);
    expect(e.message).toContain(`s3://b/${key}`);
    expect(e.details.uri).toBe(`s3://b/${key}`);
  }
  return key;
}

describe('instruction files that exist but hold no envelope', () => {
  it('empty, {}, null, [], a string, malformed, or null-valued: DECRYPTION_FAILED, with or without a metadata hint', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PLAINTEXT, { instructionFile: true });
    const nulls = Object.fromEntries(Object.keys(f.instruction!).map((k) => [k, null]));
    const bodies = ['', '{}', 'null', '[]', '"x"', '{"x-amz-key-v2": ', JSON.stringify(nulls), JSON.stringify({ ...f.instruction, 'x-amz-iv': null }),
      JSON.stringify({ ...f.instruction, 'x-amz-key-v2': { nested: 1 } }), JSON.stringify({ unrelated: 'value' }), '\uFEFF{}', '{"x-amz-key-v2":""}'];
    for (const body of bodies) {
      // With the object's own hint (x-amz-unencrypted-content-length), and with every hint
      // stripped in a table known to be client-side encrypted.
      await refused(f.body, f.metadata, body, 'DECRYPTION_FAILED');
      await refused(f.body, {}, body, 'DECRYPTION_FAILED', { expectClientSide: true });
    }
  });

  it('readInstructionFile: undefined when absent, the envelope when valid, DECRYPTION_FAILED when half there', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PLAINTEXT, { instructionFile: true });
    expect(await readInstructionFile(store, 'b', 'nothing-here')).toBeUndefined();
    await store.put('b', 'ok.instruction', enc(JSON.stringify(f.instruction)));
    expect(await readInstructionFile(store, 'b', 'ok')).toEqual(f.instruction);
    await store.put('b', 'bad.instruction', enc('{"x-amz-iv": null}'));
    await expect(readInstructionFile(store, 'b', 'bad')).rejects.toMatchObject({ code: 'DECRYPTION_FAILED', details: { uri: 's3://b/bad' } });
  });
});

describe('metadata envelopes partly present', () => {
  it('each envelope key alone, and every envelope with one key removed: DECRYPTION_FAILED, never plain', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PLAINTEXT);
    for (const k of Object.keys(f.metadata)) {
      await refused(f.body, { [k]: f.metadata[k]! }, undefined, 'DECRYPTION_FAILED');
      const md = { ...f.metadata };
      delete md[k];
      // The tag length and plaintext length are optional: the object still authenticates. Without
      // the wrapped key or the IV nothing decrypts; without the others the envelope is
      // inconsistent (CBC assumed, context unbound) — all typed, none plain.
      const key = `h/${n++}.csv`;
      await store.put('b', key, f.body, { metadata: md });
      if (k === 'x-amz-tag-len' || k === 'x-amz-unencrypted-content-length') {
        const r = await openObject(store, kms, 'b', key);
        expect(Buffer.from(r.plaintext).equals(Buffer.from(PLAINTEXT)), k).toBe(true);
        continue;
      }
      const e = await rejectionOf(openObject(store, kms, 'b', key, { policy: { allowLegacyCse: true } }));
      expect(['DECRYPTION_FAILED', 'INVALID_CIPHERTEXT', 'UNSUPPORTED_ENCRYPTION'], `${k}: ${e.message}`).toContain(e.code);
      expect(e.message).toContain(`s3://b/${key}`);
    }
  });

  it('x-amz-key-v2 without x-amz-iv, and stray V3 keys', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PLAINTEXT);
    await refused(f.body, { 'x-amz-key-v2': f.metadata['x-amz-key-v2']!, 'x-amz-wrap-alg': 'kms+context' }, undefined, 'DECRYPTION_FAILED');
    for (const v3 of ['x-amz-c', 'x-amz-3', 'x-amz-w', 'x-amz-t', 'x-amz-m', 'x-amz-d', 'x-amz-i']) {
      await refused(f.body, { [v3]: '12' }, undefined, 'DECRYPTION_FAILED');
    }
  });

  it('x-amz-unencrypted-content-length alone (the envelope went with a deleted instruction file)', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PLAINTEXT, { instructionFile: true });
    const key = await refused(f.body, f.metadata, undefined, 'DECRYPTION_FAILED');
    const e = await rejectionOf(probeObject(store, 'b', key));
    expect(e.message).toMatch(/x-amz-unencrypted-content-length/);
    expect(e.message).toMatch(/\.instruction/);
  });
});

describe('legacy AES-CBC is opt-in', () => {
  it('refused by default naming the opt-in; read as before with it', async () => {
    for (const f of [await legacyKms(kms, keyArn, PLAINTEXT, 'CBC'), await legacyKms(kms, keyArn, PLAINTEXT, 'CBC', { omitCekAlg: true })]) {
      const key = `cbc/${n++}.csv`;
      await store.put('b', key, f.body, { metadata: f.metadata });
      const e = await rejectionOf(openObject(store, kms, 'b', key));
      expect(e.code).toBe('UNSUPPORTED_ENCRYPTION');
      expect(e.message).toContain(`s3://b/${key}`);
      expect(e.message).toContain("'aegis.allow_legacy_cse'='true'");
      expect(e.details).toMatchObject({ mode: 'CSE_KMS', contentAlg: 'AES/CBC/PKCS5Padding', optIn: 'aegis.allow_legacy_cse' });
      const ok = await openObject(store, kms, 'b', key, { policy: { allowLegacyCse: true } });
      expect(Buffer.from(ok.plaintext).equals(Buffer.from(PLAINTEXT))).toBe(true);
    }
    // Legacy `kms` wrap with GCM is authenticated: read without the opt-in.
    const g = await legacyKms(kms, keyArn, PLAINTEXT, 'GCM');
    await store.put('b', 'legacy-gcm', g.body, { metadata: g.metadata });
    expect(Buffer.from((await openObject(store, kms, 'b', 'legacy-gcm')).plaintext).equals(Buffer.from(PLAINTEXT))).toBe(true);
  });

  it('a GCM object relabelled CBC is refused by default before KMS is asked', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PLAINTEXT);
    const before = (await kms.readAudit()).length;
    await refused(f.body, { ...f.metadata, 'x-amz-cek-alg': 'AES/CBC/PKCS5Padding' }, undefined, 'UNSUPPORTED_ENCRYPTION');
    const cek = { ...f.metadata };
    delete cek['x-amz-cek-alg'];
    await refused(f.body, cek, undefined, 'UNSUPPORTED_ENCRYPTION');
    expect((await kms.readAudit()).length).toBe(before);
  });
});

describe('read policy', () => {
  it('client-side required: plain, SSE-S3 and SSE-KMS objects are ENCRYPTION_REQUIRED naming object and reason', async () => {
    const policy = { requireClientSide: "table db.t has has_encrypted_data='true'" };
    await store.put('b', 'p/plain', PLAINTEXT);
    await store.put('b', 'p/sse-s3', PLAINTEXT, { sse: { mode: 'SSE_S3' } });
    await store.put('b', 'p/sse-kms', PLAINTEXT, { sse: { mode: 'SSE_KMS', kmsKeyId: keyArn } });
    for (const [key, mode] of [['p/plain', 'NONE'], ['p/sse-s3', 'SSE_S3'], ['p/sse-kms', 'SSE_KMS']] as const) {
      const e = await rejectionOf(openObject(store, kms, 'b', key, { expectClientSide: true, policy }));
      expect(e.code).toBe('ENCRYPTION_REQUIRED');
      expect(e.details).toEqual({ uri: `s3://b/${key}`, mode, required: 'CSE_KMS' });
      expect(e.message).toContain(`s3://b/${key}`);
      expect(e.message).toContain("has_encrypted_data='true'");
    }
    const f = await v2KmsContextGcm(kms, keyArn, PLAINTEXT);
    await store.put('b', 'p/cse', f.body, { metadata: f.metadata });
    expect(Buffer.from((await openObject(store, kms, 'b', 'p/cse', { expectClientSide: true, policy })).plaintext).equals(Buffer.from(PLAINTEXT))).toBe(true);
  });

  it('encryption required: plain objects refused, SSE and CSE read', async () => {
    const policy = { requireEncryption: 'the engine requires encryption' };
    await store.put('b', 'q/plain', PLAINTEXT);
    await store.put('b', 'q/sse', PLAINTEXT, { sse: { mode: 'SSE_S3' } });
    const e = await rejectionOf(openObject(store, kms, 'b', 'q/plain', { policy }));
    expect(e.code).toBe('ENCRYPTION_REQUIRED');
    expect(e.details).toEqual({ uri: 's3://b/q/plain', mode: 'NONE', required: 'ANY' });
    expect((await openObject(store, kms, 'b', 'q/sse', { policy })).descriptor.mode).toBe('SSE_S3');
  });
});
