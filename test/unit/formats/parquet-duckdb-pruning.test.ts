import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeParquet } from '../../../src/formats/parquet/parquet-decoder.js';
import { bytesReader, readParquetMetadata } from '../../../src/formats/parquet/parquet-metadata.js';
import { pruneRowGroups } from '../../../src/formats/parquet/row-group-pruning.js';
import type { ColumnPredicate, Literal } from '../../../src/formats/predicate.js';
import { formatPredicate } from '../../../src/formats/predicate.js';
import { batchToRows } from '../../../src/types/batch.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { holds } from './predicate-eval.js';
import { prng } from './prng.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-prune-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLS: { name: string; type: SqlType }[] = [
  { name: 'i', type: T.integer }, { name: 'd9', type: T.decimal(9, 2) }, { name: 'd18', type: T.decimal(18, 3) },
  { name: 'd38', type: T.decimal(38, 4) }, { name: 's', type: T.varchar }, { name: 'ts_ms', type: { kind: 'timestamp', precision: 3 } },
  { name: 'ts_ns', type: { kind: 'timestamp', precision: 6 } }, { name: 'dt', type: T.date }, { name: 'f', type: T.real },
];

describe('row-group pruning on DuckDB-written Parquet', () => {
  it('never skips a group holding a match, and skips some (INT32/INT64/FIXED decimals, strings, ms/ns timestamps)', async () => {
    const path = join(dir, 'p.parquet');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    await duck.run(`COPY (SELECT
        CASE WHEN r % 97 = 0 THEN NULL ELSE r::INTEGER END AS i,
        (r * 0.25 - 1000)::DECIMAL(9,2) AS d9, (r * 1234567.891 - 3)::DECIMAL(18,3) AS d18,
        (r::HUGEINT * 100000000000000000000::HUGEINT + 7)::DECIMAL(38,4) AS d38,
        CASE r % 4 WHEN 0 THEN 'é' || r WHEN 1 THEN 'Z' || r WHEN 2 THEN '😀' ELSE 'a' || lpad(r::VARCHAR, 6, '0') END AS s,
        (TIMESTAMP '2001-01-01' + r * INTERVAL 1 SECOND + r * INTERVAL 7 MILLISECOND)::TIMESTAMP_MS AS ts_ms,
        ('2001-01-01'::TIMESTAMP_NS + r * INTERVAL 1 MINUTE + r * INTERVAL 1 MICROSECOND) + INTERVAL 1 MICROSECOND AS ts_ns,
        (DATE '2000-01-01' + (r / 3)::INTEGER) AS dt, (r / 8)::FLOAT AS f
      FROM range(10000) t(r)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const bytes = new Uint8Array(readFileSync(path));
    const md = await readParquetMetadata('s3://b/p.parquet', bytesReader(bytes));
    const sizes = md.row_groups.map((g) => Number(g.num_rows));
    expect(sizes.length).toBeGreaterThan(3);
    const rows: Value[][] = [];
    for await (const b of decodeParquet({ uri: 's3://b/p.parquet', columns: COLS, projection: COLS.map((_, i) => i), properties: {}, file: bytesReader(bytes) })) rows.push(...batchToRows(b));
    expect(rows).toHaveLength(10000);
    const rnd = prng(77);
    let skipped = 0;
    for (let t = 0; t < 400; t++) {
      const j = rnd.int(COLS.length);
      const c = COLS[j]!;
      const lit = (): Literal => {
        const v = rows[rnd.int(rows.length)]![j] ?? rows[1]![j]!;
        const bump = rnd.pick([-1, 0, 1]);
        if (typeof v === 'string') return bump === 0 ? v : v + 'x';
        if (typeof v === 'bigint') return v + BigInt(bump);
        return (v as number) + (c.type.kind === 'real' ? bump / 16 : bump);
      };
      const op = rnd.pick(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'between', 'isNull', 'isNotNull'] as const);
      const p: ColumnPredicate =
        op === 'in' ? { op, column: c.name, type: c.type, values: [lit(), lit()] }
        : op === 'between' ? { op, column: c.name, type: c.type, low: lit(), high: lit() }
        : op === 'isNull' || op === 'isNotNull' ? { op, column: c.name, type: c.type }
        : { op, column: c.name, type: c.type, value: lit() };
      const res = pruneRowGroups(md, [p]);
      let start = 0;
      sizes.forEach((n, g) => {
        if (rows.slice(start, start + n).some((r) => holds(p, r[j]!))) expect(res.kept, `${formatPredicate(p)} group ${g}`).toContain(g);
        start += n;
      });
      skipped += res.skipped.length;
    }
    expect(skipped).toBeGreaterThan(100);
  });
});
