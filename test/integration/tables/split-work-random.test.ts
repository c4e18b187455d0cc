/**
 * Random filters, projections and aggregates over an object table (Parquet, four objects, read on
 * two worker threads) answer the same with split work — the expressions carried to the splits in
 * portable form, their functions resolved again on the worker, partial states merged — as with
 * everything on the coordinator. AEGIS_FUZZ_CASES=N runs more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AegisRuntime } from '../../../src/api/open-engine.js';
import { isAegisError } from '../../../src/errors.js';
import { setSplitWork } from '../../../src/exec/push-split-work.js';
import { Gen, Rng, rows, type K } from '../../util/awkward-sql-gen.js';
import { compareResults } from '../../util/compare-results.js';
import { canonResult } from './tpch-compare.js';
import { openLocal } from './tpch-fixture.js';

const CASES = Number(process.env.AEGIS_FUZZ_CASES ?? 150);
const dir = mkdtempSync(join(tmpdir(), 'aegis-split-random-'));
let rt: AegisRuntime;

beforeAll(async () => {
  // Every scan on the pool, however small.
  rt = openLocal(dir, 2, { inlineScanBytes: 0 });
  const rng = new Rng(20261208);
  const values = (): string => `(VALUES ${rows(rng, 500)}) AS v(i1, i2, b1, d1, d2, x1, s1, s2, f1, dt)`;
  await rt.engine.execute(`CREATE TABLE t WITH (format = 'PARQUET') AS SELECT * FROM ${values()}`);
  for (let i = 0; i < 3; i++) await rt.engine.execute(`INSERT INTO t SELECT * FROM ${values()}`);
}, 120_000);

afterAll(async () => {
  setSplitWork(true);
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Outcome = { error: string } | { r: Awaited<ReturnType<AegisRuntime['engine']['execute']>> };

async function outcome(sql: string, splitWork: boolean): Promise<Outcome> {
  setSplitWork(splitWork);
  try {
    return { r: await rt.engine.execute(sql) };
  } catch (err) {
    if (isAegisError(err)) return { error: err.code };
    throw err;
  } finally {
    setSplitWork(true);
  }
}

describe('split work equals the coordinator on random SQL', () => {
  it(`${CASES} random filters, projections and aggregates`, async () => {
    const rng = new Rng(11);
    const g = new Gen(rng);
    const report: string[] = [];
    let errors = 0;
    let pushed = 0;
    for (let c = 0; c < CASES; c++) {
      const sql = rng.pick([
        () => `SELECT i1, s1, ${g.expr(rng.pick<K>(['int', 'big', 'dec', 'dbl', 'str', 'date']), 2)} FROM t WHERE ${g.expr('bool', 3)}`,
        () => `SELECT count(*), count(i1), sum(d1), max(s2) FROM t WHERE ${g.expr('bool', 3)}`,
        () => `SELECT s2, f1, count(*), sum(${g.expr(rng.pick(['int', 'big', 'dec']), 2)}), avg(${g.expr(rng.pick(['int', 'dec', 'dbl']), 2)}), max(${g.expr('dec', 1)}), min(${g.expr('date', 1)}) FROM t GROUP BY s2, f1`,
        () => `SELECT ${g.expr(rng.pick(['int', 'dec', 'str', 'dbl']), 2)} AS k, count(*) FILTER (WHERE ${g.expr('bool', 2)}), sum(${g.expr('dbl', 2)}), count_if(${g.expr('bool', 1)}) FROM t WHERE ${g.expr('bool', 2)} GROUP BY 1`,
      ])();
      const [work, coordinator] = [await outcome(sql, true), await outcome(sql, false)];
      if ('error' in work || 'error' in coordinator) {
        errors++;
        // Both fail (which failing row comes first may differ, so the codes may too).
        if (!('error' in work && 'error' in coordinator) && report.length < 5) report.push(`${sql}\n  split work: ${'error' in work ? work.error : 'rows'}\n  coordinator: ${'error' in coordinator ? coordinator.error : 'rows'}`);
        continue;
      }
      if ((work.r.stats.splitsAggregated ?? 0) + (work.r.stats.splitsFiltered ?? 0) > 0) pushed++;
      const diff = compareResults(canonResult(work.r).rows, canonResult(coordinator.r).rows, false);
      if (diff !== null && report.length < 5) report.push(`${sql}\n  ${diff}`);
    }
    expect(report.join('\n\n')).toBe('');
    // The generator exercises answers and failures, and the splits really did the work.
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(CASES / 2);
    expect(pushed).toBeGreaterThan(CASES / 2);
    console.log(`split work vs coordinator: ${CASES} cases, ${errors} failing in both, ${pushed} run in the splits`);
  }, 600_000);
});
