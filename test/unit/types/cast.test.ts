import { describe, expect, it } from 'vitest';
import { canCast, castValue, tryCastValue } from '../../../src/types/cast.js';
import { parseTypeName as p } from '../../../src/types/type-parser.js';
import { formatValue } from '../../../src/types/format-value.js';
import type { Value } from '../../../src/types/value.js';
import { AegisError } from '../../../src/errors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AegisError ? e.code : 'NOT_AEGIS';
  }
  return undefined;
}

/** cast then show as the user would see it */
function show(v: Value, from: string, to: string): string | null {
  return formatValue(castValue(v, p(from), p(to), { sessionTimeZone: 'UTC' }), p(to));
}

describe('castValue — numbers', () => {
  it.each<[Value, string, string, string | null]>([
    // Trino rounds half away from zero (JS Math.round(-2.5) = -2 would differ)
    [2.5, 'double', 'integer', '3'],
    [-2.5, 'double', 'integer', '-3'],
    [1.4999, 'double', 'bigint', '1'],
    [12345n, 'decimal(10,2)', 'integer', '123'], // 123.45 → 123
    [12350n, 'decimal(10,2)', 'integer', '124'], // 123.50 → 124 (HALF_UP)
    [-12350n, 'decimal(10,2)', 'integer', '-124'],
    ['42', 'varchar', 'integer', '42'],
    ['-7', 'varchar', 'bigint', '-7'],
    ['+7', 'varchar', 'tinyint', '7'],
    ['1.5', 'varchar', 'double', '1.5'],
    ['1e10', 'varchar', 'double', '1.0E10'],
    ['NaN', 'varchar', 'double', 'NaN'],
    ['-Infinity', 'varchar', 'double', '-Infinity'],
    ['1.005', 'varchar', 'decimal(5,2)', '1.01'], // HALF_UP, exact (double would give 1.00)
    ['-1.005', 'varchar', 'decimal(5,2)', '-1.01'],
    [1.005, 'double', 'decimal(5,2)', '1.01'], // from the shortest text of the double, as BigDecimal.valueOf
    [1234n, 'decimal(4,3)', 'decimal(3,1)', '1.2'],
    [5, 'integer', 'decimal(3,1)', '5.0'],
    [12345n, 'decimal(5,2)', 'double', '123.45'],
    [5, 'integer', 'double', '5.0'],
    [10000000n, 'bigint', 'double', '1.0E7'],
    [0.1, 'double', 'real', '0.1'],
    [true, 'boolean', 'integer', '1'],
    [0, 'integer', 'boolean', 'false'],
    ['TRUE', 'varchar', 'boolean', 'true'],
    ['f', 'varchar', 'boolean', 'false'],
    [123, 'integer', 'varchar', '123'],
    [1.5, 'double', 'varchar', '1.5'],
    [150n, 'decimal(5,2)', 'varchar', '1.50'],
    [-5n, 'decimal(5,2)', 'varchar', '-0.05'],
    ['abcdef', 'varchar', 'varchar(3)', 'abc'],
    ['ab', 'varchar', 'char(4)', 'ab  '],
  ])('CAST(%s AS %s→%s) = %s', (v, from, to, expected) => {
    expect(show(v, from, to)).toBe(expected);
  });

  it.each<[Value, string, string, string]>([
    ['abc', 'varchar', 'integer', 'INVALID_CAST'],
    ['1.5', 'varchar', 'integer', 'INVALID_CAST'],
    [' 12', 'varchar', 'integer', 'INVALID_CAST'], // Long.parseLong rejects spaces
    ['99999999999', 'varchar', 'integer', 'INVALID_CAST'],
    ['abc', 'varchar', 'double', 'INVALID_CAST'],
    ['yes', 'varchar', 'boolean', 'INVALID_CAST'],
    [3e9, 'double', 'integer', 'NUMERIC_OVERFLOW'],
    [NaN, 'double', 'integer', 'INVALID_CAST'],
    [300, 'integer', 'tinyint', 'NUMERIC_OVERFLOW'],
    [2147483648n, 'bigint', 'integer', 'NUMERIC_OVERFLOW'],
    [12345n, 'decimal(5,2)', 'decimal(3,2)', 'INVALID_CAST'],
    ['1234.5', 'varchar', 'decimal(4,1)', 'INVALID_CAST'],
    [1e30, 'double', 'decimal(10,2)', 'INVALID_CAST'],
    ['2024-02-30', 'varchar', 'date', 'INVALID_CAST'],
    ['nope', 'varchar', 'timestamp(3)', 'INVALID_CAST'],
  ])('CAST(%s AS %s→%s) fails with %s', (v, from, to, code) => {
    expect(codeOf(() => castValue(v, p(from), p(to)))).toBe(code);
    expect(tryCastValue(v, p(from), p(to))).toBeNull();
  });

  it('message names the value and the type', () => {
    expect(() => castValue('abc', p('varchar'), p('integer'))).toThrow("Cannot cast 'abc' to integer");
  });
});

describe('castValue — dates and times', () => {
  it.each<[Value, string, string, string | null]>([
    ['2024-01-31', 'varchar', 'date', '2024-01-31'],
    ['2024-01-31 12:34:56.789', 'varchar', 'timestamp(3)', '2024-01-31 12:34:56.789'],
    ['2024-01-31 12:34:56.7895', 'varchar', 'timestamp(3)', '2024-01-31 12:34:56.790'],
    ['2024-01-31', 'varchar', 'timestamp(3)', '2024-01-31 00:00:00.000'],
    ['2024-01-31 12:34', 'varchar', 'timestamp(0)', '2024-01-31 12:34:00'],
    ['2024-01-31 12:00:00 America/New_York', 'varchar', 'timestamp(3) with time zone', '2024-01-31 12:00:00.000 America/New_York'],
    ['2024-01-31 12:00:00 +05:30', 'varchar', 'timestamp(3) with time zone', '2024-01-31 12:00:00.000 +05:30'],
    ['2024-01-31 12:00:00', 'varchar', 'timestamp(3) with time zone', '2024-01-31 12:00:00.000 UTC'],
    [19753, 'date', 'timestamp(3)', '2024-01-31 00:00:00.000'],
    [1706704496789000, 'timestamp(3)', 'date', '2024-01-31'],
    [1706704496789000, 'timestamp(3)', 'varchar', '2024-01-31 12:34:56.789'],
    [1706704496789123, 'timestamp(6)', 'timestamp(3)', '2024-01-31 12:34:56.789'],
    [-1, 'date', 'varchar', '1969-12-31'],
  ])('CAST(%s AS %s→%s) = %s', (v, from, to, expected) => {
    expect(show(v, from, to)).toBe(expected);
  });

  it('timestamp with time zone keeps the instant; cast to timestamp gives wall clock', () => {
    const tz = castValue('2024-07-01 12:00:00 America/New_York', p('varchar'), p('timestamp(3) with time zone'));
    expect(tz).toEqual({ micros: Date.UTC(2024, 6, 1, 16) * 1000, zone: 'America/New_York' });
    expect(show(tz, 'timestamp(3) with time zone', 'timestamp(3)')).toBe('2024-07-01 12:00:00.000');
  });
});

describe('castValue — json and containers', () => {
  it.each<[Value, string, string, string | null]>([
    ['abc', 'varchar', 'json', '"abc"'],
    [[1, 2, null], 'array(integer)', 'json', '[1,2,null]'],
    [{ keys: ['b', 'a'], values: [1, 2] }, 'map(varchar, integer)', 'json', '{"a":2,"b":1}'],
    [[1, 'x'], 'row(a integer, b varchar)', 'json', '{"a":1,"b":"x"}'],
    [[1, 'x'], 'row(integer, varchar)', 'json', '[1,"x"]'],
    [150n, 'decimal(5,2)', 'json', '1.50'],
    [1.5, 'double', 'json', '1.5'],
    ['[1,2,3]', 'json', 'array(integer)', '[1, 2, 3]'],
    ['{"a":1,"b":null}', 'json', 'map(varchar, bigint)', '{a=1, b=null}'],
    ['{"A":1,"b":"x"}', 'json', 'row(a integer, b varchar)', '{a=1, b=x}'],
    ['"12"', 'json', 'integer', '12'],
    ['12.6', 'json', 'integer', '13'],
    ['"abc"', 'json', 'varchar', 'abc'],
    ['12.5', 'json', 'varchar', '12.5'],
    ['true', 'json', 'boolean', 'true'],
    ['null', 'json', 'varchar', null],
    [[1, 2], 'array(integer)', 'array(varchar)', '[1, 2]'],
    [['1', 'x'], 'array(varchar)', 'array(integer)', 'X'],
  ])('CAST(%s AS %s→%s) = %s', (v, from, to, expected) => {
    if (expected === 'X') {
      expect(codeOf(() => castValue(v, p(from), p(to)))).toBe('INVALID_CAST');
      return;
    }
    expect(show(v, from, to)).toBe(expected);
  });

  it('json → array of non-array is INVALID_CAST', () => {
    expect(codeOf(() => castValue('{"a":1}', p('json'), p('array(integer)')))).toBe('INVALID_CAST');
  });
});

describe('canCast', () => {
  it.each([
    ['varchar', 'integer', true],
    ['integer', 'varchar', true],
    ['varchar', 'array(integer)', false],
    ['json', 'array(integer)', true],
    ['array(integer)', 'json', true],
    ['date', 'integer', false],
    ['varchar', 'date', true],
    ['varbinary', 'integer', false],
  ])('%s → %s: %s', (a, b, ok) => {
    expect(canCast(p(a), p(b))).toBe(ok);
  });
});
