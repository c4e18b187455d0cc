/**
 * A LATERAL join whose right side is correlated only through Filter/Project chains becomes an
 * ordinary join: correlated equalities turn into hash keys, other correlated conjuncts into the
 * join condition (see decorrelate in subquery-to-join.ts). Other shapes stay LATERAL and run
 * their right side per distinct left tuple.
 */
import { andAll, columnRef, conjuncts } from '../expr-utils.js';
import type { JoinNode, LogicalPlan } from '../logical/plan-node.js';
import { outerReferences, transformPlan } from '../plan-walk.js';
import type { Rule } from './rule.js';
import { decorrelate } from './subquery-to-join.js';

function convert(node: LogicalPlan): LogicalPlan {
  if (node.kind !== 'join' || !node.lateral) return node;
  const outer = new Set(node.lateral);
  const d = decorrelate(node.right, outer);
  if (!d || outerReferences(d.plan).some((c) => outer.has(c.id))) return node;
  const residual = andAll([...(node.residual ? conjuncts(node.residual) : []), ...d.residual]);
  const { lateral: _l, residual: _r, ...base } = node;
  void _l;
  void _r;
  const join: JoinNode = {
    ...base,
    joinType: node.joinType === 'cross' && (d.equi.length > 0 || residual) ? 'inner' : node.joinType,
    right: d.plan,
    columns: [...node.left.columns, ...d.plan.columns],
    equi: [...node.equi, ...d.equi.map((k) => ({ left: k.outer, right: k.inner }))],
    ...(residual ? { residual } : {}),
  };
  if (join.columns.length === node.columns.length) return join;
  return { kind: 'project', input: join, columns: node.columns, exprs: node.columns.map((c) => columnRef(c)) };
}

export const lateralToJoin: Rule = {
  name: 'lateral-to-join',
  apply(plan) {
    return transformPlan(plan, convert);
  },
};
