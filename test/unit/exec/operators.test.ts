/**
 * Operators over hand-built plans (no parser, no registry aggregates): hash join semantics
 * (NULL keys, null-aware marks, outer sides), hash aggregation with grouping sets and a
 * test accumulator, window frames, key encoding and ordering of special values.
 */
import { describe, expect, it } from 'vitest';
import { executePlan, executeToRows } from '../../../src/exec/execute-plan.js';
import { columnGet } from '../../../src/types/batch.js';
import { newScanStats } from '../../../src/exec/exec-context.js';
import { encodeKey, encodeValue } from '../../../src/exec/key-encoding.js';
import { MemoryTable } from '../../../src/exec/memory-table.js';
import { compareNullable } from '../../../src/types/compare.js';
import { frameOf, type PartitionShape } from '../../../src/exec/window-frame.js';
import type { Accumulator, ResolvedAggregate } from '../../../src/functions/registry.js';
import { resolveAggregate, resolveScalar } from '../../../src/functions/registry.js';
import type { BoundExpr, PlanColumn } from '../../../src/plan/bound-expr.js';
import type { JoinType, LogicalPlan } from '../../../src/plan/logical/plan-node.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const INT: SqlType = { kind: 'integer' };
const BIGINT: SqlType = { kind: 'bigint' };
const BOOL: SqlType = { kind: 'boolean' };
let nextId = 1;
const col = (name: string, type: SqlType = INT): PlanColumn => ({ id: nextId++, name, type });
const ref = (c: PlanColumn): BoundExpr => ({ kind: 'column', id: c.id, name: c.name, type: c.type });
const konst = (v: Value, type: SqlType = INT): BoundExpr => ({ kind: 'const', type, value: v });

function values(names: string[], rows: Value[][]): LogicalPlan {
  const columns = names.map((n) => col(n));
  return { kind: 'values', columns, rows: rows.map((r) => r.map((v) => konst(v))) };
}

const run = (p: LogicalPlan) =>
  executeToRows(p, {
    eval: { sessionTimeZone: 'UTC', now: new Date(0), random: () => 0.5 },
    params: [],
    outer: new Map(),
    stats: newScanStats(),
  });

function join(type: JoinType, l: LogicalPlan, r: LogicalPlan, extra: Partial<Extract<LogicalPlan, { kind: 'join' }>> = {}): LogicalPlan {
  const mark = type === 'mark' ? col('$mark', BOOL) : undefined;
  const columns = type === 'semi' || type === 'anti' ? l.columns : type === 'mark' ? [...l.columns, mark!] : [...l.columns, ...r.columns];
  return {
    kind: 'join',
    joinType: type,
    left: l,
    right: r,
    columns,
    equi: [{ left: ref(l.columns[0]!), right: ref(r.columns[0]!) }],
    ...(mark ? { mark } : {}),
    ...extra,
  };
}

const sortRows = (rows: Value[][]) => rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))).sort();

describe('hash join', () => {
  const L = () => values(['k', 'a'], [[1, 10], [2, 20], [null, 30]]);
  const R = () => values(['k', 'b'], [[1, 100], [1, 101], [null, 300], [4, 400]]);

  it('inner join never matches NULL keys', async () => {
    expect(sortRows(await run(join('inner', L(), R())))).toEqual(sortRows([[1, 10, 1, 100], [1, 10, 1, 101]]));
  });

  it('full join keeps unmatched rows of both sides, NULL keys included', async () => {
    expect(sortRows(await run(join('full', L(), R())))).toEqual(
      sortRows([
        [1, 10, 1, 100],
        [1, 10, 1, 101],
        [2, 20, null, null],
        [null, 30, null, null],
        [null, null, null, 300],
        [null, null, 4, 400],
      ]),
    );
  });

  it('semi and anti joins emit each left row at most once', async () => {
    expect(await run(join('semi', L(), R()))).toEqual([[1, 10]]);
    expect(sortRows(await run(join('anti', L(), R())))).toEqual(sortRows([[2, 20], [null, 30]]));
  });

  it('null-aware mark join gives IN semantics', async () => {
    const rows = await run(join('mark', L(), R(), { nullAware: true }));
    // 1 IN (1, 1, NULL, 4) = true; 2 IN (…, NULL) = NULL; NULL IN (non-empty) = NULL.
    expect(sortRows(rows)).toEqual(sortRows([[1, 10, true], [2, 20, null], [null, 30, null]]));
    const empty = values(['k'], []);
    expect(sortRows(await run(join('mark', L(), empty, { nullAware: true })))).toEqual(
      sortRows([[1, 10, false], [2, 20, false], [null, 30, false]]),
    );
  });

  it('residual conditions filter matched pairs; LEFT keeps rows whose pairs all failed', async () => {
    const l = L();
    const r = R();
    const gt = resolveScalar('$gt', [INT, INT]);
    const residual: BoundExpr = { kind: 'call', type: BOOL, fn: gt, args: [ref(r.columns[1]!), konst(100)] };
    expect(sortRows(await run(join('left', l, r, { residual })))).toEqual(
      sortRows([[1, 10, 1, 101], [2, 20, null, null], [null, 30, null, null]]),
    );
  });
});

/** A sum accumulator written against the Accumulator contract (integers only). */
const testSum: ResolvedAggregate = {
  name: 'test_sum',
  returnType: BIGINT,
  argTypes: [INT],
  orderSensitive: false,
  create(): Accumulator {
    let s: bigint | null = null;
    return {
      add: (args) => {
        if (args[0] !== null) s = (s ?? 0n) + BigInt(args[0] as number);
      },
      merge: () => {},
      result: () => s,
      save: () => s,
    };
  },
  load: () => {
    throw new Error('unused');
  },
};

describe('hash aggregate', () => {
  it('computes grouping sets with NULL for absent keys and a grand total over empty input', async () => {
    const input = values(['g', 'h', 'v'], [[1, 1, 5], [1, 2, 6], [2, 1, 7]]);
    const [g, h, v] = input.columns as [PlanColumn, PlanColumn, PlanColumn];
    const node: LogicalPlan = {
      kind: 'aggregate',
      input,
      keys: [ref(g), ref(h)],
      groupingSets: [[0, 1], [0], []],
      aggregates: [{ fn: testSum, args: [ref(v)], distinct: false }],
      columns: [col('g'), col('h'), col('s', BIGINT), col('set')],
      setIndexColumn: col('set'),
    };
    expect(sortRows(await run(node))).toEqual(
      sortRows([
        [1, 1, 5n, 0],
        [1, 2, 6n, 0],
        [2, 1, 7n, 0],
        [1, null, 11n, 1],
        [2, null, 7n, 1],
        [null, null, 18n, 2],
      ].map((r) => r)),
    );
    const empty = values(['g', 'h', 'v'], []);
    const onEmpty: LogicalPlan = { ...(node as Extract<LogicalPlan, { kind: 'aggregate' }>), input: empty, keys: [ref(empty.columns[0]!), ref(empty.columns[1]!)], aggregates: [{ fn: testSum, args: [ref(empty.columns[2]!)], distinct: false }] };
    expect(await run(onEmpty)).toEqual([[null, null, null, 2]]);
  });

  it('DISTINCT aggregates add each argument tuple once per group', async () => {
    const input = values(['g', 'v'], [[1, 5], [1, 5], [1, 6]]);
    const node: LogicalPlan = {
      kind: 'aggregate',
      input,
      keys: [ref(input.columns[0]!)],
      aggregates: [{ fn: testSum, args: [ref(input.columns[1]!)], distinct: true }],
      columns: [col('g'), col('s', BIGINT)],
    };
    expect(await run(node)).toEqual([[1, 11n]]);
  });
});

describe('memory table', () => {
  it('prunes chunks by min/max for inexact comparison filters', async () => {
    const t = new MemoryTable([{ name: 'x', type: INT }], 2);
    t.append([[1], [2], [3], [4], [5]]);
    const gt = resolveScalar('$gt', [INT, INT]);
    const f: BoundExpr = { kind: 'call', type: BOOL, fn: gt, args: [{ kind: 'column', id: 0, name: 'x', type: INT }, konst(3)] };
    expect(t.supportsFilter(f)).toBe('inexact');
    const splits = await t.planSplits({ columns: [0], filters: [f] });
    expect(splits.map((s) => s['chunk'])).toEqual([1, 2]);
    expect(t.explain({ columns: [0], filters: [f] })).toBe('chunks: 1/3 pruned');
  });
});

describe('window frames', () => {
  const shape = (n: number): PartitionShape => ({
    n,
    peerStart: Int32Array.from({ length: n }, (_, i) => i),
    peerEnd: Int32Array.from({ length: n }, (_, i) => i),
    group: Int32Array.from({ length: n }, (_, i) => i),
    groupStart: Array.from({ length: n }, (_, i) => i),
  });
  it('clamps ROWS frames to the partition', () => {
    const frame = { mode: 'rows' as const, start: { type: 'preceding' as const }, end: { type: 'following' as const } };
    expect(frameOf(frame, [2, 1], 0, shape(5))).toEqual([0, 1]);
    expect(frameOf(frame, [2, 1], 4, shape(5))).toEqual([2, 4]);
  });
  it('finds RANGE offset bounds by key value, NULL keys apart', () => {
    const s = shape(5);
    s.rangeKey = [1, 2, 4, 7, null];
    s.ascending = true;
    const frame = { mode: 'range' as const, start: { type: 'preceding' as const }, end: { type: 'current_row' as const } };
    expect(frameOf(frame, [2, 0], 2, s)).toEqual([1, 2]);
    expect(frameOf(frame, [2, 0], 3, s)).toEqual([3, 3]);
    expect(frameOf(frame, [2, 0], 4, s)).toEqual([4, 4]);
  });
});

describe('keys and ordering', () => {
  it('encodes -0 and 0, and all NaNs, as one key; distinguishes types of equal text', () => {
    expect(encodeValue(-0)).toBe(encodeValue(0));
    expect(Number.isNaN(encodeValue(NaN))).toBe(true);
    expect(encodeKey([1])).not.toBe(encodeKey(['1']));
    expect(encodeKey([1n])).not.toBe(encodeKey([1]));
    expect(encodeKey([null, 'a'])).not.toBe(encodeKey(['a', null]));
  });
  it('orders NaN above other doubles and places NULLs as asked', () => {
    expect(compareNullable(NaN, Infinity, false)).toBe(1);
    expect(compareNullable(null, 1, false)).toBe(1);
    expect(compareNullable(null, 1, true)).toBe(-1);
  });
});

describe('typed columns through window and set operations', () => {
  // A table scan over typed chunks: BIGINT beyond 2^52, DOUBLE with -0 and NaN, and NULLs.
  const table = (rows: Value[][]): LogicalPlan => {
    const t = new MemoryTable(
      [
        { name: 'k', type: BIGINT },
        { name: 'd', type: { kind: 'double' } },
      ],
      3,
    );
    t.append(rows);
    return { kind: 'scan', table: 't', source: t, ordinals: [0, 1], pushedFilters: [], columns: [col('k', BIGINT), col('d', { kind: 'double' })] };
  };
  const batches = async (p: LogicalPlan) => {
    const out = [];
    for await (const b of executePlan(p, { eval: { sessionTimeZone: 'UTC', now: new Date(0), random: () => 0.5 }, params: [], outer: new Map(), stats: newScanStats() })) out.push(b);
    return out;
  };
  const big = 9007199254740993n;

  it('set operations emit the input rows in typed columns, keyed as GROUP BY keys them', async () => {
    const left = table([[big, 0], [big - 1n, -0], [null, NaN], [big, NaN], [big, 0]]);
    const right = table([[big, -0], [null, NaN]]);
    for (const [op, all, expected] of [
      ['union', false, [[big, 0], [big - 1n, -0], [null, NaN], [big, NaN]]],
      ['intersect', false, [[big, 0], [null, NaN]]],
      ['except', false, [[big - 1n, -0], [big, NaN]]],
      ['except', true, [[big - 1n, -0], [big, NaN], [big, 0]]],
    ] as const) {
      const node: LogicalPlan = { kind: 'setop', op, all, inputs: [left, right], columns: [col('k', BIGINT), col('d', { kind: 'double' })] };
      const out = await batches(node);
      for (const b of out) expect(b.columns.map((c) => c.kind)).toEqual(['i64', 'f64']);
      const rows = out.flatMap((b) => Array.from({ length: b.length }, (_, i) => b.columns.map((c) => columnGet(c, i))));
      expect(rows).toEqual(expected);
    }
  });

  it('a window emits its input columns and a BIGINT call column typed, partitioned by typed keys', async () => {
    const input = table([[big, 1], [big - 1n, 2], [big, 3], [null, 4], [big, 5], [null, 6], [big - 1n, -0]]);
    const [k, d] = input.columns as [PlanColumn, PlanColumn];
    const count = resolveAggregate('count', [BIGINT]);
    const node: LogicalPlan = {
      kind: 'window',
      input,
      partitionBy: [ref(k)],
      orderBy: [{ expr: ref(d), ascending: false, nullsFirst: false }],
      calls: [
        {
          column: col('c', BIGINT),
          frame: { mode: 'rows', start: { type: 'unbounded_preceding' }, end: { type: 'current_row' } },
          aggregate: { fn: count, args: [ref(k)], distinct: false },
        },
      ],
      columns: [col('k', BIGINT), col('d', { kind: 'double' }), col('c', BIGINT)],
    };
    const out = await batches(node);
    for (const b of out) expect(b.columns.map((c) => c.kind)).toEqual(['i64', 'f64', 'i64']);
    const rows = out.flatMap((b) => Array.from({ length: b.length }, (_, i) => b.columns.map((c) => columnGet(c, i))));
    // Partitions in order of first appearance; rows by d descending; count(k) skips NULL keys.
    expect(rows).toEqual([
      [big, 5, 1n],
      [big, 3, 2n],
      [big, 1, 3n],
      [big - 1n, 2, 1n],
      [big - 1n, -0, 2n],
      [null, 6, 0n],
      [null, 4, 0n],
    ]);
  });
});
