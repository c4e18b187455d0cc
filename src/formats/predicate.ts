/**
 * Simple column predicates a scan can push into a format for pruning (Parquet row-group
 * statistics today). A list of predicates means their conjunction (AND). Predicates are plain
 * data — structured-clone safe (bigint included), so they cross to worker threads as they are.
 *
 * Literals use the runtime representation of the column's SQL type (`type`): decimal → unscaled
 * bigint at the type's scale, date → days, timestamp → epoch micros, strings → string. Pruning is
 * always Inexact (DataFusion's term): a kept row group may still hold no matching row, so the
 * filter must still run above the scan.
 */
import type { SqlType } from '../types/sql-type.js';

export type Literal = boolean | number | bigint | string;

export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type ColumnPredicate =
  /** `column op value` */
  | { readonly op: CompareOp; readonly column: string; readonly type: SqlType; readonly value: Literal }
  /** `column IN (values…)` */
  | { readonly op: 'in'; readonly column: string; readonly type: SqlType; readonly values: readonly Literal[] }
  /** `column BETWEEN low AND high` (inclusive) */
  | { readonly op: 'between'; readonly column: string; readonly type: SqlType; readonly low: Literal; readonly high: Literal }
  /** `column IS NULL` / `column IS NOT NULL` */
  | { readonly op: 'isNull' | 'isNotNull'; readonly column: string; readonly type: SqlType };

/** Display form for EXPLAIN and logs, e.g. `price >= 10.00`. */
export function formatPredicate(p: ColumnPredicate): string {
  const lit = (v: Literal): string => {
    if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
    // Decimal literals are unscaled integers: show them at the column's scale.
    if (typeof v === 'bigint' && p.type.kind === 'decimal' && p.type.scale > 0) {
      const digits = (v < 0n ? -v : v).toString().padStart(p.type.scale + 1, '0');
      return `${v < 0n ? '-' : ''}${digits.slice(0, -p.type.scale)}.${digits.slice(-p.type.scale)}`;
    }
    // Dates are day numbers: show them as Trino date literals.
    if (typeof v === 'number' && p.type.kind === 'date') return `DATE '${new Date(v * 86_400_000).toISOString().slice(0, 10)}'`;
    return String(v);
  };
  const ops: Record<CompareOp, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
  switch (p.op) {
    case 'in':
      return `${p.column} IN (${p.values.map(lit).join(', ')})`;
    case 'between':
      return `${p.column} BETWEEN ${lit(p.low)} AND ${lit(p.high)}`;
    case 'isNull':
      return `${p.column} IS NULL`;
    case 'isNotNull':
      return `${p.column} IS NOT NULL`;
    default:
      return `${p.column} ${ops[p.op]} ${lit(p.value)}`;
  }
}
