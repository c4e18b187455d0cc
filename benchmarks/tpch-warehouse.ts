/**
 * Loads generated TPC-H tables into an object store as encrypted objects and registers them with
 * `CREATE EXTERNAL TABLE`, so differential tests and benchmarks query exactly what a user would:
 * objects under SSE-S3, SSE-KMS and CSE-KMS (mixed within a table when it has several objects),
 * in Parquet, LazySimpleSerDe text ('|' delimited) or JSON lines.
 */
import { putSealed } from '../src/crypto/index.js';
import { gatherBatch } from '../src/exec/batch-util.js';
import type { TableColumn } from '../src/formats/format.js';
import { writeJsonLines } from '../src/formats/json/json-writer.js';
import { writeParquet } from '../src/formats/parquet/parquet-writer.js';
import { writeCsv } from '../src/formats/text/text-writer.js';
import type { Kms } from '../src/kms/kms.js';
import type { ObjectStore, SseRequest } from '../src/storage/object-store.js';
import type { Batch } from '../src/types/batch.js';
import { formatType } from '../src/types/sql-type.js';
import type { GeneratedTable } from '../datasets/tpch/generate.js';
import { TPCH_TABLES } from '../datasets/tpch/generate.js';

export type TpchFormat = 'parquet' | 'csv' | 'json';
export type TpchMode = 'SSE_S3' | 'SSE_KMS' | 'CSE_KMS';

export interface TpchLoadOptions {
  store: ObjectStore;
  /** KMS that seals CSE-KMS objects (the one the engine reads with). */
  kms: Kms;
  /** Runs one DDL statement in the engine. */
  sql: (statement: string) => Promise<unknown>;
  tables: Record<string, GeneratedTable>;
  bucket: string;
  /** Key prefix under the bucket, without slashes at the ends. */
  prefix: string;
  database: string;
  format: TpchFormat;
  /** Modes objects rotate through (table by table, object by object). */
  modes: readonly TpchMode[];
  /** Key for SSE-KMS objects (a store-side key id). */
  sseKmsKey: string;
  /** Key that wraps CSE-KMS data keys. */
  cseKmsKey: string;
  /** Objects per table with more than `splitAbove` rows (default 3). */
  objectsPerTable?: number;
  /** Tables with at most this many rows get one object (default 1000). */
  splitAbove?: number;
  /** Parquet row-group size in rows (default: the writer's). */
  rowGroupSize?: number;
  /**
   * Table → column to sort its rows by before writing (ascending, stable). Sorted data gives
   * row groups narrow min/max statistics, so range filters on that column skip row groups.
   */
  sortBy?: Readonly<Record<string, string>>;
}

/** Which object of which table got which mode: tests assert modes really mix. */
export interface LoadedObject {
  table: string;
  key: string;
  mode: TpchMode;
  rows: number;
}

const HIVE_TYPES: Record<string, string> = { integer: 'int', varchar: 'string', date: 'date', bigint: 'bigint', double: 'double' };

function hiveType(c: TableColumn): string {
  return HIVE_TYPES[c.type.kind] ?? formatType(c.type);
}

/** Column list of a CREATE EXTERNAL TABLE for generated columns, e.g. `l_orderkey int, …`. */
export function columnsDdl(columns: readonly TableColumn[]): string {
  return columns.map((c) => `${c.name} ${hiveType(c)}`).join(', ');
}

const EXT: Record<TpchFormat, string> = { parquet: 'parquet', csv: 'tbl', json: 'json' };

function encode(format: TpchFormat, columns: readonly TableColumn[], batch: Batch, rowGroupSize?: number): Uint8Array {
  switch (format) {
    case 'parquet':
      return writeParquet(columns, [batch], { compression: 'SNAPPY', ...(rowGroupSize ? { rowGroupSize } : {}) });
    case 'csv':
      return writeCsv(columns, [batch], { properties: { 'field.delim': '|' } });
    case 'json':
      return writeJsonLines(columns, [batch]);
  }
}

function storageClause(format: TpchFormat): string {
  switch (format) {
    case 'parquet':
      return 'STORED AS PARQUET';
    case 'csv':
      return "ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' STORED AS TEXTFILE";
    case 'json':
      return "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' STORED AS TEXTFILE";
  }
}

/** Rows `[start, end)` of a batch. */
export function sliceRows(b: Batch, start: number, end: number): Batch {
  const sel = new Int32Array(end - start);
  for (let i = 0; i < sel.length; i++) sel[i] = start + i;
  return gatherBatch(b, sel, sel.length);
}

/** The batch's rows ordered by one column (ascending, NULLs last, ties in input order). */
export function sortRows(b: Batch, column: number): Batch {
  const c = b.columns[column]!;
  const key = (i: number): number | bigint | string | null => {
    if (c.kind === 'values') return c.data[i] as string | null;
    if (c.valid !== null && (c.valid[i >> 3]! & (1 << (i & 7))) === 0) return null;
    return (c.data as ArrayLike<number | bigint>)[i] as number | bigint;
  };
  const order = Array.from({ length: b.length }, (_, i) => i);
  order.sort((x, y) => {
    const a = key(x);
    const z = key(y);
    if (a === z) return x - y;
    if (a === null) return 1;
    if (z === null) return -1;
    return a < z ? -1 : a > z ? 1 : x - y;
  });
  return gatherBatch(b, order, order.length);
}

/** Puts one object under `mode`. */
export async function putWithMode(
  store: ObjectStore,
  kms: Kms,
  bucket: string,
  key: string,
  body: Uint8Array,
  mode: TpchMode,
  keys: { sseKmsKey: string; cseKmsKey: string },
): Promise<void> {
  if (mode === 'CSE_KMS') {
    await putSealed(store, kms, bucket, key, body, keys.cseKmsKey);
    return;
  }
  const sse: SseRequest = mode === 'SSE_S3' ? { mode: 'SSE_S3' } : { mode: 'SSE_KMS', kmsKeyId: keys.sseKmsKey };
  await store.put(bucket, key, body, { sse });
}

/**
 * Writes the eight tables and registers them in `database` (created if missing). Returns every
 * object written with its mode. The bucket must exist.
 */
export async function loadTpch(o: TpchLoadOptions): Promise<LoadedObject[]> {
  const written: LoadedObject[] = [];
  const perTable = o.objectsPerTable ?? 3;
  const splitAbove = o.splitAbove ?? 1000;
  let turn = 0;
  await o.sql(`CREATE DATABASE IF NOT EXISTS ${o.database}`);
  for (const name of TPCH_TABLES) {
    const t = o.tables[name];
    if (!t) throw new Error(`TPC-H table ${name} was not generated`);
    const n = t.batch.length;
    const sortColumn = o.sortBy?.[name];
    const sortIndex = sortColumn === undefined ? -1 : t.columns.findIndex((c) => c.name === sortColumn);
    if (sortColumn !== undefined && sortIndex < 0) throw new Error(`${name} has no column ${sortColumn} to sort by`);
    const batch = sortIndex < 0 ? t.batch : sortRows(t.batch, sortIndex);
    const parts = n > splitAbove ? perTable : 1;
    for (let p = 0; p < parts; p++) {
      const start = Math.floor((n * p) / parts);
      const end = Math.floor((n * (p + 1)) / parts);
      const mode = o.modes[turn++ % o.modes.length]!;
      const key = `${o.prefix}/${name}/part-${String(p).padStart(5, '0')}.${EXT[o.format]}`;
      const body = encode(o.format, t.columns, parts === 1 ? batch : sliceRows(batch, start, end), o.rowGroupSize);
      await putWithMode(o.store, o.kms, o.bucket, key, body, mode, o);
      written.push({ table: name, key, mode, rows: end - start });
    }
    const cols = columnsDdl(t.columns);
    // Athena's flag for tables holding CSE-KMS objects; it requires every object to be CSE-KMS,
    // so a table whose objects mix modes leaves it unset (CSE objects are found from metadata).
    const tableModes = written.filter((w) => w.table === name).map((w) => w.mode);
    const props = tableModes.length > 0 && tableModes.every((m) => m === 'CSE_KMS') ? " TBLPROPERTIES ('has_encrypted_data'='true')" : '';
    await o.sql(
      `CREATE EXTERNAL TABLE ${o.database}.${name} (${cols}) ${storageClause(o.format)} LOCATION 's3://${o.bucket}/${o.prefix}/${name}/'${props}`,
    );
  }
  return written;
}
