/**
 * Ordering, identity and hashing of values (Trino's comparison / IS DISTINCT FROM / hash
 * operators).
 *
 * - `compareValues` is the total order of ORDER BY, min/max, sort-merge: NULL sorts after every
 *   value (the caller applies NULLS FIRST/LAST itself), NaN after every other double, -0.0 = 0.0,
 *   strings by Unicode code point (as Trino compares UTF-8 bytes), varbinary bytewise, arrays and
 *   rows lexicographically, timestamps with time zone by instant, timestamp(7..12) by micros then
 *   nanos.
 * - `valuesEqual` is "not distinct": NULL equals NULL, NaN equals NaN, maps equal regardless of
 *   entry order. GROUP BY, DISTINCT, hash joins and set operations group with it. SQL `=` (where
 *   NULL yields NULL and NaN ≠ NaN) is `$eq` in the function registry.
 * - `hashValue` is consistent with `valuesEqual` (equal values hash equally, for the same type).
 */
import type { SqlType } from './sql-type.js';
import { timeTzNanos } from './time.js';
import type { LongTimestampValue, MapValue, TimestampTzValue, Value } from './value.js';

const HIGH_UNIT = /[\uD800-\uFFFF]/;

/**
 * Compares two strings by Unicode code point (JS `<` compares UTF-16 code units). The two orders
 * differ only where a surrogate meets a unit ≥ U+E000, so both strings must hold a unit
 * ≥ U+D800 before the slow path is needed.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  if (!HIGH_UNIT.test(a) || !HIGH_UNIT.test(b)) return a < b ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (!sx && !sy) return x < y ? -1 : 1;
    // A surrogate (code point ≥ U+10000) sorts after every BMP character.
    if (sx && !sy) return 1;
    if (!sx && sy) return -1;
    const cx = a.codePointAt(i)!;
    const cy = b.codePointAt(i)!;
    return cx < cy ? -1 : cx > cy ? 1 : 0;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

export function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an && bn ? 0 : an ? 1 : -1;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * The order of {@link compareValues} read from the values' representation alone, with NULL
 * placed by `nullsFirst` — for sort keys, whose comparators hold no type: numbers (NaN above
 * every other double), bigints (also decimals, of equal scale after coercion), strings by code
 * point, false < true, varbinary bytewise, arrays and rows lexicographically (NULL elements
 * last), timestamps with time zone by instant. Only the sign of the result is meaningful.
 */
export function compareNullable(a: Value, b: Value, nullsFirst: boolean): number {
  if (a === null) return b === null ? 0 : nullsFirst ? -1 : 1;
  if (b === null) return nullsFirst ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    // Mixed bigint/number can only arise from unscaled comparisons of integral values.
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compareNullable(a[i]!, b[i]!, false);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (typeof a === 'object' && typeof b === 'object' && 'micros' in a && 'micros' in b) {
    return a.micros - b.micros || (a.nanos ?? 0) - (b.nanos ?? 0);
  }
  return 0;
}

/** Total order of two values of type `type`; NULL last. Returns -1, 0 or 1. */
export function compareValues(a: Value, b: Value, type: SqlType): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  switch (type.kind) {
    case 'bigint':
    case 'decimal':
      return (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0;
    case 'varchar':
    case 'char':
    case 'json':
      return compareStrings(a as string, b as string);
    case 'boolean':
      return a === b ? 0 : a ? 1 : -1;
    case 'varbinary':
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case 'timestamp':
      if (type.withTimeZone) {
        const x = a as TimestampTzValue;
        const y = b as TimestampTzValue;
        return compareNumbers(x.micros, y.micros) || compareNumbers(x.nanos ?? 0, y.nanos ?? 0);
      }
      if (type.precision > 6) {
        const x = a as LongTimestampValue;
        const y = b as LongTimestampValue;
        return compareNumbers(x.micros, y.micros) || compareNumbers(x.nanos, y.nanos);
      }
      return compareNumbers(a as number, b as number);
    case 'time':
      if (type.withTimeZone) return compareNumbers(timeTzNanos(a as TimestampTzValue), timeTzNanos(b as TimestampTzValue));
      return compareNumbers(a as number, b as number);
    case 'array': {
      const x = a as Value[];
      const y = b as Value[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i]!, y[i]!, type.element);
        if (c !== 0) return c;
      }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    case 'row': {
      const x = a as Value[];
      const y = b as Value[];
      for (let i = 0; i < type.fields.length; i++) {
        const c = compareValues(x[i]!, y[i]!, type.fields[i]!.type);
        if (c !== 0) return c;
      }
      return 0;
    }
    case 'map': {
      // Maps are not orderable in SQL; this order only makes sorting deterministic.
      const ka = sortedEntries(a as MapValue, type);
      const kb = sortedEntries(b as MapValue, type);
      const rowType: SqlType = { kind: 'array', element: { kind: 'row', fields: [{ type: type.key }, { type: type.value }] } };
      return compareValues(ka, kb, rowType);
    }
    default:
      return compareNumbers(a as number, b as number);
  }
}

/**
 * A comparator specialised for one type (same order as {@link compareValues}, NULL last), for
 * sorts and min/max loops that compare many values of the same type.
 */
export function makeComparator(type: SqlType): (a: Value, b: Value) => number {
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'date':
    case 'interval_day_second':
    case 'interval_year_month':
      return (a, b) => (a === null || b === null ? compareValues(a, b, type) : (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
    case 'bigint':
    case 'decimal':
      return (a, b) => (a === null || b === null ? compareValues(a, b, type) : (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0);
    case 'varchar':
    case 'char':
      return (a, b) => (a === null || b === null ? compareValues(a, b, type) : compareStrings(a as string, b as string));
    case 'timestamp':
      if (!type.withTimeZone && type.precision <= 6) {
        return (a, b) => (a === null || b === null ? compareValues(a, b, type) : (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
      }
      return (a, b) => compareValues(a, b, type);
    default:
      return (a, b) => compareValues(a, b, type);
  }
}

function sortedEntries(m: MapValue, type: Extract<SqlType, { kind: 'map' }>): Value[] {
  const idx = m.keys.map((_, i) => i).sort((i, j) => compareValues(m.keys[i]!, m.keys[j]!, type.key));
  return idx.map((i) => [m.keys[i]!, m.values[i]!]);
}

/** IS NOT DISTINCT FROM: NULL = NULL, NaN = NaN, -0.0 = 0.0, maps regardless of order. */
export function valuesEqual(a: Value, b: Value, type: SqlType): boolean {
  if (a === null || b === null) return a === b;
  switch (type.kind) {
    case 'array': {
      const x = a as Value[];
      const y = b as Value[];
      return x.length === y.length && x.every((e, i) => valuesEqual(e, y[i]!, type.element));
    }
    case 'row':
      return type.fields.every((f, i) => valuesEqual((a as Value[])[i]!, (b as Value[])[i]!, f.type));
    case 'map': {
      const x = a as MapValue;
      const y = b as MapValue;
      if (x.keys.length !== y.keys.length) return false;
      return x.keys.every((k, i) => {
        const j = y.keys.findIndex((k2) => valuesEqual(k, k2, type.key));
        return j >= 0 && valuesEqual(x.values[i]!, y.values[j]!, type.value);
      });
    }
    default:
      return compareValues(a, b, type) === 0;
  }
}

// ---- hashing ----------------------------------------------------------------------------------

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number, x: number): number {
  h ^= x;
  h = Math.imul(h, 0x01000193);
  return h >>> 0;
}

function hashString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

function hashNumber(x: number): number {
  if (x === 0) x = 0; // -0 → 0
  if (Number.isNaN(x)) return 0x7ff80000;
  if (Number.isInteger(x) && Math.abs(x) < 2 ** 31) return mix(0x811c9dc5, x | 0);
  f64[0] = x;
  return mix(mix(0x811c9dc5, u32[0]!), u32[1]!);
}

function hashBigint(x: bigint): number {
  if (x >= -2147483648n && x < 2147483648n) return mix(0x811c9dc5, Number(x) | 0);
  return hashString(x.toString(16));
}

/** A 32-bit hash consistent with {@link valuesEqual} for values of the same type. */
export function hashValue(v: Value, type: SqlType): number {
  if (v === null) return 0x9e3779b9;
  switch (type.kind) {
    case 'bigint':
    case 'decimal':
      return hashBigint(v as bigint);
    case 'varchar':
    case 'char':
    case 'json':
      return hashString(v as string);
    case 'boolean':
      return v ? 0x4cf5ad43 : 0x2545f491;
    case 'varbinary': {
      let h = 0x811c9dc5;
      for (const b of v as Uint8Array) h = mix(h, b);
      return h;
    }
    case 'timestamp':
      if (type.withTimeZone) return hashNumber((v as TimestampTzValue).micros);
      if (type.precision > 6) return mix(hashNumber((v as LongTimestampValue).micros), (v as LongTimestampValue).nanos);
      return hashNumber(v as number);
    case 'time':
      return hashNumber(type.withTimeZone ? timeTzNanos(v as TimestampTzValue) : (v as number));
    case 'array': {
      let h = 0x1234567;
      for (const e of v as Value[]) h = mix(h, hashValue(e, type.element));
      return h;
    }
    case 'row': {
      let h = 0x7654321;
      type.fields.forEach((f, i) => {
        h = mix(h, hashValue((v as Value[])[i]!, f.type));
      });
      return h;
    }
    case 'map': {
      // Order-independent: sum of entry hashes.
      const m = v as MapValue;
      let sum = 0;
      for (let i = 0; i < m.keys.length; i++) {
        sum = (sum + mix(hashValue(m.keys[i]!, type.key), hashValue(m.values[i]!, type.value))) >>> 0;
      }
      return sum;
    }
    default:
      return hashNumber(v as number);
  }
}
