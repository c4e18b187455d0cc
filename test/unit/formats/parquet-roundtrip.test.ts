import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeParquet } from '../../../src/formats/parquet/parquet-decoder.js';
import { bytesReader, readParquetMetadata } from '../../../src/formats/parquet/parquet-metadata.js';
import { type ParquetCompression, writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { batchFromRows, batchToRows } from '../../../src/types/batch.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { ALL_TYPES, allTypesRows } from './all-types.js';

/** DuckDB's reading of a value, normalised to aegis's representation for comparison. */
function fromDuck(type: SqlType, v: unknown): Value {
  if (v === null || v === undefined) return null;
  switch (type.kind) {
    case 'decimal':
      return BigInt((v as { value: bigint }).value);
    case 'date':
      return (v as { days: number }).days;
    case 'timestamp':
      return Number((v as { micros: bigint }).micros);
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'real':
    case 'double':
    case 'boolean':
    case 'bigint':
    case 'varchar':
      return v as Value;
    case 'varbinary':
      return new Uint8Array((v as { bytes: Uint8Array }).bytes);
    case 'array':
      return ((v as { items: unknown[] }).items).map((e) => fromDuck(type.element, e));
    case 'map': {
      const entries = (v as { entries: { key: unknown; value: unknown }[] }).entries;
      return { keys: entries.map((e) => fromDuck(type.key, e.key)), values: entries.map((e) => fromDuck(type.value, e.value)) };
    }
    case 'row': {
      const entries = (v as { entries: Record<string, unknown> }).entries;
      return type.fields.map((f) => fromDuck(f.type, entries[f.name!]));
    }
    default:
      throw new Error(type.kind);
  }
}

describe('Parquet writer', () => {
  let dir: string;
  let duck: Awaited<ReturnType<DuckDBInstance['connect']>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aegis-pq-'));
    duck = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const compression of ['SNAPPY', 'GZIP', 'ZSTD', 'NONE'] as ParquetCompression[]) {
    it(`writes every type (${compression}) so that DuckDB and our decoder read the same values`, async () => {
      const rows = allTypesRows(50);
      const types = ALL_TYPES.map((c) => c.type);
      const bytes = writeParquet(ALL_TYPES, [batchFromRows(types, rows.slice(0, 20)), batchFromRows(types, rows.slice(20))], {
        compression,
        rowGroupSize: 16,
      });
      const md = await readParquetMetadata('s3://b/w.parquet', bytesReader(bytes));
      expect(md.row_groups.map((g) => Number(g.num_rows))).toEqual([16, 16, 16, 2]);
      expect(md.row_groups[0]!.columns[0]!.meta_data!.codec).toBe(compression === 'NONE' ? 'UNCOMPRESSED' : compression);
      const path = join(dir, `all-${compression}.parquet`);
      writeFileSync(path, bytes);
      const reader = await duck.runAndReadAll(`SELECT * FROM read_parquet('${path}')`);
      const duckRows = reader.getRows().map((r) => r.map((v, j) => fromDuck(ALL_TYPES[j]!.type, v)));
      expect(duckRows).toEqual(rows);
      const ours: Value[][] = [];
      for await (const b of decodeParquet({ uri: 's3://b/w.parquet', columns: ALL_TYPES, projection: ALL_TYPES.map((_, i) => i), properties: {}, file: bytesReader(bytes) })) {
        ours.push(...batchToRows(b));
      }
      expect(ours).toEqual(rows);
    });
  }
});
