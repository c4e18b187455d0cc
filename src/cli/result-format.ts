/**
 * Renders a query result for the terminal: an aligned table (default), Athena-style CSV (header
 * row, every value quoted, NULL as an empty field), or JSON lines (one object per row, typed).
 *
 * Table: numbers right-aligned, widths in terminal cells (CJK and emoji take two), control
 * characters escaped. On a terminal the caller passes limits: the widest columns are narrowed to
 * fit `maxWidth` (cells cut with `…`), and a result taller than `maxRows` shows its first and
 * last rows with a `N rows (M shown)` footer. `expanded` prints one `column | value` block per row (psql's `\x`).
 *
 * JSON: numbers as numbers where the JSON number is exact (integers up to 2^53, doubles), BIGINT
 * beyond that and DECIMAL as strings, NULL as null, ARRAY as arrays, MAP and ROW as objects, and
 * every other type as the text the table shows.
 */
import type { QueryResult } from '../api/query-result.js';
import { AegisError } from '../errors.js';
import { formatValue } from '../types/format-value.js';
import type { SqlType } from '../types/sql-type.js';
import type { MapValue, Value } from '../types/value.js';
import { csvHeader, csvRows } from '../results/athena-csv.js';
import { displayWidth, padToWidth, truncateToWidth } from './display-width.js';

export type ResultFormat = 'table' | 'csv' | 'json';

export function parseResultFormat(v: string | undefined): ResultFormat {
  if (v === undefined) return 'table';
  if (v === 'table' || v === 'csv' || v === 'json') return v;
  throw new AegisError('INVALID_ARGUMENT', `--format must be table, csv or json (got '${v}')`);
}

/** Terminal limits for the table format (none by default: pipes get every byte). */
export interface TableOptions {
  /** Terminal width: the widest columns are narrowed to fit, their cells cut with `…`. */
  maxWidth?: number;
  /** Above this many rows, only the first and last rows are shown, with a `N rows (M shown)` footer. */
  maxRows?: number;
  /** One block per row, `column | value` lines (psql's `\x`). */
  expanded?: boolean;
}

/**
 * Control characters (C0, DEL, C1) and bidirectional overrides, which data could use to move the
 * cursor, recolour or rewrite the terminal, or to reorder what is shown.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A cell or header as the table shows it: unsafe characters as visible escapes (`\x1b`, `\u202e`). */
export function escapeForTerminal(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

const NUMERIC = new Set<SqlType['kind']>(['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal']);

/** A value as typed JSON (see the module comment). */
export function jsonValue(v: Value, t: SqlType): unknown {
  if (v === null) return null;
  switch (t.kind) {
    case 'boolean':
    case 'tinyint':
    case 'smallint':
    case 'integer':
      return v;
    case 'bigint':
      return (v as bigint) >= -9007199254740991n && (v as bigint) <= 9007199254740991n ? Number(v) : String(v);
    case 'double':
      return Number.isFinite(v) ? v : formatValue(v, t);
    case 'real':
      // The shortest text of the float (1.1, not 1.100000023841858), read back as a number.
      return Number.isFinite(v) ? Number(formatValue(v, t)) : formatValue(v, t);
    case 'array':
      return (v as Value[]).map((e) => jsonValue(e, t.element));
    case 'map': {
      const m = v as MapValue;
      return Object.fromEntries(m.keys.map((k, i) => [formatValue(k, t.key) ?? 'null', jsonValue(m.values[i]!, t.value)]));
    }
    case 'row':
      return Object.fromEntries(t.fields.map((f, i) => [f.name ?? `field${i}`, jsonValue((v as Value[])[i]!, f.type)]));
    default:
      return formatValue(v, t);
  }
}

function renderJson(r: QueryResult): string {
  const names = r.columns.map((c) => c.name);
  const lines = r.rows.map((row) => JSON.stringify(Object.fromEntries(names.map((n, j) => [n, jsonValue(row[j]!, r.columns[j]!.type)]))));
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

const plural = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;

/** The rows shown under `maxRows`: all, or the first and last halves with a gap marker between. */
function visibleRows(n: number, maxRows: number | undefined): { head: number; tail: number } {
  if (maxRows === undefined || n <= maxRows) return { head: n, tail: 0 };
  const head = Math.ceil(maxRows / 2);
  return { head, tail: maxRows - head };
}

/** Narrowest a column is cut to when fitting the terminal. */
const MIN_COLUMN = 6;

/** Column widths narrowed, widest first, until the table line fits `maxWidth`. */
function fitWidths(widths: number[], maxWidth: number | undefined): number[] {
  if (maxWidth === undefined) return widths;
  const out = [...widths];
  // The separator line is the widest: '-' + columns joined by '-+-' + '-'.
  let total = 2 + out.reduce((a, w) => a + w, 0) + 3 * (out.length - 1);
  while (total > maxWidth) {
    let j = 0;
    out.forEach((w, i) => (w > out[j]! ? (j = i) : 0));
    if (out[j]! <= MIN_COLUMN) break;
    out[j]!--;
    total--;
  }
  return out;
}

function renderTable(r: QueryResult, opts: TableOptions): string {
  const names = r.columns.map((c) => c.name);
  if (names.length === 0) return '';
  const cell = (v: Value, j: number): string => {
    const text = formatValue(v, r.columns[j]!.type);
    return text === null ? 'NULL' : escapeForTerminal(text);
  };
  const { head, tail } = visibleRows(r.rows.length, opts.maxRows);
  const picked = tail === 0 ? r.rows : [...r.rows.slice(0, head), ...r.rows.slice(r.rows.length - tail)];
  let shown = picked.map((row) => row.map(cell));
  let header = names.map(escapeForTerminal);
  const footer = tail === 0 ? `(${plural(r.rows.length)})` : `${plural(r.rows.length)} (${head + tail} shown)`;
  if (opts.expanded) return renderExpanded(header, shown, opts.maxWidth) + footer + '\n';

  const right = r.columns.map((c) => NUMERIC.has(c.type.kind));
  const natural = header.map((n, j) => Math.max(displayWidth(n), ...shown.map((row) => displayWidth(row[j]!))));
  const widths = fitWidths(natural, opts.maxWidth);
  if (widths.some((w, j) => w < natural[j]!)) {
    header = header.map((h, j) => truncateToWidth(h, widths[j]!));
    shown = shown.map((row) => row.map((c, j) => truncateToWidth(c, widths[j]!)));
  }
  const line = (row: string[]): string => ' ' + row.map((c, j) => padToWidth(c, widths[j]!, right[j] ? 'right' : 'left')).join(' | ').trimEnd();
  const sep = '-' + widths.map((w) => '-'.repeat(w)).join('-+-') + '-';
  const body = shown.map(line);
  // The gap between head and tail: a `…` in each column.
  if (tail > 0) body.splice(head, 0, line(widths.map((w, j) => padToWidth('…', w, right[j] ? 'right' : 'left'))));
  return [line(header), sep, ...body, footer].join('\n') + '\n';
}

function renderExpanded(header: string[], rows: string[][], maxWidth: number | undefined): string {
  const nameWidth = Math.max(...header.map(displayWidth));
  const cut = (v: string): string => (maxWidth === undefined ? v : truncateToWidth(v, Math.max(MIN_COLUMN, maxWidth - nameWidth - 3)));
  const cells = rows.map((r) => r.map(cut));
  const valueWidth = Math.max(1, ...cells.flatMap((r) => r.map(displayWidth)));
  const out: string[] = [];
  cells.forEach((row, i) => {
    const title = `-[ RECORD ${i + 1} ]`;
    out.push(title + '-'.repeat(Math.max(0, nameWidth + 1 - title.length)) + '+' + '-'.repeat(valueWidth + 1));
    row.forEach((v, j) => out.push(`${padToWidth(header[j]!, nameWidth, 'left')} | ${v}`.trimEnd()));
  });
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

export function renderResult(r: QueryResult, format: ResultFormat, opts: TableOptions = {}): string {
  switch (format) {
    case 'csv':
      // The same bytes as the stored result object (results/athena-csv.ts).
      return r.columns.length === 0 ? '' : csvHeader(r.columns.map((c) => c.name)) + csvRows(r.rows, r.columns.map((c) => c.type));
    case 'json':
      return renderJson(r);
    case 'table':
      return renderTable(r, opts);
  }
}
