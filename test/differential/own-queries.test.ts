/**
 * Hand-written queries over TPC-H SF 0.01 and small hand-made tables (NULLs, negatives, empty
 * strings, duplicate and NULL join keys, an empty table), run in aegis and in DuckDB on the same
 * rows and compared. Where Trino's semantics differ from DuckDB's, the query carries a DuckDB text
 * that computes Trino's answer (see the comment at each such query).
 *
 * One `it` per query, named `<id> <behaviour>`; queries the engine still gets wrong are listed in
 * KNOWN_GAPS and run as `it.fails`, so a fix turns them red until they leave the map.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSwapCount, setJoinSwap } from '../../src/exec/operators/hash-join-operator.js';
import { DiffEnv } from './diff-fixture.js';
import { expectSameAnswer, type DiffQuery } from './diff-query.js';
import { AGGREGATE_QUERIES } from './queries-aggregates.js';
import { EDGE_RELATIONAL_QUERIES } from './queries-edge-relational.js';
import { EDGE_SCALAR_QUERIES } from './queries-edge-scalar.js';
import { JOIN_QUERIES } from './queries-joins.js';
import { LARGE_QUERIES } from './queries-large.js';
import { REWRITE_QUERIES } from './queries-rewrites.js';
import { SCALAR_QUERIES } from './queries-scalar.js';
import { SUBQUERY_QUERIES } from './queries-subqueries.js';
import { TRINO_SPECIFIC_QUERIES } from './queries-trino-specific.js';
import { TYPED_QUERIES } from './queries-typed.js';
import { WINDOW_QUERIES } from './queries-windows.js';
import { SMALL_TABLES } from './small-tables.js';

/**
 * Query id → what aegis did instead (error or first differing row). Each runs as `it.fails`;
 * remove an entry once its query passes.
 */
const KNOWN_GAPS: ReadonlyMap<string, string> = new Map<string, string>([]);

const GROUPS: readonly [string, readonly DiffQuery[]][] = [
  ['joins', JOIN_QUERIES],
  ['aggregates and grouping', AGGREGATE_QUERIES],
  ['window functions', WINDOW_QUERIES],
  ['subqueries, set operations, CTEs, UNNEST', SUBQUERY_QUERIES],
  ['scalar expressions, strings, ordering and limits', SCALAR_QUERIES],
  ['dates, decimals, numbers and casts', TYPED_QUERIES],
  ['edge cases of joins, grouping and set operations', EDGE_RELATIONAL_QUERIES],
  ['edge cases of frames, decimals, strings and dates', EDGE_SCALAR_QUERIES],
  ['large inputs (many batches, chunks and groups)', LARGE_QUERIES],
  ['Trino-specific types, functions and clauses', TRINO_SPECIFIC_QUERIES],
  ['optimizer rewrites, lazy evaluation and errors', REWRITE_QUERIES],
];

let env: DiffEnv;

beforeAll(async () => {
  env = await DiffEnv.open();
  await env.loadTpch(0.01);
  for (const t of SMALL_TABLES) await env.load(t);
}, 600_000);

afterAll(() => env?.close());

describe('own differential queries', () => {
  it('has unique ids, at least 150 queries, and no stale KNOWN_GAPS entry', () => {
    const ids = GROUPS.flatMap(([, qs]) => qs.map((q) => q.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(150);
    for (const id of KNOWN_GAPS.keys()) expect(ids, `KNOWN_GAPS entry ${id}`).toContain(id);
  });

  for (const [group, queries] of GROUPS) {
    describe(group, () => {
      for (const q of queries) {
        (KNOWN_GAPS.has(q.id) ? it.fails : it)(`${q.id} ${q.name}`, () => expectSameAnswer(env, q), 120_000);
      }
    });
  }
});

describe('own differential queries, every INNER hash join building its left side when that side ends first', () => {
  // The swap that builds the smaller side, forced on every inner hash join with a non-empty
  // right side: it must not change an answer.
  let before = 0;
  beforeAll(() => {
    before = joinSwapCount();
    setJoinSwap({ buildRows: 0, probeRows: Number.POSITIVE_INFINITY });
  });
  afterAll(() => setJoinSwap({ buildRows: 200_000, probeRows: 200_000 }));
  for (const [group, queries] of GROUPS.filter(([g]) => /join|subquer|large|rewrite/.test(g))) {
    describe(group, () => {
      for (const q of queries) {
        (KNOWN_GAPS.has(q.id) ? it.fails : it)(`${q.id} ${q.name}`, () => expectSameAnswer(env, q), 120_000);
      }
    });
  }
  it('swapped the sides of many joins', () => {
    expect(joinSwapCount() - before).toBeGreaterThan(20);
  });
});
