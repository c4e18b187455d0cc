/**
 * The library's value contract: how each SQL type reaches a JS program. Internal encodings
 * (decimals as unscaled bigints, dates as day numbers, timestamps as epoch micros — see
 * types/sql-type.ts) never leak; every value below survives `structuredClone`, and all but
 * BIGINT / VARBINARY / MAP survive `JSON.stringify` as is.
 *
 * | SQL type                         | JS value                                                   |
 * |----------------------------------|------------------------------------------------------------|
 * | NULL (any type)                  | `null`                                                     |
 * | BOOLEAN                          | `boolean`                                                  |
 * | TINYINT, SMALLINT, INTEGER       | `number`                                                   |
 * | BIGINT                           | `bigint`                                                   |
 * | REAL, DOUBLE                     | `number` (NaN and ±Infinity included)                      |
 * | DECIMAL(p,s)                     | exact `string` with `s` fractional digits: `'1.50'`, `'-0.05'` |
 * | VARCHAR, CHAR(n), JSON           | `string` (CHAR padded to n; JSON as its text)              |
 * | VARBINARY                        | `Uint8Array`                                               |
 * | DATE                             | `'YYYY-MM-DD'`                                             |
 * | TIMESTAMP(p)                     | ISO 8601 local date-time, p fractional digits: `'2024-01-31T12:00:00.000'` |
 * | TIMESTAMP(p) WITH TIME ZONE      | ISO 8601 with the value's offset: `'2024-01-31T12:00:00.000Z'`, `'…+05:30'` (`new Date(s)` reads it) |
 * | TIME(p)                          | `'HH:MM:SS.fff'` (p fractional digits)                     |
 * | TIME(p) WITH TIME ZONE           | `'HH:MM:SS.fff+05:30'` (its offset)                        |
 * | INTERVAL DAY TO SECOND           | `number` of milliseconds                                   |
 * | INTERVAL YEAR TO MONTH           | `number` of months                                         |
 * | ARRAY(T)                         | `Array` of T's values                                      |
 * | MAP(K,V)                         | `Map` from K's values to V's values                        |
 * | ROW(a T, …)                      | plain object `{ a: …, … }` (unnamed fields `field0`, `field1` …, as Athena) |
 */
import { formatDecimal } from '../types/decimal.js';
import { formatDate, formatOffset, formatTimestamp, utcToLocal, zoneOffsetMinutes } from '../types/datetime.js';
import { formatValue } from '../types/format-value.js';
import type { SqlType } from '../types/sql-type.js';
import type { MapValue, TimestampTzValue, Value } from '../types/value.js';
import { tsMicros, tsNanos } from '../types/long-timestamp.js';

/** A value as the library hands it out (see the table in this module's comment). */
export type JsValue = null | boolean | number | bigint | string | Uint8Array | JsValue[] | Map<JsValue, JsValue> | { [field: string]: JsValue };

/** `2024-01-31T12:00:00.000`: Trino's text with the ISO `T`. */
function isoLocal(micros: number, precision: number, nanos = 0): string {
  return formatTimestamp(micros, precision, nanos).replace(' ', 'T');
}

function isoZoned(v: TimestampTzValue, precision: number): string {
  const offset = zoneOffsetMinutes(v.zone, Math.floor(v.micros / 1000));
  const local = isoLocal(utcToLocal(v.micros, v.zone), precision, v.nanos ?? 0);
  return local + (offset === 0 ? 'Z' : formatOffset(offset));
}

/** `HH:MM:SS[.f…]` of microseconds since midnight, with `precision` fractional digits. */
function isoTime(v: number, precision: number): string {
  // time(p > 6) values are nanoseconds of the day, lower precisions micros.
  const nanos = precision > 6 ? v : v * 1000;
  const secs = Math.floor(nanos / 1e9);
  const two = (n: number): string => String(n).padStart(2, '0');
  const hms = `${two(Math.floor(secs / 3600))}:${two(Math.floor(secs / 60) % 60)}:${two(secs % 60)}`;
  return precision > 0 ? `${hms}.${(String(nanos % 1e9).padStart(9, '0') + '000').slice(0, precision)}` : hms;
}

/** Converts one internal value of SQL type `type` to its documented JS form. */
export function toJsValue(v: Value, type: SqlType): JsValue {
  if (v === null) return null;
  switch (type.kind) {
    case 'decimal':
      return formatDecimal(v as bigint, type.scale);
    case 'date':
      return formatDate(v as number);
    case 'timestamp':
      return type.withTimeZone ? isoZoned(v as TimestampTzValue, type.precision) : isoLocal(tsMicros(v), type.precision, tsNanos(v));
    case 'array':
      return (v as Value[]).map((e) => toJsValue(e, type.element));
    case 'map': {
      const m = v as MapValue;
      return new Map(m.keys.map((k, i) => [toJsValue(k, type.key), toJsValue(m.values[i]!, type.value)]));
    }
    case 'row': {
      const out: { [field: string]: JsValue } = {};
      type.fields.forEach((f, i) => (out[f.name ?? `field${i}`] = toJsValue((v as Value[])[i]!, f.type)));
      return out;
    }
    case 'unknown':
      return null;
    default:
      if (type.kind === 'time') return type.withTimeZone ? formatValue(v, type) : isoTime(v as number, type.precision);
      // boolean, integers, bigint, real/double, varchar/char/json, varbinary, intervals.
      return v as JsValue;
  }
}

/** Converts a row of internal values (in column order) to JS values. */
export function toJsRow(row: readonly Value[], types: readonly SqlType[]): JsValue[] {
  return row.map((v, i) => toJsValue(v, types[i]!));
}
