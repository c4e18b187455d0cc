/**
 * Date and time functions (Trino's datetime.md). A "datetime" argument is a date, a
 * timestamp(p) or a timestamp(p) with time zone; field functions read the local wall clock (a
 * zoned value in its own zone). `EXTRACT(YEAR FROM x)` is `year(x)` etc.; the binder maps
 * EXTRACT fields to these names (DOW → day_of_week, DOY → day_of_year, WEEK → week).
 */
import { AegisError } from '../errors.js';
import {
  type DateTimeFields, MICROS_PER_DAY, addMonthsToMicros, civilFromDays, daysFromCivil, daysInMonth, fieldsFromMicros,
  formatDate, formatOffset, formatTimestamp, isLeapYear, isoDayOfWeek, localToUtc, normalizeZone, parseDate, splitMicros, utcToLocal,
  zoneOffsetMinutes,
} from '../types/datetime.js';
import { canCoerce } from '../types/coercion.js';
import type { SqlType } from '../types/sql-type.js';
import { zonedValue, type TimestampTzValue, type Value } from '../types/value.js';
import { tsLike, tsMicros, tsNanos } from '../types/long-timestamp.js';
import type { EvalContext } from './registry.js';
import { isoWeek, isoWeekStart, jodaFormat, jodaParse, jodaPatternHasZone, mysqlFormat, mysqlParse } from './datetime-format.js';
import { registerAlias } from './function-table.js';
import type { Resolution } from './signature.js';
import {
  BIGINT, DATE, DOUBLE, IDS, TS3, TSTZ3, V, defineFunction, defineGeneric, invalidArg, plainTypes, res, unify,
} from './signature.js';

type DT = 'date' | 'ts' | 'tz';

function dtKind(t: SqlType): DT | undefined {
  if (t.kind === 'date') return 'date';
  if (t.kind === 'timestamp') return t.withTimeZone ? 'tz' : 'ts';
  return undefined;
}

/** Local wall-clock micros of a datetime value (floored: a timestamp(7..12)'s nanoseconds are dropped). */
export function localMicros(v: Value, k: DT): number {
  if (k === 'date') return (v as number) * MICROS_PER_DAY;
  if (k === 'ts') return tsMicros(v);
  const tz = v as TimestampTzValue;
  return utcToLocal(tz.micros, tz.zone);
}

/**
 * Rebuilds a value of kind `k` from local micros (zoned values keep their zone, a timestamp(7..12)
 * stays a LongTimestampValue, with no nanoseconds).
 */
function fromLocal(local: number, k: DT, like: Value): Value {
  if (k === 'date') return splitMicros(local).days;
  if (k === 'ts') return tsLike(like, local);
  const zone = (like as TimestampTzValue).zone;
  return { micros: localToUtc(local, zone), zone } satisfies TimestampTzValue;
}

function sessionNow(ctx: EvalContext): TimestampTzValue {
  return { micros: ctx.now.getTime() * 1000, zone: normalizeZone(ctx.sessionTimeZone) };
}

/** Declares f(datetime [, extra…]) for every datetime kind. */
function defineDatetime(
  name: string,
  sigs: string[],
  extra: SqlType[],
  build: (t: SqlType, k: DT) => Resolution | undefined,
  position: 'first' | 'last' = 'first',
): void {
  defineGeneric(name, sigs, (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== extra.length + 1) return undefined;
    let t = position === 'first' ? ts[0]! : ts[ts.length - 1]!;
    // year(NULL) and friends: a bare NULL types as timestamp(3), the widest zone-less choice.
    if (t.kind === 'unknown') t = TS3;
    const k = dtKind(t);
    if (!k) return undefined;
    const others = position === 'first' ? ts.slice(1) : ts.slice(0, -1);
    if (!others.every((o, i) => o.kind === extra[i]!.kind || o.kind === 'unknown' || (extra[i]!.kind === 'bigint' && ['tinyint', 'smallint', 'integer'].includes(o.kind)) || (extra[i]!.kind === 'varchar' && o.kind === 'char'))) {
      return undefined;
    }
    return build(t, k);
  });
}

// ---- current time ------------------------------------------------------------------------------

defineFunction('current_date', [{
  args: [], returns: DATE,
  impl: (_a, ctx) => splitMicros(utcToLocal(ctx.now.getTime() * 1000, ctx.sessionTimeZone)).days,
}]);
defineFunction('current_timestamp', [{ args: [], returns: TSTZ3, impl: (_a, ctx) => sessionNow(ctx) }]);
registerAlias('now', 'current_timestamp');
defineFunction('localtimestamp', [{ args: [], returns: TS3, impl: (_a, ctx) => utcToLocal(ctx.now.getTime() * 1000, ctx.sessionTimeZone) }]);
defineFunction('current_timezone', [{ args: [], returns: V, impl: (_a, ctx) => normalizeZone(ctx.sessionTimeZone) }]);

// ---- fields ------------------------------------------------------------------------------------

const FIELDS: Record<string, (local: number) => number> = {
  year: (l) => fieldsFromMicros(l).year,
  quarter: (l) => Math.floor((fieldsFromMicros(l).month - 1) / 3) + 1,
  month: (l) => fieldsFromMicros(l).month,
  week: (l) => isoWeek(splitMicros(l).days).week,
  year_of_week: (l) => isoWeek(splitMicros(l).days).year,
  day: (l) => fieldsFromMicros(l).day,
  day_of_week: (l) => isoDayOfWeek(splitMicros(l).days),
  day_of_year: (l) => {
    const d = splitMicros(l).days;
    return d - daysFromCivil(civilFromDays(d).year, 1, 1) + 1;
  },
  hour: (l) => fieldsFromMicros(l).hour,
  minute: (l) => fieldsFromMicros(l).minute,
  second: (l) => fieldsFromMicros(l).second,
  millisecond: (l) => Math.floor(fieldsFromMicros(l).micro / 1000),
};
const TIME_FIELDS = new Set(['hour', 'minute', 'second', 'millisecond']);

for (const [name, f] of Object.entries(FIELDS)) {
  defineDatetime(name, [`${name}(date)`, `${name}(timestamp(p))`, `${name}(timestamp(p) with time zone)`], [], (t, k) => {
    if (k === 'date' && TIME_FIELDS.has(name)) return undefined;
    return res(BIGINT, [t], ([v]) => BigInt(f(localMicros(v!, k))));
  });
}
// Fields of intervals: day(interval '2' day), hour(…), … and year/month of year-month intervals.
for (const [name, unitMs, mod] of [['day', 86_400_000, Infinity], ['hour', 3_600_000, 24], ['minute', 60_000, 60], ['second', 1000, 60], ['millisecond', 1, 1000]] as const) {
  defineGeneric(name, [`${name}(interval day to second)`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 1 || ts[0]!.kind !== 'interval_day_second') return undefined;
    return res(BIGINT, [IDS], ([v]) => {
      const q = Math.trunc((v as number) / unitMs);
      return BigInt(mod === Infinity ? q : q % mod);
    });
  });
}
for (const [name, div] of [['year', 12], ['month', 1]] as const) {
  defineGeneric(name, [`${name}(interval year to month)`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 1 || ts[0]!.kind !== 'interval_year_month') return undefined;
    return res(BIGINT, ts, ([v]) => BigInt(div === 12 ? Math.trunc((v as number) / 12) : (v as number) % 12));
  });
}
registerAlias('day_of_month', 'day');
registerAlias('dow', 'day_of_week');
registerAlias('doy', 'day_of_year');
registerAlias('week_of_year', 'week');
registerAlias('yow', 'year_of_week');

/**
 * The `timestamp(p) with time zone` parameter type a value coerces to (Trino's TypeCoercion:
 * date → timestamp(0) with time zone, timestamp(p) → timestamp(p) with time zone in the session
 * zone, NULL → timestamp(3) with time zone), or undefined.
 */
function zonedParam(t: SqlType): SqlType | undefined {
  if (t.kind === 'unknown') return TSTZ3;
  if (t.kind === 'date') return { kind: 'timestamp', precision: 0, withTimeZone: true };
  if (t.kind === 'timestamp') return t.withTimeZone ? t : { kind: 'timestamp', precision: t.precision, withTimeZone: true };
  return undefined;
}

for (const [name, div] of [['timezone_hour', 60], ['timezone_minute', 1]] as const) {
  defineGeneric(name, [`${name}(timestamp(p) with time zone)`], (args) => {
    const ts = plainTypes(args);
    const t = ts?.length === 1 ? zonedParam(ts[0]!) : undefined;
    if (!t) return undefined;
    return res(BIGINT, [t], ([v]) => {
      const tz = v as TimestampTzValue;
      const off = zoneOffsetMinutes(tz.zone, tz.micros / 1000);
      return BigInt(div === 60 ? Math.trunc(off / 60) : off % 60);
    });
  });
}

defineDatetime('last_day_of_month', ['last_day_of_month(date|timestamp)'], [], (t, k) =>
  res(DATE, [t], ([v]) => {
    const c = civilFromDays(splitMicros(localMicros(v!, k)).days);
    return daysFromCivil(c.year, c.month, daysInMonth(c.year, c.month));
  }),
);

defineGeneric('date', ['date(varchar)', 'date(timestamp)', 'date(timestamp with time zone)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1) return undefined;
  const t = ts[0]!;
  const k = dtKind(t);
  if (k) return res(DATE, [t], ([v]) => splitMicros(localMicros(v!, k)).days);
  if (t.kind === 'varchar' || t.kind === 'char') {
    return res(DATE, [V], ([s]) => {
      const d = parseDate(s as string);
      if (d === undefined) throw new AegisError('INVALID_CAST', `Value cannot be cast to date: ${s as string}`);
      return d;
    });
  }
  return undefined;
});

// ---- truncation and arithmetic by unit ---------------------------------------------------------

const UNITS = ['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
type Unit = (typeof UNITS)[number];
const FIXED_MICROS: Partial<Record<Unit, number>> = {
  millisecond: 1000, second: 1_000_000, minute: 60_000_000, hour: 3_600_000_000, day: MICROS_PER_DAY, week: 7 * MICROS_PER_DAY,
};
const MONTHS_PER: Partial<Record<Unit, number>> = { month: 1, quarter: 3, year: 12 };

function unitOf(u: Value, k: DT): Unit {
  const unit = (u as string).toLowerCase() as Unit;
  if (!UNITS.includes(unit)) throw invalidArg(`'${u as string}' is not a valid ${k === 'date' ? 'DATE' : 'TIMESTAMP'} field`);
  if (k === 'date' && FIXED_MICROS[unit] !== undefined && FIXED_MICROS[unit]! < MICROS_PER_DAY) {
    throw invalidArg(`'${u as string}' is not a valid DATE field`);
  }
  return unit;
}

function truncLocal(local: number, unit: Unit): number {
  const { days, micros } = splitMicros(local);
  switch (unit) {
    case 'millisecond':
    case 'second':
    case 'minute':
    case 'hour': {
      const f = FIXED_MICROS[unit]!;
      return days * MICROS_PER_DAY + Math.floor(micros / f) * f;
    }
    case 'day':
      return days * MICROS_PER_DAY;
    case 'week':
      return (days - isoDayOfWeek(days) + 1) * MICROS_PER_DAY;
    default: {
      const c = civilFromDays(days);
      const m = unit === 'month' ? c.month : unit === 'quarter' ? Math.floor((c.month - 1) / 3) * 3 + 1 : 1;
      return daysFromCivil(c.year, m, 1) * MICROS_PER_DAY;
    }
  }
}

defineDatetime('date_trunc', ['date_trunc(varchar, date)', 'date_trunc(varchar, timestamp(p))', 'date_trunc(varchar, timestamp(p) with time zone)'], [V], (t, k) =>
  res(t, [V, t], ([u, v]) => fromLocal(truncLocal(localMicros(v!, k), unitOf(u!, k)), k, v!)), 'last');

function addUnit(v: Value, k: DT, unit: Unit, n: number): Value {
  const out = addUnitMicros(v, k, unit, n);
  // Nanoseconds below the microsecond (timestamp(7..9) with or without time zone) are kept.
  if (k === 'ts') return tsLike(out, tsMicros(out), tsNanos(v));
  const nanos = k === 'tz' ? (v as TimestampTzValue).nanos : undefined;
  return nanos ? { ...(out as TimestampTzValue), nanos } : out;
}

function addUnitMicros(v: Value, k: DT, unit: Unit, n: number): Value {
  const months = MONTHS_PER[unit];
  if (months !== undefined) return fromLocal(addMonthsToMicros(localMicros(v, k), n * months), k, v);
  const step = FIXED_MICROS[unit]! * n;
  if (k === 'tz') {
    const tz = v as TimestampTzValue;
    // Days and weeks move the wall clock (DST-aware); smaller units move the instant.
    if (unit === 'day' || unit === 'week') return fromLocal(localMicros(v, k) + step, k, v);
    return { micros: tz.micros + step, zone: tz.zone } satisfies TimestampTzValue;
  }
  return fromLocal(localMicros(v, k) + step, k, v);
}

defineGeneric('date_add', ['date_add(varchar, bigint, date)', 'date_add(varchar, bigint, timestamp(p))', 'date_add(varchar, bigint, timestamp(p) with time zone)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 3) return undefined;
  const t = ts[2]!;
  const k = dtKind(t);
  if (!k || !['varchar', 'char', 'unknown'].includes(ts[0]!.kind)) return undefined;
  if (!['tinyint', 'smallint', 'integer', 'bigint', 'unknown'].includes(ts[1]!.kind)) return undefined;
  return res(t, [V, BIGINT, t], ([u, n, v]) => addUnit(v!, k, unitOf(u!, k), Number(n as bigint)));
});

/**
 * Joda's `monthOfYear().getDifferenceAsLong(minuend, subtrahend)` on local millis: a negative
 * difference is minus the forward one, and when the minuend is the last day of its month a later
 * day of month in the subtrahend counts as that last day (so Jan 31 → Feb 28 is one month).
 */
function monthDifference(minuend: number, subtrahend: number): number {
  if (minuend < subtrahend) return -monthDifference(subtrahend, minuend);
  const a = fieldsFromMicros(minuend);
  const b = fieldsFromMicros(subtrahend);
  let diff = (a.year - b.year) * 12 + (a.month - b.month);
  const monthStart = (f: DateTimeFields): number => daysFromCivil(f.year, f.month, 1) * MICROS_PER_DAY;
  let bRem = subtrahend - monthStart(b);
  const aLast = daysInMonth(a.year, a.month);
  if (a.day === aLast && b.day > aLast) bRem -= (b.day - aLast) * MICROS_PER_DAY;
  if (minuend - monthStart(a) < bRem) diff--;
  return diff;
}

/** Joda's year difference (`BasicChronology.getYearDifference`): Feb 29 balanced against non-leap years. */
function yearDifference(minuend: number, subtrahend: number): number {
  if (minuend < subtrahend) return -yearDifference(subtrahend, minuend);
  const a = fieldsFromMicros(minuend);
  const b = fieldsFromMicros(subtrahend);
  let aRem = minuend - daysFromCivil(a.year, 1, 1) * MICROS_PER_DAY;
  let bRem = subtrahend - daysFromCivil(b.year, 1, 1) * MICROS_PER_DAY;
  const feb29 = 59 * MICROS_PER_DAY;
  if (bRem >= feb29) {
    if (isLeapYear(b.year)) {
      if (!isLeapYear(a.year)) bRem -= MICROS_PER_DAY;
    } else if (aRem >= feb29 && isLeapYear(a.year)) {
      aRem -= MICROS_PER_DAY;
    }
  }
  return a.year - b.year - (aRem < bRem ? 1 : 0);
}

/** Whole `unit`s from x to y on local micros, as Trino (Joda fields at millisecond precision). */
function calendarDifference(unit: 'month' | 'quarter' | 'year', x: number, y: number): number {
  const ms = (v: number): number => Math.floor(v / 1000) * 1000;
  if (unit === 'year') return yearDifference(ms(y), ms(x));
  const months = monthDifference(ms(y), ms(x));
  return unit === 'quarter' ? Math.trunc(months / 3) : months;
}

defineGeneric('date_diff', ['date_diff(varchar, date, date)', 'date_diff(varchar, timestamp(p), timestamp(p))', 'date_diff(varchar, timestamp(p) with time zone, timestamp(p) with time zone)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 3 || !['varchar', 'char', 'unknown'].includes(ts[0]!.kind)) return undefined;
  // Both values coerce to their common type (date → timestamp(p) → timestamp(p) with time zone).
  let t = unify([ts[1]!, ts[2]!]);
  if (t?.kind === 'unknown') t = DATE;
  const k = t && dtKind(t);
  if (!t || !k) return undefined;
  return res(BIGINT, [V, t, t], ([u, x, y]) => {
    const unit = unitOf(u!, k);
    // Zoned values are both read on the wall clock of the first value's zone (Trino uses its chronology).
    const local = (v: Value): number => (k === 'tz' ? utcToLocal((v as TimestampTzValue).micros, (x as TimestampTzValue).zone) : localMicros(v, k));
    if (MONTHS_PER[unit] !== undefined) {
      return BigInt(calendarDifference(unit as 'month' | 'quarter' | 'year', local(x!), local(y!)));
    }
    const [p, q] = k === 'tz' && unit !== 'day' && unit !== 'week'
      ? [(x as TimestampTzValue).micros, (y as TimestampTzValue).micros]
      : [local(x!), local(y!)];
    // Joda works on millis: sub-millisecond digits never count.
    return BigInt(Math.trunc((Math.floor(q / 1000) - Math.floor(p / 1000)) / (FIXED_MICROS[unit]! / 1000)));
  });
});

// ---- formatting and parsing --------------------------------------------------------------------

defineDatetime('date_format', ['date_format(timestamp(p), varchar)', 'date_format(timestamp(p) with time zone, varchar)'], [V], (t, k) =>
  res(V, [t, V], ([v, f]) => mysqlFormat(localMicros(v!, k), f as string)));
defineFunction('date_parse', [{ args: [V, V], returns: TS3, impl: ([s, f]) => mysqlParse(s as string, f as string) }]);

function zoneAndOffset(v: Value, k: DT, ctx: EvalContext): { local: number; offset: number; zone: string } {
  if (k === 'tz') {
    const tz = v as TimestampTzValue;
    return { local: utcToLocal(tz.micros, tz.zone), offset: zoneOffsetMinutes(tz.zone, tz.micros / 1000), zone: tz.zone };
  }
  const local = localMicros(v, k);
  const zone = normalizeZone(ctx.sessionTimeZone);
  return { local, offset: zoneOffsetMinutes(zone, localToUtc(local, zone) / 1000), zone };
}

defineDatetime('format_datetime', ['format_datetime(timestamp(p), varchar)', 'format_datetime(timestamp(p) with time zone, varchar)'], [V], (t, k) =>
  res(V, [t, V], ([v, f], ctx) => {
    if (k !== 'tz' && jodaPatternHasZone(f as string)) {
      throw invalidArg("format_datetime for TIMESTAMP type, cannot use 'Z' nor 'z' in format, as this type does not contain TZ information");
    }
    const z = zoneAndOffset(v!, k, ctx);
    return jodaFormat(z.local, f as string, z.offset, z.zone);
  }));

defineFunction('parse_datetime', [{
  args: [V, V], returns: TSTZ3,
  impl: ([s, f], ctx) => {
    const p = jodaParse(s as string, f as string);
    if (p.offsetMinutes !== undefined) {
      const zone = p.offsetMinutes === 0 ? 'UTC' : formatOffset(p.offsetMinutes);
      return { micros: p.micros - p.offsetMinutes * 60_000_000, zone };
    }
    const zone = normalizeZone(p.zone ?? ctx.sessionTimeZone);
    return { micros: localToUtc(p.micros, zone), zone };
  },
}]);

// ---- unix time, ISO 8601 -----------------------------------------------------------------------

function fromUnix(seconds: number, zone: string): TimestampTzValue {
  if (!Number.isFinite(seconds)) throw invalidArg(`Invalid unix time: ${seconds}`);
  return { micros: Math.round(seconds * 1000) * 1000, zone: normalizeZone(zone) };
}
defineFunction('from_unixtime', [
  { args: [DOUBLE], returns: TSTZ3, impl: ([s], ctx) => fromUnix(s as number, ctx.sessionTimeZone) },
  { args: [DOUBLE, V], returns: TSTZ3, impl: ([s, z]) => fromUnix(s as number, z as string) },
  {
    args: [DOUBLE, BIGINT, BIGINT], returns: TSTZ3,
    impl: ([s, h, m]) => fromUnix(s as number, formatOffset(Number(h as bigint) * 60 + Number(m as bigint))),
  },
]);
/** Epoch nanoseconds → timestamp(9) with time zone, exact (floor division, as Trino). */
function fromUnixNanos(n: bigint, zone: string): TimestampTzValue {
  let micros = n / 1000n;
  let nanos = n % 1000n;
  if (nanos < 0n) {
    micros -= 1n;
    nanos += 1000n;
  }
  return zonedValue(Number(micros), normalizeZone(zone), Number(nanos));
}
const TSTZ9: SqlType = { kind: 'timestamp', precision: 9, withTimeZone: true };
defineGeneric('from_unixtime_nanos', ['from_unixtime_nanos(bigint)', 'from_unixtime_nanos(decimal(p,s))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1) return undefined;
  const t = ts[0]!;
  if (t.kind === 'decimal' && t.scale > 0) {
    // A fractional number of nanoseconds rounds half up to whole nanoseconds.
    const unit = 10n ** BigInt(t.scale);
    return res(TSTZ9, [t], ([v], ctx) => {
      const u = v as bigint;
      const q = u / unit;
      const r = u % unit;
      const twice = (r < 0n ? -r : r) * 2n;
      const n = twice >= unit ? q + (u < 0n ? -1n : 1n) : q;
      return fromUnixNanos(n, ctx.sessionTimeZone);
    });
  }
  if (!canCoerce(t, BIGINT) && t.kind !== 'decimal') return undefined;
  const arg: SqlType = t.kind === 'decimal' ? t : BIGINT;
  return res(TSTZ9, [arg], ([v], ctx) => fromUnixNanos(v as bigint, ctx.sessionTimeZone));
});

defineDatetime('to_unixtime', ['to_unixtime(timestamp(p) with time zone)', 'to_unixtime(timestamp(p))'], [], (t, k) => {
  // A date coerces to timestamp(0) (Trino's TypeCoercion), read in the session zone.
  if (k === 'date') return res(DOUBLE, [{ kind: 'timestamp', precision: 0 }], ([v], ctx) => localToUtc(v as number, ctx.sessionTimeZone) / 1_000_000);
  return res(DOUBLE, [t], ([v], ctx) => {
    // Nanoseconds (timestamp(7..9)) count as far as a double holds them.
    const micros = k === 'tz' ? (v as TimestampTzValue).micros : localToUtc(tsMicros(v!), ctx.sessionTimeZone);
    const nanos = k === 'tz' ? ((v as TimestampTzValue).nanos ?? 0) : tsNanos(v!);
    return micros / 1_000_000 + nanos / 1e9;
  });
});

const ISO_RE = /^\s*([+-]?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/;

function parseIso(text: string): { micros: number; offset?: number } {
  const m = ISO_RE.exec(text);
  if (!m) throw invalidArg(`Invalid format: "${text}"`);
  const y = Number(m[1]);
  const mo = Number(m[2] ?? '1');
  const d = Number(m[3] ?? '1');
  const h = Number(m[4] ?? '0');
  const mi = Number(m[5] ?? '0');
  const s = Number(m[6] ?? '0');
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 24 || mi > 59 || s > 59) throw invalidArg(`Invalid format: "${text}"`);
  const micro = Number(((m[7] ?? '') + '000000').slice(0, 6));
  const micros = daysFromCivil(y, mo, d) * MICROS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1_000_000 + micro;
  const z = m[8];
  if (z === undefined) return { micros };
  const offset = z === 'Z' ? 0 : (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.length > 3 ? z.slice(-2) : '0'));
  return { micros, offset };
}

defineFunction('from_iso8601_timestamp', [{
  args: [V], returns: TSTZ3,
  impl: ([s], ctx) => {
    const p = parseIso(s as string);
    if (p.offset === undefined) {
      const zone = normalizeZone(ctx.sessionTimeZone);
      return { micros: localToUtc(p.micros, zone), zone };
    }
    return { micros: p.micros - p.offset * 60_000_000, zone: p.offset === 0 ? 'UTC' : formatOffset(p.offset) };
  },
}]);
const ISO_DATE_RE = /^([+-]?\d{4,9})(?:-(?:(\d{2})(?:-(\d{2}))?|(\d{3})|W(\d{2})(?:-(\d))?))?$/;

/**
 * Joda's ISO date element parser (Trino's from_iso8601_date): `yyyy`, `yyyy-MM`, `yyyy-MM-dd`,
 * the ordinal date `yyyy-DDD` and the week date `xxxx-Www[-e]` (the week's Monday without a day).
 */
function parseIsoDate(text: string): number {
  const m = ISO_DATE_RE.exec(text);
  const bad = (): Error => invalidArg(`Invalid format: "${text}"`);
  if (!m) throw bad();
  const y = Number(m[1]);
  if (m[4] !== undefined) {
    const doy = Number(m[4]);
    if (doy < 1 || doy > (isLeapYear(y) ? 366 : 365)) throw bad();
    return daysFromCivil(y, 1, 1) + doy - 1;
  }
  if (m[5] !== undefined) {
    const week = Number(m[5]);
    const dow = Number(m[6] ?? '1');
    const start = isoWeekStart(y, 1);
    const weeks = (isoWeekStart(y + 1, 1) - start) / 7;
    if (week < 1 || week > weeks || dow < 1 || dow > 7) throw bad();
    return start + (week - 1) * 7 + dow - 1;
  }
  const mo = Number(m[2] ?? '1');
  const d = Number(m[3] ?? '1');
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw bad();
  return daysFromCivil(y, mo, d);
}

const ISO_NANOS_RE = /^([+-]?\d{4,9})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?(?:\[([^\]]+)\])?$/;

/**
 * from_iso8601_timestamp_nanos: java.time's ISO_DATE_TIME (date, `T`, hours and minutes, optional
 * seconds and up to nine fraction digits, optional `Z` / `±hh:mm` offset and `[zone]`), to the
 * nanosecond; without an offset the wall time is read in the session zone.
 */
function parseIsoNanos(text: string, sessionZone: string): TimestampTzValue {
  const m = ISO_NANOS_RE.exec(text);
  const bad = (): Error => invalidArg(`Text '${text}' could not be parsed`);
  if (!m) throw bad();
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? '0')) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) throw bad();
  const frac = (m[7] ?? '').padEnd(9, '0');
  const local = daysFromCivil(y, mo, d) * MICROS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1_000_000 + Number(frac.slice(0, 6));
  const nanos = Number(frac.slice(6));
  const offset = m[8];
  const region = m[9];
  if (region !== undefined) {
    const zone = normalizeZone(region);
    return zonedValue(localToUtc(local, zone), zone, nanos);
  }
  if (offset !== undefined) {
    const minutes = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
    return zonedValue(local - minutes * 60_000_000, minutes === 0 ? 'UTC' : formatOffset(minutes), nanos);
  }
  const zone = normalizeZone(sessionZone);
  return zonedValue(localToUtc(local, zone), zone, nanos);
}

defineFunction('from_iso8601_timestamp_nanos', [{
  args: [V], returns: { kind: 'timestamp', precision: 9, withTimeZone: true },
  impl: ([s], ctx) => parseIsoNanos(s as string, ctx.sessionTimeZone),
}]);

defineFunction('from_iso8601_date', [{
  args: [V], returns: DATE,
  impl: ([s]) => parseIsoDate(s as string),
}]);

defineDatetime('to_iso8601', ['to_iso8601(date)', 'to_iso8601(timestamp(p))', 'to_iso8601(timestamp(p) with time zone)'], [], (t, k) =>
  res(V, [t], ([v]) => {
    if (k === 'date') return formatDate(v as number);
    const p = t.kind === 'timestamp' ? t.precision : 3;
    if (k === 'ts') return formatTimestamp(tsMicros(v!), p, tsNanos(v!)).replace(' ', 'T');
    const tz = v as TimestampTzValue;
    const off = zoneOffsetMinutes(tz.zone, tz.micros / 1000);
    return formatTimestamp(utcToLocal(tz.micros, tz.zone), p, tz.nanos).replace(' ', 'T') + (off === 0 ? 'Z' : formatOffset(off));
  }));

// ---- zones -------------------------------------------------------------------------------------

defineGeneric('at_timezone', ['at_timezone(timestamp(p) with time zone, varchar)'], (args) => {
  const ts = plainTypes(args);
  const t = ts?.length === 2 && canCoerce(ts[1]!, V) ? zonedParam(ts[0]!) : undefined;
  if (!t) return undefined;
  return res(t, [t, V], ([v, z]) => ({ ...(v as TimestampTzValue), zone: normalizeZone(z as string) }));
});
defineGeneric('with_timezone', ['with_timezone(timestamp(p), varchar)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2 || !canCoerce(ts[1]!, V)) return undefined;
  // date → timestamp(0), NULL → timestamp(3)
  const a = ts[0]!;
  const t: SqlType | undefined = a.kind === 'date' ? { kind: 'timestamp', precision: 0 } : a.kind === 'unknown' ? TS3 : dtKind(a) === 'ts' ? a : undefined;
  if (!t) return undefined;
  const out: SqlType = { kind: 'timestamp', precision: t.kind === 'timestamp' ? t.precision : 3, withTimeZone: true };
  return res(out, [t, V], ([v, z]) => {
    const zone = normalizeZone(z as string);
    return zonedValue(localToUtc(tsMicros(v!), zone), zone, tsNanos(v!));
  });
});

defineFunction('to_milliseconds', [{ args: [IDS], returns: BIGINT, impl: ([v]) => BigInt(v as number) }]);
