import { TimeUnit } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowSchema, rowsToRecordBatch } from '../../../src/client/arrow-batch.js';
import { toJsValue } from '../../../src/client/js-value.js';
import { castValue } from '../../../src/types/cast.js';
import { compareValues, hashValue, valuesEqual } from '../../../src/types/compare.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import { localTimeNanos, roundTimeNanos, timeFromText, timeNanos, timeOf, timeTz, timeTzNanos } from '../../../src/types/time.js';

const T9: SqlType = { kind: 'time', precision: 9 };
const T6: SqlType = { kind: 'time', precision: 6 };
const T9TZ: SqlType = { kind: 'time', precision: 9, withTimeZone: true };
const VARCHAR: SqlType = { kind: 'varchar' };

describe('time(7..9) values', () => {
  it('are nanoseconds of the day above six digits, micros up to six', () => {
    expect(timeFromText('00:00:01.000000001', 9)).toBe(1_000_000_001);
    expect(timeFromText('00:00:01.000001', 6)).toBe(1_000_001);
    expect([timeNanos(5, 6), timeNanos(5, 9), timeOf(5000, 6), timeOf(5000, 9)]).toEqual([5000, 5, 5, 5000]);
    // The last nanosecond of the day is exact in a double.
    expect(timeFromText('23:59:59.999999999', 9)).toBe(86_399_999_999_999);
  });

  it('round half up and wrap at midnight', () => {
    expect(roundTimeNanos(86_399_999_999_999, 8)).toBe(0);
    expect(roundTimeNanos(1499, 6)).toBe(1000);
    expect(roundTimeNanos(1500, 6)).toBe(2000);
    expect(timeFromText('23:59:59.9999999995', 9)).toBe(0);
    expect(castValue(86_399_999_999_999, T9, T6)).toBe(0);
    expect(castValue(1_000_001, T6, T9)).toBe(1_000_001_000);
    expect(() => timeFromText('00:00:00.0000000001', 10)).toThrow(/keeps nanoseconds only/);
    expect(timeFromText('00:00:00.000000001000', 12)).toBe(1);
  });

  it('compare, hash and print every digit', () => {
    expect(compareValues(1, 2, T9)).toBeLessThan(0);
    expect(valuesEqual(timeFromText('10:00:00.000000001', 9), timeFromText('10:00:00.000000001', 9), T9)).toBe(true);
    expect(hashValue(1, T9)).not.toBe(hashValue(2, T9));
    expect(castValue(timeFromText('12:34:56.123456789', 9), T9, VARCHAR)).toBe('12:34:56.123456789');
  });

  it('with time zone keep the nanoseconds within the microsecond of the UTC time of day', () => {
    const a = timeTz(timeFromText('10:00:00.000000001', 9), 60);
    expect(a).toEqual({ micros: 32_400_000_000, zone: '+01:00', nanos: 1 });
    expect(timeTzNanos(a)).toBe(32_400_000_000_001);
    expect(localTimeNanos(a)).toBe(36_000_000_000_001);
    const b = timeTz(timeFromText('09:00:00.000000002', 9), 0);
    expect(compareValues(a, b, T9TZ)).toBeLessThan(0);
    expect(valuesEqual(a, timeTz(timeFromText('09:00:00.000000001', 9), 0), T9TZ)).toBe(true);
    expect(castValue(a, T9TZ, VARCHAR)).toBe('10:00:00.000000001+01:00');
    expect(timeTz(0, 0)).toEqual({ micros: 0, zone: '+00:00' });
  });

  it('reach the client as ISO text and Arrow Time64 nanoseconds', () => {
    expect(toJsValue(timeFromText('01:02:03.000000004', 9), T9)).toBe('01:02:03.000000004');
    expect(toJsValue(timeFromText('01:02:03.000004', 6), T6)).toBe('01:02:03.000004');
    expect(toJsValue(timeFromText('01:02:03.1234567', 7), { kind: 'time', precision: 7 })).toBe('01:02:03.1234567');
    const columns = [
      { name: 't9', type: T9 },
      { name: 't6', type: T6 },
    ];
    const schema = arrowSchema(columns);
    expect((schema.fields[0]!.type as { unit: TimeUnit }).unit).toBe(TimeUnit.NANOSECOND);
    expect((schema.fields[1]!.type as { unit: TimeUnit }).unit).toBe(TimeUnit.MICROSECOND);
    const batch = rowsToRecordBatch(schema, columns, [[timeFromText('00:00:01.000000001', 9), timeFromText('00:00:01.000001', 6)], [null, null]]);
    expect(batch.getChildAt(0)!.data[0]!.values[0]).toBe(1_000_000_001n);
    expect(batch.getChildAt(1)!.data[0]!.values[0]).toBe(1_000_001n);
    expect(batch.getChildAt(0)!.get(1)).toBeNull();
  });
});
