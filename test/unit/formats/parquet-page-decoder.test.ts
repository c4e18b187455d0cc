/**
 * aegis's own Parquet page decoder against parquet-wasm on the same DuckDB-written files: every
 * supported column type with NULLs, dictionary and plain pages, data page v1 and v2, and each
 * codec. Both paths must give identical values and column kinds the vector kernels can read.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeParquet } from '../../../src/formats/parquet/parquet-decoder.js';
import { planFlatColumns } from '../../../src/formats/parquet/page-decoder.js';
import { bytesReader, readParquetMetadata } from '../../../src/formats/parquet/parquet-metadata.js';
import { batchToRows, type Batch } from '../../../src/types/batch.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-pages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLS: { name: string; type: SqlType }[] = [
  { name: 'i', type: T.integer }, { name: 'b', type: T.bigint }, { name: 'ib', type: T.bigint },
  { name: 'd9', type: T.decimal(9, 2) }, { name: 'd18', type: T.decimal(18, 3) }, { name: 'x', type: T.double },
  { name: 'f', type: T.real }, { name: 'bo', type: T.boolean }, { name: 's', type: T.varchar },
  { name: 'lowcard', type: T.varchar }, { name: 'dt', type: T.date }, { name: 'missing', type: T.integer },
];

const SELECT = `SELECT
    CASE WHEN r % 97 = 0 THEN NULL ELSE (r * 7919 % 100003 - 50000)::INTEGER END AS i,
    CASE WHEN r % 89 = 0 THEN NULL ELSE (r::BIGINT * 1000000007 - 9007199254740993) END AS b,
    (r % 13)::INTEGER AS ib,
    CASE WHEN r % 5 = 0 THEN NULL ELSE (r * 0.25 - 1000)::DECIMAL(9,2) END AS d9,
    (r * 1234567.891 - 3)::DECIMAL(18,3) AS d18,
    CASE WHEN r % 7 = 0 THEN NULL WHEN r % 11 = 0 THEN 'NaN'::DOUBLE ELSE r / 3.0 END AS x,
    (r / 8)::FLOAT AS f,
    CASE WHEN r % 3 = 0 THEN NULL ELSE r % 2 = 0 END AS bo,
    CASE r % 5 WHEN 0 THEN 'é' || r WHEN 1 THEN NULL WHEN 2 THEN '😀' WHEN 3 THEN '' ELSE 'a' || lpad(r::VARCHAR, 6, '0') END AS s,
    CASE WHEN r % 17 = 0 THEN NULL ELSE ['N', 'O', 'R', 'A'][r % 4 + 1] END AS lowcard,
    CASE WHEN r % 23 = 0 THEN NULL ELSE DATE '1992-01-01' + (r % 2500)::INTEGER END AS dt
  FROM range(20000) t(r)`;

async function decodeAll(bytes: Uint8Array, pageDecoder: boolean): Promise<{ rows: Value[][]; batches: Batch[] }> {
  const batches: Batch[] = [];
  for await (const b of decodeParquet({ uri: 's3://b/p.parquet', columns: COLS, projection: COLS.map((_, i) => i), properties: {}, file: bytesReader(bytes), pageDecoder })) batches.push(b);
  return { rows: batches.flatMap(batchToRows), batches };
}

describe('Parquet page decoder', () => {
  const variants = [
    { name: 'snappy, v1 pages', options: "COMPRESSION 'snappy'" },
    { name: 'uncompressed', options: "COMPRESSION 'uncompressed'" },
    { name: 'gzip', options: "COMPRESSION 'gzip'" },
    { name: 'zstd, v2 pages', options: "COMPRESSION 'zstd', PARQUET_VERSION 'V2'" },
    { name: 'small row groups and pages', options: "COMPRESSION 'snappy', ROW_GROUP_SIZE 3000" },
  ];
  for (const v of variants) {
    it(`equals parquet-wasm: ${v.name}`, async () => {
      const path = join(dir, `${v.name.replace(/\W+/g, '-')}.parquet`);
      const duck = await (await DuckDBInstance.create(':memory:')).connect();
      await duck.run(`COPY (${SELECT}) TO '${path}' (FORMAT parquet, ${v.options})`);
      const bytes = new Uint8Array(readFileSync(path));
      const md = await readParquetMetadata('s3://b/p.parquet', bytesReader(bytes));
      // The page decoder takes this file (every column type above is one it reads).
      const names = COLS.map((c) => (c.name === 'missing' ? null : c.name));
      expect(planFlatColumns(md, names, COLS.map((c) => c.type))).toBeDefined();
      const own = await decodeAll(bytes, true);
      const wasm = await decodeAll(bytes, false);
      expect(own.rows).toHaveLength(20000);
      expect(own.rows).toEqual(wasm.rows);
      // Typed columns where the type allows; the absent column is all NULL.
      const kinds = own.batches[0]!.columns.map((c) => c.kind);
      expect(kinds).toEqual(['i32', 'i64', 'i64', 'i64', 'i64', 'f64', 'f64', 'bool', 'values', 'values', 'i32', kinds[11]]);
      expect(own.rows.every((r) => r[11] === null)).toBe(true);
      // Spot values, so that agreement is not agreement on garbage.
      expect(own.rows[1]).toEqual([7919 - 50000, 1000000007n - 9007199254740993n, 1n, -99975n, 1234564891n, 1 / 3, 0.125, false, null, 'O', 8036, null]);
      expect(own.rows[0]![0]).toBeNull();
      expect(Number.isNaN(own.rows[11]![5])).toBe(true);
      expect(own.rows[10]![8]).toBe('é10');
      // The low-cardinality string column keeps its dictionary codes, consistent with its values
      // (v2 files use DELTA encodings, which go to parquet-wasm, whose columns carry no codes).
      for (const b of own.batches) {
        const c = b.columns[9]!;
        if (!v.name.includes('v2')) expect(c.kind === 'values' && c.dict !== undefined).toBe(true);
        if (c.kind !== 'values' || !c.dict) continue;
        const { codes, values } = c.dict;
        for (let i = 0; i < b.length; i++) expect(codes[i]! < 0 ? null : values[codes[i]!]).toBe(c.data[i]);
      }
    });
  }

  it('reads a corrupt page as BAD_DATA naming the object, never garbage rows', async () => {
    const path = join(dir, 'corrupt.parquet');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    await duck.run(`COPY (${SELECT}) TO '${path}' (FORMAT parquet, COMPRESSION 'snappy')`);
    const bytes = new Uint8Array(readFileSync(path));
    const md = await readParquetMetadata('s3://b/p.parquet', bytesReader(bytes));
    const meta = md.row_groups[0]!.columns[4]!.meta_data!;
    // Overwrite the middle of the d18 column chunk.
    const at = Number(meta.data_page_offset) + Math.floor(Number(meta.total_compressed_size) / 2);
    for (let k = 0; k < 64; k++) bytes[at + k] = 0xff;
    const err = await decodeAll(bytes, true).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_DATA' });
    expect(String((err as Error).message)).toContain('s3://b/p.parquet');
  });
});
