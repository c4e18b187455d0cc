/**
 * Turns filter conjuncts pushed into a table scan into a {@link PartitionFilter} over the table's
 * partition keys: `key = const`, `key <op> const`, `key IN (consts)`, `key IS [NOT] NULL`.
 * Anything else is left out; the filter still runs above the scan (the answer is `inexact`), so
 * the partition filter only has to select a superset of the matching partitions.
 */
import type { KeyConstraint, PartitionFilter, PartitionValue } from '../catalog/partition-filter.js';
import type { BoundExpr } from '../plan/bound-expr.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';

const FLIPPED: Record<string, string> = { $lt: '$gt', $le: '$ge', $gt: '$lt', $ge: '$le', $eq: '$eq' };

/** Partition keys by table ordinal → key name and type. */
export type PartitionKeyMap = ReadonlyMap<number, { name: string; type: SqlType }>;

/** The Hive text (or number) a constant compares as, or undefined when it cannot be expressed. */
export function partitionValueOf(v: Value, type: SqlType): PartitionValue | undefined {
  if (v === null) return undefined;
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'real':
    case 'double':
      return typeof v === 'number' ? v : undefined;
    case 'bigint':
      return typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : undefined;
    case 'varchar':
    case 'char':
      return typeof v === 'string' ? v : undefined;
    case 'date':
      return typeof v === 'number' ? new Date(v * 86_400_000).toISOString().slice(0, 10) : undefined;
    default:
      return undefined;
  }
}

function keyOf(e: BoundExpr, keys: PartitionKeyMap): { name: string; type: SqlType } | undefined {
  return e.kind === 'column' ? keys.get(e.id) : undefined;
}

function constOf(e: BoundExpr, type: SqlType): PartitionValue | undefined {
  return e.kind === 'const' ? partitionValueOf(e.value, type) : undefined;
}

/** One conjunct → a constraint, or undefined when it does not constrain a partition key alone. */
export function constraintOf(f: BoundExpr, keys: PartitionKeyMap): KeyConstraint | undefined {
  if (f.kind === 'is_null') {
    const k = keyOf(f.arg, keys);
    return k ? { op: f.negated ? 'isNotNull' : 'isNull', key: k.name } : undefined;
  }
  if (f.kind === 'in_list') {
    const k = keyOf(f.arg, keys);
    if (!k) return undefined;
    const values = f.list.map((e) => constOf(e, k.type));
    if (values.some((v) => v === undefined)) return undefined;
    return { op: 'in', key: k.name, values: values as PartitionValue[] };
  }
  if (f.kind !== 'call' || f.args.length !== 2) return undefined;
  let op = f.fn.name;
  if (!(op in FLIPPED)) return undefined;
  let [l, r] = f.args as [BoundExpr, BoundExpr];
  if (l.kind === 'const' && r.kind === 'column') {
    [l, r] = [r, l];
    op = FLIPPED[op]!;
  }
  const k = keyOf(l, keys);
  if (!k) return undefined;
  const value = constOf(r, k.type);
  if (value === undefined) return undefined;
  switch (op) {
    case '$eq':
      return { op: 'eq', key: k.name, value };
    case '$lt':
      return { op: 'range', key: k.name, high: { value, inclusive: false } };
    case '$le':
      return { op: 'range', key: k.name, high: { value, inclusive: true } };
    case '$gt':
      return { op: 'range', key: k.name, low: { value, inclusive: false } };
    case '$ge':
      return { op: 'range', key: k.name, low: { value, inclusive: true } };
    default:
      return undefined;
  }
}

/** Splits AND trees into conjuncts. */
export function conjuncts(f: BoundExpr): BoundExpr[] {
  return f.kind === 'and' ? f.args.flatMap(conjuncts) : [f];
}

export function partitionFilterOf(filters: readonly BoundExpr[], keys: PartitionKeyMap): PartitionFilter {
  const constraints: KeyConstraint[] = [];
  for (const f of filters.flatMap(conjuncts)) {
    const c = constraintOf(f, keys);
    if (c) constraints.push(c);
  }
  return { constraints };
}
