/**
 * aegis batches → Arrow record batches, the input of the Parquet writer. SQL types map to the
 * Arrow types Athena's Parquet files use: decimal → Decimal128(p, s), date → Date32, timestamp →
 * Timestamp(µs), strings → Utf8, varbinary → Binary, array → List, map → Map, row → Struct.
 * Typed columns whose layout matches Arrow's (Int32, Int64, Float64) are passed without copying.
 */
import {
  Binary,
  Bool,
  type Data,
  type DataType,
  DateDay,
  Decimal,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  List,
  Map_,
  RecordBatch,
  Schema,
  Struct,
  TimestampMicrosecond,
  Utf8,
  makeData,
} from 'apache-arrow';
import { AegisError } from '../../errors.js';
import type { Batch, Column } from '../../types/batch.js';
import { columnGet } from '../../types/batch.js';
import type { SqlType } from '../../types/sql-type.js';
import { formatType } from '../../types/sql-type.js';
import type { MapValue, Value } from '../../types/value.js';
import { tsRoundedMicros } from '../../types/long-timestamp.js';
import type { TableColumn } from '../format.js';

/** The Arrow type written for a SQL type. */
export function arrowTypeOf(t: SqlType): DataType {
  switch (t.kind) {
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
      if (!t.withTimeZone) return new TimestampMicrosecond();
      break;
    case 'array':
      return new List(new Field('element', arrowTypeOf(t.element), true));
    case 'map':
      return new Map_(
        // Arrow's generic parameters cannot follow runtime-built key/value types.
        new Field('entries', new Struct([new Field('key', arrowTypeOf(t.key), false), new Field('value', arrowTypeOf(t.value), true)] as never), false),
      );
    case 'row':
      return new Struct(t.fields.map((f, i) => new Field(f.name ?? `field${i}`, arrowTypeOf(f.type), true)));
    default:
      break;
  }
  throw new AegisError('NOT_SUPPORTED', `Cannot write type ${formatType(t)} to Parquet`, { type: formatType(t) });
}

function bitmap(values: readonly Value[]): { nullBitmap: Uint8Array; nullCount: number } {
  const bm = new Uint8Array((values.length + 7) >> 3);
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null || v === undefined) nullCount++;
    else bm[i >> 3]! |= 1 << (i & 7);
  });
  return { nullBitmap: bm, nullCount };
}

/** Arrow data for a list of values of SQL type `t`. */
export function dataOf(t: SqlType, values: readonly Value[]): Data {
  const type = arrowTypeOf(t);
  const length = values.length;
  const { nullBitmap, nullCount } = bitmap(values);
  const num = (Ctor: { new (n: number): Int8Array | Int16Array | Int32Array | Float32Array | Float64Array }) => {
    const a = new Ctor(length);
    values.forEach((v, i) => v !== null && (a[i] = v as number));
    return a;
  };
  switch (t.kind) {
    case 'boolean': {
      const bits = new Uint8Array((length + 7) >> 3);
      values.forEach((v, i) => v === true && (bits[i >> 3]! |= 1 << (i & 7)));
      return makeData({ type: type as Bool, length, nullCount, nullBitmap, data: bits });
    }
    case 'tinyint':
      return makeData({ type: type as Int8, length, nullCount, nullBitmap, data: num(Int8Array) as Int8Array });
    case 'smallint':
      return makeData({ type: type as Int16, length, nullCount, nullBitmap, data: num(Int16Array) as Int16Array });
    case 'integer':
      return makeData({ type: type as Int32, length, nullCount, nullBitmap, data: num(Int32Array) as Int32Array });
    case 'date':
      return makeData({ type: type as DateDay, length, nullCount, nullBitmap, data: num(Int32Array) as Int32Array });
    case 'real':
      return makeData({ type: type as Float32, length, nullCount, nullBitmap, data: num(Float32Array) as Float32Array });
    case 'double':
      return makeData({ type: type as Float64, length, nullCount, nullBitmap, data: num(Float64Array) as Float64Array });
    case 'bigint':
    case 'timestamp': {
      const a = new BigInt64Array(length);
      // Parquet timestamps are written in microseconds: timestamp(7..9) nanoseconds round half up.
      values.forEach((v, i) => v !== null && (a[i] = typeof v === 'bigint' ? v : BigInt(Math.round(tsRoundedMicros(v)))));
      return makeData({ type: type as Int64, length, nullCount, nullBitmap, data: a });
    }
    case 'decimal': {
      const words = new Uint32Array(length * 4);
      values.forEach((v, i) => {
        if (v === null) return;
        let x = BigInt.asUintN(128, v as bigint);
        for (let w = 0; w < 4; w++, x >>= 32n) words[i * 4 + w] = Number(x & 0xffffffffn);
      });
      return makeData({ type: type as Decimal, length, nullCount, nullBitmap, data: words });
    }
    case 'varchar':
    case 'char':
    case 'json':
    case 'varbinary': {
      const parts = values.map((v) => (v === null ? new Uint8Array(0) : typeof v === 'string' ? Buffer.from(v, 'utf8') : (v as Uint8Array)));
      const valueOffsets = new Int32Array(length + 1);
      parts.forEach((p, i) => (valueOffsets[i + 1] = valueOffsets[i]! + p.length));
      const data = new Uint8Array(valueOffsets[length]!);
      parts.forEach((p, i) => data.set(p, valueOffsets[i]!));
      return makeData({ type: type as Utf8, length, nullCount, nullBitmap, valueOffsets, data });
    }
    case 'array': {
      const flat: Value[] = [];
      const valueOffsets = new Int32Array(length + 1);
      values.forEach((v, i) => {
        if (v !== null) flat.push(...(v as Value[]));
        valueOffsets[i + 1] = flat.length;
      });
      return makeData({ type: type as List, length, nullCount, nullBitmap, valueOffsets, child: dataOf(t.element, flat) });
    }
    case 'map': {
      const keys: Value[] = [], vals: Value[] = [];
      const valueOffsets = new Int32Array(length + 1);
      values.forEach((v, i) => {
        if (v !== null) {
          keys.push(...(v as MapValue).keys);
          vals.push(...(v as MapValue).values);
        }
        valueOffsets[i + 1] = keys.length;
      });
      const entriesType = (type as Map_).children[0]!.type as Struct;
      const child = makeData({ type: entriesType, length: keys.length, nullCount: 0, children: [dataOf(t.key, keys), dataOf(t.value, vals)] });
      return makeData({ type: type as Map_, length, nullCount, nullBitmap, valueOffsets, child });
    }
    case 'row': {
      const children = t.fields.map((f, j) => dataOf(f.type, values.map((v) => (v === null ? null : ((v as Value[])[j] ?? null)))));
      return makeData({ type: type as Struct, length, nullCount, nullBitmap, children });
    }
    default:
      throw new AegisError('NOT_SUPPORTED', `Cannot write type ${formatType(t)} to Parquet`);
  }
}

/** Arrow data for a column, reusing its typed buffer when Arrow's layout is the same. */
function columnData(c: Column): Data {
  const valid = c.kind === 'values' ? null : c.valid;
  const nullCount = valid ? c.length - countBits(valid, c.length) : 0;
  const nullBitmap = valid ?? undefined;
  if (c.kind === 'i32' && (c.type.kind === 'integer' || c.type.kind === 'date')) {
    return makeData({ type: arrowTypeOf(c.type) as Int32, length: c.length, nullCount, nullBitmap, data: c.data });
  }
  if (c.kind === 'i64' && c.type.kind === 'bigint') {
    return makeData({ type: new Int64(), length: c.length, nullCount, nullBitmap, data: c.data });
  }
  if (c.kind === 'f64' && c.type.kind === 'double') {
    return makeData({ type: new Float64(), length: c.length, nullCount, nullBitmap, data: c.data });
  }
  return dataOf(c.type, Array.from({ length: c.length }, (_, i) => columnGet(c, i)));
}

function countBits(bm: Uint8Array, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (bm[i >> 3]! & (1 << (i & 7))) k++;
  return k;
}

/** The Arrow schema of a table. */
export function arrowSchemaOf(columns: readonly TableColumn[]): Schema {
  return new Schema(columns.map((c) => new Field(c.name, arrowTypeOf(c.type), true)));
}

/** One Arrow record batch from an aegis batch whose columns follow `columns`. */
export function recordBatchOf(schema: Schema, b: Batch): RecordBatch {
  const children = b.columns.map(columnData);
  const data = makeData({ type: new Struct(schema.fields), length: b.length, nullCount: 0, children });
  return new RecordBatch(schema, data);
}
