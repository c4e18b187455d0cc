/**
 * The partition filter: a small, serialisable conjunction of per-key constraints that a scan
 * derives from its WHERE clause and hands to the catalog (`listPartitions`) or to partition
 * projection (`projectPartitions`). Anything the filter cannot express stays in the query's own
 * filter above the scan; the catalog only ever returns a superset of the matching partitions.
 *
 * Values are partition values in Hive text form (`'2024-01-31'`, `'42'`) or numbers. Comparison
 * follows the key's type: numeric key types compare as numbers, all others as text (which orders
 * ISO dates and zero-padded values correctly). Like SQL, `eq`/`in`/`range` never match a NULL
 * (`__HIVE_DEFAULT_PARTITION__`) partition; only `isNull` does.
 */
import { AegisError } from '../errors.js';
import { isNumeric, type SqlType } from '../types/sql-type.js';

export type PartitionValue = string | number;

export interface RangeBound {
  readonly value: PartitionValue;
  readonly inclusive: boolean;
}

export type KeyConstraint =
  | { readonly op: 'eq'; readonly key: string; readonly value: PartitionValue }
  | { readonly op: 'in'; readonly key: string; readonly values: readonly PartitionValue[] }
  | { readonly op: 'range'; readonly key: string; readonly low?: RangeBound; readonly high?: RangeBound }
  | { readonly op: 'isNull'; readonly key: string }
  | { readonly op: 'isNotNull'; readonly key: string };

/** All constraints must hold (AND). An empty list matches every partition. */
export interface PartitionFilter {
  readonly constraints: readonly KeyConstraint[];
}

/** A partition key as the filter sees it. */
export interface FilterKey {
  readonly name: string;
  readonly type: SqlType;
}

/** Whether a key of this type is compared numerically (and stored with a numeric shadow). */
export function comparesNumerically(type: SqlType): boolean {
  return isNumeric(type);
}

/**
 * The numeric value of a partition value for a numeric key, or undefined when the text is not
 * a number (such a partition can never match a numeric constraint).
 */
export function numericValue(v: PartitionValue | null): number | undefined {
  if (v === null) return undefined;
  if (typeof v === 'number') return v;
  const s = v.trim();
  if (s === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** Index of the constrained key, or INVALID_ARGUMENT naming the unknown key. */
export function keyIndex(keys: readonly FilterKey[], key: string): number {
  const k = key.toLowerCase();
  const i = keys.findIndex((x) => x.name === k);
  if (i < 0) {
    throw new AegisError('INVALID_ARGUMENT', `Partition filter names '${key}', which is not a partition key (keys: ${keys.map((x) => x.name).join(', ')})`);
  }
  return i;
}

function cmp(type: SqlType, a: PartitionValue, b: PartitionValue): number | undefined {
  if (comparesNumerically(type)) {
    const x = numericValue(a);
    const y = numericValue(b);
    if (x === undefined || y === undefined) return undefined;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether one key's value satisfies one constraint (on that key). */
export function valueMatches(type: SqlType, value: string | null, c: KeyConstraint): boolean {
  switch (c.op) {
    case 'isNull':
      return value === null;
    case 'isNotNull':
      return value !== null;
    case 'eq':
      return value !== null && cmp(type, value, c.value) === 0;
    case 'in':
      return value !== null && c.values.some((v) => cmp(type, value, v) === 0);
    case 'range': {
      if (value === null) return false;
      if (c.low) {
        const r = cmp(type, value, c.low.value);
        if (r === undefined || r < 0 || (r === 0 && !c.low.inclusive)) return false;
      }
      if (c.high) {
        const r = cmp(type, value, c.high.value);
        if (r === undefined || r > 0 || (r === 0 && !c.high.inclusive)) return false;
      }
      return true;
    }
  }
}

/** Evaluates the filter over one partition's values (in key order). */
export function partitionMatches(keys: readonly FilterKey[], values: readonly (string | null)[], filter: PartitionFilter | undefined): boolean {
  if (!filter) return true;
  for (const c of filter.constraints) {
    const i = keyIndex(keys, c.key);
    if (!valueMatches(keys[i]!.type, values[i] ?? null, c)) return false;
  }
  return true;
}

/** The constraints on one key. */
export function constraintsOn(filter: PartitionFilter | undefined, key: string): KeyConstraint[] {
  if (!filter) return [];
  const k = key.toLowerCase();
  return filter.constraints.filter((c) => c.key.toLowerCase() === k);
}

/** One constraint as a condition on a `partition_values` row (`value` / `num` columns). */
export interface ConstraintSql {
  readonly keyIdx: number;
  readonly cond: string;
  readonly params: readonly unknown[];
}

/** Each constraint of the filter as a condition over the catalog's `partition_values` rows. */
export function constraintConditions(keys: readonly FilterKey[], filter: PartitionFilter | undefined): ConstraintSql[] {
  return (filter?.constraints ?? []).map((c) => {
    const keyIdx = keyIndex(keys, c.key);
    const numeric = comparesNumerically(keys[keyIdx]!.type);
    const col = numeric ? 'num' : 'value';
    const lit = (v: PartitionValue): unknown => {
      if (!numeric) return String(v);
      const n = numericValue(v);
      // A non-numeric literal against a numeric key matches nothing; NULL makes `=` false.
      return n === undefined ? null : n;
    };
    switch (c.op) {
      case 'isNull':
        return { keyIdx, cond: 'value IS NULL', params: [] };
      case 'isNotNull':
        return { keyIdx, cond: 'value IS NOT NULL', params: [] };
      case 'eq':
        return { keyIdx, cond: `${col} = ?`, params: [lit(c.value)] };
      case 'in':
        return c.values.length === 0
          ? { keyIdx, cond: '0', params: [] }
          : { keyIdx, cond: `${col} IN (${c.values.map(() => '?').join(',')})`, params: c.values.map(lit) };
      case 'range': {
        const conds: string[] = [`${col} IS NOT NULL`];
        const params: unknown[] = [];
        if (c.low) {
          conds.push(`${col} ${c.low.inclusive ? '>=' : '>'} ?`);
          params.push(lit(c.low.value));
        }
        if (c.high) {
          conds.push(`${col} ${c.high.inclusive ? '<=' : '<'} ?`);
          params.push(lit(c.high.value));
        }
        return { keyIdx, cond: conds.join(' AND '), params };
      }
    }
  });
}

/**
 * Compiles the filter to SQL over the catalog's `partition_values(table_id, part_id, key_idx,
 * value, num)` table, as a condition on `partitions p`. The `driver` constraint (index into the
 * filter's constraints; pick the most selective) becomes an indexed `p.id IN (SELECT part_id …)`;
 * the others are checked per candidate through the `(part_id, key_idx)` primary key, so the cost
 * follows the driver's matches rather than the least selective constraint's.
 */
export function filterToSql(
  keys: readonly FilterKey[],
  tableId: number,
  filter: PartitionFilter | undefined,
  driver = 0,
): { sql: string; params: unknown[] } {
  const conds = constraintConditions(keys, filter);
  if (conds.length === 0) return { sql: '1', params: [] };
  const d = conds[driver] ?? conds[0]!;
  const parts = [`p.id IN (SELECT part_id FROM partition_values WHERE table_id = ? AND key_idx = ? AND ${d.cond})`];
  const params: unknown[] = [tableId, d.keyIdx, ...d.params];
  for (const c of conds) {
    if (c === d) continue;
    parts.push(`EXISTS (SELECT 1 FROM partition_values v WHERE v.part_id = p.id AND v.key_idx = ? AND ${c.cond})`);
    params.push(c.keyIdx, ...c.params);
  }
  return { sql: parts.join(' AND '), params };
}
