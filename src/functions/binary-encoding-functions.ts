/**
 * Integer and floating-point encodings of varbinary (Trino's binary.md): to/from_big_endian_32/64,
 * to/from_ieee754_32/64, base32 (RFC 4648), and murmur3 (MurmurHash3 x64 128-bit, seed 0, the two
 * 64-bit halves written little-endian as airlift's Murmur3Hash128). Decoders demand the exact
 * width and fail with Trino's messages otherwise.
 */
import type { Value } from '../types/value.js';
import { BIGINT, DOUBLE, INT, REAL, V, VARBINARY, defineFunction, invalidArg } from './signature.js';
import { MAX_VALUE_SIZE, valueTooLarge } from './value-size.js';

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function encode(width: 4 | 8, write: (d: DataView) => void): Uint8Array {
  const out = new Uint8Array(width);
  write(new DataView(out.buffer));
  return out;
}

defineFunction('to_big_endian_32', [{
  args: [INT], returns: VARBINARY,
  impl: ([x]) => encode(4, (d) => d.setInt32(0, x as number)),
}]);
defineFunction('from_big_endian_32', [{
  args: [VARBINARY], returns: INT,
  impl: ([b]) => {
    const v = b as Uint8Array;
    if (v.length !== 4) throw invalidArg(`expected 4-byte input, but got instead: ${v.length}`);
    return view(v).getInt32(0);
  },
}]);
defineFunction('to_big_endian_64', [{
  args: [BIGINT], returns: VARBINARY,
  impl: ([x]) => encode(8, (d) => d.setBigInt64(0, x as bigint)),
}]);
defineFunction('from_big_endian_64', [{
  args: [VARBINARY], returns: BIGINT,
  impl: ([b]) => {
    const v = b as Uint8Array;
    if (v.length !== 8) throw invalidArg(`expected 8-byte input, but got instead: ${v.length}`);
    return view(v).getBigInt64(0);
  },
}]);
defineFunction('to_ieee754_32', [{
  args: [REAL], returns: VARBINARY,
  impl: ([x]) => encode(4, (d) => d.setFloat32(0, x as number)),
}]);
defineFunction('from_ieee754_32', [{
  args: [VARBINARY], returns: REAL,
  impl: ([b]) => {
    const v = b as Uint8Array;
    if (v.length !== 4) throw invalidArg('Input floating-point value must be exactly 4 bytes long');
    return view(v).getFloat32(0);
  },
}]);
defineFunction('to_ieee754_64', [{
  args: [DOUBLE], returns: VARBINARY,
  impl: ([x]) => encode(8, (d) => d.setFloat64(0, x as number)),
}]);
defineFunction('from_ieee754_64', [{
  args: [VARBINARY], returns: DOUBLE,
  impl: ([b]) => {
    const v = b as Uint8Array;
    if (v.length !== 8) throw invalidArg('Input floating-point value must be exactly 8 bytes long');
    return view(v).getFloat64(0);
  },
}]);

// ---- base32 (RFC 4648, padded, upper-case alphabet) ---------------------------------------------

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function toBase32(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 5) {
    const chunk = b.subarray(i, i + 5);
    let bits = 0n;
    for (let j = 0; j < 5; j++) bits = (bits << 8n) | BigInt(chunk[j] ?? 0);
    const chars = Math.ceil((chunk.length * 8) / 5);
    for (let j = 0; j < 8; j++) out += j < chars ? B32[Number((bits >> BigInt(35 - 5 * j)) & 31n)] : '=';
  }
  return out;
}

export function fromBase32(s: string): Uint8Array {
  const body = s.replace(/=+$/, '');
  const bytes: number[] = [];
  let acc = 0;
  let n = 0;
  for (const ch of body) {
    const v = B32.indexOf(ch);
    if (v < 0) throw invalidArg(`Unrecognized character: ${ch}`);
    acc = ((acc << 5) | v) & 0xffff;
    n += 5;
    if (n >= 8) {
      n -= 8;
      bytes.push((acc >> n) & 0xff);
    }
  }
  if ([1, 3, 6].includes(body.length % 8)) throw invalidArg(`Invalid input length ${body.length}`);
  return new Uint8Array(bytes);
}

defineFunction('to_base32', [{ args: [VARBINARY], returns: V, impl: ([b]) => toBase32(b as Uint8Array) }]);
defineFunction('from_base32', [
  { args: [V], returns: VARBINARY, impl: ([s]) => fromBase32(s as string) },
  { args: [VARBINARY], returns: VARBINARY, impl: ([b]) => fromBase32(new TextDecoder().decode(b as Uint8Array)) },
]);

// ---- murmur3 -----------------------------------------------------------------------------------

const M64 = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;
const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M64;
const mul = (a: bigint, b: bigint): bigint => (a * b) & M64;

function fmix(k: bigint): bigint {
  k ^= k >> 33n;
  k = mul(k, 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = mul(k, 0xc4ceb9fe1a85ec53n);
  return k ^ (k >> 33n);
}

/** MurmurHash3_x64_128 with seed 0: 16 bytes, h1 then h2, each little-endian. */
export function murmur3x64128(data: Uint8Array): Uint8Array {
  const d = view(data);
  const len = data.length;
  let h1 = 0n;
  let h2 = 0n;
  const blocks = len - (len % 16);
  for (let i = 0; i < blocks; i += 16) {
    let k1 = d.getBigUint64(i, true);
    let k2 = d.getBigUint64(i + 8, true);
    k1 = mul(rotl(mul(k1, C1), 31n), C2);
    h1 ^= k1;
    h1 = (mul(((rotl(h1, 27n) + h2) & M64), 5n) + 0x52dce729n) & M64;
    k2 = mul(rotl(mul(k2, C2), 33n), C1);
    h2 ^= k2;
    h2 = (mul(((rotl(h2, 31n) + h1) & M64), 5n) + 0x38495ab5n) & M64;
  }
  const tail = len - blocks;
  let k1 = 0n;
  let k2 = 0n;
  for (let j = tail - 1; j >= 8; j--) k2 = (k2 << 8n) | BigInt(data[blocks + j]!);
  for (let j = Math.min(tail, 8) - 1; j >= 0; j--) k1 = (k1 << 8n) | BigInt(data[blocks + j]!);
  if (tail > 8) h2 ^= mul(rotl(mul(k2, C2), 33n), C1);
  if (tail > 0) h1 ^= mul(rotl(mul(k1, C1), 31n), C2);
  h1 ^= BigInt(len);
  h2 ^= BigInt(len);
  h1 = (h1 + h2) & M64;
  h2 = (h2 + h1) & M64;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) & M64;
  h2 = (h2 + h1) & M64;
  const out = new Uint8Array(16);
  const o = new DataView(out.buffer);
  o.setBigUint64(0, h1, true);
  o.setBigUint64(8, h2, true);
  return out;
}

defineFunction('murmur3', [{ args: [VARBINARY], returns: VARBINARY, impl: ([b]) => murmur3x64128(b as Uint8Array) as Value }]);

// ---- lpad / rpad on varbinary (the varchar overloads live with the string functions) -----------

function padBytes(b: Uint8Array, size: bigint, pad: Uint8Array, left: boolean): Uint8Array {
  if (size < 0n || size > 2147483647n) throw invalidArg('Target length must be in the range [0..2147483647]');
  if (pad.length === 0) throw invalidArg('Padding bytes must not be empty');
  const n = Number(size);
  if (n <= b.length) return b.slice(0, n);
  if (n > MAX_VALUE_SIZE) throw valueTooLarge(n, 'bytes');
  const out = new Uint8Array(n);
  const fill = n - b.length;
  for (let i = 0; i < fill; i++) out[left ? i : b.length + i] = pad[i % pad.length]!;
  out.set(b, left ? fill : 0);
  return out;
}
defineFunction('lpad', [{ args: [VARBINARY, BIGINT, VARBINARY], returns: VARBINARY, impl: ([b, n, p]) => padBytes(b as Uint8Array, n as bigint, p as Uint8Array, true) }]);
defineFunction('rpad', [{ args: [VARBINARY, BIGINT, VARBINARY], returns: VARBINARY, impl: ([b, n, p]) => padBytes(b as Uint8Array, n as bigint, p as Uint8Array, false) }]);
