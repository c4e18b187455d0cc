/**
 * Exact decimal arithmetic on scaled bigints (value = unscaled × 10^-scale), Trino's result-type
 * rules and HALF_UP rounding. Precision is capped at 38 digits; a result that needs more is
 * NUMERIC_OVERFLOW "Decimal overflow".
 */
import { AegisError } from '../errors.js';
import type { SqlType } from './sql-type.js';

export const MAX_DECIMAL_PRECISION = 38;

const POW10: bigint[] = [1n];
for (let i = 1; i <= 80; i++) POW10.push(POW10[i - 1]! * 10n);

export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

export type DecimalType = Extract<SqlType, { kind: 'decimal' }>;

export function decimalType(precision: number, scale: number): DecimalType {
  return { kind: 'decimal', precision: Math.min(MAX_DECIMAL_PRECISION, precision), scale };
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/** Divides rounding half away from zero (Java's HALF_UP on BigDecimal). */
export function divideHalfUp(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new AegisError('DIVISION_BY_ZERO', 'Division by zero');
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  const negative = a < 0n !== b < 0n;
  return abs(r) * 2n >= abs(b) ? (negative ? q - 1n : q + 1n) : q;
}

/** Changes the scale of an unscaled value, rounding HALF_UP when digits are dropped. */
export function rescale(v: bigint, fromScale: number, toScale: number): bigint {
  if (toScale === fromScale) return v;
  if (toScale > fromScale) return v * pow10(toScale - fromScale);
  return divideHalfUp(v, pow10(fromScale - toScale));
}

/** Whether `v` fits in `precision` digits. */
export function fitsPrecision(v: bigint, precision: number): boolean {
  return abs(v) < pow10(precision);
}

/** Throws NUMERIC_OVERFLOW unless `v` fits `precision` digits. */
export function checkDecimal(v: bigint, precision: number): bigint {
  if (!fitsPrecision(v, precision)) throw new AegisError('NUMERIC_OVERFLOW', 'Decimal overflow');
  return v;
}

/** Result types, as Trino's DecimalOperators. */
export const decimalResultType = {
  add(a: DecimalType, b: DecimalType): DecimalType {
    const scale = Math.max(a.scale, b.scale);
    return decimalType(1 + scale + Math.max(a.precision - a.scale, b.precision - b.scale), scale);
  },
  multiply(a: DecimalType, b: DecimalType): DecimalType {
    const scale = a.scale + b.scale;
    if (scale > MAX_DECIMAL_PRECISION) {
      throw new AegisError('NUMERIC_OVERFLOW', `DECIMAL scale must be in range [0, 38]: ${scale}`);
    }
    return decimalType(a.precision + b.precision, scale);
  },
  divide(a: DecimalType, b: DecimalType): DecimalType {
    return decimalType(a.precision + b.scale + Math.max(b.scale - a.scale, 0), Math.max(a.scale, b.scale));
  },
  modulus(a: DecimalType, b: DecimalType): DecimalType {
    const scale = Math.max(a.scale, b.scale);
    return decimalType(Math.min(b.precision - b.scale, a.precision - a.scale) + scale, scale);
  },
};

/** a + b (or a − b with `negateB`) in the result type `r`. */
export function decimalAdd(a: bigint, at: DecimalType, b: bigint, bt: DecimalType, r: DecimalType, negateB = false): bigint {
  const x = rescale(a, at.scale, r.scale);
  const y = rescale(b, bt.scale, r.scale);
  return checkDecimal(negateB ? x - y : x + y, r.precision);
}

export function decimalMultiply(a: bigint, b: bigint, r: DecimalType): bigint {
  return checkDecimal(a * b, r.precision);
}

/** a / b rounded HALF_UP to the result scale; DIVISION_BY_ZERO for b = 0. */
export function decimalDivide(a: bigint, at: DecimalType, b: bigint, bt: DecimalType, r: DecimalType): bigint {
  if (b === 0n) throw new AegisError('DIVISION_BY_ZERO', 'Division by zero');
  const factor = r.scale - at.scale + bt.scale;
  const num = factor >= 0 ? a * pow10(factor) : a;
  const den = factor >= 0 ? b : b * pow10(-factor);
  return checkDecimal(divideHalfUp(num, den), r.precision);
}

/** a % b (sign of a, as Java's BigDecimal.remainder); DIVISION_BY_ZERO for b = 0. */
export function decimalModulus(a: bigint, at: DecimalType, b: bigint, bt: DecimalType, r: DecimalType): bigint {
  if (b === 0n) throw new AegisError('DIVISION_BY_ZERO', 'Division by zero');
  const x = rescale(a, at.scale, r.scale);
  const y = rescale(b, bt.scale, r.scale);
  return checkDecimal(x % y, r.precision);
}

/** Text with exactly `scale` fractional digits: 150n, 2 → "1.50"; -5n, 2 → "-0.05". */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  let digits = abs(unscaled).toString();
  if (scale === 0) return (neg ? '-' : '') + digits;
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  return `${neg ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/**
 * Parses decimal text (`-12.340`, `+.5`, `1e3`, `1.5E-2`, `1_000.5`) exactly. Returns the
 * unscaled value and the type the text itself has, as Trino's Decimals.parse types a literal:
 * leading zeros of the integral part do not count (`DECIMAL '007.50'` is decimal(3,2)), trailing
 * fractional zeros do, and `0`/`0.0` keep precision ≥ 1. Undefined if the text is not a number.
 */
export function parseDecimalText(text: string): { unscaled: bigint; precision: number; scale: number } | undefined {
  const m = /^\s*([+-]?)([\d_]*)(?:\.([\d_]*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  const sign = m[1];
  let intPart = (m[2] ?? '').replace(/_/g, '');
  let fracPart = (m[3] ?? '').replace(/_/g, '');
  if (intPart === '' && fracPart === '') return undefined;
  const exp = m[4];
  if (exp !== undefined) {
    // Move the decimal point: 1.5E-2 → 0.015, 1e3 → 1000.
    const e = Number(exp);
    if (e > 0) {
      const take = fracPart.slice(0, e).padEnd(e, '0');
      intPart += take;
      fracPart = fracPart.slice(e);
    } else if (e < 0) {
      const padded = intPart.padStart(-e, '0');
      fracPart = padded.slice(padded.length + e) + fracPart;
      intPart = padded.slice(0, padded.length + e);
    }
  }
  intPart = intPart.replace(/^0+/, '');
  const scale = fracPart.length;
  const precision = Math.max(1, intPart.length + scale);
  const digits = intPart + fracPart;
  const unscaled = BigInt(digits === '' ? '0' : digits) * (sign === '-' ? -1n : 1n);
  return { unscaled, precision, scale };
}

/** Converts a double to an unscaled decimal at `scale`, HALF_UP, exactly from its shortest text. */
export function doubleToUnscaled(x: number, scale: number): bigint {
  const p = parseDecimalText(String(x));
  if (!p) throw new AegisError('INVALID_CAST', `Cannot cast DOUBLE '${x}' to DECIMAL`);
  return rescale(p.unscaled, p.scale, scale);
}

/** The nearest double to an unscaled decimal. */
export function unscaledToDouble(v: bigint, scale: number): number {
  return Number(formatDecimal(v, scale));
}
