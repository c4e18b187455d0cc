/**
 * Date/time text formats: MySQL-style (`date_format`, `date_parse`: `%Y-%m-%d %H:%i:%s`) and
 * Joda-style (`format_datetime`, `parse_datetime`: `yyyy-MM-dd HH:mm:ss.SSS ZZ`), as Trino.
 * Both work on local wall-clock fields; the caller converts zones. The MySQL specifiers follow
 * Trino's Joda-based builder (`DateTimeFunctions.createDateTimeFormatter`), one table for
 * formatting and parsing: %k is the hour 0–23, %D %U %u %V %w %X are refused ("not supported"),
 * any other %x is the literal x. Trino formats at millisecond precision: the value is rounded
 * (half up) to millis first and %f prints those millis as six digits; parsing keeps millis.
 */
import {
  type DateTimeFields, civilFromDays, daysFromCivil, daysInMonth, fieldsFromMicros, formatOffset, isoDayOfWeek,
  microsFromFields,
} from '../types/datetime.js';
import { invalidArg } from './signature.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const p2 = (n: number): string => String(n).padStart(2, '0');

function dayOfYear(f: DateTimeFields): number {
  return daysFromCivil(f.year, f.month, f.day) - daysFromCivil(f.year, 1, 1) + 1;
}

/** ISO week number and week-based year. */
export function isoWeek(days: number): { week: number; year: number } {
  const dow = isoDayOfWeek(days);
  const thursday = days - dow + 4;
  const y = civilFromDays(thursday).year;
  const week = Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
  return { week, year: y };
}

/** Days since epoch of the Monday of ISO week `week` of week-based year `weekYear`. */
export function isoWeekStart(weekYear: number, week: number): number {
  const jan4 = daysFromCivil(weekYear, 1, 4);
  return jan4 - isoDayOfWeek(jan4) + 1 + (week - 1) * 7;
}

/** MySQL date_format on local micros. */
export function mysqlFormat(micros: number, fmt: string): string {
  const f = fieldsFromMicros(Math.floor((micros + 500) / 1000) * 1000);
  const days = daysFromCivil(f.year, f.month, f.day);
  const dow = isoDayOfWeek(days); // 1 = Monday
  const h12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%' || i === fmt.length - 1) {
      out += c;
      continue;
    }
    const k = fmt[++i]!;
    switch (k) {
      case 'a': out += DAYS[dow - 1]!.slice(0, 3); break;
      case 'b': out += MONTHS[f.month - 1]!.slice(0, 3); break;
      case 'c': out += String(f.month); break;
      case 'd': out += p2(f.day); break;
      case 'e': out += String(f.day); break;
      case 'f': out += String(f.micro).padStart(6, '0'); break;
      case 'H': out += p2(f.hour); break;
      case 'h':
      case 'I': out += p2(h12); break;
      case 'i': out += p2(f.minute); break;
      case 'j': out += String(dayOfYear(f)).padStart(3, '0'); break;
      case 'k': out += String(f.hour); break; // hourOfDay, 0–23 without padding
      case 'l': out += String(h12); break;
      case 'M': out += MONTHS[f.month - 1]; break;
      case 'm': out += p2(f.month); break;
      case 'p': out += f.hour < 12 ? 'AM' : 'PM'; break;
      case 'r': out += `${p2(h12)}:${p2(f.minute)}:${p2(f.second)} ${f.hour < 12 ? 'AM' : 'PM'}`; break;
      case 'S':
      case 's': out += p2(f.second); break;
      case 'T': out += `${p2(f.hour)}:${p2(f.minute)}:${p2(f.second)}`; break;
      case 'v': out += p2(isoWeek(days).week); break;
      case 'x': out += String(isoWeek(days).year).padStart(4, '0'); break;
      case 'W': out += DAYS[dow - 1]; break;
      case 'Y': out += String(f.year).padStart(4, '0'); break;
      case 'y': out += p2(Math.abs(f.year) % 100); break;
      case '%': out += '%'; break;
      case 'D':
      case 'U':
      case 'u':
      case 'V':
      case 'w':
      case 'X':
        throw unsupportedSpecifier(k);
      default:
        // Any other %x is the literal character x.
        out += k;
    }
  }
  return out;
}

/** Specifiers Trino's builder refuses, for formatting and parsing alike. */
const UNSUPPORTED = new Set(['D', 'U', 'u', 'V', 'w', 'X']);

function unsupportedSpecifier(k: string): Error {
  return invalidArg(`%${k} not supported in date format string`);
}

interface Parsed {
  year: number; month: number; day: number; hour: number; minute: number; second: number; micro: number;
  pm?: boolean; dayOfYear?: number; offsetMinutes?: number; zone?: string;
  /** Hour of the half day as parsed: clock hour 1–12 (%h %I %l, Joda h) or 0–11 (Joda K). */
  halfHour?: { value: number; clock: boolean };
  /** ISO week fields (%v, %x); the day is that week's Monday (Joda rounds each parsed field down). */
  week?: number; weekYear?: number;
  /** ISO day of week (1 = Monday) from %a %W / E e: moves the date within its Monday–Sunday week, as Joda sets that field last. */
  dayOfWeek?: number;
}

function fresh(): Parsed {
  return { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, micro: 0 };
}

function finish(p: Parsed, text: string): number {
  if (p.halfHour !== undefined) {
    const { value, clock } = p.halfHour;
    if (clock ? value < 1 || value > 12 : value > 11) throw invalidArg(`Invalid format: "${text}" (field value out of range)`);
    p.hour = (value % 12) + (p.pm ? 12 : 0);
  } else if (p.pm !== undefined) {
    // AM/PM with a 24-hour field moves the hour into that half of the day (Joda's halfday field).
    if (p.pm && p.hour < 12) p.hour += 12;
    else if (!p.pm && p.hour >= 12) p.hour -= 12;
  }
  if (p.week !== undefined || p.weekYear !== undefined) {
    const c = civilFromDays(isoWeekStart(p.weekYear ?? 1970, p.week ?? 1));
    p.year = c.year;
    p.month = c.month;
    p.day = c.day;
  }
  if (p.dayOfYear !== undefined) {
    const d = daysFromCivil(p.year, 1, 1) + p.dayOfYear - 1;
    const c = civilFromDays(d);
    p.month = c.month;
    p.day = c.day;
  }
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysInMonth(p.year, p.month) || p.hour > 23 || p.minute > 59 || p.second > 59) {
    throw invalidArg(`Invalid format: "${text}" (field value out of range)`);
  }
  if (p.dayOfWeek !== undefined) {
    if (p.dayOfWeek < 1 || p.dayOfWeek > 7) throw invalidArg(`Invalid format: "${text}" (field value out of range)`);
    const days = daysFromCivil(p.year, p.month, p.day);
    const c = civilFromDays(days - isoDayOfWeek(days) + p.dayOfWeek);
    p.year = c.year;
    p.month = c.month;
    p.day = c.day;
  }
  return microsFromFields(p);
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  num(min: number, max: number): number {
    const m = new RegExp(`^[+-]?\\d{${min},${max}}`).exec(this.text.slice(this.pos));
    if (!m) throw this.fail();
    this.pos += m[0].length;
    return Number(m[0]);
  }
  /** A name from `list`, case-insensitively; Joda's text parsers take the full or the short form. */
  word(list: string[]): number {
    const rest = this.text.slice(this.pos).toLowerCase();
    for (const short of [false, true]) {
      for (let i = 0; i < list.length; i++) {
        const w = (short ? list[i]!.slice(0, 3) : list[i]!).toLowerCase();
        if (rest.startsWith(w)) {
          this.pos += w.length;
          return i;
        }
      }
    }
    throw this.fail();
  }
  lit(s: string): void {
    if (!this.text.startsWith(s, this.pos)) throw this.fail();
    this.pos += s.length;
  }
  fail(): Error {
    return invalidArg(`Invalid format: "${this.text}" is malformed at "${this.text.slice(this.pos)}"`);
  }
}

/** MySQL date_parse → local micros. */
export function mysqlParse(text: string, fmt: string): number {
  const s = new Scanner(text);
  const p = fresh();
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%' || i === fmt.length - 1) {
      s.lit(c);
      continue;
    }
    const k = fmt[++i]!;
    switch (k) {
      case 'Y': p.year = s.num(1, 4); break;
      case 'y': { const y = s.num(2, 2); p.year = y < 70 ? 2000 + y : 1900 + y; break; } // pivot 2020
      case 'm':
      case 'c': p.month = s.num(1, 2); break;
      case 'd':
      case 'e': p.day = s.num(1, 2); break;
      case 'H': p.hour = s.num(1, 2); break;
      case 'k': p.hour = s.num(1, 2); break;
      case 'h':
      case 'I':
      case 'l': p.halfHour = { value: s.num(1, 2), clock: true }; break;
      case 'i': p.minute = s.num(1, 2); break;
      case 's':
      case 'S': p.second = s.num(1, 2); break;
      case 'f': {
        const start = s.pos;
        s.num(1, 9);
        // Joda parses into millis: digits past the third are dropped.
        p.micro = Number((text.slice(start, s.pos) + '000').slice(0, 3)) * 1000;
        break;
      }
      case 'p': p.pm = s.word(['AM', 'PM']) === 1; break;
      case 'M':
      case 'b': p.month = s.word(MONTHS) + 1; break;
      case 'W':
      case 'a': p.dayOfWeek = s.word(DAYS) + 1; break;
      case 'j': p.dayOfYear = s.num(1, 3); break;
      case 'T': p.hour = s.num(1, 2); s.lit(':'); p.minute = s.num(1, 2); s.lit(':'); p.second = s.num(1, 2); break;
      case 'r':
        p.halfHour = { value: s.num(1, 2), clock: true }; s.lit(':'); p.minute = s.num(1, 2); s.lit(':'); p.second = s.num(1, 2);
        while (s.text[s.pos] === ' ') s.pos++;
        p.pm = s.word(['AM', 'PM']) === 1;
        break;
      case 'v': p.week = s.num(1, 2); break;
      case 'x': p.weekYear = s.num(1, 4); break;
      default:
        if (UNSUPPORTED.has(k)) throw unsupportedSpecifier(k);
        // %% and any other %x: the literal character.
        s.lit(k);
    }
  }
  if (s.pos !== text.length) throw invalidArg(`Invalid format: "${text}" is malformed at "${text.slice(s.pos)}"`);
  return finish(p, text);
}

// ---- Joda ---------------------------------------------------------------------------------------

interface JodaToken {
  letter: string;
  count: number;
  literal?: string;
}

function tokenizeJoda(fmt: string): JodaToken[] {
  const out: JodaToken[] = [];
  for (let i = 0; i < fmt.length; ) {
    const c = fmt[i]!;
    if (c === "'") {
      // '' is a quote; 'text' is literal text, inside which '' is a quote (Joda's parseToken).
      if (fmt[i + 1] === "'") {
        out.push({ letter: '', count: 0, literal: "'" });
        i += 2;
        continue;
      }
      let lit = '';
      let j = i + 1;
      for (; j < fmt.length; j++) {
        if (fmt[j] !== "'") lit += fmt[j];
        else if (fmt[j + 1] === "'") lit += fmt[j++];
        else break;
      }
      out.push({ letter: '', count: 0, literal: lit });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (fmt[j] === c) j++;
      out.push({ letter: c, count: j - i });
      i = j;
      continue;
    }
    out.push({ letter: '', count: 0, literal: c });
    i++;
  }
  return out;
}

/** Whether a Joda pattern prints or parses a zone (`Z`, `z` outside quotes). */
export function jodaPatternHasZone(fmt: string): boolean {
  return tokenizeJoda(fmt).some((t) => t.letter === 'Z' || t.letter === 'z');
}

/** Joda format of local micros; `offsetMinutes`/`zone` describe the value's zone for Z/z. */
export function jodaFormat(micros: number, fmt: string, offsetMinutes = 0, zone = 'UTC'): string {
  // Trino formats at millisecond precision (rounded half up).
  const f = fieldsFromMicros(Math.floor((micros + 500) / 1000) * 1000);
  const days = daysFromCivil(f.year, f.month, f.day);
  let out = '';
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  for (const t of tokenizeJoda(fmt)) {
    if (t.literal !== undefined) {
      out += t.literal;
      continue;
    }
    const n = t.count;
    switch (t.letter) {
      case 'G': out += f.year > 0 ? 'AD' : 'BC'; break;
      case 'C': out += pad(Math.floor(f.year / 100), n); break;
      case 'Y':
      case 'y': out += n === 2 ? pad(Math.abs(f.year) % 100, 2) : pad(f.year, n); break;
      case 'x': { const y = isoWeek(days).year; out += n === 2 ? pad(y % 100, 2) : pad(y, n); break; }
      case 'w': out += pad(isoWeek(days).week, n); break;
      case 'e': out += pad(isoDayOfWeek(days), n); break;
      case 'E': out += n >= 4 ? DAYS[isoDayOfWeek(days) - 1] : DAYS[isoDayOfWeek(days) - 1]!.slice(0, 3); break;
      case 'D': out += pad(dayOfYear(f), n); break;
      case 'M': out += n >= 4 ? MONTHS[f.month - 1] : n === 3 ? MONTHS[f.month - 1]!.slice(0, 3) : pad(f.month, n); break;
      case 'd': out += pad(f.day, n); break;
      case 'a': out += f.hour < 12 ? 'AM' : 'PM'; break;
      case 'h': out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, n); break;
      case 'K': out += pad(f.hour % 12, n); break;
      case 'H': out += pad(f.hour, n); break;
      case 'k': out += pad(f.hour === 0 ? 24 : f.hour, n); break;
      case 'm': out += pad(f.minute, n); break;
      case 's': out += pad(f.second, n); break;
      case 'S': out += (String(f.micro).padStart(6, '0') + '000').slice(0, n); break;
      case 'Z':
        out += n === 1 ? formatOffset(offsetMinutes).replace(':', '') : n === 2 ? formatOffset(offsetMinutes) : zone;
        break;
      case 'z': out += zone; break;
      default:
        throw invalidArg(`Illegal pattern component: ${t.letter}`);
    }
  }
  return out;
}

/** Whether the token after `i` is a numeric field (Joda's isNumericToken: then a year reads a fixed width). */
function numericNext(tokens: JodaToken[], i: number): boolean {
  const t = tokens[i + 1];
  if (!t || t.literal !== undefined) return false;
  return 'CxyYedDhHkKmsSw'.includes(t.letter) || (t.letter === 'M' && t.count <= 2);
}

/** Joda parse → local micros plus the zone/offset the text carried. */
export function jodaParse(text: string, fmt: string): { micros: number; offsetMinutes?: number; zone?: string } {
  const s = new Scanner(text);
  const p = fresh();
  const tokens = tokenizeJoda(fmt);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.literal !== undefined) {
      s.lit(t.literal);
      continue;
    }
    const n = t.count;
    switch (t.letter) {
      case 'y':
      case 'Y':
        // Joda: a year followed by another numeric field reads at most as many digits as written.
        if (n === 2) { const y = s.num(2, 2); p.year = y < 70 ? 2000 + y : 1900 + y; } else p.year = s.num(1, numericNext(tokens, i) ? n : 9);
        break;
      case 'M':
        if (n >= 3) p.month = s.word(MONTHS) + 1;
        else p.month = s.num(1, 2);
        break;
      case 'd': p.day = s.num(1, 2); break;
      case 'D': p.dayOfYear = s.num(1, 3); break;
      case 'H': p.hour = s.num(1, 2); break;
      case 'k': p.hour = s.num(1, 2) % 24; break; // clock hour 1–24: 24 is midnight
      case 'h': p.halfHour = { value: s.num(1, 2), clock: true }; break;
      case 'K': p.halfHour = { value: s.num(1, 2), clock: false }; break;
      case 'm': p.minute = s.num(1, 2); break;
      case 's': p.second = s.num(1, 2); break;
      case 'S': {
        const start = s.pos;
        s.num(1, n); // at most as many digits as the pattern has S
        p.micro = Number((text.slice(start, s.pos) + '000').slice(0, 3)) * 1000; // Joda keeps millis
        break;
      }
      case 'a': p.pm = s.word(['AM', 'PM']) === 1; break;
      case 'E': p.dayOfWeek = s.word(DAYS) + 1; break;
      case 'e': p.dayOfWeek = s.num(1, 1); break;
      case 'G': s.word(['AD', 'BC']); break;
      case 'Z': {
        const m = /^(Z|[+-]\d{2}:?\d{2})/.exec(text.slice(s.pos));
        if (m) {
          s.pos += m[0].length;
          const z = m[0];
          p.offsetMinutes = z === 'Z' ? 0 : (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(-2)));
        } else {
          const id = /^[A-Za-z_]+(\/[A-Za-z_+-]+)*/.exec(text.slice(s.pos));
          if (!id) throw s.fail();
          s.pos += id[0].length;
          p.zone = id[0];
        }
        break;
      }
      case 'z': {
        const id = /^[A-Za-z_]+(\/[A-Za-z_+-]+)*/.exec(text.slice(s.pos));
        if (!id) throw s.fail();
        s.pos += id[0].length;
        p.zone = id[0];
        break;
      }
      default:
        throw invalidArg(`Illegal pattern component: ${t.letter}`);
    }
  }
  if (s.pos !== text.length) throw s.fail();
  const micros = finish(p, text);
  const out: { micros: number; offsetMinutes?: number; zone?: string } = { micros };
  if (p.offsetMinutes !== undefined) out.offsetMinutes = p.offsetMinutes;
  if (p.zone !== undefined) out.zone = p.zone;
  return out;
}
