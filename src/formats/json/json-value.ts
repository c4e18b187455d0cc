/**
 * JSON node → value of a declared SQL type, as the Hive and OpenX JSON SerDes read it: scalars may
 * arrive as JSON numbers/booleans or as strings holding them; a string column takes any scalar's
 * text and a nested value's JSON text; objects feed maps (keys parsed from their text) and rows
 * (fields by name). A value that does not fit its type yields `INVALID`; callers raise BAD_DATA
 * or, with `use.null.for.invalid.data`, store NULL.
 */
import type { SqlType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import { tsLike, tsMicros, tsNanos } from '../../types/long-timestamp.js';
import { textConverter } from '../text/text-convert.js';
import { parseBinaryText, parseTimestampText } from '../text/text-values.js';
import { type JsonNode, JsonNumber, JsonObject, jsonText } from './json-parse.js';

export const INVALID: unique symbol = Symbol('invalid');
export type Converted = Value | typeof INVALID;
export type JsonConverter = (n: JsonNode) => Converted;

export interface JsonKeyRules {
  /** Match object keys to names ignoring case (Hive always; OpenX `case.insensitive`, default true). */
  readonly caseInsensitive: boolean;
  /** OpenX `dots.in.keys`: `a.b` in the data matches the name `a_b`. */
  readonly dotsInKeys: boolean;
}

/** The normalised form of a JSON key for lookups. */
export function keyOf(k: string, rules: JsonKeyRules): string {
  const d = rules.dotsInKeys ? k.replaceAll('.', '_') : k;
  return rules.caseInsensitive ? d.toLowerCase() : d;
}

/** Members of an object by normalised key (a later duplicate wins). */
export function objectIndex(o: JsonObject, rules: JsonKeyRules): Map<string, JsonNode> {
  const m = new Map<string, JsonNode>();
  for (const [k, v] of o.entries) m.set(keyOf(k, rules), v);
  return m;
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const OFFSET_RE = /(?:Z|[+-]\d{2}:?\d{2})$/;

/** ISO-8601 forms with `Z` or an offset are converted to UTC wall time (OpenX accepts them). */
function timestampOf(s: string, precision: number): Value | undefined {
  const m = OFFSET_RE.exec(s.trim());
  if (!m) return parseTimestampText(s, precision);
  const base = parseTimestampText(s.trim().slice(0, -m[0].length), precision);
  if (base === undefined || m[0] === 'Z') return base;
  const sign = m[0][0] === '-' ? -1 : 1;
  const digits = m[0].slice(1).replace(':', '');
  return tsLike(base, tsMicros(base) - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000_000, tsNanos(base));
}

function scalarText(n: JsonNode): string | undefined {
  if (typeof n === 'string') return n;
  if (n instanceof JsonNumber) return n.text;
  if (typeof n === 'boolean') return String(n);
  return undefined;
}

/** A converter for values of `type`. */
export function jsonConverter(type: SqlType, rules: JsonKeyRules): JsonConverter {
  switch (type.kind) {
    case 'varchar':
    case 'char':
    case 'json': {
      const fit = textConverter(type);
      return (n) => (n === null ? null : (fit(scalarText(n) ?? jsonText(n)) ?? INVALID));
    }
    case 'boolean':
      return (n) => {
        if (n === null) return null;
        if (typeof n === 'boolean') return n;
        const s = typeof n === 'string' ? n.toLowerCase() : '';
        return s === 'true' ? true : s === 'false' ? false : INVALID;
      };
    case 'varbinary':
      return (n) => (n === null ? null : typeof n === 'string' ? parseBinaryText(Buffer.from(n, 'utf8')) : INVALID);
    case 'timestamp': {
      if (type.withTimeZone) break;
      return (n) => {
        if (n === null) return null;
        return typeof n === 'string' ? (timestampOf(n, type.precision) ?? INVALID) : INVALID;
      };
    }
    case 'array': {
      const el = jsonConverter(type.element, rules);
      return (n) => {
        if (n === null) return null;
        if (!Array.isArray(n)) return INVALID;
        const out: Value[] = [];
        for (const x of n) {
          const v = el(x);
          if (v === INVALID) return INVALID;
          out.push(v);
        }
        return out;
      };
    }
    case 'map': {
      const key = textConverter(type.key);
      const val = jsonConverter(type.value, rules);
      return (n) => {
        if (n === null) return null;
        if (!(n instanceof JsonObject)) return INVALID;
        const keys: Value[] = [], values: Value[] = [];
        for (const [k, x] of n.entries) {
          const kv = key(k);
          const v = val(x);
          if (kv === undefined || kv === null || v === INVALID) return INVALID;
          keys.push(kv);
          values.push(v);
        }
        return { keys, values };
      };
    }
    case 'row': {
      const fields = type.fields.map((f, i) => ({ key: keyOf(f.name ?? `_col${i}`, { ...rules, dotsInKeys: false }), conv: jsonConverter(f.type, rules) }));
      return (n) => {
        if (n === null) return null;
        if (!(n instanceof JsonObject)) return INVALID;
        const idx = objectIndex(n, rules);
        const out: Value[] = [];
        for (const f of fields) {
          const v = f.conv(idx.get(f.key) ?? null);
          if (v === INVALID) return INVALID;
          out.push(v);
        }
        return out;
      };
    }
    default:
      break;
  }
  const parse = textConverter(type);
  // Hive stores NULL for a decimal that does not fit its precision; only non-numbers are invalid.
  const overflow = type.kind === 'decimal' ? null : INVALID;
  return (n) => {
    if (n === null) return null;
    const s = n instanceof JsonNumber || typeof n === 'string' ? scalarText(n)! : undefined;
    if (s === undefined || s === '') return INVALID;
    const v = parse(s);
    if (v !== undefined) return v;
    return n instanceof JsonNumber || NUMBER_TEXT.test(s.trim()) ? overflow : INVALID;
  };
}
