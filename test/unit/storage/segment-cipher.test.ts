import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import { openRange, sealedSize, sealedSpan, sealObject, SEGMENT_SIZE, segmentCount, TAG_SIZE } from '../../../src/storage/segment-cipher.js';

const key = randomBytes(32);
const id = randomBytes(16);

/** Decrypts plaintext [start, end] of a sealed object the way LocalStore does. */
function read(sealed: Buffer, size: number, start: number, end: number, k = key, oid = id): Buffer {
  const first = Math.floor(start / SEGMENT_SIZE);
  const last = size === 0 ? 0 : Math.floor(end / SEGMENT_SIZE);
  const span = sealedSpan(first, last, size);
  return Buffer.from(openRange(k, oid, size, sealed.subarray(span.start, span.end), start, end, 's3://b/k'));
}

describe('segment cipher', () => {
  it('has the documented layout: one 16-byte tag per 64 KiB segment, at least one segment', () => {
    expect(segmentCount(0)).toBe(1);
    expect(segmentCount(SEGMENT_SIZE)).toBe(1);
    expect(segmentCount(SEGMENT_SIZE + 1)).toBe(2);
    for (const n of [0, 1, SEGMENT_SIZE - 1, SEGMENT_SIZE, SEGMENT_SIZE + 1, 3 * SEGMENT_SIZE]) {
      expect(sealObject(key, id, randomBytes(n)).length).toBe(sealedSize(n));
      expect(sealedSize(n)).toBe(n + segmentCount(n) * TAG_SIZE);
    }
  });

  it('round-trips every range at and around segment boundaries', () => {
    for (const size of [1, SEGMENT_SIZE - 1, SEGMENT_SIZE, SEGMENT_SIZE + 1, 2 * SEGMENT_SIZE, 2 * SEGMENT_SIZE + 7]) {
      const plain = randomBytes(size);
      const sealed = sealObject(key, id, plain);
      const points = [0, 1, SEGMENT_SIZE - 1, SEGMENT_SIZE, SEGMENT_SIZE + 1, 2 * SEGMENT_SIZE - 1, 2 * SEGMENT_SIZE, size - 1].filter((p) => p >= 0 && p < size);
      for (const a of points) {
        for (const b of points) {
          if (b < a) continue;
          expect(read(sealed, size, a, b).equals(plain.subarray(a, b + 1)), `size ${size} range ${a}-${b}`).toBe(true);
        }
      }
    }
  });

  it('an empty object decrypts to nothing, and its tag is still checked', () => {
    const sealed = sealObject(key, id, new Uint8Array(0));
    expect(read(sealed, 0, 0, -1).length).toBe(0);
    sealed[0]! ^= 1;
    expect(() => read(sealed, 0, 0, -1)).toThrowError(AegisError);
  });

  it('fails with DECRYPTION_FAILED under the wrong key or object id, never returning bytes', () => {
    const plain = randomBytes(1000);
    const sealed = sealObject(key, id, plain);
    for (const [k, oid] of [[randomBytes(32), id], [key, randomBytes(16)]] as const) {
      try {
        read(sealed, plain.length, 0, 999, k, oid);
        expect.unreachable();
      } catch (e) {
        expect((e as AegisError).code).toBe('DECRYPTION_FAILED');
      }
    }
  });

  it('detects a non-final segment presented as the last one (truncation to a segment boundary)', () => {
    const plain = randomBytes(2 * SEGMENT_SIZE);
    const sealed = sealObject(key, id, plain);
    // Claim the object is one segment long: segment 0 was sealed as non-final.
    expect(() => read(sealed.subarray(0, SEGMENT_SIZE + TAG_SIZE), SEGMENT_SIZE, 0, SEGMENT_SIZE - 1)).toThrowError(/segment 0/);
  });
});
