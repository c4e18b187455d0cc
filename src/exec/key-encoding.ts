/**
 * Hash keys for grouping, joins, DISTINCT and set operations. A key is a JS primitive a `Map`
 * can use directly: a single non-null numeric/string value maps to itself where that is
 * unambiguous, composite keys to a string. Values are assumed already coerced to one common
 * type per key position (the binder guarantees it), so equal SQL values encode equally.
 */
import type { Value } from '../types/value.js';

/** A canonical, self-delimiting encoding of `v` (type-tagged, length-prefixed strings). */
function enc(v: Value): string {
  if (v === null) return '\u0000';
  switch (typeof v) {
    case 'number':
      // -0 and 0 are the same key; all NaNs are one group (Trino groups NaN together).
      return 'n' + (Object.is(v, -0) ? '0' : String(v)) + ';';
    case 'bigint':
      return 'b' + v.toString() + ';';
    case 'string':
      return 's' + v.length + ':' + v;
    case 'boolean':
      return v ? 'T' : 'F';
    default:
      break;
  }
  if (v instanceof Uint8Array) {
    let s = 'x' + v.length + ':';
    for (const b of v) s += b < 16 ? '0' + b.toString(16) : b.toString(16);
    return s;
  }
  if (Array.isArray(v)) {
    let s = '[' + v.length + ':';
    for (const e of v) s += enc(e);
    return s + ']';
  }
  if ('micros' in v) {
    // timestamp with time zone (equality is on the instant) or timestamp(7..12) { micros, nanos }.
    return 'z' + v.micros + (v.nanos ? '.' + v.nanos : '') + ';';
  }
  let s = '{' + v.keys.length + ':';
  for (let i = 0; i < v.keys.length; i++) s += enc(v.keys[i]!) + enc(v.values[i]!);
  return s + '}';
}

/** Encodes one key tuple. */
export function encodeKey(values: readonly Value[]): string {
  let s = '';
  for (let i = 0; i < values.length; i++) s += enc(values[i]!);
  return s;
}

/** Encodes a single value (cheaper than {@link encodeKey} for one-column keys). */
export function encodeValue(v: Value): string | number | boolean {
  if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
  if (typeof v === 'string') return 's' + v;
  return enc(v);
}
