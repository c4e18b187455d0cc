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

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

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
      const shown = body.map((row) => row.map((c) => (c === null ? 'NULL' : c.replace(/\n/g, '\\n'))));
      const widths = names.map((n, j) => Math.max(n.length, ...shown.map((row) => row[j]!.length)));
      const line = (row: string[]): string => ' ' + row.map((c, j) => c.padEnd(widths[j]!)).join(' | ').trimEnd();
      const sep = '-' + widths.map((w) => '-'.repeat(w)).join('-+-') + '-';
      return [line(names), sep, ...shown.map(line), `(${body.length} row${body.length === 1 ? '' : 's'})`].join('\n') + '\n';
    }
  }
}
