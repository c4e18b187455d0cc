/**
 * One differential query: Trino SQL for aegis, optionally a DuckDB text computing Trino's answer
 * where the two dialects differ ("Trino wins"), and how to compare.
 */
import { expect } from 'vitest';
import { formatType } from '../../src/types/sql-type.js';
import { alignExpected, canonResult } from '../integration/tables/tpch-compare.js';
import { compareResults } from '../util/compare-results.js';
import type { DiffEnv } from './diff-fixture.js';

export interface DiffQuery {
  /** Stable id (`J01`, `A12` …), used by KNOWN_GAPS. */
  id: string;
  /** The behaviour under test, as the test's name. */
  name: string;
  /** Trino SQL run by aegis (and by DuckDB unless `duck` is given). */
  sql: string;
  /** DuckDB text computing Trino's answer; the comment at the query says why it differs. */
  duck?: string;
  /** Trino fails this query: aegis must throw an AegisError with this code (DuckDB is not asked). */
  error?: string;
  /** Rows compared in order: the query's ORDER BY is total. Otherwise compared as multisets. */
  ordered?: boolean;
  /**
   * Trino's result column types (formatType). A RegExp accepts a family (e.g. any precision of
   * a decimal whose scale is fixed by Trino's rules).
   */
  types?: (string | RegExp)[];
}

/**
 * Runs `q` in both engines and asserts aegis's answer equals DuckDB's (exact decimals and
 * integers, doubles within 1e-9 relative; a DuckDB double where aegis answers decimal(p, s) is
 * rounded HALF_UP to s first, as Trino would have computed it exactly).
 */
export async function expectSameAnswer(env: DiffEnv, q: DiffQuery): Promise<void> {
  if (q.error !== undefined) {
    await expect(env.engine.execute(q.sql), `${q.id} must fail`).rejects.toMatchObject({ code: q.error });
    return;
  }
  const result = await env.engine.execute(q.sql);
  const actual = canonResult(result);
  const types = result.columns.map((c) => c.type);
  if (q.types) {
    const got = types.map(formatType);
    expect(got.length, `${q.id} column count`).toBe(q.types.length);
    q.types.forEach((t, i) => {
      if (typeof t === 'string') expect(got[i], `${q.id} type of column ${i + 1}`).toBe(t);
      else expect(got[i], `${q.id} type of column ${i + 1}`).toMatch(t);
    });
  }
  const expected = alignExpected(await env.duckAnswer(q.duck ?? q.sql), actual.rows, types);
  if (expected.length > 0) expect(actual.columns.length, `${q.id} column count`).toBe(expected[0]!.length);
  expect(compareResults(actual.rows, expected, q.ordered ?? false), `${q.id} differs from DuckDB`).toBeNull();
}
