/**
 * Reorders a tree of inner and cross joins so that no relation is joined before one it has a
 * join condition with, when the written order would join two unrelated relations (a cross
 * product) and another order need not — Trino's EliminateCrossJoins. `FROM part, supplier,
 * lineitem … WHERE p_partkey = l_partkey AND s_suppkey = l_suppkey` joins part with lineitem,
 * then supplier, instead of building part × supplier.
 *
 * The order follows Trino's: start from the first relation as written, then take the earliest
 * written relation with an equality to those taken (a breadth-first walk of the equality graph,
 * earliest first); a relation reachable from none starts the walk again. The tree is rebuilt
 * left-deep as cross joins under one filter holding every condition, which predicate pushdown
 * and key extraction then place; a projection keeps the columns' order.
 *
 * Left alone: trees with no cross join, or none the walk would remove; outer, semi, anti, mark
 * and LATERAL joins (their sides are relations of their own); conditions that are not
 * deterministic or hold a subquery.
 */
import { resolveScalar } from '../../functions/registry.js';
import { T } from '../../types/sql-type.js';
import type { BoundExpr } from '../bound-expr.js';
import { andAll, columnRef, conjuncts, containsSubquery, isDeterministic, referencedColumns } from '../expr-utils.js';
import type { JoinNode, LogicalPlan } from '../logical/plan-node.js';
import { planChildren, withChildren } from '../plan-walk.js';
import type { Rule } from './rule.js';

function inRegion(p: LogicalPlan): p is JoinNode {
  return p.kind === 'join' && (p.joinType === 'inner' || p.joinType === 'cross') && !p.lateral && !p.mark;
}

/** The join's own conditions as conjuncts (keys as equalities). */
function conditionsOf(j: JoinNode): BoundExpr[] {
  const out: BoundExpr[] = j.equi.map((k) => ({ kind: 'call', type: T.boolean, fn: resolveScalar('$eq', [k.left.type, k.right.type]), args: [k.left, k.right] }) as BoundExpr);
  if (j.residual) out.push(...conjuncts(j.residual));
  return out;
}

interface Region {
  leaves: LogicalPlan[];
  conditions: BoundExpr[];
  /** Joins of the region with no condition over both of their sides. */
  crosses: number;
}

function flatten(j: JoinNode): Region {
  const r: Region = { leaves: [], conditions: [], crosses: 0 };
  const visit = (p: LogicalPlan): Set<number> => {
    if (!inRegion(p)) {
      r.leaves.push(p);
      return new Set(p.columns.map((c) => c.id));
    }
    const left = visit(p.left);
    const right = visit(p.right);
    const own = conditionsOf(p);
    r.conditions.push(...own);
    if (!own.some((c) => touchesBoth(c, left, right))) r.crosses++;
    return new Set([...left, ...right]);
  };
  visit(j);
  return r;
}

function touchesBoth(c: BoundExpr, a: Set<number>, b: Set<number>): boolean {
  let inA = false;
  let inB = false;
  for (const id of referencedColumns(c)) {
    if (a.has(id)) inA = true;
    else if (b.has(id)) inB = true;
    else return false;
  }
  return inA && inB;
}

/** The leaf each column id comes from. */
function leafOf(leaves: readonly LogicalPlan[]): Map<number, number> {
  const m = new Map<number, number>();
  leaves.forEach((l, i) => {
    for (const c of l.columns) m.set(c.id, i);
  });
  return m;
}

/** The leaves a conjunct reads. */
function leavesRead(c: BoundExpr, owner: Map<number, number>): Set<number> {
  const s = new Set<number>();
  for (const id of referencedColumns(c)) {
    const l = owner.get(id);
    if (l !== undefined) s.add(l);
  }
  return s;
}

/** Trino's order: breadth-first over equality edges, earliest written first. */
function joinOrder(n: number, conditions: readonly BoundExpr[], owner: Map<number, number>): number[] {
  const edges = Array.from({ length: n }, () => new Set<number>());
  for (const c of conditions) {
    if (c.kind !== 'call' || c.fn.name !== '$eq' || c.args.length !== 2) continue;
    const a = leavesRead(c.args[0]!, owner);
    const b = leavesRead(c.args[1]!, owner);
    if (a.size !== 1 || b.size !== 1) continue;
    const [x] = a;
    const [y] = b;
    if (x === y) continue;
    edges[x!]!.add(y!);
    edges[y!]!.add(x!);
  }
  const order: number[] = [];
  const visited = new Set<number>();
  const queue = new Set<number>([0]);
  while (order.length < n) {
    if (queue.size === 0) {
      for (let i = 0; i < n; i++) {
        if (!visited.has(i)) {
          queue.add(i);
          break;
        }
      }
    }
    const next = Math.min(...queue);
    queue.delete(next);
    if (visited.has(next)) continue;
    visited.add(next);
    order.push(next);
    for (const t of edges[next]!) if (!visited.has(t)) queue.add(t);
  }
  return order;
}

/** Cross joins a left-deep tree in `order` would have, given where each conjunct can go. */
function crossesOf(order: readonly number[], conditions: readonly BoundExpr[], owner: Map<number, number>): number {
  const reads = conditions.map((c) => leavesRead(c, owner));
  const taken = new Set<number>([order[0]!]);
  let crosses = 0;
  for (const leaf of order.slice(1)) {
    const joined = reads.some((r) => r.has(leaf) && [...r].some((l) => l !== leaf && taken.has(l)) && [...r].every((l) => l === leaf || taken.has(l)));
    if (!joined) crosses++;
    taken.add(leaf);
  }
  return crosses;
}

function reorder(j: JoinNode, region: Region): LogicalPlan | undefined {
  if (region.crosses === 0 || region.leaves.length < 3) return undefined;
  if (!region.conditions.every((c) => isDeterministic(c) && !containsSubquery(c))) return undefined;
  const owner = leafOf(region.leaves);
  const order = joinOrder(region.leaves.length, region.conditions, owner);
  if (crossesOf(order, region.conditions, owner) >= region.crosses) return undefined;
  let tree: LogicalPlan = region.leaves[order[0]!]!;
  for (const i of order.slice(1)) {
    const right = region.leaves[i]!;
    const joined: JoinNode = { kind: 'join', joinType: 'cross', left: tree, right, equi: [], columns: [...tree.columns, ...right.columns] };
    tree = joined;
  }
  const predicate = andAll(region.conditions)!;
  const filtered: LogicalPlan = { kind: 'filter', input: tree, columns: tree.columns, predicate };
  return { kind: 'project', input: filtered, columns: j.columns, exprs: j.columns.map((c) => columnRef(c)) };
}

function rewrite(p: LogicalPlan): LogicalPlan {
  if (inRegion(p)) {
    const region = flatten(p);
    const reordered = reorder(p, region);
    if (reordered) return reordered;
    // Not reordered: the region's leaves may hold regions of their own.
    const leaves = region.leaves.map(rewrite);
    if (leaves.every((l, i) => l === region.leaves[i])) return p;
    const swap = new Map(region.leaves.map((l, i) => [l, leaves[i]!]));
    const rebuild = (q: LogicalPlan): LogicalPlan => (inRegion(q) ? withChildren(q, [rebuild(q.left), rebuild(q.right)]) : swap.get(q)!);
    return rebuild(p);
  }
  const kids = planChildren(p);
  const next = kids.map(rewrite);
  return next.every((k, i) => k === kids[i]) ? p : withChildren(p, next);
}

export const eliminateCrossJoins: Rule = {
  name: 'eliminate-cross-joins',
  apply(plan) {
    return rewrite(plan);
  },
};
