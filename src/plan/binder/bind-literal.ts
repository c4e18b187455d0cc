/**
 * Literal typing (Trino's rules): integer literals are `integer` when they fit 32 bits, else
 * `bigint`; `1.5` is `decimal(2,1)`; `1e3` is `double`; `'abc'` is `varchar(3)`; typed literals
 * (`DATE '…'`, `TIMESTAMP '…'`, `DECIMAL '…'`, …) are converted with the cast rules at bind time
 * so a malformed literal fails before execution.
 */
import { AegisError } from '../../errors.js';
import type { IntervalLiteral, Literal } from '../../sql/ast.js';
import { castValue } from '../../types/cast.js';
import { canonicalJson } from '../../types/json-value.js';
import { parseTimeTz } from '../../types/time.js';
import { parseTypeName } from '../../types/type-parser.js';
import type { SqlType } from '../../types/sql-type.js';
import type { ConstExpr } from '../bound-expr.js';
import { errAt } from './scope.js';

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;

export function constant(type: SqlType, value: ConstExpr['value']): ConstExpr {
  return { kind: 'const', type, value };
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function bindLiteral(l: Literal, sessionTimeZone: string): ConstExpr {
  switch (l.kind) {
    case 'null':
      return constant({ kind: 'unknown' }, null);
    case 'boolean':
      return constant({ kind: 'boolean' }, l.value);
    case 'integer':
      if (l.value >= INT_MIN && l.value <= INT_MAX) return constant({ kind: 'integer' }, Number(l.value));
      return constant({ kind: 'bigint' }, l.value);
    case 'decimal':
      return constant({ kind: 'decimal', precision: Math.max(l.precision, l.scale, 1), scale: l.scale }, l.unscaled);
    case 'double':
      return constant({ kind: 'double' }, l.value);
    case 'string':
      return constant({ kind: 'varchar', length: codePoints(l.value) }, l.value);
    case 'binary': {
      const bytes = new Uint8Array(l.hex.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(l.hex.slice(i * 2, i * 2 + 2), 16);
      return constant({ kind: 'varbinary' }, bytes);
    }
    case 'typed_literal':
      return typedLiteral(l.type, l.value, sessionTimeZone, l.pos);
    case 'interval':
      return intervalLiteral(l);
  }
}

function typedLiteral(typeName: string, text: string, zone: string, pos?: { line: number; column: number }): ConstExpr {
  let type: SqlType;
  const t = typeName.toLowerCase();
  if (t === 'timestamp' || t === 'timestamp with time zone') {
    // Precision follows the literal's fractional digits; a zone in the text makes it `with time zone`.
    const m = /^\s*\d+-\d+-\d+(?:[ T]\d+:\d+(?::\d+(?:\.(\d+))?)?)?\s*(.*)$/.exec(text);
    const precision = m?.[1]?.length ?? 0;
    const withZone = t !== 'timestamp' || (m !== null && m[2]!.trim() !== '');
    type = withZone ? { kind: 'timestamp', precision, withTimeZone: true } : { kind: 'timestamp', precision };
  } else if (t === 'decimal') {
    const m = /^\s*[+-]?(\d*)(?:\.(\d*))?\s*$/.exec(text);
    if (!m) throw errAt('INVALID_CAST', `'${text}' is not a valid decimal literal`, pos);
    const intDigits = m[1]!.replace(/^0+/, '').length;
    const scale = m[2]?.length ?? 0;
    type = { kind: 'decimal', precision: Math.max(1, intDigits + scale), scale };
  } else if (t === 'char') {
    type = { kind: 'char', length: codePoints(text) };
  } else if (t === 'time') {
    // Precision follows the literal's fractional digits, as Trino's.
    const parsed = parseTimeTz(text);
    if (!parsed) throw errAt('INVALID_CAST', `'${text}' is not a valid time literal`, pos);
    const precision = Math.min(parsed.precision, 12);
    type = parsed.offset === undefined ? { kind: 'time', precision } : { kind: 'time', precision, withTimeZone: true };
  } else {
    try {
      type = parseTypeName(t);
    } catch {
      throw errAt('TYPE_MISMATCH', `Unknown type: ${typeName}`, pos);
    }
  }
  try {
    // JSON '…' is json_parse('…') in Trino, not a cast of the string to a JSON string.
    if (type.kind === 'json') return constant(type, canonicalJson(text));
    return constant(type, castValue(text, { kind: 'varchar' }, type, { sessionTimeZone: zone }));
  } catch (e) {
    if (e instanceof AegisError) throw errAt(e.code, e.message, pos);
    throw e;
  }
}

const DAY_MS = 86_400_000;

function intervalLiteral(l: IntervalLiteral): ConstExpr {
  const bad = () => errAt('INVALID_ARGUMENT', `Invalid INTERVAL literal '${l.value}'`, l.pos);
  const text = l.value.trim();
  let sign = l.sign;
  let body = text;
  if (body.startsWith('-')) {
    sign = sign === 1 ? -1 : 1;
    body = body.slice(1);
  } else if (body.startsWith('+')) body = body.slice(1);
  if (l.from === 'year' || l.from === 'month') {
    let months: number;
    if (l.to === 'month' && l.from === 'year') {
      const m = /^(\d+)-(\d+)$/.exec(body);
      if (!m) throw bad();
      months = Number(m[1]) * 12 + Number(m[2]);
    } else {
      if (!/^\d+$/.test(body)) throw bad();
      months = Number(body) * (l.from === 'year' ? 12 : 1);
    }
    return constant({ kind: 'interval_year_month' }, sign * months);
  }
  const unitMs: Record<string, number> = { day: DAY_MS, hour: 3_600_000, minute: 60_000, second: 1000 };
  let ms: number;
  if (!l.to || l.to === l.from) {
    if (!/^\d+(\.\d+)?$/.test(body)) throw bad();
    ms = Math.round(Number(body) * unitMs[l.from]!);
  } else {
    // e.g. DAY TO SECOND '1 02:03:04.5', HOUR TO MINUTE '2:30'.
    const parts = body.split(/[ :]/);
    const units = ['day', 'hour', 'minute', 'second'];
    const start = units.indexOf(l.from);
    const end = units.indexOf(l.to);
    if (start < 0 || end < start || parts.length !== end - start + 1) throw bad();
    ms = 0;
    parts.forEach((p, i) => {
      if (!/^\d+(\.\d+)?$/.test(p)) throw bad();
      ms += Number(p) * unitMs[units[start + i]!]!;
    });
    ms = Math.round(ms);
  }
  return constant({ kind: 'interval_day_second' }, sign * ms);
}

/** Integer constant value of a LIMIT/OFFSET/frame offset expression. */
export function integerOf(e: ConstExpr, what: string, pos?: { line: number; column: number }): number {
  const v = e.value;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  throw errAt('TYPE_MISMATCH', `${what} must be an integer constant`, pos);
}
