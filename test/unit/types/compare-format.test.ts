import { describe, expect, it } from 'vitest';
import { compareValues, hashValue, valuesEqual } from '../../../src/types/compare.js';
import { formatValue, parseValueFromText } from '../../../src/types/format-value.js';
import { parseTypeName as p } from '../../../src/types/type-parser.js';
import type { Value } from '../../../src/types/value.js';

describe('compareValues', () => {
  it('doubles: NaN sorts after +Infinity, -0.0 = 0.0, NULL last', () => {
    const vals: Value[] = [NaN, null, 1, -Infinity, Infinity, 0, -0];
    const sorted = [...vals].sort((a, b) => compareValues(a, b, p('double')));
    expect(sorted.slice(0, 5)).toEqual([-Infinity, 0, -0, 1, Infinity]);
    expect(Number.isNaN(sorted[5])).toBe(true);
    expect(sorted[6]).toBeNull();
    expect(compareValues(-0, 0, p('double'))).toBe(0);
  });
  it('strings compare by code point, not UTF-16 unit (U+FF5E < U+1F600)', () => {
    expect('\u{1F600}' < '\uFF5E').toBe(true); // JS order
    expect(compareValues('\u{1F600}', '\uFF5E', p('varchar'))).toBe(1); // Trino order
    expect(compareValues('a', 'ab', p('varchar'))).toBe(-1);
  });
  it('bigint and decimal exact beyond 2^53', () => {
    expect(compareValues(9007199254740993n, 9007199254740992n, p('bigint'))).toBe(1);
    expect(compareValues(-5n, 3n, p('decimal(38,10)'))).toBe(-1);
  });
  it('arrays lexicographic, shorter first; rows field by field', () => {
    const t = p('array(integer)');
    expect(compareValues([1, 2], [1, 3], t)).toBe(-1);
    expect(compareValues([1, 2], [1, 2, 0], t)).toBe(-1);
    expect(compareValues([2], [1, 9], t)).toBe(1);
    expect(compareValues([1, 'b'], [1, 'a'], p('row(a integer, b varchar)'))).toBe(1);
  });
  it('varbinary bytewise, booleans false < true, timestamps with zone by instant', () => {
    expect(compareValues(new Uint8Array([1, 255]), new Uint8Array([2]), p('varbinary'))).toBe(-1);
    expect(compareValues(false, true, p('boolean'))).toBe(-1);
    const tz = p('timestamp(3) with time zone');
    expect(compareValues({ micros: 10, zone: 'UTC' }, { micros: 10, zone: 'Asia/Tokyo' }, tz)).toBe(0);
  });
});

describe('valuesEqual / hashValue', () => {
  it.each<[string, Value, Value, boolean]>([
    ['double', NaN, NaN, true],
    ['double', 0, -0, true],
    ['bigint', 12n, 12n, true],
    ['decimal(20,2)', 123456789012345678n, 123456789012345678n, true],
    ['varchar', 'a', 'b', false],
    ['array(integer)', [1, null], [1, null], true],
    ['array(integer)', [1, 2], [2, 1], false],
    ['map(varchar, integer)', { keys: ['a', 'b'], values: [1, 2] }, { keys: ['b', 'a'], values: [2, 1] }, true],
    ['map(varchar, integer)', { keys: ['a'], values: [1] }, { keys: ['a'], values: [2] }, false],
    ['row(a integer, b varchar)', [1, 'x'], [1, 'x'], true],
    ['varbinary', new Uint8Array([1, 2]), new Uint8Array([1, 2]), true],
  ])('%s: %s vs %s → %s', (type, a, b, eq) => {
    const t = p(type);
    expect(valuesEqual(a, b, t)).toBe(eq);
    if (eq) expect(hashValue(a, t)).toBe(hashValue(b, t));
  });
  it('NULL is not distinct from NULL', () => {
    expect(valuesEqual(null, null, p('integer'))).toBe(true);
    expect(valuesEqual(null, 1, p('integer'))).toBe(false);
  });
  it('hashes spread', () => {
    const t = p('bigint');
    const hs = new Set<number>();
    for (let i = 0n; i < 1000n; i++) hs.add(hashValue(i * 7919n, t));
    expect(hs.size).toBe(1000);
  });
});

describe('formatValue (what Athena shows)', () => {
  it.each<[Value, string, string | null]>([
    [null, 'integer', null],
    ['héllo', 'varchar', 'héllo'],
    [true, 'boolean', 'true'],
    [42, 'integer', '42'],
    [9007199254740993n, 'bigint', '9007199254740993'],
    [1.5, 'double', '1.5'],
    [1, 'double', '1.0'],
    [1e10, 'double', '1.0E10'],
    [0.0001, 'double', '1.0E-4'],
    [1234567.5, 'double', '1234567.5'],
    [NaN, 'double', 'NaN'],
    [-Infinity, 'double', '-Infinity'],
    [Math.fround(0.1), 'real', '0.1'],
    [150n, 'decimal(10,2)', '1.50'],
    [-1n, 'decimal(10,3)', '-0.001'],
    [0n, 'decimal(10,2)', '0.00'],
    [19753, 'date', '2024-01-31'],
    [1706704496789000, 'timestamp(3)', '2024-01-31 12:34:56.789'],
    [1706704496789123, 'timestamp(6)', '2024-01-31 12:34:56.789123'],
    [1706704496000000, 'timestamp(0)', '2024-01-31 12:34:56'],
    [{ micros: 1706704496789000, zone: 'UTC' }, 'timestamp(3) with time zone', '2024-01-31 12:34:56.789 UTC'],
    [{ micros: 1706704496789000, zone: 'Asia/Tokyo' }, 'timestamp(3) with time zone', '2024-01-31 21:34:56.789 Asia/Tokyo'],
    [new Uint8Array([0x61, 0x62, 0x0a]), 'varbinary', '61 62 0a'],
    [[1, 2, null], 'array(integer)', '[1, 2, null]'],
    [[['a'], []], 'array(array(varchar))', '[[a], []]'],
    [{ keys: ['k', 'k2'], values: [1.5, null] }, 'map(varchar, double)', '{k=1.5, k2=null}'],
    [[1, 'x'], 'row(a integer, b varchar)', '{a=1, b=x}'],
    [[1, 'x'], 'row(integer, varchar)', '{field0=1, field1=x}'],
    ['{"a":1}', 'json', '{"a":1}'],
    [90061500, 'interval day to second', '1 01:01:01.500'],
    [14, 'interval year to month', '1-2'],
    ['ab ', 'char(3)', 'ab '],
  ])('%s as %s → %s', (v, type, text) => {
    expect(formatValue(v, p(type))).toBe(text);
  });
});

describe('parseValueFromText round-trips formatValue', () => {
  it.each<[Value, string]>([
    [42, 'integer'],
    [9007199254740993n, 'bigint'],
    [1e10, 'double'],
    [150n, 'decimal(10,2)'],
    [19753, 'date'],
    [1706704496789000, 'timestamp(3)'],
    [{ micros: 1706704496789000, zone: 'Asia/Tokyo' }, 'timestamp(3) with time zone'],
    [new Uint8Array([1, 2, 255]), 'varbinary'],
    [[1, null, 3], 'array(integer)'],
    [{ keys: ['a', 'b'], values: [1n, null] }, 'map(varchar, bigint)'],
    [[1, 'x'], 'row(a integer, b varchar)'],
    [true, 'boolean'],
  ])('%s as %s', (v, type) => {
    const t = p(type);
    expect(parseValueFromText(formatValue(v, t), t)).toEqual(v);
  });
});
