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

/**
 * Compiles the filter to SQL over the catalog's `partition_values(table_id, part_id, key_idx,
 * value, num)` table: one indexed `IN (SELECT part_id …)` per constraint, ANDed. Returns the
 * condition on `p.id` and its parameters.
 */
export function filterToSql(keys: readonly FilterKey[], tableId: number, filter: PartitionFilter | undefined): { sql: string; params: unknown[] } {
  if (!filter || filter.constraints.length === 0) return { sql: '1', params: [] };
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const c of filter.constraints) {
    const i = keyIndex(keys, c.key);
    const numeric = comparesNumerically(keys[i]!.type);
    const col = numeric ? 'num' : 'value';
    const lit = (v: PartitionValue): unknown => {
      if (!numeric) return String(v);
      const n = numericValue(v);
      // A non-numeric literal against a numeric key matches nothing; NULL makes `=` false.
      return n === undefined ? null : n;
    };
    let cond: string;
    switch (c.op) {
      case 'isNull':
        cond = 'value IS NULL';
        break;
      case 'isNotNull':
        cond = 'value IS NOT NULL';
        break;
      case 'eq':
        cond = `${col} = ?`;
        params.push(lit(c.value));
        break;
      case 'in':
        if (c.values.length === 0) {
          cond = '0';
        } else {
          cond = `${col} IN (${c.values.map(() => '?').join(',')})`;
          params.push(...c.values.map(lit));
        }
        break;
      case 'range': {
        const conds: string[] = [`${col} IS NOT NULL`];
        if (c.low) {
          conds.push(`${col} ${c.low.inclusive ? '>=' : '>'} ?`);
          params.push(lit(c.low.value));
        }
        if (c.high) {
          conds.push(`${col} ${c.high.inclusive ? '<=' : '<'} ?`);
          params.push(lit(c.high.value));
        }
        cond = conds.join(' AND ');
        break;
      }
    }
    // Parameters of the subquery's own prefix go first: rebuild the list in SQL order.
    const own = params.splice(params.length - countPlaceholders(cond));
    parts.push(`p.id IN (SELECT part_id FROM partition_values WHERE table_id = ? AND key_idx = ? AND ${cond})`);
    params.push(tableId, i, ...own);
  }
  return { sql: parts.join(' AND '), params };
}

function countPlaceholders(sql: string): number {
  let n = 0;
  for (const ch of sql) if (ch === '?') n++;
  return n;
}
