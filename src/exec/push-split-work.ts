/**
 * Moves a Filter, and an Aggregate above it, into the splits of the Scan below them when the
 * scan's source runs split work (plan/table-source.ts `SplitWork`): each split filters its own
 * rows and aggregates them into partial states on its worker thread, and the coordinator only
 * merges the states (a final aggregation), as Trino's partial/final aggregation and DuckDB's
 * per-thread hash tables do.
 *
 * Only what gives the same answer moves: deterministic, portable expressions over the scan's
 * own columns (no correlated references, subqueries or lambdas), and aggregates whose partial
 * states merge exactly (count, sum, avg, min, max …; not DISTINCT, ORDER BY or the collecting
 * aggregates, which keep every row anyway).
 */
import type { AggregateCall, BoundExpr } from '../plan/bound-expr.js';
import { referencedColumns } from '../plan/expr-utils.js';
import type { AggregateNode, ScanNode } from '../plan/logical/plan-node.js';
import { aggregateToPortable, portableValue, toPortable, type PortableAggregate, type PortableExpr } from '../plan/portable-expr.js';
import type { SplitWork } from '../plan/table-source.js';
import type { ExecContext } from './exec-context.js';
import { vectorAggregatable } from './operators/vector-aggregate.js';
import { vectorExecution } from './vector/compile-vector.js';

/** Aggregates whose partial states merge to the single-pass answer (their states are plain data). */
const MERGEABLE = new Set([
  'count',
  'count_if',
  'sum',
  'avg',
  'min',
  'max',
  'min_by',
  'max_by',
  'arbitrary',
  'bool_and',
  'bool_or',
  'bitwise_and_agg',
  'bitwise_or_agg',
  'bitwise_xor_agg',
  'approx_distinct',
  'geometric_mean',
]);

let enabled = true;

/** Turns split work off or on (tests compare answers with and without it). */
export function setSplitWork(on: boolean): void {
  enabled = on;
}

/** Whether split work may be sent to this scan at all. */
function acceptsWork(scan: ScanNode, ctx: ExecContext): boolean {
  // Split work runs vector kernels; with vector execution off, everything stays row by row.
  return enabled && vectorExecution() && scan.source.runsSplitWork === true && scan.topN === undefined && scan.limit === undefined && ctx.params.every(portableValue);
}

function portableOver(e: BoundExpr, ids: ReadonlySet<number>): PortableExpr | undefined {
  for (const id of referencedColumns(e)) if (!ids.has(id)) return undefined;
  return toPortable(e);
}

function aggregateOver(a: AggregateCall, ids: ReadonlySet<number>): PortableAggregate | undefined {
  if (!MERGEABLE.has(a.fn.name)) return undefined;
  for (const x of [...a.args, ...(a.filter ? [a.filter] : [])]) for (const id of referencedColumns(x)) if (!ids.has(id)) return undefined;
  return aggregateToPortable(a);
}

function workOf(scan: ScanNode, ctx: ExecContext, filter: PortableExpr | undefined, aggregate?: SplitWork['aggregate']): SplitWork {
  return {
    columns: scan.columns,
    ...(filter ? { filter } : {}),
    ...(aggregate ? { aggregate } : {}),
    session: { timeZone: ctx.eval.sessionTimeZone, nowMs: ctx.eval.now.getTime() },
    params: ctx.params,
  };
}

/** The split work for `Filter(predicate) → scan`, or undefined when it stays on the coordinator. */
export function filterWork(scan: ScanNode, predicate: BoundExpr, ctx: ExecContext): SplitWork | undefined {
  if (!acceptsWork(scan, ctx)) return undefined;
  const filter = portableOver(predicate, new Set(scan.columns.map((c) => c.id)));
  return filter && workOf(scan, ctx, filter);
}

/** The split work for `Aggregate → [Filter(predicate) →] scan`, or undefined. */
export function aggregateWork(node: AggregateNode, scan: ScanNode, predicate: BoundExpr | undefined, ctx: ExecContext): SplitWork | undefined {
  if (!acceptsWork(scan, ctx) || !vectorAggregatable(node) || node.setIndexColumn) return undefined;
  const ids = new Set(scan.columns.map((c) => c.id));
  let filter: PortableExpr | undefined;
  if (predicate) {
    filter = portableOver(predicate, ids);
    if (!filter) return undefined;
  }
  const keys: PortableExpr[] = [];
  for (const k of node.keys) {
    const p = portableOver(k, ids);
    if (!p) return undefined;
    keys.push(p);
  }
  const aggregates: PortableAggregate[] = [];
  for (const a of node.aggregates) {
    const p = aggregateOver(a, ids);
    if (!p) return undefined;
    aggregates.push(p);
  }
  return workOf(scan, ctx, filter, { keys, aggregates });
}
