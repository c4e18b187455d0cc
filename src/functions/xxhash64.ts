/**
 * xxhash64(varbinary) → varbinary (8 bytes, big-endian), XXH64 with seed 0 as Trino's
 * (airlift XxHash64). BigInt arithmetic: correctness over speed for this rarely hot function.
 */
import { VARBINARY, defineFunction } from './signature.js';

const M = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M;
const mul = (a: bigint, b: bigint): bigint => (a * b) & M;

function round(acc: bigint, input: bigint): bigint {
  acc = (acc + mul(input, P2)) & M;
  return mul(rotl(acc, 31n), P1);
}

function mergeRound(acc: bigint, val: bigint): bigint {
  acc ^= round(0n, val);
  return (mul(acc, P1) + P4) & M;
}

/** XXH64 of `data` with `seed`. */
export function xxhash64(data: Uint8Array, seed = 0n): bigint {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const len = data.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & M;
    let v2 = (seed + P2) & M;
    let v3 = seed;
    let v4 = (seed - P1) & M;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, view.getBigUint64(i, true));
      v2 = round(v2, view.getBigUint64(i + 8, true));
      v3 = round(v3, view.getBigUint64(i + 16, true));
      v4 = round(v4, view.getBigUint64(i + 24, true));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = (seed + P5) & M;
  }
  h = (h + BigInt(len)) & M;
  for (; i + 8 <= len; i += 8) {
    h ^= round(0n, view.getBigUint64(i, true));
    h = (mul(rotl(h, 27n), P1) + P4) & M;
  }
  if (i + 4 <= len) {
    h ^= mul(BigInt(view.getUint32(i, true)), P1);
    h = (mul(rotl(h, 23n), P2) + P3) & M;
    i += 4;
  }
  for (; i < len; i++) {
    h ^= mul(BigInt(data[i]!), P5);
    h = mul(rotl(h, 11n), P1);
  }
  h ^= h >> 33n;
  h = mul(h, P2);
  h ^= h >> 29n;
  h = mul(h, P3);
  h ^= h >> 32n;
  return h;
}

defineFunction('xxhash64', [{
  args: [VARBINARY], returns: VARBINARY,
  impl: ([b]) => {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, xxhash64(b as Uint8Array));
    return out;
  },
}]);
