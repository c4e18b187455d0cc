// Golden ASTs for expressions: literals, operators, predicates, special forms, calls, windows.
import { describe, expect, it } from 'vitest';
import type { Expr, Query } from '../../../src/sql/ast.js';
import { and, ast, bool, cmp, col, expr, fn, id, int, or, str, where } from './ast-builders.js';

describe('literals', () => {
  it('null, booleans, strings with doubled quotes, no backslash escapes', () => {
    expect(expr('NULL')).toEqual({ kind: 'null' });
    expect(expr('TRUE')).toEqual(bool(true));
    expect(expr('false')).toEqual(bool(false));
    expect(expr(`'it''s'`)).toEqual(str("it's"));
    // Trino has no backslash escapes: '\b' is a backslash and a 'b'.
    expect(expr(`'\\b'`)).toEqual(str('\\b'));
    expect((expr(`'\\b'`) as { value: string }).value).toHaveLength(2);
  });

  it('integers keep their text and exact value; negative literals are one token', () => {
    expect(expr('42')).toEqual(int(42));
    expect(expr('2147483648')).toEqual({ kind: 'integer', text: '2147483648', value: 2147483648n });
    expect(expr('-5')).toEqual({ kind: 'integer', text: '-5', value: -5n });
    expect(expr('9223372036854775807')).toEqual({ kind: 'integer', text: '9223372036854775807', value: 9223372036854775807n });
    expect(expr('0x1F')).toEqual({ kind: 'integer', text: '0x1F', value: 31n });
    expect(expr('1_000')).toEqual({ kind: 'integer', text: '1_000', value: 1000n });
  });

  it('decimals are exact (Trino types 1.5 as decimal(2,1)); exponents are doubles', () => {
    expect(expr('1.5')).toEqual({ kind: 'decimal', text: '1.5', unscaled: 15n, precision: 2, scale: 1 });
    expect(expr('1.50')).toEqual({ kind: 'decimal', text: '1.50', unscaled: 150n, precision: 3, scale: 2 });
    expect(expr('.5')).toEqual({ kind: 'decimal', text: '.5', unscaled: 5n, precision: 1, scale: 1 });
    expect(expr('0.06')).toEqual({ kind: 'decimal', text: '0.06', unscaled: 6n, precision: 2, scale: 2 });
    expect(expr('100.00')).toEqual({ kind: 'decimal', text: '100.00', unscaled: 10000n, precision: 5, scale: 2 });
    expect(expr('1e3')).toEqual({ kind: 'double', text: '1e3', value: 1000 });
    expect(expr('2.5E-1')).toEqual({ kind: 'double', text: '2.5E-1', value: 0.25 });
  });

  it('binary, typed, interval and Unicode literals', () => {
    expect(expr(`X'0A 1b'`)).toEqual({ kind: 'binary', hex: '0a1b' });
    expect(expr(`DATE '2020-01-31'`)).toEqual({ kind: 'typed_literal', type: 'date', value: '2020-01-31' });
    expect(expr(`TIMESTAMP '2020-01-01 10:00:00.123'`)).toEqual({ kind: 'typed_literal', type: 'timestamp', value: '2020-01-01 10:00:00.123' });
    expect(expr(`DECIMAL '1.2'`)).toEqual({ kind: 'typed_literal', type: 'decimal', value: '1.2' });
    expect(expr(`DOUBLE PRECISION '1'`)).toEqual({ kind: 'typed_literal', type: 'double', value: '1' });
    expect(expr(`INTERVAL '3' DAY`)).toEqual({ kind: 'interval', sign: 1, value: '3', from: 'day' });
    expect(expr(`INTERVAL '1-2' YEAR TO MONTH`)).toEqual({ kind: 'interval', sign: 1, value: '1-2', from: 'year', to: 'month' });
    expect(expr(`INTERVAL -'5' HOUR`)).toEqual({ kind: 'interval', sign: -1, value: '5', from: 'hour' });
    expect(expr(`U&'\\0041\\+01F600'`)).toEqual(str('A\u{1F600}'));
    expect(expr(`U&'#0041' UESCAPE '#'`)).toEqual(str('A'));
  });
});

describe('names and parameters', () => {
  it('folds unquoted identifiers, keeps quoted ones and their quotedness', () => {
    expect(expr('MyCol')).toEqual(col('mycol'));
    expect(expr('"MyCol"')).toEqual({ kind: 'column', parts: [id('MyCol', true)] });
    expect(expr('"a""b"')).toEqual({ kind: 'column', parts: [id('a"b', true)] });
    expect(expr('"$path"')).toEqual({ kind: 'column', parts: [id('$path', true)] });
    expect(expr('db.T.c')).toEqual(col('db', 't', 'c'));
  });

  it('numbers ? parameters in source order across clauses', () => {
    const q = ast('SELECT ? FROM t WHERE a = ? ORDER BY 1 LIMIT ?') as Query;
    expect(q.body).toMatchObject({ items: [{ expr: { kind: 'parameter', index: 0 } }], where: { right: { kind: 'parameter', index: 1 } } });
    expect(q.limit).toEqual({ count: { kind: 'parameter', index: 2 }, withTies: false });
  });

  it('dereferences of non-identifier bases and subscripts', () => {
    expect(expr('f(x).a')).toEqual({ kind: 'field', base: fn('f', col('x')), field: id('a') });
    expect(expr('a[1].b')).toEqual({ kind: 'field', base: { kind: 'subscript', base: col('a'), index: int(1) }, field: id('b') });
    expect(expr(`m['k']`)).toEqual({ kind: 'subscript', base: col('m'), index: str('k') });
    expect(expr('(r).f')).toEqual(col('r', 'f'));
  });
});

describe('operators and precedence', () => {
  it('a=1 OR b=2 AND c=3 groups AND first', () => {
    expect(where('a=1 OR b=2 AND c=3')).toEqual(or(cmp('=', col('a'), int(1)), and(cmp('=', col('b'), int(2)), cmp('=', col('c'), int(3)))));
  });

  it('NOT binds looser than comparison; arithmetic precedence; concatenation', () => {
    expect(where('NOT a = 1')).toEqual({ kind: 'not', operand: cmp('=', col('a'), int(1)) });
    expect(expr('1 + 2 * 3')).toEqual({ kind: 'arithmetic', op: '+', left: int(1), right: { kind: 'arithmetic', op: '*', left: int(2), right: int(3) } });
    expect(expr('(1 + 2) % 3')).toEqual({ kind: 'arithmetic', op: '%', left: { kind: 'arithmetic', op: '+', left: int(1), right: int(2) }, right: int(3) });
    expect(expr('a - 1')).toEqual({ kind: 'arithmetic', op: '-', left: col('a'), right: int(1) });
    expect(expr('- a')).toEqual({ kind: 'unary', op: '-', operand: col('a') });
    expect(expr(`a || 'x' || b`)).toEqual({ kind: 'concat', left: { kind: 'concat', left: col('a'), right: str('x') }, right: col('b') });
    expect(where('a != 1')).toEqual(cmp('<>', col('a'), int(1)));
  });

  it('IS [NOT] NULL, IS [NOT] DISTINCT FROM, [NOT] BETWEEN', () => {
    expect(where('a IS NULL')).toEqual({ kind: 'is_null', operand: col('a'), negated: false });
    expect(where('a IS NOT NULL')).toEqual({ kind: 'is_null', operand: col('a'), negated: true });
    expect(where('a IS DISTINCT FROM b')).toEqual({ kind: 'is_distinct_from', left: col('a'), right: col('b'), negated: false });
    expect(where('a IS NOT DISTINCT FROM NULL')).toEqual({ kind: 'is_distinct_from', left: col('a'), right: { kind: 'null' }, negated: true });
    expect(where('a NOT BETWEEN 1 AND 2')).toEqual({ kind: 'between', operand: col('a'), low: int(1), high: int(2), negated: true });
    expect(where('a BETWEEN 1 AND 2 AND b')).toEqual(and({ kind: 'between', operand: col('a'), low: int(1), high: int(2), negated: false }, col('b')));
  });

  it('[NOT] IN lists and subqueries, [NOT] LIKE … ESCAPE, EXISTS, scalar subqueries', () => {
    expect(where('a NOT IN (1, 2)')).toEqual({ kind: 'in_list', operand: col('a'), list: [int(1), int(2)], negated: true });
    const sub = { kind: 'query', body: { kind: 'select', distinct: false, items: [{ kind: 'select_expr', expr: col('b') }], windows: [], from: { kind: 'table', name: { name: 'u' } } }, orderBy: [] };
    expect(where('a IN (SELECT b FROM u)')).toEqual({ kind: 'in_subquery', operand: col('a'), query: sub, negated: false });
    expect(where(`a LIKE 'x!%' ESCAPE '!'`)).toEqual({ kind: 'like', operand: col('a'), pattern: str('x!%'), escape: str('!'), negated: false });
    expect(where(`a NOT LIKE 'x%'`)).toEqual({ kind: 'like', operand: col('a'), pattern: str('x%'), negated: true });
    expect(where('NOT EXISTS (SELECT b FROM u)')).toEqual({ kind: 'not', operand: { kind: 'exists', query: sub } });
    expect(expr('(SELECT b FROM u)')).toEqual({ kind: 'subquery', query: sub });
  });

  it('quantified comparisons: = ANY, > ALL, SOME as ANY', () => {
    const sub = (n: number): Query => ({ kind: 'query', body: { kind: 'select', distinct: false, items: [{ kind: 'select_expr', expr: int(n) }], windows: [] }, orderBy: [] });
    expect(where('a = ANY (SELECT 1)')).toEqual({ kind: 'quantified_comparison', op: '=', quantifier: 'any', left: col('a'), query: sub(1) });
    expect(where('a > ALL (SELECT 2) AND b <> SOME (SELECT 3)')).toEqual(
      and(
        { kind: 'quantified_comparison', op: '>', quantifier: 'all', left: col('a'), query: sub(2) },
        { kind: 'quantified_comparison', op: '<>', quantifier: 'any', left: col('b'), query: sub(3) },
      ),
    );
  });
});

describe('special forms', () => {
  it('simple and searched CASE', () => {
    expect(expr(`CASE a WHEN 1 THEN 'x' WHEN 2 THEN 'y' ELSE 'z' END`)).toEqual({
      kind: 'case',
      operand: col('a'),
      whens: [{ when: int(1), then: str('x') }, { when: int(2), then: str('y') }],
      else: str('z'),
    });
    expect(expr('CASE WHEN a > 1 THEN 1 END')).toEqual({ kind: 'case', whens: [{ when: cmp('>', col('a'), int(1)), then: int(1) }] });
  });

  it('CAST and TRY_CAST carry a parsed SqlType and the source spelling', () => {
    expect(expr('CAST(a AS decimal(10,2))')).toEqual({ kind: 'cast', operand: col('a'), type: { kind: 'decimal', precision: 10, scale: 2 }, typeText: 'decimal(10,2)', safe: false });
    expect(expr('TRY_CAST(a AS array(varchar))')).toEqual({ kind: 'cast', operand: col('a'), type: { kind: 'array', element: { kind: 'varchar' } }, typeText: 'array(varchar)', safe: true });
    expect(expr('CAST(a AS row(x integer, y map(varchar, double)))')).toMatchObject({
      type: { kind: 'row', fields: [{ name: 'x', type: { kind: 'integer' } }, { name: 'y', type: { kind: 'map', key: { kind: 'varchar' }, value: { kind: 'double' } } }] },
    });
    expect(expr('CAST(a AS timestamp(6) with time zone)')).toMatchObject({ type: { kind: 'timestamp', precision: 6, withTimeZone: true } });
    expect(expr('CAST(a AS timestamp)')).toMatchObject({ type: { kind: 'timestamp', precision: 3 } });
    expect(expr('CAST(a AS varchar(5))')).toMatchObject({ type: { kind: 'varchar', length: 5 } });
    expect(expr('CAST(a AS char(3))')).toMatchObject({ type: { kind: 'char', length: 3 } });
    expect(expr('CAST(a AS interval day to second)')).toMatchObject({ type: { kind: 'interval_day_second' } });
    expect(expr('CAST(a AS json)')).toMatchObject({ type: { kind: 'json' } });
    expect(expr('CAST(a AS decimal)')).toMatchObject({ type: { kind: 'decimal', precision: 38, scale: 0 } });
  });

  it('EXTRACT, AT TIME ZONE, current-time specials, position, TRIM, SUBSTRING', () => {
    expect(expr('EXTRACT(YEAR FROM d)')).toEqual({ kind: 'extract', field: 'year', operand: col('d') });
    expect(expr(`ts AT TIME ZONE 'UTC'`)).toEqual({ kind: 'at_time_zone', operand: col('ts'), zone: str('UTC') });
    expect(expr('CURRENT_DATE')).toEqual({ kind: 'current', what: 'current_date' });
    expect(expr('CURRENT_TIMESTAMP')).toEqual({ kind: 'current', what: 'current_timestamp' });
    expect(expr('LOCALTIMESTAMP(3)')).toEqual({ kind: 'current', what: 'localtimestamp', precision: 3 });
    expect(expr(`position('a' IN s)`)).toEqual(fn('strpos', col('s'), str('a')));
    expect(expr(`trim(BOTH 'x' FROM s)`)).toEqual({ kind: 'trim', spec: 'both', chars: str('x'), operand: col('s') });
    expect(expr(`trim(LEADING FROM s)`)).toEqual({ kind: 'trim', spec: 'leading', operand: col('s') });
    expect(expr('trim(s)')).toEqual({ kind: 'trim', spec: 'both', operand: col('s') });
    expect(expr(`trim(s, 'x')`)).toEqual({ kind: 'trim', spec: 'both', chars: str('x'), operand: col('s') });
    expect(expr('substring(s FROM 2 FOR 3)')).toEqual(fn('substr', col('s'), int(2), int(3)));
  });

  it('IF, COALESCE, NULLIF, TRY stay function calls; ARRAY and ROW constructors; lambdas', () => {
    expect(expr('if(a, 1, 2)')).toEqual(fn('if', col('a'), int(1), int(2)));
    expect(expr('coalesce(a, b)')).toEqual(fn('coalesce', col('a'), col('b')));
    expect(expr('nullif(a, b)')).toEqual(fn('nullif', col('a'), col('b')));
    expect(expr('try(a / b)')).toEqual(fn('try', { kind: 'arithmetic', op: '/', left: col('a'), right: col('b') }));
    expect(expr('ARRAY[1, 2]')).toEqual({ kind: 'array', elements: [int(1), int(2)] });
    expect(expr('ARRAY[]')).toEqual({ kind: 'array', elements: [] });
    expect(expr(`ROW(1, 'a')`)).toEqual({ kind: 'row', fields: [int(1), str('a')] });
    expect(expr(`(1, 'a')`)).toEqual({ kind: 'row', fields: [int(1), str('a')] });
    expect(expr('transform(a, x -> x + 1)')).toEqual(
      fn('transform', col('a'), { kind: 'lambda', params: [id('x')], body: { kind: 'arithmetic', op: '+', left: col('x'), right: int(1) } }),
    );
    expect(expr('reduce(a, 0, (s, x) -> s + x, s -> s)')).toEqual(
      fn(
        'reduce',
        col('a'),
        int(0),
        { kind: 'lambda', params: [id('s'), id('x')], body: { kind: 'arithmetic', op: '+', left: col('s'), right: col('x') } },
        { kind: 'lambda', params: [id('s')], body: col('s') },
      ),
    );
  });
});

describe('function calls', () => {
  it('count(*), DISTINCT, FILTER, ORDER BY inside aggregates, qualified names', () => {
    expect(expr('count(*)')).toEqual({ kind: 'function', name: 'count', args: [], star: true, distinct: false });
    expect(expr('COUNT(DISTINCT a) FILTER (WHERE b > 0)')).toEqual({
      kind: 'function',
      name: 'count',
      args: [col('a')],
      distinct: true,
      filter: cmp('>', col('b'), int(0)),
    });
    expect(expr('array_agg(x ORDER BY y DESC NULLS FIRST, z)')).toEqual({
      kind: 'function',
      name: 'array_agg',
      args: [col('x')],
      distinct: false,
      orderBy: [{ expr: col('y'), order: 'desc', nulls: 'first' }, { expr: col('z'), order: 'asc' }],
    });
    expect(expr('System.Builtin.F(1)')).toEqual(fn('system.builtin.f', int(1)));
    expect(expr(`listagg(x, ',') WITHIN GROUP (ORDER BY x)`)).toEqual({
      kind: 'function',
      name: 'listagg',
      args: [col('x'), str(',')],
      distinct: false,
      orderBy: [{ expr: col('x'), order: 'asc' }],
    });
  });

  it('window functions: OVER (PARTITION BY … ORDER BY … frame), IGNORE NULLS, named windows', () => {
    expect(expr('lag(x, 1) IGNORE NULLS OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)')).toEqual({
      kind: 'function',
      name: 'lag',
      args: [col('x'), int(1)],
      distinct: false,
      nullTreatment: 'ignore',
      over: {
        kind: 'window_spec',
        partitionBy: [col('a')],
        orderBy: [{ expr: col('b'), order: 'asc' }],
        frame: { unit: 'rows', start: { type: 'preceding', offset: int(2) }, end: { type: 'current_row' } },
      },
    });
    expect(expr('sum(x) OVER (RANGE UNBOUNDED PRECEDING)')).toEqual({
      ...(fn('sum', col('x')) as object),
      over: { kind: 'window_spec', partitionBy: [], orderBy: [], frame: { unit: 'range', start: { type: 'unbounded_preceding' } } },
    });
    expect(expr('sum(x) OVER (w ORDER BY y GROUPS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)')).toEqual({
      ...(fn('sum', col('x')) as object),
      over: {
        kind: 'window_spec',
        existing: id('w'),
        partitionBy: [],
        orderBy: [{ expr: col('y'), order: 'asc' }],
        frame: { unit: 'groups', start: { type: 'current_row' }, end: { type: 'unbounded_following' } },
      },
    });
    expect(expr('rank() OVER w')).toEqual({ ...(fn('rank') as object), over: { kind: 'window_ref', name: id('w') } } as Expr);
  });
});
