/**
 * TIME(p) functions and operators (Trino's datetime.md): time ± interval day to second (a
 * time(max(3, p)), wrapping at midnight), hour/minute/second/millisecond (and so EXTRACT),
 * date_trunc / date_add / date_diff with the units a time has (millisecond, second, minute,
 * hour) in nanoseconds of the day, `localtime`, and for
 * TIME WITH TIME ZONE `current_time`, timezone_hour and timezone_minute; zoned values keep their
 * offset through arithmetic and compare by UTC time of day.
 * A year-to-month interval or a day unit on a time is an error, as in Trino.
 */
import { AegisError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import { utcToLocal, zoneOffsetMinutes } from '../types/datetime.js';
import { NANOS_PER_DAY, addMillisToTime, localTimeNanos, offsetMinutesOf, roundTimeNanos, timeNanos, timeOf, timeTz, timeTzNanos } from '../types/time.js';
import type { TimestampTzValue, Value } from '../types/value.js';
import { BIGINT, defineGeneric, plainTypes, res } from './signature.js';

type TimeT = Extract<SqlType, { kind: 'time' }>;
const isTime = (t: SqlType | undefined): t is TimeT => t?.kind === 'time';

/** Local nanoseconds of the day of a time or time with time zone value (any precision). */
const localOf = (v: Value, t: TimeT): number => (t.withTimeZone ? localTimeNanos(v as TimestampTzValue) : timeNanos(v as number, t.precision));
/**
 * A value of `t` at new local nanoseconds of the day, already at t's precision (a zoned value
 * keeps its offset).
 */
const withLocal = (nanos: number, like: Value, t: TimeT): Value =>
  t.withTimeZone ? (timeTz(nanos, offsetMinutesOf((like as TimestampTzValue).zone)) satisfies TimestampTzValue) : timeOf(nanos, t.precision);

/** time(p) ± interval day to second is time(max(3, p)), as Trino's (the interval has milliseconds). */
const sumType = (t: TimeT): TimeT => ({ ...t, precision: Math.max(3, t.precision) });

for (const [op, sign] of [['$add', 1], ['$subtract', -1]] as const) {
  defineGeneric(op, [`${op}(time(p), interval day to second)`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 2) return undefined;
    const [a, b] = ts as [SqlType, SqlType];
    if (isTime(a) && b.kind === 'interval_day_second') {
      const out = sumType(a);
      return res(out, [a, b], ([t, ms]) => withLocal(addMillisToTime(localOf(t!, a), sign * (ms as number)), t!, out));
    }
    if (op === '$add' && a.kind === 'interval_day_second' && isTime(b)) {
      const out = sumType(b);
      return res(out, [a, b], ([ms, t]) => withLocal(addMillisToTime(localOf(t!, b), ms as number), t!, out));
    }
    return undefined;
  });
}

const FIELDS: Record<string, (nanos: number) => number> = {
  hour: (n) => Math.floor(n / 3_600_000_000_000),
  minute: (n) => Math.floor(n / 60_000_000_000) % 60,
  second: (n) => Math.floor(n / 1_000_000_000) % 60,
  millisecond: (n) => Math.floor(n / 1_000_000) % 1000,
};
for (const [name, f] of Object.entries(FIELDS)) {
  defineGeneric(name, [`${name}(time(p))`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 1 || !isTime(ts[0])) return undefined;
    const tt = ts[0];
    return res(BIGINT, ts, ([t]) => BigInt(f(localOf(t!, tt))));
  });
}

const UNIT_NANOS: Record<string, number> = { millisecond: 1_000_000, second: 1_000_000_000, minute: 60_000_000_000, hour: 3_600_000_000_000 };

/** Nanoseconds of a time unit. */
function unitOf(unit: string): number {
  const u = UNIT_NANOS[unit.toLowerCase()];
  if (u === undefined) throw new AegisError('INVALID_FUNCTION_ARGUMENT', `'${unit}' is not a valid Time field`);
  return u;
}

const isText = (t: SqlType): boolean => t.kind === 'varchar' || t.kind === 'char' || t.kind === 'unknown';
const isIntegral = (t: SqlType): boolean => ['tinyint', 'smallint', 'integer', 'bigint', 'unknown'].includes(t.kind);

defineGeneric('date_trunc', ['date_trunc(varchar, time(p))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2 || !isText(ts[0]!) || !isTime(ts[1])) return undefined;
  const tt = ts[1] as TimeT;
  return res(tt, [{ kind: 'varchar' }, tt], ([u, t]) => {
    const unit = unitOf(u as string);
    return withLocal(Math.floor(localOf(t!, tt) / unit) * unit, t!, tt);
  });
});

defineGeneric('date_add', ['date_add(varchar, bigint, time(p))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 3 || !isText(ts[0]!) || !isIntegral(ts[1]!) || !isTime(ts[2])) return undefined;
  const tt = ts[2] as TimeT;
  return res(tt, [{ kind: 'varchar' }, BIGINT, tt], ([u, n, t]) => {
    const step = BigInt(unitOf(u as string)) * (n as bigint);
    const r = (BigInt(localOf(t!, tt)) + step) % BigInt(NANOS_PER_DAY);
    // A millisecond step rounds half up into a time(0..2), as Trino's.
    return withLocal(roundTimeNanos(Number(r < 0n ? r + BigInt(NANOS_PER_DAY) : r), tt.precision), t!, tt);
  });
});

defineGeneric('date_diff', ['date_diff(varchar, time(p), time(p))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 3 || !isText(ts[0]!) || !isTime(ts[1]) || !isTime(ts[2])) return undefined;
  const p = Math.max((ts[1] as TimeT).precision, (ts[2] as TimeT).precision);
  const zoned = (ts[1] as TimeT).withTimeZone || (ts[2] as TimeT).withTimeZone;
  const t: TimeT = zoned ? { kind: 'time', precision: p, withTimeZone: true } : { kind: 'time', precision: p };
  // Zoned times differ by their UTC times of day, as Trino's.
  const at = (v: Value): number => (zoned ? timeTzNanos(v as TimestampTzValue) : timeNanos(v as number, p));
  return res(BIGINT, [{ kind: 'varchar' }, t, t], ([u, a, b]) => BigInt(Math.trunc((at(b!) - at(a!)) / unitOf(u as string))));
});

const MICROS_PER_DAY = 86_400_000_000;
const microsOfDay = (micros: number): number => micros - Math.floor(micros / MICROS_PER_DAY) * MICROS_PER_DAY;

/** `current_time`: the query start's time of day with the session zone's offset, time(3) with time zone. */
defineGeneric('current_time', ['current_time'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 0) return undefined;
  const type: TimeT = { kind: 'time', precision: 3, withTimeZone: true };
  return res(type, [], (_a, ctx) => {
    const utc = ctx.now.getTime() * 1000;
    const local = utcToLocal(utc, ctx.sessionTimeZone);
    const offset = zoneOffsetMinutes(ctx.sessionTimeZone, ctx.now.getTime());
    return timeTz(roundTimeNanos(microsOfDay(local) * 1000, 3), offset) satisfies TimestampTzValue;
  });
});

for (const [name, part] of [['timezone_hour', (m: number) => Math.trunc(m / 60)], ['timezone_minute', (m: number) => m % 60]] as const) {
  defineGeneric(name, [`${name}(time(p) with time zone)`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 1 || !isTime(ts[0]) || !ts[0].withTimeZone) return undefined;
    return res(BIGINT, ts, ([t]) => BigInt(part(offsetMinutesOf((t as TimestampTzValue).zone))));
  });
}

/** `localtime`: the query start's wall-clock time of day in the session zone, time(3). */
defineGeneric('localtime', ['localtime'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 0) return undefined;
  const time: TimeT = { kind: 'time', precision: 3 };
  return res(time, [], (_a, ctx) => {
    const local = utcToLocal(ctx.now.getTime() * 1000, ctx.sessionTimeZone);
    return timeOf(roundTimeNanos(microsOfDay(local) * 1000, 3), 3) as Value;
  }, { deterministic: true });
});

