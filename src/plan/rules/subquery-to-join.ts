/**
 * Subquery decorrelation. In a Filter or Project:
 * - `EXISTS (q)` and `x IN (q)` become a mark join (left: the node's input; right: q with its
 *   correlated equality conjuncts pulled up as join keys, other correlated conjuncts as the join
 *   condition) whose boolean mark column replaces the subquery. IN uses a null-aware mark:
 *   NULL when no row matches but the probe value or some subquery value is NULL, which gives
 *   NOT IN its SQL semantics. (semi-anti-join.ts then turns filters on marks into semi/anti joins.)
 * - A correlated scalar subquery over a global aggregate becomes a LEFT join with that aggregate
 *   grouped by the correlation keys; groups with no rows get the aggregate's empty-input value
 *   (count → 0), as the subquery would.
 * - An uncorrelated scalar subquery becomes a CROSS join with its plan under EnforceSingleRow
 *   (one row: its value; none: NULL; more: "Scalar sub-query has returned multiple rows").
 * - A correlated scalar aggregate or EXISTS that none of these take (a non-equality correlation,
 *   a nested subquery reading outer columns) is rewritten by numbering the outer rows, joining and
 *   regrouping them (decorrelate-by-row.ts).
 * Shapes it does not recognise stay subqueries, which the executor evaluates per distinct outer
 * value (correct, slower).
 */
import type { BoundExpr, ColumnExpr, OuterRef, PlanColumn, SubqueryExpr } from '../bound-expr.js';
import { typesEqual } from '../../types/sql-type.js';
import { andAll, columnRef, conjuncts, containsSubquery, referencedColumns, replaceExpr } from '../expr-utils.js';
import type { AggregateNode, JoinNode, LogicalPlan } from '../logical/plan-node.js';
import { mapNodeExprs, outerReferences, transformPlan } from '../plan-walk.js';
import { rowJoin } from './decorrelate-by-row.js';
import type { Rule, RuleContext } from './rule.js';

const BOOLEAN = { kind: 'boolean' } as const;

export interface Decorrelated {
  plan: LogicalPlan;
  equi: { outer: BoundExpr; inner: BoundExpr }[];
  residual: BoundExpr[];
}

function touches(e: BoundExpr, ids: Set<number>): boolean {
  for (const r of referencedColumns(e)) if (ids.has(r)) return true;
  return false;
}

function onlyIn(e: BoundExpr, ids: Set<number>): boolean {
  const refs = referencedColumns(e);
  if (refs.size === 0) return false;
  for (const r of refs) if (!ids.has(r)) return false;
  return true;
}

/**
 * Within one filter, `outer.x = inner.y` (same type) lets every other conjunct read `inner.y`
 * instead of `outer.x`: a row the equality rejects is dropped whatever the others say. This
 * takes correlation out of nested subqueries that reach two levels up (`… WHERE o.cust_id = c.id
 * AND EXISTS (… i.qty > c.id …)`), so they decorrelate level by level.
 */
function substituteEquivalents(cs: BoundExpr[], outer: Set<number>, innerIds: Set<number>): BoundExpr[] {
  const subst = new Map<number, ColumnExpr>();
  const eqs = new Set<BoundExpr>();
  for (const c of cs) {
    if (c.kind !== 'call' || c.fn.name !== '$eq' || c.args.length !== 2) continue;
    const [a, b] = c.args as [BoundExpr, BoundExpr];
    for (const [o, i] of [[a, b], [b, a]] as const) {
      if (o.kind === 'column' && i.kind === 'column' && outer.has(o.id) && innerIds.has(i.id) && typesEqual(o.type, i.type)) {
        if (!subst.has(o.id)) subst.set(o.id, i);
        eqs.add(c);
      }
    }
  }
  if (subst.size === 0) return cs;
  return cs.map((c) => (eqs.has(c) ? c : renameColumns(c, subst)));
}

/** Replaces column references (in nested subquery plans too) by the mapped columns. */
function renameColumns(e: BoundExpr, subst: Map<number, ColumnExpr>): BoundExpr {
  return replaceExpr(e, (x) => {
    if (x.kind === 'column') return subst.get(x.id);
    if (x.kind !== 'subquery' || !x.outerRefs.some((o) => subst.has(o.id))) return undefined;
    // The subquery's plan reads the outer column by id: rename it there, and take its value
    // from the replacement column.
    const plan = transformPlan(x.plan, (n) => mapNodeExprs(n, (y) => renameColumns(y, subst)));
    const seen = new Set<number>();
    const outerRefs: OuterRef[] = [];
    for (const o of x.outerRefs) {
      const to = subst.get(o.id);
      const ref: OuterRef = to ? { id: to.id, expr: to } : { id: o.id, expr: renameColumns(o.expr, subst) };
      if (seen.has(ref.id)) continue;
      seen.add(ref.id);
      outerRefs.push(ref);
    }
    const out: SubqueryExpr = { ...x, plan, outerRefs, ...(x.arg ? { arg: renameColumns(x.arg, subst) } : {}) };
    return out;
  });
}

/**
 * Pulls correlated conjuncts out of Filter/Project chains; undefined if correlation sits elsewhere.
 * With `deferred`, a conjunct containing a subquery that reads outer columns is collected there
 * (for decorrelate-by-row.ts) instead of failing.
 */
export function decorrelate(p: LogicalPlan, outer: Set<number>, deferred?: BoundExpr[]): Decorrelated | undefined {
  if (!outerReferences(p).some((c) => outer.has(c.id))) return { plan: p, equi: [], residual: [] };
  if (p.kind === 'filter') {
    const inner = decorrelate(p.input, outer, deferred);
    if (!inner) return undefined;
    const innerIds = new Set(inner.plan.columns.map((c) => c.id));
    const keep: BoundExpr[] = [];
    const out: Decorrelated = { plan: inner.plan, equi: [...inner.equi], residual: [...inner.residual] };
    for (const c of substituteEquivalents(conjuncts(p.predicate), outer, innerIds)) {
      if (!touches(c, outer)) {
        keep.push(c);
        continue;
      }
      if (deferred && containsSubquery(c)) {
        for (const r of referencedColumns(c)) if (!outer.has(r) && !innerIds.has(r)) return undefined;
        deferred.push(c);
        continue;
      }
      // A subquery in a join condition would run once per pair of rows: not here.
      if (containsSubquery(c) || referencedColumns(c).size === 0) return undefined;
      if (c.kind === 'call' && c.fn.name === '$eq' && c.args.length === 2) {
        const [a, b] = c.args as [BoundExpr, BoundExpr];
        if (onlyIn(a, outer) && onlyIn(b, innerIds)) {
          out.equi.push({ outer: a, inner: b });
          continue;
        }
        if (onlyIn(b, outer) && onlyIn(a, innerIds)) {
          out.equi.push({ outer: b, inner: a });
          continue;
        }
      }
      for (const r of referencedColumns(c)) if (!outer.has(r) && !innerIds.has(r)) return undefined;
      out.residual.push(c);
    }
    const pred = andAll(keep);
    out.plan = pred ? { kind: 'filter', input: inner.plan, columns: inner.plan.columns, predicate: pred } : inner.plan;
    return out;
  }
  if (p.kind === 'project') {
    if (p.exprs.some((e) => touches(e, outer))) return undefined;
    const before = deferred?.length ?? 0;
    const inner = decorrelate(p.input, outer, deferred);
    if (!inner) return undefined;
    // The pulled-up conjuncts read columns below the projection: pass them through.
    const needed = new Map<number, ColumnExpr>();
    const collect = (e: BoundExpr) =>
      replaceExpr(e, (x) => {
        if (x.kind === 'column' && !outer.has(x.id)) needed.set(x.id, x);
        return undefined;
      });
    inner.equi.forEach((k) => collect(k.inner));
    inner.residual.forEach(collect);
    deferred?.slice(before).forEach(collect);
    const have = new Set(p.columns.map((c) => c.id));
    const extra = [...needed.values()].filter((c) => !have.has(c.id));
    const plan: LogicalPlan = {
      ...p,
      input: inner.plan,
      columns: [...p.columns, ...extra.map((c) => ({ id: c.id, name: c.name, type: c.type }))],
      exprs: [...p.exprs, ...extra],
    };
    return { plan, equi: inner.equi, residual: inner.residual };
  }
  return undefined;
}

/**
 * Outer refs must be plain references to columns of `left` (the node's input), or free in the
 * whole plan being optimized (when that plan is itself a subquery run per outer value, those
 * are constants of each run). Returns the ids correlated with `left`.
 */
function correlationOk(s: SubqueryExpr, left: LogicalPlan, free: ReadonlySet<number>): Set<number> | undefined {
  const ids = new Set(left.columns.map((c) => c.id));
  const out = new Set<number>();
  for (const o of s.outerRefs) {
    if (o.expr.kind !== 'column' || o.expr.id !== o.id) return undefined;
    if (ids.has(o.id)) out.add(o.id);
    else if (!free.has(o.id)) return undefined;
  }
  return out;
}

function markJoin(s: SubqueryExpr, left: LogicalPlan, ctx: RuleContext, free: ReadonlySet<number>): { join: JoinNode; mark: PlanColumn } | undefined {
  const outer = correlationOk(s, left, free);
  if (!outer) return undefined;
  const d = decorrelate(s.plan, outer);
  if (!d) return undefined;
  // A correlated NOT IN needs NULL checks per correlation group; the executor's per-row
  // evaluation has exactly those semantics, so only uncorrelated IN becomes a null-aware join.
  if (s.mode === 'in' && (d.equi.length > 0 || d.residual.length > 0)) return undefined;
  const mark: PlanColumn = { id: ctx.newColumnId(), name: '$mark', type: BOOLEAN };
  const equi = d.equi.map((k) => ({ left: k.outer, right: k.inner }));
  if (s.mode === 'in') equi.unshift({ left: s.arg!, right: columnRef(d.plan.columns[0]!) });
  const residual = andAll(d.residual);
  const join: JoinNode = {
    kind: 'join',
    joinType: 'mark',
    left,
    right: d.plan,
    columns: [...left.columns, mark],
    equi,
    ...(residual ? { residual } : {}),
    mark,
    nullAware: s.mode === 'in',
  };
  return { join, mark };
}

/** Correlated scalar aggregate subquery → LEFT join; returns the replacement value expression. */
function scalarJoin(s: SubqueryExpr, left: LogicalPlan, ctx: RuleContext, free: ReadonlySet<number>): { join: JoinNode; value: BoundExpr } | undefined {
  const outer = correlationOk(s, left, free);
  if (!outer || outer.size === 0) return undefined;
  let top: BoundExpr | undefined;
  let agg: LogicalPlan = s.plan;
  if (agg.kind === 'project' && agg.exprs.length === 1) {
    top = agg.exprs[0]!;
    if (touches(top, outer)) return undefined;
    agg = agg.input;
  }
  if (agg.kind !== 'aggregate' || agg.keys.length > 0 || agg.groupingSets) return undefined;
  const a: AggregateNode = agg;
  if (a.aggregates.some((c) => c.args.some((x) => touches(x, outer)) || (c.filter && touches(c.filter, outer)))) return undefined;
  const d = decorrelate(a.input, outer);
  if (!d || d.residual.length > 0 || d.equi.length === 0) return undefined;
  const keyCols: PlanColumn[] = d.equi.map((k, i) => ({ id: ctx.newColumnId(), name: `$corr${i}`, type: k.inner.type }));
  const grouped: AggregateNode = { ...a, input: d.plan, keys: d.equi.map((k) => k.inner), columns: [...keyCols, ...a.columns] };
  const matched: PlanColumn = { id: ctx.newColumnId(), name: '$matched', type: BOOLEAN };
  const right: LogicalPlan = {
    kind: 'project',
    input: grouped,
    columns: [...grouped.columns, matched],
    exprs: [...grouped.columns.map((c) => columnRef(c) as BoundExpr), { kind: 'const', type: BOOLEAN, value: true }],
  };
  // Columns of groups that did not exist take the aggregate's value over no rows.
  const empty = new Map<number, BoundExpr>();
  a.aggregates.forEach((c, i) => {
    const v = c.fn.create().result();
    const col = a.columns[i]!;
    if (v === null) return;
    empty.set(col.id, {
      kind: 'case',
      type: col.type,
      whens: [{ cond: { kind: 'is_null', type: BOOLEAN, arg: columnRef(matched), negated: false }, result: { kind: 'const', type: col.type, value: v } }],
      else: columnRef(col),
    });
  });
  const base = top ?? columnRef(a.columns[0]!);
  const value = replaceExpr(base, (x) => (x.kind === 'column' ? empty.get(x.id) : undefined));
  const join: JoinNode = {
    kind: 'join',
    joinType: 'left',
    left,
    right,
    columns: [...left.columns, ...right.columns],
    equi: d.equi.map((k, i) => ({ left: k.outer, right: columnRef(keyCols[i]!) })),
  };
  return { join, value };
}

/**
 * Rewrites the subqueries of `exprs` evaluated over `input`; undefined when nothing changed.
 * `subst` maps input column ids to the columns carrying them after a row join (then at most one
 * subquery is rewritten that way per call; the optimizer's next pass takes the others).
 */
function rewrite(
  exprs: BoundExpr[], input: LogicalPlan, ctx: RuleContext, free: ReadonlySet<number>,
): { input: LogicalPlan; exprs: BoundExpr[]; subst: Map<number, ColumnExpr> } | undefined {
  let current = input;
  let changed = false;
  let subst = new Map<number, ColumnExpr>();
  // The general rewrite, when the key-based ones do not apply (decorrelate-by-row.ts).
  const byRow = (x: SubqueryExpr): BoundExpr | undefined => {
    if (subst.size > 0) return undefined;
    const outer = correlationOk(x, current, free);
    const r = outer && rowJoin(x, current, outer, ctx);
    if (!r) return undefined;
    current = r.input;
    subst = r.subst;
    changed = true;
    return r.value;
  };
  const out = exprs.map((e) =>
    replaceExpr(e, (x) => {
      if (x.kind !== 'subquery') return undefined;
      if (x.mode === 'exists' || x.mode === 'in') {
        const m = markJoin(x, current, ctx, free);
        if (!m) return x.mode === 'exists' ? byRow(x) : undefined;
        current = m.join;
        changed = true;
        return columnRef(m.mark);
      }
      if (x.mode === 'scalar' && x.outerRefs.every((o) => free.has(o.id) && o.expr.kind === 'column' && o.expr.id === o.id)) {
        // Uncorrelated: cross join with the subquery's single row (Trino's EnforceSingleRow).
        const right: LogicalPlan = { kind: 'single_row', input: x.plan, columns: x.plan.columns };
        current = { kind: 'join', joinType: 'cross', left: current, right, columns: [...current.columns, ...right.columns], equi: [] };
        changed = true;
        return columnRef(x.plan.columns[0]!);
      }
      if (x.mode === 'scalar') {
        const j = scalarJoin(x, current, ctx, free);
        if (!j) return byRow(x);
        current = j.join;
        changed = true;
        return j.value;
      }
      return undefined;
    }),
  );
  if (!changed) return undefined;
  return { input: current, exprs: subst.size > 0 ? out.map((e) => renameColumns(e, subst)) : out, subst };
}

export const subqueryToJoin: Rule = {
  name: 'subquery-to-join',
  apply(plan, ctx) {
    // Columns no node produces are the outer values a subquery plan runs with.
    const free = new Set(outerReferences(plan).map((c) => c.id));
    return transformPlan(plan, (node) => {
      if (node.kind === 'filter') {
        const r = rewrite([node.predicate], node.input, ctx, free);
        if (!r) return node;
        const filter: LogicalPlan = { kind: 'filter', input: r.input, columns: r.input.columns, predicate: r.exprs[0]! };
        return { kind: 'project', input: filter, columns: node.columns, exprs: node.columns.map((c) => r.subst.get(c.id) ?? columnRef(c)) };
      }
      if (node.kind === 'project') {
        const r = rewrite(node.exprs, node.input, ctx, free);
        if (!r) return node;
        return { ...node, input: r.input, exprs: r.exprs };
      }
      return node;
    });
  },
};
