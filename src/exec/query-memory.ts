/**
 * The per-query memory budget (`--max-query-memory`), in the manner of DataFusion's memory pool:
 * operators that hold state (hash aggregation, join build sides, sort, window, DISTINCT and set
 * operations, the result buffer) take a {@link MemoryReservation} and grow it as their state
 * grows. A reservation that would pass the budget is refused: sort, hash aggregation and hash
 * join then spill to encrypted files (spill.ts); anything else fails with EXCEEDED_MEMORY_LIMIT
 * naming the operator.
 *
 * Sizes are estimates of what the state costs on the V8 heap (a JS array slot is 8 bytes, a
 * heap number 16, a string its length plus a header …). As a backstop against estimates that
 * run short, a reservation is also refused when the V8 heap itself is nearly full, so a query
 * stops with a typed error instead of the process dying in a heap abort.
 */
import { getHeapStatistics } from 'node:v8';
import { AegisError } from '../errors.js';
import type { Batch } from '../types/batch.js';
import type { Value } from '../types/value.js';
import type { SpillSpace } from './spill.js';

/** The default budget: this share of the V8 heap limit (`--max-old-space-size`). */
export const DEFAULT_QUERY_MEMORY_SHARE = 0.4;
/** A reservation is refused when the heap holds more than this share of its limit. */
const HEAP_FULL_SHARE = 0.85;
/** Reservations between two looks at the heap. */
const HEAP_CHECK_EVERY = 8 * 1024 * 1024;

export function defaultQueryMemory(): number {
  return Math.floor(getHeapStatistics().heap_size_limit * DEFAULT_QUERY_MEMORY_SHARE);
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** Whether the V8 heap holds more than the share of its limit past which reservations fail. */
export function heapNearlyFull(): boolean {
  const h = getHeapStatistics();
  return h.used_heap_size > HEAP_FULL_SHARE * h.heap_size_limit;
}

/** One query's budget, shared by all its operators (subqueries included). */
export class QueryMemory {
  private used = 0;
  private sinceHeapCheck = 0;
  /** The most the query held at once. */
  peak = 0;

  constructor(
    readonly limit: number,
    /** Where spilling operators write; without one, nothing spills. */
    readonly spill?: SpillSpace,
  ) {}

  get reserved(): number {
    return this.used;
  }

  /** A new, empty reservation for `operator` (named in errors). */
  reservation(operator: string): MemoryReservation {
    return new MemoryReservation(this, operator);
  }

  /** @internal */ tryGrow(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.sinceHeapCheck += bytes;
    if (this.sinceHeapCheck >= HEAP_CHECK_EVERY) {
      this.sinceHeapCheck = 0;
      const h = getHeapStatistics();
      if (h.used_heap_size > HEAP_FULL_SHARE * h.heap_size_limit) return false;
    }
    this.used += bytes;
    if (this.used > this.peak) this.peak = this.used;
    return true;
  }

  /** @internal */ force(bytes: number): void {
    this.used += bytes;
    if (this.used > this.peak) this.peak = this.used;
  }

  /** @internal */ shrink(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  /** The EXCEEDED_MEMORY_LIMIT error for `operator`, holding `held` bytes. */
  exceeded(operator: string, held: number): AegisError {
    const heap = getHeapStatistics();
    const heapFull = heap.used_heap_size > HEAP_FULL_SHARE * heap.heap_size_limit;
    const why = heapFull && this.used < this.limit
      ? `the process heap is nearly full (${formatBytes(heap.used_heap_size)} of ${formatBytes(heap.heap_size_limit)})`
      : `the query's memory limit of ${formatBytes(this.limit)}`;
    return new AegisError(
      'EXCEEDED_MEMORY_LIMIT',
      `Query exceeded ${why} in ${operator} (holding ${formatBytes(held)}). ` +
        `Raise --max-query-memory (AEGIS_MAX_QUERY_MEMORY) or the heap (NODE_OPTIONS=--max-old-space-size), or narrow the query.`,
      { operator, limit: this.limit, held },
    );
  }
}

/** Memory one operator holds against its query's budget. */
export class MemoryReservation {
  private held = 0;

  constructor(
    private readonly pool: QueryMemory,
    readonly operator: string,
  ) {}

  get size(): number {
    return this.held;
  }

  /** Whether its query may spill. */
  get canSpill(): boolean {
    return this.pool.spill !== undefined;
  }

  get spill(): SpillSpace {
    if (!this.pool.spill) throw this.pool.exceeded(this.operator, this.held);
    return this.pool.spill;
  }

  /** Grows by `bytes`, or returns false (nothing reserved) when that would pass the budget. */
  tryGrow(bytes: number): boolean {
    if (!this.pool.tryGrow(bytes)) return false;
    this.held += bytes;
    return true;
  }

  /** Grows by `bytes`, or fails with EXCEEDED_MEMORY_LIMIT naming the operator. */
  grow(bytes: number): void {
    if (!this.tryGrow(bytes)) throw this.pool.exceeded(this.operator, this.held + bytes);
  }

  /**
   * Whether state forced past the budget (see {@link forceGrow}) has gone too far: a quarter of
   * the budget again, or a nearly full heap. The operator must then stop with {@link exceeded}.
   */
  get overdrawn(): boolean {
    return this.pool.reserved > this.pool.limit * 1.25 || heapNearlyFull();
  }

  /**
   * Counts `bytes` the operator already holds even past the budget (state built before the
   * check, e.g. one batch's new groups); it then stops growing and spills.
   */
  forceGrow(bytes: number): void {
    this.pool.force(bytes);
    this.held += bytes;
  }

  /**
   * Grows by `bytes` and returns false, or — past the budget, for an operator that spills — counts
   * them anyway (the state is built) and returns true: from now on the operator holds nothing new
   * and spills. EXCEEDED_MEMORY_LIMIT when it cannot spill (`canSpillMore` false, no spill space)
   * or, `spilling` already, the held state has gone too far ({@link overdrawn}).
   */
  growOrSpill(bytes: number, spilling: boolean, canSpillMore: boolean): boolean {
    if (this.tryGrow(bytes)) return false;
    if (!this.canSpill || !canSpillMore || (spilling && this.overdrawn)) throw this.exceeded(bytes);
    this.forceGrow(bytes);
    return true;
  }

  shrink(bytes: number): void {
    const b = Math.min(bytes, this.held);
    this.held -= b;
    this.pool.shrink(b);
  }

  /** Releases everything it holds. */
  free(): void {
    this.shrink(this.held);
  }

  /** The error for a state that cannot spill. */
  exceeded(extra = 0): AegisError {
    return this.pool.exceeded(this.operator, this.held + extra);
  }
}

/**
 * Aggregates whose state keeps (a share of) every input — its size grows with the group's rows,
 * so each added row counts against the budget.
 */
export const COLLECTING_AGGREGATES: ReadonlySet<string> = new Set([
  'array_agg', 'map_agg', 'multimap_agg', 'set_agg', 'histogram', 'listagg', 'approx_percentile', 'map_union', 'set_union',
]);

// --- Size estimates of runtime values on the V8 heap -------------------------------------------

/** Bytes one value costs when held in a JS array (its slot included). */
export function valueBytes(v: Value): number {
  if (v === null) return 8;
  switch (typeof v) {
    case 'function':
      return 64;
    case 'boolean':
      return 8;
    case 'number':
      // Small integers live in the slot; other numbers are boxed.
      return (v | 0) === v ? 8 : 24;
    case 'bigint':
      return 40;
    case 'string':
      return 32 + v.length;
    default:
      break;
  }
  if (v instanceof Uint8Array) return 120 + v.byteLength;
  if (Array.isArray(v)) {
    let s = 40;
    for (let i = 0; i < v.length; i++) s += valueBytes(v[i]!);
    return s;
  }
  if ('micros' in v) return 72;
  // A map; anything else (a lambda argument) counts as a small object.
  if (!('keys' in v) || !Array.isArray(v.keys)) return 64;
  let s = 80;
  for (let i = 0; i < v.keys.length; i++) s += valueBytes(v.keys[i]!) + valueBytes(v.values[i]!);
  return s;
}

/** Rows sampled per column when estimating a batch. */
const SAMPLE = 32;

/** Bytes the rows of `b` cost once held as plain values (column-major arrays of values). */
export function batchBytes(b: Batch): number {
  const n = b.length;
  if (n === 0) return 0;
  let total = 0;
  for (const c of b.columns) {
    switch (c.kind) {
      case 'i32':
      case 'bool':
        total += 8 * n;
        break;
      case 'f64':
        total += 24 * n;
        break;
      case 'i64':
        total += 40 * n;
        break;
      case 'values': {
        if (n <= SAMPLE) {
          for (let i = 0; i < n; i++) total += valueBytes(c.data[i] ?? null);
          break;
        }
        // Dictionary-encoded strings share their values: count each distinct value once.
        if (c.dict) {
          let dict = 0;
          for (const v of c.dict.values) dict += valueBytes(v);
          total += 8 * n + Math.min(dict, valuesSample(c.data, n));
          break;
        }
        total += valuesSample(c.data, n);
        break;
      }
    }
  }
  return total;
}

function valuesSample(data: readonly Value[], n: number): number {
  const step = n / SAMPLE;
  let s = 0;
  for (let k = 0; k < SAMPLE; k++) s += valueBytes(data[Math.floor(k * step)] ?? null);
  return Math.ceil((s / SAMPLE) * n);
}

/** Bytes a row-major array of rows costs (the row arrays included). */
export function rowsBytes(rows: readonly Value[][]): number {
  const n = rows.length;
  if (n === 0) return 0;
  if (n <= SAMPLE) return rows.reduce((a, r) => a + tupleBytes(r), 0);
  const step = n / SAMPLE;
  let s = 0;
  for (let k = 0; k < SAMPLE; k++) s += tupleBytes(rows[Math.floor(k * step)]!);
  return Math.ceil((s / SAMPLE) * n);
}

/** Bytes of one key tuple or row (array header plus values). */
export function tupleBytes(values: readonly Value[]): number {
  let s = 48;
  for (let j = 0; j < values.length; j++) s += valueBytes(values[j]!);
  return s;
}

/** A reservation in the query's budget, or in an unbounded one when the caller set none. */
export function reservationOf(memory: QueryMemory | undefined, operator: string): MemoryReservation {
  return (memory ?? new QueryMemory(Infinity)).reservation(operator);
}
