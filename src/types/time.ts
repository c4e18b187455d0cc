/**
 * TIME(p) values (Trino's time type): microseconds since midnight as a number in
 * [0, 86 400 000 000); p > 6 keeps only microseconds, as timestamps do. Literals and casts
 * from text accept `H:MM[:SS[.fraction]]`; rounding to a precision is half up and wraps at
 * midnight, as Trino's. TIME WITH TIME ZONE is not supported.
 */
import { AegisError } from '../errors.js';

export const MICROS_PER_DAY_TIME = 86_400_000_000;

/** Parses `H:MM[:SS[.f…]]`; undefined when the text is not a time of day. */
export function parseTime(text: string): { micros: number; precision: number } | undefined {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?\s*$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Number(m[3] ?? 0);
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const frac = m[4] ?? '';
  // Microseconds, rounded half up from any further digits (wrapping past midnight).
  const micro = frac.length <= 6 ? Number(frac.padEnd(6, '0')) : Math.floor(Number(frac.slice(0, 6)) + (Number(frac[6]) >= 5 ? 1 : 0));
  const micros = ((h * 60 + mi) * 60 + s) * 1_000_000 + micro;
  return { micros: micros % MICROS_PER_DAY_TIME, precision: frac.length };
}

/** Rounds micros of day to `precision` fractional digits (half up), wrapping at midnight. */
export function roundTime(micros: number, precision: number): number {
  if (precision >= 6) return micros;
  const unit = 10 ** (6 - precision);
  return (Math.floor((micros + unit / 2) / unit) * unit) % MICROS_PER_DAY_TIME;
}

/** `HH:MM:SS[.fff…]` with `precision` fractional digits. */
export function formatTime(micros: number, precision: number): string {
  const secs = Math.floor(micros / 1_000_000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  let out = `${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`;
  if (precision > 0) out += '.' + (String(micros % 1_000_000).padStart(6, '0') + '000000').slice(0, precision);
  return out;
}

/** Text → time(p); INVALID_CAST for anything but a time of day. */
export function timeFromText(text: string, precision: number): number {
  const t = parseTime(text);
  if (!t) throw new AegisError('INVALID_CAST', `Value cannot be cast to time: ${text}`);
  return roundTime(t.micros, precision);
}

/** Adds milliseconds to a time of day, wrapping around midnight (Trino's time ± interval). */
export function addToTime(micros: number, ms: number): number {
  const r = (micros + ms * 1000) % MICROS_PER_DAY_TIME;
  return r < 0 ? r + MICROS_PER_DAY_TIME : r;
}

// ---- TIME(p) WITH TIME ZONE -------------------------------------------------------------------
// A value is { micros: UTC micros of day, zone: '+hh:mm' } — the TimestampTzValue shape, with the
// UTC time of day in `micros` as a timestamp keeps its instant there — so values compare, hash and
// group by the normalized time as Trino's do; the local time is micros + offset.

/** Parses `H:MM[:SS[.f…]][ ]±HH:MM`; `offset` undefined when the text has none. */
export function parseTimeTz(text: string): { micros: number; precision: number; offset?: number } | undefined {
  const m = /^\s*(.*?)\s*([+-])(\d{1,2}):?(\d{2})\s*$/.exec(text);
  if (!m || !/\d:\d/.test(m[1]!)) {
    const t = parseTime(text);
    return t && { micros: t.micros, precision: t.precision };
  }
  const t = parseTime(m[1]!);
  const h = Number(m[3]);
  const mi = Number(m[4]);
  if (!t || h > 14 || mi > 59) return undefined;
  return { micros: t.micros, precision: t.precision, offset: (m[2] === '-' ? -1 : 1) * (h * 60 + mi) };
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

function wrapDay(micros: number): number {
  const r = micros % MICROS_PER_DAY_TIME;
  return r < 0 ? r + MICROS_PER_DAY_TIME : r;
}

/** The UTC time of day of a time with time zone (what comparisons and hashes use). */
export function normalizedTime(v: { micros: number; zone: string }): number {
  return v.micros;
}

/** The local (wall-clock) time of day of a time with time zone. */
export function localTime(v: { micros: number; zone: string }): number {
  return wrapDay(v.micros + offsetMinutesOf(v.zone) * 60_000_000);
}

/** A time with time zone from its local time of day and offset (minutes). */
export function timeTz(localMicros: number, offsetMinutes: number): { micros: number; zone: string } {
  return { micros: wrapDay(localMicros - offsetMinutes * 60_000_000), zone: offsetText(offsetMinutes) };
}
