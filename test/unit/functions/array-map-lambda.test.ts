import { describe, expect, it } from 'vitest';
import { call, errorOf, typeOf } from './call.js';
import type { Arg } from './call.js';
import { resolveScalar } from '../../../src/functions/registry.js';
import type { LambdaFn } from '../../../src/functions/registry.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import { parseTypeName as p } from '../../../src/types/type-parser.js';
import { formatType } from '../../../src/types/sql-type.js';
import type { MapValue, Value } from '../../../src/types/value.js';

const ai = (xs: (number | null)[]): Arg => ['array(integer)', xs];
const av = (xs: (string | null)[]): Arg => ['array(varchar)', xs];
const n = (x: number): Arg => ['bigint', BigInt(x)];
const m = (keys: Value[], values: Value[], t = 'map(varchar, integer)'): Arg => [t, { keys, values } satisfies MapValue];

/** A lambda whose body type is computed like the binder would, from the param types. */
function lam(arity: number, fn: LambdaFn, body: (ps: SqlType[]) => SqlType): Arg {
  return { arity, lambda: fn, body };
}
const same = (ps: SqlType[]): SqlType => ps[0]!;
const bool = (): SqlType => p('boolean');

describe('array functions', () => {
  it.each<[string, Arg[], string | null]>([
    ['cardinality', [ai([1, 2, null])], '3'],
    ['cardinality', [m(['a'], [1])], '1'],
    ['element_at', [ai([1, 2, 3]), n(2)], '2'],
    ['element_at', [ai([1, 2, 3]), n(-1)], '3'],
    ['element_at', [ai([1, 2, 3]), n(5)], null], // NULL, where a[5] fails
    ['element_at', [m(['a'], [1]), ['varchar', 'b']], null],
    ['element_at', [m(['a'], [1]), ['varchar', 'a']], '1'],
    ['contains', [ai([1, 2]), ['integer', 2]], 'true'],
    ['contains', [ai([1, null]), ['integer', 2]], null], // unknown because of the NULL element
    ['contains', [ai([1, 2]), ['bigint', 3n]], 'false'],
    ['array_position', [av(['a', 'b', 'a']), ['varchar', 'a']], '1'],
    ['array_position', [av(['a', 'b', 'a']), ['varchar', 'a'], n(2)], '3'],
    ['array_position', [av(['a', 'b', 'a']), ['varchar', 'a'], n(-1)], '3'],
    ['array_position', [av(['a']), ['varchar', 'z']], '0'],
    ['array_remove', [ai([1, 2, 1, null]), ['integer', 1]], '[2, null]'],
    ['array_distinct', [ai([3, 1, 3, null, 1, null])], '[3, 1, null]'],
    ['array_sort', [ai([3, null, 1, 2])], '[1, 2, 3, null]'],
    ['array_sort', [av(['b', 'a', 'C'])], '[C, a, b]'],
    ['array_sort_desc', [ai([3, null, 1, 2])], '[3, 2, 1, null]'],
    ['array_max', [ai([3, 1, 2])], '3'],
    ['array_min', [ai([3, 1, 2])], '1'],
    ['array_max', [ai([3, null])], null],
    ['array_join', [ai([1, null, 3]), ['varchar', ',']], '1,3'],
    ['array_join', [ai([1, null, 3]), ['varchar', ','], ['varchar', 'N']], '1,N,3'],
    ['array_join', [['array(double)', [1.5, 2]], ['varchar', '|']], '1.5|2.0'],
    ['array_union', [ai([1, 2, 2]), ai([2, 3])], '[1, 2, 3]'],
    ['array_intersect', [ai([1, 2, 2, 4]), ai([2, 4, 5])], '[2, 4]'],
    ['array_except', [ai([1, 2, 2, 4]), ai([2])], '[1, 4]'],
    ['arrays_overlap', [ai([1, 2]), ai([2, 3])], 'true'],
    ['arrays_overlap', [ai([1, null]), ai([3])], null],
    ['slice', [ai([1, 2, 3, 4, 5]), n(2), n(2)], '[2, 3]'],
    ['slice', [ai([1, 2, 3, 4, 5]), n(-2), n(5)], '[4, 5]'],
    ['slice', [ai([1, 2]), n(5), n(1)], '[]'],
    ['trim_array', [ai([1, 2, 3]), n(2)], '[1]'],
    ['flatten', [['array(array(integer))', [[1, 2], null, [3]]]], '[1, 2, 3]'],
    ['sequence', [n(1), n(5)], '[1, 2, 3, 4, 5]'],
    ['sequence', [n(5), n(1)], '[5, 4, 3, 2, 1]'],
    ['sequence', [n(1), n(10), n(4)], '[1, 5, 9]'],
    ['sequence', [['date', 19753], ['date', 19755]], '[2024-01-31, 2024-02-01, 2024-02-02]'],
    ['sequence', [['date', 19753], ['date', 19814], ['interval year to month', 1]], '[2024-01-31, 2024-02-29, 2024-03-31]'],
    ['sequence', [['timestamp(3)', 0], ['timestamp(3)', 7200e6], ['interval day to second', 3600e3]], '[1970-01-01 00:00:00.000, 1970-01-01 01:00:00.000, 1970-01-01 02:00:00.000]'],
    ['repeat', [['varchar', 'x'], n(3)], '[x, x, x]'],
    ['repeat', [['integer', null], n(2)], '[null, null]'],
    ['zip', [ai([1, 2]), av(['a'])], '[{field0=1, field1=a}, {field0=2, field1=null}]'],
    ['concat', [ai([1]), ai([2]), ai([])], '[1, 2]'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });
  it('types', () => {
    expect(typeOf('contains', 'array(integer)', 'bigint')).toBe('boolean');
    expect(typeOf('zip', 'array(integer)', 'array(varchar)')).toBe('array(row(integer, varchar))');
    expect(typeOf('array_union', 'array(integer)', 'array(double)')).toBe('array(double)');
    expect(typeOf('flatten', 'array(array(varchar))')).toBe('array(varchar)');
  });
  it.each<[string, Arg[]]>([
    ['element_at', [ai([1]), n(0)]],
    ['slice', [ai([1]), n(0), n(1)]],
    ['sequence', [n(1), n(5), n(0)]],
    ['sequence', [n(1), n(5), n(-1)]],
    ['sequence', [n(1), n(100000)]],
    ['repeat', [['integer', 1], n(-1)]],
  ])('%s(%s) → INVALID_FUNCTION_ARGUMENT', (name, args) => {
    expect(errorOf(() => call(name, ...args))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});

describe('map functions', () => {
  it.each<[string, Arg[], string | null]>([
    ['map', [av(['a', 'b']), ai([1, 2])], '{a=1, b=2}'],
    ['map', [], '{}'],
    ['map_from_entries', [['array(row(varchar, integer))', [['a', 1], ['b', null]]]], '{a=1, b=null}'],
    ['map_entries', [m(['a', 'b'], [1, 2])], '[{field0=a, field1=1}, {field0=b, field1=2}]'],
    ['map_keys', [m(['a', 'b'], [1, 2])], '[a, b]'],
    ['map_values', [m(['a', 'b'], [1, 2])], '[1, 2]'],
    ['map_concat', [m(['a', 'b'], [1, 2]), m(['b', 'c'], [20, 30])], '{a=1, b=20, c=30}'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });
  it.each<[string, Arg[], string]>([
    ['map', [av(['a', 'a']), ai([1, 2])], 'Duplicate map keys (a) are not allowed'],
    ['map', [av(['a', null]), ai([1, 2])], 'map key cannot be null'],
    ['map', [av(['a']), ai([1, 2])], 'Key and value arrays must be the same length'],
  ])('%s(%s) → %s', (name, args, msg) => {
    expect(() => call(name, ...args)).toThrow(msg);
    expect(errorOf(() => call(name, ...args))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});

describe('lambda functions', () => {
  const mulType = (ps: SqlType[]): SqlType => resolveScalar('$multiply', [ps[0]!, p('integer')]).returnType;
  it.each<[string, Arg[], string | null]>([
    ['transform', [ai([1, 2, null]), lam(1, (x) => (x === null ? null : (x as number) * 2), mulType)], '[2, 4, null]'],
    ['transform', [ai([1, 2]), lam(1, (x) => String(x), () => p('varchar'))], '[1, 2]'],
    ['filter', [ai([1, 2, 3, null]), lam(1, (x) => (x === null ? null : (x as number) > 1), bool)], '[2, 3]'],
    ['any_match', [ai([1, 2]), lam(1, (x) => (x as number) > 1, bool)], 'true'],
    ['all_match', [ai([1, 2]), lam(1, (x) => (x as number) > 1, bool)], 'false'],
    ['none_match', [ai([1, 2]), lam(1, (x) => (x as number) > 5, bool)], 'true'],
    ['any_match', [ai([1, null]), lam(1, (x) => (x === null ? null : (x as number) > 5), bool)], null],
    ['any_match', [ai([]), lam(1, () => true, bool)], 'false'],
    ['all_match', [ai([]), lam(1, () => false, bool)], 'true'],
    ['zip_with', [ai([1, 2]), ai([10, 20, 30]), lam(2, (a, b) => (a === null || b === null ? null : (a as number) + (b as number)), same)], '[11, 22, null]'],
    ['array_sort', [av(['bb', 'a', 'ccc']), lam(2, (a, b) => Math.sign((b as string).length - (a as string).length), () => p('integer'))], '[ccc, bb, a]'],
    ['map_filter', [m(['a', 'b'], [1, 2]), lam(2, (_k, v) => (v as number) > 1, bool)], '{b=2}'],
    ['transform_values', [m(['a', 'b'], [1, 2]), lam(2, (_k, v) => (v as number) * 10, (ps) => mulType([ps[1]!]))], '{a=10, b=20}'],
    ['transform_keys', [m(['a', 'b'], [1, 2]), lam(2, (k) => (k as string).toUpperCase(), () => p('varchar'))], '{A=1, B=2}'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });

  it('reduce widens an integer state to the bigint the body returns', () => {
    const seen: string[] = [];
    const step = lam(2, (s, x) => (s as bigint) + (x as bigint), (ps) => {
      seen.push(ps.map(formatType).join(','));
      return resolveScalar('$add', ps).returnType;
    });
    const out = lam(1, (s) => s, same);
    expect(call('reduce', ['array(bigint)', [5n, 20n, 50n]], ['integer', 0], step, out)).toBe('75');
    expect(seen).toEqual(['integer,bigint', 'bigint,bigint']);
    const r = resolveScalar('reduce', [p('array(bigint)'), p('integer'), { kind: 'lambda', arity: 2, bind: (ps) => resolveScalar('$add', ps).returnType }, { kind: 'lambda', arity: 1, bind: (ps) => ps[0]! }]);
    expect(formatType(r.returnType)).toBe('bigint');
    expect(r.argTypes.map(formatType)).toEqual(['array(bigint)', 'bigint', 'unknown', 'unknown']);
    expect(r.lambdas[2]!.params.map(formatType)).toEqual(['bigint', 'bigint']);
  });

  it('reduce with a double state', () => {
    const step = lam(2, (s, x) => (s as number) + (x as number), (ps) => resolveScalar('$add', ps).returnType);
    const out = lam(1, (s) => (s as number) * 2, same);
    expect(call('reduce', ['array(double)', [1.5, 2.5]], ['double', 0], step, out)).toBe('8.0');
  });

  it('filter needs a boolean lambda; wrong arity is a type mismatch', () => {
    expect(errorOf(() => call('filter', ai([1]), lam(1, (x) => x, same)))).toBe('TYPE_MISMATCH');
    expect(errorOf(() => call('transform', ai([1]), lam(2, (x) => x, same)))).toBe('TYPE_MISMATCH');
  });

  it('transform_keys rejects duplicate keys', () => {
    expect(errorOf(() => call('transform_keys', m(['a', 'b'], [1, 2]), lam(2, () => 'k', () => p('varchar'))))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});
