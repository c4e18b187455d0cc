/**
 * Writes batches as JSON lines that both JSON SerDes read back unchanged: one object per row keyed
 * by column name; bigint and decimal as exact JSON numbers; NaN/Infinity, dates and timestamps as
 * strings; varbinary as base64; maps as objects; rows as objects keyed by field name.
 */
import type { Batch } from '../../types/batch.js';
import { columnGet } from '../../types/batch.js';
import type { SqlType } from '../../types/sql-type.js';
import type { MapValue, Value } from '../../types/value.js';
import type { TableColumn } from '../format.js';
import { primitiveText } from '../text/text-writer.js';

function jsonOf(type: SqlType, v: Value): string {
  if (v === null) return 'null';
  switch (type.kind) {
    case 'boolean':
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'decimal':
      return primitiveText(type, v);
    case 'real':
    case 'double':
      return Number.isFinite(v as number) ? primitiveText(type, v) : JSON.stringify(String(v));
    case 'array':
      return `[${(v as Value[]).map((e) => jsonOf(type.element, e)).join(',')}]`;
    case 'map': {
      const m = v as MapValue;
      return `{${m.keys.map((k, i) => `${JSON.stringify(primitiveText(type.key, k!))}:${jsonOf(type.value, m.values[i] ?? null)}`).join(',')}}`;
    }
    case 'row':
      return `{${type.fields.map((f, i) => `${JSON.stringify(f.name ?? `_col${i}`)}:${jsonOf(f.type, (v as Value[])[i] ?? null)}`).join(',')}}`;
    default:
      return JSON.stringify(primitiveText(type, v));
  }
}

/** Serialises `batches` (columns in `columns` order) as JSON lines. */
export function writeJsonLines(columns: readonly TableColumn[], batches: Iterable<Batch>): Uint8Array {
  const parts: string[] = [];
  for (const b of batches) {
    for (let i = 0; i < b.length; i++) {
      parts.push(`{${columns.map((c, j) => `${JSON.stringify(c.name)}:${jsonOf(c.type, columnGet(b.columns[j]!, i))}`).join(',')}}\n`);
    }
  }
  return new TextEncoder().encode(parts.join(''));
}
