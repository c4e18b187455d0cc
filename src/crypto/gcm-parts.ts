/**
 * AES-256-GCM over parts of one body, so several threads can decrypt one client-side encrypted
 * object while it is still authenticated whole (NIST SP 800-38D).
 *
 * GCM is CTR encryption plus GHASH, a polynomial over the ciphertext's 16-byte blocks evaluated
 * at H = E(K, 0¹²⁸). Both split at block boundaries:
 * - CTR: block b of the ciphertext uses counter `IV ‖ (b + 2)` (J0 = `IV ‖ 1` is kept for the
 *   tag), so a part starting at byte 16·b decrypts on its own with AES-CTR from that counter.
 * - GHASH: over blocks C₁…Cₘ it is Σ Cᵢ·H^(m+1−i). A part's own GHASH, multiplied by H raised
 *   to the number of blocks after it, is its share of the whole; summing the shares (XOR) in
 *   order is Horner's rule over the parts.
 *
 * A part's GHASH comes from OpenSSL's own GHASH: GCM over the part as AAD with no plaintext
 * yields `E(K, J0) ⊕ GHASH(part ‖ len)`, from which the part's term is recovered here. Only
 * the few multiplications that combine parts run in JavaScript.
 *
 * The plaintext of a part is not authenticated until {@link gcmTagOfParts} over all parts
 * equals the body's tag: callers keep it from every reader until then, and wipe it if not.
 */
import { createCipheriv, timingSafeEqual } from 'node:crypto';
import { CIPHER_PIECE_BYTES, GCM_IV_BYTES, GCM_TAG_BYTES } from './content-cipher.js';

const BLOCK = 16;
const PIECE = CIPHER_PIECE_BYTES;
/** GCM's R polynomial, x¹²⁸ + x⁷ + x² + x + 1 in GCM's bit order. */
const R = 0xe1n << 120n;
const MASK128 = (1n << 128n) - 1n;

/** One part's result: its ciphertext length and its GHASH term (GHASH(part)·H, 16 bytes). */
export interface GcmPart {
  readonly bytes: number;
  readonly ghash: Uint8Array;
}

function toBig(b: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex') || '0'}`);
}

function toBytes(x: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(x.toString(16).padStart(32, '0'), 'hex'));
}

/** Multiplication in GF(2¹²⁸) with GCM's bit order (SP 800-38D, algorithm 1). */
export function gfMul(x: bigint, y: bigint): bigint {
  let z = 0n;
  let v = y;
  for (let i = 127n; i >= 0n; i--) {
    if ((x >> i) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ R : v >> 1n;
  }
  return z & MASK128;
}

function gfPow(h: bigint, n: number): bigint {
  let result = 1n << 127n; // the field's 1 (x⁰ is the leftmost bit)
  let base = h;
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = gfMul(result, base);
    base = gfMul(base, base);
  }
  return result;
}

/** The GHASH length block for `aadBytes` of AAD and `ctBytes` of ciphertext. */
function lengthBlock(aadBytes: number, ctBytes: number): bigint {
  return (BigInt(aadBytes * 8) << 64n) | BigInt(ctBytes * 8);
}

/** E(K, block) for one block. */
function encryptBlock(key: Uint8Array, block: Uint8Array): bigint {
  const c = createCipheriv('aes-256-ecb', key, null);
  c.setAutoPadding(false);
  return toBig(c.update(block));
}

function counterBlock(iv: Uint8Array, counter: number): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.set(iv, 0);
  b.writeUInt32BE(counter, GCM_IV_BYTES);
  return b;
}

/**
 * Splits `ciphertextBytes` into at most `parts` ranges `[start, end)` on block boundaries, none
 * smaller than `minBytes` unless the whole is.
 */
export function planGcmParts(ciphertextBytes: number, parts: number, minBytes: number): Array<{ start: number; end: number }> {
  const blocks = Math.ceil(ciphertextBytes / BLOCK);
  const per = Math.max(Math.ceil(minBytes / BLOCK), Math.ceil(blocks / Math.max(1, parts)), 1);
  const out: Array<{ start: number; end: number }> = [];
  for (let b = 0; b < blocks; b += per) out.push({ start: b * BLOCK, end: Math.min(ciphertextBytes, (b + per) * BLOCK) });
  return out;
}

/**
 * Decrypts one part of a body, window by window, and yields its GHASH term. Windows come in
 * order; every window but the part's last is a whole number of blocks. The plaintext is NOT
 * authenticated yet (see the file comment). Misuse (an unaligned start or window, a counter
 * past GCM's limit) throws a plain Error.
 */
export class GcmPartDecryptor {
  readonly #ctr;
  readonly #gmac;
  readonly #h: bigint;
  readonly #ej0: bigint;
  #bytes = 0;
  #ended = false;

  constructor(key: Uint8Array, iv: Uint8Array, readonly start: number) {
    if (iv.length !== GCM_IV_BYTES) throw new Error(`GCM IV has ${iv.length} bytes, expected ${GCM_IV_BYTES}`);
    if (start % BLOCK !== 0) throw new Error(`GCM part starts at ${start}, not on a block boundary`);
    this.#ctr = createCipheriv('aes-256-ctr', key, counterBlock(iv, start / BLOCK + 2));
    // GMAC over the part: tag = E(K, J0) ⊕ GHASH(part ‖ len(part, 0)), where
    // GHASH(part ‖ L) = GHASH(part)·H ⊕ L·H. AAD may be given in several calls.
    this.#gmac = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
    this.#h = encryptBlock(key, new Uint8Array(BLOCK));
    this.#ej0 = encryptBlock(key, counterBlock(iv, 1));
  }

  /** Decrypts the next `ciphertext` of the part into `into` (of the same length). */
  update(ciphertext: Uint8Array, into: Uint8Array): void {
    if (this.#ended) throw new Error('GCM part window after the part ended');
    if (this.#bytes % BLOCK !== 0) throw new Error('GCM part window after a partial block');
    if (into.length !== ciphertext.length) throw new Error(`GCM part output has ${into.length} bytes for ${ciphertext.length}`);
    // GCM increments only the low 32 bits; AES-CTR carries into the IV. They agree below 2³²,
    // and GCM allows no more than 2³² − 2 blocks anyway.
    if (this.start / BLOCK + 2 + Math.ceil((this.#bytes + ciphertext.length) / BLOCK) > 0xffffffff) throw new Error('GCM body is longer than GCM allows');
    for (let off = 0; off < ciphertext.length; off += PIECE) {
      const piece = this.#ctr.update(ciphertext.subarray(off, Math.min(off + PIECE, ciphertext.length)));
      into.set(piece, off);
      piece.fill(0);
    }
    this.#gmac.setAAD(ciphertext);
    this.#bytes += ciphertext.length;
  }

  /** The part's length and GHASH term. */
  finish(): GcmPart {
    if (this.#ended) throw new Error('GCM part finished twice');
    this.#ended = true;
    this.#ctr.final();
    this.#gmac.final();
    const tag = toBig(this.#gmac.getAuthTag());
    const term = tag ^ this.#ej0 ^ gfMul(lengthBlock(this.#bytes, 0), this.#h);
    return { bytes: this.#bytes, ghash: toBytes(term) };
  }
}

/** Decrypts one whole part at once (see {@link GcmPartDecryptor}). */
export function decryptGcmPart(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, start: number, into: Uint8Array): GcmPart {
  const d = new GcmPartDecryptor(key, iv, start);
  d.update(ciphertext, into);
  return d.finish();
}

/**
 * The GCM tag of a body whose ciphertext is the given parts in order (no AAD): the tag to
 * compare with the body's own, e.g. by {@link gcmTagMatches}. Every part but the last must be a
 * whole number of blocks.
 */
export function gcmTagOfParts(key: Uint8Array, iv: Uint8Array, parts: readonly GcmPart[]): Uint8Array {
  const h = encryptBlock(key, new Uint8Array(BLOCK));
  let acc = 0n;
  let total = 0;
  const powers = new Map<number, bigint>();
  for (const [i, p] of parts.entries()) {
    if (i < parts.length - 1 && p.bytes % BLOCK !== 0) throw new Error(`GCM part ${i} of ${p.bytes} bytes is not whole blocks`);
    const blocks = Math.ceil(p.bytes / BLOCK);
    let hk = powers.get(blocks);
    if (hk === undefined) powers.set(blocks, (hk = gfPow(h, blocks)));
    acc = gfMul(acc, hk) ^ toBig(p.ghash);
    total += p.bytes;
  }
  const ghash = acc ^ gfMul(lengthBlock(0, total), h);
  return toBytes(ghash ^ encryptBlock(key, counterBlock(iv, 1)));
}

/** Constant-time comparison of a computed tag with the body's. */
export function gcmTagMatches(computed: Uint8Array, tag: Uint8Array): boolean {
  return computed.length === tag.length && timingSafeEqual(computed, tag);
}
