/**
 * spooky_hash_v2_32 / spooky_hash_v2_64 (Trino's binary.md): Bob Jenkins' SpookyHash V2 with
 * seed 0 as airlift's SpookyHashV2 computes it — the short form below 192 bytes, the 12-word
 * block form above — returned big-endian (4 or 8 bytes), as Trino writes them.
 */
import { VARBINARY, defineFunction } from './signature.js';

const M = (1n << 64n) - 1n;
const MAGIC = 0xdeadbeefdeadbeefn;
const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M;

function shortHash(d: DataView, len: number): bigint {
  let h0 = 0n;
  let h1 = 0n;
  let h2 = MAGIC;
  let h3 = MAGIC;
  const word = (at: number): bigint => d.getBigUint64(at, true);
  const mix = (): void => {
    const steps: [number, number, number, number, bigint][] = [
      [2, 3, 0, 0, 50n], [3, 0, 1, 0, 52n], [0, 1, 2, 0, 30n], [1, 2, 3, 0, 41n], [2, 3, 0, 0, 54n], [3, 0, 1, 0, 48n],
      [0, 1, 2, 0, 38n], [1, 2, 3, 0, 37n], [2, 3, 0, 0, 62n], [3, 0, 1, 0, 34n], [0, 1, 2, 0, 5n], [1, 2, 3, 0, 36n],
    ];
    const h = [h0, h1, h2, h3];
    // h[a] = rotl(h[a], r); h[a] += h[b]; h[c] ^= h[a]
    for (const [a, b, c, , r] of steps) {
      h[a] = (rotl(h[a]!, r) + h[b]!) & M;
      h[c] = h[c]! ^ h[a]!;
    }
    [h0, h1, h2, h3] = h as [bigint, bigint, bigint, bigint];
  };
  let at = 0;
  while (at <= len - 32) {
    h2 = (h2 + word(at)) & M;
    h3 = (h3 + word(at + 8)) & M;
    mix();
    h0 = (h0 + word(at + 16)) & M;
    h1 = (h1 + word(at + 24)) & M;
    at += 32;
  }
  let rem = len - at;
  if (rem >= 16) {
    h2 = (h2 + word(at)) & M;
    h3 = (h3 + word(at + 8)) & M;
    mix();
    at += 16;
    rem -= 16;
  }
  const byte = (i: number): bigint => BigInt(d.getUint8(at + i));
  h3 = (h3 + (BigInt(len) << 56n)) & M;
  if (rem === 0) {
    h2 = (h2 + MAGIC) & M;
    h3 = (h3 + MAGIC) & M;
  } else if (rem >= 12) {
    for (let i = rem - 1; i >= 12; i--) h3 = (h3 + (byte(i) << BigInt(8 * (i - 8)))) & M;
    h3 = (h3 + BigInt(d.getUint32(at + 8, true))) & M;
    h2 = (h2 + word(at)) & M;
  } else if (rem >= 8) {
    for (let i = rem - 1; i >= 8; i--) h3 = (h3 + (byte(i) << BigInt(8 * (i - 8)))) & M;
    h2 = (h2 + word(at)) & M;
  } else if (rem >= 4) {
    for (let i = rem - 1; i >= 4; i--) h2 = (h2 + (byte(i) << BigInt(8 * i))) & M;
    h2 = (h2 + BigInt(d.getUint32(at, true))) & M;
  } else {
    for (let i = rem - 1; i >= 0; i--) h2 = (h2 + (byte(i) << BigInt(8 * i))) & M;
  }
  // ShortEnd: h[a] ^= h[b]; h[b] = rotl(h[b], r); h[a] += h[b]
  const h = [h0, h1, h2, h3];
  for (const [a, b, r] of [[3, 2, 15n], [0, 3, 52n], [1, 0, 26n], [2, 1, 51n], [3, 2, 28n], [0, 3, 9n], [1, 0, 47n], [2, 1, 54n],
    [3, 2, 32n], [0, 3, 25n], [1, 0, 63n]] as [number, number, bigint][]) {
    h[a] = h[a]! ^ h[b]!;
    h[b] = rotl(h[b]!, r);
    h[a] = (h[a]! + h[b]!) & M;
  }
  return h[0]!;
}

const MIX_ROT = [11n, 32n, 43n, 31n, 17n, 28n, 39n, 57n, 55n, 54n, 22n, 46n];
const END_ROT = [44n, 15n, 34n, 21n, 38n, 33n, 10n, 13n, 38n, 53n, 42n, 54n];

function longHash(d: DataView, len: number): bigint {
  const h = [0n, 0n, MAGIC, 0n, 0n, MAGIC, 0n, 0n, MAGIC, 0n, 0n, MAGIC];
  let at = 0;
  while (at <= len - 96) {
    for (let i = 0; i < 12; i++) {
      // s[i] += data[i]; s[i+2] ^= s[i+10]; s[i+11] ^= s[i]; s[i] = rotl(s[i]); s[i+11] += s[i+1]
      h[i] = (h[i]! + d.getBigUint64(at + 8 * i, true)) & M;
      h[(i + 2) % 12] = h[(i + 2) % 12]! ^ h[(i + 10) % 12]!;
      h[(i + 11) % 12] = h[(i + 11) % 12]! ^ h[i]!;
      h[i] = rotl(h[i]!, MIX_ROT[i]!);
      h[(i + 11) % 12] = (h[(i + 11) % 12]! + h[(i + 1) % 12]!) & M;
    }
    at += 96;
  }
  const remaining = len - at;
  const words = Math.floor(remaining / 8);
  for (let i = 0; i < words; i++) h[i] = (h[i]! + d.getBigUint64(at + 8 * i, true)) & M;
  let last = 0n;
  for (let i = remaining - 8 * words - 1; i >= 0; i--) last = (last << 8n) | BigInt(d.getUint8(at + 8 * words + i));
  h[words] = (h[words]! + last) & M;
  h[11] = (h[11]! + (BigInt(remaining) << 56n)) & M;
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 12; i++) {
      // h[i+11] += h[i+1]; h[i+2] ^= h[i+11]; h[i+1] = rotl(h[i+1])
      const a = (i + 11) % 12;
      const b = (i + 1) % 12;
      h[a] = (h[a]! + h[b]!) & M;
      h[(i + 2) % 12] = h[(i + 2) % 12]! ^ h[a]!;
      h[b] = rotl(h[b]!, END_ROT[i]!);
    }
  }
  return h[0]!;
}

/** SpookyHash V2, 64 bits, seed 0. */
export function spookyHash64(data: Uint8Array): bigint {
  const d = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return data.length < 192 ? shortHash(d, data.length) : longHash(d, data.length);
}

defineFunction('spooky_hash_v2_32', [{
  args: [VARBINARY], returns: VARBINARY,
  impl: ([b]) => {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, Number(spookyHash64(b as Uint8Array) & 0xffffffffn));
    return out;
  },
}]);
defineFunction('spooky_hash_v2_64', [{
  args: [VARBINARY], returns: VARBINARY,
  impl: ([b]) => {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, spookyHash64(b as Uint8Array));
    return out;
  },
}]);
