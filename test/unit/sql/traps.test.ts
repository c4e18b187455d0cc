// Known parser traps (each one silently misparsed by at least one SQL parser we measured):
// quantified subquery comparisons, CROSS JOIN, IS DISTINCT FROM, backslashes in strings,
// ORDER BY/LIMIT after UNION, AND/OR precedence.
import { describe, expect, it } from 'vitest';
import type { Query } from '../../../src/sql/ast.js';
import { parseStats } from '../../../src/sql/antlr-driver.js';
import { parseScript } from '../../../src/sql/parse.js';
import { and, ast, cmp, col, int, item, or, query, select, star, str, table, where } from './ast-builders.js';

const sub = (n: number) => query(select([item(int(n))]));

describe('parser traps', () => {
  it('`a = ANY (SELECT …)` is one quantified comparison, not a statement split in two', () => {
    expect(ast('SELECT * FROM t WHERE a = ANY (SELECT 1)')).toEqual(
      query(select([star], table('t'), { where: { kind: 'quantified_comparison', op: '=', quantifier: 'any', left: col('a'), query: sub(1) } })),
    );
    // Also when more follows, and in a script where the next statement starts with '('.
    const stmts = parseScript('SELECT a FROM t WHERE a = ANY (SELECT 1) ORDER BY a; (SELECT 2)');
    expect(stmts).toHaveLength(2);
    expect((stmts[0] as Query).orderBy).toHaveLength(1);
    expect((stmts[0] as Query).body).toMatchObject({ where: { kind: 'quantified_comparison', quantifier: 'any' } });
    expect(ast('SELECT a FROM t GROUP BY a HAVING max(a) >= ALL (SELECT 1)')).toMatchObject({
      body: { having: { kind: 'quantified_comparison', op: '>=', quantifier: 'all' } },
    });
  });

  it('CROSS JOIN is a join (not a table aliased "cross")', () => {
    const q = ast('SELECT * FROM t CROSS JOIN u') as Query;
    expect(q.body).toEqual(select([star], { kind: 'join', type: 'cross', natural: false, left: table('t'), right: table('u') }));
  });

  it('IS DISTINCT FROM compares to an expression, not a string', () => {
    expect(where('a IS DISTINCT FROM b')).toEqual({ kind: 'is_distinct_from', left: col('a'), right: col('b'), negated: false });
  });

  it(`'\\b' is a two-character string: Trino has no backslash escapes`, () => {
    const q = ast(`SELECT '\\b', 'a\\'`) as Query;
    expect(q.body).toEqual(select([item(str('\\b')), item(str('a\\'))]));
  });

  it('ORDER BY / LIMIT after a UNION belong to the union', () => {
    const q = ast('SELECT a FROM t UNION ALL SELECT a FROM u ORDER BY a LIMIT 5') as Query;
    expect(q.body.kind).toBe('set_operation');
    expect(q.orderBy).toEqual([{ expr: col('a'), order: 'asc' }]);
    expect(q.limit).toEqual({ count: int(5), withTies: false });
    expect(q.body).toEqual({
      kind: 'set_operation',
      op: 'union',
      all: true,
      left: select([item(col('a'))], table('t')),
      right: select([item(col('a'))], table('u')),
    });
  });

  it('a=1 OR b=2 AND c=3 is a=1 OR (b=2 AND c=3)', () => {
    expect(where('a=1 OR b=2 AND c=3')).toEqual(or(cmp('=', col('a'), int(1)), and(cmp('=', col('b'), int(2)), cmp('=', col('c'), int(3)))));
    expect(where('(a=1 OR b=2) AND c=3')).toEqual(and(or(cmp('=', col('a'), int(1)), cmp('=', col('b'), int(2))), cmp('=', col('c'), int(3))));
  });

  it('the full-LL pass (taken for quantified subqueries) keeps every precedence rule', () => {
    const cond = `a + b * c - d > 1 AND NOT e OR f || 'x' LIKE 'y%' AND g BETWEEN 1 AND 2`;
    const fast = where(cond);
    const before = parseStats.ll;
    const slow = where(`${cond} OR h = ANY (SELECT 1)`);
    expect(parseStats.ll).toBe(before + 1);
    expect(slow).toEqual(or(fast, { kind: 'quantified_comparison', op: '=', quantifier: 'any', left: col('h'), query: sub(1) }));
    expect(fast).toEqual(
      or(
        and(
          cmp('>', { kind: 'arithmetic', op: '-', left: { kind: 'arithmetic', op: '+', left: col('a'), right: { kind: 'arithmetic', op: '*', left: col('b'), right: col('c') } }, right: col('d') }, int(1)),
          { kind: 'not', operand: col('e') },
        ),
        and(
          { kind: 'like', operand: { kind: 'concat', left: col('f'), right: str('x') }, pattern: str('y%'), negated: false },
          { kind: 'between', operand: col('g'), low: int(1), high: int(2), negated: false },
        ),
      ),
    );
  });
});
