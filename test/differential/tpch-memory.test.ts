/**
 * The 22 TPC-H queries over in-memory tables, compared with DuckDB on the same rows.
 *
 * TPC-H SF 0.01 is generated once, registered in the engine's in-memory catalog and loaded into
 * DuckDB from CSV with exact column types. No object store or crypto is involved, so a difference
 * here is the SQL engine's own (binder, optimizer, operators, functions, types).
 *
 * Comparison (tpch-compare.ts): ORDER BY keys in order, ties as multisets, the run cut by LIMIT
 * checked against DuckDB's unlimited answer; where Trino answers a decimal and DuckDB a double
 * (avg(decimal), decimal division) the double is rounded HALF_UP to Trino's scale — Trino wins —
 * and Trino's decimal type is asserted.
 *
 * The same tables then answer seeded random queries (random-tpch-gen.ts): summaries, grouped
 * aggregates, windows over large partitions, joins, top-N and semi/anti joins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatType } from '../../src/types/sql-type.js';
import { TPCH_QUERIES } from '../../datasets/tpch/queries.js';
import { alignExpected, canonResult, compareAnswer, orderSpecOf, TRINO_DECIMALS, withoutLimit } from '../integration/tables/tpch-compare.js';
import { compareResults } from '../util/compare-results.js';
import { DiffEnv } from './diff-fixture.js';
import { expectSameAnswer } from './diff-query.js';
import { randomTpchQuery } from './random-tpch-gen.js';

/**
 * Queries the engine still answers wrongly or not at all: query number → what was observed.
 * Each runs as `it.fails`, so it turns red once fixed and must then leave this map.
 */
const KNOWN_GAPS: ReadonlyMap<number, string> = new Map<number, string>([]);

const QUERY_TIMEOUT_MS = 300_000;

/** Seeded random queries over the same tables (random-tpch-gen.ts). */
const RANDOM_COUNT = 60;

/** Random query id (`T<i>`) → what aegis did instead; runs as `it.fails`. */
const RANDOM_GAPS: ReadonlyMap<string, string> = new Map<string, string>([]);

let env: DiffEnv;

beforeAll(async () => {
  env = await DiffEnv.open();
  await env.loadTpch(0.01);
}, 600_000);

afterAll(() => env?.close());

describe('TPC-H SF 0.01 over in-memory tables equals DuckDB', () => {
  it('loads the same row counts into both engines', async () => {
    for (const t of ['region', 'nation', 'supplier', 'part', 'partsupp', 'customer', 'orders', 'lineitem']) {
      const mine = await env.engine.execute(`select count(*) from ${t}`);
      const duck = await env.duck.query(`select count(*) from ${t}`);
      expect(String(mine.rows[0]![0]), t).toBe(String(duck.rows[0]![0] && (duck.rows[0]![0] as { exact?: string }).exact));
    }
  });

  for (const { id, sql } of TPCH_QUERIES) {
    const gap = KNOWN_GAPS.has(id);
    (gap ? it.fails : it)(`Q${id}`, async () => {
      const result = await env.engine.execute(sql);
      const actual = canonResult(result);
      for (const [col, type] of Object.entries(TRINO_DECIMALS[id] ?? {})) {
        const c = result.columns.find((x) => x.name.toLowerCase() === col);
        expect(c && formatType(c.type), `Q${id} ${col} has Trino's type`).toBe(type);
      }
      const types = result.columns.map((c) => c.type);
      const spec = orderSpecOf(sql);
      const expected = alignExpected(await env.duckAnswer(sql), actual.rows, types);
      expect(expected.length, `Q${id}: DuckDB's answer is empty, the check would prove nothing`).toBeGreaterThan(0);
      const unlimited = spec?.limit !== undefined ? alignExpected(await env.duckAnswer(withoutLimit(sql)), [], types) : undefined;
      expect(actual.columns.length, `Q${id} column count`).toBe(expected[0]!.length);
      expect(compareAnswer(actual, expected, spec, unlimited), `Q${id} differs from DuckDB`).toBeNull();
    }, QUERY_TIMEOUT_MS);
  }
});

describe('seeded random queries over TPC-H SF 0.01 equal DuckDB', () => {
  for (let i = 0; i < RANDOM_COUNT; i++) {
    const id = `T${i}`;
    const q = randomTpchQuery(i);
    (RANDOM_GAPS.has(id) ? it.fails : it)(
      `${id}: ${q.sql}`,
      async () => {
        // A generated product of keys may overflow integer in both engines: then aegis must fail too.
        const duckError = await env.duckAnswer(q.duck).then(
          () => undefined,
          (e: Error) => e.message,
        );
        if (duckError !== undefined) {
          expect(duckError, `${id}: DuckDB fails only on overflow`).toMatch(/overflow|out of range/i);
          await expect(env.engine.execute(q.sql), `${id} must fail like DuckDB`).rejects.toMatchObject({ code: 'NUMERIC_OVERFLOW' });
          return;
        }
        await expectSameAnswer(env, { id, name: q.sql, sql: q.sql, duck: q.duck, ...(q.ordered ? { ordered: true } : {}) });
      },
      QUERY_TIMEOUT_MS,
    );
  }
});

/**
 * `column op constant` filters at and around each chunk's min/max (the in-memory scan prunes
 * chunks by those statistics), with constants of the column's type and of other types.
 */
describe('scan filters at chunk-statistics boundaries equal DuckDB', () => {
  const COLUMNS: { table: string; column: string; constants: (min: string, max: string, mid: string) => string[] }[] = [
    { table: 'lineitem', column: 'l_orderkey', constants: (a, b, m) => [a, b, `${Number(b) + 1}`, `${Number(a) - 1}`, m, `${m}.5`, `${m}e0`, `cast(${m} as bigint)`] },
    { table: 'orders', column: 'o_orderkey', constants: (a, b, m) => [a, b, m, `${m}.0`, `${Number(m) + 1}.5e0`] },
    { table: 'lineitem', column: 'l_extendedprice', constants: (a, b, m) => [a, b, m, `${b}1`, `${a}e0`, `${Math.floor(Number(m))}`] },
    { table: 'lineitem', column: 'l_shipdate', constants: (a, b, m) => [`date '${a}'`, `date '${b}'`, `date '${m}'`, `timestamp '${b} 00:00:00.001'`, `timestamp '${a} 00:00:00'`] },
    { table: 'orders', column: 'o_orderdate', constants: (a, b, m) => [`date '${a}'`, `date '${b}'`, `date '${m}'`, `timestamp '${m} 12:00:00'`] },
    { table: 'lineitem', column: 'l_shipmode', constants: (a, b, m) => [`'${a}'`, `'${b}'`, `'${m}'`, `'${b} '`, "''", `'${m}Z'`] },
    { table: 'customer', column: 'c_acctbal', constants: (a, b, m) => [a, b, m, '0', '-0.01', `${m}e0`] },
  ];
  const OPS = ['=', '<>', '<', '<=', '>', '>='];

  for (const { table, column, constants } of COLUMNS) {
    it(`${table}.${column}`, async () => {
      const text = (v: unknown): string => {
        const c = v as { t: string; exact?: string; approx?: number; v?: string; days?: number } | null;
        if (!c) throw new Error('NULL boundary');
        if (c.t === 'date') return new Date(c.days! * 86_400_000).toISOString().slice(0, 10);
        if (c.t === 'str') return c.v!;
        return c.exact ?? String(c.approx);
      };
      const [mm] = (await env.duck.query(`select min(${column}), max(${column}) from ${table}`)).rows;
      const [mid] = (await env.duck.query(`select ${column} from ${table} order by ${column} limit 1 offset (select count(*) / 2 from ${table})`)).rows;
      const consts = constants(text(mm![0]), text(mm![1]), text(mid![0]));
      const failures: string[] = [];
      for (const c of consts) {
        for (const op of OPS) {
          const sql = `select count(*), count(distinct ${column}) from ${table} where ${column} ${op} ${c}`;
          const got = canonResult(await env.engine.execute(sql)).rows;
          const want = (await env.duck.query(sql)).rows;
          const d = compareResults(got, want, true);
          if (d) failures.push(`${sql}\n${d}`);
        }
        const between = `select count(*) from ${table} where ${column} between ${c} and ${consts[1]}`;
        const d = compareResults(canonResult(await env.engine.execute(between)).rows, (await env.duck.query(between)).rows, true);
        if (d) failures.push(`${between}\n${d}`);
      }
      expect(failures).toEqual([]);
    }, QUERY_TIMEOUT_MS);
  }
});
