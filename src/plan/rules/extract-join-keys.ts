/**
 * Turns equality conjuncts of a join condition that compare a left-side expression with a
 * right-side expression into hash-join keys; the rest stays as the residual condition. A CROSS
 * join that gains keys becomes an INNER join.
 */
import type { BoundExpr } from '../bound-expr.js';
import { andAll, conjuncts, containsSubquery, isDeterministic, referencedColumns } from '../expr-utils.js';
import type { JoinNode } from '../logical/plan-node.js';
import { transformPlan } from '../plan-walk.js';
import type { Rule } from './rule.js';

function side(e: BoundExpr, left: Set<number>, right: Set<number>): 'left' | 'right' | undefined {
  const refs = referencedColumns(e);
  if (refs.size === 0) return undefined;
  let l = true;
  let r = true;
  for (const id of refs) {
    if (!left.has(id)) l = false;
    if (!right.has(id)) r = false;
  }
  return l ? 'left' : r ? 'right' : undefined;
}

export function extractKeys(j: JoinNode): JoinNode {
  // A LATERAL join runs its right side per left row; it keeps its condition as a residual.
  if (!j.residual || j.lateral) return j;
  const left = new Set(j.left.columns.map((c) => c.id));
  const right = new Set(j.right.columns.map((c) => c.id));
  const equi = [...j.equi];
  const rest: BoundExpr[] = [];
  for (const c of conjuncts(j.residual)) {
    if (c.kind === 'call' && c.fn.name === '$eq' && c.args.length === 2 && isDeterministic(c) && !containsSubquery(c)) {
      const [a, b] = c.args as [BoundExpr, BoundExpr];
      const sa = side(a, left, right);
      const sb = side(b, left, right);
      if (sa === 'left' && sb === 'right') {
        equi.push({ left: a, right: b });
        continue;
      }
      if (sa === 'right' && sb === 'left') {
        equi.push({ left: b, right: a });
        continue;
      }
    }
    rest.push(c);
  }
  if (equi.length === j.equi.length) return j;
  const residual = andAll(rest);
  const { residual: _r, ...base } = j;
  void _r;
  return { ...base, joinType: j.joinType === 'cross' ? 'inner' : j.joinType, equi, ...(residual ? { residual } : {}) };
}

export const extractJoinKeys: Rule = {
  name: 'extract-join-keys',
  apply(plan) {
    return transformPlan(plan, (node) => (node.kind === 'join' ? extractKeys(node) : node));
  },
};
