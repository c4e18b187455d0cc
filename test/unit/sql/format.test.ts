// formatStatement/formatExpr: the text reads back to the same AST (positions and source-text
// fields aside), and formatting is a fixed point.
import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import type { Statement } from '../../../src/sql/ast.js';
import { formatExpr, formatStatement } from '../../../src/sql/format.js';
import { parseStatement } from '../../../src/sql/parse.js';
import { expr } from './ast-builders.js';
import { TPCH_QUERIES } from '../../../datasets/tpch/queries.js';

/** Drops positions and the fields that hold source text (they differ by construction). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'pos' && k !== 'sql' && k !== 'typeText') out[k] = canonical(x);
    return out;
  }
  return v;
}

const STATEMENTS = [
  `SELECT DISTINCT a AS "X", b c, t.*, db.t.* AS (p, q), * FROM db.t AS t (a, b) WHERE a IS NOT DISTINCT FROM b AND c NOT BETWEEN 1 AND 2`,
  `SELECT x FROM t WHERE a NOT IN (1, 2) AND b IN (SELECT c FROM u) AND d NOT LIKE 'a!%' ESCAPE '!' AND NOT EXISTS (SELECT 1)`,
  `SELECT CASE a WHEN 1 THEN 'x' ELSE 'y' END, CASE WHEN a > 1 THEN 1 END, CAST(a AS decimal(10,2)), TRY_CAST(b AS array(varchar)) FROM t`,
  `SELECT count(*), count(DISTINCT a) FILTER (WHERE b > 0), array_agg(x ORDER BY y DESC NULLS FIRST), lag(x, 1) IGNORE NULLS OVER (PARTITION BY a ORDER BY b RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t`,
  `SELECT transform(a, x -> x + 1), reduce(a, 0, (s, x) -> s + x, s -> s), ARRAY[1,2][1], ROW(1, 'a'), r.f, f(x).g, m['k'] FROM t`,
  `SELECT EXTRACT(YEAR FROM d), ts AT TIME ZONE 'UTC', CURRENT_DATE, CURRENT_TIMESTAMP, LOCALTIMESTAMP(3), position('a' IN s), trim(BOTH 'x' FROM s), trim(s), substring(s FROM 2 FOR 3), normalize(s, NFKC) FROM t`,
  `SELECT 1.5, 1e3, .5, 0x1F, X'0A0b', DATE '2020-01-01', TIMESTAMP '2020-01-01 00:00:00', INTERVAL '3' DAY, INTERVAL -'1-2' YEAR TO MONTH, DECIMAL '1.2', -5, - a, -(5), 2147483648, NULL, true, 'it''s', '\\b'`,
  `SELECT ?, ? FROM t WHERE a = ? ORDER BY 1 OFFSET ? LIMIT ?`,
  `WITH a (x) AS (SELECT 1), b AS (SELECT 2) SELECT * FROM a, b`,
  `SELECT * FROM t LEFT JOIN u USING (id) RIGHT OUTER JOIN v ON t.a = v.a FULL JOIN w ON true NATURAL JOIN z CROSS JOIN UNNEST(arr, m) WITH ORDINALITY AS x (a, k, v, n)`,
  `SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x, LATERAL (SELECT a.y) l`,
  `SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t (id, name)`,
  `VALUES 1, 2, 3`,
  `TABLE "Order"."select"`,
  `SELECT a, sum(b) FROM t GROUP BY ALL a, ROLLUP (b, (c, d)), CUBE (e), GROUPING SETS ((a), (), (b, c)) HAVING sum(b) > 1`,
  `SELECT a FROM t UNION ALL SELECT b FROM u INTERSECT SELECT c FROM v EXCEPT DISTINCT SELECT d FROM w ORDER BY 1 OFFSET 1 FETCH FIRST 5 ROWS WITH TIES`,
  `(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT b FROM u)`,
  `SELECT rank() OVER w, sum(x) OVER (w ROWS 2 PRECEDING) FROM t WINDOW w AS (PARTITION BY a ORDER BY b)`,
  `SELECT * FROM t TABLESAMPLE BERNOULLI (10)`,
  `SELECT a FROM t WHERE a = ANY (SELECT 1) AND b > ALL (SELECT 2)`,
  `SELECT a || 'x' || b, (a + b) * c, a - (b - c), a / b % c, NOT (a AND b OR c) FROM t`,
  `SELECT listagg(DISTINCT x, ',') WITHIN GROUP (ORDER BY x), grouping(a, b), coalesce(a, b), if(a, 1, 2) FROM t GROUP BY a, b`,
  `EXPLAIN ANALYZE VERBOSE SELECT 1`,
  `EXPLAIN (TYPE DISTRIBUTED, FORMAT JSON) SELECT 1`,
  `CREATE TABLE IF NOT EXISTS db.new (x, y) COMMENT 'c' WITH (format = 'PARQUET', partitioned_by = ARRAY['dt']) AS SELECT 1, 2 WITH NO DATA`,
  `CREATE OR REPLACE TABLE t AS SELECT 1`,
  `INSERT INTO db.t (a, "B") SELECT 1, 2`,
  `INSERT INTO t VALUES (1, 'x')`,
  `UNLOAD (SELECT * FROM t WHERE a = ?) TO 's3://bucket/prefix/' WITH (format = 'JSON', compression = 'gzip')`,
  `PREPARE "P1" FROM SELECT * FROM t WHERE a = ?`,
  `PREPARE u FROM UNLOAD (SELECT 1) TO 's3://b/x/'`,
  `EXECUTE p USING 1, 'x'`,
  `EXECUTE p`,
  `DEALLOCATE PREPARE p`,
  `CREATE OR REPLACE VIEW db.v COMMENT 'c' SECURITY INVOKER AS SELECT a FROM t`,
  `DROP VIEW IF EXISTS v`,
  `USE awsdatacatalog.sales`,
];

function roundTrip(sql: string): void {
  const first = parseStatement(sql);
  const text = formatStatement(first);
  const again = parseStatement(text);
  expect(canonical(again), text).toEqual(canonical(first));
  expect(formatStatement(again)).toBe(text);
}

describe('formatStatement', () => {
  it.each(STATEMENTS)('round-trips %s', (sql) => roundTrip(sql));

  it.each(TPCH_QUERIES.map((q) => [q.id, q.sql] as const))('round-trips TPC-H Q%i', (_id, sql) => roundTrip(sql));

  it('formats readably', () => {
    expect(formatStatement(parseStatement('select a, sum(b) from t where a = 1 or b = 2 and c = 3 group by a order by 2 desc limit 5'))).toBe(
      'SELECT a, sum(b) FROM t WHERE (a = 1) OR ((b = 2) AND (c = 3)) GROUP BY a ORDER BY 2 DESC LIMIT 5',
    );
    expect(formatExpr(expr(`x NOT LIKE 'a%'`))).toBe(`x NOT LIKE 'a%'`);
  });

  it('refuses Hive DDL (which keeps its source text) with NOT_SUPPORTED', () => {
    const s: Statement = parseStatement('SHOW TABLES');
    expect(() => formatStatement(s)).toThrow(/Formatting show_tables statements is not supported/);
    try {
      formatStatement(s);
    } catch (e) {
      expect(isAegisError(e, 'NOT_SUPPORTED')).toBe(true);
    }
  });
});
