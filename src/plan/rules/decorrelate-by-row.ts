/**
 * Decorrelation by row: the general rewrite for a correlated scalar subquery or EXISTS that the
 * key-based rewrites of subquery-to-join.ts cannot take (a correlation that is not an equality,
 * or a nested subquery that reads outer columns no equality stands in for). As Trino's
 * AssignUniqueId + LEFT JOIN + aggregation:
 *
 *   left  →  Window[row_number() AS $row](left)                       (one id per outer row)
 *         →  LEFT JOIN (the subquery's FROM with its correlated conjuncts pulled out)
 *              ON the correlated equalities AND the other correlated conjuncts
 *         →  Project[+ $keep := $matched IS NOT NULL AND <conjuncts with nested subqueries>]
 *         →  Aggregate[key $row; arbitrary(c) for every left column c (unused ones are pruned);
 *                      the subquery's aggregates, each FILTER (WHERE $keep)]
 *
 * An outer row with no qualifying inner row still forms its group, so count(*) is 0 and sum NULL
 * exactly as the subquery over no rows; EXISTS is `count(*) FILTER ($keep) > 0`; a scalar
 * subquery without aggregation is `arbitrary(value)`, an error when `count(*)` passes 1. Nested
 * subqueries now read only columns of the join and are decorrelated by the next passes (a nested
 * `x IN (q)` conjunct becomes `EXISTS (q WHERE col = x)`, equal where only TRUE counts), so no
 * subquery is run once per outer row.
 */
import { resolveScalar, resolveWindowFunction, resolveAggregate } from '../../functions/registry.js';
import type { AggregateCall, BoundExpr, ColumnExpr, PlanColumn, SubqueryExpr } from '../bound-expr.js';
import { andAll, columnRef, referencedColumns, replaceExpr } from '../expr-utils.js';
import type { AggregateNode, JoinNode, LogicalPlan, WindowNode } from '../logical/plan-node.js';
import type { RuleContext } from './rule.js';
import { decorrelate } from './subquery-to-join.js';

const BOOLEAN = { kind: 'boolean' } as const;
const BIGINT = { kind: 'bigint' } as const;

/** The rewrite of one subquery: the new input, the expression replacing the subquery, and new ids of the left columns. */
export interface RowJoin {
  input: LogicalPlan;
  value: BoundExpr;
  /** Left column id → the column carrying it above the aggregation. */
  subst: Map<number, ColumnExpr>;
}

/**
 * Rewrites `s` (scalar over a global aggregate, or EXISTS) evaluated over `left`, whose
 * correlated column ids are `outer`; undefined when the subquery has another shape.
 */
export function rowJoin(s: SubqueryExpr, left: LogicalPlan, outer: Set<number>, ctx: RuleContext): RowJoin | undefined {
  if (outer.size === 0 || (s.mode !== 'scalar' && s.mode !== 'exists')) return undefined;
  let top: BoundExpr | undefined;
  let agg: AggregateNode | undefined;
  let from: LogicalPlan = s.plan;
  // A scalar subquery without aggregation: its one value, checked to come from at most one row.
  let single: PlanColumn | undefined;
  if (s.mode === 'scalar') {
    let p = s.plan;
    if (p.kind === 'project' && p.exprs.length === 1) {
      top = p.exprs[0]!;
      p = p.input;
    }
    if (p.kind !== 'aggregate') {
      if (s.plan.columns.length !== 1) return undefined;
      single = s.plan.columns[0]!;
      top = undefined;
    } else if (p.keys.length > 0 || p.groupingSets || p.setIndexColumn) return undefined;
    else {
      agg = p;
      from = p.input;
    }
    const reads = (e: BoundExpr | undefined): boolean => !!e && [...referencedColumns(e)].some((id) => outer.has(id));
    if (agg && (reads(top) || agg.aggregates.some((c) => c.args.some(reads) || reads(c.filter) || c.orderBy?.some((k) => reads(k.expr))))) return undefined;
  }
  const deferred: BoundExpr[] = [];
  const d = decorrelate(from, outer, deferred);
  if (!d) return undefined;

  // One id per outer row.
  const rowId: PlanColumn = { id: ctx.newColumnId(), name: '$row', type: BIGINT };
  const numbered: WindowNode = {
    kind: 'window',
    input: left,
    columns: [...left.columns, rowId],
    partitionBy: [],
    orderBy: [],
    calls: [{
      column: rowId,
      frame: { mode: 'rows', start: { type: 'unbounded_preceding' }, end: { type: 'unbounded_following' } },
      window: { fn: resolveWindowFunction('row_number', []), args: [], ignoreNulls: false },
    }],
  };
  const matched: PlanColumn = { id: ctx.newColumnId(), name: '$matched', type: BOOLEAN };
  const right: LogicalPlan = {
    kind: 'project',
    input: d.plan,
    columns: [...d.plan.columns, matched],
    exprs: [...d.plan.columns.map((c) => columnRef(c) as BoundExpr), { kind: 'const', type: BOOLEAN, value: true }],
  };
  const residual = andAll(d.residual);
  const join: JoinNode = {
    kind: 'join',
    joinType: 'left',
    left: numbered,
    right,
    columns: [...numbered.columns, ...right.columns],
    equi: d.equi.map((k) => ({ left: k.outer, right: k.inner })),
    ...(residual ? { residual } : {}),
  };
  const keep: PlanColumn = { id: ctx.newColumnId(), name: '$keep', type: BOOLEAN };
  const isMatched: BoundExpr = { kind: 'is_null', type: BOOLEAN, arg: columnRef(matched), negated: true };
  const kept: LogicalPlan = {
    kind: 'project',
    input: join,
    columns: [...join.columns, keep],
    exprs: [...join.columns.map((c) => columnRef(c) as BoundExpr), andAll([isMatched, ...deferred.map(inAsExists)])!],
  };

  // Group per outer row; the left columns come back under new ids (arbitrary: one outer row each).
  const rowKey: PlanColumn = { id: ctx.newColumnId(), name: rowId.name, type: rowId.type };
  const leftCols = left.columns.map((c) => ({ id: ctx.newColumnId(), name: c.name, type: c.type }));
  const carried: AggregateCall[] = left.columns.map((c) => ({ fn: resolveAggregate('arbitrary', [c.type]), args: [columnRef(c)], distinct: false }));
  const onlyKept = (c: AggregateCall): AggregateCall => ({
    ...c,
    filter: c.filter ? andAll([columnRef(keep), c.filter])! : columnRef(keep),
  });
  let aggregates: AggregateCall[];
  let aggColumns: PlanColumn[];
  let value: BoundExpr;
  if (agg) {
    aggregates = agg.aggregates.map(onlyKept);
    aggColumns = agg.columns;
    value = top ?? columnRef(agg.columns[0]!);
  } else if (single) {
    const any: PlanColumn = { id: ctx.newColumnId(), name: single.name, type: single.type };
    const count: PlanColumn = { id: ctx.newColumnId(), name: '$count', type: BIGINT };
    aggregates = [
      onlyKept({ fn: resolveAggregate('arbitrary', [single.type]), args: [columnRef(single)], distinct: false }),
      onlyKept({ fn: resolveAggregate('count', []), args: [], distinct: false }),
    ];
    aggColumns = [any, count];
    const one = resolveScalar('$single_value', [BIGINT, single.type]);
    value = { kind: 'call', type: single.type, fn: one, args: [columnRef(count), columnRef(any)] } as BoundExpr;
  } else {
    const count: PlanColumn = { id: ctx.newColumnId(), name: '$count', type: BIGINT };
    aggregates = [onlyKept({ fn: resolveAggregate('count', []), args: [], distinct: false })];
    aggColumns = [count];
    const gt = resolveScalar('$gt', [BIGINT, BIGINT]);
    value = { kind: 'call', type: BOOLEAN, fn: gt, args: [columnRef(count), { kind: 'const', type: BIGINT, value: 0n }] } as BoundExpr;
  }
  const grouped: AggregateNode = {
    kind: 'aggregate',
    input: kept,
    columns: [rowKey, ...leftCols, ...aggColumns],
    keys: [columnRef(rowId)],
    aggregates: [...carried, ...aggregates],
  };
  const subst = new Map<number, ColumnExpr>();
  left.columns.forEach((c, i) => subst.set(c.id, columnRef(leftCols[i]!)));
  return { input: grouped, value, subst };
}

/**
 * `x IN (q)` as `EXISTS (q WHERE q.col = x)`: the same TRUE rows (they differ only between FALSE
 * and NULL, which a filter treats alike), and an equality the mark join can key on.
 */
function inAsExists(c: BoundExpr): BoundExpr {
  if (c.kind !== 'subquery' || c.mode !== 'in' || !c.arg) return c;
  const col = c.plan.columns[0]!;
  const eq = resolveScalar('$eq', [col.type, c.arg.type]);
  const predicate: BoundExpr = { kind: 'call', type: BOOLEAN, fn: eq, args: [columnRef(col), c.arg] };
  const refs = new Map(c.outerRefs.map((o) => [o.id, o]));
  for (const id of referencedColumns(c.arg)) if (!refs.has(id)) refs.set(id, { id, expr: findColumn(c.arg, id)! });
  const { arg: _arg, ...rest } = c;
  void _arg;
  return { ...rest, mode: 'exists', plan: { kind: 'filter', input: c.plan, columns: c.plan.columns, predicate }, outerRefs: [...refs.values()] };
}

function findColumn(e: BoundExpr, id: number): ColumnExpr | undefined {
  let found: ColumnExpr | undefined;
  replaceExpr(e, (x) => {
    if (x.kind === 'column' && x.id === id) found = x;
    return undefined;
  });
  return found;
}
