/**
 * The text a user sees for a value (Athena console / result CSV / Trino CLI):
 *   varchar as is; char padded; boolean `true`/`false`; integers in decimal; double/real as
 *   Java's Double/Float.toString (`1.5`, `1.0E10`, `NaN`, see number-format.ts); decimal with
 *   exactly `scale` fractional digits (`1.50`); date `2024-01-31`; timestamp(p)
 *   `2024-01-31 12:00:00.000` (p fractional digits); timestamp with time zone adds ` UTC` or the
 *   zone id; varbinary as lowercase hex bytes separated by spaces (`61 62 63`); arrays `[1, 2]`;
 *   maps `{k=v, k2=v2}`; rows `{a=1, b=x}` (unnamed fields `field0`, `field1` …, as Athena);
 *   json as its text; intervals `1 02:03:04.000` / `1-2`. Nested NULL prints `null`.
 */
import { AegisError } from '../errors.js';
import { castToVarchar, castValue } from './cast.js';
import type { SqlType } from './sql-type.js';
import { formatType } from './sql-type.js';
import type { MapValue, Value } from './value.js';

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function nested(v: Value, t: SqlType): string {
  return v === null ? 'null' : render(v, t);
}

function render(v: Value, t: SqlType): string {
  switch (t.kind) {
    case 'varbinary':
      return hex(v as Uint8Array);
    case 'array':
      return `[${(v as Value[]).map((e) => nested(e, t.element)).join(', ')}]`;
    case 'map': {
      const m = v as MapValue;
      return `{${m.keys.map((k, i) => `${nested(k, t.key)}=${nested(m.values[i]!, t.value)}`).join(', ')}}`;
    }
    case 'row':
      return `{${t.fields.map((f, i) => `${f.name ?? `field${i}`}=${nested((v as Value[])[i]!, f.type)}`).join(', ')}}`;
    case 'unknown':
      return 'null';
    default:
      return castToVarchar(v, t);
  }
}

/** The display text of a value; `null` for SQL NULL (CSV writes it as an empty field). */
export function formatValue(v: Value, type: SqlType): string | null {
  return v === null ? null : render(v, type);
}

/** Splits `a, b, {c, d}` at top-level `, ` separators. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0 && s[i + 1] === ' ') {
      out.push(s.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  out.push(s.slice(start));
  return out;
}

/**
 * Reads back what {@link formatValue} printed (CSV results, test expectations). Strings inside
 * arrays/maps/rows that themselves contain `, `, `=`, brackets or the word null are ambiguous in
 * this notation and may not round-trip.
 * @throws AegisError INVALID_CAST when the text does not fit the type.
 */
export function parseValueFromText(text: string | null, type: SqlType): Value {
  if (text === null) return null;
  const varchar: SqlType = { kind: 'varchar' };
  switch (type.kind) {
    case 'varbinary': {
      const t = text.replace(/\s+/g, '');
      if (!/^([0-9a-fA-F]{2})*$/.test(t)) throw new AegisError('INVALID_CAST', `Cannot parse '${text}' as varbinary`);
      const out = new Uint8Array(t.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = parseInt(t.slice(2 * i, 2 * i + 2), 16);
      return out;
    }
    case 'array': {
      if (!text.startsWith('[') || !text.endsWith(']')) throw new AegisError('INVALID_CAST', `Cannot parse '${text}' as ${formatType(type)}`);
      const body = text.slice(1, -1);
      if (body === '') return [];
      return splitTop(body).map((e) => (e === 'null' ? null : parseValueFromText(e, type.element)));
    }
    case 'map': {
      if (!text.startsWith('{') || !text.endsWith('}')) throw new AegisError('INVALID_CAST', `Cannot parse '${text}' as ${formatType(type)}`);
      const body = text.slice(1, -1);
      const keys: Value[] = [];
      const values: Value[] = [];
      if (body !== '') {
        for (const part of splitTop(body)) {
          const eq = part.indexOf('=');
          keys.push(parseValueFromText(part.slice(0, eq), type.key));
          const v = part.slice(eq + 1);
          values.push(v === 'null' ? null : parseValueFromText(v, type.value));
        }
      }
      return { keys, values } satisfies MapValue;
    }
    case 'row': {
      if (!text.startsWith('{') || !text.endsWith('}')) throw new AegisError('INVALID_CAST', `Cannot parse '${text}' as ${formatType(type)}`);
      const parts = splitTop(text.slice(1, -1));
      return type.fields.map((f, i) => {
        const p = parts[i] ?? 'null';
        const v = p.slice(p.indexOf('=') + 1);
        return v === 'null' ? null : parseValueFromText(v, f.type);
      });
    }
    case 'char':
      return text;
    case 'json':
      // A json value is its text (formatValue prints it as is); a cast would quote it as a string.
      return text;
    case 'interval_day_second':
      return parseIntervalDaySecond(text);
    case 'interval_year_month':
      return parseIntervalYearMonth(text);
    case 'timestamp':
      return castValue(text, varchar, type, { sessionTimeZone: 'UTC' });
    default:
      return castValue(text, varchar, type);
  }
}

/** Milliseconds of `[-]D HH:MM:SS.fff` (the text of formatIntervalDaySecond). */
function parseIntervalDaySecond(text: string): number {
  const m = /^(-?)(\d+) (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/.exec(text);
  if (!m) throw new AegisError('INVALID_CAST', `Cannot parse '${text}' as interval day to second`);
  const ms = ((Number(m[2]) * 24 + Number(m[3])) * 60 + Number(m[4])) * 60_000 + Number(m[5]) * 1000 + Number(m[6]);
  return m[1] ? -ms : ms;
}

/** Months of `[-]Y-M` (the text of formatIntervalYearMonth). */
function parseIntervalYearMonth(text: string): number {
  const m = /^(-?)(\d+)-(\d+)$/.exec(text);
  if (!m) throw new AegisError('INVALID_CAST', `Cannot parse '${text}' as interval year to month`);
  const months = Number(m[2]) * 12 + Number(m[3]);
  return m[1] ? -months : months;
}
