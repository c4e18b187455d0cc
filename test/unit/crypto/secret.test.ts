/** Key-holding objects never print their keys, and wipe them. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decryptGcm, encryptGcm } from '../../../src/crypto/content-cipher.js';
import { DataKeyCache } from '../../../src/crypto/data-key-cache.js';
import { SecretBytes } from '../../../src/crypto/secret.js';
import { AegisError } from '../../../src/errors.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { keyForms } from './support/open-object-suite.js';

function printed(x: unknown): string {
  return [
    inspect(x, { depth: 10, showHidden: true }),
    inspect({ nested: { x } }, { depth: 10 }),
    JSON.stringify(x),
    JSON.stringify({ nested: [x] }),
    String(x),
    `${x}`,
    format('%s %o %O %j', x, x, x, x),
  ].join('\n');
}

describe('SecretBytes', () => {
  it('prints only its length, in every form', () => {
    const raw = randomBytes(32);
    const s = SecretBytes.copyOf(raw);
    const out = printed(s);
    for (const form of keyForms(raw)) expect(out).not.toContain(form);
    expect(String(s)).toBe('SecretBytes([redacted] 32 bytes)');
    expect(JSON.stringify({ k: s })).toBe('{"k":"SecretBytes([redacted] 32 bytes)"}');
    expect(inspect(s)).toBe('SecretBytes([redacted] 32 bytes)');
    expect(Object.keys(s)).toEqual([]);
  });

  it('wipe zeroes the owned bytes and later use throws', () => {
    const raw = randomBytes(32);
    const s = new SecretBytes(raw);
    expect(s.use((b) => b[0])).toBe(raw[0]);
    s.wipe();
    expect(raw.every((b) => b === 0)).toBe(true);
    expect(s.wiped).toBe(true);
    expect(() => s.use((b) => b.length)).toThrowError(AegisError);
  });

  it('copyOf leaves the source to its owner', () => {
    const raw = randomBytes(32);
    const copy = Buffer.from(raw);
    const s = SecretBytes.copyOf(raw);
    s.wipe();
    expect(Buffer.from(raw).equals(copy)).toBe(true);
  });
});

describe('content cipher output', () => {
  it('round-trips small, chunk-sized and multi-chunk bodies; the plaintext owns its ArrayBuffer', () => {
    const key = SecretBytes.copyOf(randomBytes(32));
    for (const n of [0, 1, 100, 4095, 8 * 1024 * 1024, 8 * 1024 * 1024 + 17]) {
      const pt = randomBytes(n);
      const { iv, body } = encryptGcm(key, pt);
      expect(body.length).toBe(n + 16);
      const out = decryptGcm(key, iv, body, 's3://b/k');
      expect(Buffer.from(out).equals(pt), `n=${n}`).toBe(true);
      // Safe to transfer to a worker: no shared pool slab behind it.
      expect(out.byteOffset).toBe(0);
      expect(out.buffer.byteLength).toBe(n);
    }
  });
});

describe('content cipher into a caller buffer', () => {
  it('writes the plaintext into a SharedArrayBuffer, and wipes it when the tag does not verify', () => {
    const key = SecretBytes.copyOf(randomBytes(32));
    for (const n of [0, 5, 1024 * 1024, 3 * 1024 * 1024 + 7]) {
      const pt = randomBytes(n);
      const { iv, body } = encryptGcm(key, pt);
      let given: Uint8Array | undefined;
      const into = (length: number): Uint8Array => (given = new Uint8Array(new SharedArrayBuffer(length)));
      const out = decryptGcm(key, iv, body, 's3://b/k', into);
      expect(out).toBe(given);
      expect(out.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Buffer.from(out).equals(pt), `n=${n}`).toBe(true);
      if (n === 0) continue;
      const bad = Uint8Array.from(body);
      bad[bad.length - 1]! ^= 1;
      let failed: Uint8Array | undefined;
      expect(() => decryptGcm(key, iv, bad, 's3://b/k', (length) => (failed = new Uint8Array(new SharedArrayBuffer(length))))).toThrow(/authentication tag did not verify/);
      // The unauthenticated plaintext written so far is gone.
      expect(failed!.every((b) => b === 0), `n=${n}`).toBe(true);
    }
  });
});

describe('content cipher errors', () => {
  it('a wrong key gives DECRYPTION_FAILED without key bytes in the message', () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const { iv, body } = encryptGcm(SecretBytes.copyOf(k1), new TextEncoder().encode('hello'));
    try {
      decryptGcm(SecretBytes.copyOf(k2), iv, body, 's3://b/k');
      throw new Error('decrypted with the wrong key');
    } catch (e) {
      expect(e).toBeInstanceOf(AegisError);
      const err = e as AegisError;
      expect(err.code).toBe('DECRYPTION_FAILED');
      const out = printed(err) + err.stack;
      for (const form of [...keyForms(k1), ...keyForms(k2)]) expect(out).not.toContain(form);
    }
  });
});

describe('DataKeyCache', () => {
  it('dispose wipes the plaintext keys KMS returned', async () => {
    const wh = mkdtempSync(join(tmpdir(), 'aegis-dkc-'));
    try {
      const kms = new LocalKms({ warehouse: wh, principal: 'p' });
      const { arn } = await kms.createKey();
      const dk = await kms.generateDataKey(arn, { a: '1' });
      const expected = Buffer.from(dk.plaintext);
      // Capture the array KMS hands to the cache, to prove dispose wipes that very memory.
      let handed: Uint8Array | undefined;
      const spy = {
        ...kms,
        kind: 'local' as const,
        generateDataKey: kms.generateDataKey.bind(kms),
        encrypt: kms.encrypt.bind(kms),
        describeKey: kms.describeKey.bind(kms),
        decrypt: async (blob: Uint8Array, ctx?: Record<string, string>) => {
          const r = await kms.decrypt(blob, ctx);
          handed = r.plaintext;
          return r;
        },
      };
      const cache = new DataKeyCache();
      const [u1, u2] = await Promise.all([cache.unwrap(spy, dk.ciphertextBlob, { a: '1' }), cache.unwrap(spy, dk.ciphertextBlob, { a: '1' })]);
      expect(cache.kmsCalls).toBe(1);
      expect([u1.kmsCall, u2.kmsCall].sort()).toEqual([false, true]);
      expect(u1.key.use((b) => Buffer.from(b).equals(expected))).toBe(true);
      // Same blob, different context: a distinct entry (and KMS rejects it).
      await expect(cache.unwrap(spy, dk.ciphertextBlob, { a: '2' })).rejects.toMatchObject({ code: 'INVALID_CIPHERTEXT' });
      expect(cache.kmsCalls).toBe(2);
      expect(cache.size).toBe(1);
      const out = printed(cache);
      for (const form of keyForms(expected)) expect(out).not.toContain(form);
      expect(String(cache)).toBe('DataKeyCache(1 keys, 2 KMS calls)');
      cache.dispose();
      expect(handed!.every((b) => b === 0)).toBe(true);
      expect(u1.key.wiped).toBe(true);
      dk.wipe();
    } finally {
      rmSync(wh, { recursive: true, force: true });
    }
  });
});
