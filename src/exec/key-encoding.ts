/**
 * Hash keys for grouping, joins, DISTINCT and set operations. A key is a JS primitive a `Map`
 * can use directly: a single non-null numeric/string value maps to itself where that is
 * unambiguous, composite keys to a string. Values are assumed already coerced to one common
 * type per key position (the binder guarantees it), so equal SQL values encode equally.
 */
import type { Value } from '../types/value.js';

/** Appends a canonical encoding of `v` to `out`. */
function encodeInto(v: Value, out: string[]): void {
  if (v === null) {
    out.push('\u0000');
    return;
  }
  switch (typeof v) {
    case 'number':
      // -0 and 0 are the same key; all NaNs are one group (Trino groups NaN together).
      out.push('n', Object.is(v, -0) ? '0' : String(v), ';');
      return;
    case 'bigint':
      out.push('b', v.toString(), ';');
      return;
    case 'string':
      out.push('s', String(v.length), ':', v);
      return;
    case 'boolean':
      out.push(v ? 'T' : 'F');
      return;
    default:
      break;
  }
  if (v instanceof Uint8Array) {
    out.push('x', String(v.length), ':');
    for (const b of v) out.push(b.toString(16).padStart(2, '0'));
    return;
  }
  if (Array.isArray(v)) {
    out.push('[', String(v.length), ':');
    for (const e of v) encodeInto(e, out);
    out.push(']');
    return;
  }
  if ('micros' in v) {
    // timestamp with time zone: equality is on the instant.
    out.push('z', String(v.micros), ';');
    return;
  }
  out.push('{', String(v.keys.length), ':');
  for (let i = 0; i < v.keys.length; i++) {
    encodeInto(v.keys[i]!, out);
    encodeInto(v.values[i]!, out);
  }
  out.push('}');
}

/** Encodes one key tuple. */
export function encodeKey(values: readonly Value[]): string {
  const out: string[] = [];
  for (const v of values) encodeInto(v, out);
  return out.join('');
}

/** Encodes a single value (cheaper than {@link encodeKey} for one-column keys). */
export function encodeValue(v: Value): string | number | boolean {
  if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
  if (typeof v === 'string') return 's' + v;
  const out: string[] = [];
  encodeInto(v, out);
  return out.join('');
}
