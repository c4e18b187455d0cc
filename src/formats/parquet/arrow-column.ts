/**
 * Arrow arrays (as parquet-wasm decodes Parquet) → aegis `Column`s of the table's declared type.
 * Fixed-width columns reuse Arrow's buffers where the layouts agree (Int32, Int64, Float64, the
 * validity bitmap) and otherwise convert in one typed loop; strings, long decimals and nested
 * values become plain arrays. The caller has already checked `canRead(file, table)`.
 */
import { type Data, type DataType, Type, makeVector } from 'apache-arrow';
import type { Column } from '../../types/batch.js';
import type { SqlType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import { columnKindFor } from '../format.js';
import { fitString, roundMicros } from '../text/text-values.js';
import { roundNanos } from '../../types/datetime.js';
import { tsOf } from '../../types/long-timestamp.js';

type Reader = (i: number) => Value;

const DAY_MS = 86_400_000;

function validity(d: Data): Uint8Array | null {
  if (d.nullCount === 0 || !d.nullBitmap || d.nullBitmap.length === 0) return null;
  const bm = d.nullBitmap as Uint8Array;
  const n = d.length;
  if ((d.offset & 7) === 0) return bm.subarray(d.offset >> 3, (d.offset >> 3) + ((n + 7) >> 3));
  const out = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) {
    const k = d.offset + i;
    if (bm[k >> 3]! & (1 << (k & 7))) out[i >> 3]! |= 1 << (i & 7);
  }
  return out;
}

function isNullAt(d: Data, k: number): boolean {
  if (d.nullCount === 0 || !d.nullBitmap || d.nullBitmap.length === 0) return false;
  return ((d.nullBitmap as Uint8Array)[k >> 3]! & (1 << (k & 7))) === 0;
}

/** Timestamp unit (0 s, 1 ms, 2 us, 3 ns) value → epoch micros. */
function toMicros(v: bigint, unit: number): number {
  switch (unit) {
    case 0:
      return Number(v) * 1_000_000;
    case 1:
      return Number(v) * 1000;
    case 2:
      return Number(v);
    default: {
      const q = v / 1000n;
      return Number(v < 0n && q * 1000n !== v ? q - 1n : q);
    }
  }
}

function decimalStride(t: DataType): number {
  return ((t as unknown as { bitWidth?: number }).bitWidth ?? 128) / 32;
}

/** The unscaled bigint of decimal slot `k` (two's complement, little-endian 32-bit words). */
function decimalAt(words: Uint32Array, k: number, stride: number): bigint {
  let v = 0n;
  for (let w = stride - 1; w >= 0; w--) v = (v << 32n) | BigInt(words[k * stride + w]!);
  return BigInt.asIntN(stride * 32, v);
}

/** A reader of logical index `i` of `d` as a value of the table type `table`. */
export function valueReader(d: Data, table: SqlType): Reader {
  const t = d.type;
  const off = d.offset;
  const inner = readerFor(d, t, table);
  if (d.nullCount === 0) return (i) => inner(off + i);
  return (i) => (isNullAt(d, off + i) ? null : inner(off + i));
}

/** A reader by physical slot `k` (offset already applied), ignoring validity. */
function readerFor(d: Data, t: DataType, table: SqlType): Reader {
  const vals = d.values as ArrayLike<number | bigint> & { buffer: ArrayBufferLike; byteOffset: number };
  switch (t.typeId) {
    case Type.Null:
      return () => null;
    case Type.Bool: {
      const bits = d.values as Uint8Array;
      return (k) => (bits[k >> 3]! & (1 << (k & 7))) !== 0;
    }
    case Type.Int: {
      if (table.kind === 'bigint' || table.kind === 'decimal') {
        const scale = table.kind === 'decimal' ? 10n ** BigInt(table.scale) : 1n;
        return (k) => BigInt(vals[k]!) * scale;
      }
      return (k) => Number(vals[k]!);
    }
    case Type.Float:
      return (k) => vals[k] as number;
    case Type.Decimal: {
      const stride = decimalStride(t);
      const up = 10n ** BigInt(table.kind === 'decimal' ? table.scale - (t as unknown as { scale: number }).scale : 0);
      const words = d.values as Uint32Array;
      return (k) => decimalAt(words, k, stride) * up;
    }
    case Type.Date: {
      if ((t as unknown as { unit: number }).unit === 0) return (k) => vals[k] as number;
      return (k) => Math.floor(Number(vals[k]) / DAY_MS);
    }
    case Type.Timestamp: {
      const unit = (t as unknown as { unit: number }).unit;
      const p = table.kind === 'timestamp' ? table.precision : 6;
      if (p > 6 || unit === 3) {
        // Nanosecond values round half up to the precision (timestamp(7..9) keeps the nanoseconds).
        return (k) => {
          const v = vals[k] as bigint;
          const micros = toMicros(v, unit);
          const nanos = unit === 3 ? Number(v - BigInt(micros) * 1000n) : 0;
          const r = roundNanos(micros, nanos, p);
          return tsOf(r.micros, r.nanos, p);
        };
      }
      return (k) => roundMicros(toMicros(vals[k] as bigint, unit), p);
    }
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Binary:
    case Type.LargeBinary: {
      const offs = d.valueOffsets as ArrayLike<number | bigint>;
      const bytes = d.values as Uint8Array;
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (table.kind === 'varbinary') return (k) => bytes.slice(Number(offs[k]), Number(offs[k + 1]));
      return stringReader(buf, offs, table);
    }
    case Type.FixedSizeBinary: {
      const w = (t as unknown as { byteWidth: number }).byteWidth;
      const bytes = d.values as Uint8Array;
      if (table.kind === 'varbinary') return (k) => bytes.slice(k * w, (k + 1) * w);
      return (k) => Buffer.from(bytes.buffer, bytes.byteOffset + k * w, w).toString('utf8');
    }
    case Type.List:
    case Type.LargeList: {
      const offs = d.valueOffsets as ArrayLike<number | bigint>;
      const el = valueReader(d.children[0]!, table.kind === 'array' ? table.element : table);
      return (k) => {
        const out: Value[] = [];
        for (let j = Number(offs[k]), e = Number(offs[k + 1]); j < e; j++) out.push(el(j));
        return out;
      };
    }
    case Type.FixedSizeList: {
      const size = (t as unknown as { listSize: number }).listSize;
      const el = valueReader(d.children[0]!, table.kind === 'array' ? table.element : table);
      return (k) => Array.from({ length: size }, (_, j) => el(k * size + j));
    }
    case Type.Struct: {
      const fields = table.kind === 'row' ? table.fields : [];
      const readers = fields.map((f) => {
        const idx = t.children.findIndex((c) => c.name.toLowerCase() === (f.name ?? '').toLowerCase());
        return idx < 0 ? null : valueReader(d.children[idx]!, f.type);
      });
      return (k) => readers.map((r) => (r ? r(k - d.offset) : null));
    }
    case Type.Map: {
      const offs = d.valueOffsets as ArrayLike<number>;
      const entries = d.children[0]!;
      const kt = table.kind === 'map' ? table.key : table, vt = table.kind === 'map' ? table.value : table;
      const key = valueReader(entries.children[0]!, kt), val = valueReader(entries.children[1]!, vt);
      return (k) => {
        const keys: Value[] = [], values: Value[] = [];
        for (let j = offs[k]!, e = offs[k + 1]!; j < e; j++) {
          keys.push(key(j));
          values.push(val(j));
        }
        return { keys, values };
      };
    }
    case Type.Dictionary: {
      const dict = (d as unknown as { dictionary?: { data: Data[] } }).dictionary;
      const decoded: Value[] = [];
      for (const chunk of dict?.data ?? []) {
        const r = valueReader(chunk, table);
        for (let i = 0; i < chunk.length; i++) decoded.push(r(i));
      }
      return (k) => decoded[Number(vals[k])] ?? null;
    }
    default: {
      // Rare layouts (views, unions): go through Arrow's own accessor.
      const v = makeVector(d);
      return (k) => v.get(k - d.offset) as Value;
    }
  }
}

function stringReader(buf: Buffer, offs: ArrayLike<number | bigint>, table: SqlType): Reader {
  let ascii = true;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i]! > 0x7f) {
      ascii = false;
      break;
    }
  }
  const limit = table.kind === 'varchar' || table.kind === 'char' ? table.length : undefined;
  const fit = (s: string): string => fitString(s, limit, table.kind === 'char');
  const plain = limit === undefined && table.kind !== 'char';
  if (ascii) {
    // One decode for the whole buffer; byte offsets equal character offsets.
    const all = buf.toString('latin1');
    return plain ? (k) => all.slice(Number(offs[k]), Number(offs[k + 1])) : (k) => fit(all.slice(Number(offs[k]), Number(offs[k + 1])));
  }
  return plain
    ? (k) => buf.toString('utf8', Number(offs[k]), Number(offs[k + 1]))
    : (k) => fit(buf.toString('utf8', Number(offs[k]), Number(offs[k + 1])));
}

/** Converts one Arrow array to a column of the table type, zero-copy where layouts agree. */
export function columnFromArrow(d: Data, table: SqlType): Column {
  const n = d.length;
  const kind = columnKindFor(table);
  const t = d.type;
  const off = d.offset;
  // Arrow's Null type has no validity buffer: every slot is NULL.
  if (t.typeId === Type.Null) return nullColumn(table, n);
  const valid = kind === 'values' ? null : validity(d);
  const intLike = t as unknown as { bitWidth?: number; isSigned?: boolean; precision?: number };
  if (kind === 'i32' && t.typeId === Type.Int && intLike.bitWidth === 32 && intLike.isSigned) {
    return { type: table, length: n, kind, data: (d.values as Int32Array).subarray(off, off + n), valid };
  }
  if (kind === 'i32' && t.typeId === Type.Date && (t as unknown as { unit: number }).unit === 0) {
    return { type: table, length: n, kind, data: (d.values as Int32Array).subarray(off, off + n), valid };
  }
  if (kind === 'i64' && t.typeId === Type.Int && intLike.bitWidth === 64) {
    const v = d.values as BigInt64Array | BigUint64Array;
    const data = v instanceof BigInt64Array ? v.subarray(off, off + n) : new BigInt64Array(v.buffer, v.byteOffset + off * 8, n);
    return { type: table, length: n, kind, data, valid };
  }
  if (kind === 'f64' && t.typeId === Type.Float && intLike.precision === 2) {
    return { type: table, length: n, kind, data: (d.values as Float64Array).subarray(off, off + n), valid };
  }
  const fast = fastColumn(d, table, kind, valid);
  if (fast) return fast;
  const read = readerFor(d, t, table);
  switch (kind) {
    case 'bool': {
      const data = new Uint8Array(n);
      for (let i = 0; i < n; i++) data[i] = read(off + i) ? 1 : 0;
      return { type: table, length: n, kind, data, valid };
    }
    case 'i32': {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) if (!valid || !isNullAt(d, off + i)) data[i] = read(off + i) as number;
      return { type: table, length: n, kind, data, valid };
    }
    case 'i64': {
      const data = new BigInt64Array(n);
      for (let i = 0; i < n; i++) if (!valid || !isNullAt(d, off + i)) data[i] = read(off + i) as bigint;
      return { type: table, length: n, kind, data, valid };
    }
    case 'f64': {
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) if (!valid || !isNullAt(d, off + i)) data[i] = read(off + i) as number;
      return { type: table, length: n, kind, data, valid };
    }
    default: {
      const r = valueReader(d, table);
      const data: Value[] = new Array(n);
      for (let i = 0; i < n; i++) data[i] = r(i);
      return { type: table, length: n, kind: 'values', data };
    }
  }
}

/**
 * Tight loops for the hottest conversions: decimal(p ≤ 18) from Decimal128 (copy the low 64 bits
 * as two int32 words, no BigInt arithmetic) and plain UTF-8 strings (one decode of the whole
 * buffer when it is ASCII). Returns undefined when no fast path applies.
 */
function fastColumn(d: Data, table: SqlType, kind: ReturnType<typeof columnKindFor>, valid: Uint8Array | null): Column | undefined {
  const n = d.length, off = d.offset, t = d.type;
  if (kind === 'i64' && t.typeId === Type.Decimal && decimalStride(t) === 4 && table.kind === 'decimal' && (t as unknown as { scale: number }).scale === table.scale) {
    const words = d.values as Uint32Array;
    const out = new BigInt64Array(n);
    const out32 = new Int32Array(out.buffer);
    for (let i = 0, k = off * 4; i < n; i++, k += 4) {
      out32[2 * i] = words[k]! | 0;
      out32[2 * i + 1] = words[k + 1]! | 0;
    }
    return { type: table, length: n, kind: 'i64', data: out, valid };
  }
  if (kind === 'values' && t.typeId === Type.Utf8 && table.kind === 'varchar' && table.length === undefined) {
    const offs = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    const lo = offs[off]!, hi = offs[off + n]!;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let ascii = true;
    for (let i = lo; i < hi; i++) {
      if (bytes[i]! > 0x7f) {
        ascii = false;
        break;
      }
    }
    const data: Value[] = new Array(n);
    const all = ascii ? buf.toString('latin1', lo, hi) : '';
    const hasNulls = d.nullCount > 0;
    for (let i = 0; i < n; i++) {
      const k = off + i;
      if (hasNulls && isNullAt(d, k)) data[i] = null;
      else data[i] = ascii ? all.slice(offs[k]! - lo, offs[k + 1]! - lo) : buf.toString('utf8', offs[k]!, offs[k + 1]!);
    }
    return { type: table, length: n, kind: 'values', data };
  }
  return undefined;
}

/** A column of `n` NULLs (a table column the file does not have). */
export function nullColumn(table: SqlType, n: number): Column {
  const kind = columnKindFor(table);
  const valid = new Uint8Array((n + 7) >> 3);
  switch (kind) {
    case 'bool':
      return { type: table, length: n, kind, data: new Uint8Array(n), valid };
    case 'i32':
      return { type: table, length: n, kind, data: new Int32Array(n), valid };
    case 'i64':
      return { type: table, length: n, kind, data: new BigInt64Array(n), valid };
    case 'f64':
      return { type: table, length: n, kind, data: new Float64Array(n), valid };
    default:
      return { type: table, length: n, kind: 'values', data: new Array<Value>(n).fill(null) };
  }
}
