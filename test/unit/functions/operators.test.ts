import { describe, expect, it } from 'vitest';
import { call, callRaw, errorOf, typeOf } from './call.js';
import { resolveScalar } from '../../../src/functions/registry.js';
import { parseTypeName as p } from '../../../src/types/type-parser.js';

describe('integer arithmetic', () => {
  it.each<[string, string, unknown, string, unknown, string | null]>([
    ['$add', 'integer', 1, 'integer', 2, '3'],
    ['$divide', 'integer', 7, 'integer', 2, '3'], // truncates (JS 7/2 = 3.5)
    ['$divide', 'integer', -7, 'integer', 2, '-3'], // toward zero (floor would give -4)
    ['$modulus', 'integer', -7, 'integer', 3, '-1'], // sign of the dividend
    ['$multiply', 'bigint', 3037000499n, 'bigint', 3037000499n, '9223372030926249001'],
    ['$subtract', 'tinyint', 5, 'integer', 7, '-2'],
    ['$add', 'integer', null, 'integer', 1, null],
    ['$divide', 'bigint', -9223372036854775807n, 'bigint', 2n, '-4611686018427387903'],
  ])('%s(%s %s, %s %s) = %s', (op, ta, a, tb, b, out) => {
    expect(call(op, [ta, a as never], [tb, b as never])).toBe(out);
  });

  it.each<[string, string, unknown, unknown, string]>([
    ['$add', 'integer', 2147483647, 1, 'NUMERIC_OVERFLOW'],
    ['$multiply', 'bigint', 9223372036854775807n, 2n, 'NUMERIC_OVERFLOW'],
    ['$subtract', 'tinyint', -128, 1, 'NUMERIC_OVERFLOW'],
    ['$divide', 'integer', 1, 0, 'DIVISION_BY_ZERO'],
    ['$modulus', 'bigint', 1n, 0n, 'DIVISION_BY_ZERO'],
    ['$divide', 'bigint', -9223372036854775808n, -1n, 'NUMERIC_OVERFLOW'],
  ])('%s %s %s,%s → %s', (op, t, a, b, code) => {
    expect(errorOf(() => call(op, [t, a as never], [t, b as never]))).toBe(code);
  });

  it('overflow message names the operation', () => {
    expect(() => call('$add', ['integer', 2147483647], ['integer', 1])).toThrow('integer addition overflow: 2147483647 + 1');
  });
  it('negation', () => {
    expect(call('$negate', ['integer', 5])).toBe('-5');
    expect(errorOf(() => call('$negate', ['integer', -2147483648]))).toBe('NUMERIC_OVERFLOW');
    expect(call('$negate', ['decimal(5,2)', 150n])).toBe('-1.50');
  });
});

describe('decimal arithmetic (exact)', () => {
  it.each<[string, string, string, string]>([
    ['$add', 'decimal(10,2)', 'decimal(5,3)', 'decimal(12,3)'],
    ['$multiply', 'decimal(10,2)', 'decimal(5,3)', 'decimal(15,5)'],
    ['$divide', 'decimal(10,2)', 'decimal(5,3)', 'decimal(14,3)'],
    ['$modulus', 'decimal(10,2)', 'decimal(5,3)', 'decimal(5,3)'],
    ['$add', 'integer', 'decimal(5,2)', 'decimal(13,2)'],
    ['$add', 'decimal(38,0)', 'decimal(38,0)', 'decimal(38,0)'],
    ['$add', 'decimal(10,2)', 'double', 'double'],
    ['$add', 'bigint', 'real', 'real'],
  ])('%s(%s, %s) : %s', (op, a, b, t) => {
    expect(typeOf(op, a, b)).toBe(t);
  });

  it.each<[string, string, bigint | number, string, bigint | number, string]>([
    ['$add', 'decimal(3,2)', 110n, 'decimal(3,2)', 220n, '3.30'], // 0.1+0.2 exact (double gives 0.30000000000000004)
    ['$divide', 'decimal(3,0)', 1n, 'decimal(3,0)', 3n, '0'], // scale max(0,0)=0
    ['$divide', 'decimal(4,1)', 10n, 'decimal(4,1)', 30n, '0.3'],
    ['$divide', 'decimal(4,1)', 20n, 'decimal(4,1)', 30n, '0.7'], // 0.666… HALF_UP
    ['$divide', 'decimal(4,1)', -20n, 'decimal(4,1)', 30n, '-0.7'],
    ['$divide', 'decimal(4,2)', 100n, 'decimal(4,1)', 3n, '3.33'],
    ['$multiply', 'decimal(3,2)', 150n, 'decimal(3,2)', 150n, '2.2500'],
    ['$modulus', 'decimal(4,1)', 55n, 'decimal(4,1)', 20n, '1.5'],
    ['$add', 'integer', 1, 'decimal(5,2)', 150n, '2.50'],
  ])('%s(%s %s, %s %s) = %s', (op, ta, a, tb, b, out) => {
    expect(call(op, [ta, a], [tb, b])).toBe(out);
  });

  it('overflow beyond 38 digits', () => {
    const big = 10n ** 38n - 1n;
    expect(errorOf(() => call('$add', ['decimal(38,0)', big], ['decimal(38,0)', 1n]))).toBe('NUMERIC_OVERFLOW');
  });
  it('division by zero', () => {
    expect(errorOf(() => call('$divide', ['decimal(5,2)', 100n], ['decimal(5,2)', 0n]))).toBe('DIVISION_BY_ZERO');
    expect(errorOf(() => call('$modulus', ['decimal(5,2)', 100n], ['integer', 0]))).toBe('DIVISION_BY_ZERO');
  });
});

describe('double arithmetic is IEEE', () => {
  it('1e0/0 = Infinity, 0e0/0 = NaN, no error', () => {
    expect(call('$divide', ['double', 1], ['double', 0])).toBe('Infinity');
    expect(call('$divide', ['double', 0], ['integer', 0])).toBe('NaN');
    expect(call('$modulus', ['double', 5.5], ['double', 2])).toBe('1.5');
    expect(call('$add', ['double', 0.1], ['double', 0.2])).toBe('0.30000000000000004');
  });
});

describe('date/time arithmetic', () => {
  it.each<[string, [string, unknown], [string, unknown], string]>([
    ['$add', ['date', 19753], ['interval year to month', 1], '2024-02-29'], // Jan 31 + 1 month clamps
    ['$add', ['date', 19753], ['interval day to second', 86_400_000], '2024-02-01'],
    ['$add', ['interval day to second', 86_400_000], ['date', 19753], '2024-02-01'],
    ['$subtract', ['date', 19753], ['interval year to month', 12], '2023-01-31'],
    ['$add', ['timestamp(3)', 1706704496789000], ['interval day to second', 3_600_000], '2024-01-31 13:34:56.789'],
    ['$subtract', ['date', 19753], ['date', 19750], '3 00:00:00.000'],
    ['$subtract', ['timestamp(3)', 1706704496789000], ['timestamp(3)', 1706700000000000], '0 01:14:56.789'],
    ['$multiply', ['interval day to second', 1000], ['integer', 3], '0 00:00:03.000'],
    ['$add', ['interval year to month', 5], ['interval year to month', 8], '1-1'],
  ])('%s(%s, %s) = %s', (op, a, b, out) => {
    expect(call(op, a as never, b as never)).toBe(out);
  });
  it('adding hours to a date is an error', () => {
    expect(errorOf(() => call('$add', ['date', 1], ['interval day to second', 3_600_000]))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
  it('timestamp with time zone + 1 month keeps wall clock across DST', () => {
    // 2024-03-01 12:00 New York (EST, -5) + 1 month = 2024-04-01 12:00 EDT (-4)
    const start = { micros: Date.UTC(2024, 2, 1, 17) * 1000, zone: 'America/New_York' };
    const r = callRaw('$add', [['timestamp(3) with time zone', start], ['interval year to month', 1]]);
    expect(r.value).toEqual({ micros: Date.UTC(2024, 3, 1, 16) * 1000, zone: 'America/New_York' });
  });
});

describe('comparisons', () => {
  it.each<[string, [string, unknown], [string, unknown], string | null]>([
    ['$eq', ['integer', 1], ['bigint', 1n], 'true'],
    ['$eq', ['integer', 1], ['decimal(3,1)', 10n], 'true'],
    ['$lt', ['varchar', 'a'], ['varchar', 'b'], 'true'],
    ['$eq', ['double', NaN], ['double', NaN], 'false'],
    ['$lt', ['double', NaN], ['double', 1], 'false'],
    ['$ne', ['double', NaN], ['double', NaN], 'true'],
    ['$eq', ['array(integer)', [1, null]], ['array(integer)', [1, null]], null],
    ['$eq', ['array(integer)', [1, null]], ['array(integer)', [2, null]], 'false'],
    ['$eq', ['map(varchar, integer)', { keys: ['a', 'b'], values: [1, 2] }], ['map(varchar, integer)', { keys: ['b', 'a'], values: [2, 1] }], 'true'],
    ['$ge', ['date', 5], ['timestamp(3)', 5 * 86400e6], 'true'],
    ['$is_distinct_from', ['integer', null], ['integer', null], 'false'],
    ['$is_distinct_from', ['integer', 1], ['integer', null], 'true'],
    ['$is_distinct_from', ['double', NaN], ['double', NaN], 'false'],
    ['$eq', ['integer', null], ['integer', 1], null],
    // char semantics: trailing spaces do not count (Trino pads both sides)
    ['$eq', ['char(5)', 'ab   '], ['varchar', 'ab'], 'true'],
    ['$eq', ['char(5)', 'ab   '], ['varchar(2)', 'ab'], 'true'],
    ['$lt', ['char(3)', 'ab '], ['varchar', 'abc'], 'true'],
    ['$eq', ['char(5)', 'ab   '], ['varchar', 'ab '], 'true'],
  ])('%s(%s, %s) = %s', (op, a, b, out) => {
    expect(call(op, a as never, b as never)).toBe(out);
  });
  it('incompatible types are TYPE_MISMATCH; maps are not orderable', () => {
    expect(errorOf(() => resolveScalar('$eq', [p('varchar'), p('integer')]))).toBe('TYPE_MISMATCH');
    expect(errorOf(() => resolveScalar('$lt', [p('map(varchar, integer)'), p('map(varchar, integer)')]))).toBe('TYPE_MISMATCH');
  });
});

describe('concat, like, subscript, at time zone', () => {
  it('|| on strings, varbinary and arrays', () => {
    expect(call('$concat', ['varchar', 'ab'], ['varchar(3)', 'cde'])).toBe('abcde');
    expect(call('$concat', ['array(integer)', [1]], ['array(bigint)', [2n]])).toBe('[1, 2]');
    expect(typeOf('$concat', 'array(integer)', 'array(bigint)')).toBe('array(bigint)');
    expect(call('$concat', ['integer', 0], ['array(integer)', [1]])).toBe('[0, 1]');
    expect(call('$concat', ['varbinary', new Uint8Array([1])], ['varbinary', new Uint8Array([2])])).toBe('01 02');
    expect(errorOf(() => resolveScalar('$concat', [p('integer'), p('varchar')]))).toBe('TYPE_MISMATCH');
  });
  it.each<[string, string, string | null, boolean]>([
    ['abc', 'a%', null, true],
    ['abc', '_b_', null, true],
    ['abc', 'b%', null, false],
    ['a%c', 'a\\%c', '\\', true],
    ['abc', 'a\\%c', '\\', false],
    ['a.c', 'a.c', null, true],
    ['axc', 'a.c', null, false],
    ['line1\nline2', 'line1%', null, true],
    // string-method fast paths must agree with the regex semantics
    ['', '%', null, true],
    ['', '', null, true],
    ['a', '', null, false],
    ['abc', '%%', null, true],
    ['abc', 'abc', null, true],
    ['abcd', 'abc', null, false],
    ['xabc', '%abc', null, true],
    ['abcx', '%abc', null, false],
    ['abc', 'ab%', null, true],
    ['the green box', '%green%', null, true],
    ['greeN', '%green%', null, false],
    ['a_c', 'a\\_c', '\\', true],
    ['abc', 'a\\_c', '\\', false],
  ])('%s LIKE %s ESCAPE %s = %s', (v, pat, esc, out) => {
    const args: [string, string][] = [['varchar', v], ['varchar', pat]];
    if (esc) args.push(['varchar', esc]);
    expect(call('$like', ...args)).toBe(String(out));
  });
  it('bad escape', () => {
    expect(errorOf(() => call('$like', ['varchar', 'a'], ['varchar', 'a'], ['varchar', 'ab']))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
  it('array subscript is 1-based and strict (element_at is lenient)', () => {
    expect(call('$subscript', ['array(varchar)', ['a', 'b']], ['integer', 2])).toBe('b');
    expect(errorOf(() => call('$subscript', ['array(varchar)', ['a']], ['integer', 2]))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(() => call('$subscript', ['array(varchar)', ['a']], ['integer', 0])).toThrow('SQL array indices start at 1');
    expect(call('$subscript', ['map(varchar, integer)', { keys: ['a'], values: [1] }], ['varchar', 'a'])).toBe('1');
    expect(() => call('$subscript', ['map(varchar, integer)', { keys: ['a'], values: [1] }], ['varchar', 'z'])).toThrow('Key not present in map: z');
  });
  it('AT TIME ZONE', () => {
    const v = { micros: Date.UTC(2024, 0, 31, 12) * 1000, zone: 'UTC' };
    expect(call('$at_timezone', ['timestamp(3) with time zone', v], ['varchar', 'Asia/Kolkata'])).toBe('2024-01-31 17:30:00.000 Asia/Kolkata');
    expect(call('$at_timezone', ['timestamp(3)', Date.UTC(2024, 0, 31, 12) * 1000], ['varchar', '-08:00'])).toBe('2024-01-31 04:00:00.000 -08:00');
    expect(errorOf(() => call('$at_timezone', ['timestamp(3) with time zone', v], ['varchar', 'Mars/Base']))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});
