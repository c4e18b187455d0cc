import { describe, expect, it } from 'vitest';
import { call, callRaw, ctx, errorOf, typeOf } from './call.js';
import type { Arg } from './call.js';
import { resolveScalar } from '../../../src/functions/registry.js';

const v = (s: string | null): Arg => ['varchar', s];
const n = (x: number): Arg => ['bigint', BigInt(x)];
const d = (s: string): Arg => ['varchar', s]; // cast by castValue to the argument type
const date = (s: string): Arg => ['date', Math.round(Date.parse(s + 'T00:00:00Z') / 86400000)];
const ts = (s: string): Arg => ['timestamp(3)', Date.parse(s.replace(' ', 'T') + 'Z') * 1000];
const tz = (s: string, zone: string, utcIso: string): Arg => ['timestamp(3) with time zone', { micros: Date.parse(utcIso) * 1000, zone }];

describe('current time (from the query context)', () => {
  it('now/current_timestamp/current_date/localtimestamp', () => {
    expect(call('now')).toBe('2024-01-31 12:34:56.789 UTC');
    expect(call('current_timestamp')).toBe('2024-01-31 12:34:56.789 UTC');
    expect(call('current_date')).toBe('2024-01-31');
    const tokyo = { ...ctx, sessionTimeZone: 'Asia/Tokyo' };
    const r = resolveScalar('current_date', []);
    expect(r.impl([], { ...tokyo, now: new Date(Date.UTC(2024, 0, 31, 20)) })).toBe(19754); // already Feb 1 in Tokyo
    expect(resolveScalar('localtimestamp', []).impl([], tokyo)).toBe(Date.UTC(2024, 0, 31, 21, 34, 56, 789) * 1000);
  });
});

describe('field extraction', () => {
  it.each<[string, Arg, string]>([
    ['year', date('2024-02-29'), '2024'],
    ['quarter', date('2024-08-01'), '3'],
    ['month', ts('2024-02-29 10:00:00'), '2'],
    ['week', date('2024-01-01'), '1'],
    ['week', date('2021-01-03'), '53'], // ISO week of the previous year
    ['year_of_week', date('2021-01-03'), '2020'],
    ['day', date('2024-02-29'), '29'],
    ['day_of_week', date('2024-01-28'), '7'], // Sunday = 7 (ISO)
    ['dow', date('2024-01-29'), '1'],
    ['day_of_year', date('2024-12-31'), '366'],
    ['doy', date('2023-12-31'), '365'],
    ['hour', ts('2024-01-31 23:59:58.123'), '23'],
    ['minute', ts('2024-01-31 23:59:58.123'), '59'],
    ['second', ts('2024-01-31 23:59:58.123'), '58'],
    ['millisecond', ts('2024-01-31 23:59:58.123'), '123'],
    ['hour', tz('', 'Asia/Kolkata', '2024-01-31T12:00:00Z'), '17'], // local hour in the value's zone
    ['timezone_hour', tz('', 'Asia/Kolkata', '2024-01-31T12:00:00Z'), '5'],
    ['timezone_minute', tz('', 'Asia/Kolkata', '2024-01-31T12:00:00Z'), '30'],
    ['day', ['interval day to second', 2 * 86400000 + 3600000], '2'],
    ['hour', ['interval day to second', 2 * 86400000 + 3600000], '1'],
    ['year', ['interval year to month', 14], '1'],
    ['month', ['interval year to month', 14], '2'],
    ['last_day_of_month', date('2024-02-10'), '2024-02-29'],
    ['last_day_of_month', ts('2023-02-10 10:00:00'), '2023-02-28'],
  ])('%s(%s) = %s', (name, arg, out) => {
    expect(call(name, arg)).toBe(out);
  });
  it('fields of a bare NULL are NULL', () => {
    expect(call('year', ['unknown', null])).toBeNull();
    expect(typeOf('year', 'unknown')).toBe('bigint');
  });
  it('hour(date) is not defined', () => {
    expect(errorOf(() => call('hour', date('2024-01-01')))).toBe('TYPE_MISMATCH');
  });
});

describe('date_trunc / date_add / date_diff', () => {
  it.each<[string, Arg[], string]>([
    ['date_trunc', [v('month'), date('2024-02-29')], '2024-02-01'],
    ['date_trunc', [v('quarter'), date('2024-08-15')], '2024-07-01'],
    ['date_trunc', [v('week'), date('2024-01-31')], '2024-01-29'],
    ['date_trunc', [v('year'), ts('2024-05-05 10:11:12.345')], '2024-01-01 00:00:00.000'],
    ['date_trunc', [v('hour'), ts('2024-05-05 10:11:12.345')], '2024-05-05 10:00:00.000'],
    ['date_trunc', [v('second'), ts('2024-05-05 10:11:12.345')], '2024-05-05 10:11:12.000'],
    ['date_trunc', [v('day'), tz('', 'America/New_York', '2024-03-10T15:00:00Z')], '2024-03-10 00:00:00.000 America/New_York'],
    ['date_add', [v('day'), n(1), date('2024-02-28')], '2024-02-29'],
    ['date_add', [v('month'), n(1), date('2024-01-31')], '2024-02-29'],
    ['date_add', [v('year'), n(-1), date('2024-02-29')], '2023-02-28'],
    ['date_add', [v('hour'), n(25), ts('2024-01-01 00:00:00')], '2024-01-02 01:00:00.000'],
    ['date_add', [v('millisecond'), n(1500), ts('2024-01-01 00:00:00')], '2024-01-01 00:00:01.500'],
    ['date_add', [v('week'), ['integer', 2], date('2024-01-01')], '2024-01-15'],
    ['date_diff', [v('day'), date('2024-01-01'), date('2024-03-01')], '60'],
    // Joda semantics: Jan 31 + 1 month clamps to Feb 29, which is not after the end → 1
    ['date_diff', [v('month'), date('2024-01-31'), date('2024-02-29')], '1'],
    ['date_diff', [v('month'), date('2024-02-29'), date('2024-03-28')], '0'], // not a full month
    ['date_diff', [v('month'), date('2024-01-15'), date('2024-02-15')], '1'],
    ['date_diff', [v('year'), date('2020-02-29'), date('2024-02-28')], '3'],
    ['date_diff', [v('week'), date('2024-01-01'), date('2024-01-14')], '1'],
    ['date_diff', [v('hour'), ts('2024-01-01 00:00:00'), ts('2024-01-01 05:59:59')], '5'],
    ['date_diff', [v('second'), ts('2024-01-01 00:00:10'), ts('2024-01-01 00:00:00')], '-10'],
    ['date_diff', [v('quarter'), date('2024-01-01'), date('2024-12-31')], '3'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });
  it.each<[string, Arg[]]>([
    ['date_trunc', [v('fortnight'), date('2024-01-01')]],
    ['date_trunc', [v('hour'), date('2024-01-01')]],
    ['date_add', [v('hour'), n(1), date('2024-01-01')]],
  ])('%s(%s) → INVALID_FUNCTION_ARGUMENT', (name, args) => {
    expect(errorOf(() => call(name, ...args))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
  it('return types follow the input', () => {
    expect(typeOf('date_trunc', 'varchar', 'timestamp(6)')).toBe('timestamp(6)');
    expect(typeOf('date_add', 'varchar', 'integer', 'date')).toBe('date');
    expect(typeOf('date_diff', 'varchar', 'date', 'date')).toBe('bigint');
  });
});

describe('formatting and parsing', () => {
  it.each<[string, Arg[], string | null]>([
    ['date_format', [ts('2024-01-05 14:03:09.123'), v('%Y-%m-%d %H:%i:%s')], '2024-01-05 14:03:09'],
    ['date_format', [ts('2024-01-05 14:03:09.123'), v('%a %b %e %l:%i %p %f %j %W %M %y')], 'Fri Jan 5 2:03 PM 123000 005 Friday January 24'],
    // Trino's Joda builder: %k is the hour 0–23 unpadded, unknown %q → q (%w is refused, below)
    ['date_format', [ts('2024-01-05 00:03:09'), v('%r|%T|%h|%k|%c|%%|%q')], '12:03:09 AM|00:03:09|12|0|1|%|q'],
    ['date_parse', [v('2024-01-05 14:03:09'), v('%Y-%m-%d %H:%i:%s')], '2024-01-05 14:03:09.000'],
    ['date_parse', [v('05/01/24 2:03 PM'), v('%d/%m/%y %l:%i %p')], '2024-01-05 14:03:00.000'],
    ['date_parse', [v('2024-01-05 14:03:09.5'), v('%Y-%m-%d %H:%i:%s.%f')], '2024-01-05 14:03:09.500'],
    ['date_parse', [v('Jan 5 2024'), v('%b %e %Y')], '2024-01-05 00:00:00.000'],
    ['format_datetime', [ts('2024-01-05 14:03:09.123'), v('yyyy-MM-dd HH:mm:ss.SSS')], '2024-01-05 14:03:09.123'],
    ['format_datetime', [ts('2024-01-05 14:03:09.123'), v("EEEE, MMMM d, yyyy 'at' h:mm a")], 'Friday, January 5, 2024 at 2:03 PM'],
    ['format_datetime', [tz('', 'Asia/Kolkata', '2024-01-05T12:00:00Z'), v('yyyy-MM-dd HH:mm ZZ z')], '2024-01-05 17:30 +05:30 Asia/Kolkata'],
    ['format_datetime', [ts('2024-01-05 14:03:09'), v('yy MMM dd D e E')], '24 Jan 05 5 5 Fri'],
    ['parse_datetime', [v('2024-01-05 14:03'), v('yyyy-MM-dd HH:mm')], '2024-01-05 14:03:00.000 UTC'],
    ['parse_datetime', [v('2024-01-05 14:03 +05:30'), v('yyyy-MM-dd HH:mm Z')], '2024-01-05 14:03:00.000 +05:30'],
    ['parse_datetime', [v('2024-01-05 14:03 Europe/Paris'), v('yyyy-MM-dd HH:mm ZZZ')], '2024-01-05 14:03:00.000 Europe/Paris'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });
  it.each<[string, Arg[]]>([
    ['date_parse', [v('2024-13-05'), v('%Y-%m-%d')]],
    ['date_parse', [v('2024-01-05x'), v('%Y-%m-%d')]],
    ['date_parse', [v('abc'), v('%Y')]],
    ['date_format', [ts('2024-01-05 14:03:09'), v('%U')]],
    ['date_format', [ts('2024-01-05 14:03:09'), v('%D')]],
    ['date_format', [ts('2024-01-05 14:03:09'), v('%w')]],
    ['date_parse', [v('5'), v('%w')]],
    ['parse_datetime', [v('2024'), v('yyyy-MM')]],
  ])('%s(%s) → INVALID_FUNCTION_ARGUMENT', (name, args) => {
    expect(errorOf(() => call(name, ...args))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});

describe('unix time and ISO 8601', () => {
  it.each<[string, Arg[], string | null]>([
    ['from_unixtime', [['bigint', 1706704496n]], '2024-01-31 12:34:56.000 UTC'],
    ['from_unixtime', [['double', 1706704496.789]], '2024-01-31 12:34:56.789 UTC'],
    ['from_unixtime', [['bigint', 0n], v('America/Los_Angeles')], '1969-12-31 16:00:00.000 America/Los_Angeles'],
    ['from_unixtime', [['bigint', 0n], n(5), n(30)], '1970-01-01 05:30:00.000 +05:30'],
    ['to_unixtime', [tz('', 'Asia/Tokyo', '2024-01-31T12:34:56.789Z')], '1.706704496789E9'],
    ['to_unixtime', [ts('1970-01-01 00:00:01')], '1.0'],
    ['from_iso8601_timestamp', [v('2024-01-31T12:34:56.789Z')], '2024-01-31 12:34:56.789 UTC'],
    ['from_iso8601_timestamp_nanos', [v('2020-05-11T11:15:05.123456789+01:00')], '2020-05-11 11:15:05.123456789 +01:00'],
    ['from_iso8601_timestamp_nanos', [v('2020-05-11T11:15:05.000000001[Europe/Paris]')], '2020-05-11 11:15:05.000000001 Europe/Paris'],
    ['from_iso8601_timestamp_nanos', [v('2020-05-11T11:15')], '2020-05-11 11:15:00.000000000 UTC'],
    ['from_iso8601_timestamp', [v('2024-01-31T12:34:56+05:30')], '2024-01-31 12:34:56.000 +05:30'],
    ['from_iso8601_timestamp', [v('2024-01-31')], '2024-01-31 00:00:00.000 UTC'],
    ['from_iso8601_date', [v('2024-01-31')], '2024-01-31'],
    ['to_iso8601', [date('2024-01-31')], '2024-01-31'],
    ['to_iso8601', [ts('2024-01-31 12:34:56.789')], '2024-01-31T12:34:56.789'],
    ['to_iso8601', [tz('', 'UTC', '2024-01-31T12:34:56.789Z')], '2024-01-31T12:34:56.789Z'],
    ['to_iso8601', [tz('', 'America/New_York', '2024-01-31T12:34:56.789Z')], '2024-01-31T07:34:56.789-05:00'],
    ['at_timezone', [tz('', 'UTC', '2024-01-31T12:00:00Z'), v('Asia/Tokyo')], '2024-01-31 21:00:00.000 Asia/Tokyo'],
    ['with_timezone', [ts('2024-01-31 12:00:00'), v('Asia/Tokyo')], '2024-01-31 12:00:00.000 Asia/Tokyo'],
    ['date', [v('2024-01-31')], '2024-01-31'],
    ['date', [ts('2024-01-31 23:59:59')], '2024-01-31'],
    ['to_milliseconds', [['interval day to second', 90061500]], '90061500'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });
  it('from_iso8601_timestamp rejects garbage', () => {
    expect(errorOf(() => call('from_iso8601_timestamp', v('yesterday')))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
  it('with_timezone in a DST overlap picks the earlier instant (Joda)', () => {
    // 2024-11-03 01:30 happens twice in New York; the first (EDT, -4) is 05:30Z
    const r = callRaw('with_timezone', [ts('2024-11-03 01:30:00'), v('America/New_York')]);
    expect(r.value).toEqual({ micros: Date.parse('2024-11-03T05:30:00Z') * 1000, zone: 'America/New_York' });
  });
  it('with_timezone across a DST gap moves forward', () => {
    // 2024-03-10 02:30 does not exist in New York; Joda/Trino shift to 03:30 EDT (07:30Z)
    const r = callRaw('with_timezone', [ts('2024-03-10 02:30:00'), v('America/New_York')]);
    expect(r.value).toEqual({ micros: Date.parse('2024-03-10T07:30:00Z') * 1000, zone: 'America/New_York' });
  });
});
void d;
