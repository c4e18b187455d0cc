/**
 * Athena's result CSV: a header row of column names, every value double-quoted (quotes doubled),
 * NULL as an empty unquoted field, `\n` after every row. Values are rendered as Athena shows them
 * (`formatValue`). The CLI's `--format csv` prints exactly these bytes.
 */
import type { SqlType } from '../types/sql-type.js';
import { formatValue } from '../types/format-value.js';
import type { Value } from '../types/value.js';

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

export function csvHeader(names: readonly string[]): string {
  return names.map(quote).join(',') + '\n';
}

/** Rows as CSV lines (each ending in `\n`). */
export function csvRows(rows: readonly (readonly Value[])[], types: readonly SqlType[]): string {
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let j = 0; j < row.length; j++) {
      if (j > 0) line += ',';
      const s = formatValue(row[j]!, types[j]!);
      if (s !== null) line += quote(s);
    }
    out += line + '\n';
  }
  return out;
}

/** A DDL result (`<id>.txt`): one line per row, values tab-separated, NULL as empty. */
export function textRows(rows: readonly (readonly Value[])[], types: readonly SqlType[]): string {
  return rows.map((row) => row.map((v, j) => formatValue(v, types[j]!) ?? '').join('\t') + '\n').join('');
}
