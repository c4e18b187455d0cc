/**
 * Segmented AEAD for objects at rest (the idea of MinIO's DARE format): the plaintext is cut into
 * fixed-size segments, each sealed with AES-256-GCM under the object's own data key. A ranged read
 * decrypts only the segments it touches, and every byte it returns was authenticated.
 *
 * Layout on disk: `seal(segment 0) ‖ seal(segment 1) ‖ …`, each `ciphertext ‖ 16-byte tag`. An
 * empty object is one empty final segment, so emptiness is authenticated too.
 *
 * - Nonce: 4 zero bytes ‖ uint64 BE segment index. Unique because every object has its own random
 *   data key.
 * - AAD: `aegis-seg-v1` ‖ object id (16 bytes) ‖ uint64 BE index ‖ final flag. Swapping segments
 *   between positions or objects, dropping trailing segments, or moving the final marker all fail
 *   the tag check.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { AegisError } from '../errors.js';

/** Plaintext bytes per segment. */
export const SEGMENT_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const OBJECT_ID_SIZE = 16;
const AAD_LABEL = Buffer.from('aegis-seg-v1', 'ascii');

/** Number of segments an object of `size` plaintext bytes is stored in (at least one). */
export function segmentCount(size: number): number {
  return Math.max(1, Math.ceil(size / SEGMENT_SIZE));
}

/** Stored (ciphertext) size of an object of `size` plaintext bytes. */
export function sealedSize(size: number): number {
  return size + segmentCount(size) * TAG_SIZE;
}

function nonceFor(index: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function aadFor(objectId: Uint8Array, index: number, final: boolean): Buffer {
  const aad = Buffer.alloc(AAD_LABEL.length + OBJECT_ID_SIZE + 9);
  AAD_LABEL.copy(aad, 0);
  aad.set(objectId, AAD_LABEL.length);
  aad.writeBigUInt64BE(BigInt(index), AAD_LABEL.length + OBJECT_ID_SIZE);
  aad[aad.length - 1] = final ? 1 : 0;
  return aad;
}

function checkKey(dataKey: Uint8Array, objectId: Uint8Array): void {
  if (dataKey.length !== 32) throw new AegisError('INTERNAL_ERROR', 'Segment cipher needs a 256-bit data key.');
  if (objectId.length !== OBJECT_ID_SIZE) throw new AegisError('INTERNAL_ERROR', 'Segment cipher needs a 16-byte object id.');
}

/** Encrypts a whole object. The caller owns and wipes `dataKey`. */
export function sealObject(dataKey: Uint8Array, objectId: Uint8Array, plaintext: Uint8Array): Buffer {
  checkKey(dataKey, objectId);
  const count = segmentCount(plaintext.length);
  const out = Buffer.allocUnsafe(sealedSize(plaintext.length));
  let w = 0;
  for (let i = 0; i < count; i++) {
    const seg = plaintext.subarray(i * SEGMENT_SIZE, Math.min(plaintext.length, (i + 1) * SEGMENT_SIZE));
    const c = createCipheriv('aes-256-gcm', dataKey, nonceFor(i));
    c.setAAD(aadFor(objectId, i, i === count - 1));
    w += c.update(seg).copy(out, w);
    w += c.final().copy(out, w);
    w += c.getAuthTag().copy(out, w);
  }
  return out;
}

/**
 * Seals an object segment by segment as its bytes arrive, for streamed writes. The last segment
 * is held back until {@link SegmentSealer.finish}, because its AAD carries the final flag. The
 * output equals {@link sealObject} over the concatenated input.
 */
export class SegmentSealer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  /** Plaintext bytes taken so far. */
  size = 0;

  constructor(
    private readonly dataKey: Uint8Array,
    private readonly objectId: Uint8Array,
  ) {
    checkKey(dataKey, objectId);
  }

  /** Takes plaintext; returns the sealed segments now complete (never the last one). */
  update(chunk: Uint8Array): Buffer[] {
    this.size += chunk.length;
    this.pending.push(Buffer.from(chunk));
    this.pendingBytes += chunk.length;
    const out: Buffer[] = [];
    // Keep more than one segment's worth back: only finish() knows which segment is last.
    while (this.pendingBytes > SEGMENT_SIZE) {
      const all = Buffer.concat(this.pending);
      out.push(this.sealSegment(all.subarray(0, SEGMENT_SIZE), false));
      const rest = all.subarray(SEGMENT_SIZE);
      this.pending = [rest];
      this.pendingBytes = rest.length;
    }
    return out;
  }

  /** Seals the last segment (empty for an empty object). */
  finish(): Buffer {
    const last = this.sealSegment(Buffer.concat(this.pending), true);
    this.pending = [];
    this.pendingBytes = 0;
    return last;
  }

  private sealSegment(seg: Uint8Array, final: boolean): Buffer {
    const c = createCipheriv('aes-256-gcm', this.dataKey, nonceFor(this.index));
    c.setAAD(aadFor(this.objectId, this.index, final));
    this.index++;
    return Buffer.concat([c.update(seg), c.final(), c.getAuthTag()]);
  }
}

/** The stored byte span `[start, end)` holding plaintext segments `first..last` (inclusive). */
export function sealedSpan(first: number, last: number, size: number): { start: number; end: number } {
  const stride = SEGMENT_SIZE + TAG_SIZE;
  const lastPlainEnd = Math.min(size, (last + 1) * SEGMENT_SIZE);
  return { start: first * stride, end: lastPlainEnd + (last + 1) * TAG_SIZE };
}

/**
 * Decrypts plaintext bytes `[start, end]` (inclusive) of an object of `size` bytes, given the
 * stored bytes of the segments that cover them (as located by {@link sealedSpan}). Throws
 * `DECRYPTION_FAILED` if any touched segment fails authentication.
 * @param into where the plaintext goes (at offset 0; `end - start + 1` bytes), instead of a new
 *   buffer; on failure, what was written there is wiped.
 */
export function openRange(
  dataKey: Uint8Array,
  objectId: Uint8Array,
  size: number,
  sealed: Uint8Array,
  start: number,
  end: number,
  uri: string,
  into?: Uint8Array,
): Uint8Array {
  checkKey(dataKey, objectId);
  const count = segmentCount(size);
  const first = Math.floor(start / SEGMENT_SIZE);
  const last = size === 0 ? 0 : Math.floor(end / SEGMENT_SIZE);
  const span = sealedSpan(first, last, size);
  if (sealed.length !== span.end - span.start) {
    throw new AegisError('DECRYPTION_FAILED', `Stored object ${uri} is truncated or has the wrong length.`, { uri });
  }
  const length = size === 0 ? 0 : end - start + 1;
  if (into && into.length !== length) throw new AegisError('INTERNAL_ERROR', `A ${into.length}-byte target for ${length} bytes of ${uri}`);
  const out = into ?? Buffer.allocUnsafe(length);
  let r = 0;
  let w = 0;
  for (let i = first; i <= last; i++) {
    const plainLen = Math.min(size, (i + 1) * SEGMENT_SIZE) - i * SEGMENT_SIZE;
    const ct = sealed.subarray(r, r + plainLen);
    const tag = sealed.subarray(r + plainLen, r + plainLen + TAG_SIZE);
    r += plainLen + TAG_SIZE;
    let plain: Buffer | undefined;
    try {
      const d = createDecipheriv('aes-256-gcm', dataKey, nonceFor(i));
      d.setAAD(aadFor(objectId, i, i === count - 1));
      d.setAuthTag(tag);
      plain = d.update(ct);
      // GCM's final() returns nothing; it verifies the tag before the segment is used.
      d.final();
    } catch (e) {
      // Unauthenticated plaintext does not linger.
      plain?.fill(0);
      if (into) into.fill(0, 0, w);
      throw new AegisError(
        'DECRYPTION_FAILED',
        `Stored object ${uri} failed authentication in segment ${i}: its bytes were altered or corrupted.`,
        { uri, segment: i },
        { cause: e },
      );
    }
    // Copy only the requested part of this segment.
    const from = i === first ? start - i * SEGMENT_SIZE : 0;
    const to = i === last ? end - i * SEGMENT_SIZE + 1 : plain.length;
    if (size > 0) {
      out.set(plain.subarray(from, to), w);
      w += to - from;
    }
  }
  return out;
}
