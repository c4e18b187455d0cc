/**
 * Predicate pushdown: moves deterministic filter conjuncts as close to the data as they can go —
 * through projections (substituting the projected expressions), sorts, other filters, grouping
 * keys of an aggregation, both branches of a UNION, into the sides of joins whose semantics
 * allow it (never into the NULL-supplying side of an outer join), and finally into scans: the
 * source answers per conjunct `exact` (filter removed above), `inexact` (pushed and kept above)
 * or `unsupported`.
 */
import type { BoundExpr } from '../bound-expr.js';
import { andAll, columnRef, conjuncts, containsSubquery, exprKey, isDeterministic, referencedColumns, replaceExpr } from '../expr-utils.js';
import type { FilterNode, JoinNode, LogicalPlan, ScanNode } from '../logical/plan-node.js';
import { transformPlan } from '../plan-walk.js';
import type { Rule } from './rule.js';

function movable(e: BoundExpr): boolean {
  return isDeterministic(e) && !containsSubquery(e);
}

function within(e: BoundExpr, ids: Set<number>): boolean {
  const refs = referencedColumns(e);
  for (const r of refs) if (!ids.has(r)) return false;
  return true;
}

function filterOver(input: LogicalPlan, list: BoundExpr[]): LogicalPlan {
  const pred = andAll(list);
  return pred ? { kind: 'filter', input, columns: input.columns, predicate: pred } : input;
}

function idsOf(p: LogicalPlan): Set<number> {
  return new Set(p.columns.map((c) => c.id));
}

function substitute(e: BoundExpr, map: Map<number, BoundExpr>): BoundExpr {
  return replaceExpr(e, (x) => (x.kind === 'column' ? map.get(x.id) : undefined));
}

function pushIntoScan(f: FilterNode, scan: ScanNode): LogicalPlan {
  const ordinalOf = new Map(scan.columns.map((c, i) => [c.id, scan.ordinals[i]!]));
  const already = new Set(scan.pushedFilters.map(exprKey));
  const keep: BoundExpr[] = [];
  const pushed: BoundExpr[] = [];
  for (const c of conjuncts(f.predicate)) {
    if (!movable(c) || !within(c, new Set(ordinalOf.keys()))) {
      keep.push(c);
      continue;
    }
    const translated = replaceExpr(c, (x) => (x.kind === 'column' ? { ...x, id: ordinalOf.get(x.id)! } : undefined));
    const key = exprKey(translated);
    if (already.has(key)) {
      // Already offered: an exact filter would not be here any more, so it was inexact.
      keep.push(c);
      continue;
    }
    const answer = scan.source.supportsFilter(translated);
    if (answer === 'unsupported') keep.push(c);
    else {
      pushed.push(translated);
      already.add(key);
      if (answer === 'inexact') keep.push(c);
    }
  }
  if (pushed.length === 0) return f;
  return filterOver({ ...scan, pushedFilters: [...scan.pushedFilters, ...pushed] }, keep);
}

function pushIntoJoin(list: BoundExpr[], j: JoinNode): { join: JoinNode; above: BoundExpr[] } {
  const lids = idsOf(j.left);
  const rids = idsOf(j.right);
  const toLeft: BoundExpr[] = [];
  const toRight: BoundExpr[] = [];
  const toJoin: BoundExpr[] = [];
  const above: BoundExpr[] = [];
  const t = j.joinType;
  for (const c of list) {
    if (!movable(c) || referencedColumns(c).size === 0) above.push(c);
    else if (within(c, lids) && (t === 'inner' || t === 'cross' || t === 'left' || t === 'semi' || t === 'anti' || t === 'mark')) toLeft.push(c);
    else if (within(c, rids) && (t === 'inner' || t === 'cross' || t === 'right')) toRight.push(c);
    else if ((t === 'inner' || t === 'cross') && within(c, new Set([...lids, ...rids]))) toJoin.push(c);
    else above.push(c);
  }
  if (toLeft.length + toRight.length + toJoin.length === 0) return { join: j, above };
  const residual = andAll([...(j.residual ? conjuncts(j.residual) : []), ...toJoin]);
  const join: JoinNode = {
    ...j,
    joinType: j.joinType === 'cross' && toJoin.length > 0 ? 'inner' : j.joinType,
    left: filterOver(j.left, toLeft),
    right: filterOver(j.right, toRight),
    ...(residual ? { residual } : {}),
  };
  return { join, above };
}

/** Pushes single-side conjuncts of a join's own condition into its inputs where allowed. */
function pushJoinResidual(j: JoinNode): LogicalPlan {
  if (!j.residual || j.lateral) return j;
  const lids = idsOf(j.left);
  const rids = idsOf(j.right);
  const t = j.joinType;
  const toLeft: BoundExpr[] = [];
  const toRight: BoundExpr[] = [];
  const stay: BoundExpr[] = [];
  for (const c of conjuncts(j.residual)) {
    if (!movable(c) || referencedColumns(c).size === 0) stay.push(c);
    else if (within(c, lids) && (t === 'inner' || t === 'right' || t === 'semi')) toLeft.push(c);
    else if (within(c, rids) && (t === 'inner' || t === 'left' || t === 'semi' || t === 'anti' || t === 'mark')) toRight.push(c);
    else stay.push(c);
  }
  if (toLeft.length + toRight.length === 0) return j;
  const residual = andAll(stay);
  const { residual: _old, ...rest } = j;
  void _old;
  return { ...rest, left: filterOver(j.left, toLeft), right: filterOver(j.right, toRight), ...(residual ? { residual } : {}) };
}

function pushFilter(f: FilterNode): LogicalPlan {
  const input = f.input;
  const list = conjuncts(f.predicate);
  switch (input.kind) {
    case 'filter':
      return { ...input, predicate: andAll([...conjuncts(input.predicate), ...list])! };
    case 'scan':
      return pushIntoScan(f, input);
    case 'sort':
      return { ...input, input: filterOver(input.input, list) };
    case 'project': {
      if (!input.exprs.every(movable)) return f;
      const map = new Map(input.columns.map((c, i) => [c.id, input.exprs[i]!]));
      const down: BoundExpr[] = [];
      const stay: BoundExpr[] = [];
      for (const c of list) (movable(c) ? down : stay).push(c);
      if (down.length === 0) return f;
      return filterOver({ ...input, input: filterOver(input.input, down.map((c) => substitute(c, map))) }, stay);
    }
    case 'join': {
      const { join, above } = pushIntoJoin(list, input);
      if (join === input) return f;
      return filterOver(join, above);
    }
    case 'aggregate': {
      if (input.groupingSets) return f;
      const keyIds = new Set(input.columns.slice(0, input.keys.length).map((c) => c.id));
      const map = new Map(input.columns.slice(0, input.keys.length).map((c, i) => [c.id, input.keys[i]!]));
      const down: BoundExpr[] = [];
      const stay: BoundExpr[] = [];
      for (const c of list) (movable(c) && referencedColumns(c).size > 0 && within(c, keyIds) ? down : stay).push(c);
      if (down.length === 0) return f;
      return filterOver({ ...input, input: filterOver(input.input, down.map((c) => substitute(c, map))) }, stay);
    }
    case 'setop': {
      if (input.op !== 'union' || !list.every(movable)) return f;
      const inputs = input.inputs.map((child) => {
        const map = new Map(input.columns.map((c, i) => [c.id, columnRef(child.columns[i]!) as BoundExpr]));
        return filterOver(child, list.map((c) => substitute(c, map)));
      });
      return { ...input, inputs };
    }
    default:
      return f;
  }
}

export const predicatePushdown: Rule = {
  name: 'predicate-pushdown',
  apply(plan) {
    return transformPlan(plan, (node) => {
      if (node.kind === 'filter') return pushFilter(node);
      if (node.kind === 'join') return pushJoinResidual(node);
      return node;
    });
  },
};
