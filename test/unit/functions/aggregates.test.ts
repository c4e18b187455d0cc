import { describe, expect, it } from 'vitest';
import { aggregate, errorOf } from './call.js';
import { isAggregateFunction, isWindowFunction, listFunctions, resolveAggregate, resolveWindowFunction } from '../../../src/functions/registry.js';
import { parseTypeName as p } from '../../../src/types/type-parser.js';
import { formatType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const col = (...xs: Value[]): Value[][] => xs.map((x) => [x]);

describe('aggregates (each case also run as two partial states merged after a structured clone)', () => {
  it.each<[string, string[], Value[][], string | null]>([
    ['count', [], [[], [], []], '3'], // count(*)
    ['count', ['integer'], col(1, null, 3), '2'],
    ['count', ['integer'], [], '0'],
    ['count_if', ['boolean'], col(true, false, null, true), '2'],
    ['sum', ['integer'], col(1, 2, null, 2147483647), '2147483650'], // bigint result, no integer overflow
    ['sum', ['integer'], col(null, null), null],
    ['sum', ['decimal(5,2)'], col(150n, 275n, -25n), '4.00'],
    ['sum', ['double'], col(0.5, 0.25), '0.75'],
    ['sum', ['real'], col(Math.fround(0.1), Math.fround(0.2)), '0.3'],
    ['avg', ['integer'], col(1, 2), '1.5'], // integer avg is double
    ['avg', ['decimal(5,2)'], col(100n, 100n, 101n), '1.00'], // HALF_UP to the input scale
    ['avg', ['decimal(5,2)'], col(100n, 101n), '1.01'], // 1.005 → 1.01
    ['avg', ['double'], [], null],
    ['min', ['varchar'], col('b', null, 'a', 'c'), 'a'],
    ['max', ['date'], col(5, 19753, null), '2024-01-31'],
    ['max', ['array(integer)'], col([1, 2], [1, 3], [0, 9]), '[1, 3]'],
    ['max', ['integer', 'bigint'], [[5, 2n], [1, 2n], [9, 2n], [7, 2n]], '[9, 7]'],
    ['min', ['integer', 'bigint'], [[5, 3n], [1, 3n], [9, 3n], [null, 3n]], '[1, 5, 9]'],
    ['max_by', ['varchar', 'integer'], [['a', 1], ['b', 3], ['c', null], ['d', 2]], 'b'],
    ['min_by', ['varchar', 'integer'], [['a', 1], ['b', 3], ['c', null], ['d', 2]], 'a'],
    ['max_by', ['varchar', 'integer', 'bigint'], [['a', 1, 2n], ['b', 3, 2n], ['d', 2, 2n]], '[b, d]'],
    ['arbitrary', ['integer'], col(null, 4, 5), '4'],
    ['any_value', ['integer'], col(null, null), null],
    ['bool_and', ['boolean'], col(true, null, true), 'true'],
    ['every', ['boolean'], col(true, false), 'false'],
    ['bool_or', ['boolean'], col(false, null, true), 'true'],
    ['bitwise_or_agg', ['bigint'], col(1n, 4n), '5'],
    ['array_agg', ['integer'], col(3, null, 1), '[3, null, 1]'],
    ['array_agg', ['integer'], [], null],
    ['map_agg', ['varchar', 'integer'], [['a', 1], ['b', 2], [null, 3], ['a', 9]], '{a=1, b=2}'],
    ['multimap_agg', ['varchar', 'integer'], [['a', 1], ['b', 2], ['a', 9]], '{a=[1, 9], b=[2]}'],
    ['histogram', ['varchar'], col('x', 'y', 'x', null), '{x=2, y=1}'],
    ['approx_most_frequent', ['bigint', 'varchar', 'bigint'], ['a', 'b', 'b', 'c', 'c', 'c', null].map((x) => [2n, x, 100n]), '{c=3, b=2}'],
    ['listagg', ['varchar', 'varchar'], [['a', ', '], [null, ', '], ['c', ', ']], 'a, c'],
    ['approx_percentile', ['integer', 'double'], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((x) => [x, 0.5]), '5'],
    ['approx_percentile', ['double', 'double'], [3, 1, 2].map((x) => [x, 1.0]), '3.0'],
    ['approx_percentile', ['bigint', 'array(double)'], [1n, 2n, 3n, 4n].map((x) => [x, [0.25, 0.75]]), '[1, 3]'],
    ['approx_percentile', ['integer', 'bigint', 'double'], [[1, 1n, 0.5], [2, 10n, 0.5], [3, 1n, 0.5]], '2'],
    ['stddev_samp', ['double'], col(1), null],
    ['approx_distinct', ['varchar'], col('a', 'b', 'a', null, 'c'), '3'],
    ['approx_distinct', ['integer'], [], '0'],
  ])('%s(%s) #%# = %s', (name, types, rows, out) => {
    expect(aggregate(name, types, rows)).toBe(out);
    expect(aggregate(name, types, rows, true)).toBe(out);
  });

  // Floating-point statistics: the last digit depends on the order partial states merge in
  // (as in Trino), so these compare numerically.
  it.each<[string, string[], Value[][], string]>([
    ['stddev', ['double'], col(2, 4, 4, 4, 5, 5, 7, 9), '2.138089935299395'],
    ['stddev_pop', ['integer'], col(2, 4, 4, 4, 5, 5, 7, 9), '2.0'],
    ['variance', ['double'], col(1, 2, 3, 4), '1.6666666666666667'],
    ['var_pop', ['double'], col(1, 2, 3, 4), '1.25'],
    ['corr', ['double', 'double'], [[1, 1], [2, 2], [3, 3.5]], '0.9933992677987828'],
    ['covar_pop', ['double', 'double'], [[1, 1], [2, 2], [3, 3]], '0.6666666666666666'],
    ['covar_samp', ['double', 'double'], [[1, 1], [2, 2], [3, 3]], '1.0'],
    ['regr_slope', ['double', 'double'], [[2, 1], [4, 2], [6, 3]], '2.0'],
    ['regr_intercept', ['double', 'double'], [[3, 1], [5, 2], [7, 3]], '1.0'],
    ['geometric_mean', ['double'], col(1, 4, 16), '3.9999999999999996'],
  ])('%s(%s) #%# ≈ %s', (name, types, rows, out) => {
    expect(Number(aggregate(name, types, rows))).toBeCloseTo(Number(out), 12);
    expect(Number(aggregate(name, types, rows, true))).toBeCloseTo(Number(out), 12);
  });

  it('result types', () => {
    const t = (name: string, ...args: string[]): string => formatType(resolveAggregate(name, args.map(p)).returnType);
    expect(t('sum', 'integer')).toBe('bigint');
    expect(t('sum', 'decimal(10,2)')).toBe('decimal(38,2)');
    expect(t('avg', 'bigint')).toBe('double');
    expect(t('avg', 'decimal(10,2)')).toBe('decimal(10,2)');
    expect(t('count')).toBe('bigint');
    expect(t('array_agg', 'varchar')).toBe('array(varchar)');
    expect(t('map_agg', 'varchar', 'double')).toBe('map(varchar, double)');
    expect(t('histogram', 'integer')).toBe('map(integer, bigint)');
    expect(resolveAggregate('array_agg', [p('integer')]).orderSensitive).toBe(true);
    expect(resolveAggregate('sum', [p('integer')]).orderSensitive).toBe(false);
  });

  it('errors', () => {
    expect(errorOf(() => aggregate('sum', ['bigint'], col(9223372036854775807n, 1n)))).toBe('NUMERIC_OVERFLOW');
    expect(errorOf(() => aggregate('sum', ['decimal(38,0)'], col(10n ** 38n - 1n, 1n)))).toBe('NUMERIC_OVERFLOW');
    expect(errorOf(() => resolveAggregate('sum', [p('varchar')]))).toBe('TYPE_MISMATCH');
    expect(errorOf(() => resolveAggregate('max', [p('map(varchar, integer)')]))).toBe('TYPE_MISMATCH');
    expect(errorOf(() => resolveAggregate('nope', []))).toBe('NOT_FOUND');
    expect(errorOf(() => aggregate('approx_percentile', ['integer', 'double'], [[1, 1.5]]))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => aggregate('map_agg', ['integer', 'integer'], [[1, 1]], false))).toBeUndefined();
  });

  it('approx_distinct: exact for small sets, ~2.3% error for large ones', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [BigInt(i % 1000)]);
    expect(aggregate('approx_distinct', ['bigint'], rows)).toBe('1000');
    const big = Array.from({ length: 50000 }, (_, i) => [BigInt(i)]);
    const est = Number(aggregate('approx_distinct', ['bigint'], big));
    expect(Math.abs(est - 50000) / 50000).toBeLessThan(0.07); // 3 standard errors
    const merged = Number(aggregate('approx_distinct', ['bigint'], big, true));
    expect(merged).toBe(est); // merge of partial sketches equals the one-pass sketch
  });
});

describe('registry classification and window functions', () => {
  it('isAggregateFunction / isWindowFunction', () => {
    expect(isAggregateFunction('COUNT')).toBe(true);
    expect(isAggregateFunction('stddev')).toBe(true);
    expect(isAggregateFunction('abs')).toBe(false);
    expect(isWindowFunction('row_number')).toBe(true);
    expect(isWindowFunction('lag')).toBe(true);
    expect(isWindowFunction('sum')).toBe(false);
    const all = listFunctions();
    expect(all).toContainEqual({ name: 'ceiling', kind: 'scalar' });
    expect(all).toContainEqual({ name: 'every', kind: 'aggregate' });
    expect(all).toContainEqual({ name: 'rank', kind: 'window' });
    expect(all.some((f) => f.name.startsWith('$'))).toBe(false);
    expect(all.length).toBeGreaterThan(250);
  });
  it('window function types', () => {
    expect(formatType(resolveWindowFunction('rank', []).returnType)).toBe('bigint');
    expect(formatType(resolveWindowFunction('percent_rank', []).returnType)).toBe('double');
    expect(formatType(resolveWindowFunction('ntile', [p('integer')]).returnType)).toBe('bigint');
    const lag = resolveWindowFunction('lag', [p('integer'), p('integer'), p('bigint')]);
    expect(formatType(lag.returnType)).toBe('bigint');
    expect(lag.argTypes.map(formatType)).toEqual(['bigint', 'bigint', 'bigint']);
    expect(formatType(resolveWindowFunction('first_value', [p('varchar')]).returnType)).toBe('varchar');
    expect(errorOf(() => resolveWindowFunction('rank', [p('integer')]))).toBe('TYPE_MISMATCH');
    expect(errorOf(() => resolveWindowFunction('sum', [p('integer')]))).toBe('NOT_FOUND');
  });
});
