import { describe, expect, it } from 'vitest';
import { toJsValue } from '../../../src/client/js-value.js';
import { textConverter } from '../../../src/formats/text/text-convert.js';
import { primitiveText } from '../../../src/formats/text/text-writer.js';
import { compareValues, hashValue, valuesEqual } from '../../../src/types/compare.js';
import { castValue } from '../../../src/types/cast.js';
import { isLongTimestamp, tsEpochNanos, tsLike, tsMicros, tsNanos, tsOf, tsRoundedMicros } from '../../../src/types/long-timestamp.js';
import type { SqlType } from '../../../src/types/sql-type.js';

const TS9: SqlType = { kind: 'timestamp', precision: 9 };
const TS6: SqlType = { kind: 'timestamp', precision: 6 };

describe('timestamp(7..12) values', () => {
  it('helpers read and build both representations', () => {
    expect(isLongTimestamp(TS9)).toBe(true);
    expect(isLongTimestamp(TS6)).toBe(false);
    expect(isLongTimestamp({ kind: 'timestamp', precision: 9, withTimeZone: true })).toBe(false);
    expect(tsOf(5, 0, 6)).toBe(5);
    expect(tsOf(5, 7, 9)).toEqual({ micros: 5, nanos: 7 });
    expect([tsMicros(5), tsNanos(5), tsMicros({ micros: 5, nanos: 7 }), tsNanos({ micros: 5, nanos: 7 })]).toEqual([5, 0, 5, 7]);
    expect(tsLike(1, 2, 3)).toBe(2);
    expect(tsLike({ micros: 1, nanos: 1 }, 2, 3)).toEqual({ micros: 2, nanos: 3 });
    expect(tsEpochNanos({ micros: -1, nanos: 999 })).toBe(-1n);
    expect([tsRoundedMicros({ micros: 1, nanos: 500 }), tsRoundedMicros({ micros: 1, nanos: 499 }), tsRoundedMicros(4)]).toEqual([2, 1, 4]);
  });

  it('order, equality and hashing see the nanoseconds', () => {
    const a = { micros: 10, nanos: 1 };
    const b = { micros: 10, nanos: 2 };
    expect(compareValues(a, b, TS9)).toBeLessThan(0);
    expect(compareValues({ micros: 11, nanos: 0 }, b, TS9)).toBeGreaterThan(0);
    expect(valuesEqual(a, { micros: 10, nanos: 1 }, TS9)).toBe(true);
    expect(valuesEqual(a, b, TS9)).toBe(false);
    expect(hashValue(a, TS9)).toBe(hashValue({ micros: 10, nanos: 1 }, TS9));
    expect(hashValue(a, TS9)).not.toBe(hashValue(b, TS9));
  });

  it('casts round half up and carry', () => {
    const v = castValue('2020-12-31 23:59:59.9999999996', { kind: 'varchar' }, TS9);
    expect(castValue(v, TS9, TS6)).toBe(castValue('2021-01-01 00:00:00', { kind: 'varchar' }, TS6));
    expect(castValue({ micros: 0, nanos: 949 }, TS9, { kind: 'timestamp', precision: 8 })).toEqual({ micros: 0, nanos: 950 });
    expect(castValue(7, TS6, TS9)).toEqual({ micros: 7, nanos: 0 });
    expect(castValue({ micros: 0, nanos: 123 }, TS9, { kind: 'varchar' })).toBe('1970-01-01 00:00:00.000000123');
  });

  it('text tables read nanoseconds and write microseconds', () => {
    expect(textConverter(TS9)('2020-01-01 00:00:00.123456789')).toEqual({ micros: 1577836800123456, nanos: 789 });
    expect(textConverter({ kind: 'timestamp', precision: 7 })('1970-01-01 00:00:00.00000095')).toEqual({ micros: 1, nanos: 0 });
    expect(textConverter(TS9)('2020-01-01')).toEqual({ micros: 1577836800000000, nanos: 0 });
    expect(primitiveText(TS9, { micros: 1577836800123456, nanos: 500 })).toBe('2020-01-01 00:00:00.123457');
  });

  it('the client sees ISO text with every digit', () => {
    expect(toJsValue({ micros: 1577836800123456, nanos: 789 }, TS9)).toBe('2020-01-01T00:00:00.123456789');
  });
});
