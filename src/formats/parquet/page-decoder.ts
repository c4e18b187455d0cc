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
import type { Column } from '../../types/batch.js';
import type { SqlType } from '../../types/sql-type.js';
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
  readonly i32: Int32Array | undefined;
  readonly words: Int32Array | undefined;
  readonly i64: BigInt64Array | undefined;
  readonly f64: Float64Array | undefined;
  readonly u8: Uint8Array | undefined;
  readonly strings: string[] | undefined;
  valid: Uint8Array | null = null;
  pos = 0;
  /** utf8: the dictionary code of each row (-1 NULL) while every page so far is dictionary-encoded. */
  codes: Int32Array | undefined;
  dictValues: string[] | undefined;

  constructor(
    readonly target: Target,
    readonly rows: number,
  ) {
    switch (target) {
      case 'i32':
        this.i32 = new Int32Array(rows);
        break;
      case 'i64':
      case 'i64-from-i32':
        this.i64 = new BigInt64Array(rows);
        this.words = new Int32Array(this.i64.buffer);
        break;
      case 'f64':
      case 'f32':
        this.f64 = new Float64Array(rows);
        break;
      case 'bool':
        this.u8 = new Uint8Array(rows);
        break;
      case 'utf8':
        this.strings = new Array<string>(rows);
        this.codes = new Int32Array(rows);
        break;
    }
  }

  setNull(i: number): void {
    if (this.valid === null) this.valid = new Uint8Array((this.rows + 7) >> 3).fill(0xff);
    this.valid[i >> 3]! &= ~(1 << (i & 7));
    if (this.strings) this.strings[i] = null as unknown as string;
    if (this.codes) this.codes[i] = -1;
  }
}

/** Values of a page or dictionary, in a shape the copy loop reads without boxing. */
type Source =
  | { kind: 'i32'; data: Int32Array }
  | { kind: 'words'; data: Int32Array }
  | { kind: 'f64'; data: ArrayLike<number> }
  | { kind: 'bool'; data: ArrayLike<boolean | number> }
  | { kind: 'str'; data: string[] };

function sourceOf(values: unknown, target: Target, count: number): Source {
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
function copyDense(out: Out, pos: number, n: number, src: Source, idx: Int32Array | undefined, dictSize: number, codes: Int32Array | undefined): boolean {
  if (idx) {
    for (let i = 0; i < n; i++) {
      const d = idx[i]!;
      if (!(d >= 0 && d < dictSize)) throw new Error(`dictionary index ${d} out of range`);
    }
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
  /** Dictionary indices, for dictionary-encoded pages. */
  indices?: Int32Array;
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

/**
 * Decodes the RLE / bit-packed hybrid encoding of `out.length` values of `bitWidth` bits from
 * `b[start, end)` into `out`; never writes past `out`, and fails when the data ends first.
 * Returns the sum of the values (for 0/1 definition levels: the 1s).
 */
export function readHybrid(b: Uint8Array, start: number, end: number, bitWidth: number, out: Int32Array | Uint8Array): number {
  if (!(bitWidth >= 0 && bitWidth <= 32)) throw new Error(`bit width ${bitWidth}`);
  const at = { p: start };
  const n = out.length;
  let k = 0;
  let sum = 0;
  const bytesPerValue = (bitWidth + 7) >> 3;
  while (k < n) {
    if (at.p >= end) throw new Error(`levels or indices end after ${k} of ${n} values`);
    const header = readVarInt(b, at);
    if (header % 2 === 0) {
      // RLE run: count, then the value in ceil(bitWidth / 8) bytes, little-endian.
      const count = header / 2;
      let v = 0;
      for (let j = 0; j < bytesPerValue; j++) {
        if (at.p >= end) throw new Error('truncated RLE run');
        v += b[at.p++]! * 2 ** (8 * j);
      }
      if (v >= 2 ** bitWidth) throw new Error(`an RLE run value ${v} exceeds ${bitWidth} bits`);
      const stop = Math.min(n, k + count);
      sum += v * (stop - k);
      for (; k < stop; k++) out[k] = v;
    } else {
      // Bit-packed groups of 8 values, LSB first.
      const values = ((header - 1) / 2) * 8;
      const bytes = ((header - 1) / 2) * bitWidth;
      const stop = Math.min(n, k + values);
      // The values decoded must lie inside the run's data (a last group may be cut short).
      if (at.p + Math.ceil(((stop - k) * bitWidth) / 8) > end) throw new Error('truncated bit-packed run');
      const mask = bitWidth === 32 ? 0xffffffff : (1 << bitWidth) - 1;
      if (bitWidth <= 24) {
        // Each byte read once into a bit accumulator (at most 31 bits held: no sign, no loss).
        let p = at.p;
        let acc = 0;
        let bits = 0;
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
        }
        at.p += bytes;
        continue;
      }
      let bit = at.p * 8;
      for (; k < stop; k++, bit += bitWidth) {
        const i = bit >> 3;
        const shift = bit & 7;
        // Up to 5 bytes hold a value of up to 32 bits at any bit offset; bytes past the buffer
        // read as 0 (they are beyond `end`, never part of a decoded value).
        let v = ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> shift;
        if (shift + bitWidth > 32) v |= (b[i + 4] ?? 0) << (32 - shift);
        const x = (v & mask) >>> 0;
        out[k] = x;
        sum += x;
      }
      at.p += bytes;
    }
  }
  return sum;
}

/** The values section of a page: dictionary indices or plain values. */
function readValues(b: Uint8Array, start: number, encoding: string, present: number, plan: FlatColumnPlan, page: DataPage): void {
  if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
    const indices = new Int32Array(present);
    if (present > 0) {
      if (start >= b.length) throw new Error('dictionary indices missing');
      readHybrid(b, start + 1, b.length, b[start]!, indices);
    }
    page.indices = indices;
    return;
  }
  if (encoding !== 'PLAIN') throw new UnsupportedPage(`encoding ${encoding}`);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  page.dataPage = readPlain({ view, offset: start }, plan.element.type!, present, plan.element.type_length);
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
    levels = new Uint8Array(numValues);
    present = readHybrid(b, 4, 4 + len, 1, levels);
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
  if (plan.optional) {
    levels = new Uint8Array(h.num_values);
    present = readHybrid(b, repLen, repLen + defLen, 1, levels);
  }
  let values = b.subarray(repLen + defLen);
  const size = uncompressed - repLen - defLen;
  if (h.is_compressed !== false && size > 0) values = decompressPage(values, size, codec as never, compressors);
  const page: DataPage = { numValues: h.num_values, definitionLevels: levels, present };
  readValues(values, 0, h.encoding, present, plan, page);
  return page;
}

/**
 * Decodes one column chunk (all `rows` rows of row group `rg`) from the object's bytes.
 * @throws Error on malformed pages (the caller turns it into BAD_DATA naming the column).
 */
export function decodeFlatChunk(bytes: ChunkBytes, md: FileMetaData, rg: number, plan: FlatColumnPlan): Column {
  const group = md.row_groups[rg]!;
  const rows = Number(group.num_rows);
  const meta = group.columns[plan.chunk]!.meta_data!;
  const { start, end } = chunkRange(md, rg, plan.chunk);
  const size = end - start;
  if (start < 0 || size < 0 || end > bytes.byteLength) throw new Error(`column chunk at ${start}+${size} lies outside the object`);
  const chunk = bytes.subarray(start, end);
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  const out = new Out(plan.target, rows);
  let dict: Source | undefined;
  while (out.pos < rows) {
    if (reader.offset >= chunk.byteLength) throw new Error(`column chunk ends after ${out.pos} of ${rows} rows`);
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
    if (header.type !== 'DICTIONARY_PAGE' && claimed > rows - out.pos) throw new Error(`pages hold more than the row group's ${rows} rows`);
    // A chunk's dictionary holds at most one entry per value of the chunk.
    if (header.type === 'DICTIONARY_PAGE' && claimed > rows) throw new Error(`a dictionary page claims ${claimed} values for ${rows} rows`);
    if (header.type === 'DICTIONARY_PAGE') {
      const n = header.dictionary_page_header!.num_values;
      const page = decompressPage(pageBytes, Number(header.uncompressed_page_size), meta.codec, compressors);
      const values = readPlain({ view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 }, plan.element.type!, n, plan.element.type_length);
      dict = sourceOf(values, plan.target, n);
      // A second dictionary (a writer may start one per page run) ends the single-code view.
      if (out.dictValues !== undefined) out.codes = undefined;
      else if (dict.kind === 'str') out.dictValues = dict.data;
      continue;
    }
    let page: DataPage;
    if (header.type === 'DATA_PAGE') {
      const daph = header.data_page_header!;
      const raw = decompressPage(pageBytes, uncompressed, meta.codec, compressors);
      page = readPageV1(raw, daph.num_values, daph.encoding, plan);
    } else if (header.type === 'DATA_PAGE_V2') {
      const h2 = header.data_page_header_v2!;
      page = readPageV2(pageBytes, uncompressed, h2, meta.codec, plan);
    } else continue; // index pages carry no rows
    const n = page.numValues;
    if (out.pos + n > rows) throw new Error(`pages hold more than the row group's ${rows} rows`);
    const levels = page.definitionLevels;
    const present = page.present;
    let src: Source;
    let idx: Int32Array | undefined;
    if (page.indices) {
      if (!dict) throw new Error('dictionary-encoded page without a dictionary page');
      src = dict;
      idx = page.indices;
    } else {
      src = sourceOf(page.dataPage, plan.target, present);
      out.codes = undefined;
    }
    const codes = idx ? out.codes : undefined;
    const dictSize = dict ? (dict.kind === 'words' ? dict.data.length / 2 : dict.data.length) : 0;
    // Optional columns without a NULL in the page (the usual case) copy densely too.
    if ((!levels || present === n) && copyDense(out, out.pos, n, src, idx, dictSize, codes)) {
      out.pos += n;
      continue;
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
        if (!(d >= 0 && d < dictSize)) throw new Error(`dictionary index ${d} out of range`);
        put(out, row, src, d);
        if (codes) codes[row] = d;
      } else put(out, row, src, k++);
    }
    out.pos += n;
  }
  return finish(out, plan.table);
}

function finish(out: Out, type: SqlType): Column {
  const n = out.rows;
  const valid = out.valid;
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
