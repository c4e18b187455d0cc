/**
 * Writes batches as Hive text that the matching decoder reads back unchanged:
 *   - 'lazy-simple': delimiters, escape and NULL marker from the same properties the decoder
 *     reads (`field.delim`, `collection.delim`, `mapkey.delim`, `escape.delim`,
 *     `serialization.null.format`); nested values use the nesting separators.
 *   - 'open-csv': every field quoted with `quoteChar`, quote and escape bytes escaped with
 *     `escapeChar`; NULL is an empty field; timestamps as epoch milliseconds (what OpenCSVSerde
 *     reads); nested types are not supported.
 */
import { AegisError } from '../../errors.js';
import type { Batch } from '../../types/batch.js';
import { columnGet } from '../../types/batch.js';
import type { SqlType } from '../../types/sql-type.js';
import { formatType } from '../../types/sql-type.js';
import type { MapValue, Value } from '../../types/value.js';
import { tsMicros, tsRoundedMicros } from '../../types/long-timestamp.js';
import type { FormatProperties, TableColumn } from '../format.js';
import { type LazySimpleOptions, lazySimpleOptions } from './lazy-simple-options.js';
import { openCsvDialect } from './open-csv-tokenizer.js';
import { formatDateText, formatDecimal, formatTimestampText } from './text-values.js';

export interface CsvWriteOptions {
  /** Which SerDe will read the text; default 'lazy-simple'. */
  readonly serde?: 'lazy-simple' | 'open-csv';
  /** Delimiters etc., named as in the SerDe properties. */
  readonly properties?: FormatProperties;
  /** Write a first line with the column names (pair with `skip.header.line.count` = 1). */
  readonly header?: boolean;
}

/** Shortest decimal text that reads back as the same float32 (Java's `Float.toString` spirit). */
export function formatReal(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(v);
}

/** Text of a primitive value (shared by the writers). */
export function primitiveText(type: SqlType, v: Exclude<Value, null>): string {
  switch (type.kind) {
    case 'decimal':
      return formatDecimal(v as bigint, type.scale);
    case 'date':
      return formatDateText(v as number);
    case 'timestamp':
      // Text tables keep microseconds at most: timestamp(7..9) nanoseconds round half up.
      return formatTimestampText(tsRoundedMicros(v), type.precision);
    case 'real':
      return formatReal(v as number);
    case 'varbinary':
      return Buffer.from(v as Uint8Array).toString('base64');
    default:
      return String(v);
  }
}

function lazyText(type: SqlType, v: Value, level: number, o: LazySimpleOptions, nul: string): string {
  if (v === null) return nul;
  const sep = String.fromCharCode(o.separators[Math.min(level, o.separators.length - 1)]!);
  switch (type.kind) {
    case 'array':
      return (v as Value[]).map((e) => lazyText(type.element, e, level + 1, o, nul)).join(sep);
    case 'map': {
      const m = v as MapValue;
      const kv = String.fromCharCode(o.separators[level + 1]!);
      return m.keys
        .map((k, i) => lazyText(type.key, k, level + 2, o, nul) + kv + lazyText(type.value, m.values[i] ?? null, level + 2, o, nul))
        .join(sep);
    }
    case 'row':
      return (v as Value[]).map((e, i) => lazyText(type.fields[i]!.type, e, level + 1, o, nul)).join(sep);
    case 'varchar':
    case 'char':
    case 'json': {
      const text = escapeLazy(v as string, o);
      if (text !== nul) return text;
      // A string spelled like the NULL marker must not read back as NULL.
      if (o.escape < 0) throw new AegisError('INVALID_ARGUMENT', `Value '${text}' equals the NULL format; set escape.delim to write it`);
      return String.fromCharCode(o.escape) + text;
    }
    default:
      return primitiveText(type, v);
  }
}

function escapeLazy(s: string, o: LazySimpleOptions): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    const special = c === 10 || c === 13 || c === o.escape || (c < 128 && o.separators.includes(c));
    if (!special) {
      out += ch;
      continue;
    }
    if (o.escape < 0) {
      throw new AegisError('INVALID_ARGUMENT', `Value ${JSON.stringify(s)} contains a delimiter or line break; set escape.delim to write it`);
    }
    out += String.fromCharCode(o.escape) + (c === 10 ? 'n' : c === 13 ? 'r' : ch);
  }
  return out;
}

function openCsvText(type: SqlType, v: Value): string {
  if (v === null) return '';
  if (type.kind === 'array' || type.kind === 'map' || type.kind === 'row') {
    throw new AegisError('NOT_SUPPORTED', `OpenCSVSerde cannot write nested type ${formatType(type)}`);
  }
  if (type.kind === 'timestamp') return String(Math.floor(tsMicros(v) / 1000));
  return primitiveText(type, v);
}

/** Serialises `batches` (columns in `columns` order) as text for the chosen SerDe. */
export function writeCsv(columns: readonly TableColumn[], batches: Iterable<Batch>, options: CsvWriteOptions = {}): Uint8Array {
  const props = options.properties ?? {};
  const parts: string[] = [];
  if (options.serde === 'open-csv') {
    const d = openCsvDialect(props);
    const q = String.fromCharCode(d.quote), e = String.fromCharCode(d.escape);
    const sep = String.fromCharCode(d.separator);
    const quote = (s: string): string => q + s.replaceAll(e, e + e).replaceAll(q, e + q) + q;
    if (options.header) parts.push(columns.map((c) => quote(c.name)).join(sep) + '\n');
    for (const b of batches) {
      for (let i = 0; i < b.length; i++) {
        parts.push(columns.map((c, j) => quote(openCsvText(c.type, columnGet(b.columns[j]!, i)))).join(sep) + '\n');
      }
    }
  } else {
    const o = lazySimpleOptions(props);
    const nul = props['serialization.null.format'] ?? '\\N';
    const sep = String.fromCharCode(o.separators[0]!);
    if (options.header) parts.push(columns.map((c) => c.name).join(sep) + '\n');
    for (const b of batches) {
      for (let i = 0; i < b.length; i++) {
        parts.push(columns.map((c, j) => lazyText(c.type, columnGet(b.columns[j]!, i), 1, o, nul)).join(sep) + '\n');
      }
    }
  }
  return new TextEncoder().encode(parts.join(''));
}
