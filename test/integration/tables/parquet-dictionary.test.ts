/**
 * Dictionary-encoded numeric Parquet columns: the page decoder keeps a numeric column's
 * dictionary codes (its typed data is built only if read), and the vector kernels read the
 * codes and the few distinct values instead of the rows.
 *
 * - Decoding: DuckDB-written files (integers, BIGINT beyond 2^52, decimals, doubles with NaN
 *   and -0 (which DuckDB's dictionary shares with 0), dates, strings, NULLs, several row groups) decode to the rows parquet-wasm decodes;
 *   the numeric dictionary columns carry codes, and their vectors (all rows and selections)
 *   equal the vectors of their materialized data.
 * - A chunk whose writer falls back from the dictionary to plain pages part-way (parquet-wasm
 *   with a tiny dictionary page limit) decodes to the same rows.
 * - SQL: filters, arithmetic and grouped aggregates over the DuckDB-written file, stored as an
 *   SSE-S3 and a CSE-KMS object in the embedded warehouse, equal DuckDB's answers over the file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AegisRuntime, OpenEngineOptions } from '../../../src/api/open-engine.js';
import { columnVec, type Vec } from '../../../src/exec/vector/vec.js';
import { decodeParquet } from '../../../src/formats/parquet/parquet-decoder.js';
import { bytesReader } from '../../../src/formats/parquet/parquet-metadata.js';
import { batchToRows, type Batch, type Column } from '../../../src/types/batch.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { putWithMode } from '../../../benchmarks/tpch-warehouse.js';
import { canonResult, alignExpected } from './tpch-compare.js';
import { openLocal } from './tpch-fixture.js';
import { compareResults } from '../../util/compare-results.js';
import { DuckOracle } from '../../util/duckdb-oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-pq-dict-'));
const file = join(dir, 'dict.parquet');

const COLS: { name: string; type: SqlType; hive: string }[] = [
  { name: 'k_int', type: T.integer, hive: 'int' },
  { name: 'k_big', type: T.bigint, hive: 'bigint' },
  { name: 'k_huge', type: T.bigint, hive: 'bigint' },
  { name: 'k_dec9', type: T.decimal(9, 2), hive: 'decimal(9,2)' },
  { name: 'k_dec15', type: T.decimal(15, 2), hive: 'decimal(15,2)' },
  { name: 'k_dbl', type: T.double, hive: 'double' },
  { name: 'k_date', type: T.date, hive: 'date' },
  { name: 'k_str', type: T.varchar, hive: 'string' },
  { name: 'v', type: T.decimal(15, 2), hive: 'decimal(15,2)' },
];

// Low-cardinality columns (dictionary-encoded by DuckDB) with NULLs, and one high-cardinality
// column `v`. k_huge's values lie beyond 2^52 (its vectors cannot be doubles).
const SELECT = `SELECT
    CASE WHEN r % 13 = 0 THEN NULL ELSE (r % 7)::INTEGER - 3 END AS k_int,
    CASE WHEN r % 11 = 0 THEN NULL ELSE (r % 5)::BIGINT * 1000003 - 2000000 END AS k_big,
    CASE WHEN r % 17 = 0 THEN NULL ELSE (r % 3)::BIGINT * 1000000000000000 + 9007199254740993 END AS k_huge,
    CASE WHEN r % 19 = 0 THEN NULL ELSE ((r % 11) * 0.01)::DECIMAL(9,2) END AS k_dec9,
    ((r % 50) * 1.25 - 20)::DECIMAL(15,2) AS k_dec15,
    CASE WHEN r % 23 = 0 THEN NULL WHEN r % 29 = 0 THEN 'NaN'::DOUBLE WHEN r % 31 = 0 THEN -0.0::DOUBLE ELSE (r % 9) / 4.0 END AS k_dbl,
    CASE WHEN r % 37 = 0 THEN NULL ELSE DATE '1995-01-01' + (r % 40)::INTEGER END AS k_date,
    CASE WHEN r % 41 = 0 THEN NULL ELSE ['A', 'N', 'R'][r % 3 + 1] END AS k_str,
    ((r * 7919) % 1000003 * 0.01)::DECIMAL(15,2) AS v
  FROM range(30000) t(r)`;

/**
 * Two engines over their own warehouses: one scanning in its own thread, one whose scans all run
 * on 2 worker threads with the file split by row groups (numeric dictionary columns then cross
 * threads as codes).
 */
const engines: Record<'inline' | 'threads', AegisRuntime | undefined> = { inline: undefined, threads: undefined };
let duck: DuckOracle;
let bytes: Uint8Array;

async function warehouse(name: string, opts: OpenEngineOptions): Promise<AegisRuntime> {
  const rt = openLocal(join(dir, name), 2, opts);
  await rt.store.createBucket('lake');
  const cmk = (await rt.kms.createKey({ alias: 'alias/pq-dict' })).arn;
  const ddl = COLS.map((c) => `${c.name} ${c.hive}`).join(', ');
  for (const mode of ['SSE_S3', 'CSE_KMS'] as const) {
    await putWithMode(rt.store, rt.kms, 'lake', `${mode}/part-0.parquet`, bytes, mode, { sseKmsKey: cmk, cseKmsKey: cmk });
    await rt.engine.execute(`CREATE EXTERNAL TABLE t_${mode.toLowerCase()} (${ddl}) STORED AS PARQUET LOCATION 's3://lake/${mode}/'`);
  }
  return rt;
}

beforeAll(async () => {
  duck = await DuckOracle.open();
  await duck.run(`COPY (${SELECT}) TO '${file}' (FORMAT parquet, COMPRESSION 'snappy', ROW_GROUP_SIZE 8192)`);
  await duck.run(`CREATE VIEW t AS SELECT * FROM read_parquet('${file}')`);
  bytes = new Uint8Array(readFileSync(file));
  engines.inline = await warehouse('wh-inline', { inProcess: true });
  engines.threads = await warehouse('wh-threads', { inlineScanBytes: 0, parquetSplitBytes: 64 * 1024, csePartBytes: 64 * 1024 });
}, 120_000);

afterAll(async () => {
  await engines.inline?.close();
  await engines.threads?.close();
  duck?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function decodeAll(b: Uint8Array, pageDecoder: boolean, cols = COLS): Promise<Batch[]> {
  const batches: Batch[] = [];
  for await (const x of decodeParquet({ uri: 's3://b/p.parquet', columns: cols, projection: cols.map((_, i) => i), properties: {}, file: bytesReader(b), pageDecoder })) batches.push(x);
  return batches;
}

/** The column without its dictionary: its (materialized) typed data only. */
function plainOf(c: Column): Column {
  const { dict: _dict, ...rest } = c as Column & { dict?: unknown };
  return { ...rest, data: c.data } as Column;
}

function vecValues(v: Vec): unknown[] {
  if (v.kind === 'val') return v.data;
  return Array.from(v.data, (x, i) => (v.nulls !== null && v.nulls[i] === 1 ? null : x));
}

describe('dictionary-encoded numeric Parquet columns', () => {
  it('keep their codes, decode to parquet-wasm\'s rows, and give the vectors of their data', async () => {
    const own = await decodeAll(bytes, true);
    const wasm = await decodeAll(bytes, false);
    expect(own.length).toBeGreaterThan(3);
    const ownRows = own.flatMap(batchToRows);
    expect(ownRows).toHaveLength(30000);
    expect(ownRows).toEqual(wasm.flatMap(batchToRows));
    // Spot values, so that agreement is not agreement on garbage.
    expect(ownRows[1]).toEqual([-2, -999997n, 10007199254740993n, 1n, -1875n, 0.25, 9132, 'N', 7919n]);
    expect(ownRows[0]![0]).toBeNull();
    expect(Number.isNaN(ownRows[29]![5])).toBe(true);

    let dictColumns = 0;
    for (const b of own) {
      // A selection of about a third of the rows, and every row.
      const sel = Int32Array.from({ length: b.length }, (_, i) => i).filter((i) => (i * 2654435761) % 3 === 0);
      for (let j = 0; j < 7; j++) {
        const c = b.columns[j]!;
        if (c.kind === 'values' || c.kind === 'bool') continue;
        if (!c.dict) continue;
        dictColumns++;
        const { codes, values } = c.dict;
        for (let i = 0; i < b.length; i++) {
          const valid = c.valid === null || (c.valid[i >> 3]! & (1 << (i & 7))) !== 0;
          expect(codes[i]! >= 0).toBe(valid);
          if (valid) expect(values[codes[i]!]).toBe(c.data[i]);
        }
        if (j === 2) {
          // Beyond 2^52: the vector of the data (the kernels' exact fallback), not of the codes.
          expect(() => columnVec(c, null, b.length)).toThrow();
          continue;
        }
        const plain = plainOf(c);
        expect(vecValues(columnVec(c, null, b.length))).toEqual(vecValues(columnVec(plain, null, b.length)));
        expect(vecValues(columnVec(c, sel, sel.length))).toEqual(vecValues(columnVec(plain, sel, sel.length)));
      }
      // The string column keeps its codes too, and its values come from them.
      const s = b.columns[7]!;
      expect(s.kind === 'values' && s.dict !== undefined).toBe(true);
    }
    // Every low-cardinality numeric column of every row group (k_int … k_date).
    expect(dictColumns).toBe(own.length * 7);
  });

  it('decodes a chunk that falls back from its dictionary to plain pages part-way', async () => {
    const { Table: ArrowTable, tableToIPC, vectorFromArray, Int64, Float64, Int32 } = await import('apache-arrow');
    const { Table: WasmTable, writeParquet, WriterPropertiesBuilder } = await import('parquet-wasm');
    const n = 20000;
    const big = vectorFromArray(Array.from({ length: n }, (_, i) => (i % 9 === 0 ? null : BigInt(i < 5000 ? i % 4 : i * 31))), new Int64());
    const dbl = vectorFromArray(Array.from({ length: n }, (_, i) => (i < 5000 ? (i % 3) / 2 : i / 7)), new Float64());
    const int = vectorFromArray(Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : i < 5000 ? i % 6 : i)), new Int32());
    const table = new ArrowTable({ big, dbl, int });
    const props = new WriterPropertiesBuilder().setDictionaryPageSizeLimit(512).setDataPageSizeLimit(1024).setMaxRowGroupSize(n).build();
    const written = writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props);
    writeFileSync(join(dir, 'fallback.parquet'), written);
    const cols = [
      { name: 'big', type: T.bigint, hive: 'bigint' },
      { name: 'dbl', type: T.double, hive: 'double' },
      { name: 'int', type: T.integer, hive: 'int' },
    ];
    const own = await decodeAll(written, true, cols);
    const wasm = await decodeAll(written, false, cols);
    const rows = own.flatMap(batchToRows);
    expect(rows).toHaveLength(n);
    expect(rows).toEqual(wasm.flatMap(batchToRows));
    expect(rows[1]).toEqual([1n, 0.5, 1]);
    expect(rows[19999]).toEqual([19999n * 31n, 19999 / 7, 19999]);
    // The dictionary did not hold the chunk: its column is plain data.
    const c = own[0]!.columns[0]!;
    expect(c.kind === 'i64' && c.dict === undefined).toBe(true);
    // Against DuckDB reading the same file.
    const answer = await duck.query(`SELECT sum(big), sum(dbl), sum(int), count(big), count(int) FROM read_parquet('${join(dir, 'fallback.parquet')}')`);
    const sum = (k: number): number => rows.reduce((s, r) => s + (r[k] === null ? 0 : Number(r[k])), 0);
    expect(answer.rows[0]![0]).toMatchObject({ approx: sum(0) });
    expect(answer.rows[0]![2]).toMatchObject({ approx: sum(2) });
  });

  const QUERIES: { name: string; sql: string; ordered?: boolean }[] = [
    { name: 'a Q6-like filter and sum', sql: 'SELECT sum(v * k_dec9), count(*) FROM T WHERE k_dec9 BETWEEN 0.03 AND 0.07 AND k_int < 2 AND k_date >= DATE \'1995-01-10\'' },
    { name: 'grouped aggregates on a string and an integer key', sql: 'SELECT k_str, k_int, count(*), count(k_dec9), sum(k_dec15), avg(k_dec9), min(k_date), max(k_big), sum(k_big), min(k_dec15) FROM T GROUP BY k_str, k_int ORDER BY k_str, k_int', ordered: true },
    { name: 'a Q1-like computed sum', sql: 'SELECT k_str, sum(k_dec15 * (1 - k_dec9) * (1 + k_dec9)), sum(v * (1 - k_dec9)), avg(k_dec15) FROM T WHERE k_date <= DATE \'1995-02-05\' GROUP BY k_str ORDER BY k_str', ordered: true },
    { name: 'grouped on a numeric dictionary key', sql: 'SELECT k_big, k_dec9, count(*), sum(v) FROM T GROUP BY k_big, k_dec9 ORDER BY k_big, k_dec9', ordered: true },
    { name: 'BIGINT beyond 2^52', sql: 'SELECT k_huge, count(*), min(k_huge), max(k_huge - 1), sum(k_huge % 1000003) FROM T WHERE k_huge > 9007199254740993 GROUP BY k_huge ORDER BY k_huge', ordered: true },
    { name: 'equality and IN on dictionary numbers', sql: 'SELECT count(*), sum(v) FROM T WHERE k_big = 1000006 OR k_int IN (-3, 0, 2) OR k_dec15 = 41.25' },
    { name: 'double comparisons with NaN and -0', sql: 'SELECT count(*), count(k_dbl), sum(CASE WHEN k_dbl > 1 THEN 1 ELSE 0 END), sum(CASE WHEN k_dbl = 0 THEN 1 ELSE 0 END) FROM T WHERE k_dbl IS NOT NULL AND NOT is_nan(k_dbl)' },
    { name: 'NULL tests', sql: 'SELECT count(*) FROM T WHERE k_int IS NULL OR k_dec9 IS NULL OR k_date IS NULL' },
    { name: 'a fifth of the rows out, every kind of column', sql: 'SELECT k_int, k_big, k_huge, k_dec9, k_dec15, k_dbl, k_date, k_str, v FROM T WHERE k_dec15 > 40' },
    { name: 'most rows out (row groups decoded whole, then filtered)', sql: 'SELECT k_int, k_big, k_huge, k_dec9, k_dec15, k_dbl, k_date, k_str FROM T WHERE k_dec15 > -19' },
    { name: 'every row out', sql: 'SELECT k_int, k_big, k_dec9, k_dec15, k_dbl, k_date, k_str, v FROM T' },
    { name: 'rows out, ordered', sql: 'SELECT k_int, k_big, k_dec9, k_dec15, k_date, v FROM T WHERE v < 40 ORDER BY v, k_int, k_big', ordered: true },
  ];

  for (const [where, mode] of [['inline', 'sse_s3'], ['inline', 'cse_kms'], ['threads', 'sse_s3'], ['threads', 'cse_kms']] as const) {
    for (const q of QUERIES) {
      it(`${q.name} (${mode.toUpperCase()} object, scanned ${where === 'inline' ? 'in one thread' : 'by row groups on 2 threads'}) equals DuckDB`, async () => {
        const result = await engines[where]!.engine.execute(q.sql.replace(/\bT\b/g, `t_${mode}`));
        const actual = canonResult(result);
        const duckSql = q.sql.replace(/\bT\b/g, 't').replace(/is_nan\(/g, 'isnan(');
        const expected = alignExpected((await duck.query(duckSql)).rows, actual.rows, result.columns.map((c) => c.type));
        expect(actual.rows.length).toBeGreaterThan(0);
        expect(compareResults(actual.rows, expected, q.ordered ?? false)).toBeNull();
      });
    }
  }
});
