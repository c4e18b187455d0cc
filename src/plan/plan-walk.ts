/**
 * Generic traversal of logical plans: children, rebuilding with new children, the expressions a
 * node evaluates, and the correlated (outer) column references of a subquery plan.
 */
import type { BoundExpr, ColumnExpr } from './bound-expr.js';
import { mapChildren } from './expr-utils.js';
import type { LogicalPlan } from './logical/plan-node.js';

export function planChildren(p: LogicalPlan): LogicalPlan[] {
  switch (p.kind) {
    case 'scan':
    case 'values':
      return [];
    case 'join':
      return [p.left, p.right];
    case 'setop':
      return p.inputs;
    default:
      return [p.input];
  }
}

export function withChildren(p: LogicalPlan, children: LogicalPlan[]): LogicalPlan {
  switch (p.kind) {
    case 'scan':
    case 'values':
      return p;
    case 'join':
      return { ...p, left: children[0]!, right: children[1]! };
    case 'setop':
      return { ...p, inputs: children };
    default:
      return { ...p, input: children[0]! } as LogicalPlan;
  }
}

/** Every expression a node evaluates (over its inputs' columns). */
export function nodeExprs(p: LogicalPlan): BoundExpr[] {
  switch (p.kind) {
    case 'scan':
    case 'setop':
    case 'single_row':
      return [];
    case 'limit':
      return (p.ties ?? []).map((k) => k.expr);
    case 'values':
      return p.rows.flat();
    case 'filter':
      return [p.predicate];
    case 'project':
      return p.exprs;
    case 'aggregate':
      return [
        ...p.keys,
        ...p.aggregates.flatMap((a) => [...a.args, ...(a.filter ? [a.filter] : []), ...(a.orderBy ?? []).map((k) => k.expr)]),
      ];
    case 'join':
      return [...p.equi.flatMap((k) => [k.left, k.right]), ...(p.residual ? [p.residual] : [])];
    case 'sort':
    case 'topn':
      return p.keys.map((k) => k.expr);
    case 'window':
      return [
        ...p.partitionBy,
        ...p.orderBy.map((k) => k.expr),
        ...p.calls.flatMap((c) => [
          ...(c.window?.args ?? []),
          ...(c.aggregate?.args ?? []),
          ...(c.aggregate?.filter ? [c.aggregate.filter] : []),
          ...[c.frame.start.offset, c.frame.end.offset].filter((x): x is BoundExpr => x !== undefined),
        ]),
      ];
    case 'unnest':
      return p.exprs;
  }
}

function collectColumnRefs(e: BoundExpr, out: Map<number, ColumnExpr>): void {
  if (e.kind === 'column') out.set(e.id, e);
  mapChildren(e, (c) => {
    collectColumnRefs(c, out);
    return c;
  });
}

/** Column references inside `plan` to columns no node of `plan` produces (correlation). */
export function outerReferences(plan: LogicalPlan): ColumnExpr[] {
  const produced = new Set<number>();
  const used = new Map<number, ColumnExpr>();
  const visit = (p: LogicalPlan) => {
    for (const c of p.columns) produced.add(c.id);
    if (p.kind === 'aggregate' && p.setIndexColumn) produced.add(p.setIndexColumn.id);
    for (const e of nodeExprs(p)) collectColumnRefs(e, used);
    for (const ch of planChildren(p)) visit(ch);
  };
  visit(plan);
  return [...used.values()].filter((c) => !produced.has(c.id));
}

/**
 * Bottom-up rewrite: children first, then `f` on the node. Returns the same object when neither
 * the children nor `f` changed anything (rules rely on identity to detect a fixpoint).
 */
export function transformPlan(p: LogicalPlan, f: (node: LogicalPlan) => LogicalPlan): LogicalPlan {
  const kids = planChildren(p);
  let changed = false;
  const next = kids.map((k) => {
    const n = transformPlan(k, f);
    if (n !== k) changed = true;
    return n;
  });
  const node = changed ? withChildren(p, next) : p;
  return f(node);
}

/** Applies `f` to every expression a node evaluates (same object when nothing changed). */
export function mapNodeExprs(p: LogicalPlan, f: (e: BoundExpr) => BoundExpr): LogicalPlan {
  let changed = false;
  const g = (e: BoundExpr) => {
    const n = f(e);
    if (n !== e) changed = true;
    return n;
  };
  let out: LogicalPlan;
  switch (p.kind) {
    case 'values':
      out = { ...p, rows: p.rows.map((r) => r.map(g)) };
      break;
    case 'filter':
      out = { ...p, predicate: g(p.predicate) };
      break;
    case 'project':
      out = { ...p, exprs: p.exprs.map(g) };
      break;
    case 'join':
      out = { ...p, equi: p.equi.map((k) => ({ left: g(k.left), right: g(k.right) })), ...(p.residual ? { residual: g(p.residual) } : {}) };
      break;
    case 'aggregate':
      out = {
        ...p,
        keys: p.keys.map(g),
        aggregates: p.aggregates.map((a) => ({ ...a, args: a.args.map(g), ...(a.filter ? { filter: g(a.filter) } : {}) })),
      };
      break;
    case 'unnest':
      out = { ...p, exprs: p.exprs.map(g) };
      break;
    default:
      return p;
  }
  return changed ? out : p;
}
