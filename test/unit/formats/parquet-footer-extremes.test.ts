/**
 * Column extremes from Parquet footer statistics (footer-stats.ts) on a DuckDB-written file with
 * NULLs, all-NULL row groups, negative and wide values: each is the decoded rows' minimum and
 * maximum exactly, or undefined (then the rows are decoded); never a value of the wrong type.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { columnExtremes } from '../../../src/formats/parquet/footer-stats.js';
import { decodeParquet } from '../../../src/formats/parquet/parquet-decoder.js';
import { bytesReader, readParquetMetadata } from '../../../src/formats/parquet/parquet-metadata.js';
import { batchToRows } from '../../../src/types/batch.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-extremes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLS: { name: string; type: SqlType; footer: boolean }[] = [
  { name: 'i', type: T.integer, footer: true },
  { name: 'b', type: T.bigint, footer: true },
  { name: 'd9', type: T.decimal(9, 2), footer: true },
  { name: 'd18', type: T.decimal(18, 3), footer: true },
  { name: 's', type: T.varchar, footer: true },
  { name: 'dt', type: T.date, footer: true },
  { name: 'x', type: T.double, footer: false },
  { name: 'nul', type: T.integer, footer: true },
];

function cmp(a: Value, b: Value): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

describe('Parquet footer extremes', () => {
  it('equal the decoded rows’ min and max, or are unknown', async () => {
    const path = join(dir, 'e.parquet');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    await duck.run(`COPY (SELECT
        CASE WHEN r % 97 = 0 THEN NULL ELSE (r * 7919 % 100003 - 50000)::INTEGER END AS i,
        CASE WHEN r % 89 = 0 THEN NULL ELSE (r::BIGINT * 1000000007 - 9007199254740993) END AS b,
        CASE WHEN r % 5 = 0 THEN NULL ELSE (r * 0.25 - 1000)::DECIMAL(9,2) END AS d9,
        (r * 1234567.891 - 3)::DECIMAL(18,3) AS d18,
        CASE r % 4 WHEN 0 THEN 'é' || r WHEN 1 THEN 'Z' || r WHEN 2 THEN '😀' ELSE 'a' || lpad(r::VARCHAR, 6, '0') END AS s,
        CASE WHEN r % 23 = 0 THEN NULL ELSE DATE '1992-01-01' + (r * 37 % 2500)::INTEGER END AS dt,
        r / 3.0 AS x,
        CASE WHEN r < 4096 THEN NULL ELSE r::INTEGER END AS nul
      FROM range(12000) t(r)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const bytes = new Uint8Array(readFileSync(path));
    const md = await readParquetMetadata('s3://b/e.parquet', bytesReader(bytes));
    expect(md.row_groups.length).toBeGreaterThan(3);
    let known = 0;
    let start = 0;
    for (let g = 0; g < md.row_groups.length; g++) {
      const n = Number(md.row_groups[g]!.num_rows);
      const rows: Value[][] = [];
      for await (const b of decodeParquet({ uri: 's3://b/e.parquet', columns: COLS, projection: COLS.map((_, j) => j), properties: {}, file: bytesReader(bytes), metadata: md, rowGroups: [g] })) rows.push(...batchToRows(b));
      expect(rows).toHaveLength(n);
      COLS.forEach((c, j) => {
        const e = columnExtremes(md, c.name, c.type)?.(g);
        const vs = rows.map((r) => r[j]!).filter((v) => v !== null).sort(cmp);
        if (!c.footer) {
          expect(e?.min ?? e?.max, `${c.name} group ${g}`).toBeUndefined();
          return;
        }
        if (e?.min !== undefined) {
          expect(e.min, `${c.name} group ${g} min`).toEqual(vs.length ? vs[0] : null);
          known++;
        }
        if (e?.max !== undefined) {
          expect(e.max, `${c.name} group ${g} max`).toEqual(vs.length ? vs.at(-1) : null);
          known++;
        }
      });
      start += n;
    }
    expect(start).toBe(12000);
    // The integer, decimal, date and (exact) string statistics are used.
    expect(known).toBeGreaterThan(md.row_groups.length * 10);
    // An all-NULL row group's extremes are NULL.
    expect(columnExtremes(md, 'nul', T.integer)?.(0)).toEqual({ min: null, max: null });
    // A column the table reads as another type: unknown (decoding raises the type error).
    expect(columnExtremes(md, 'x', T.integer)).toBeUndefined();
    expect(columnExtremes(md, 'd18', T.decimal(18, 2))).toBeUndefined();
    expect(columnExtremes(md, 'missing', T.integer)).toBeUndefined();
  });
});
