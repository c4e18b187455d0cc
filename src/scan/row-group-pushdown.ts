/**
 * Turns filter conjuncts pushed into a table scan into {@link ColumnPredicate}s over the table's
 * data columns, for Parquet row-group pruning from column statistics: `col <op> const` (either
 * side), `col IN (consts)`, `col IS [NOT] NULL`. Only comparisons whose constant is exactly
 * representable in the column's own type are taken; anything else stays out. Pruning is Inexact:
 * the filter also runs above the scan, so a predicate only has to keep a superset of the rows.
 */
import type { BoundExpr } from '../plan/bound-expr.js';
import type { ColumnPredicate, CompareOp, Literal } from '../formats/predicate.js';
import type { TableColumn } from '../formats/format.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { conjuncts } from './partition-pushdown.js';

const OPS: Record<string, CompareOp> = { $eq: 'eq', $ne: 'ne', $lt: 'lt', $le: 'le', $gt: 'gt', $ge: 'ge' };
const FLIPPED: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };

/** Column kinds whose Parquet statistics `pruneRowGroups` compares. */
const PRUNABLE = new Set<SqlType['kind']>(['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal', 'varchar', 'date', 'boolean']);

/**
 * A constant of type `ct` as a literal in the representation of column type `col`, or undefined
 * when the conversion is not exact (then the conjunct is not used for pruning).
 */
export function literalFor(v: Value, ct: SqlType, col: SqlType): Literal | undefined {
  if (v === null) return undefined;
  switch (col.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      if (!['tinyint', 'smallint', 'integer', 'bigint'].includes(ct.kind)) return undefined;
      return typeof v === 'number' || typeof v === 'bigint' ? BigInt(v) : undefined;
    case 'real':
    case 'double':
      return (ct.kind === 'double' || ct.kind === 'real') && typeof v === 'number' && !Number.isNaN(v) ? v : undefined;
    case 'decimal': {
      if (ct.kind !== 'decimal' || typeof v !== 'bigint') return undefined;
      if (ct.scale <= col.scale) return v * 10n ** BigInt(col.scale - ct.scale);
      const down = 10n ** BigInt(ct.scale - col.scale);
      return v % down === 0n ? v / down : undefined;
    }
    case 'varchar':
      return ct.kind === 'varchar' && typeof v === 'string' ? v : undefined;
    case 'date':
      return ct.kind === 'date' && typeof v === 'number' ? v : undefined;
    case 'boolean':
      return ct.kind === 'boolean' && typeof v === 'boolean' ? v : undefined;
    default:
      return undefined;
  }
}

function dataColumn(e: BoundExpr, columns: readonly TableColumn[]): TableColumn | undefined {
  if (e.kind !== 'column') return undefined;
  const c = columns[e.id];
  return c && PRUNABLE.has(c.type.kind) ? c : undefined;
}

/** One conjunct → a predicate on a data column, or undefined. Column ids are table ordinals. */
export function columnPredicateOf(f: BoundExpr, columns: readonly TableColumn[]): ColumnPredicate | undefined {
  if (f.kind === 'is_null') {
    const c = dataColumn(f.arg, columns);
    return c ? { op: f.negated ? 'isNotNull' : 'isNull', column: c.name, type: c.type } : undefined;
  }
  if (f.kind === 'in_list') {
    const c = dataColumn(f.arg, columns);
    if (!c) return undefined;
    const values = f.list.map((e) => (e.kind === 'const' ? literalFor(e.value, e.type, c.type) : undefined));
    if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
    return { op: 'in', column: c.name, type: c.type, values: values as Literal[] };
  }
  if (f.kind !== 'call' || f.args.length !== 2) return undefined;
  let op = OPS[f.fn.name];
  if (!op) return undefined;
  let [l, r] = f.args as [BoundExpr, BoundExpr];
  if (l.kind === 'const' && r.kind === 'column') {
    [l, r] = [r, l];
    op = FLIPPED[op];
  }
  const c = dataColumn(l, columns);
  if (!c || r.kind !== 'const') return undefined;
  const value = literalFor(r.value, r.type, c.type);
  return value === undefined ? undefined : { op, column: c.name, type: c.type, value };
}

/** All usable predicates of the pushed filters (their conjunction). */
export function columnPredicatesOf(filters: readonly BoundExpr[], columns: readonly TableColumn[]): ColumnPredicate[] {
  const out: ColumnPredicate[] = [];
  for (const f of filters.flatMap(conjuncts)) {
    const p = columnPredicateOf(f, columns);
    if (p) out.push(p);
  }
  return out;
}
