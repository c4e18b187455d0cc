// Golden ASTs for queries: select lists, FROM/joins/UNNEST/VALUES, grouping, set operations,
// ORDER BY / LIMIT / OFFSET / FETCH binding, WITH.
import { describe, expect, it } from 'vitest';
import type { Query } from '../../../src/sql/ast.js';
import { ast, cmp, col, fn, id, int, item, query, select, star, str, table } from './ast-builders.js';

describe('select list', () => {
  it('DISTINCT, aliases (quoted and implicit), *, t.*, db.t.* AS (…)', () => {
    expect(ast('SELECT DISTINCT a AS "X", b c, t.*, db.t.* AS (p, q), * FROM t')).toEqual(
      query(
        select(
          [
            { kind: 'select_expr', expr: col('a'), alias: id('X', true) },
            item(col('b'), 'c'),
            { kind: 'select_star', qualifier: [id('t')] },
            { kind: 'select_star', qualifier: [id('db'), id('t')], aliases: [id('p'), id('q')] },
            star,
          ],
          table('t'),
          { distinct: true },
        ),
      ),
    );
    expect(ast('SELECT ALL 1')).toEqual(query(select([item(int(1))])));
  });
});

describe('FROM', () => {
  it('qualified names with aliases and column aliases; catalog.schema.table', () => {
    expect(ast('SELECT * FROM awsdatacatalog.db.t AS x (a, b)')).toEqual(
      query(
        select([star], {
          kind: 'table',
          name: { catalog: 'awsdatacatalog', schema: 'db', name: 't' },
          alias: { name: id('x'), columns: [id('a'), id('b')] },
        }),
      ),
    );
  });

  it('CROSS JOIN is a join, not an alias named cross', () => {
    expect(ast('SELECT * FROM t CROSS JOIN u')).toEqual(
      query(select([star], { kind: 'join', type: 'cross', natural: false, left: table('t'), right: table('u') })),
    );
  });

  it('INNER/LEFT/RIGHT/FULL with ON and USING, NATURAL, and comma joins folding left', () => {
    const q = ast('SELECT * FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (k, "J") RIGHT JOIN d ON true FULL OUTER JOIN e ON a.y > e.y NATURAL JOIN f, g') as Query;
    const on1 = cmp('=', col('a', 'x'), col('b', 'x'));
    const j1 = { kind: 'join', type: 'inner', natural: false, left: table('a'), right: table('b'), on: on1 };
    const j2 = { kind: 'join', type: 'left', natural: false, left: j1, right: table('c'), using: [id('k'), id('J', true)] };
    const j3 = { kind: 'join', type: 'right', natural: false, left: j2, right: table('d'), on: { kind: 'boolean', value: true } };
    const j4 = { kind: 'join', type: 'full', natural: false, left: j3, right: table('e'), on: cmp('>', col('a', 'y'), col('e', 'y')) };
    const j5 = { kind: 'join', type: 'inner', natural: true, left: j4, right: table('f') };
    expect(q.body).toEqual(select([star], { kind: 'join', type: 'implicit', natural: false, left: j5, right: table('g') } as never));
  });

  it('UNNEST(a, b) WITH ORDINALITY AS t(x, y, n)', () => {
    expect(ast('SELECT * FROM t CROSS JOIN UNNEST(arr, m) WITH ORDINALITY AS u (x, k, v, n)')).toEqual(
      query(
        select([star], {
          kind: 'join',
          type: 'cross',
          natural: false,
          left: table('t'),
          right: { kind: 'unnest', args: [col('arr'), col('m')], withOrdinality: true, alias: { name: id('u'), columns: [id('x'), id('k'), id('v'), id('n')] } },
        }),
      ),
    );
  });

  it('subqueries, LATERAL, VALUES as a relation, TABLESAMPLE, parenthesised joins', () => {
    expect(ast(`SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t (id, name)`)).toEqual(
      query(
        select([star], {
          kind: 'subquery_relation',
          query: query({ kind: 'values', rows: [[int(1), str('a')], [int(2), str('b')]] }),
          alias: { name: id('t'), columns: [id('id'), id('name')] },
        }),
      ),
    );
    expect(ast('SELECT * FROM t, LATERAL (SELECT t.a) l')).toEqual(
      query(
        select([star], {
          kind: 'join',
          type: 'implicit',
          natural: false,
          left: table('t'),
          right: { kind: 'lateral', query: query(select([item(col('t', 'a'))])), alias: { name: id('l') } },
        }),
      ),
    );
    expect(ast('SELECT * FROM t TABLESAMPLE BERNOULLI (10)')).toEqual(
      query(select([star], { kind: 'sample', relation: table('t'), method: 'bernoulli', percentage: int(10) })),
    );
    expect(ast('SELECT * FROM (a CROSS JOIN b)')).toEqual(
      query(select([star], { kind: 'join', type: 'cross', natural: false, left: table('a'), right: table('b') })),
    );
  });
});

describe('WHERE, GROUP BY, HAVING, WINDOW', () => {
  it('GROUP BY expressions and ordinals, ROLLUP, CUBE, GROUPING SETS, ALL/DISTINCT', () => {
    const q = ast('SELECT a, sum(b) FROM t WHERE a > 0 GROUP BY DISTINCT 1, a + 1, ROLLUP (b, (c, d)), CUBE (e), GROUPING SETS ((a), (), (b, c)) HAVING sum(b) > 1') as Query;
    expect(q.body).toEqual(
      select([item(col('a')), item(fn('sum', col('b')))], table('t'), {
        where: cmp('>', col('a'), int(0)),
        groupBy: {
          quantifier: 'distinct',
          elements: [
            { kind: 'group_simple', exprs: [int(1)] },
            { kind: 'group_simple', exprs: [{ kind: 'arithmetic', op: '+', left: col('a'), right: int(1) }] },
            { kind: 'group_rollup', sets: [[col('b')], [col('c'), col('d')]] },
            { kind: 'group_cube', sets: [[col('e')]] },
            { kind: 'group_sets', sets: [[col('a')], [], [col('b'), col('c')]] },
          ],
        },
        having: cmp('>', fn('sum', col('b')), int(1)),
      }),
    );
    expect((ast('SELECT a FROM t GROUP BY ALL a') as Query).body).toMatchObject({ groupBy: { quantifier: 'all' } });
  });

  it('WINDOW clause', () => {
    expect((ast('SELECT rank() OVER w FROM t WINDOW w AS (PARTITION BY a ORDER BY b DESC)') as Query).body).toMatchObject({
      windows: [{ name: id('w'), spec: { kind: 'window_spec', partitionBy: [col('a')], orderBy: [{ expr: col('b'), order: 'desc' }] } }],
    });
  });
});

describe('set operations and ORDER BY / LIMIT binding', () => {
  const sel = (c: string, t: string) => select([item(col(c))], table(t));

  it('ORDER BY and LIMIT after UNION apply to the whole union', () => {
    expect(ast('SELECT a FROM t UNION SELECT b FROM u ORDER BY 1 DESC LIMIT 2')).toEqual(
      query(
        { kind: 'set_operation', op: 'union', all: false, left: sel('a', 't'), right: sel('b', 'u') },
        { orderBy: [{ expr: int(1), order: 'desc' }], limit: { count: int(2), withTies: false } },
      ),
    );
  });

  it('INTERSECT binds tighter than UNION and EXCEPT; ALL/DISTINCT', () => {
    expect(ast('SELECT a FROM t UNION ALL SELECT b FROM u INTERSECT SELECT c FROM v EXCEPT DISTINCT SELECT d FROM w')).toEqual(
      query({
        kind: 'set_operation',
        op: 'except',
        all: false,
        left: {
          kind: 'set_operation',
          op: 'union',
          all: true,
          left: sel('a', 't'),
          right: { kind: 'set_operation', op: 'intersect', all: false, left: sel('b', 'u'), right: sel('c', 'v') },
        },
        right: sel('d', 'w'),
      }),
    );
  });

  it('a parenthesised branch keeps its own ORDER BY / LIMIT', () => {
    expect(ast('(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT b FROM u)')).toEqual(
      query({
        kind: 'set_operation',
        op: 'union',
        all: false,
        left: query(sel('a', 't'), { orderBy: [{ expr: col('a'), order: 'asc' }], limit: { count: int(1), withTies: false } }),
        right: sel('b', 'u'),
      }),
    );
  });

  it('OFFSET, FETCH FIRST … WITH TIES, LIMIT ALL, NULLS LAST', () => {
    expect(ast('SELECT a FROM t ORDER BY a NULLS LAST OFFSET 5 ROWS FETCH FIRST 3 ROWS WITH TIES')).toEqual(
      query(sel('a', 't'), { orderBy: [{ expr: col('a'), order: 'asc', nulls: 'last' }], offset: int(5), limit: { count: int(3), withTies: true } }),
    );
    expect(ast('SELECT a FROM t FETCH NEXT ROW ONLY')).toEqual(query(sel('a', 't'), { limit: { count: int(1), withTies: false } }));
    expect(ast('SELECT a FROM t LIMIT ALL')).toEqual(query(sel('a', 't')));
  });
});

describe('VALUES, TABLE, WITH', () => {
  it('VALUES as a query: bare values are one column, row values several', () => {
    expect(ast('VALUES 1, 2')).toEqual(query({ kind: 'values', rows: [[int(1)], [int(2)]] }));
    expect(ast(`VALUES (1, 'a'), ROW(2, 'b')`)).toEqual(query({ kind: 'values', rows: [[int(1), str('a')], [int(2), str('b')]] }));
    expect(ast('TABLE db.t')).toEqual(query({ kind: 'table_body', name: { schema: 'db', name: 't' } }));
  });

  it('WITH with column aliases; CTEs in order', () => {
    expect(ast('WITH a (x) AS (SELECT 1), b AS (SELECT 2) SELECT * FROM a, b')).toEqual(
      query(select([star], { kind: 'join', type: 'implicit', natural: false, left: table('a'), right: table('b') }), {
        with: {
          recursive: false,
          ctes: [
            { name: id('a'), columns: [id('x')], query: query(select([item(int(1))])) },
            { name: id('b'), query: query(select([item(int(2))])) },
          ],
        },
      }),
    );
  });
});
