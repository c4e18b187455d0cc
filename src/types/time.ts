/**
 * TIME(p) values (Trino's time type). A time(p ≤ 6) is a number of microseconds since midnight
 * in [0, 86 400 000 000); a time(7..12) a number of nanoseconds since midnight in
 * [0, 86 400 000 000 000), exact in a double — non-zero digits below the nanosecond (p 10–12)
 * are refused (NOT_SUPPORTED), never dropped. Functions read any precision as nanoseconds of
 * the day with {@link timeNanos} and build their result with {@link timeOf}. Literals and casts
 * from text accept `H:MM[:SS[.fraction]]`; rounding to a precision is half up from the written
 * digits and wraps at midnight, as Trino's.
 */
import { AegisError } from '../errors.js';

export const MICROS_PER_DAY_TIME = 86_400_000_000;
export const NANOS_PER_DAY = 86_400_000_000_000;

/** Nanoseconds of the day of a time(p) value (micros for p ≤ 6, nanos above). */
export function timeNanos(v: number, precision: number): number {
  return precision > 6 ? v : v * 1000;
}

/** The time(p) value of nanoseconds of the day already rounded to p digits. */
export function timeOf(nanos: number, precision: number): number {
  return precision > 6 ? nanos : nanos / 1000;
}

/** Wraps nanoseconds into [0, a day). */
export function wrapDayNanos(nanos: number): number {
  const r = nanos % NANOS_PER_DAY;
  return r < 0 ? r + NANOS_PER_DAY : r;
}

/** Rounds nanoseconds of the day to `precision` fractional digits (half up), wrapping at midnight. */
export function roundTimeNanos(nanos: number, precision: number): number {
  if (precision >= 9) return nanos;
  const unit = 10 ** (9 - precision);
  return (Math.floor((nanos + unit / 2) / unit) * unit) % NANOS_PER_DAY;
}

/** A parsed time of day: its whole seconds and the written fraction digits (up to 12). */
export interface ParsedTime {
  seconds: number;
  fraction: string;
  precision: number;
}

/** Parses `H:MM[:SS[.f…]]`; undefined when the text is not a time of day. */
export function parseTime(text: string): ParsedTime | undefined {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?\s*$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Number(m[3] ?? 0);
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const fraction = m[4] ?? '';
  return { seconds: (h * 60 + mi) * 60 + s, fraction, precision: fraction.length };
}

/**
 * Nanoseconds of the day of a parsed time rounded once, half up, from its written digits to
 * `precision` digits (wrapping at midnight). time(10..12) keeps nanoseconds only: non-zero
 * digits below the nanosecond are refused rather than dropped.
 */
export function parsedTimeNanos(t: ParsedTime, precision: number, typeName: string, text: string): number {
  const digits = t.fraction.padEnd(12, '0');
  if (precision > 9 && /[1-9]/.test(digits.slice(9))) {
    throw new AegisError('NOT_SUPPORTED', `${typeName} keeps nanoseconds only; this value has digits below the nanosecond: ${text}`);
  }
  const p = Math.min(precision, 9);
  const unit = 10 ** (9 - p);
  const kept = p === 0 ? 0 : Number(digits.slice(0, p)) * unit;
  const carry = Number(digits[p]) >= 5 ? unit : 0;
  return (t.seconds * 1e9 + kept + carry) % NANOS_PER_DAY;
}

/** `HH:MM:SS[.fff…]` of nanoseconds of the day with `precision` fractional digits. */
export function formatTime(nanos: number, precision: number): string {
  const secs = Math.floor(nanos / 1e9);
  const pad = (n: number): string => String(n).padStart(2, '0');
  let out = `${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`;
  if (precision > 0) out += '.' + (String(nanos % 1e9).padStart(9, '0') + '000').slice(0, precision);
  return out;
}

/** Text → time(p) value; INVALID_CAST for anything but a time of day. */
export function timeFromText(text: string, precision: number): number {
  const t = parseTime(text);
  if (!t) throw new AegisError('INVALID_CAST', `Value cannot be cast to time: ${text}`);
  return timeOf(parsedTimeNanos(t, precision, `time(${precision})`, text), precision);
}

/** Adds milliseconds to nanoseconds of the day, wrapping around midnight (Trino's time ± interval). */
export function addMillisToTime(nanos: number, ms: number): number {
  // Reduced modulo a day first, so the product stays exact.
  return wrapDayNanos(nanos + (ms % 86_400_000) * 1e6);
}

// ---- TIME(p) WITH TIME ZONE -------------------------------------------------------------------
// A value is { micros: UTC micros of day (floored), zone: '+hh:mm', nanos?: 1–999 } — the
// TimestampTzValue shape, with the UTC time of day where a timestamp keeps its instant and, for
// p 7..9, the nanoseconds within the microsecond — so values compare, hash and group by the
// normalized time as Trino's do; the local time is the UTC time + offset.

/** Parses `H:MM[:SS[.f…]][ ]±HH:MM`; `offset` undefined when the text has none. */
export function parseTimeTz(text: string): (ParsedTime & { offset?: number }) | undefined {
  const m = /^\s*(.*?)\s*([+-])(\d{1,2}):?(\d{2})\s*$/.exec(text);
  if (!m || !/\d:\d/.test(m[1]!)) return parseTime(text);
  const t = parseTime(m[1]!);
  const h = Number(m[3]);
  const mi = Number(m[4]);
  if (!t || h > 14 || mi > 59) return undefined;
  return { ...t, offset: (m[2] === '-' ? -1 : 1) * (h * 60 + mi) };
}

/** `+05:30` / `-08:00` of an offset in minutes. */
export function offsetText(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Minutes of a `+hh:mm` offset text. */
export function offsetMinutesOf(text: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(text);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

interface TimeTzValue {
  readonly micros: number;
  readonly zone: string;
  readonly nanos?: number;
}

/** The UTC time of day of a time with time zone in nanoseconds (what comparisons and hashes use). */
export function timeTzNanos(v: TimeTzValue): number {
  return v.micros * 1000 + (v.nanos ?? 0);
}

/** The local (wall-clock) time of day of a time with time zone, in nanoseconds. */
export function localTimeNanos(v: TimeTzValue): number {
  return wrapDayNanos(timeTzNanos(v) + offsetMinutesOf(v.zone) * 60e9);
}

/** A time with time zone from its local time of day (nanoseconds) and offset (minutes). */
export function timeTz(localNanos: number, offsetMinutes: number): TimeTzValue {
  const utc = wrapDayNanos(localNanos - offsetMinutes * 60e9);
  const nanos = utc % 1000;
  const zone = offsetText(offsetMinutes);
  return nanos === 0 ? { micros: utc / 1000, zone } : { micros: (utc - nanos) / 1000, zone, nanos };
}
