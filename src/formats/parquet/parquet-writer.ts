/**
 * Writes aegis batches as a Parquet object (datasets, CTAS, UNLOAD): Arrow record batches built by
 * `batch-to-arrow.ts`, serialised as Arrow IPC, and written by parquet-wasm's writer with
 * chunk-level statistics so that row-group pruning works on the result.
 */
import { Table, tableToIPC } from 'apache-arrow';
import { Compression, EnabledStatistics, Table as WasmTable, WriterPropertiesBuilder, writeParquet as wasmWriteParquet } from 'parquet-wasm';
import type { Batch } from '../../types/batch.js';
import type { TableColumn } from '../format.js';
import { arrowSchemaOf, recordBatchOf } from './batch-to-arrow.js';

export type ParquetCompression = 'SNAPPY' | 'GZIP' | 'ZSTD' | 'NONE';

export interface ParquetWriteOptions {
  /** Default SNAPPY (Athena's default for CTAS). */
  readonly compression?: ParquetCompression;
  /** Maximum rows per row group; default 128 Ki rows. */
  readonly rowGroupSize?: number;
}

const CODECS: Record<ParquetCompression, Compression> = {
  SNAPPY: Compression.SNAPPY,
  GZIP: Compression.GZIP,
  ZSTD: Compression.ZSTD,
  NONE: Compression.UNCOMPRESSED,
};

/** The bytes of a Parquet file holding `batches` (columns in `columns` order). */
export function writeParquet(columns: readonly TableColumn[], batches: Iterable<Batch>, options: ParquetWriteOptions = {}): Uint8Array {
  const schema = arrowSchemaOf(columns);
  const table = new Table(schema, [...batches].map((b) => recordBatchOf(schema, b)));
  const wasmTable = WasmTable.fromIPCStream(tableToIPC(table, 'stream'));
  const props = new WriterPropertiesBuilder()
    .setCompression(CODECS[options.compression ?? 'SNAPPY'])
    .setMaxRowGroupSize(options.rowGroupSize ?? 128 * 1024)
    .setStatisticsEnabled(EnabledStatistics.Chunk)
    .setCreatedBy('aegis')
    .build();
  return wasmWriteParquet(wasmTable, props);
}
