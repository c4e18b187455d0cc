/**
 * CAST and TRY_CAST with Trino semantics.
 *
 * - Integer targets: doubles/decimals round half away from zero; out of range → NUMERIC_OVERFLOW
 *   ("Out of range for integer: 3000000000"); from text, `Long.parseLong` rules (optional sign,
 *   digits only, no spaces) else INVALID_CAST "Cannot cast 'abc' to integer".
 * - Decimal targets: HALF_UP rescale; a value needing more digits → INVALID_CAST.
 * - boolean from text: true/false/t/f/1/0 (case-insensitive); from numbers: ≠ 0.
 * - Text → date/timestamp: `YYYY-MM-DD[ HH:MM:SS.fff][ zone]`.
 * - json: CAST(varchar AS json) makes a JSON string; CAST(json AS T) converts JSON scalars,
 *   arrays and objects (json → array/map/row); CAST(T AS json) the reverse (rows with named
 *   fields become objects).
 * - Container casts go element by element.
 */
import { AegisError } from '../errors.js';
import { castFromJson, castToJson } from './cast-json.js';
import { formatTime, localTimeNanos, offsetMinutesOf, parseTimeTz, parsedTimeNanos, roundTimeNanos, timeFromText, timeNanos, timeOf, timeTz, timeTzNanos } from './time.js';
import {
  MICROS_PER_DAY, formatDate, formatTimestamp, localToUtc, normalizeZone, parseDate, parseTimestamp,
  roundNanos, splitMicros, utcToLocal, zoneOffsetMinutes,
} from './datetime.js';
import { tsMicros, tsNanos, tsOf } from './long-timestamp.js';
import { doubleToUnscaled, fitsPrecision, formatDecimal, parseDecimalText, rescale, unscaledToDouble } from './decimal.js';
import { javaDoubleToString, javaFloatToString } from './number-format.js';
import type { SqlType } from './sql-type.js';
import { formatType, typesEqual } from './sql-type.js';
import { zonedValue, type MapValue, type TimestampTzValue, type Value } from './value.js';

/** Settings a cast may need (zone-less text → timestamp with time zone, timestamp ↔ tz). */
export interface CastOptions {
  sessionTimeZone?: string;
  /** Query start: CAST(time AS timestamp) puts the time on this day (in the session zone); now when absent. */
  now?: Date;
}

const INT_RANGE: Record<string, [bigint, bigint]> = {
  tinyint: [-128n, 127n],
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

function quote(v: Value, from: SqlType): string {
  if (typeof v === 'string') return `'${v}'`;
  return `${formatType(from)} '${castToVarchar(v, from)}'`;
}

function invalidCast(v: Value, from: SqlType, to: SqlType): AegisError {
  return new AegisError('INVALID_CAST', `Cannot cast ${quote(v, from)} to ${formatType(to)}`, {
    from: formatType(from),
    to: formatType(to),
  });
}

/** Rounds half away from zero (Java Math.round differs for negatives; Trino uses this). */
export function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function toIntegral(v: Value, from: SqlType, to: SqlType): number | bigint {
  const [lo, hi] = INT_RANGE[to.kind]!;
  let n: bigint;
  switch (from.kind) {
    case 'boolean':
      n = v ? 1n : 0n;
      break;
    case 'tinyint':
    case 'smallint':
    case 'integer':
      n = BigInt(v as number);
      break;
    case 'bigint':
      n = v as bigint;
      break;
    case 'real':
    case 'double': {
      const x = v as number;
      if (!Number.isFinite(x)) throw invalidCast(v, from, to);
      const r = roundHalfAwayFromZero(x);
      if (r < Number(lo) - 1 || r > Number(hi) + 1) {
        throw new AegisError('NUMERIC_OVERFLOW', `Out of range for ${to.kind}: ${javaDoubleToString(x)}`);
      }
      n = BigInt(r);
      break;
    }
    case 'decimal':
      n = rescale(v as bigint, from.scale, 0);
      if (n < lo || n > hi) throw invalidCast(v, from, to);
      break;
    case 'varchar':
    case 'char': {
      const s = from.kind === 'char' ? (v as string).trimEnd() : (v as string);
      if (!/^[+-]?\d+$/.test(s)) throw invalidCast(v, from, to);
      n = BigInt(s);
      if (n < lo || n > hi) throw invalidCast(v, from, to);
      break;
    }
    case 'json':
      return castFromJson(v as string, to, castValue) as number | bigint;
    default:
      throw invalidCast(v, from, to);
  }
  if (n < lo || n > hi) throw new AegisError('NUMERIC_OVERFLOW', `Out of range for ${to.kind}: ${n}`);
  return to.kind === 'bigint' ? n : Number(n);
}

function toDouble(v: Value, from: SqlType, to: SqlType): number {
  switch (from.kind) {
    case 'boolean':
      return v ? 1 : 0;
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'real':
    case 'double':
      return v as number;
    case 'bigint':
      return Number(v as bigint);
    case 'decimal':
      return unscaledToDouble(v as bigint, from.scale);
    case 'varchar':
    case 'char': {
      // Fast path: JS Number() agrees with Double.parseDouble on plain decimal/exponent text.
      const raw = v as string;
      const quick = Number(raw);
      if (!Number.isNaN(quick) && raw.trim() !== '' && !/[xXbBoO_]/.test(raw)) return quick;
      const s = raw.trim();
      if (/^[+-]?NaN$/.test(s)) return NaN;
      if (/^[+-]?Infinity$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(s)) throw invalidCast(v, from, to);
      return Number(s.replace(/[dDfF]$/, ''));
    }
    default:
      throw invalidCast(v, from, to);
  }
}

function toDecimal(v: Value, from: SqlType, to: Extract<SqlType, { kind: 'decimal' }>): bigint {
  let u: bigint;
  switch (from.kind) {
    case 'boolean':
      u = (v ? 1n : 0n) * 10n ** BigInt(to.scale);
      break;
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      u = BigInt(v as number | bigint) * 10n ** BigInt(to.scale);
      break;
    case 'real':
    case 'double': {
      const x = v as number;
      if (!Number.isFinite(x)) throw invalidCast(v, from, to);
      u = doubleToUnscaled(x, to.scale);
      break;
    }
    case 'decimal':
      u = rescale(v as bigint, from.scale, to.scale);
      break;
    case 'varchar':
    case 'char': {
      const p = parseDecimalText(v as string);
      if (!p) throw invalidCast(v, from, to);
      u = rescale(p.unscaled, p.scale, to.scale);
      break;
    }
    default:
      throw invalidCast(v, from, to);
  }
  if (!fitsPrecision(u, to.precision)) throw invalidCast(v, from, to);
  return u;
}

/** The text CAST(v AS varchar) yields. */
export function castToVarchar(v: Value, from: SqlType): string {
  switch (from.kind) {
    case 'varchar':
    case 'char':
    case 'json':
      return v as string;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      return String(v);
    case 'double':
      return javaDoubleToString(v as number);
    case 'real':
      return javaFloatToString(v as number);
    case 'decimal':
      return formatDecimal(v as bigint, from.scale);
    case 'date':
      return formatDate(v as number);
    case 'timestamp':
      if (from.withTimeZone) {
        const tz = v as TimestampTzValue;
        return `${formatTimestamp(utcToLocal(tz.micros, tz.zone), from.precision, tz.nanos)} ${tz.zone}`;
      }
      return formatTimestamp(tsMicros(v), from.precision, tsNanos(v));
    case 'varbinary':
      return new TextDecoder().decode(v as Uint8Array);
    case 'interval_day_second':
      return formatIntervalDaySecond(v as number);
    case 'interval_year_month':
      return formatIntervalYearMonth(v as number);
    case 'time':
      if (from.withTimeZone) return formatTime(localTimeNanos(v as TimestampTzValue), from.precision) + (v as TimestampTzValue).zone;
      return formatTime(timeNanos(v as number, from.precision), from.precision);
    default:
      throw new AegisError('INVALID_CAST', `Cannot cast ${formatType(from)} to varchar`);
  }
}

/** `1 02:03:04.500` (Trino's day-to-second interval text). */
export function formatIntervalDaySecond(ms: number): string {
  const neg = ms < 0;
  let a = Math.abs(ms);
  const days = Math.floor(a / 86_400_000);
  a -= days * 86_400_000;
  const h = Math.floor(a / 3_600_000);
  const m = Math.floor(a / 60_000) % 60;
  const s = Math.floor(a / 1000) % 60;
  const frac = a % 1000;
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${neg ? '-' : ''}${days} ${p(h)}:${p(m)}:${p(s)}.${p(frac, 3)}`;
}

/** `1-2` (years-months). */
export function formatIntervalYearMonth(months: number): string {
  const neg = months < 0;
  const a = Math.abs(months);
  return `${neg ? '-' : ''}${Math.floor(a / 12)}-${a % 12}`;
}

function zoneOf(opts: CastOptions | undefined): string {
  return normalizeZone(opts?.sessionTimeZone ?? 'UTC');
}

function toTimestamp(v: Value, from: SqlType, to: Extract<SqlType, { kind: 'timestamp' }>, opts?: CastOptions): Value {
  let local: number;
  let zone: string | undefined;
  let utc: number | undefined;
  // Nanoseconds within the microsecond: kept exactly for timestamp(7..12).
  let nanos = 0;
  switch (from.kind) {
    case 'date':
      local = (v as number) * MICROS_PER_DAY;
      break;
    case 'timestamp':
      if (from.withTimeZone) {
        const tz = v as TimestampTzValue;
        utc = tz.micros;
        zone = tz.zone;
        nanos = tz.nanos ?? 0;
        local = utcToLocal(tz.micros, tz.zone);
      } else {
        local = tsMicros(v);
        nanos = tsNanos(v);
      }
      break;
    case 'varchar':
    case 'char': {
      const p = parseTimestamp(v as string);
      if (!p) throw new AegisError('INVALID_CAST', `Value cannot be cast to timestamp: ${v as string}`, { to: formatType(to) });
      // Round once, from the written digits (floored micros + nanos), to the target precision.
      local = p.exact.micros;
      nanos = p.exact.nanos;
      if (to.precision > 9 && p.subNanos) {
        // Values are held to the nanosecond: refuse rather than drop picoseconds.
        throw new AegisError('NOT_SUPPORTED', `${formatType(to)} keeps nanoseconds only; this value has digits below the nanosecond: ${v as string}`);
      }
      if (p.zone !== undefined) {
        if (!to.withTimeZone) {
          throw new AegisError('INVALID_CAST', `Value cannot be cast to timestamp: ${v as string}`, { to: formatType(to) });
        }
        zone = normalizeZone(p.zone);
      }
      break;
    }
    case 'time':
      return timeToTimestamp(v, from, to, opts);
    case 'json':
      return castFromJson(v as string, to, castValue, opts);
    default:
      throw invalidCast(v, from, to);
  }
  if (!to.withTimeZone) {
    const r = roundNanos(local, nanos, to.precision);
    return tsOf(r.micros, r.nanos, to.precision);
  }
  const z = zone ?? zoneOf(opts);
  const instant = utc ?? localToUtc(local, z);
  const r = roundNanos(instant, nanos, to.precision);
  return zonedValue(r.micros, z, r.nanos);
}

/**
 * CAST(time(p) [with time zone] AS timestamp(q) [with time zone]), as Trino's TimeTo…Cast: the
 * time of day on the session's current date (the query start read in the session zone), its
 * fraction rounded half up to q digits — a carry moves on to the next second, or day. A time
 * with time zone gives its local time to a zone-less timestamp; to a zoned one its UTC time of
 * day (wrapping at midnight) on that date, in the time's offset. A zone-less time becomes a
 * zoned timestamp in the session zone, at the zone's offset at the query start.
 */
function timeToTimestamp(v: Value, from: Extract<SqlType, { kind: 'time' }>, to: Extract<SqlType, { kind: 'timestamp' }>, opts?: CastOptions): Value {
  const zone = zoneOf(opts);
  const startMs = opts?.now?.getTime() ?? Date.now();
  const day = splitMicros(utcToLocal(startMs * 1000, zone)).days * MICROS_PER_DAY;
  if (from.withTimeZone && to.withTimeZone) {
    const t = v as TimestampTzValue;
    const utc = roundTimeNanos(timeTzNanos(t), to.precision);
    return zonedValue(day + Math.floor(utc / 1000), normalizeZone(t.zone), utc % 1000);
  }
  const ofDay = from.withTimeZone ? localTimeNanos(v as TimestampTzValue) : timeNanos(v as number, from.precision);
  const local = roundNanos(day + Math.floor(ofDay / 1000), ofDay % 1000, to.precision);
  if (!to.withTimeZone) return tsOf(local.micros, local.nanos, to.precision);
  return zonedValue(local.micros - zoneOffsetMinutes(zone, startMs) * 60_000_000, zone, local.nanos);
}

/** Nanoseconds of the day of `local` epoch micros plus `nanos`. */
function nanosOfDay(local: number, nanos: number): number {
  return (local - Math.floor(local / MICROS_PER_DAY) * MICROS_PER_DAY) * 1000 + nanos;
}

/** CAST to time(p): from text, another time precision, or a timestamp's (local) time of day. */
function toTime(v: Value, from: SqlType, to: Extract<SqlType, { kind: 'time' }>): number {
  switch (from.kind) {
    case 'varchar':
    case 'char':
      return timeFromText(v as string, to.precision);
    case 'time': {
      const nanos = from.withTimeZone ? localTimeNanos(v as TimestampTzValue) : timeNanos(v as number, from.precision);
      return timeOf(roundTimeNanos(nanos, to.precision), to.precision);
    }
    case 'timestamp': {
      // The time of day rounds once, from the nanoseconds, wrapping at midnight.
      const ofDay = from.withTimeZone
        ? nanosOfDay(utcToLocal((v as TimestampTzValue).micros, (v as TimestampTzValue).zone), (v as TimestampTzValue).nanos ?? 0)
        : nanosOfDay(tsMicros(v), tsNanos(v));
      return timeOf(roundTimeNanos(ofDay, to.precision), to.precision);
    }
    default:
      throw invalidCast(v, from, to);
  }
}

/** CAST to time(p) with time zone; a value without an offset takes the session zone's (now). */
function toTimeTz(v: Value, from: SqlType, to: Extract<SqlType, { kind: 'time' }>, opts?: CastOptions): TimestampTzValue {
  const sessionOffset = (): number => zoneOffsetMinutes(zoneOf(opts), opts?.now?.getTime() ?? Date.now());
  switch (from.kind) {
    case 'varchar':
    case 'char': {
      const t = parseTimeTz(v as string);
      if (!t) throw new AegisError('INVALID_CAST', `Value cannot be cast to time with time zone: ${v as string}`);
      return timeTz(parsedTimeNanos(t, to.precision, formatType(to), v as string), t.offset ?? sessionOffset());
    }
    case 'time':
      if (from.withTimeZone) return timeTz(roundTimeNanos(localTimeNanos(v as TimestampTzValue), to.precision), offsetMinutesOf((v as TimestampTzValue).zone));
      return timeTz(roundTimeNanos(timeNanos(v as number, from.precision), to.precision), sessionOffset());
    case 'timestamp': {
      const utc = from.withTimeZone ? (v as TimestampTzValue).micros : undefined;
      const zone = from.withTimeZone ? (v as TimestampTzValue).zone : zoneOf(opts);
      const nanos = from.withTimeZone ? ((v as TimestampTzValue).nanos ?? 0) : tsNanos(v);
      const local = utc === undefined ? tsMicros(v) : utcToLocal(utc, zone);
      // The offset at the instant (a zone-less timestamp read in the session zone).
      const offset = utc === undefined ? zoneOffsetMinutes(zone, Math.floor(localToUtc(local, zone) / 1000)) : zoneOffsetMinutes(zone, Math.floor(utc / 1000));
      return timeTz(roundTimeNanos(nanosOfDay(local, nanos), to.precision), offset);
    }
    default:
      throw invalidCast(v, from, to);
  }
}

function toDate(v: Value, from: SqlType, to: SqlType): number {
  switch (from.kind) {
    case 'timestamp':
      if (from.withTimeZone) {
        const tz = v as TimestampTzValue;
        return splitMicros(utcToLocal(tz.micros, tz.zone)).days;
      }
      return splitMicros(tsMicros(v)).days;
    case 'varchar':
    case 'char': {
      const d = parseDate(v as string);
      if (d === undefined) throw new AegisError('INVALID_CAST', `Value cannot be cast to date: ${v as string}`, { to: 'date' });
      return d;
    }
    case 'json':
      return castFromJson(v as string, to, castValue) as number;
    default:
      throw invalidCast(v, from, to);
  }
}

/**
 * CAST(v AS to) for a value of type `from`.
 * @throws AegisError INVALID_CAST (bad text, unsupported pair, value does not fit a decimal),
 *   NUMERIC_OVERFLOW (out of range for an integer type), INVALID_FUNCTION_ARGUMENT (bad json).
 */
export function castValue(v: Value, from: SqlType, to: SqlType, opts?: CastOptions): Value {
  if (v === null) return null;
  if (from.kind === 'unknown') return null;
  if (typesEqual(from, to)) return v;
  switch (to.kind) {
    case 'boolean':
      switch (from.kind) {
        case 'tinyint':
        case 'smallint':
        case 'integer':
        case 'real':
        case 'double':
          return (v as number) !== 0;
        case 'bigint':
        case 'decimal':
          return (v as bigint) !== 0n;
        case 'varchar':
        case 'char': {
          // Exactly t/true/1 or f/false/0, any case, no surrounding spaces (Trino's FromVarchar).
          const s = (v as string).toLowerCase();
          if (s === 'true' || s === 't' || s === '1') return true;
          if (s === 'false' || s === 'f' || s === '0') return false;
          throw invalidCast(v, from, to);
        }
        case 'json':
          return castFromJson(v as string, to, castValue);
        default:
          throw invalidCast(v, from, to);
      }
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      return toIntegral(v, from, to);
    case 'double':
      return from.kind === 'json' ? castFromJson(v as string, to, castValue) : toDouble(v, from, to);
    case 'real':
      return from.kind === 'json' ? castFromJson(v as string, to, castValue) : Math.fround(toDouble(v, from, to));
    case 'decimal':
      return from.kind === 'json' ? castFromJson(v as string, to, castValue) : toDecimal(v, from, to);
    case 'varchar': {
      if (from.kind === 'json') return castFromJson(v as string, to, castValue);
      if (from.kind === 'array' || from.kind === 'map' || from.kind === 'row') throw invalidCast(v, from, to);
      const s = from.kind === 'char' ? (v as string) : castToVarchar(v, from);
      if (to.length !== undefined && s.length > to.length) {
        if (isNumericKind(from.kind)) throw invalidCast(v, from, to);
        // Strings are cut to the length; a boolean, date, time or timestamp that does not fit is
        // an error, as in Trino's casts of those to varchar(x).
        if (from.kind === 'boolean' || from.kind === 'date' || from.kind === 'time' || from.kind === 'timestamp') {
          throw new AegisError('INVALID_CAST', `Value ${s} cannot be represented as varchar(${to.length})`);
        }
        return [...s].slice(0, to.length).join('');
      }
      return s;
    }
    case 'char': {
      const s = castToVarchar(v, from);
      const cps = [...s];
      if (cps.length > to.length) return cps.slice(0, to.length).join('');
      return s + ' '.repeat(to.length - cps.length);
    }
    case 'varbinary':
      if (from.kind === 'varchar' || from.kind === 'char') return new TextEncoder().encode(v as string);
      throw invalidCast(v, from, to);
    case 'date':
      return toDate(v, from, to);
    case 'timestamp':
      return toTimestamp(v, from, to, opts);
    case 'time':
      return to.withTimeZone ? toTimeTz(v, from, to, opts) : toTime(v, from, to);
    case 'json':
      return castToJson(v, from);
    case 'array': {
      if (from.kind === 'json') return castFromJson(v as string, to, castValue, opts);
      if (from.kind !== 'array') throw invalidCast(v, from, to);
      return (v as Value[]).map((e) => castValue(e, from.element, to.element, opts));
    }
    case 'map': {
      if (from.kind === 'json') return castFromJson(v as string, to, castValue, opts);
      if (from.kind !== 'map') throw invalidCast(v, from, to);
      const m = v as MapValue;
      return {
        keys: m.keys.map((k) => castValue(k, from.key, to.key, opts)),
        values: m.values.map((x) => castValue(x, from.value, to.value, opts)),
      } satisfies MapValue;
    }
    case 'row': {
      if (from.kind === 'json') return castFromJson(v as string, to, castValue, opts);
      if (from.kind !== 'row' || from.fields.length !== to.fields.length) throw invalidCast(v, from, to);
      return (v as Value[]).map((e, i) => castValue(e, from.fields[i]!.type, to.fields[i]!.type, opts));
    }
    case 'unknown':
      return null;
    default:
      throw invalidCast(v, from, to);
  }
}

function isNumericKind(k: SqlType['kind']): boolean {
  return ['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal'].includes(k);
}

/** TRY_CAST: null instead of the errors CAST raises for bad values. */
export function tryCastValue(v: Value, from: SqlType, to: SqlType, opts?: CastOptions): Value {
  try {
    return castValue(v, from, to, opts);
  } catch (e) {
    if (e instanceof AegisError && (e.code === 'INVALID_CAST' || e.code === 'NUMERIC_OVERFLOW' || e.code === 'INVALID_FUNCTION_ARGUMENT')) {
      return null;
    }
    throw e;
  }
}

const SCALAR_KINDS = new Set<SqlType['kind']>([
  'boolean', 'tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal', 'varchar', 'char',
]);

/**
 * Whether CAST(from AS to) is allowed at all (checked when binding; values may still fail).
 * Mirrors Trino's cast table for the types aegis has.
 */
export function canCast(from: SqlType, to: SqlType): boolean {
  if (from.kind === 'unknown' || typesEqual(from, to)) return true;
  if (SCALAR_KINDS.has(from.kind) && SCALAR_KINDS.has(to.kind)) return true;
  const text = (k: SqlType['kind']): boolean => k === 'varchar' || k === 'char';
  switch (to.kind) {
    case 'varchar':
    case 'char':
      return ['date', 'timestamp', 'time', 'varbinary', 'json', 'interval_day_second', 'interval_year_month'].includes(from.kind);
    case 'varbinary':
      return text(from.kind);
    case 'date':
      return text(from.kind) || from.kind === 'timestamp' || from.kind === 'json';
    case 'timestamp':
      return text(from.kind) || from.kind === 'date' || from.kind === 'timestamp' || from.kind === 'time' || from.kind === 'json';
    case 'time':
      return text(from.kind) || from.kind === 'timestamp' || from.kind === 'time';
    case 'json':
      return from.kind !== 'varbinary' && from.kind !== 'interval_day_second' && from.kind !== 'interval_year_month';
    case 'array':
      return from.kind === 'json' || (from.kind === 'array' && canCast(from.element, to.element));
    case 'map':
      return from.kind === 'json' || (from.kind === 'map' && canCast(from.key, to.key) && canCast(from.value, to.value));
    case 'row':
      return (
        from.kind === 'json' ||
        (from.kind === 'row' && from.fields.length === to.fields.length && from.fields.every((f, i) => canCast(f.type, to.fields[i]!.type)))
      );
    default:
      return from.kind === 'json' && SCALAR_KINDS.has(to.kind);
  }
}


