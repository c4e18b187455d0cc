/**
 * Text → value conversions shared by the text and JSON SerDes. These follow Hive's storage
 * rules, not SQL CAST: a value that does not parse is reported as `undefined` and the caller
 * decides (LazySimpleSerDe stores NULL, OpenCSVSerde raises BAD_DATA, …).
 */
import type { LongTimestampValue } from '../../types/value.js';

const MICROS_PER_DAY = 86_400_000_000;

/** Days since 1970-01-01 of a proleptic Gregorian civil date (H. Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** The decimal number of `n` ASCII digits at `at`, or -1 when one is not a digit. */
function digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Fast path for `[-+]digits[.digits]` whose value at `scale` needs at most 15 digits (exact in a
 * double): the unscaled value, or NaN when the text is anything else (callers fall back).
 */
export function fastUnscaled(s: string, scale: number): number {
  const n = s.length;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    i++;
  }
  let v = 0, digits = 0, frac = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (frac >= 0) return NaN;
      frac = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
    digits++;
    if (frac >= 0) frac++;
  }
  if (frac < 0) frac = 0;
  if (digits === 0 || frac > scale || digits + scale - frac > 15) return NaN;
  v *= 10 ** (scale - frac);
  return neg ? -v : v;
}

const DATE_RE = /^(-?\d{4,})-(\d{1,2})-(\d{1,2})$/;
const TS_RE = /^(-?\d{4,})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?$/;

/** `yyyy-MM-dd` → days since epoch, or `undefined` when malformed or not a real date. */
export function parseDateText(s: string): number | undefined {
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = digitsAt(s, 0, 4), mo = digitsAt(s, 5, 2), d = digitsAt(s, 8, 2);
    if (y >= 0 && mo >= 0 && d >= 0) return mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) ? undefined : daysFromCivil(y, mo, d);
  }
  const m = DATE_RE.exec(s.trim());
  if (!m) return undefined;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return daysFromCivil(y, mo, d);
}

/**
 * `yyyy-MM-dd[ HH:mm[:ss[.fffffffff]]]` (space or `T`) → epoch microseconds, the fraction
 * rounded half-up to `precision` digits (at most 6), or `undefined` when malformed.
 */
export function parseTimestampText(s: string, precision = 6): number | LongTimestampValue | undefined {
  const m = TS_RE.exec(s.trim());
  if (!m) return undefined;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
  const hh = m[4] ? +m[4] : 0, mi = m[5] ? +m[5] : 0, ss = m[6] ? +m[6] : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || hh > 23 || mi > 59 || ss > 59) return undefined;
  if (precision > 6) {
    // timestamp(7..9): { micros, nanos }, the fraction rounded half up to the precision.
    const nanosTotal = m[7] ? +m[7].padEnd(9, '0') : 0;
    const base = daysFromCivil(y, mo, d) * MICROS_PER_DAY + ((hh * 60 + mi) * 60 + ss) * 1_000_000;
    const unit = 10 ** (9 - Math.min(precision, 9));
    const n = Math.floor((nanosTotal + unit / 2) / unit) * unit;
    return { micros: base + Math.floor(n / 1000), nanos: n % 1000 };
  }
  let frac = 0;
  if (m[7]) {
    const digits = Math.min(precision, 6);
    const nanos = +m[7].padEnd(9, '0');
    const unit = 10 ** (9 - digits);
    frac = (Math.floor((nanos + unit / 2) / unit) * unit) / 1000;
  }
  return daysFromCivil(y, mo, d) * MICROS_PER_DAY + ((hh * 60 + mi) * 60 + ss) * 1_000_000 + frac;
}

/** Rounds epoch micros half-up to `precision` fractional-second digits (≤ 6 keeps micros). */
export function roundMicros(micros: number, precision: number): number {
  if (precision >= 6) return micros;
  const unit = 10 ** (6 - precision);
  return Math.floor((micros + unit / 2) / unit) * unit;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Exact decimal text → unscaled bigint at `scale`, rounded HALF_UP; `undefined` when malformed
 * or when the value needs more than `precision` digits (Hive stores NULL on overflow).
 */
export function parseDecimalText(s: string, precision: number, scale: number): bigint | undefined {
  const f = fastUnscaled(s, scale);
  if (!Number.isNaN(f)) return Math.abs(f) < 10 ** precision ? BigInt(f) : undefined;
  const m = DECIMAL_RE.exec(s.trim());
  if (!m) return undefined;
  const intPart = m[2]!, fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return undefined;
  const exp = m[4] ? Number(m[4]) : 0;
  if (!Number.isFinite(exp) || Math.abs(exp) > 1000) return undefined;
  let digits = BigInt((intPart + fracPart) || '0');
  const shift = exp - fracPart.length + scale;
  if (shift >= 0) digits *= 10n ** BigInt(shift);
  else {
    const div = 10n ** BigInt(-shift);
    const q = digits / div;
    digits = (digits % div) * 2n >= div ? q + 1n : q;
  }
  if (digits >= 10n ** BigInt(precision)) return undefined;
  return m[1] === '-' ? -digits : digits;
}

/** Formats an unscaled decimal at `scale` as text (`-12.30` for -1230n, scale 2). */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  let s = (neg ? -unscaled : unscaled).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  }
  return neg ? `-${s}` : s;
}

const INT_RE = /^[+-]?\d+$/;

/** Integer text within `[min, max]` → number, else `undefined` (no whitespace, as Hive). */
export function parseIntText(s: string, min: number, max: number): number | undefined {
  const f = s.length <= 16 ? fastUnscaled(s, 0) : NaN;
  if (!Number.isNaN(f) && s.charCodeAt(s.length - 1) !== 46) return f >= min && f <= max ? f + 0 : undefined;
  if (!INT_RE.test(s)) return undefined;
  const v = Number(s);
  return v >= min && v <= max ? v : undefined;
}

const BIG_MIN = -(2n ** 63n), BIG_MAX = 2n ** 63n - 1n;

/** 64-bit integer text → bigint, else `undefined`. */
export function parseBigintText(s: string): bigint | undefined {
  const f = s.length <= 16 ? fastUnscaled(s, 0) : NaN;
  if (!Number.isNaN(f) && s.indexOf('.') < 0) return BigInt(f);
  if (!INT_RE.test(s)) return undefined;
  const v = BigInt(s);
  return v >= BIG_MIN && v <= BIG_MAX ? v : undefined;
}

const DOUBLE_RE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[dDfF]?)$/;

/** Java `Double.parseDouble` rules (surrounding whitespace, NaN, Infinity, d/f suffix) → number. */
export function parseDoubleText(s: string): number | undefined {
  const t = s.trim();
  if (!DOUBLE_RE.test(t)) return undefined;
  const last = t.charCodeAt(t.length - 1) | 0x20;
  const v = Number(last === 0x64 || last === 0x66 ? t.slice(0, -1) : t);
  return Number.isNaN(v) && !t.includes('NaN') ? undefined : v;
}

/** `true`/`false`, any case → boolean, else `undefined`. */
export function parseBooleanText(s: string): boolean | undefined {
  const l = s.toLowerCase();
  return l === 'true' ? true : l === 'false' ? false : undefined;
}

/**
 * Truncates to `length` code points (Hive's varchar(n)/char(n) on read); char(n) values are then
 * padded with spaces to n, aegis's representation of char.
 */
export function fitString(s: string, length: number | undefined, isChar: boolean): string {
  if (length === undefined) return s;
  let out = s;
  let count = out.length;
  if (out.length > length || isChar) {
    const cps = Array.from(out);
    if (cps.length > length) cps.length = length;
    out = cps.join('');
    count = cps.length;
  }
  return isChar && count < length ? out + ' '.repeat(length - count) : out;
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Hive text binary: base64-decoded when the bytes are valid base64, else the raw bytes. */
export function parseBinaryText(raw: Uint8Array): Uint8Array {
  const s = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  if (s.length % 4 === 0 && BASE64_RE.test(s)) return new Uint8Array(Buffer.from(s, 'base64'));
  return raw.slice();
}

/** Civil date of a day number (inverse of `daysFromCivil`). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** `yyyy-MM-dd` of a day number. */
export function formatDateText(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${y < 0 ? '-' : ''}${String(Math.abs(y)).padStart(4, '0')}-${p2(m)}-${p2(d)}`;
}

/** `yyyy-MM-dd HH:mm:ss[.f…]` of epoch micros with `precision` fraction digits (≤ 6). */
export function formatTimestampText(micros: number, precision: number): string {
  const days = Math.floor(micros / MICROS_PER_DAY);
  const rest = micros - days * MICROS_PER_DAY;
  const secs = Math.floor(rest / 1_000_000);
  const frac = rest - secs * 1_000_000;
  const hms = `${p2(Math.floor(secs / 3600))}:${p2(Math.floor(secs / 60) % 60)}:${p2(secs % 60)}`;
  const digits = Math.min(precision, 6);
  const f = digits > 0 ? `.${String(Math.round(frac)).padStart(6, '0').slice(0, digits)}` : '';
  return `${formatDateText(days)} ${hms}${f}`;
}
