/**
 * The subset of Java `DateTimeFormatter` patterns partition projection uses for `date` columns
 * (`yyyy-MM-dd`, `yyyy/MM/dd/HH`, `yyyyMMdd`, `yyyy-MM-dd HH:mm:ss`, quoted literals). Dates are
 * handled as UTC instants: a projected partition value has no zone.
 */
import { AegisError } from '../../errors.js';

export type ChronoUnit = 'YEARS' | 'MONTHS' | 'WEEKS' | 'DAYS' | 'HOURS' | 'MINUTES' | 'SECONDS';

type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'milli';

type Token = { kind: 'field'; field: Field; width: number } | { kind: 'literal'; text: string };

const LETTERS: Record<string, Field> = { y: 'year', u: 'year', M: 'month', d: 'day', H: 'hour', m: 'minute', s: 'second', S: 'milli' };

const UNIT_OF: Record<Field, ChronoUnit> = {
  year: 'YEARS',
  month: 'MONTHS',
  day: 'DAYS',
  hour: 'HOURS',
  minute: 'MINUTES',
  second: 'SECONDS',
  milli: 'SECONDS',
};

const UNIT_ORDER: ChronoUnit[] = ['SECONDS', 'MINUTES', 'HOURS', 'DAYS', 'WEEKS', 'MONTHS', 'YEARS'];

/** A compiled pattern: format and parse UTC dates. */
export class DateFormat {
  private readonly tokens: Token[];
  private readonly regex: RegExp;

  /** @throws AegisError INVALID_ARGUMENT for letters outside the supported subset. */
  constructor(readonly pattern: string) {
    this.tokens = tokenize(pattern);
    this.regex = new RegExp(
      `^${this.tokens
        .map((t) => (t.kind === 'literal' ? escapeRegex(t.text) : t.field === 'year' && t.width === 2 ? '(\\d{2})' : t.width === 1 ? '(\\d{1,2})' : `(\\d{${t.width}})`))
        .join('')}$`,
    );
  }

  format(d: Date): string {
    return this.tokens
      .map((t) => {
        if (t.kind === 'literal') return t.text;
        const v = fieldOf(d, t.field);
        if (t.field === 'year' && t.width === 2) return String(v % 100).padStart(2, '0');
        return String(v).padStart(t.width, '0');
      })
      .join('');
  }

  /** Parses text in this pattern, or undefined when it does not match. */
  parse(text: string): Date | undefined {
    const m = this.regex.exec(text);
    if (!m) return undefined;
    const f: Record<Field, number> = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, milli: 0 };
    let g = 1;
    for (const t of this.tokens) {
      if (t.kind !== 'field') continue;
      let v = Number(m[g++]);
      if (t.field === 'year' && t.width === 2) v += 2000;
      if (t.field === 'milli') v = Math.round(v * 10 ** (3 - t.width));
      f[t.field] = v;
    }
    const d = new Date(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.milli));
    // Reject rollovers such as 2024-02-30.
    return d.getUTCMonth() === f.month - 1 && d.getUTCDate() === f.day ? d : undefined;
  }

  /** The smallest unit the pattern prints: the default step of a projected date range. */
  finestUnit(): ChronoUnit {
    let best: ChronoUnit = 'YEARS';
    for (const t of this.tokens) {
      if (t.kind !== 'field') continue;
      const u = UNIT_OF[t.field];
      if (UNIT_ORDER.indexOf(u) < UNIT_ORDER.indexOf(best)) best = u;
    }
    return best;
  }

  /**
   * Whether formatted values sort as text in time order: fixed-width fields from the year down
   * (`yyyy-MM-dd`, `yyyy/MM/dd/HH`, `yyyyMMdd`), so a text range maps to a time range.
   */
  sortsChronologically(): boolean {
    const order: Field[] = ['year', 'month', 'day', 'hour', 'minute', 'second', 'milli'];
    const fields = this.tokens.filter((t): t is Extract<Token, { kind: 'field' }> => t.kind === 'field');
    return fields.every((t, i) => t.field === order[i] && (t.field === 'year' ? t.width === 4 : t.field === 'milli' || t.width === 2));
  }

  /** Truncates to the pattern's precision (formatting then parsing). */
  truncate(d: Date): Date {
    return this.parse(this.format(d)) ?? d;
  }
}

/** Adds `n` units to a UTC date (calendar arithmetic for months and years, clamped like Java). */
export function addUnits(d: Date, n: number, unit: ChronoUnit): Date {
  const r = new Date(d.getTime());
  switch (unit) {
    case 'SECONDS':
      return new Date(d.getTime() + n * 1000);
    case 'MINUTES':
      return new Date(d.getTime() + n * 60_000);
    case 'HOURS':
      return new Date(d.getTime() + n * 3_600_000);
    case 'DAYS':
      r.setUTCDate(r.getUTCDate() + n);
      return r;
    case 'WEEKS':
      r.setUTCDate(r.getUTCDate() + 7 * n);
      return r;
    case 'MONTHS':
    case 'YEARS': {
      const months = unit === 'MONTHS' ? n : 12 * n;
      const day = r.getUTCDate();
      r.setUTCDate(1);
      r.setUTCMonth(r.getUTCMonth() + months);
      const last = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate();
      r.setUTCDate(Math.min(day, last));
      return r;
    }
  }
}

/** `DAY`/`days`/`HOURS` → the ChronoUnit, or undefined. */
export function parseUnit(text: string): ChronoUnit | undefined {
  const u = text.trim().toUpperCase();
  const plural = u.endsWith('S') ? u : `${u}S`;
  return (UNIT_ORDER as string[]).includes(plural) ? (plural as ChronoUnit) : undefined;
}

function fieldOf(d: Date, f: Field): number {
  switch (f) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
    case 'second':
      return d.getUTCSeconds();
    case 'milli':
      return d.getUTCMilliseconds();
  }
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new AegisError('INVALID_ARGUMENT', `Unterminated quote in date format '${pattern}'`);
      tokens.push({ kind: 'literal', text: end === i + 1 ? "'" : pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (pattern[j] === ch) j++;
      const field = LETTERS[ch];
      if (!field) throw new AegisError('INVALID_ARGUMENT', `Unsupported letter '${ch}' in date format '${pattern}'`);
      const n = j - i;
      // Java: `yy` is a two-digit year, any other count prints the full year.
      const width = field === 'milli' ? n : field === 'year' ? (n === 2 ? 2 : 4) : Math.min(n, 2);
      tokens.push({ kind: 'field', field, width });
      i = j;
    } else {
      tokens.push({ kind: 'literal', text: ch });
      i++;
    }
  }
  return tokens;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
