/**
 * The one KMS contract: every backend (LocalKms, AwsKms against moto) must pass it. A backend's
 * test file calls {@link registerKmsContract} inside its own `describe`.
 */
import { inspect } from 'node:util';
import { expect, it } from 'vitest';
import { isAegisError, type ErrorCode } from '../../../src/errors.js';
import type { Kms } from '../../../src/kms/kms.js';
import type { KmsAdmin } from '../../../src/kms/kms-admin.js';

export interface KmsContractOptions {
  /** Returns the backend under test (called once per test). */
  kms: () => Kms & KmsAdmin;
  /** Whether the backend implements on-demand rotation. */
  supportsRotation: boolean;
  /** Whether disabled keys refuse crypto calls (moto does not enforce key state). */
  enforcesKeyState?: boolean;
}

/** Awaits `p` and returns the AegisError it rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>, code: ErrorCode): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${code}`).toBeDefined();
  if (!isAegisError(err)) throw err;
  expect(err.code, err.message).toBe(code);
  return err;
}

let aliasSeq = 0;
const uniqueAlias = (): string => `alias/contract-${process.pid}-${Date.now()}-${aliasSeq++}`;

export function registerKmsContract(o: KmsContractOptions): void {
  it('generateDataKey returns a 32-byte key whose blob decrypts to the same bytes', async () => {
    const kms = o.kms();
    const key = await kms.createKey({ description: 'contract' });
    expect(key.arn).toMatch(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/);
    const ctx = { bucket: 'b', 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' };
    const dk = await kms.generateDataKey(key.keyId, ctx);
    expect(dk.keyId).toBe(key.arn);
    expect(dk.plaintext.length).toBe(32);
    expect(Buffer.from(dk.plaintext).equals(Buffer.alloc(32))).toBe(false);
    const out = await kms.decrypt(dk.ciphertextBlob, ctx);
    expect(out.keyId).toBe(key.arn);
    expect(Buffer.from(out.plaintext).equals(Buffer.from(dk.plaintext))).toBe(true);
    const again = await kms.generateDataKey(key.arn, ctx, 16);
    expect(again.plaintext.length).toBe(16);
  });

  it('encrypt/decrypt round-trips arbitrary bytes, by id, ARN and alias', async () => {
    const kms = o.kms();
    const alias = uniqueAlias();
    const key = await kms.createKey({ alias });
    const msg = new TextEncoder().encode('the quick brown fox');
    for (const ref of [key.keyId, key.arn, alias]) {
      const enc = await kms.encrypt(ref, msg, { purpose: 'test' });
      expect(enc.keyId).toBe(key.arn);
      expect(Buffer.from(enc.ciphertextBlob).includes(Buffer.from(msg))).toBe(false);
      const dec = await kms.decrypt(enc.ciphertextBlob, { purpose: 'test' });
      expect(new TextDecoder().decode(dec.plaintext)).toBe('the quick brown fox');
    }
    const d = await kms.describeKey(alias);
    expect(d.arn).toBe(key.arn);
    expect(d.keyState).toBe('Enabled');
    expect(d.enabled).toBe(true);
  });

  it('a wrong, missing or extended encryption context is INVALID_CIPHERTEXT', async () => {
    const kms = o.kms();
    const key = await kms.createKey({});
    const dk = await kms.generateDataKey(key.keyId, { table: 'orders' });
    const contexts: (Record<string, string> | undefined)[] = [{ table: 'lineitem' }, undefined, { table: 'orders', extra: 'x' }, { TABLE: 'orders' }];
    for (const ctx of contexts) {
      const e = await rejection(kms.decrypt(dk.ciphertextBlob, ctx), 'INVALID_CIPHERTEXT');
      expect(e.details.kmsError).toBe('InvalidCiphertextException');
    }
    const enc = await kms.encrypt(key.keyId, new Uint8Array([1, 2, 3]));
    await rejection(kms.decrypt(enc.ciphertextBlob, { any: 'thing' }), 'INVALID_CIPHERTEXT');
  });

  it('a tampered blob fails', async () => {
    const kms = o.kms();
    const key = await kms.createKey({});
    const dk = await kms.generateDataKey(key.keyId, { a: '1' });
    const blob = Uint8Array.from(dk.ciphertextBlob);
    for (const pos of [blob.length - 1, blob.length - 20]) {
      const t = Uint8Array.from(blob);
      t[pos] = t[pos]! ^ 0x01;
      const e = await rejection(kms.decrypt(t, { a: '1' }), 'INVALID_CIPHERTEXT');
      expect(e.details.kmsError).toBe('InvalidCiphertextException');
    }
  });

  it.runIf(o.enforcesKeyState !== false)('a disabled key is KMS_DISABLED for new data keys and for decrypt, until re-enabled', async () => {
    const kms = o.kms();
    const key = await kms.createKey({});
    const dk = await kms.generateDataKey(key.keyId);
    const disabled = await kms.disableKey(key.keyId);
    expect(disabled.keyState).toBe('Disabled');
    expect((await kms.describeKey(key.arn)).enabled).toBe(false);
    const e1 = await rejection(kms.generateDataKey(key.keyId), 'KMS_DISABLED');
    expect(e1.details.kmsError).toBe('DisabledException');
    await rejection(kms.decrypt(dk.ciphertextBlob), 'KMS_DISABLED');
    await rejection(kms.encrypt(key.keyId, new Uint8Array([1])), 'KMS_DISABLED');
    await kms.enableKey(key.keyId);
    const out = await kms.decrypt(dk.ciphertextBlob);
    expect(Buffer.from(out.plaintext).equals(Buffer.from(dk.plaintext))).toBe(true);
  });

  it('an unknown key is NOT_FOUND', async () => {
    const kms = o.kms();
    const e = await rejection(kms.generateDataKey('00000000-0000-4000-8000-000000000000'), 'NOT_FOUND');
    expect(e.details.kmsError).toBe('NotFoundException');
    await rejection(kms.describeKey('alias/does-not-exist-anywhere'), 'NOT_FOUND');
  });

  it.runIf(o.supportsRotation)('a rotated key still decrypts blobs made before the rotation', async () => {
    const kms = o.kms();
    const key = await kms.createKey({});
    const before = await kms.generateDataKey(key.keyId, { v: '1' });
    await kms.rotateKey(key.keyId);
    const after = await kms.generateDataKey(key.keyId, { v: '2' });
    const d1 = await kms.decrypt(before.ciphertextBlob, { v: '1' });
    const d2 = await kms.decrypt(after.ciphertextBlob, { v: '2' });
    expect(Buffer.from(d1.plaintext).equals(Buffer.from(before.plaintext))).toBe(true);
    expect(Buffer.from(d2.plaintext).equals(Buffer.from(after.plaintext))).toBe(true);
  });

  it('listKeys includes created keys', async () => {
    const kms = o.kms();
    const key = await kms.createKey({ description: 'listed' });
    const all = await kms.listKeys();
    expect(all.map((k) => k.arn)).toContain(key.arn);
  });

  it('returned data keys and plaintexts print and serialise without their bytes', async () => {
    const kms = o.kms();
    const key = await kms.createKey({});
    const dk = await kms.generateDataKey(key.keyId);
    const dec = await kms.decrypt(dk.ciphertextBlob);
    const b = Buffer.from(dk.plaintext);
    const forms = [b.toString('hex'), b.toString('base64'), Array.from(b).join(', ')];
    for (const printed of [inspect(dk, { depth: 5 }), JSON.stringify(dk), String(dk), inspect(dec, { depth: 5 }), JSON.stringify(dec), inspect(kms, { depth: 5 }), JSON.stringify(kms)]) {
      for (const f of forms) expect(printed.includes(f)).toBe(false);
    }
    expect(inspect(dk)).toContain('redacted 32 bytes');
  });
}
