/**
 * Arithmetic operators `$add $subtract $multiply $divide $modulus $negate` (Trino semantics):
 * - integer types: exact, overflow → NUMERIC_OVERFLOW "integer addition overflow: 2147483647 + 1";
 *   division truncates toward zero; `/ 0` and `% 0` → DIVISION_BY_ZERO.
 * - decimals: exact scaled bigints with Trino's result types; integers join as decimal(p,0).
 * - real/double: IEEE (1e0 / 0 = Infinity, 0e0 / 0 = NaN); % is the truncated remainder.
 * - date/timestamp ± interval, interval ± interval, interval × number, interval / number,
 *   date − date and timestamp − timestamp (→ interval day to second).
 */
import { AegisError } from '../errors.js';
import { commonSuperType, integerAsDecimal } from '../types/coercion.js';
import {
  addMonthsToDays, addMonthsToMicros, localToUtc, utcToLocal,
} from '../types/datetime.js';
import {
  decimalAdd, decimalDivide, decimalModulus, decimalMultiply, decimalResultType, type DecimalType,
} from '../types/decimal.js';
import type { SqlType } from '../types/sql-type.js';
import { isIntegral } from '../types/sql-type.js';
import { zonedValue, type TimestampTzValue, type Value } from '../types/value.js';
import { tsLike, tsMicros, tsNanos } from '../types/long-timestamp.js';
import { timeNanos } from '../types/time.js';
import type { Impl, Resolution } from './signature.js';
import { DOUBLE, IDS, IYM, defineGeneric, plainTypes, res } from './signature.js';

type Op = 'add' | 'subtract' | 'multiply' | 'divide' | 'modulus';

const OP_WORD: Record<Op, string> = {
  add: 'addition', subtract: 'subtraction', multiply: 'multiplication', divide: 'division', modulus: 'modulus',
};
const OP_SYM: Record<Op, string> = { add: '+', subtract: '-', multiply: '*', divide: '/', modulus: '%' };

const INT_BOUNDS: Record<string, [number, number]> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};
const BIG_MIN = -9223372036854775808n;
const BIG_MAX = 9223372036854775807n;

function divZero(): AegisError {
  return new AegisError('DIVISION_BY_ZERO', 'Division by zero');
}

function overflow(kind: string, op: Op, a: Value, b: Value): AegisError {
  return new AegisError('NUMERIC_OVERFLOW', `${kind} ${OP_WORD[op]} overflow: ${String(a)} ${OP_SYM[op]} ${String(b)}`);
}

function smallIntOp(kind: string, op: Op): Impl {
  const [lo, hi] = INT_BOUNDS[kind]!;
  return ([a, b]) => {
    const x = a as number;
    const y = b as number;
    let r: number;
    switch (op) {
      case 'add': r = x + y; break;
      case 'subtract': r = x - y; break;
      case 'multiply': r = x * y; break;
      case 'divide':
        if (y === 0) throw divZero();
        r = Math.trunc(x / y);
        break;
      case 'modulus':
        if (y === 0) throw divZero();
        r = x % y;
        if (Object.is(r, -0)) r = 0;
        break;
    }
    if (r < lo || r > hi) throw overflow(kind, op, a, b);
    return r;
  };
}

function bigintOp(op: Op): Impl {
  return ([a, b]) => {
    const x = a as bigint;
    const y = b as bigint;
    let r: bigint;
    switch (op) {
      case 'add': r = x + y; break;
      case 'subtract': r = x - y; break;
      case 'multiply': r = x * y; break;
      case 'divide':
        if (y === 0n) throw divZero();
        r = x / y;
        break;
      case 'modulus':
        if (y === 0n) throw divZero();
        r = x % y;
        break;
    }
    if (r < BIG_MIN || r > BIG_MAX) throw overflow('bigint', op, a, b);
    return r;
  };
}

function floatOp(op: Op, real: boolean): Impl {
  const f = real ? Math.fround : (x: number): number => x;
  return ([a, b]) => {
    const x = a as number;
    const y = b as number;
    switch (op) {
      case 'add': return f(x + y);
      case 'subtract': return f(x - y);
      case 'multiply': return f(x * y);
      case 'divide': return f(x / y);
      case 'modulus': return f(x % y);
    }
  };
}

function asDecimal(t: SqlType): DecimalType | undefined {
  if (t.kind === 'decimal') return t;
  const d = integerAsDecimal(t);
  return d as DecimalType | undefined;
}

function decimalResolution(op: Op, at: SqlType, bt: SqlType): Resolution | undefined {
  const a = asDecimal(at);
  const b = asDecimal(bt);
  if (!a || !b) return undefined;
  const toBig = (v: Value): bigint => (typeof v === 'number' ? BigInt(v) : (v as bigint));
  let r: DecimalType;
  let impl: Impl;
  switch (op) {
    case 'add':
    case 'subtract':
      r = decimalResultType.add(a, b);
      impl = ([x, y]) => decimalAdd(toBig(x), a, toBig(y), b, r, op === 'subtract');
      break;
    case 'multiply':
      r = decimalResultType.multiply(a, b);
      impl = ([x, y]) => decimalMultiply(toBig(x), toBig(y), r);
      break;
    case 'divide':
      r = decimalResultType.divide(a, b);
      impl = ([x, y]) => decimalDivide(toBig(x), a, toBig(y), b, r);
      break;
    case 'modulus':
      r = decimalResultType.modulus(a, b);
      impl = ([x, y]) => decimalModulus(toBig(x), a, toBig(y), b, r);
      break;
  }
  // Arguments stay in their own types (integers are widened inside impl), so no cast is needed.
  return res(r, [at, bt], impl);
}

function tzShift(v: TimestampTzValue, f: (localMicros: number) => number): TimestampTzValue {
  // Sub-microsecond digits of timestamp(7..9) with time zone ride along unchanged.
  return zonedValue(localToUtc(f(utcToLocal(v.micros, v.zone)), v.zone), v.zone, v.nanos);
}

/** date/timestamp/interval combinations. */
function temporalResolution(op: Op, a: SqlType, b: SqlType): Resolution | undefined {
  const isNum = (t: SqlType): boolean => isIntegral(t) || t.kind === 'double' || t.kind === 'real' || t.kind === 'decimal';
  const sign = op === 'subtract' ? -1 : 1;
  if (op === 'add' || op === 'subtract') {
    if (a.kind === 'interval_day_second' && b.kind === 'interval_day_second') {
      return res(IDS, [a, b], ([x, y]) => (x as number) + sign * (y as number));
    }
    if (a.kind === 'interval_year_month' && b.kind === 'interval_year_month') {
      return res(IYM, [a, b], ([x, y]) => (x as number) + sign * (y as number));
    }
    if (op === 'subtract' && a.kind === 'date' && b.kind === 'date') {
      return res(IDS, [a, b], ([x, y]) => ((x as number) - (y as number)) * 86_400_000);
    }
    if (op === 'subtract' && a.kind === 'timestamp' && b.kind === 'timestamp') {
      if (!a.withTimeZone && !b.withTimeZone) {
        // Trino's TimestampMinusTimestamp: the difference of the micros (a timestamp(7..12)'s
        // nanoseconds never count) rounded half up to whole milliseconds.
        return res(IDS, [a, b], ([x, y]) => Math.floor((tsMicros(x!) - tsMicros(y!) + 500) / 1000));
      }
      const micros = (v: Value, t: SqlType): number => (t.kind === 'timestamp' && t.withTimeZone ? (v as TimestampTzValue).micros : tsMicros(v));
      return res(IDS, [a, b], ([x, y]) => Math.trunc((micros(x!, a) - micros(y!, b)) / 1000));
    }
    if (op === 'subtract' && a.kind === 'time' && b.kind === 'time' && !a.withTimeZone && !b.withTimeZone) {
      // Trino's time(p) - time(p): the difference rounded half up to whole milliseconds.
      const pa = a.precision;
      const pb = b.precision;
      return res(IDS, [a, b], ([x, y]) => Math.floor((timeNanos(x as number, pa) - timeNanos(y as number, pb) + 500_000) / 1_000_000));
    }
    // Put the datetime on the left (interval + date is commutative for addition).
    let dt = a;
    let iv = b;
    let swapped = false;
    if (op === 'add' && (a.kind === 'interval_day_second' || a.kind === 'interval_year_month')) {
      dt = b;
      iv = a;
      swapped = true;
    }
    if (iv.kind !== 'interval_day_second' && iv.kind !== 'interval_year_month') return undefined;
    const pick = (args: Value[]): [Value, number] => (swapped ? [args[1]!, args[0] as number] : [args[0]!, args[1] as number]);
    const months = iv.kind === 'interval_year_month';
    if (dt.kind === 'date') {
      return res(dt, [a, b], (args) => {
        const [d, n] = pick(args);
        if (months) return addMonthsToDays(d as number, sign * n);
        if (n % 86_400_000 !== 0) {
          throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'Cannot add hour, minutes or seconds to a date');
        }
        return (d as number) + sign * (n / 86_400_000);
      });
    }
    if (dt.kind === 'timestamp' && !dt.withTimeZone) {
      return res(dt, [a, b], (args) => {
        const [t, n] = pick(args);
        // timestamp(7..12) keeps its nanoseconds: only the micros move.
        const m = tsMicros(t);
        return tsLike(t, months ? addMonthsToMicros(m, sign * n) : m + sign * n * 1000, tsNanos(t));
      });
    }
    if (dt.kind === 'timestamp' && dt.withTimeZone) {
      return res(dt, [a, b], (args) => {
        const [t, n] = pick(args);
        const tz = t as TimestampTzValue;
        if (months) return tzShift(tz, (l) => addMonthsToMicros(l, sign * n));
        return zonedValue(tz.micros + sign * n * 1000, tz.zone, tz.nanos);
      });
    }
    return undefined;
  }
  if (op === 'multiply') {
    const ivFirst = a.kind === 'interval_day_second' || a.kind === 'interval_year_month';
    const iv = ivFirst ? a : b;
    const n = ivFirst ? b : a;
    if ((iv.kind === 'interval_day_second' || iv.kind === 'interval_year_month') && isNum(n)) {
      const toNum = (v: Value): number => (typeof v === 'bigint' ? Number(v) : (v as number));
      const nType = n.kind === 'decimal' ? DOUBLE : n.kind === 'real' ? DOUBLE : n;
      const argTypes = ivFirst ? [iv, nType] : [nType, iv];
      return res(iv, argTypes, (args) => {
        const x = toNum(ivFirst ? args[0]! : args[1]!);
        const k = toNum(ivFirst ? args[1]! : args[0]!);
        return Math.round(x * k);
      });
    }
    return undefined;
  }
  if (op === 'divide' && (a.kind === 'interval_day_second' || a.kind === 'interval_year_month') && isNum(b)) {
    return res(a, [a, DOUBLE], ([x, y]) => {
      if ((y as number) === 0) throw divZero();
      return Math.round((x as number) / (y as number));
    });
  }
  return undefined;
}

function arithmetic(op: Op, a: SqlType, b: SqlType): Resolution | undefined {
  // NULL + NULL types as integer (Trino picks the first applicable signature too).
  if (a.kind === 'unknown' && b.kind === 'unknown') a = b = { kind: 'integer' };
  if (a.kind === 'unknown') a = b;
  if (b.kind === 'unknown') b = a;
  if (isIntegral(a) && isIntegral(b)) {
    const t = commonSuperType(a, b)!;
    return res(t, [t, t], t.kind === 'bigint' ? bigintOp(op) : smallIntOp(t.kind, op));
  }
  const dec = (t: SqlType): boolean => t.kind === 'decimal' || isIntegral(t);
  if (dec(a) && dec(b)) return decimalResolution(op, a, b);
  const flt = (t: SqlType): boolean => dec(t) || t.kind === 'real' || t.kind === 'double';
  if (flt(a) && flt(b)) {
    const real = a.kind !== 'double' && b.kind !== 'double';
    const t: SqlType = real ? { kind: 'real' } : DOUBLE;
    return res(t, [t, t], floatOp(op, real));
  }
  return temporalResolution(op, a, b);
}

const NUMERIC_SIGS = ['integer', 'bigint', 'decimal(p,s)', 'real', 'double'];

for (const op of ['add', 'subtract', 'multiply', 'divide', 'modulus'] as Op[]) {
  const sigs = NUMERIC_SIGS.map((t) => `$${op}(${t}, ${t})`);
  if (op === 'add' || op === 'subtract') sigs.push(`$${op}(date|timestamp, interval)`, `$${op}(interval, interval)`);
  defineGeneric(`$${op}`, sigs, (args) => {
    const t = plainTypes(args);
    return t && t.length === 2 ? arithmetic(op, t[0]!, t[1]!) : undefined;
  });
}

defineGeneric('$negate', ['$negate(integer)', '$negate(bigint)', '$negate(decimal(p,s))', '$negate(double)', '$negate(interval)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1) return undefined;
  const t = ts[0]!.kind === 'unknown' ? ({ kind: 'integer' } as SqlType) : ts[0]!;
  switch (t.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer': {
      const [lo] = INT_BOUNDS[t.kind]!;
      return res(t, [t], ([x]) => {
        if (x === lo) throw new AegisError('NUMERIC_OVERFLOW', `${t.kind} negation overflow: ${String(x)}`);
        return x === 0 ? 0 : -(x as number);
      });
    }
    case 'bigint':
      return res(t, [t], ([x]) => {
        if (x === BIG_MIN) throw new AegisError('NUMERIC_OVERFLOW', `bigint negation overflow: ${String(x)}`);
        return -(x as bigint);
      });
    case 'decimal':
      return res(t, [t], ([x]) => -(x as bigint));
    case 'real':
    case 'double':
    case 'interval_day_second':
    case 'interval_year_month':
      return res(t, [t], ([x]) => -(x as number));
    default:
      return undefined;
  }
});

