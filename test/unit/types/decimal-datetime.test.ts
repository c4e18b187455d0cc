import { describe, expect, it } from 'vitest';
import {
  decimalDivide, decimalResultType, divideHalfUp, formatDecimal, parseDecimalText, rescale,
} from '../../../src/types/decimal.js';
import {
  addMonthsToDays, civilFromDays, daysFromCivil, formatTimestamp, isoDayOfWeek, normalizeZone, parseTimestamp,
  zoneOffsetMinutes,
} from '../../../src/types/datetime.js';
import { javaDoubleToString, javaFloatToString } from '../../../src/types/number-format.js';
import { canonicalJson } from '../../../src/types/json-value.js';
import { errorOf } from '../functions/call.js';

describe('decimal helpers', () => {
  it.each<[bigint, bigint, bigint]>([
    [5n, 2n, 3n], // 2.5 → 3 (HALF_UP)
    [-5n, 2n, -3n], // -2.5 → -3 (away from zero; BigInt division truncates to -2)
    [4n, 3n, 1n],
    [-4n, 3n, -1n],
    [7n, -2n, -4n],
  ])('divideHalfUp(%s, %s) = %s', (a, b, q) => {
    expect(divideHalfUp(a, b)).toBe(q);
  });
  it('rescale rounds HALF_UP when dropping digits', () => {
    expect(rescale(12345n, 3, 1)).toBe(123n);
    expect(rescale(12355n, 3, 1)).toBe(124n);
    expect(rescale(-12350n, 3, 1)).toBe(-124n);
    expect(rescale(12n, 0, 3)).toBe(12000n);
  });
  it.each<[string, bigint | undefined, number?, number?]>([
    ['12.340', 12340n, 5, 3],
    ['-0.5', -5n, 1, 1], // the integral 0 does not count
    ['+.5', 5n, 1, 1],
    ['1e3', 1000n, 4, 0],
    ['1_000.5', 10005n, 5, 1],
    ['0', 0n, 1, 0],
    ['0.00', 0n, 2, 2],
    ['1.5E-2', 15n, 3, 3],
    ['0000012345.1234500000', 123451234500000n, 15, 10], // Trino's Decimals.parse strips leading zeros
    ['abc', undefined],
    ['1.2.3', undefined],
    ['', undefined],
  ])('parseDecimalText(%s)', (text, unscaled, precision, scale) => {
    const r = parseDecimalText(text);
    if (unscaled === undefined) expect(r).toBeUndefined();
    else expect(r).toEqual({ unscaled, precision, scale });
  });
  it('formatDecimal', () => {
    expect(formatDecimal(0n, 3)).toBe('0.000');
    expect(formatDecimal(-123456n, 2)).toBe('-1234.56');
    expect(formatDecimal(10n ** 37n, 0)).toBe('10000000000000000000000000000000000000');
  });
  it('division result type and value', () => {
    const a = { kind: 'decimal' as const, precision: 38, scale: 4 };
    const r = decimalResultType.divide(a, a);
    expect(r).toEqual({ kind: 'decimal', precision: 38, scale: 4 });
    expect(decimalDivide(10000n, a, 30000n, a, r)).toBe(3333n); // 1/3 = 0.3333
    expect(errorOf(() => decimalDivide(1n, a, 0n, a, r))).toBe('DIVISION_BY_ZERO');
  });
});

describe('calendar and zones', () => {
  it('civil date round trip over 800 years (proleptic Gregorian)', () => {
    for (let d = -200000; d < 200000; d += 997) {
      const c = civilFromDays(d);
      expect(daysFromCivil(c.year, c.month, c.day)).toBe(d);
    }
    expect(civilFromDays(0)).toEqual({ year: 1970, month: 1, day: 1 });
    expect(daysFromCivil(2000, 2, 29)).toBe(11016);
    expect(isoDayOfWeek(0)).toBe(4); // 1970-01-01 was a Thursday
  });
  it('months clamp to the end of the target month', () => {
    expect(civilFromDays(addMonthsToDays(daysFromCivil(2023, 1, 31), 1))).toEqual({ year: 2023, month: 2, day: 28 });
    expect(civilFromDays(addMonthsToDays(daysFromCivil(2024, 3, 31), -1))).toEqual({ year: 2024, month: 2, day: 29 });
  });
  it('timestamps before 1970 and fractional digits', () => {
    expect(formatTimestamp(-1, 6)).toBe('1969-12-31 23:59:59.999999');
    expect(formatTimestamp(-1000, 3)).toBe('1969-12-31 23:59:59.999');
    expect(formatTimestamp(1_500_000, 9)).toBe('1970-01-01 00:00:01.500000000');
    expect(formatTimestamp(daysFromCivil(10000, 1, 1) * 86400e6, 0)).toBe('10000-01-01 00:00:00');
  });
  it('parseTimestamp', () => {
    const base = Date.UTC(2024, 0, 31, 12, 34, 56) * 1000;
    expect(parseTimestamp('2024-01-31 12:34:56.1234567')).toEqual({ micros: base + 123457, exact: { micros: base + 123456, nanos: 700 }, digits: 7, subNanos: false });
    // Beyond nine digits the nanoseconds round half up (and carry into the micros).
    expect(parseTimestamp('2024-01-31 12:34:56.1234569995')?.exact).toEqual({ micros: base + 123457, nanos: 0 });
    expect(parseTimestamp('2024-01-31 12:34:56.1234569995')?.subNanos).toBe(true);
    expect(parseTimestamp('2024-01-31 12:34:56.123456789000')?.subNanos).toBe(false);
    const noon = Date.UTC(2024, 0, 31, 1, 2) * 1000;
    expect(parseTimestamp('2024-01-31T01:02')).toEqual({ micros: noon, exact: { micros: noon, nanos: 0 }, digits: 0, subNanos: false });
    expect(parseTimestamp('2024-01-31 01:02:03 Europe/Paris')?.zone).toBe('Europe/Paris');
    expect(parseTimestamp('2024-02-30 00:00:00')).toBeUndefined();
    expect(parseTimestamp('2024-01-31 24:00:00')).toBeUndefined();
  });
  it('zones: names, offsets, DST', () => {
    expect(normalizeZone('utc')).toBe('UTC');
    expect(normalizeZone('Z')).toBe('UTC');
    expect(normalizeZone('+5:30')).toBe('+05:30');
    expect(normalizeZone('-08')).toBe('-08:00');
    expect(normalizeZone('+00:00')).toBe('UTC');
    expect(normalizeZone('america/new_york')).toBe('America/New_York');
    expect(errorOf(() => normalizeZone('Nowhere/Special'))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2024, 0, 1))).toBe(-300);
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2024, 6, 1))).toBe(-240);
    expect(zoneOffsetMinutes('Asia/Kathmandu', Date.UTC(2024, 6, 1))).toBe(345);
    // the instant of the spring-forward transition: 2024-03-10 07:00Z
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2024, 2, 10, 6, 59))).toBe(-300);
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2024, 2, 10, 7, 0))).toBe(-240);
  });
});

describe('number and json text', () => {
  it.each<[number, string]>([
    [100, '100.0'],
    [-0, '-0.0'],
    [1e-3, '0.001'],
    [9999999, '9999999.0'],
    [1e7, '1.0E7'],
    [123456789012, '1.23456789012E11'],
    [-1.5e-10, '-1.5E-10'],
    [Number.MAX_VALUE, '1.7976931348623157E308'],
  ])('Double.toString(%s) = %s', (x, s) => {
    expect(javaDoubleToString(x)).toBe(s);
  });
  it('Float.toString uses float32 shortest digits', () => {
    expect(javaFloatToString(Math.fround(1 / 3))).toBe('0.33333334');
    expect(javaFloatToString(Math.fround(16777216))).toBe('1.6777216E7');
  });
  it('canonical json', () => {
    expect(canonicalJson(' { "b" : [1, 2.0, 1e2, -0], "a" : "\\u00e9" } ')).toBe('{"a":"é","b":[1,2.0,100.0,0]}');
    expect(canonicalJson('{"a":1,"a":2}')).toBe('{"a":2}');
    expect(errorOf(() => canonicalJson('{"a":1,}'))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => canonicalJson('01'))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});
