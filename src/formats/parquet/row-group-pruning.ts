/**
 * Row-group pruning from Parquet column-chunk statistics (min/max/null_count). A row group is
 * skipped only when the statistics prove no row can satisfy some predicate; anything unknown
 * (missing statistics, nested columns, NaN, unsupported types) keeps it.
 *
 * Comparisons are exact where it matters: integers as bigint, strings bytewise on UTF-8 (Parquet's
 * order for BYTE_ARRAY), decimals as unscaled integers. Where hyparquet hands statistics over as
 * doubles (INT64 / fixed-length decimals, nanosecond timestamps) the bounds are widened outward
 * so rounding can only keep more, never skip wrongly.
 */
import { type ColumnChunk, type FileMetaData, type SchemaElement, parquetSchema } from 'hyparquet';
import type { SqlType } from '../../types/sql-type.js';
import type { ColumnPredicate, Literal } from '../predicate.js';

export interface PruneResult {
  /** Row-group indexes to read, ascending. */
  readonly kept: number[];
  /** Row-group indexes proven empty for the predicates. */
  readonly skipped: number[];
  readonly keptRows: number;
  readonly skippedRows: number;
}

type Comparable = bigint | number | boolean | Uint8Array;

/** Lower bound of the chunk's minimum, upper bound of its maximum, and whether both are exact. */
interface Bounds {
  readonly lo: Comparable;
  readonly hi: Comparable;
  readonly exact: boolean;
}

function cmpBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Three-way comparison of two values of the same domain. */
function cmp(a: Comparable, b: Comparable): number {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return cmpBytes(a, b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  // Mixed bigint/number: compare exactly when the number is integral, else as doubles.
  const x = typeof a === 'number' && Number.isInteger(a) && typeof b === 'bigint' ? BigInt(a) : a;
  const y = typeof b === 'number' && Number.isInteger(b) && typeof a === 'bigint' ? BigInt(b) : b;
  if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
  const nx = Number(x), ny = Number(y);
  return nx < ny ? -1 : nx > ny ? 1 : 0;
}

/** Big-endian two's-complement bytes → bigint (BYTE_ARRAY / FIXED decimal statistics). */
function beBigint(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return b.length && b[0]! & 0x80 ? v - (1n << BigInt(8 * b.length)) : v;
}

/** A statistic as an interval `[lo, hi]` in the comparison domain of `type` (undefined = unknown). */
export function statBounds(stat: unknown, el: SchemaElement, type: SqlType, fileScale: number): [Comparable, Comparable, boolean] | undefined {
  if (stat === undefined || stat === null) return undefined;
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      if (typeof stat === 'bigint') return [stat, stat, true];
      if (typeof stat === 'number' && Number.isInteger(stat)) return [BigInt(stat), BigInt(stat), true];
      return undefined;
    case 'real':
    case 'double':
    case 'date':
      if (typeof stat === 'number' && !Number.isNaN(stat)) return [stat, stat, true];
      if (typeof stat === 'bigint') return [stat, stat, true];
      return undefined;
    case 'timestamp': {
      // timestamp(7..9) values are { micros, nanos }: no numeric bounds for them.
      if (typeof stat !== 'number' || Number.isNaN(stat) || type.precision > 6) return undefined;
      // Nanosecond statistics are fractional micros (values floor on read), and values are
      // rounded to the table precision on read: widen by that much.
      const half = type.precision >= 6 ? 0 : 10 ** (6 - type.precision) / 2;
      return [Math.floor(stat) - half, Math.ceil(stat) + half, half === 0 && Number.isInteger(stat)];
    }
    case 'boolean':
      return typeof stat === 'boolean' ? [stat, stat, true] : undefined;
    case 'varchar':
      return stat instanceof Uint8Array && el.type === 'BYTE_ARRAY' ? [stat, stat, true] : undefined;
    case 'decimal': {
      const up = 10n ** BigInt(Math.max(0, type.scale - fileScale));
      if (stat instanceof Uint8Array) {
        const v = beBigint(stat) * up;
        return [v, v, true];
      }
      if (typeof stat === 'bigint') return [stat * up, stat * up, true];
      if (typeof stat !== 'number' || !Number.isFinite(stat)) return undefined;
      // hyparquet divided by 10^scale in floating point: widen outward by a relative epsilon.
      const x = stat * 10 ** fileScale;
      // Below 2^50 the relative error is far under 0.5, so rounding recovers the exact value.
      if (Math.abs(x) < 2 ** 50) {
        const v = BigInt(Math.round(x)) * up;
        return [v, v, true];
      }
      const slack = Math.abs(x) * 1e-12 + 1;
      return [BigInt(Math.floor(x - slack)) * up, BigInt(Math.ceil(x + slack)) * up, false];
    }
    default:
      return undefined;
  }
}

function literalOf(v: Literal, type: SqlType, fileScale: number): Comparable | undefined {
  if (type.kind === 'varchar') return typeof v === 'string' ? Buffer.from(v, 'utf8') : undefined;
  if (type.kind === 'decimal') {
    if (typeof v !== 'bigint') return undefined;
    // Statistics were brought to the table scale unless the file's is larger.
    return fileScale > type.scale ? v * 10n ** BigInt(fileScale - type.scale) : v;
  }
  if (typeof v === 'string') return undefined;
  if (typeof v === 'number' && Number.isNaN(v)) return undefined;
  return v;
}

/** Can the predicate be true for some row of a chunk with these statistics? */
function mayMatch(p: ColumnPredicate, chunk: ColumnChunk, el: SchemaElement, rows: number): boolean {
  const st = chunk.meta_data?.statistics;
  if (!st) return true;
  const nulls = st.null_count === undefined ? undefined : Number(st.null_count);
  if (p.op === 'isNull') return nulls === undefined || nulls > 0;
  const allNull = nulls !== undefined && nulls >= rows;
  if (p.op === 'isNotNull') return !allNull;
  if (allNull) return false;
  const fileScale = el.scale ?? 0;
  const byteArray = el.type === 'BYTE_ARRAY' || el.type === 'FIXED_LEN_BYTE_ARRAY';
  // The deprecated min/max of byte arrays used signed byte order: only trust min_value/max_value.
  const minStat = st.min_value ?? (byteArray ? undefined : st.min);
  const maxStat = st.max_value ?? (byteArray ? undefined : st.max);
  const mn = statBounds(minStat, el, p.type, fileScale);
  const mx = statBounds(maxStat, el, p.type, fileScale);
  if (!mn || !mx) return true;
  const b: Bounds = {
    lo: mn[0],
    hi: mx[1],
    exact: mn[2] && mx[2] && st.is_min_value_exact !== false && st.is_max_value_exact !== false,
  };
  const inRange = (v: Literal): boolean => {
    const l = literalOf(v, p.type, fileScale);
    return l === undefined || (cmp(l, b.lo) >= 0 && cmp(l, b.hi) <= 0);
  };
  const test = (v: Literal, f: (l: Comparable) => boolean): boolean => {
    const l = literalOf(v, p.type, fileScale);
    return l === undefined || f(l);
  };
  switch (p.op) {
    case 'eq':
      return inRange(p.value);
    case 'ne':
      return test(p.value, (l) => !(b.exact && cmp(b.lo, l) === 0 && cmp(b.hi, l) === 0));
    case 'lt':
      return test(p.value, (l) => cmp(b.lo, l) < 0);
    case 'le':
      return test(p.value, (l) => cmp(b.lo, l) <= 0);
    case 'gt':
      return test(p.value, (l) => cmp(b.hi, l) > 0);
    case 'ge':
      return test(p.value, (l) => cmp(b.hi, l) >= 0);
    case 'in':
      return p.values.some(inRange);
    case 'between':
      return test(p.low, (lo) => cmp(b.hi, lo) >= 0) && test(p.high, (hi) => cmp(b.lo, hi) <= 0);
    default:
      return true;
  }
}

/**
 * Which row groups may hold rows satisfying all `predicates` (columns matched by top-level name,
 * case-insensitively). Predicates on columns the file lacks never prune (the column reads as NULL,
 * which the filter above the scan handles).
 */
export function pruneRowGroups(md: FileMetaData, predicates: readonly ColumnPredicate[]): PruneResult {
  const tree = parquetSchema(md);
  const elements = new Map<string, { el: SchemaElement; leaf: boolean }>();
  for (const c of tree.children) {
    const key = c.element.name.toLowerCase();
    if (!elements.has(key)) elements.set(key, { el: c.element, leaf: c.children.length === 0 });
  }
  const kept: number[] = [], skipped: number[] = [];
  let keptRows = 0, skippedRows = 0;
  md.row_groups.forEach((g, i) => {
    const rows = Number(g.num_rows);
    const keep = predicates.every((p) => {
      const e = elements.get(p.column.toLowerCase());
      if (!e || !e.leaf) return true;
      const chunk = g.columns.find((c) => {
        const path = c.meta_data?.path_in_schema;
        return path?.length === 1 && path[0]!.toLowerCase() === p.column.toLowerCase();
      });
      return !chunk || mayMatch(p, chunk, e.el, rows);
    });
    if (keep) {
      kept.push(i);
      keptRows += rows;
    } else {
      skipped.push(i);
      skippedRows += rows;
    }
  });
  return { kept, skipped, keptRows, skippedRows };
}
