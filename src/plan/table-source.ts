/**
 * The scan boundary between the planner and whatever stores a table's rows (memory, objects on
 * S3 in CSV/Parquet/JSON, …). Modeled on DataFusion's `TableProvider::scan(projection, filters,
 * limit)`:
 *
 * 1. The optimizer offers each conjunct of a filter over the scan to {@link TableSource.supportsFilter}.
 *    `exact`: the source guarantees only matching rows come out, the filter is removed above;
 *    `inexact`: the source may use it to skip data (partition or statistics pruning) but the
 *    filter stays above the scan; `unsupported`: not pushed.
 * 2. At run time the coordinator calls {@link TableSource.planSplits} once with the
 *    {@link ScanRequest}; each {@link Split} is plain structured-clone-safe data, so a worker thread
 *    can receive it and run it through the {@link SplitRunner} registered for its `kind`.
 *
 * Column references inside pushed filters use the table's column ordinal as `id`.
 *
 * The contract lives beside the plan that consumes it (Scan nodes hold a `TableSource`), so
 * `exec` and the sources (`scan/`, the in-memory tables) depend on `plan`, never the reverse.
 */
import { AegisError } from '../errors.js';
import type { EvalContext } from '../functions/registry.js';
import type { BoundExpr, PlanColumn } from './bound-expr.js';
import type { PortableAggregate, PortableExpr } from './portable-expr.js';
import type { Value } from '../types/value.js';
import type { ScanNode } from './logical/plan-node.js';
import type { Batch } from '../types/batch.js';
import type { SqlType } from '../types/sql-type.js';

export type FilterSupport = 'exact' | 'inexact' | 'unsupported';

/**
 * The first `limit` rows by `keys` (positions in the scan's output) are all that is needed of
 * the scan: a split may return only its own first `limit` — ties in its row order — and the
 * TopN above still picks the same rows.
 */
export interface ScanTopN {
  readonly keys: readonly { readonly column: number; readonly ascending: boolean; readonly nullsFirst: boolean }[];
  readonly limit: number;
}

export interface ScanRequest {
  /** Ordinals of the table columns to produce, in output order. */
  readonly columns: number[];
  /**
   * Filters the source answered `exact` or `inexact` for (column ids = table ordinals). They may
   * reference columns that are not in `columns` (an exact filter's column is often needed by
   * nothing above the scan).
   */
  readonly filters: BoundExpr[];
  /** At most this many rows are needed (only set when no filter remains above the scan). */
  readonly limit?: number;
  /** Only the first rows by these keys are needed (a TopN right above the scan). */
  readonly topN?: ScanTopN;
  /** Work each split does on its rows before they leave it (see {@link SplitWork}). */
  readonly work?: SplitWork;
}

/**
 * A filter and/or a partial aggregation a split applies to its own rows, on its worker thread,
 * when the source {@link TableSource.runsSplitWork}. Plain data: expressions are portable
 * (portable-expr.ts) and reference the scan's output columns by their plan column ids.
 *
 * With `aggregate`, a split's batches are partial aggregation states: the key columns, then each
 * aggregate's state columns, to be merged by a final aggregation.
 */
export interface SplitWork {
  /** The scan's output columns (plan column ids and types), in output order. */
  readonly columns: readonly PlanColumn[];
  /** Only rows where this is TRUE leave the split. */
  readonly filter?: PortableExpr;
  readonly aggregate?: { readonly keys: readonly PortableExpr[]; readonly aggregates: readonly PortableAggregate[] };
  /** The session the expressions run in. */
  readonly session: { readonly timeZone: string; readonly nowMs: number };
  /** Values of the statement's `?` parameters. */
  readonly params: readonly Value[];
}

/** The request a planned Scan node makes of its source (EXPLAIN shows what the executor asks). */
export function scanRequestOf(node: ScanNode): ScanRequest {
  const req: { columns: number[]; filters: ScanNode['pushedFilters']; limit?: number; topN?: ScanTopN } = {
    columns: node.ordinals,
    filters: node.pushedFilters,
  };
  if (node.limit !== undefined) req.limit = node.limit;
  if (node.topN !== undefined) {
    const keys = node.topN.keys.map((k) => ({ column: node.columns.findIndex((c) => c.id === k.id), ascending: k.ascending, nullsFirst: k.nullsFirst }));
    // A key column no longer produced (never expected): no split-level TopN.
    if (keys.every((k) => k.column >= 0)) req.topN = { keys, limit: node.topN.limit };
  }
  return req;
}

/** Per-query context a scan receives. */
export interface ScanContext {
  readonly eval: EvalContext;
  /** Aborted when the query is cancelled or fails elsewhere. */
  readonly signal?: AbortSignal;
  /** Counters the scan adds to (bytes read, objects, row groups skipped …). */
  readonly stats: ScanStats;
  /** With {@link ScanRequest.work}: told each split's rows read and rows its filter kept. */
  readonly splitWorkRows?: (read: number, kept: number) => void;
}

export interface ScanStats {
  bytesScanned: number;
  splitsRun: number;
  rowsRead: number;
  [counter: string]: number;
}

/** A unit of scan work: plain serializable data; `kind` selects its {@link SplitRunner}. */
export type Split = { readonly kind: string; readonly [k: string]: unknown };

/** Runs one split: yields batches whose columns are `req.columns` in order. */
export type SplitRunner = (split: Split, req: ScanRequest, ctx: ScanContext) => AsyncIterable<Batch>;

export interface TableSource {
  /** The table's columns, in ordinal order. */
  readonly columns: readonly { name: string; type: SqlType; hidden?: boolean }[];
  /** How far the source can apply a filter conjunct (see module doc). */
  supportsFilter(f: BoundExpr): FilterSupport;
  /** Lists the work for one scan, in a stable order. */
  planSplits(req: ScanRequest, ctx: ScanContext): Promise<Split[]>;
  /** A one-line note for EXPLAIN, e.g. `partitions: 3/10 pruned`. */
  explain?(req: ScanRequest): string;
  /** The source's splits apply {@link ScanRequest.work} (it is ignored otherwise: do not send it). */
  readonly runsSplitWork?: boolean;
}

const runners = new Map<string, SplitRunner>();

/** Registers the runner for a split kind (done at module load by each source implementation). */
export function registerSplitRunner(kind: string, runner: SplitRunner): void {
  runners.set(kind, runner);
}

/** Runs a split with the runner registered for its kind. */
export function runSplit(split: Split, req: ScanRequest, ctx: ScanContext): AsyncIterable<Batch> {
  const r = runners.get(split.kind);
  if (!r) throw new AegisError('INTERNAL_ERROR', `No split runner registered for split kind '${split.kind}'`);
  return r(split, req, ctx);
}
