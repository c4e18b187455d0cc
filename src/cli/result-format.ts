/**
 * Renders a query result for the terminal: an aligned table (default), Athena-style CSV (header
 * row, every value quoted, NULL as an empty field), or JSON lines (one object per row, values as
 * Athena clients see them in text form).
 */
import type { QueryResult } from '../api/query-result.js';
import { AegisError } from '../errors.js';
import { formatValue } from '../types/format-value.js';
import { csvHeader, csvRows } from '../results/athena-csv.js';

export type ResultFormat = 'table' | 'csv' | 'json';

export function parseResultFormat(v: string | undefined): ResultFormat {
  if (v === undefined) return 'table';
  if (v === 'table' || v === 'csv' || v === 'json') return v;
  throw new AegisError('INVALID_ARGUMENT', `--format must be table, csv or json (got '${v}')`);
}

function cells(r: QueryResult): (string | null)[][] {
  return r.rows.map((row) => row.map((v, j) => formatValue(v, r.columns[j]!.type)));
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

export function renderResult(r: QueryResult, format: ResultFormat): string {
  const names = r.columns.map((c) => c.name);
  const body = cells(r);
  switch (format) {
    case 'csv':
      // The same bytes as the stored result object (results/athena-csv.ts).
      return names.length === 0 ? '' : csvHeader(names) + csvRows(r.rows, r.columns.map((c) => c.type));
    case 'json':
      return body.map((row) => JSON.stringify(Object.fromEntries(names.map((n, j) => [n, row[j]])))).join('\n') + (body.length ? '\n' : '');
    case 'table': {
      if (names.length === 0) return '';
      // Only the table escapes: CSV and JSON output carry the values unchanged.
      const header = names.map(escapeForTerminal);
      const shown = body.map((row) => row.map((c) => (c === null ? 'NULL' : escapeForTerminal(c))));
      const widths = header.map((n, j) => Math.max(n.length, ...shown.map((row) => row[j]!.length)));
      const line = (row: string[]): string => ' ' + row.map((c, j) => c.padEnd(widths[j]!)).join(' | ').trimEnd();
      const sep = '-' + widths.map((w) => '-'.repeat(w)).join('-+-') + '-';
      return [line(header), sep, ...shown.map(line), `(${body.length} row${body.length === 1 ? '' : 's'})`].join('\n') + '\n';
    }
  }
}
