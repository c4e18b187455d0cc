/**
 * Ordering of runtime values for ORDER BY, window ORDER BY, TopN and RANGE frames. Values being
 * compared share one SQL type (the binder coerces), so the comparison follows the representation:
 * numbers (NaN sorts above every other double, as in Trino), bigints (also decimals, whose scale
 * is equal after coercion), strings by code point, booleans false < true, varbinary bytewise,
 * arrays/rows lexicographically, timestamps with time zone by instant. NULLs are handled by the
 * caller (NULLS FIRST/LAST).
 */
import type { Value } from '../types/value.js';

export function compareNonNull(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    const na = Number.isNaN(a);
    const nb = Number.isNaN(b);
    return na === nb ? 0 : na ? 1 : -1;
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    // Mixed bigint/number can only arise from unscaled comparisons of integral values.
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compareNullable(a[i]!, b[i]!, false);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && 'micros' in a && 'micros' in b) {
    return a.micros - b.micros || (a.nanos ?? 0) - (b.nanos ?? 0);
  }
  return 0;
}

/** Code-point order (Trino compares varchar by UTF-8 bytes, which is code-point order). */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral code points) sort above the BMP in code-point order.
      const sx = x >= 0xd800 && x <= 0xdfff;
      const sy = y >= 0xd800 && y <= 0xdfff;
      if (sx !== sy) return sx ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Compares with NULL placement: `nullsFirst` puts NULL before every value. */
export function compareNullable(a: Value, b: Value, nullsFirst: boolean): number {
  if (a === null) return b === null ? 0 : nullsFirst ? -1 : 1;
  if (b === null) return nullsFirst ? 1 : -1;
  return compareNonNull(a, b);
}
