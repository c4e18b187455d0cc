/**
 * SQL types as aegis sees them (Trino's type system, which Athena engine v3 uses).
 *
 * Runtime value representation (one per type; NULL is always `null`):
 *   boolean                → boolean
 *   tinyint/smallint/integer → number (integral)
 *   bigint                 → bigint
 *   real/double            → number
 *   decimal(p,s)           → bigint holding the unscaled value (value × 10^s), exact
 *   varchar(n)/char(n)     → string (char(n) values are kept padded with spaces to n)
 *   varbinary              → Uint8Array
 *   date                   → number, days since 1970-01-01
 *   timestamp(p), p ≤ 6    → number, microseconds since epoch (UTC wall clock, no zone);
 *                            exact within ±285 years of 1970
 *   timestamp(p), p > 6    → { micros: number, nanos: number } (LongTimestampValue, value.ts;
 *                            helpers in long-timestamp.ts): exact to the nanosecond; non-zero
 *                            digits past the ninth (p 10–12) are refused (NOT_SUPPORTED), never
 *                            dropped
 *   timestamp(p) with time zone → { micros: number, zone: string, nanos?: number } (see value.ts):
 *                            exact to the nanosecond; non-zero digits past the ninth are
 *                            refused as for timestamp(p)
 *   time(p), p ≤ 6         → number, microseconds since midnight (time.ts)
 *   time(p), p > 6         → number, nanoseconds since midnight (exact in a double); non-zero
 *                            digits past the ninth (p 10–12) are refused as for timestamp(p)
 *   time(p) with time zone → { micros: UTC micros of day (floored), zone: '+hh:mm',
 *                            nanos?: 1–999 for p > 6 } (time.ts)
 *   interval day to second → number, milliseconds
 *   interval year to month → number, months
 *   array(T)               → Value[]
 *   map(K,V)               → MapValue ({ keys: Value[], values: Value[] })
 *   row(…)                 → Value[] (fields by position)
 *   json                   → string (canonical JSON text)
 *   unknown (NULL literal) → null
 *
 * Related modules: type-parser.ts (parseTypeName), coercion.ts (canCoerce, commonSuperType),
 * cast.ts (castValue, tryCastValue, canCast), compare.ts (compareValues, valuesEqual,
 * hashValue), format-value.ts (formatValue, parseValueFromText), decimal.ts, datetime.ts,
 * json-value.ts, number-format.ts.
 */
export type SqlType =
  | { kind: 'unknown' }
  | { kind: 'boolean' }
  | { kind: 'tinyint' }
  | { kind: 'smallint' }
  | { kind: 'integer' }
  | { kind: 'bigint' }
  | { kind: 'real' }
  | { kind: 'double' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'varchar'; length?: number }
  | { kind: 'char'; length: number }
  | { kind: 'varbinary' }
  | { kind: 'date' }
  | { kind: 'timestamp'; precision: number; withTimeZone?: boolean }
  | { kind: 'time'; precision: number; withTimeZone?: boolean }
  | { kind: 'interval_day_second' }
  | { kind: 'interval_year_month' }
  | { kind: 'array'; element: SqlType }
  | { kind: 'map'; key: SqlType; value: SqlType }
  | { kind: 'row'; fields: { name?: string; type: SqlType }[] }
  | { kind: 'json' };

export const T = {
  unknown: { kind: 'unknown' } as SqlType,
  boolean: { kind: 'boolean' } as SqlType,
  tinyint: { kind: 'tinyint' } as SqlType,
  smallint: { kind: 'smallint' } as SqlType,
  integer: { kind: 'integer' } as SqlType,
  bigint: { kind: 'bigint' } as SqlType,
  real: { kind: 'real' } as SqlType,
  double: { kind: 'double' } as SqlType,
  varchar: { kind: 'varchar' } as SqlType,
  varbinary: { kind: 'varbinary' } as SqlType,
  date: { kind: 'date' } as SqlType,
  timestamp3: { kind: 'timestamp', precision: 3 } as SqlType,
  json: { kind: 'json' } as SqlType,
  decimal: (precision: number, scale = 0): SqlType => ({ kind: 'decimal', precision, scale }),
  array: (element: SqlType): SqlType => ({ kind: 'array', element }),
  map: (key: SqlType, value: SqlType): SqlType => ({ kind: 'map', key, value }),
} as const;

/** Trino's display name, e.g. `decimal(12,2)`, `array(varchar)`, `row(a integer, b varchar)`. */
export function formatType(t: SqlType): string {
  switch (t.kind) {
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'varchar':
      return t.length === undefined ? 'varchar' : `varchar(${t.length})`;
    case 'char':
      return `char(${t.length})`;
    case 'timestamp':
      return `timestamp(${t.precision})${t.withTimeZone ? ' with time zone' : ''}`;
    case 'time':
      return `time(${t.precision})${t.withTimeZone ? ' with time zone' : ''}`;
    case 'interval_day_second':
      return 'interval day to second';
    case 'interval_year_month':
      return 'interval year to month';
    case 'array':
      return `array(${formatType(t.element)})`;
    case 'map':
      return `map(${formatType(t.key)}, ${formatType(t.value)})`;
    case 'row':
      return `row(${t.fields.map((f) => (f.name ? `${f.name} ${formatType(f.type)}` : formatType(f.type))).join(', ')})`;
    default:
      return t.kind;
  }
}

export function typesEqual(a: SqlType, b: SqlType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'decimal':
    case 'varchar':
    case 'char':
    case 'timestamp':
    case 'time':
    case 'array':
    case 'map':
    case 'row':
      // Parametric types: compare the full spelling (rare on hot paths).
      return formatType(a) === formatType(b);
    default:
      return true;
  }
}

export function isNumeric(t: SqlType): boolean {
  return ['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal'].includes(t.kind);
}

export function isIntegral(t: SqlType): boolean {
  return ['tinyint', 'smallint', 'integer', 'bigint'].includes(t.kind);
}

export function isString(t: SqlType): boolean {
  return t.kind === 'varchar' || t.kind === 'char';
}
