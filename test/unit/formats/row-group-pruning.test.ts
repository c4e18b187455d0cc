import { describe, expect, it } from 'vitest';
import type { TableColumn } from '../../../src/formats/format.js';
import { bytesReader, readParquetMetadata } from '../../../src/formats/parquet/parquet-metadata.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { pruneRowGroups } from '../../../src/formats/parquet/row-group-pruning.js';
import type { ColumnPredicate, Literal } from '../../../src/formats/predicate.js';
import { formatPredicate } from '../../../src/formats/predicate.js';
import { batchFromRows } from '../../../src/types/batch.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { prng } from './prng.js';
import { holds } from './predicate-eval.js';

const col = (name: string, type: SqlType): TableColumn => ({ name, type });

const COLS = [
  col('I', T.integer), col('big', T.bigint), col('dec', T.decimal(18, 3)), col('wide', T.decimal(30, 2)),
  col('s', T.varchar), col('dt', T.date), col('ts', { kind: 'timestamp', precision: 6 }), col('d', T.double),
];

describe('Parquet row-group pruning', () => {
  it('skips exactly the groups whose statistics exclude the predicate', async () => {
    const rows: Value[][] = [];
    for (let k = 0; k < 40; k++) {
      rows.push([k, BigInt(k) * 10n ** 15n, BigInt(k) * 1000n + 5n, BigInt(k) * 10n ** 25n, `key${String(k).padStart(2, '0')}`, 18000 + k, k * 1e6, k % 10 === 0 ? null : k / 4]);
    }
    const bytes = writeParquet(COLS, [batchFromRows(COLS.map((c) => c.type), rows)], { rowGroupSize: 10 });
    const md = await readParquetMetadata('s3://b/p.parquet', bytesReader(bytes));
    const kept = (ps: ColumnPredicate[]) => pruneRowGroups(md, ps).kept;
    expect(kept([{ op: 'eq', column: 'i', type: T.integer, value: 15 }])).toEqual([1]);
    expect(kept([{ op: 'ge', column: 'I', type: T.integer, value: 30 }])).toEqual([3]);
    expect(kept([{ op: 'lt', column: 'i', type: T.integer, value: 10 }])).toEqual([0]);
    expect(kept([{ op: 'in', column: 'i', type: T.integer, values: [3, 35] }])).toEqual([0, 3]);
    expect(kept([{ op: 'between', column: 'big', type: T.bigint, low: 12n * 10n ** 15n, high: 21n * 10n ** 15n }])).toEqual([1, 2]);
    expect(kept([{ op: 'gt', column: 'dec', type: T.decimal(18, 3), value: 29_005n }])).toEqual([3]);
    expect(kept([{ op: 'eq', column: 'dec', type: T.decimal(18, 3), value: 29_005n }])).toEqual([2]);
    expect(kept([{ op: 'le', column: 'wide', type: T.decimal(30, 2), value: 9n * 10n ** 25n }])).toEqual([0]);
    expect(kept([{ op: 'eq', column: 's', type: T.varchar, value: 'key25' }])).toEqual([2]);
    expect(kept([{ op: 'ge', column: 's', type: T.varchar, value: 'key3' }])).toEqual([3]);
    expect(kept([{ op: 'lt', column: 'dt', type: T.date, value: 18010 }])).toEqual([0]);
    expect(kept([{ op: 'gt', column: 'ts', type: { kind: 'timestamp', precision: 6 }, value: 29e6 }])).toEqual([3]);
    expect(kept([{ op: 'isNull', column: 'd', type: T.double }])).toEqual([0, 1, 2, 3]);
    expect(kept([{ op: 'isNull', column: 'i', type: T.integer }])).toEqual([]);
    expect(kept([{ op: 'eq', column: 'missing', type: T.integer, value: 1 }])).toEqual([0, 1, 2, 3]);
    const r = pruneRowGroups(md, [{ op: 'eq', column: 'i', type: T.integer, value: 15 }, { op: 'eq', column: 's', type: T.varchar, value: 'key15' }]);
    expect(r).toEqual({ kept: [1], skipped: [0, 2, 3], keptRows: 10, skippedRows: 30 });
  });

  it('never skips a row group that holds a matching row (1,000 random predicates)', async () => {
    const rnd = prng(4242);
    const strs = ['', 'a', 'ab', 'b', 'é', 'z', '😀', 'Z', 'a\u0000'];
    const rows: Value[][] = [];
    for (let k = 0; k < 200; k++) {
      const n = rnd.next() < 0.1;
      rows.push([
        n ? null : rnd.int(1000) - 500, n ? null : BigInt(rnd.int(9e8)) * 9_999_999_967n, n ? null : BigInt(rnd.int(2e6)) - 1_000_000n,
        n ? null : BigInt(rnd.int(1e9)) * 10n ** 20n + 7n, n ? null : rnd.pick(strs) + rnd.pick(strs), n ? null : rnd.int(3000),
        n ? null : rnd.int(1e9) * 1000 + 1, n ? null : rnd.next() * 100 - 50,
      ]);
    }
    const bytes = writeParquet(COLS, [batchFromRows(COLS.map((c) => c.type), rows)], { rowGroupSize: 1 + rnd.int(30) });
    const md = await readParquetMetadata('s3://b/p.parquet', bytesReader(bytes));
    const sizes = md.row_groups.map((g) => Number(g.num_rows));
    let skippedSome = 0;
    for (let t = 0; t < 1000; t++) {
      const j = rnd.int(COLS.length);
      const c = COLS[j]!;
      const pickLit = (): Literal => {
        const v = rows[rnd.int(rows.length)]![j];
        if (v === null) return c.type.kind === 'varchar' ? rnd.pick(strs) : 0;
        return rnd.next() < 0.5 ? (v as Literal) : typeof v === 'string' ? v + rnd.pick(strs) : typeof v === 'bigint' ? v + 1n : (v as number) + 0.5;
      };
      const op = rnd.pick(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'between', 'isNull', 'isNotNull'] as const);
      let p: ColumnPredicate;
      if (op === 'in') p = { op, column: c.name, type: c.type, values: [pickLit(), pickLit()] };
      else if (op === 'between') p = { op, column: c.name, type: c.type, low: pickLit(), high: pickLit() };
      else if (op === 'isNull' || op === 'isNotNull') p = { op, column: c.name, type: c.type };
      else p = { op, column: c.name, type: c.type, value: pickLit() };
      // Integer columns compare with integral literals only (the binder casts others).
      if (c.type.kind === 'integer' || c.type.kind === 'date') {
        const fix = (l: Literal) => (typeof l === 'number' ? Math.floor(l) : l);
        if ('value' in p) p = { ...p, value: fix(p.value) };
        if (p.op === 'in') p = { ...p, values: p.values.map(fix) };
        if (p.op === 'between') p = { ...p, low: fix(p.low), high: fix(p.high) };
      }
      const res = pruneRowGroups(md, [p]);
      let start = 0;
      sizes.forEach((n, g) => {
        const matches = rows.slice(start, start + n).some((r) => holds(p, r[j]!));
        if (matches) expect(res.kept, `${formatPredicate(p)} group ${g}`).toContain(g);
        start += n;
      });
      skippedSome += res.skipped.length;
    }
    expect(skippedSome).toBeGreaterThan(0);
  });
});

describe('pruning on BYTE_ARRAY decimals', () => {
  it('compares the raw big-endian statistics exactly', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/formats/binary-decimal.parquet')));
    const md = await readParquetMetadata('s3://b/binary-decimal.parquet', bytesReader(bytes));
    const t = T.decimal(32, 4);
    const max = 123456789012345678901234567n, min = -(10n ** 30n) + 1n;
    const kept = (p: ColumnPredicate) => pruneRowGroups(md, [p]).kept;
    expect(kept({ op: 'gt', column: 'amount', type: t, value: max })).toEqual([]);
    expect(kept({ op: 'ge', column: 'amount', type: t, value: max })).toEqual([0]);
    expect(kept({ op: 'lt', column: 'AMOUNT', type: t, value: min })).toEqual([]);
    expect(kept({ op: 'le', column: 'amount', type: t, value: min })).toEqual([0]);
    // A table declared with a larger scale compares after rescaling the statistics.
    const t6 = T.decimal(34, 6);
    expect(kept({ op: 'gt', column: 'amount', type: t6, value: max * 100n })).toEqual([]);
    expect(kept({ op: 'gt', column: 'amount', type: t6, value: max * 100n - 1n })).toEqual([0]);
  });
});
