/**
 * The contract every file-format decoder follows.
 *
 * A decoder turns one object's plaintext bytes (already fetched and decrypted by the scan) into
 * `Batch`es holding only the projected columns, in projection order, with values in the runtime
 * representation documented in `types/sql-type.ts`. Decoders are pure: no I/O besides the bytes or
 * positional reader they are given, so scans can run them on worker threads.
 *
 * Column representation chosen by decoders (see `columnKindFor`):
 *   boolean → 'bool'; tinyint/smallint/integer/date → 'i32'; bigint and decimal(p ≤ 18) → 'i64'
 *   (decimal holds the unscaled value); real/double/timestamp(p ≤ 6) → 'f64' (epoch micros);
 *   everything else (strings, long decimals, varbinary, nested) → 'values'.
 * In typed columns the slot under a NULL (validity bit clear) holds an unspecified value, and
 * typed arrays may be views into a larger buffer (Parquet decodes zero-copy from Arrow IPC).
 */
import type { SqlType } from '../types/sql-type.js';

/** One table column as the catalog declares it. */
export interface TableColumn {
  readonly name: string;
  readonly type: SqlType;
}

/** `T` or a promise of it (hyparquet's `Awaitable`). */
export type Awaitable<T> = T | Promise<T>;

/**
 * Positional reads over one object, shaped like hyparquet's `AsyncBuffer` so the same reader
 * serves footer parsing (hyparquet) and page decoding (parquet-wasm).
 */
export interface PositionalReader {
  readonly byteLength: number;
  /** Bytes `[start, end)`; `end` defaults to `byteLength`. */
  slice(start: number, end?: number): Awaitable<ArrayBuffer>;
}

/** SerDe and table properties (`WITH SERDEPROPERTIES`, `TBLPROPERTIES`), merged; names as written. */
export type FormatProperties = Readonly<Record<string, string>>;

/** What every decoder needs to know about the table and the object. */
export interface DecodeRequest {
  /** `s3://bucket/key` of the object; named in every error. */
  readonly uri: string;
  /** All table columns (data columns only, no partition keys), in table order. */
  readonly columns: readonly TableColumn[];
  /** Indexes into `columns` to produce, in output order. */
  readonly projection: readonly number[];
  readonly properties: FormatProperties;
  /** Rows per produced batch for row-oriented formats; default `DEFAULT_BATCH_ROWS`. */
  readonly batchRows?: number;
}

/** A byte range `[start, end)` of a text object that one split owns (see text/split-range.ts). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Input of the text decoders (LazySimpleSerDe, OpenCSVSerde, JSON SerDes). */
export interface TextDecodeRequest extends DecodeRequest {
  /**
   * The object's plaintext bytes, possibly compressed (see `compressionOf`); a compressed object
   * is decompressed as a stream while it is decoded (text/text-windows.ts), never whole.
   */
  readonly bytes: Uint8Array;
  /** Only records whose first byte lies in this range (offsets into `bytes`); absent = all. */
  readonly range?: ByteRange;
  /**
   * Offset of `bytes[0]` within the object when `bytes` is a window of it (a ranged read);
   * default 0. Error positions are reported in object offsets, and the header lines
   * (`skip.header.line.count`) are skipped only by the window that starts the object.
   */
  readonly bytesOffset?: number;
}

export const DEFAULT_BATCH_ROWS = 8192;

/** The formats aegis reads, named after the Athena SerDe / input format that selects them. */
export type FormatKind = 'parquet' | 'lazy-simple' | 'open-csv' | 'hive-json' | 'openx-json';

const SERDE_FORMATS: Record<string, FormatKind> = {
  'org.apache.hadoop.hive.ql.io.parquet.serde.parquethiveserde': 'parquet',
  'org.apache.hadoop.hive.serde2.lazy.lazysimpleserde': 'lazy-simple',
  'org.apache.hadoop.hive.serde2.opencsvserde': 'open-csv',
  'org.apache.hive.hcatalog.data.jsonserde': 'hive-json',
  'org.apache.hadoop.hive.serde2.jsonserde': 'hive-json',
  'org.openx.data.jsonserde.jsonserde': 'openx-json',
};

/**
 * The format for a table's SerDe class name (case-insensitive), or `undefined` when aegis has no
 * decoder for it. A table without a SerDe (plain `STORED AS TEXTFILE`) is LazySimpleSerDe.
 */
export function formatForSerde(serde: string | undefined): FormatKind | undefined {
  if (serde === undefined || serde === '') return 'lazy-simple';
  return SERDE_FORMATS[serde.toLowerCase()];
}

/** The typed column kind decoders use for a SQL type (see the file comment). */
export function columnKindFor(type: SqlType): 'bool' | 'i32' | 'i64' | 'f64' | 'values' {
  switch (type.kind) {
    case 'boolean':
      return 'bool';
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'date':
      return 'i32';
    case 'bigint':
      return 'i64';
    case 'decimal':
      return type.precision <= 18 ? 'i64' : 'values';
    case 'real':
    case 'double':
      return 'f64';
    case 'timestamp':
      return type.withTimeZone || type.precision > 6 ? 'values' : 'f64';
    default:
      return 'values';
  }
}
