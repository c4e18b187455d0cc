/**
 * Exact column minima and maxima of row groups from their footer statistics, as runtime values of
 * the table's column type — so `min`/`max` over a whole row group need not decode it. Only where
 * the statistics are certainly exact: integers, decimals stored as INT32/INT64 at the table's
 * scale, dates, and strings whose statistics the writer marks exact (others may be truncated);
 * never floating point (NaN is left out of statistics) or timestamps.
 */
import { parquetSchema, type FileMetaData, type SchemaElement } from 'hyparquet';
import type { SqlType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import { planFlatColumns } from './page-decoder.js';
import { statBounds } from './row-group-pruning.js';

/**
 * A row group's extremes of one column: both NULL when every value is NULL; undefined where the
 * statistics do not give it exactly.
 */
export interface ColumnExtremes {
  readonly min: Value | undefined;
  readonly max: Value | undefined;
}

const RANGES: Partial<Record<SqlType['kind'], [number, number]>> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A statistic as a runtime value of `type`, or undefined when it is not certainly exact. */
function exactValue(stat: unknown, el: SchemaElement, type: SqlType, exactFlag: boolean | undefined): Value | undefined {
  const fileScale = el.scale ?? 0;
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer': {
      const b = statBounds(stat, el, type, fileScale);
      if (!b || !b[2] || typeof b[0] !== 'bigint') return undefined;
      const [lo, hi] = RANGES[type.kind]!;
      const v = Number(b[0]);
      return v >= lo && v <= hi ? v : undefined;
    }
    case 'bigint': {
      const b = statBounds(stat, el, type, fileScale);
      return b && b[2] && typeof b[0] === 'bigint' ? b[0] : undefined;
    }
    case 'decimal': {
      if ((el.type !== 'INT32' && el.type !== 'INT64') || fileScale !== type.scale) return undefined;
      const b = statBounds(stat, el, type, fileScale);
      return b && b[2] && typeof b[0] === 'bigint' ? b[0] : undefined;
    }
    case 'date': {
      if (el.type !== 'INT32') return undefined;
      const b = statBounds(stat, el, type, fileScale);
      return b && b[2] && typeof b[0] === 'number' && Number.isInteger(b[0]) ? b[0] : undefined;
    }
    case 'varchar': {
      if (exactFlag !== true || type.length !== undefined || el.type !== 'BYTE_ARRAY') return undefined;
      // hyparquet hands UTF-8 statistics over decoded; a replacement character may stand for
      // bytes that are not UTF-8 (decoding the column would fail): then decode.
      if (typeof stat === 'string') return stat.includes('\uFFFD') ? undefined : stat;
      if (!(stat instanceof Uint8Array)) return undefined;
      try {
        return utf8.decode(stat);
      } catch {
        return undefined;
      }
    }
    default:
      return undefined;
  }
}

/**
 * The exact extremes of column `name` (top-level, case-insensitive) by row group: a reader
 * resolved once per column, giving undefined for a row group whose statistics do not give them
 * exactly (then it must be decoded). Undefined when the column has no such reader at all.
 */
export function columnExtremes(md: FileMetaData, name: string, type: SqlType): ((rg: number) => ColumnExtremes | undefined) | undefined {
  const lower = name.toLowerCase();
  const el = parquetSchema(md).children.find((c) => c.element.name.toLowerCase() === lower);
  if (!el || el.children.length > 0) return undefined;
  // Only a column the decoder reads as this type as it is (else decoding decides: a type error).
  const plan = planFlatColumns(md, [el.element.name], [type])?.[0];
  if (!plan) return undefined;
  // The deprecated min/max of byte arrays used signed byte order: only min_value/max_value.
  const numeric = el.element.type !== 'BYTE_ARRAY' && el.element.type !== 'FIXED_LEN_BYTE_ARRAY';
  return (rg) => {
    const group = md.row_groups[rg];
    const st = group?.columns[plan.chunk]?.meta_data?.statistics;
    if (!group || !st) return undefined;
    const rows = Number(group.num_rows);
    const nulls = st.null_count === undefined ? undefined : Number(st.null_count);
    if (nulls !== undefined && nulls >= rows) return { min: null, max: null };
    const min = exactValue(st.min_value ?? (numeric ? st.min : undefined), el.element, type, st.is_min_value_exact);
    const max = exactValue(st.max_value ?? (numeric ? st.max : undefined), el.element, type, st.is_max_value_exact);
    return { min: min ?? undefined, max: max ?? undefined };
  };
}
