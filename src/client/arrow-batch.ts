/**
 * Result rows as Apache Arrow record batches (apache-arrow), built buffer by buffer with
 * `makeData` so nothing is lost on the way: decimals are Decimal128 with the SQL precision and
 * scale (exact), timestamps keep their microseconds (nanoseconds for precision > 6), and every
 * field carries its SQL type in the `aegis.sql_type` metadata key.
 *
 * | SQL type                    | Arrow type                                    |
 * |-----------------------------|-----------------------------------------------|
 * | BOOLEAN                     | Bool                                          |
 * | TINYINT … BIGINT            | Int8, Int16, Int32, Int64                     |
 * | REAL, DOUBLE                | Float32, Float64                              |
 * | DECIMAL(p,s)                | Decimal128(p, s)                              |
 * | VARCHAR, CHAR, JSON         | Utf8                                          |
 * | VARBINARY                   | Binary                                        |
 * | DATE                        | Date32 (days)                                 |
 * | TIMESTAMP(p)                | Timestamp(µs, or ns for p > 6), no time zone  |
 * | TIMESTAMP(p) WITH TIME ZONE | Timestamp(µs or ns, 'UTC'), the instant       |
 * | TIME(p)                     | Time64(µs)                                    |
 * | TIME(p) WITH TIME ZONE      | Utf8, its text (`12:00:00.000+05:30`)         |
 * | INTERVAL DAY TO SECOND      | Duration(ms)                                  |
 * | INTERVAL YEAR TO MONTH      | Interval(YEAR_MONTH)                          |
 * | ARRAY / MAP / ROW           | List / Map / Struct                           |
 * | unknown (bare NULL)         | Null                                          |
 */
import {
  Binary,
  Bool,
  Data,
  DataType,
  DateDay,
  Decimal,
  Duration,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  Interval,
  IntervalUnit,
  List,
  makeData,
  Map_,
  Null,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromArrays,
  Time,
  TimeUnit,
  Timestamp,
  Utf8,
} from 'apache-arrow';
import { AegisError } from '../errors.js';
import { formatValue } from '../types/format-value.js';
import { formatType, type SqlType } from '../types/sql-type.js';
import type { MapValue, TimestampTzValue, Value } from '../types/value.js';
import { tsMicros, tsNanos } from '../types/long-timestamp.js';

/** The Arrow type of a SQL type (see the table above). */
export function arrowType(t: SqlType): DataType {
  switch (t.kind) {
    case 'unknown':
      return new Null();
    case 'boolean':
      return new Bool();
    case 'tinyint':
      return new Int8();
    case 'smallint':
      return new Int16();
    case 'integer':
      return new Int32();
    case 'bigint':
      return new Int64();
    case 'real':
      return new Float32();
    case 'double':
      return new Float64();
    case 'decimal':
      return new Decimal(t.scale, t.precision, 128);
    case 'varchar':
    case 'char':
    case 'json':
      return new Utf8();
    case 'varbinary':
      return new Binary();
    case 'date':
      return new DateDay();
    case 'timestamp':
      return new Timestamp(t.precision > 6 ? TimeUnit.NANOSECOND : TimeUnit.MICROSECOND, t.withTimeZone ? 'UTC' : null);
    case 'interval_day_second':
      return new Duration(TimeUnit.MILLISECOND);
    case 'interval_year_month':
      return new Interval(IntervalUnit.YEAR_MONTH);
    case 'array':
      return new List(new Field('item', arrowType(t.element), true));
    case 'map':
      return new Map_<DataType, DataType>(
        new Field('entries', new Struct<{ key: DataType; value: DataType }>([new Field('key', arrowType(t.key), false), new Field('value', arrowType(t.value), true)])),
        false,
      );
    case 'row':
      return new Struct(t.fields.map((f, i) => new Field(f.name ?? `field${i}`, arrowType(f.type), true)));
    default:
      return otherType(t);
  }
}

/**
 * Types beyond the table above: TIME(p) is Time64 (µs, ns for p > 6); TIME WITH TIME ZONE its
 * text (Arrow has no zoned time).
 */
function otherType(t: SqlType): DataType {
  if (t.kind === 'time') return t.withTimeZone ? new Utf8() : new Time(t.precision > 6 ? TimeUnit.NANOSECOND : TimeUnit.MICROSECOND, 64);
  throw new AegisError('NOT_SUPPORTED', `No Arrow type for SQL type ${t.kind}`);
}

/** The Arrow schema of result columns; each field's metadata names its SQL type. */
export function arrowSchema(columns: readonly { name: string; type: SqlType }[]): Schema {
  return new Schema(columns.map((c) => new Field(c.name, arrowType(c.type), true, new Map([['aegis.sql_type', formatType(c.type)]]))));
}

/** Validity bitmap (bit set = value present) and the null count. */
function validity(values: readonly Value[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

function fixed<A extends { [i: number]: number | bigint }>(values: readonly Value[], make: (n: number) => A, get: (v: Value) => number | bigint): A {
  const out = make(values.length);
  values.forEach((v, i) => {
    if (v !== null) out[i] = get(v);
  });
  return out;
}

/** Offsets + concatenated bytes (Utf8, Binary). */
function variable(values: readonly Value[], bytesOf: (v: Value) => Uint8Array): { valueOffsets: Int32Array; data: Uint8Array } {
  const parts = values.map((v) => (v === null ? new Uint8Array(0) : bytesOf(v)));
  const valueOffsets = new Int32Array(values.length + 1);
  parts.forEach((p, i) => (valueOffsets[i + 1] = valueOffsets[i]! + p.length));
  const data = new Uint8Array(valueOffsets[values.length]!);
  parts.forEach((p, i) => data.set(p, valueOffsets[i]!));
  return { valueOffsets, data };
}

/** Offsets of list-like values and their flattened children. */
function flatten<T>(values: readonly Value[], items: (v: Value) => readonly T[]): { valueOffsets: Int32Array; flat: T[] } {
  const valueOffsets = new Int32Array(values.length + 1);
  const flat: T[] = [];
  values.forEach((v, i) => {
    if (v !== null) flat.push(...items(v));
    valueOffsets[i + 1] = flat.length;
  });
  return { valueOffsets, flat };
}

const utf8 = new TextEncoder();

/** One column of internal values as Arrow data of {@link arrowType}`(t)`. */
export function columnData(values: readonly Value[], t: SqlType): Data {
  const type = arrowType(t);
  const length = values.length;
  if (t.kind === 'unknown') return makeData({ type: type as Null, length, nullCount: length });
  const base = { length, ...validity(values) };
  switch (t.kind) {
    case 'boolean': {
      const data = new Uint8Array((length + 7) >> 3);
      values.forEach((v, i) => {
        if (v === true) data[i >> 3]! |= 1 << (i & 7);
      });
      return makeData({ type: type as Bool, ...base, data });
    }
    case 'tinyint':
      return makeData({ type: type as Int8, ...base, data: fixed(values, (n) => new Int8Array(n), Number) });
    case 'smallint':
      return makeData({ type: type as Int16, ...base, data: fixed(values, (n) => new Int16Array(n), Number) });
    case 'integer':
      return makeData({ type: type as Int32, ...base, data: fixed(values, (n) => new Int32Array(n), Number) });
    case 'bigint':
      return makeData({ type: type as Int64, ...base, data: fixed(values, (n) => new BigInt64Array(n), (v) => v as bigint) });
    case 'real':
      return makeData({ type: type as Float32, ...base, data: fixed(values, (n) => new Float32Array(n), Number) });
    case 'double':
      return makeData({ type: type as Float64, ...base, data: fixed(values, (n) => new Float64Array(n), Number) });
    case 'decimal': {
      // 128-bit two's complement, little-endian 32-bit words.
      const data = new Uint32Array(length * 4);
      values.forEach((v, i) => {
        if (v === null) return;
        const x = BigInt.asUintN(128, v as bigint);
        for (let w = 0; w < 4; w++) data[i * 4 + w] = Number((x >> BigInt(32 * w)) & 0xffffffffn);
      });
      return makeData({ type: type as Decimal, ...base, data });
    }
    case 'varchar':
    case 'char':
    case 'json':
      return makeData({ type: type as Utf8, ...base, ...variable(values, (v) => utf8.encode(v as string)) });
    case 'varbinary':
      return makeData({ type: type as Binary, ...base, ...variable(values, (v) => v as Uint8Array) });
    case 'date':
      return makeData({ type: type as DateDay, ...base, data: fixed(values, (n) => new Int32Array(n), Number) });
    case 'timestamp': {
      const nanos = t.precision > 6;
      const instant = (v: Value): bigint => {
        const micros = BigInt(t.withTimeZone ? (v as TimestampTzValue).micros : tsMicros(v));
        return nanos ? micros * 1000n + BigInt(t.withTimeZone ? ((v as TimestampTzValue).nanos ?? 0) : tsNanos(v)) : micros;
      };
      return makeData({ type: type as Timestamp, ...base, data: fixed(values, (n) => new BigInt64Array(n), instant) });
    }
    case 'interval_day_second':
      return makeData({ type: type as Duration, ...base, data: fixed(values, (n) => new BigInt64Array(n), (v) => BigInt(v as number)) });
    case 'interval_year_month':
      return makeData({ type: type as Interval, ...base, data: fixed(values, (n) => new Int32Array(n), Number) });
    case 'array': {
      const { valueOffsets, flat } = flatten(values, (v) => v as Value[]);
      return makeData({ type: type as List, ...base, valueOffsets, child: columnData(flat, t.element) });
    }
    case 'map': {
      const { valueOffsets, flat } = flatten(values, (v) => (v as MapValue).keys.map((k, i) => [k, (v as MapValue).values[i]!] as const));
      const entries = type as Map_;
      const child = makeData({
        type: entries.children[0]!.type as Struct,
        length: flat.length,
        nullCount: 0,
        children: [columnData(flat.map((e) => e[0]), t.key), columnData(flat.map((e) => e[1]), t.value)],
      });
      return makeData({ type: entries, ...base, valueOffsets, child });
    }
    case 'row': {
      const children = t.fields.map((f, j) => columnData(values.map((v) => (v === null ? null : (v as Value[])[j]!)), f.type));
      return makeData({ type: type as Struct, ...base, children });
    }
    default:
      if (t.kind === 'time' && t.withTimeZone) return makeData({ type: type as Utf8, ...base, ...variable(values, (v) => utf8.encode(formatValue(v, t) ?? '')) });
      // TIME(p): microseconds of the day (nanoseconds for p > 6, as the values are).
      return makeData({ type: type as Time, ...base, data: fixed(values, (n) => new BigInt64Array(n), (v) => BigInt(v as number)) });
  }
}

/** Result rows (internal values, column order) as one record batch of `schema`. */
export function rowsToRecordBatch(schema: Schema, columns: readonly { type: SqlType }[], rows: readonly (readonly Value[])[]): RecordBatch {
  const children = columns.map((c, j) => columnData(rows.map((r) => r[j]!), c.type));
  const data = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new RecordBatch(schema, data);
}

/** The whole result as one Arrow table: its batches, or its schema alone when it has no rows. */
export function arrowTable(batches: readonly RecordBatch[], columns: readonly { name: string; type: SqlType }[]): Table {
  if (batches.length > 0) return new Table([...batches]);
  return columns.length === 0 ? tableFromArrays({}) : new Table(arrowSchema(columns));
}
