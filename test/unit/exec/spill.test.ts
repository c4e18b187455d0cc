/**
 * The per-query memory budget and encrypted spilling: spill files round-trip every value type,
 * hold no plaintext, refuse tampering and disappear with their query; operators that can spill
 * answer exactly as without a budget, and those that cannot fail with EXCEEDED_MEMORY_LIMIT.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/api/engine.js';
import { isAegisError } from '../../../src/errors.js';
import { SpillSpace, sweepSpillRoot } from '../../../src/exec/spill.js';
import type { Value } from '../../../src/types/value.js';

const root = mkdtempSync(join(tmpdir(), 'aegis-spill-test-'));
afterAll(() => sweepSpillRoot(root));

describe('spill files', () => {
  it('round-trip every runtime value type, sealed', () => {
    const space = new SpillSpace(root);
    const f = space.file();
    const rows: Value[][] = [
      [null, true, 1, 2.5, -0, 12345678901234567890n, 'secret_value_0001', new Uint8Array([1, 2, 3])],
      [[1, 'x', null], { keys: ['k'], values: [1] }, { micros: 5, zone: 'UTC' }, Number.NaN, '', false, -1n, 'é'],
    ];
    f.append(rows);
    f.append([[1], [2]]);
    const bytes = readFileSync(f.path);
    expect(bytes.includes(Buffer.from('secret_value_0001'))).toBe(false);
    const back = [...f.read()];
    expect(back).toHaveLength(2);
    expect(back[0]).toEqual(rows);
    expect(Object.is(back[0]![0]![4], -0)).toBe(true);
    expect(back[1]).toEqual([[1], [2]]);
    space.close();
    expect(existsSync(f.path)).toBe(false);
  });

  it('refuses a frame altered on disk', () => {
    const space = new SpillSpace(root);
    const f = space.file();
    f.append([['abc', 1]]);
    const bytes = readFileSync(f.path);
    bytes[bytes.length - 20] ^= 1;
    writeFileSync(f.path, bytes);
    expect(() => [...f.read()]).toThrow(/altered/);
    space.close();
  });

  it('sweeps directories of processes that are gone, not its own', () => {
    const dead = join(root, '999999999-abcdef');
    mkdirSync(dead, { recursive: true });
    writeFileSync(join(dead, '0.spill'), 'x');
    const space = new SpillSpace(root);
    space.file();
    const mine = readdirSync(root).filter((n) => n.startsWith(`${process.pid}-`));
    expect(sweepSpillRoot(root)).toBeGreaterThanOrEqual(1);
    expect(existsSync(dead)).toBe(false);
    for (const m of mine) expect(existsSync(join(root, m))).toBe(true);
    space.close();
  });
});

/** Runs a query with rows streamed to the test (outside the budget); reads spill files mid-query. */
async function run(engine: Engine, sql: string): Promise<{ rows: Value[][]; stats: Record<string, number>; spilled: Buffer[] }> {
  const rows: Value[][] = [];
  const spilled: Buffer[] = [];
  const r = await engine.execute(sql, {
    keepRows: false,
    sink: {
      columns: async () => undefined,
      rows: async (batch) => {
        if (rows.length === 0) for (const p of paths.splice(0)) if (existsSync(p)) spilled.push(readFileSync(p));
        rows.push(...batch);
      },
    },
  });
  return { rows, stats: r.stats, spilled };
}

const paths: string[] = [];
const small = () => new Engine({ maxQueryMemory: 2 * 1024 * 1024, spillDir: root, onSpillFile: (p) => paths.push(p) });
/** 40,000 rows: x in 1..40000, a distinct name per row. */
const SEQ = `(SELECT (i - 1) * 200 + j AS x FROM UNNEST(sequence(1, 200)) a(i) CROSS JOIN UNNEST(sequence(1, 200)) b(j))`;
const NAMES = `SELECT x, 'name_' || lpad(CAST(x AS varchar), 6, '0') AS s, x % 7 AS m FROM ${SEQ}`;

describe('memory budget', () => {
  it('sort spills sorted runs and merges them exactly (stable, DESC, NULLs)', async () => {
    const sql = `SELECT s, m, CASE WHEN x % 5 = 0 THEN NULL ELSE x % 13 END AS n FROM (${NAMES}) ORDER BY m, n DESC NULLS FIRST`;
    const want = await run(new Engine(), sql);
    const got = await run(small(), sql);
    expect(got.stats.spillFiles).toBeGreaterThan(1);
    expect(got.rows).toEqual(want.rows);
    expect(got.spilled.length).toBeGreaterThan(0);
    for (const b of got.spilled) expect(b.includes(Buffer.from('name_0'))).toBe(false);
    expect(readdirSync(root).filter((n) => n.startsWith(`${process.pid}-`))).toEqual([]);
  });

  it('a collecting aggregate counts its rows: a little past the budget it finishes (one global row), far past it fails', async () => {
    const sql = `SELECT count(*) AS n, cardinality(array_agg(x)) AS c, max(s) AS hi FROM (${NAMES})`;
    const want = await run(new Engine(), sql);
    const near = await run(new Engine({ maxQueryMemory: 3.1 * 1024 * 1024, spillDir: root }), sql);
    expect(near.rows).toEqual(want.rows);
    expect(want.rows).toEqual([[40_000n, 40_000n, 'name_040000']]);
    const e = await run(new Engine({ maxQueryMemory: 1024 * 1024, spillDir: root }), sql).catch((x: unknown) => x);
    expect(isAegisError(e, 'EXCEEDED_MEMORY_LIMIT')).toBe(true);
    expect((e as Error).message).toMatch(/in Aggregation/);
  });

  it('a TopN buffer past the budget hands over to the external sort and keeps the exact order', async () => {
    const sql = `SELECT s, m, x FROM (${NAMES}) ORDER BY m DESC, x % 10 OFFSET 7 LIMIT 30000`;
    const want = await run(new Engine(), sql);
    const got = await run(small(), sql);
    expect(got.stats.spillFiles).toBeGreaterThan(0);
    expect(got.rows.length).toBe(30_000);
    expect(got.rows).toEqual(want.rows);
  });

  it('a result buffer past the budget is EXCEEDED_MEMORY_LIMIT naming it', async () => {
    const e = await small().execute(NAMES).catch((x: unknown) => x);
    expect(isAegisError(e, 'EXCEEDED_MEMORY_LIMIT')).toBe(true);
    expect((e as Error).message).toMatch(/result buffer/);
  });

  /** Rows in a canonical order (spilled groups come out partition by partition). */
  const canon = (rows: Value[][]): string[] => rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).sort();

  /** Runs `sql` unbounded and under 2 MiB: same rows (any order), spill files without plaintext. */
  const spillsAndAnswersAsUnbounded = async (sql: string): Promise<void> => {
    const want = await run(new Engine(), sql);
    const got = await run(small(), sql);
    expect(got.stats.spillFiles, sql).toBeGreaterThan(0);
    expect(got.rows.length, sql).toBe(want.rows.length);
    expect(canon(got.rows), sql).toEqual(canon(want.rows));
    for (const b of got.spilled) expect(b.includes(Buffer.from('name_0'))).toBe(false);
  };

  it('hash aggregation (vectorized) spills groups it cannot hold to partitions and answers exactly', async () => {
    for (const sql of [
      `SELECT s, count(*) AS c, sum(x) AS t, avg(x) AS a, min(m) AS lo, max(s) AS hi FROM (${NAMES}) GROUP BY s`,
      `SELECT s, m, sum(x) FILTER (WHERE x % 2 = 0) AS e FROM (${NAMES}) WHERE x % 3 <> 0 GROUP BY s, m`,
      `SELECT DISTINCT s, m FROM (${NAMES})`,
      `SELECT m, count(DISTINCT s) AS d, max(DISTINCT s) AS hi FROM (${NAMES}) GROUP BY m`,
    ]) {
      await spillsAndAnswersAsUnbounded(sql);
    }
    expect(readdirSync(root).filter((n) => n.startsWith(`${process.pid}-`))).toEqual([]);
  });

  it('hash aggregation (grouping sets, DISTINCT, ordered aggregates) spills and answers exactly', async () => {
    const sql =
      `SELECT s, m, count(DISTINCT x % 11) AS d, array_agg(x ORDER BY x DESC) FILTER (WHERE x % 1000 = 0) AS xs, grouping(s, m) AS g ` +
      `FROM (${NAMES}) GROUP BY GROUPING SETS ((s), (m), ())`;
    const want = await run(new Engine(), sql);
    const got = await run(small(), sql);
    expect(got.stats.spillFiles).toBeGreaterThan(0);
    expect(got.rows.length).toBe(40_000 + 7 + 1);
    expect(canon(got.rows)).toEqual(canon(want.rows));
  });

  it('hash join (every join type but mark) partitions both sides to disk past the budget and answers exactly', async () => {
    const A = `(${NAMES}) a`;
    const B = `(${NAMES}) b`;
    for (const sql of [
      `SELECT a.s, b.s AS t, b.m FROM ${A} JOIN ${B} ON a.x = b.x`,
      `SELECT a.x, b.x AS y, b.s FROM ${A} FULL JOIN ${B} ON a.x = b.x + 20000`,
      `SELECT a.x, b.s FROM ${A} LEFT JOIN ${B} ON a.x = b.x + 20000 AND a.s > b.s`,
      `SELECT a.x, b.s FROM ${A} RIGHT JOIN ${B} ON a.m = b.m AND a.x = b.x + 39990`,
      // Multi-column number keys: interned tuples, partitioned by their hash once spilled.
      `SELECT a.x, b.x AS y FROM ${A} FULL JOIN ${B} ON a.x = b.x + 20000 AND a.x % 7 = b.x % 7 AND a.x - a.x % 3 = b.x + 20000 - b.x % 3`,
      `SELECT a.s, b.s AS t FROM ${A} JOIN ${B} ON a.x = b.x AND CAST(a.x AS DOUBLE) / 4 = CAST(b.x AS DOUBLE) / 4`,
      `SELECT a.s FROM ${A} WHERE EXISTS (SELECT 1 FROM ${B} WHERE b.x = a.x + 20000)`,
      `SELECT a.s FROM ${A} WHERE NOT EXISTS (SELECT 1 FROM ${B} WHERE b.x = a.x + 20000 AND b.s <> 'name_030000')`,
    ]) {
      await spillsAndAnswersAsUnbounded(sql);
    }
    expect(readdirSync(root).filter((n) => n.startsWith(`${process.pid}-`))).toEqual([]);
  });

  it('operators that hold their input whole fail with EXCEEDED_MEMORY_LIMIT naming themselves', async () => {
    const cases: [string, RegExp][] = [
      [`SELECT s, row_number() OVER (PARTITION BY m ORDER BY x) FROM (${NAMES})`, /in Window/],
      [`SELECT s FROM (${NAMES}) UNION SELECT s FROM (${NAMES})`, /in (UNION DISTINCT|Aggregation)/],
      [`SELECT s FROM (${NAMES}) INTERSECT SELECT s FROM (${NAMES})`, /in INTERSECT/],
      [`SELECT a.x, a.x IN (SELECT b.x FROM (${NAMES}) b) AS hit FROM (${NAMES}) a`, /in Hash join build side/],
      [`SELECT a.s, b.s AS t FROM (${NAMES}) a CROSS JOIN (${NAMES}) b LIMIT 1`, /in Nested-loop join build side/],
    ];
    const tiny = new Engine({ maxQueryMemory: 1024 * 1024, spillDir: root });
    for (const [sql, message] of cases) {
      const e = await run(tiny, sql).catch((x: unknown) => x);
      expect(isAegisError(e, 'EXCEEDED_MEMORY_LIMIT'), sql).toBe(true);
      expect((e as Error).message, sql).toMatch(message);
    }
  });
});
