import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableColumn } from '../../../src/formats/format.js';
import { decodeParquet } from '../../../src/formats/parquet/parquet-decoder.js';
import { bytesReader, readParquetMetadata } from '../../../src/formats/parquet/parquet-metadata.js';
import { type ParquetCompression, writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { batchFromRows, batchToRows } from '../../../src/types/batch.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const col = (name: string, type: SqlType): TableColumn => ({ name, type });

export const ALL_TYPES: TableColumn[] = [
  col('b', T.boolean), col('ti', T.tinyint), col('si', T.smallint), col('i', T.integer), col('bi', T.bigint),
  col('r', T.real), col('d', T.double), col('d9', T.decimal(9, 2)), col('d18', T.decimal(18, 4)), col('d38', T.decimal(38, 6)),
  col('s', T.varchar), col('bin', T.varbinary), col('dt', T.date), col('ts', { kind: 'timestamp', precision: 6 }),
  col('arr', T.array(T.integer)), col('m', T.map(T.varchar, T.double)),
  col('rw', { kind: 'row', fields: [{ name: 'x', type: T.bigint }, { name: 'y', type: T.array(T.varchar) }] }),
];

export function allTypesRows(n: number): Value[][] {
  const rows: Value[][] = [];
  for (let k = 0; k < n; k++) {
    const nul = k % 7 === 3;
    rows.push([
      nul ? null : k % 2 === 0, nul ? null : (k % 256) - 128, nul ? null : k * 3 - 30000, nul ? null : k * 100_003 - 2_000_000_000,
      nul ? null : BigInt(k) * 1_000_000_000_007n - 9_000_000_000_000_000_000n, nul ? null : Math.fround(k / 8), nul ? null : k * 1.25 - 3,
      nul ? null : BigInt(k * 12_345) - 9_999_999n, nul ? null : BigInt(k) * 123_456_789_012n - 99_999_999_999_999n,
      nul ? null : BigInt(k) * 10n ** 30n + 123_456n - 10n ** 37n, nul ? null : `s${k}é😀`, nul ? null : Uint8Array.of(k & 255, 0, 255),
      nul ? null : k * 37 - 20000, nul ? null : k * 3_600_000_123 - 1e15,
      nul ? null : k % 5 === 0 ? [] : [k, null, -k], nul ? null : { keys: [`k${k}`, 'z'], values: [k / 2, null] },
      nul ? null : [BigInt(-k), k % 3 === 0 ? null : [`a${k}`, 'b']],
    ]);
  }
  return rows;
}

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
