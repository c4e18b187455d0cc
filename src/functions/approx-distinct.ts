/**
 * approx_distinct(x [, max_standard_error]) with a HyperLogLog sketch. Like Trino (airlift's
 * HLL: sparse then dense), small groups are counted exactly: distinct 32-bit hashes are kept
 * until 4096 of them, then folded into 2^b registers with b chosen from the requested standard
 * error (default 0.023 → 2048 registers, as Trino). Above that size the answer is an estimate
 * whose error differs from Trino's in detail (different hash function), not in magnitude.
 */
import { AegisError } from '../errors.js';
import { hashValue } from '../types/compare.js';
import type { SqlType } from '../types/sql-type.js';
import { aggregateOf, defineAggregate } from './aggregate-support.js';
import { BIGINT, DOUBLE } from './signature.js';

const EXACT_LIMIT = 4096;

/** murmur3 fmix32: spreads hashValue's bits so registers and ranks are uniform. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

interface Hll {
  bits: number;
  exact: number[] | null;
  registers: number[] | null;
}

function bucketsFor(maxError: number): number {
  if (!(maxError >= 0.0040625 && maxError <= 0.26)) {
    throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'Max standard error must be in [0.0040625, 0.26]');
  }
  const m = Math.pow(1.04 / maxError, 2);
  return Math.min(16, Math.max(4, Math.ceil(Math.log2(m))));
}

function insert(s: Hll, h: number): void {
  if (s.registers) {
    const idx = h >>> (32 - s.bits);
    const rest = (h << s.bits) >>> 0;
    const rank = Math.min(32 - s.bits, Math.clz32(rest)) + 1;
    if (rank > s.registers[idx]!) s.registers[idx] = rank;
    return;
  }
  s.exact!.push(h);
  if (s.exact!.length > EXACT_LIMIT * 2) {
    s.exact = [...new Set(s.exact)];
    if (s.exact.length > EXACT_LIMIT) densify(s);
  }
}

function densify(s: Hll): void {
  const hashes = s.exact ?? [];
  s.exact = null;
  s.registers = new Array<number>(1 << s.bits).fill(0);
  for (const h of hashes) insert(s, h);
}

function estimate(s: Hll): number {
  if (s.exact) return new Set(s.exact).size;
  const regs = s.registers!;
  const m = regs.length;
  let sum = 0;
  let zeros = 0;
  for (const r of regs) {
    sum += Math.pow(2, -r);
    if (r === 0) zeros++;
  }
  const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
  const raw = (alpha * m * m) / sum;
  if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
  return Math.round(raw);
}

defineAggregate('approx_distinct', ['approx_distinct(T)', 'approx_distinct(T, double)'], (args) => {
  if (args.length < 1 || args.length > 2) return undefined;
  const t: SqlType = args[0]!;
  return aggregateOf(BIGINT, args.length === 2 ? [t, DOUBLE] : [t], {
    init: (): Hll => ({ bits: 0, exact: [], registers: null }),
    add: (s, [x, e]) => {
      if (s.bits === 0) s.bits = bucketsFor(e === undefined || e === null ? 0.023 : (e as number));
      if (x !== null) insert(s, fmix(hashValue(x, t)));
    },
    merge: (a, b) => {
      if (a.bits === 0) a.bits = b.bits;
      if (b.bits === 0) return;
      if (b.registers) {
        if (!a.registers) densify(a);
        b.registers.forEach((r, i) => {
          if (r > a.registers![i]!) a.registers![i] = r;
        });
      } else for (const h of b.exact!) insert(a, h);
      if (a.exact && new Set(a.exact).size > EXACT_LIMIT) densify(a);
    },
    result: (s) => BigInt(estimate(s)),
  });
});
