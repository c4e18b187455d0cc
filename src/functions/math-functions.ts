/**
 * Mathematical functions (Trino's docs/functions/math.md). Rounding is half away from zero
 * (Trino's round(2.5) = 3, round(-2.5) = -3; JS Math.round(-2.5) = -2), decimals round HALF_UP
 * exactly; integer `abs` overflows on the minimum value like Java's Math.absExact.
 */
import { AegisError } from '../errors.js';
import { commonSuperTypeOf } from '../types/coercion.js';
import { compareValues } from '../types/compare.js';
import { decimalType, divideHalfUp, pow10, type DecimalType } from '../types/decimal.js';
import type { SqlType } from '../types/sql-type.js';
import { isIntegral } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { registerAlias } from './function-table.js';
import type { Impl, Overload } from './signature.js';
import {
  BIGINT, BOOL, DOUBLE, INT, SMALLINT, TINYINT, V, arrayOf, defineFunction, defineGeneric, invalidArg,
  plainTypes, res, resolveVia,
} from './signature.js';

const INT_MIN: Record<string, number> = { tinyint: -128, smallint: -32768, integer: -2147483648 };

function roundHalfAway(x: number): number {
  if (!Number.isFinite(x)) return x;
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

const d1 = (f: (x: number) => number): Overload => ({ args: [DOUBLE], returns: DOUBLE, impl: ([x]) => f(x as number) });

// ---- abs, sign ---------------------------------------------------------------------------------

defineGeneric('abs', ['abs(tinyint)', 'abs(smallint)', 'abs(integer)', 'abs(bigint)', 'abs(decimal(p,s))', 'abs(real)', 'abs(double)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1) return undefined;
  const t = ts[0]!.kind === 'unknown' ? DOUBLE : ts[0]!;
  switch (t.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
      return res(t, [t], ([x]) => {
        if (x === INT_MIN[t.kind]) throw new AegisError('NUMERIC_OVERFLOW', `Value -${-(x as number)} is out of range for abs(${t.kind})`);
        return Math.abs(x as number);
      });
    case 'bigint':
      return res(t, [t], ([x]) => {
        if ((x as bigint) === -9223372036854775808n) throw new AegisError('NUMERIC_OVERFLOW', 'Value -9223372036854775808 is out of range for abs(bigint)');
        return (x as bigint) < 0n ? -(x as bigint) : x;
      });
    case 'decimal':
      return res(t, [t], ([x]) => ((x as bigint) < 0n ? -(x as bigint) : x));
    case 'real':
    case 'double':
      return res(t, [t], ([x]) => Math.abs(x as number));
    default:
      return undefined;
  }
});

defineGeneric('sign', ['sign(bigint)', 'sign(integer)', 'sign(decimal(p,s))', 'sign(double)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1) return undefined;
  const t = ts[0]!.kind === 'unknown' ? DOUBLE : ts[0]!;
  if (t.kind === 'bigint') return res(t, [t], ([x]) => ((x as bigint) > 0n ? 1n : (x as bigint) < 0n ? -1n : 0n));
  if (t.kind === 'decimal') return res(decimalType(1, 0), [t], ([x]) => ((x as bigint) > 0n ? 1n : (x as bigint) < 0n ? -1n : 0n));
  if (isIntegral(t) || t.kind === 'real' || t.kind === 'double') {
    return res(t, [t], ([x]) => (Number.isNaN(x) ? NaN : Math.sign(x as number) + 0));
  }
  return undefined;
});

// ---- ceil, floor, round, truncate --------------------------------------------------------------

type RoundMode = 'ceil' | 'floor' | 'round' | 'truncate';

function roundUnscaled(v: bigint, scale: number, mode: RoundMode, keepDigits = 0): bigint {
  // Rounds an unscaled decimal to `keepDigits` fractional digits, result at the same scale.
  const drop = scale - keepDigits;
  if (drop <= 0) return v;
  const f = pow10(drop);
  let q: bigint;
  switch (mode) {
    case 'round':
      q = divideHalfUp(v, f);
      break;
    case 'truncate':
      q = v / f;
      break;
    case 'floor':
      q = v / f - (v % f !== 0n && v < 0n ? 1n : 0n);
      break;
    case 'ceil':
      q = v / f + (v % f !== 0n && v > 0n ? 1n : 0n);
      break;
  }
  return q;
}

const JS_ROUND: Record<RoundMode, (x: number) => number> = {
  ceil: Math.ceil, floor: Math.floor, round: roundHalfAway, truncate: Math.trunc,
};

for (const mode of ['ceil', 'floor', 'round', 'truncate'] as RoundMode[]) {
  defineGeneric(mode, [`${mode}(integer)`, `${mode}(decimal(p,s))`, `${mode}(double)`, `${mode}(real)`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 1) return undefined;
    const t = ts[0]!.kind === 'unknown' ? DOUBLE : ts[0]!;
    if (isIntegral(t)) return mode === 'truncate' ? undefined : res(t, [t], ([x]) => x);
    if (t.kind === 'decimal') {
      const r = mode === 'truncate' ? decimalType(Math.max(1, t.precision - t.scale), 0) : decimalType(t.precision - t.scale + Math.min(t.scale, 1), 0);
      return res(r, [t], ([x]) => roundUnscaled(x as bigint, t.scale, mode));
    }
    if (t.kind === 'double' || t.kind === 'real') {
      const f = JS_ROUND[mode];
      return res(t, [t], ([x]) => (t.kind === 'real' ? Math.fround(f(x as number)) : f(x as number)) + 0);
    }
    return undefined;
  });
}
registerAlias('ceiling', 'ceil');

/** round(x, d) / truncate(x, d). */
function roundN(x: number, d: number, mode: 'round' | 'truncate'): number {
  if (!Number.isFinite(x)) return x;
  const factor = 10 ** d;
  const f = mode === 'round' ? Math.round : Math.trunc;
  // Trino: sign-symmetric rounding of x * 10^d, then back.
  const r = x < 0 ? -(f(-x * factor) / factor) : f(x * factor) / factor;
  return Number.isFinite(r) ? r : x;
}

for (const mode of ['round', 'truncate'] as const) {
  defineGeneric(mode, [`${mode}(integer, integer)`, `${mode}(decimal(p,s), integer)`, `${mode}(double, integer)`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 2 || !isIntegral(ts[1]!) && ts[1]!.kind !== 'unknown') return undefined;
    const t = ts[0]!.kind === 'unknown' ? DOUBLE : ts[0]!;
    if (isIntegral(t) && mode === 'round') {
      const big = t.kind === 'bigint';
      return res(t, [t, INT], ([x, d]) => {
        const n = d as number;
        if (n >= 0) return x;
        const f = pow10(-n);
        const r = divideHalfUp(BigInt(x as number | bigint), f) * f;
        return big ? r : Number(r);
      });
    }
    if (t.kind === 'decimal') {
      const r: DecimalType = mode === 'round' ? decimalType(Math.min(38, t.precision + 1), t.scale) : t;
      return res(r, [t, INT], ([x, d]) => {
        const n = d as number;
        const v = x as bigint;
        if (n >= t.scale) return v;
        const kept = roundUnscaled(v, t.scale, mode, n);
        return n >= 0 ? kept * pow10(t.scale - n) : kept * pow10(t.scale - n);
      });
    }
    if (t.kind === 'double' || t.kind === 'real') {
      return res(t, [t, INT], ([x, d]) => {
        const r = roundN(x as number, d as number, mode);
        return t.kind === 'real' ? Math.fround(r) : r;
      });
    }
    return undefined;
  });
}

// ---- mod ---------------------------------------------------------------------------------------

defineGeneric('mod', ['mod(integer, integer)', 'mod(bigint, bigint)', 'mod(decimal, decimal)', 'mod(double, double)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2) return undefined;
  // Same rule as the % operator.
  return resolveVia('$modulus', ts);
});


// ---- exponential, logarithmic, trigonometric ----------------------------------------------------

defineFunction('power', [{ args: [DOUBLE, DOUBLE], returns: DOUBLE, impl: ([a, b]) => Math.pow(a as number, b as number) }]);
registerAlias('pow', 'power');
defineFunction('sqrt', [d1(Math.sqrt)]);
defineFunction('cbrt', [d1(Math.cbrt)]);
defineFunction('exp', [d1(Math.exp)]);
defineFunction('ln', [d1(Math.log)]);
defineFunction('log2', [d1(Math.log2)]);
defineFunction('log10', [d1(Math.log10)]);
defineFunction('log', [{ args: [DOUBLE, DOUBLE], returns: DOUBLE, impl: ([b, x]) => Math.log(x as number) / Math.log(b as number) }]);
for (const [n, f] of Object.entries({
  sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
})) defineFunction(n, [d1(f)]);
defineFunction('atan2', [{ args: [DOUBLE, DOUBLE], returns: DOUBLE, impl: ([y, x]) => Math.atan2(y as number, x as number) }]);
defineFunction('radians', [d1((x) => (x * Math.PI) / 180)]);
defineFunction('degrees', [d1((x) => (x * 180) / Math.PI)]);
defineFunction('pi', [{ args: [], returns: DOUBLE, impl: () => Math.PI }]);
defineFunction('e', [{ args: [], returns: DOUBLE, impl: () => Math.E }]);
defineFunction('infinity', [{ args: [], returns: DOUBLE, impl: () => Infinity }]);
defineFunction('nan', [{ args: [], returns: DOUBLE, impl: () => NaN }]);
defineFunction('is_nan', [{ args: [DOUBLE], returns: BOOL, impl: ([x]) => Number.isNaN(x) }]);
defineFunction('is_finite', [{ args: [DOUBLE], returns: BOOL, impl: ([x]) => Number.isFinite(x) }]);
defineFunction('is_infinite', [{ args: [DOUBLE], returns: BOOL, impl: ([x]) => x === Infinity || x === -Infinity }]);

// ---- random ------------------------------------------------------------------------------------

function randomInt(ctx: { random(): number }, lo: bigint, hi: bigint): bigint {
  if (hi <= lo) throw invalidArg('bound must be positive');
  const span = hi - lo;
  return lo + BigInt(Math.floor(ctx.random() * Number(span)));
}

const nd = { deterministic: false };
defineFunction('random', [
  { args: [], returns: DOUBLE, impl: (_a, ctx) => ctx.random(), ...nd },
  ...([TINYINT, SMALLINT, INT, BIGINT] as SqlType[]).map((t): Overload => ({
    args: [t], returns: t, ...nd,
    impl: ([n], ctx) => {
      const r = randomInt(ctx, 0n, BigInt(n as number | bigint));
      return t.kind === 'bigint' ? r : Number(r);
    },
  })),
  ...([TINYINT, SMALLINT, INT, BIGINT] as SqlType[]).map((t): Overload => ({
    args: [t, t], returns: t, ...nd,
    impl: ([m, n], ctx) => {
      const r = randomInt(ctx, BigInt(m as number | bigint), BigInt(n as number | bigint));
      return t.kind === 'bigint' ? r : Number(r);
    },
  })),
]);
registerAlias('rand', 'random');

// ---- greatest / least --------------------------------------------------------------------------

for (const name of ['greatest', 'least']) {
  defineGeneric(name, [`${name}(T, T...)`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length < 1) return undefined;
    const t = commonSuperTypeOf(ts);
    if (!t || t.kind === 'map' || t.kind === 'json') return undefined;
    const sign = name === 'greatest' ? 1 : -1;
    return res(t, ts.map(() => t), (vals) => {
      let best: Value = vals[0]!;
      for (const v of vals) {
        if ((t.kind === 'double' || t.kind === 'real') && Number.isNaN(v)) {
          throw invalidArg(`Invalid argument to ${name}(): NaN`);
        }
        if (compareValues(v, best, t) * sign > 0) best = v;
      }
      return best;
    });
  });
}

// ---- width_bucket, bitwise, bases --------------------------------------------------------------

/** Trino's widthBucket: buckets computed on [min, max], mirrored when bound1 > bound2. */
defineFunction('width_bucket', [
  {
    args: [DOUBLE, DOUBLE, DOUBLE, BIGINT], returns: BIGINT,
    impl: ([x, lo, hi, n]) => {
      const [v, b1, b2, count] = [x as number, lo as number, hi as number, n as bigint];
      if (count <= 0n) throw invalidArg('bucketCount must be greater than 0');
      if (Number.isNaN(v)) throw invalidArg('operand must not be NaN');
      if (!Number.isFinite(b1)) throw invalidArg('first bound must be finite');
      if (!Number.isFinite(b2)) throw invalidArg('second bound must be finite');
      if (b1 === b2) throw invalidArg('bounds cannot equal each other');
      const lower = Math.min(b1, b2);
      const upper = Math.max(b1, b2);
      let r: bigint;
      if (v < lower) r = 0n;
      else if (v >= upper) {
        if (count === 9223372036854775807n) throw new AegisError('NUMERIC_OVERFLOW', `Bucket for value ${v} is out of range`);
        r = count + 1n;
      } else r = BigInt(Math.trunc((Number(count) * (v - lower)) / (upper - lower) + 1));
      return b1 > b2 ? count - r + 1n : r;
    },
  },
  {
    args: [DOUBLE, arrayOf(DOUBLE)], returns: BIGINT,
    impl: ([x, bins]) => {
      const b = bins as Value[];
      const v = x as number;
      if (b.length === 0) throw invalidArg('Bins cannot be an empty array');
      if (Number.isNaN(v)) throw invalidArg('Operand cannot be NaN');
      // Trino's binary search, with its checks on the bins it visits.
      let lower = 0;
      let upper = b.length;
      while (lower < upper) {
        if ((b[lower] as number) > (b[upper - 1] as number)) throw invalidArg('Bin values are not sorted in ascending order');
        const index = Math.trunc((lower + upper) / 2);
        const bin = b[index] as number;
        if (!Number.isFinite(bin)) throw invalidArg(`Bin value must be finite, got ${bin}`);
        if (v < bin) upper = index;
        else lower = index + 1;
      }
      return BigInt(lower);
    },
  },
]);

const big = (f: (a: bigint, b: bigint) => bigint): Impl => ([a, b]) => BigInt.asIntN(64, f(a as bigint, b as bigint));
defineFunction('bitwise_and', [{ args: [BIGINT, BIGINT], returns: BIGINT, impl: big((a, b) => a & b) }]);
defineFunction('bitwise_or', [{ args: [BIGINT, BIGINT], returns: BIGINT, impl: big((a, b) => a | b) }]);
defineFunction('bitwise_xor', [{ args: [BIGINT, BIGINT], returns: BIGINT, impl: big((a, b) => a ^ b) }]);
defineFunction('bitwise_not', [{ args: [BIGINT], returns: BIGINT, impl: ([a]) => ~(a as bigint) }]);
/**
 * Shifts keep the operand's type (Trino's BitwiseFunctions): the value is shifted within its
 * width, a shift of the width or more gives 0 (arithmetic: the sign), and the result is
 * sign-extended from the width's top bit.
 */
const SHIFT_TYPES = [[TINYINT, 8n], [SMALLINT, 16n], [INT, 32n], [BIGINT, 64n]] as const;
function shiftOverloads(op: (v: bigint, s: bigint, bits: bigint) => bigint): Overload[] {
  return SHIFT_TYPES.map(([t, bits]) => ({
    args: [t, BIGINT],
    returns: t,
    impl: ([a, s]) => {
      const r = BigInt.asIntN(Number(bits), op(BigInt(a as number | bigint), s as bigint, bits));
      return t.kind === 'bigint' ? r : Number(r);
    },
  }));
}
defineFunction('bitwise_left_shift', shiftOverloads((v, s, bits) => (s >= bits ? 0n : v << s)));
defineFunction('bitwise_right_shift', shiftOverloads((v, s, bits) => (s >= bits ? 0n : BigInt.asUintN(Number(bits), v) >> s)));
defineFunction('bitwise_right_shift_arithmetic', shiftOverloads((v, s, bits) => (s >= bits ? (v < 0n ? -1n : 0n) : v >> s)));
defineFunction('bit_count', [{
  args: [BIGINT, BIGINT], returns: BIGINT,
  impl: ([x, bits]) => {
    const b = bits as bigint;
    if (b < 2n || b > 64n) throw invalidArg('Bits specified in bit_count must be between 2 and 64, got ' + b);
    const v = x as bigint;
    const lo = -(1n << (b - 1n));
    const hi = (1n << (b - 1n)) - 1n;
    if (v < lo || v > hi) throw invalidArg(`Number must be representable with the bits specified. ${v} cannot be represented with ${b} bits`);
    let u = BigInt.asUintN(Number(b), v);
    let n = 0n;
    while (u) {
      n += u & 1n;
      u >>= 1n;
    }
    return n;
  },
}]);

defineFunction('from_base', [{
  args: [V, BIGINT], returns: BIGINT,
  impl: ([s, r]) => {
    const radix = Number(r as bigint);
    if (radix < 2 || radix > 36) throw invalidArg(`Radix must be between 2 and 36`);
    const text = (s as string).toLowerCase();
    if (!/^[+-]?[0-9a-z]+$/.test(text)) throw invalidArg(`Not a valid base-${radix} number: ${s as string}`);
    let v = 0n;
    const neg = text.startsWith('-');
    for (const ch of text.replace(/^[+-]/, '')) {
      const d = parseInt(ch, 36);
      if (d >= radix) throw invalidArg(`Not a valid base-${radix} number: ${s as string}`);
      v = v * BigInt(radix) + BigInt(d);
    }
    return neg ? -v : v;
  },
}]);
defineFunction('to_base', [{
  args: [BIGINT, BIGINT], returns: V,
  impl: ([x, r]) => {
    const radix = Number(r as bigint);
    if (radix < 2 || radix > 36) throw invalidArg(`Radix must be between 2 and 36`);
    return (x as bigint).toString(radix);
  },
}]);

