/**
 * Calendar and time-zone arithmetic for date (days since epoch) and timestamp (epoch micros)
 * values. Proleptic Gregorian calendar, as Trino. Zones are IANA names resolved through Intl, or
 * fixed offsets (`+05:30`, `-08`, `UTC`, `Z`).
 *
 * Micros are JS numbers: exact to ±2^53 µs ≈ ±285 years around 1970; outside that range
 * sub-second digits lose precision (documented limit).
 */
import { AegisError } from '../errors.js';

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_DAY = 86_400_000_000;

/** Days since 1970-01-01 for a civil date (month 1–12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  year: number;
  month: number;
  day: number;
}

export function civilFromDays(z: number): Civil {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { year: m <= 2 ? y + 1 : y, month: m, day: d };
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** Splits epoch micros into whole days and micros within the day (always ≥ 0). */
export function splitMicros(micros: number): { days: number; micros: number } {
  const days = Math.floor(micros / MICROS_PER_DAY);
  return { days, micros: micros - days * MICROS_PER_DAY };
}

export interface DateTimeFields extends Civil {
  hour: number;
  minute: number;
  second: number;
  /** 0–999999 */
  micro: number;
}

export function fieldsFromMicros(micros: number): DateTimeFields {
  const { days, micros: tod } = splitMicros(micros);
  const c = civilFromDays(days);
  const secs = Math.floor(tod / MICROS_PER_SECOND);
  return {
    year: c.year,
    month: c.month,
    day: c.day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    micro: tod - secs * MICROS_PER_SECOND,
  };
}

export function microsFromFields(f: DateTimeFields): number {
  return (
    daysFromCivil(f.year, f.month, f.day) * MICROS_PER_DAY +
    ((f.hour * 60 + f.minute) * 60 + f.second) * MICROS_PER_SECOND +
    f.micro
  );
}

/** Day of week, ISO: Monday = 1 … Sunday = 7. */
export function isoDayOfWeek(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** Adds months to a civil date, clamping the day to the target month's length (Trino/Joda). */
export function addMonthsToDays(days: number, months: number): number {
  const c = civilFromDays(days);
  const total = c.year * 12 + (c.month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(c.day, daysInMonth(y, m)));
}

export function addMonthsToMicros(micros: number, months: number): number {
  const { days, micros: tod } = splitMicros(micros);
  return addMonthsToDays(days, months) * MICROS_PER_DAY + tod;
}

function pad(n: number, w: number): string {
  const s = String(Math.abs(n)).padStart(w, '0');
  return n < 0 ? `-${s}` : s;
}

/** `YYYY-MM-DD` (years beyond 9999 or before 0 print with more digits / a sign, as Trino). */
export function formatDate(days: number): string {
  const c = civilFromDays(days);
  return `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

/**
 * `YYYY-MM-DD HH:MM:SS[.f…]` with exactly `precision` fractional digits; digits 7–9 come from
 * `nanos` (nanoseconds within the microsecond), beyond are zeros.
 */
export function formatTimestamp(micros: number, precision: number, nanos = 0): string {
  const f = fieldsFromMicros(micros);
  let s = `${formatDate(daysFromCivil(f.year, f.month, f.day))} ${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}`;
  if (precision > 0) {
    const frac = String(f.micro).padStart(6, '0') + String(nanos).padStart(3, '0');
    s += '.' + (precision <= 9 ? frac.slice(0, precision) : frac + '0'.repeat(precision - 9));
  }
  return s;
}

/**
 * Rounds an instant of `micros` µs + `nanos` ns to `precision` fractional digits (HALF_UP, as
 * Trino's casts). Below 7 digits the rounding digit lies within the micros, so nanos only carry
 * at precision 6.
 */
export function roundNanos(micros: number, nanos: number, precision: number): { micros: number; nanos: number } {
  if (precision >= 9) return { micros, nanos };
  if (precision > 6) {
    const unit = 10 ** (9 - precision);
    const n = Math.floor((nanos + unit / 2) / unit) * unit;
    return n >= 1000 ? { micros: micros + 1, nanos: n - 1000 } : { micros, nanos: n };
  }
  if (precision === 6) return { micros: micros + (nanos >= 500 ? 1 : 0), nanos: 0 };
  return { micros: roundMicros(micros, precision), nanos: 0 };
}

/** Rounds micros to `precision` fractional digits (HALF_UP, as Trino's timestamp casts). */
export function roundMicros(micros: number, precision: number): number {
  if (precision >= 6) return micros;
  const unit = 10 ** (6 - precision);
  return Math.floor((micros + unit / 2) / unit) * unit;
}

// ---- time zones -------------------------------------------------------------------------------

const OFFSET_RE = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * Canonical zone id: `UTC` for UTC/Z/GMT/+00:00, `+05:30` for offsets, the IANA name (as Intl
 * spells it) otherwise.
 * @throws AegisError INVALID_FUNCTION_ARGUMENT "Time zone not supported: X".
 */
export function normalizeZone(zone: string): string {
  const z = zone.trim();
  const u = z.toUpperCase();
  if (u === 'UTC' || u === 'Z' || u === 'GMT' || u === 'UT' || u === 'ETC/UTC' || u === 'ETC/GMT' || u === 'ZULU') return 'UTC';
  const m = OFFSET_RE.exec(z);
  if (m) {
    const h = Number(m[2]);
    const mi = Number(m[3] ?? '0');
    if (h > 14 || mi > 59) throw new AegisError('INVALID_FUNCTION_ARGUMENT', `Time zone not supported: ${zone}`);
    if (h === 0 && mi === 0) return 'UTC';
    return `${m[1]}${pad(h, 2)}:${pad(mi, 2)}`;
  }
  const cached = zoneNames.get(u);
  if (cached) return cached;
  try {
    // Validate through Intl but keep the caller's id (Intl would rename Asia/Kolkata to
    // Asia/Calcutta); only the letter case is taken from Intl's list when it knows the id.
    new Intl.DateTimeFormat('en-US', { timeZone: z });
    const name = knownZones().get(u) ?? z;
    zoneNames.set(u, name);
    return name;
  } catch {
    throw new AegisError('INVALID_FUNCTION_ARGUMENT', `Time zone not supported: ${zone}`);
  }
}
const zoneNames = new Map<string, string>();
let zoneList: Map<string, string> | undefined;
function knownZones(): Map<string, string> {
  if (!zoneList) zoneList = new Map(Intl.supportedValuesOf('timeZone').map((n) => [n.toUpperCase(), n]));
  return zoneList;
}
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Per-zone offset cache: fixed offsets answer directly; IANA zones cache per 15-minute bucket. */
interface ZoneCache {
  fixed: number | undefined;
  name: string;
  lastBucket: number;
  lastOffset: number;
  buckets: Map<number, number>;
}
const zoneCaches = new Map<string, ZoneCache>();

function zoneCache(zone: string): ZoneCache {
  let c = zoneCaches.get(zone);
  if (c) return c;
  const z = normalizeZone(zone);
  const m = OFFSET_RE.exec(z);
  const fixed = z === 'UTC' ? 0 : m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? '0')) : undefined;
  c = { fixed, name: z, lastBucket: NaN, lastOffset: 0, buckets: new Map() };
  if (zoneCaches.size > 1000) zoneCaches.clear();
  zoneCaches.set(zone, c);
  return c;
}

/** Offset of `zone` from UTC, in minutes, at the UTC instant `epochMs`. */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  const c = zoneCache(zone);
  if (c.fixed !== undefined) return c.fixed;
  // Offsets only change at transitions; every IANA transition since standard time was adopted
  // falls on a quarter hour, so one Intl lookup per zone and 15-minute bucket suffices.
  const bucket = Math.floor(epochMs / 900_000);
  if (bucket === c.lastBucket) return c.lastOffset;
  let off = c.buckets.get(bucket);
  if (off === undefined) {
    off = intlOffset(c.name, bucket * 900_000);
    if (c.buckets.size > 100_000) c.buckets.clear();
    c.buckets.set(bucket, off);
  }
  c.lastBucket = bucket;
  c.lastOffset = off;
  return off;
}

function intlOffset(z: string, epochMs: number): number {
  let f = formatters.get(z);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: z, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
    formatters.set(z, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(Math.floor(epochMs / 1000) * 1000))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const local = daysFromCivil(year, Number(parts.month), Number(parts.day)) * 86400 +
    Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
  return Math.round((local - Math.floor(epochMs / 1000)) / 60);
}

/** The local wall-clock micros of a UTC instant in `zone`. */
export function utcToLocal(utcMicros: number, zone: string): number {
  return utcMicros + zoneOffsetMinutes(zone, Math.floor(utcMicros / 1000)) * 60_000_000;
}

/**
 * The UTC instant of a local wall-clock time in `zone`. In a DST gap the time is shifted forward;
 * in an overlap the earlier instant is chosen (Joda/Trino behaviour).
 */
export function localToUtc(localMicros: number, zone: string): number {
  const ms = Math.floor(localMicros / 1000);
  const o1 = zoneOffsetMinutes(zone, ms);
  const o2 = zoneOffsetMinutes(zone, ms - o1 * 60_000);
  if (o1 === o2) {
    // Overlap: prefer the earlier instant (the larger offset).
    const alt = zoneOffsetMinutes(zone, ms - o1 * 60_000 - 3_600_000);
    if (alt > o1 && zoneOffsetMinutes(zone, ms - alt * 60_000) === alt) return localMicros - alt * 60_000_000;
    return localMicros - o1 * 60_000_000;
  }
  const o3 = zoneOffsetMinutes(zone, ms - o2 * 60_000);
  if (o3 === o2) return localMicros - o2 * 60_000_000;
  // Gap: use the offset before the transition, which moves the time forward.
  return localMicros - Math.min(o1, o2) * 60_000_000;
}

/** `+05:30` style text for an offset in minutes. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60), 2)}:${pad(a % 60, 2)}`;
}

// ---- parsing ----------------------------------------------------------------------------------

const DATE_RE = /^\s*([+-]?\d{4,})-(\d{1,2})-(\d{1,2})\s*$/;
const TS_RE =
  /^\s*([+-]?\d{4,})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?)?\s*(?:\s(.+?)|([+-]\d{1,2}(?::?\d{2})?|Z))?\s*$/;

/** Parses `YYYY-MM-DD`, or undefined when the text is not a valid date. */
export function parseDate(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return daysFromCivil(y, mo, d);
}

export interface ParsedTimestamp {
  /** Local wall-clock micros (fraction beyond micros rounded HALF_UP). */
  micros: number;
  /** The same value to the nanosecond: floored micros and nanos within them (beyond 9 digits rounded HALF_UP). */
  exact: { micros: number; nanos: number };
  /** Fractional digits written. */
  digits: number;
  /** Whether a digit past the ninth (below the nanosecond) is not zero. */
  subNanos: boolean;
  /** Zone text when the literal carried one. */
  zone?: string;
}

/** Parses `YYYY-MM-DD[ HH:MM[:SS[.fff…]]][ zone]`, or undefined. */
export function parseTimestamp(text: string): ParsedTimestamp | undefined {
  const m = TS_RE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4] ?? '0');
  const mi = Number(m[5] ?? '0');
  const s = Number(m[6] ?? '0');
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const frac = m[7] ?? '';
  let micro = Number((frac + '000000').slice(0, 6));
  if (frac.length > 6 && Number(frac[6]) >= 5) micro += 1;
  const base = microsFromFields({ year: y, month: mo, day: d, hour: h, minute: mi, second: s, micro: 0 });
  const micros = base + micro;
  let nanosTotal = Number((frac + '000000000').slice(0, 9));
  if (frac.length > 9 && Number(frac[9]) >= 5) nanosTotal += 1;
  const exact = { micros: base + Math.floor(nanosTotal / 1000), nanos: nanosTotal % 1000 };
  const subNanos = /[1-9]/.test(frac.slice(9));
  const zone = m[8] ?? m[9];
  const out: ParsedTimestamp = { micros, exact, digits: frac.length, subNanos };
  if (zone !== undefined) out.zone = zone;
  return out;
}
