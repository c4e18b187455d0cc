/**
 * Writes the data files of CREATE TABLE AS, INSERT INTO and UNLOAD: rows in, ordinary Parquet /
 * Hive text / JSON-lines objects out, one file per {@link ROWS_PER_FILE} rows (so memory stays
 * bounded), Hive-style `k=v/` folders for partition columns (the rows' last columns), each object
 * encrypted with the query's result encryption. `abort` deletes every object written so far.
 */
import { gzipSync } from 'node:zlib';
import { AegisError } from '../../errors.js';
import { makePartitionName } from '../../catalog/partition-name.js';
import type { TableColumn } from '../../formats/format.js';
import { writeJsonLines } from '../../formats/json/json-writer.js';
import { primitiveText, writeCsv } from '../../formats/text/text-writer.js';
import { parseS3Uri } from '../../storage/object-store.js';
import { batchFromRows } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import type { EffectiveResultConfiguration } from '../result-configuration.js';
import { openUpload, type ResultWriterDeps } from '../result-writer.js';
import type { WriteProperties } from './write-properties.js';

/** Rows per data file. */
export const ROWS_PER_FILE = 200_000;
/** Athena's limit of partitions one CTAS / INSERT / UNLOAD may write. */
export const MAX_PARTITIONS = 100;

export interface DataFileSetOptions {
  readonly deps: ResultWriterDeps;
  readonly config: EffectiveResultConfiguration;
  /** `s3://bucket/prefix/` the files (or partition folders) go under. */
  readonly location: string;
  readonly dataColumns: readonly TableColumn[];
  readonly partitionKeys: readonly TableColumn[];
  readonly props: WriteProperties;
  /** File names start with this (the query id). */
  readonly filePrefix: string;
  /** Where an existing partition lives (INSERT); default `<location><k=v/…>/`. */
  readonly partitionLocation?: (values: (string | null)[]) => string | undefined;
  readonly rowsPerFile?: number;
  /**
   * Records each object before it is written (and again with its multipart upload id once it has
   * one), so a crash's leftovers can be found and removed.
   */
  readonly journal?: (uri: string, uploadId?: string) => void;
}

interface PartitionBuffer {
  values: (string | null)[];
  location: string;
  rows: Value[][];
}

export class DataFileSet {
  private readonly partitions = new Map<string, PartitionBuffer>();
  private readonly written: string[] = [];
  private seq = 0;
  private total = 0;

  constructor(private readonly o: DataFileSetOptions) {}

  /** Objects written so far. */
  get files(): readonly string[] {
    return this.written;
  }

  get rowCount(): number {
    return this.total;
  }

  /** Partition values (Hive text) and locations of the partitions that received rows. */
  get partitionsWritten(): { values: (string | null)[]; location: string }[] {
    return [...this.partitions.values()].map((p) => ({ values: p.values, location: p.location }));
  }

  async add(rows: readonly Value[][]): Promise<void> {
    const nData = this.o.dataColumns.length;
    for (const row of rows) {
      const values = this.o.partitionKeys.map((k, i) => {
        const v = row[nData + i] ?? null;
        return v === null ? null : primitiveText(k.type, v);
      });
      const name = this.o.partitionKeys.length ? makePartitionName(this.o.partitionKeys.map((k) => k.name), values) : '';
      let p = this.partitions.get(name);
      if (!p) {
        if (this.partitions.size >= MAX_PARTITIONS) {
          throw new AegisError(
            'INVALID_ARGUMENT',
            `HIVE_TOO_MANY_OPEN_PARTITIONS: the statement writes more than ${MAX_PARTITIONS} partitions, Athena's limit. Write fewer partitions per statement (e.g. INSERT INTO … SELECT … WHERE on a range of the partition column).`,
            { partitions: this.partitions.size + 1 },
          );
        }
        const location = (name && this.o.partitionLocation?.(values)) || `${this.o.location}${name ? `${name}/` : ''}`;
        p = { values, location, rows: [] };
        this.partitions.set(name, p);
      }
      p.rows.push(nData === row.length ? row : row.slice(0, nData));
      this.total++;
      if (p.rows.length >= (this.o.rowsPerFile ?? ROWS_PER_FILE)) await this.flush(p);
    }
  }

  /** Writes what is buffered. */
  async finish(): Promise<void> {
    for (const p of this.partitions.values()) if (p.rows.length > 0) await this.flush(p);
  }

  /** Deletes every object written (a failed or cancelled statement leaves nothing). */
  async abort(): Promise<void> {
    for (const p of this.partitions.values()) p.rows = [];
    for (const uri of this.written.splice(0)) {
      const { bucket, key } = parseS3Uri(uri);
      await this.o.deps.store.delete(bucket, key).catch(() => undefined);
    }
  }

  private async flush(p: PartitionBuffer): Promise<void> {
    const rows = p.rows;
    p.rows = [];
    const { bytes, ext } = await this.encode(rows);
    const uri = `${p.location}${this.o.filePrefix}-${String(this.seq++).padStart(5, '0')}${ext}`;
    const { bucket, key } = parseS3Uri(uri);
    const contentType = this.o.props.format === 'PARQUET' ? 'application/vnd.apache.parquet' : this.o.props.format === 'JSON' ? 'application/json' : 'text/plain';
    // Recorded before the write, so abort() (or the next open, after a crash) removes it even when
    // complete() fails half-way.
    this.o.journal?.(uri);
    this.written.push(uri);
    const up = await openUpload(this.o.deps, this.o.config, bucket, key, contentType);
    if (up.uploadId) this.o.journal?.(uri, up.uploadId);
    try {
      await up.write(bytes);
      await up.complete();
    } catch (e) {
      await up.abort().catch(() => undefined);
      throw e;
    }
  }

  private async encode(rows: Value[][]): Promise<{ bytes: Uint8Array; ext: string }> {
    const cols = this.o.dataColumns;
    const batch = batchFromRows(cols.map((c) => c.type), rows);
    const { format, compression } = this.o.props;
    if (format === 'PARQUET') {
      // The Parquet writer (apache-arrow, parquet-wasm) loads with the first Parquet file written.
      const { writeParquet } = await import('../../formats/parquet/parquet-writer.js');
      return { bytes: writeParquet(cols, [batch], { compression }), ext: '.parquet' };
    }
    const plain =
      format === 'JSON'
        ? writeJsonLines(cols, [batch])
        : writeCsv(cols, [batch], { serde: 'lazy-simple', properties: { 'field.delim': this.o.props.fieldDelimiter } });
    const base = format === 'JSON' ? '.json' : '.txt';
    return compression === 'GZIP' ? { bytes: gzipSync(plain), ext: `${base}.gz` } : { bytes: plain, ext: base };
  }
}
