import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptGcmPart, GcmPartDecryptor, gcmTagMatches, gcmTagOfParts, gfMul, planGcmParts, type GcmPart } from '../../../src/crypto/gcm-parts.js';

/** Node's own AES-256-GCM (no AAD): the reference every split decryption must equal. */
function sealNode(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): { ct: Uint8Array; tag: Uint8Array } {
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return { ct, tag: c.getAuthTag() };
}

/** A random key, IV and plaintext of `n` bytes, sealed by Node. */
function sealedFixture(n: number) {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const plaintext = randomBytes(n);
  return { key, iv, plaintext, ...sealNode(key, iv, plaintext) };
}

function decryptInParts(key: Uint8Array, iv: Uint8Array, ct: Uint8Array, parts: Array<{ start: number; end: number }>): { plain: Uint8Array; tag: Uint8Array } {
  const plain = new Uint8Array(ct.length);
  const done: GcmPart[] = parts.map((p) => decryptGcmPart(key, iv, ct.subarray(p.start, p.end), p.start, plain.subarray(p.start, p.end)));
  return { plain, tag: gcmTagOfParts(key, iv, done) };
}

describe('GCM decrypted in parts', () => {
  it('gfMul has the field 1 as identity and is commutative', () => {
    const one = 1n << 127n;
    const a = BigInt(`0x${randomBytes(16).toString('hex')}`);
    const b = BigInt(`0x${randomBytes(16).toString('hex')}`);
    expect(gfMul(a, one)).toBe(a);
    expect(gfMul(a, b)).toBe(gfMul(b, a));
    expect(gfMul(a, 0n)).toBe(0n);
  });

  it('equals Node GCM, plaintext and tag, for any length and any split into whole blocks', () => {
    const lengths = [0, 1, 15, 16, 17, 31, 32, 33, 100, 4096, 65_537, 1_000_003];
    for (const n of lengths) {
      const key = randomBytes(32);
      const iv = randomBytes(12);
      const plaintext = randomBytes(n);
      const { ct, tag } = sealNode(key, iv, plaintext);
      for (const want of [1, 2, 3, 7, 64]) {
        const parts = planGcmParts(n, want, 16);
        // The plan covers the body exactly, on block boundaries, in at most `want` parts.
        expect(parts.length).toBeLessThanOrEqual(Math.max(1, want));
        let at = 0;
        for (const p of parts) {
          expect(p.start).toBe(at);
          expect(p.start % 16).toBe(0);
          at = p.end;
        }
        expect(at).toBe(n);
        const got = decryptInParts(key, iv, ct, parts);
        expect(Buffer.from(got.plain).equals(plaintext)).toBe(true);
        expect(Buffer.from(got.tag).toString('hex')).toBe(Buffer.from(tag).toString('hex'));
        expect(gcmTagMatches(got.tag, tag)).toBe(true);
      }
    }
  });

  it('uneven parts combine too (every part but the last whole blocks)', () => {
    const { key, iv, plaintext, ct, tag } = sealedFixture(10_000);
    const cuts = [0, 16, 48, 4096, 4112, 9984, 10_000];
    const parts = cuts.slice(1).map((end, i) => ({ start: cuts[i]!, end }));
    const got = decryptInParts(key, iv, ct, parts);
    expect(Buffer.from(got.plain).equals(plaintext)).toBe(true);
    expect(gcmTagMatches(got.tag, tag)).toBe(true);
  });

  it('any altered byte, in any part, or a wrong IV changes the tag', () => {
    const { key, iv, plaintext, ct, tag } = sealedFixture(5000);
    const parts = planGcmParts(ct.length, 4, 16);
    for (const at of [0, 15, 16, 1249, 1250, 2511, 4999]) {
      const bad = Uint8Array.from(ct);
      bad[at]! ^= 0x01;
      expect(gcmTagMatches(decryptInParts(key, iv, bad, parts).tag, tag)).toBe(false);
    }
    const otherIv = Uint8Array.from(iv);
    otherIv[0]! ^= 0x80;
    expect(gcmTagMatches(decryptInParts(key, otherIv, ct, parts).tag, tag)).toBe(false);
    // A part dropped from the end, or two parts swapped, is caught as well.
    const done = parts.map((p) => decryptGcmPart(key, iv, ct.subarray(p.start, p.end), p.start, new Uint8Array(p.end - p.start)));
    expect(gcmTagMatches(gcmTagOfParts(key, iv, done.slice(0, -1)), tag)).toBe(false);
    expect(gcmTagMatches(gcmTagOfParts(key, iv, [done[1]!, done[0]!, ...done.slice(2)]), tag)).toBe(false);
  });

  it('refuses a part that does not start on a block boundary', () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    expect(() => decryptGcmPart(key, iv, new Uint8Array(32), 8, new Uint8Array(32))).toThrow(/block boundary/);
  });
});

describe('GcmPartDecryptor', () => {
  it('a part given in windows equals the part given at once', () => {
    const { key, iv, plaintext, ct, tag } = sealedFixture(70_001);
    const parts = planGcmParts(ct.length, 3, 16);
    const plain = new Uint8Array(ct.length);
    const done = parts.map((p) => {
      const d = new GcmPartDecryptor(key, iv, p.start);
      // Windows of 4096, 16 and the rest, each but the last whole blocks.
      for (let at = p.start, k = 0; at < p.end; k++) {
        const end = Math.min(p.end, at + (k % 2 === 0 ? 4096 : 16));
        d.update(ct.subarray(at, end), plain.subarray(at, end));
        at = end;
      }
      return d.finish();
    });
    expect(Buffer.from(plain).equals(plaintext)).toBe(true);
    expect(gcmTagMatches(gcmTagOfParts(key, iv, done), tag)).toBe(true);
  });

  it('refuses a window after a partial block, and a second finish', () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const d = new GcmPartDecryptor(key, iv, 0);
    d.update(new Uint8Array(20), new Uint8Array(20));
    expect(() => d.update(new Uint8Array(16), new Uint8Array(16))).toThrow(/partial block/);
    d.finish();
    expect(() => d.finish()).toThrow(/twice/);
  });
});
