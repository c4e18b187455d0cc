// The 22 TPC-H queries (Trino syntax) parse, with the constructs they are known for.
import { describe, expect, it } from 'vitest';
import type { Query } from '../../../src/sql/ast.js';
import { parseStatement } from '../../../src/sql/parse.js';
import { col, fn, id, int, noPos } from './ast-builders.js';
import { TPCH_QUERIES, tpchQuery } from '../../../datasets/tpch/queries.js';

describe('TPC-H', () => {
  it('has the 22 queries', () => {
    expect(TPCH_QUERIES.map((q) => q.id)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
  });

  it.each(TPCH_QUERIES.map((q) => [q.id, q.sql] as const))('Q%i parses to a query', (_id, sql) => {
    expect(parseStatement(sql).kind).toBe('query');
  });

  it('Q1: date minus interval, eight aggregates, GROUP BY / ORDER BY two columns', () => {
    const q = noPos(parseStatement(tpchQuery(1))) as Query;
    const body = q.body as Extract<Query['body'], { kind: 'select' }>;
    expect(body.where).toEqual({
      kind: 'comparison',
      op: '<=',
      left: col('l_shipdate'),
      right: {
        kind: 'arithmetic',
        op: '-',
        left: { kind: 'typed_literal', type: 'date', value: '1998-12-01' },
        right: { kind: 'interval', sign: 1, value: '90', from: 'day' },
      },
    });
    expect(body.items).toHaveLength(10);
    expect(body.items[9]).toEqual({ kind: 'select_expr', expr: { kind: 'function', name: 'count', args: [], star: true, distinct: false }, alias: id('count_order') });
    expect(body.groupBy?.elements).toEqual([
      { kind: 'group_simple', exprs: [col('l_returnflag')] },
      { kind: 'group_simple', exprs: [col('l_linestatus')] },
    ]);
    expect(q.orderBy).toEqual([
      { expr: col('l_returnflag'), order: 'asc' },
      { expr: col('l_linestatus'), order: 'asc' },
    ]);
  });

  it('Q13: LEFT OUTER JOIN with a compound ON and derived-table column aliases', () => {
    const q = noPos(parseStatement(tpchQuery(13))) as Query;
    const from = (q.body as Extract<Query['body'], { kind: 'select' }>).from;
    expect(from).toMatchObject({ kind: 'subquery_relation', alias: { name: id('c_orders'), columns: [id('c_custkey'), id('c_count')] } });
    const inner = (from as { query: Query }).query.body as Extract<Query['body'], { kind: 'select' }>;
    expect(inner.from).toMatchObject({ kind: 'join', type: 'left', on: { kind: 'logical', op: 'and', right: { kind: 'like', negated: true } } });
  });

  it('Q15: WITH view replacement; Q22: substring(… FROM … FOR …) as substr', () => {
    const q15 = noPos(parseStatement(tpchQuery(15))) as Query;
    expect(q15.with?.ctes.map((c) => [c.name.name, c.columns?.map((x) => x.name)])).toEqual([['revenue0', ['supplier_no', 'total_revenue']]]);
    const q22 = noPos(parseStatement(tpchQuery(22))) as Query;
    const sub = ((q22.body as { from: { query: Query } }).from.query.body as Extract<Query['body'], { kind: 'select' }>).items[0];
    expect(sub).toEqual({ kind: 'select_expr', expr: fn('substr', col('c_phone'), int(1), int(2)), alias: id('cntrycode') });
  });
});
