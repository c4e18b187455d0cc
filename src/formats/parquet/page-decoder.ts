/**
 * A Parquet page decoder of aegis's own for flat columns, straight into typed columns: it reads
 * only the projected column chunks of the chosen row groups (parquet-wasm's synchronous reader
 * decodes every column of the file whatever the projection), keeps dictionary pages as decoded
 * dictionaries (a dictionary-encoded string column decodes each distinct string once), and
 * builds i32/i64/f64/bool columns without a boxed value per row.
 *
 * Page headers, decompression and the page encodings (PLAIN, RLE/bit-packed levels and
 * dictionary indices, DELTA_*, BYTE_STREAM_SPLIT) come from hyparquet's page layer; the values
 * are converted here. The supported pairs of file type and table type are those whose meaning
 * is plain (below, {@link planFlatColumns}); any other column sends the object to the
 * parquet-wasm path, which handles every layout.
 */
import { gunzipSync, brotliDecompressSync, inflateSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { snappyUncompressor } from 'hysnappy';
import type { FileMetaData, SchemaElement } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { AegisError } from '../../errors.js';
import { lazyDictColumn, lazyNumDictColumn, type Column, type NumDictionary } from '../../types/batch.js';
import { releaseBuffer, takeBuffer } from '../../types/buffer-pool.js';
import type { SqlType } from '../../types/sql-type.js';
import { groupUnpacker, MAX_UNPACK_WIDTH } from './bit-unpack.js';
import type { ChunkBytes } from './page-checksums.js';

/** The most rows of one row group this decoder decodes (larger groups go to parquet-wasm). */
const MAX_GROUP_ROWS = 1 << 24;

/** The largest page this decoder accepts (writers use pages of about 1 MiB; larger go to parquet-wasm). */
const MAX_PAGE_BYTES = 32 * 1024 * 1024;

/** How a file column becomes a table column. */
type Target = 'i32' | 'i64' | 'i64-from-i32' | 'f64' | 'f32' | 'bool' | 'utf8';

export interface FlatColumnPlan {
  /** Index among the file's leaf columns (= column chunk index in a row group). */
  readonly chunk: number;
  readonly element: SchemaElement;
  readonly optional: boolean;
  readonly target: Target;
  readonly table: SqlType;
}

const CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'ZSTD', 'BROTLI']);

// Snappy in WebAssembly (hysnappy, from hyparquet's author): about twice hyparquet's JavaScript
// decoder on Parquet pages. One instance per thread, created on first use.
let snappy: ((input: Uint8Array, outputLength: number) => Uint8Array) | undefined;

const compressors = {
  SNAPPY: (input: Uint8Array, outputLength: number): Uint8Array => (snappy ??= snappyUncompressor())(input, outputLength),
  GZIP: (input: Uint8Array): Uint8Array => {
    // Parquet's GZIP codec is gzip framing; some writers emit raw zlib.
    try {
      return new Uint8Array(gunzipSync(input));
    } catch {
      return new Uint8Array(inflateSync(input));
    }
  },
  ZSTD: (input: Uint8Array): Uint8Array => zstdDecompress(input),
  BROTLI: (input: Uint8Array): Uint8Array => new Uint8Array(brotliDecompressSync(input)),
};

function logical(e: SchemaElement): string | undefined {
  return (e.logical_type as { type?: string } | undefined)?.type;
}

/** The conversion of a file column to a table type, or undefined when this decoder does not do it. */
function targetOf(e: SchemaElement, table: SqlType): Target | undefined {
  const lt = logical(e);
  const ct = e.converted_type;
  const intAnnot = e.logical_type as { type?: string; bitWidth?: number; isSigned?: boolean } | undefined;
  const plainInt = (bits: number): boolean =>
    (lt === undefined && (ct === undefined || ct === `INT_${bits}`)) || (lt === 'INTEGER' && intAnnot!.isSigned === true && intAnnot!.bitWidth === bits);
  switch (e.type) {
    case 'INT32':
      if (table.kind === 'integer' && plainInt(32)) return 'i32';
      if (table.kind === 'bigint' && plainInt(32)) return 'i64-from-i32';
      if (table.kind === 'date' && (lt === 'DATE' || (lt === undefined && ct === 'DATE'))) return 'i32';
      if (table.kind === 'decimal' && table.precision <= 18 && isDecimal(e) && scaleOf(e) === table.scale) return 'i64-from-i32';
      return undefined;
    case 'INT64':
      if (table.kind === 'bigint' && plainInt(64)) return 'i64';
      if (table.kind === 'decimal' && table.precision <= 18 && isDecimal(e) && scaleOf(e) === table.scale) return 'i64';
      return undefined;
    case 'DOUBLE':
      return table.kind === 'double' && lt === undefined && ct === undefined ? 'f64' : undefined;
    case 'FLOAT':
      return table.kind === 'real' && lt === undefined && ct === undefined ? 'f32' : undefined;
    case 'BOOLEAN':
      return table.kind === 'boolean' ? 'bool' : undefined;
    case 'BYTE_ARRAY':
      return table.kind === 'varchar' && table.length === undefined && (lt === 'STRING' || ct === 'UTF8') ? 'utf8' : undefined;
    default:
      return undefined;
  }
}

function isDecimal(e: SchemaElement): boolean {
  return logical(e) === 'DECIMAL' || e.converted_type === 'DECIMAL';
}

function scaleOf(e: SchemaElement): number | undefined {
  return e.scale ?? (e.logical_type as { scale?: number } | undefined)?.scale;
}

/**
 * For each projected table column (matched to its file column by `names`, null when absent),
 * how this decoder reads it; undefined when some column needs the general path.
 */
export function planFlatColumns(md: FileMetaData, names: readonly (string | null)[], tableTypes: readonly SqlType[]): (FlatColumnPlan | null)[] | undefined {
  const schema = md.schema;
  const root = schema[0];
  if (!root) return undefined;
  // The top-level fields; a leaf's chunk index counts leaves in schema order.
  const top = new Map<string, { element: SchemaElement; chunk: number }>();
  let leaf = 0;
  let i = 1;
  const flatTop: boolean[] = [];
  for (let f = 0; f < (root.num_children ?? 0); f++) {
    const e = schema[i];
    if (!e || typeof e.name !== 'string') return undefined;
    if (e.num_children) {
      // Skip a nested field's subtree, counting its leaves.
      let pending = e.num_children;
      i++;
      while (pending > 0) {
        const c = schema[i++];
        if (!c) return undefined;
        pending--;
        if (c.num_children) pending += c.num_children;
        else leaf++;
      }
      flatTop.push(false);
      continue;
    }
    top.set(e.name, { element: e, chunk: leaf++ });
    flatTop.push(true);
    i++;
  }
  const plans: (FlatColumnPlan | null)[] = [];
  for (let j = 0; j < names.length; j++) {
    const name = names[j];
    if (name === null || name === undefined) {
      plans.push(null);
      continue;
    }
    const hit = top.get(name);
    if (!hit || hit.element.repetition_type === 'REPEATED') return undefined;
    const target = targetOf(hit.element, tableTypes[j]!);
    if (!target) return undefined;
    for (const rg of md.row_groups) {
      // Row groups this decoder holds in one piece (a damaged footer may claim any count).
      const rows = Number(rg.num_rows);
      if (!(Number.isInteger(rows) && rows >= 0 && rows <= MAX_GROUP_ROWS)) return undefined;
      const meta = rg.columns[hit.chunk]?.meta_data;
      if (!meta || !CODECS.has(meta.codec) || meta.path_in_schema.length !== 1 || meta.path_in_schema[0] !== name) return undefined;
    }
    plans.push({ chunk: hit.chunk, element: hit.element, optional: hit.element.repetition_type !== 'REQUIRED', target, table: tableTypes[j]! });
  }
  return plans;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  // Short ASCII strings (most dictionary entries and codes) skip the decoder.
  if (bytes.length < 32) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b > 0x7f) return utf8.decode(bytes);
      s += String.fromCharCode(b);
    }
    return s;
  }
  return utf8.decode(bytes);
}

/** Output buffers of one column over `rows` rows. */
class Out {
  i32: Int32Array | undefined;
  words: Int32Array | undefined;
  i64: BigInt64Array | undefined;
  f64: Float64Array | undefined;
  u8: Uint8Array | undefined;
  strings: string[] | undefined;
  valid: Uint8Array | null = null;
  pos = 0;
  /** utf8: the dictionary code of each row (-1 NULL) while every page so far is dictionary-encoded. */
  codes: Int32Array | undefined;
  dictValues: string[] | undefined;
  /**
   * Numeric targets decoded in code mode: the dictionary code of each row (-1 NULL) while every
   * page so far is dictionary-encoded with one dictionary (`numDict`); the typed data is not
   * allocated then, and the column is finished as a dictionary column.
   */
  numCodes: Int32Array | undefined;
  numDict: Source | undefined;

  constructor(
    readonly target: Target,
    readonly rows: number,
    codeMode = false,
  ) {
    if (codeMode && target !== 'bool') this.numCodes = new Int32Array(takeBuffer(4 * rows));
    else this.alloc();
  }

  /** The typed data (pooled buffers: see types/buffer-pool.ts). */
  private alloc(): void {
    const rows = this.rows;
    switch (this.target) {
      case 'i32':
        this.i32 = new Int32Array(takeBuffer(4 * rows));
        break;
      case 'i64':
      case 'i64-from-i32':
        this.i64 = new BigInt64Array(takeBuffer(8 * rows));
        this.words = new Int32Array(this.i64.buffer);
        break;
      case 'f64':
      case 'f32':
        this.f64 = new Float64Array(takeBuffer(8 * rows));
        break;
      case 'bool':
        this.u8 = new Uint8Array(rows);
        break;
      case 'utf8':
        this.strings = new Array<string>(rows);
        this.codes = new Int32Array(takeBuffer(4 * rows));
        break;
    }
  }

  /** Leaves code mode: the typed data of the rows so far, from their codes. */
  materialize(): void {
    const codes = this.numCodes;
    if (codes === undefined) return;
    this.numCodes = undefined;
    this.alloc();
    const dict = this.numDict;
    if (dict === undefined) return;
    for (let i = 0; i < this.pos; i++) {
      const k = codes[i]!;
      if (k >= 0) put(this, i, dict, k);
    }
    if (this.codes) {
      // utf8: the codes so far stay beside the strings (while the pages stay dictionary-encoded).
      this.codes.set(codes.subarray(0, this.pos));
      this.dictValues = (dict as Extract<Source, { kind: 'str' }>).data;
    }
    releaseBuffer(codes.buffer);
  }

  setNull(i: number): void {
    if (this.valid === null) this.valid = new Uint8Array((this.rows + 7) >> 3).fill(0xff);
    this.valid[i >> 3]! &= ~(1 << (i & 7));
    if (this.strings) this.strings[i] = null as unknown as string;
    if (this.codes) this.codes[i] = -1;
    if (this.numCodes) this.numCodes[i] = -1;
  }
}

/** Values of a page or dictionary, in a shape the copy loop reads without boxing. */
export type Source =
  | { kind: 'i32'; data: Int32Array }
  | { kind: 'words'; data: Int32Array }
  | { kind: 'f64'; data: ArrayLike<number> }
  | { kind: 'bool'; data: ArrayLike<boolean | number> }
  | { kind: 'str'; data: string[] };

/** A page's or dictionary's values (as hyparquet reads them) in a shape read without boxing. */
export function sourceOf(values: unknown, target: Target, count: number): Source {
  if (target === 'utf8') {
    const arr = values as ArrayLike<Uint8Array>;
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) out[i] = decodeUtf8(arr[i]!);
    return { kind: 'str', data: out };
  }
  if (target === 'bool') return { kind: 'bool', data: values as ArrayLike<boolean> };
  if (target === 'f64' || target === 'f32') return { kind: 'f64', data: values as ArrayLike<number> };
  if (values instanceof BigInt64Array) return { kind: 'words', data: new Int32Array(values.buffer, values.byteOffset, values.length * 2) };
  if (values instanceof Int32Array) return { kind: 'i32', data: values };
  // A plain array (DELTA or unusual layouts): normalize.
  const arr = values as ArrayLike<number | bigint>;
  if (target === 'i64') {
    const b = new BigInt64Array(count);
    for (let i = 0; i < count; i++) b[i] = BigInt(arr[i]!);
    return { kind: 'words', data: new Int32Array(b.buffer) };
  }
  return { kind: 'i32', data: Int32Array.from(arr as ArrayLike<number>) };
}

function put(out: Out, i: number, src: Source, k: number): void {
  switch (src.kind) {
    case 'i32':
      if (out.i32) out.i32[i] = src.data[k]!;
      else {
        const v = src.data[k]!;
        out.words![2 * i] = v;
        out.words![2 * i + 1] = v < 0 ? -1 : 0;
      }
      return;
    case 'words':
      out.words![2 * i] = src.data[2 * k]!;
      out.words![2 * i + 1] = src.data[2 * k + 1]!;
      return;
    case 'f64':
      out.f64![i] = src.data[k] as number;
      return;
    case 'bool':
      out.u8![i] = src.data[k] ? 1 : 0;
      return;
    case 'str':
      out.strings![i] = src.data[k]!;
      return;
  }
}

/**
 * Copies a page without NULLs into `out` at `pos`: one tight loop per source shape (or a typed
 * array copy for plain pages) instead of a dispatch per value. False: a shape it leaves to the
 * general loop.
 */
function copyDense(out: Out, pos: number, n: number, src: Source, idx: Int32Array | undefined, codes: Int32Array | undefined): boolean {
  if (idx) {
    if (codes) codes.set(idx.subarray(0, n), pos);
    switch (src.kind) {
      case 'i32': {
        const o = out.i32;
        if (!o) return copyGeneral(out, pos, n, src, idx);
        const v = src.data;
        for (let i = 0; i < n; i++) o[pos + i] = v[idx[i]!]!;
        return true;
      }
      case 'words': {
        const o = out.words!;
        const v = src.data;
        for (let i = 0; i < n; i++) {
          const d = idx[i]! << 1;
          const j = (pos + i) << 1;
          o[j] = v[d]!;
          o[j + 1] = v[d + 1]!;
        }
        return true;
      }
      case 'f64': {
        const o = out.f64!;
        const v = src.data;
        for (let i = 0; i < n; i++) o[pos + i] = v[idx[i]!]!;
        return true;
      }
      case 'str': {
        const o = out.strings!;
        const v = src.data;
        for (let i = 0; i < n; i++) o[pos + i] = v[idx[i]!]!;
        return true;
      }
      default:
        return copyGeneral(out, pos, n, src, idx);
    }
  }
  switch (src.kind) {
    case 'i32':
      if (!out.i32 || src.data.length < n) return false;
      out.i32.set(src.data.subarray(0, n), pos);
      return true;
    case 'words':
      if (src.data.length < 2 * n) return false;
      out.words!.set(src.data.subarray(0, 2 * n), 2 * pos);
      return true;
    case 'f64': {
      const o = out.f64!;
      const v = src.data;
      if (v.length < n) return false;
      for (let i = 0; i < n; i++) o[pos + i] = v[i]!;
      return true;
    }
    default:
      return false;
  }
}

function copyGeneral(out: Out, pos: number, n: number, src: Source, idx: Int32Array): boolean {
  for (let i = 0; i < n; i++) put(out, pos + i, src, idx[i]!);
  return true;
}

/** The levels and values of one data page, bounded by its header's counts. */
interface DataPage {
  numValues: number;
  /** Definition level per value (optional columns); null when every value is present. */
  definitionLevels: Uint8Array | null;
  /** Values present (not NULL). */
  present: number;
  /** Where the dictionary indices lie, for dictionary-encoded pages (decoded on demand). */
  hybrid?: HybridRun;
  /** Plain values otherwise. */
  dataPage?: unknown;
}

/** A page encoding this decoder leaves to parquet-wasm (the caller retries the row group there). */
class UnsupportedPage extends Error {}

function readVarInt(b: Uint8Array, at: { p: number }): number {
  let v = 0;
  let shift = 0;
  for (;;) {
    if (at.p >= b.length) throw new Error('truncated varint');
    const x = b[at.p++]!;
    v += (x & 0x7f) * 2 ** shift;
    if ((x & 0x80) === 0) return v;
    shift += 7;
    if (shift > 35) throw new Error('varint too long');
  }
}

/** An RLE run's value: ceil(width / 8) bytes, little-endian, at `at.p` (advanced past them). */
function rleValue(b: Uint8Array, at: { p: number }, end: number, width: number): number {
  let v = 0;
  for (let j = 0; j < (width + 7) >> 3; j++) {
    if (at.p >= end) throw new Error('truncated RLE run');
    v += b[at.p++]! * 2 ** (8 * j);
  }
  if (v >= 2 ** width) throw new Error(`an RLE run value ${v} exceeds ${width} bits`);
  return v;
}

/**
 * The `width`-bit value (unsigned, LSB first) at bit offset `bit` of `b`. Up to 5 bytes hold a
 * value of up to 32 bits at any offset; bytes past the buffer read as 0 (they lie beyond the
 * run's checked data, never part of a value).
 */
function packedAt(b: Uint8Array, bit: number, width: number, mask: number): number {
  const i = bit >> 3;
  const shift = bit & 7;
  let v = ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> shift;
  if (shift + width > 32) v |= (b[i + 4] ?? 0) << (32 - shift);
  return (v & mask) >>> 0;
}

/** The sum a group kernel reports (see bit-unpack.ts). */
const unpackState = new Float64Array(1);

/** Values {@link selectHybrid} unpacks before testing them. */
const SELECT_BLOCK = 1024;
const selectScratch = new Int32Array(SELECT_BLOCK);

/**
 * Decodes the RLE / bit-packed hybrid encoding of `out.length` values of `bitWidth` bits from
 * `b[start, end)` into `out`; never writes past `out`, and fails when the data ends first.
 * Returns the sum of the values (for 0/1 definition levels: the 1s). A value at or above `limit`
 * (dictionary indices: the dictionary's size) fails.
 */
export function readHybrid(b: Uint8Array, start: number, end: number, bitWidth: number, out: Int32Array | Uint8Array, limit = Infinity): number {
  if (!(bitWidth >= 0 && bitWidth <= 32)) throw new Error(`bit width ${bitWidth}`);
  const at = { p: start };
  const n = out.length;
  let k = 0;
  let sum = 0;
  while (k < n) {
    if (at.p >= end) throw new Error(`levels or indices end after ${k} of ${n} values`);
    const header = readVarInt(b, at);
    if (header % 2 === 0) {
      const count = header / 2;
      const v = rleValue(b, at, end, bitWidth);
      const stop = Math.min(n, k + count);
      if (stop > k && v >= limit) throw new Error(`dictionary index ${v} out of range`);
      sum += v * (stop - k);
      if (stop > k) out.fill(v, k, stop);
      k = stop;
    } else {
      // Bit-packed groups of 8 values, LSB first.
      const values = ((header - 1) / 2) * 8;
      const bytes = ((header - 1) / 2) * bitWidth;
      const stop = Math.min(n, k + values);
      // The values decoded must lie inside the run's data (a last group may be cut short).
      if (at.p + Math.ceil(((stop - k) * bitWidth) / 8) > end) throw new Error('truncated bit-packed run');
      const mask = bitWidth === 32 ? 0xffffffff : (1 << bitWidth) - 1;
      let p = at.p;
      if (bitWidth >= 1 && bitWidth <= MAX_UNPACK_WIDTH && stop - k >= 8) {
        // Whole groups of 8 through the width's unrolled kernel; a last partial group below.
        const groups = (stop - k) >> 3;
        unpackState[0] = 0;
        const max = groupUnpacker(bitWidth)(b, p, out, k, groups, unpackState);
        if (max >= limit) throw new Error(`dictionary index ${max} out of range`);
        sum += unpackState[0]!;
        k += groups * 8;
        p += groups * bitWidth;
      }
      if (bitWidth <= 24) {
        // Each byte read once into a bit accumulator (at most 31 bits held: no sign, no loss).
        let acc = 0;
        let bits = 0;
        let max = 0;
        for (; k < stop; k++) {
          while (bits < bitWidth) {
            acc |= b[p++]! << bits;
            bits += 8;
          }
          const x = acc & mask;
          acc >>>= bitWidth;
          bits -= bitWidth;
          out[k] = x;
          sum += x;
          if (x > max) max = x;
        }
        if (max >= limit) throw new Error(`dictionary index ${max} out of range`);
        at.p += bytes;
        continue;
      }
      let bit = at.p * 8;
      for (; k < stop; k++, bit += bitWidth) {
        const x = packedAt(b, bit, bitWidth, mask);
        if (x >= limit) throw new Error(`dictionary index ${x} out of range`);
        out[k] = x;
        sum += x;
      }
      at.p += bytes;
    }
  }
  return sum;
}

/** A page's RLE/bit-packed dictionary indices, not yet decoded: `count` values in `b[start, end)`. */
interface HybridRun {
  readonly b: Uint8Array;
  readonly start: number;
  readonly end: number;
  readonly width: number;
  readonly count: number;
}

/** The values section of a page: dictionary indices or plain values. */
function readValues(b: Uint8Array, start: number, encoding: string, present: number, plan: FlatColumnPlan, page: DataPage): void {
  if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
    if (present > 0 && start >= b.length) throw new Error('dictionary indices missing');
    const width = present > 0 ? b[start]! : 0;
    if (width > 32) throw new Error(`bit width ${width}`);
    page.hybrid = { b, start: start + 1, end: b.length, width, count: present };
    return;
  }
  if (encoding !== 'PLAIN') throw new UnsupportedPage(`encoding ${encoding}`);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  page.dataPage = readPlain({ view, offset: start }, plan.element.type!, present, plan.element.type_length);
}

/**
 * {@link readHybrid} fused with a dictionary test: appends `base + i` to `out` for each value `d`
 * (checked against `dictSize`) with `table[d] === 1`; an RLE run is tested once.
 */
function selectHybrid(h: HybridRun, dictSize: number, table: Uint8Array, base: number, out: Int32Array, m: number): number {
  const { b, end, width } = h;
  const n = h.count;
  if (n === 0) return m;
  const at = { p: h.start };
  let k = 0;
  const mask = width === 32 ? 0xffffffff : (1 << width) - 1;
  while (k < n) {
    if (at.p >= end) throw new Error(`levels or indices end after ${k} of ${n} values`);
    const header = readVarInt(b, at);
    if (header % 2 === 0) {
      const count = header / 2;
      const v = rleValue(b, at, end, width);
      const stop = Math.min(n, k + count);
      if (stop > k && v >= dictSize) throw new Error(`dictionary index ${v} out of range`);
      if (table[v] === 1) for (; k < stop; k++) out[m++] = base + k;
      else k = stop;
      continue;
    }
    const values = ((header - 1) / 2) * 8;
    const bytes = ((header - 1) / 2) * width;
    const stop = Math.min(n, k + values);
    if (at.p + Math.ceil(((stop - k) * width) / 8) > end) throw new Error('truncated bit-packed run');
    let p = at.p;
    if (width >= 1 && width <= MAX_UNPACK_WIDTH) {
      // Whole groups unpacked a block at a time by the width's kernel, then tested.
      const unpack = groupUnpacker(width);
      for (;;) {
        const groups = Math.min((stop - k) >> 3, SELECT_BLOCK >> 3);
        if (groups === 0) break;
        const max = unpack(b, p, selectScratch, 0, groups, unpackState);
        if (max >= dictSize) throw new Error(`dictionary index ${max} out of range`);
        const count = groups * 8;
        for (let i = 0; i < count; i++) {
          // Branch-free: written always, kept when it passes (out has room: m <= k).
          out[m] = base + k + i;
          m += table[selectScratch[i]!]!;
        }
        k += count;
        p += groups * width;
      }
    }
    if (width <= 24) {
      let acc = 0;
      let bits = 0;
      for (; k < stop; k++) {
        while (bits < width) {
          acc |= b[p++]! << bits;
          bits += 8;
        }
        const x = acc & mask;
        acc >>>= width;
        bits -= width;
        if (x >= dictSize) throw new Error(`dictionary index ${x} out of range`);
        // Branch-free: written always, kept when it passes (out has room: m <= k).
        out[m] = base + k;
        m += table[x]!;
      }
    } else {
      let bit = at.p * 8;
      for (; k < stop; k++, bit += width) {
        const x = packedAt(b, bit, width, mask);
        if (x >= dictSize) throw new Error(`dictionary index ${x} out of range`);
        // Branch-free: written always, kept when it passes (out has room: m <= k).
        out[m] = base + k;
        m += table[x]!;
      }
    }
    at.p += bytes;
  }
  return m;
}

/** All of a run's indices, each checked against the dictionary's size. */
function decodeIndices(h: HybridRun, dictSize: number, out: Int32Array = new Int32Array(h.count)): Int32Array {
  if (out.length !== h.count) throw new Error(`${out.length} places for the page's ${h.count} indices`);
  if (h.count === 0) return out;
  readHybrid(h.b, h.start, h.end, h.width, out, dictSize);
  return out;
}

/**
 * The indices at value positions `pick[from..to) - base` (ascending, each < h.count) only, each
 * checked against the dictionary's size: runs before, between and after them are skipped by
 * their headers, bit-packed values read at their bit offset.
 */
export function indicesAt(h: HybridRun, pick: Int32Array, from: number, to: number, base: number, dictSize: number): Int32Array {
  const out = new Int32Array(to - from);
  const { b, end, width } = h;
  const at = { p: h.start };
  let k = 0;
  let t = from;
  const mask = width === 32 ? 0xffffffff : (1 << width) - 1;
  while (t < to) {
    const want = pick[t]! - base;
    if (!(want >= k && want < h.count)) throw new Error(`index position ${want} outside the page's ${h.count} values`);
    if (at.p >= end) throw new Error(`levels or indices end after ${k} of ${h.count} values`);
    const header = readVarInt(b, at);
    if (header % 2 === 0) {
      const count = header / 2;
      const v = rleValue(b, at, end, width);
      if (v >= dictSize) throw new Error(`dictionary index ${v} out of range`);
      const stop = k + count;
      for (; t < to && pick[t]! - base < stop; t++) out[t - from] = v;
      k = stop;
    } else {
      const values = ((header - 1) / 2) * 8;
      const bytes = ((header - 1) / 2) * width;
      const stop = k + values;
      const runBit = at.p * 8;
      for (; t < to && pick[t]! - base < stop; t++) {
        const bit = runBit + (pick[t]! - base - k) * width;
        if (((bit + width + 7) >> 3) > end) throw new Error('truncated bit-packed run');
        const x = packedAt(b, bit, width, mask);
        if (x >= dictSize) throw new Error(`dictionary index ${x} out of range`);
        out[t - from] = x;
      }
      at.p += bytes;
      k = stop;
    }
  }
  return out;
}

/**
 * A flat column's definition levels (bit width 1) in `b[start, end)` for `n` values, and how many
 * are present. Levels that open with one RLE run of 1s covering all `n` values (every value
 * present) are not expanded: `levels` is null.
 */
function definitionLevels(b: Uint8Array, start: number, end: number, n: number): { levels: Uint8Array | null; present: number } {
  if (n > 0 && start < end) {
    const at = { p: start };
    const header = readVarInt(b, at);
    if (header % 2 === 0 && header / 2 >= n && at.p < end && b[at.p] === 1) return { levels: null, present: n };
  }
  const levels = new Uint8Array(n);
  return { levels, present: readHybrid(b, start, end, 1, levels) };
}

/** A data page (v1): levels (each with a 4-byte length) and values, all decompressed. */
function readPageV1(b: Uint8Array, numValues: number, encoding: string, plan: FlatColumnPlan): DataPage {
  let p = 0;
  let levels: Uint8Array | null = null;
  let present = numValues;
  if (plan.optional) {
    if (b.length < 4) throw new Error('truncated definition levels');
    const len = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0, true);
    if (4 + len > b.length) throw new Error(`definition levels claim ${len} bytes`);
    ({ levels, present } = definitionLevels(b, 4, 4 + len, numValues));
    p = 4 + len;
  }
  const page: DataPage = { numValues, definitionLevels: levels, present };
  readValues(b, p, encoding, present, plan, page);
  return page;
}

/** A data page v2: levels uncompressed, without length prefixes; values maybe compressed. */
function readPageV2(
  b: Uint8Array,
  uncompressed: number,
  h: { num_values: number; num_nulls: number; encoding: string; definition_levels_byte_length: number; repetition_levels_byte_length: number; is_compressed?: boolean },
  codec: string,
  plan: FlatColumnPlan,
): DataPage {
  const repLen = h.repetition_levels_byte_length;
  const defLen = h.definition_levels_byte_length;
  if (!(repLen >= 0 && defLen >= 0 && repLen + defLen <= b.length && repLen + defLen <= uncompressed)) throw new Error('level lengths exceed the page');
  if (repLen > 0) throw new UnsupportedPage('repetition levels in a flat column');
  let levels: Uint8Array | null = null;
  let present = h.num_values;
  if (plan.optional) ({ levels, present } = definitionLevels(b, repLen, repLen + defLen, h.num_values));
  let values = b.subarray(repLen + defLen);
  const size = uncompressed - repLen - defLen;
  if (h.is_compressed !== false && size > 0) values = decompressPage(values, size, codec as never, compressors);
  const page: DataPage = { numValues: h.num_values, definitionLevels: levels, present };
  readValues(values, 0, h.encoding, present, plan, page);
  return page;
}

/** One data page as {@link scanPages} hands it over: rows `[pos, pos + n)` of the row group. */
export interface PageView {
  readonly pos: number;
  readonly n: number;
  /** Definition level per row of the page (optional columns); null when every value is present. */
  readonly levels: Uint8Array | null;
  /** Values present (not NULL). */
  readonly present: number;
  /** Whether the page's values are dictionary indices. */
  readonly dictEncoded: boolean;
  /** All the page's dictionary indices, each checked against the dictionary's size (decoded once). */
  indices(): Int32Array;
  /**
   * {@link indices} written into `target` (as long as the page has values present) instead of
   * an array of their own: a column's codes are decoded in place.
   */
  indicesInto(target: Int32Array): void;
  /**
   * The dictionary indices of the rows `sel[from..to)` (ascending, inside the page, which has no
   * NULL), checked likewise; without decoding the others unless all are decoded already.
   */
  indicesOf(sel: Int32Array, from: number, to: number): Int32Array;
  /**
   * Appends to `out` (from `m`) the row numbers of the page (which has no NULL) whose dictionary
   * index `d` has `table[d] === 1`, decoding and testing in one pass; returns the new count.
   */
  selectWhere(table: Uint8Array, out: Int32Array, m: number): number;
  /** The page's plain values (decoded as hyparquet reads them) when not dictionary-encoded. */
  readonly plain: unknown;
  /** The current dictionary (dictionary-encoded pages). */
  readonly dict: Source | undefined;
  /** Increases with every dictionary page, so per-dictionary work is redone when it changes. */
  readonly dictGeneration: number;
}

/**
 * Walks the pages of one column chunk (all `rows` rows of row group `rg`): headers, dictionary
 * pages, decompression, levels and values, with every count bounded before use. `wants(pos, n)`
 * may decline a data page (its rows are not needed): it is then neither decompressed nor decoded.
 * @throws Error on malformed pages; UnsupportedPage for layouts this decoder leaves to parquet-wasm.
 */
export function scanPages(
  bytes: ChunkBytes,
  md: FileMetaData,
  rg: number,
  plan: FlatColumnPlan,
  visit: (page: PageView) => void,
  wants?: (pos: number, n: number) => boolean,
  onDictionary?: (dict: Source) => void,
): void {
  const group = md.row_groups[rg]!;
  const rows = Number(group.num_rows);
  const meta = group.columns[plan.chunk]!.meta_data!;
  const { start, end } = chunkRange(md, rg, plan.chunk);
  const size = end - start;
  if (start < 0 || size < 0 || end > bytes.byteLength) throw new Error(`column chunk at ${start}+${size} lies outside the object`);
  const chunk = bytes.subarray(start, end);
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  let dict: Source | undefined;
  let dictGeneration = 0;
  let pos = 0;
  while (pos < rows) {
    if (reader.offset >= chunk.byteLength) throw new Error(`column chunk ends after ${pos} of ${rows} rows`);
    const header = parquetHeader(reader);
    const pageBytes = chunk.subarray(reader.offset, reader.offset + header.compressed_page_size);
    if (!(header.compressed_page_size >= 0) || pageBytes.length !== header.compressed_page_size) throw new Error('truncated page');
    reader.offset += header.compressed_page_size;
    // Sizes and counts come from the (possibly damaged) header: bound them before anything is
    // allocated from them.
    const uncompressed = Number(header.uncompressed_page_size);
    if (!(uncompressed >= 0 && uncompressed <= MAX_PAGE_BYTES)) throw new Error(`a page claims ${uncompressed} uncompressed bytes`);
    const claimed = header.dictionary_page_header?.num_values ?? header.data_page_header?.num_values ?? header.data_page_header_v2?.num_values ?? 0;
    if (!(Number.isInteger(claimed) && claimed >= 0)) throw new Error(`a page claims ${claimed} values`);
    if (header.type !== 'DICTIONARY_PAGE' && claimed > rows - pos) throw new Error(`pages hold more than the row group's ${rows} rows`);
    // A chunk's dictionary holds at most one entry per value of the chunk.
    if (header.type === 'DICTIONARY_PAGE' && claimed > rows) throw new Error(`a dictionary page claims ${claimed} values for ${rows} rows`);
    if (header.type === 'DICTIONARY_PAGE') {
      const n = header.dictionary_page_header!.num_values;
      const page = decompressPage(pageBytes, Number(header.uncompressed_page_size), meta.codec, compressors);
      const values = readPlain({ view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 }, plan.element.type!, n, plan.element.type_length);
      dict = sourceOf(values, plan.target, n);
      dictGeneration++;
      onDictionary?.(dict);
      continue;
    }
    if (header.type !== 'DATA_PAGE' && header.type !== 'DATA_PAGE_V2') continue; // index pages carry no rows
    if (wants && !wants(pos, claimed)) {
      pos += claimed;
      continue;
    }
    let page: DataPage;
    if (header.type === 'DATA_PAGE') {
      const daph = header.data_page_header!;
      const raw = decompressPage(pageBytes, uncompressed, meta.codec, compressors);
      page = readPageV1(raw, daph.num_values, daph.encoding, plan);
    } else {
      const h2 = header.data_page_header_v2!;
      page = readPageV2(pageBytes, uncompressed, h2, meta.codec, plan);
    }
    const n = page.numValues;
    if (pos + n > rows) throw new Error(`pages hold more than the row group's ${rows} rows`);
    const hybrid = page.hybrid;
    if (hybrid && !dict) throw new Error('dictionary-encoded page without a dictionary page');
    const dictSize = dict ? sourceSize(dict) : 0;
    let all: Int32Array | undefined;
    const base = pos;
    const indices = (): Int32Array => (all ??= decodeIndices(hybrid!, dictSize));
    visit({
      pos,
      n,
      levels: page.definitionLevels,
      present: page.present,
      dictEncoded: hybrid !== undefined,
      indices,
      indicesInto: (target) => {
        if (all && target.length === all.length) target.set(all);
        else decodeIndices(hybrid!, dictSize, target);
      },
      indicesOf: (sel, from, to) => {
        if (all) {
          const out = new Int32Array(to - from);
          for (let t = from; t < to; t++) out[t - from] = all[sel[t]! - base]!;
          return out;
        }
        return indicesAt(hybrid!, sel, from, to, base, dictSize);
      },
      selectWhere: (table, out, m) => {
        if (all) {
          for (let i = 0; i < all.length; i++) if (table[all[i]!] === 1) out[m++] = base + i;
          return m;
        }
        return selectHybrid(hybrid!, dictSize, table, base, out, m);
      },
      plain: page.dataPage,
      dict,
      dictGeneration,
    });
    pos += n;
  }
}

/** The number of values a source holds. */
export function sourceSize(s: Source): number {
  return s.kind === 'words' ? s.data.length / 2 : s.data.length;
}

/** For each row of a page with NULLs, the index of its value among the present ones (-1: NULL). */
export function valueIndexes(levels: Uint8Array, n: number): Int32Array {
  const at = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) at[i] = levels[i] === 1 ? k++ : -1;
  return at;
}

/**
 * Decodes one column chunk (all `rows` rows of row group `rg`) from the object's bytes — or, with
 * `sel` (ascending row numbers), just those rows: pages without a selected row are skipped,
 * dictionary indices and strings are decoded only where selected. `pages`: the chunk's pages as a
 * row filter already visited them (they cover every row of `sel`), reused instead of read again.
 * @throws Error on malformed pages (the caller turns it into BAD_DATA naming the column).
 */
export function decodeFlatChunk(bytes: ChunkBytes, md: FileMetaData, rg: number, plan: FlatColumnPlan, sel?: Int32Array, pages?: readonly PageView[]): Column {
  if (sel) return gatherFlatChunk(bytes, md, rg, plan, sel, pages);
  const rows = Number(md.row_groups[rg]!.num_rows);
  // Codes are kept only for a chunk whose pages may be dictionary-encoded (the footer lists its
  // encodings); a chunk of plain pages fills its data from the start.
  const encodings = md.row_groups[rg]?.columns[plan.chunk]?.meta_data?.encodings;
  const mayUseDictionary = !encodings || encodings.some((e) => e === 'PLAIN_DICTIONARY' || e === 'RLE_DICTIONARY');
  const out = new Out(plan.target, rows, mayUseDictionary);
  const onDictionary = (dict: Source): void => {
    if (out.numCodes) {
      if (out.numDict === undefined) {
        out.numDict = dict;
        return;
      }
      out.materialize();
    }
    // A second dictionary (a writer may start one per page run) ends the single-code view.
    if (out.dictValues !== undefined) out.codes = undefined;
    else if (dict.kind === 'str') out.dictValues = dict.data;
  };
  scanPages(bytes, md, rg, plan, (page) => {
    const { n, levels, present } = page;
    const numCodes = out.numCodes;
    if (numCodes) {
      if (page.dictEncoded) {
        if (!levels || present === n) page.indicesInto(numCodes.subarray(out.pos, out.pos + n));
        else {
          const idx = page.indices();
          let k = 0;
          for (let i = 0; i < n; i++) {
            if (levels[i] === 1) numCodes[out.pos + i] = idx[k++]!;
            else out.setNull(out.pos + i);
          }
        }
        out.pos += n;
        return;
      }
      out.materialize();
    }
    let src: Source;
    const idx = page.dictEncoded ? page.indices() : undefined;
    if (idx) src = page.dict!;
    else {
      src = sourceOf(page.plain, plan.target, present);
      out.codes = undefined;
    }
    const codes = idx ? out.codes : undefined;
    // Optional columns without a NULL in the page (the usual case) copy densely too.
    if ((!levels || present === n) && copyDense(out, out.pos, n, src, idx, codes)) {
      out.pos += n;
      return;
    }
    let k = 0;
    for (let i = 0; i < n; i++) {
      const row = out.pos + i;
      if (levels && levels[i] !== 1) {
        out.setNull(row);
        continue;
      }
      if (idx) {
        const d = idx[k++]!;
        put(out, row, src, d);
        if (codes) codes[row] = d;
      } else put(out, row, src, k++);
    }
    out.pos += n;
  }, undefined, onDictionary);
  return finish(out, plan.table);
}

/** {@link decodeFlatChunk} for the rows `sel` of the row group only. */
function gatherFlatChunk(bytes: ChunkBytes, md: FileMetaData, rg: number, plan: FlatColumnPlan, sel: Int32Array, pages: readonly PageView[] | undefined): Column {
  const out = new Out(plan.target, sel.length);
  let dictOf = -1;
  // sel[t] is the next selected row; pages are visited in row order.
  let t = 0;
  const wants = (pos: number, n: number): boolean => {
    while (t < sel.length && sel[t]! < pos) t++;
    return t < sel.length && sel[t]! < pos + n;
  };
  const visit = (page: PageView): void => {
    const { pos, n, levels, present } = page;
    const stop = pos + n;
    let to = t;
    while (to < sel.length && sel[to]! < stop) to++;
    if (to === t) return;
    if (page.dictEncoded && dictOf !== page.dictGeneration) {
      // A second dictionary (a writer may start one per page run) ends the single-code view.
      if (out.dictValues !== undefined || dictOf >= 0) out.codes = undefined;
      else if (page.dict!.kind === 'str') out.dictValues = page.dict!.data;
      dictOf = page.dictGeneration;
    }
    if (page.dictEncoded && (!levels || present === n)) {
      // No NULL: the selected rows' indices only.
      const src = page.dict!;
      const idx = page.indicesOf(sel, t, to);
      const codes = out.codes;
      for (let i = 0; t < to; t++, i++) {
        const d = idx[i]!;
        put(out, t, src, d);
        if (codes) codes[t] = d;
      }
      return;
    }
    const at = levels && present !== n ? valueIndexes(levels, n) : undefined;
    let src: Source;
    let idx: Int32Array | undefined;
    if (page.dictEncoded) {
      src = page.dict!;
      idx = page.indices();
    } else {
      src = plan.target === 'utf8' ? selectedStrings(page.plain as ArrayLike<Uint8Array>, sel, t, stop, pos, at) : sourceOf(page.plain, plan.target, present);
      out.codes = undefined;
    }
    const codes = idx ? out.codes : undefined;
    for (; t < to; t++) {
      const r = sel[t]! - pos;
      const k = at ? at[r]! : r;
      if (k < 0) {
        out.setNull(t);
        continue;
      }
      if (idx) {
        const d = idx[k]!;
        put(out, t, src, d);
        if (codes) codes[t] = d;
      } else put(out, t, src, k);
    }
  };
  if (pages) {
    for (const page of pages) {
      if (t < sel.length && sel[t]! < page.pos) throw new Error(`selected row ${sel[t]} lies in no page visited`);
      visit(page);
    }
    if (t !== sel.length) throw new Error(`selected rows beyond the pages visited (${t} of ${sel.length})`);
  } else scanPages(bytes, md, rg, plan, visit, wants);
  out.pos = sel.length;
  return finish(out, plan.table);
}

/** The strings of a plain page, decoded only at the selected rows (the others stay undefined). */
function selectedStrings(values: ArrayLike<Uint8Array>, sel: Int32Array, from: number, stop: number, pos: number, at: Int32Array | undefined): Source {
  const data = new Array<string>(values.length);
  for (let t = from; t < sel.length && sel[t]! < stop; t++) {
    const r = sel[t]! - pos;
    const k = at ? at[r]! : r;
    if (k >= 0) data[k] = decodeUtf8(values[k]!);
  }
  return { kind: 'str', data };
}

function finish(out: Out, type: SqlType): Column {
  const n = out.rows;
  const valid = out.valid;
  if (out.numCodes) {
    const dict = out.numDict;
    if (dict?.kind === 'str') return lazyDictColumn(type, n, out.numCodes, dict.data);
    if (dict !== undefined) return lazyNumDictColumn(type, n, valid, { codes: out.numCodes, values: typedDictionary(dict, out.target) } as NumDictionary<Int32Array>);
    out.materialize();
  }
  switch (out.target) {
    case 'i32':
      return { type, length: n, kind: 'i32', data: out.i32!, valid };
    case 'i64':
    case 'i64-from-i32':
      return { type, length: n, kind: 'i64', data: out.i64!, valid };
    case 'f64':
    case 'f32':
      return { type, length: n, kind: 'f64', data: out.f64!, valid };
    case 'bool':
      return { type, length: n, kind: 'bool', data: out.u8!, valid };
    case 'utf8': {
      const data = out.strings!;
      for (let i = 0; i < n; i++) if (data[i] === undefined) data[i] = null as unknown as string;
      if (out.codes && out.dictValues) return { type, length: n, kind: 'values', data, dict: { codes: out.codes, values: out.dictValues } };
      return { type, length: n, kind: 'values', data };
    }
  }
}

/** A numeric dictionary's values as the typed array of the column kind of `target`. */
function typedDictionary(dict: Source, target: Target): Int32Array | BigInt64Array | Float64Array {
  const size = sourceSize(dict);
  switch (target) {
    case 'i32':
      // A copy: the decoded dictionary may view a larger buffer (an uncompressed chunk's bytes),
      // which a column crossing threads would otherwise carry whole.
      return (dict as Extract<Source, { kind: 'i32' }>).data.slice(0, size);
    case 'i64':
    case 'i64-from-i32': {
      const out = new BigInt64Array(size);
      const w = new Int32Array(out.buffer);
      if (dict.kind === 'words') w.set(dict.data.subarray(0, 2 * size));
      else {
        const v = (dict as Extract<Source, { kind: 'i32' }>).data;
        for (let i = 0; i < size; i++) {
          w[2 * i] = v[i]!;
          w[2 * i + 1] = v[i]! < 0 ? -1 : 0;
        }
      }
      return out;
    }
    default: {
      const out = new Float64Array(size);
      const v = (dict as Extract<Source, { kind: 'f64' }>).data;
      for (let i = 0; i < size; i++) out[i] = v[i] as number;
      return out;
    }
  }
}

/** Where column chunk `chunk` of row group `rg` lies: its dictionary page (if any) onwards. */
export function chunkRange(md: FileMetaData, rg: number, chunk: number): { start: number; end: number } {
  const meta = md.row_groups[rg]?.columns[chunk]?.meta_data;
  if (!meta) return { start: -1, end: -1 };
  const data = Number(meta.data_page_offset);
  const dict = meta.dictionary_page_offset !== undefined ? Number(meta.dictionary_page_offset) : undefined;
  const start = dict !== undefined && dict > 0 && dict < data ? dict : data;
  return { start, end: start + Number(meta.total_compressed_size) };
}

/** A decoder failure as BAD_DATA naming the object and column. */
export function pageDecodeError(uri: string, column: string, e: unknown): AegisError {
  if (e instanceof AegisError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new AegisError('BAD_DATA', `Cannot read Parquet object ${uri} (column ${column}): ${msg.slice(0, 200)}`, { uri, columnName: column }, { cause: e });
}
