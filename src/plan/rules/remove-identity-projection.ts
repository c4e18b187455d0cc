/**
 * Projection cleanup: removes projections that pass their input through unchanged (same column
 * ids, same order), and merges a projection into the one above it when the lower one only
 * selects or renames columns — binding and decorrelation leave both behind.
 */
import type { BoundExpr } from '../bound-expr.js';
import { replaceExpr } from '../expr-utils.js';
import type { LogicalPlan } from '../logical/plan-node.js';
import { transformPlan } from '../plan-walk.js';
import type { Rule } from './rule.js';

function isIdentity(p: LogicalPlan): boolean {
  if (p.kind !== 'project') return false;
  const input = p.input.columns;
  if (input.length !== p.columns.length) return false;
  return p.exprs.every((e, i) => e.kind === 'column' && e.id === input[i]!.id && p.columns[i]!.id === input[i]!.id);
}

function simplify(node: LogicalPlan): LogicalPlan {
  if (isIdentity(node)) return (node as { input: LogicalPlan }).input;
  if (node.kind === 'project' && node.input.kind === 'project' && node.input.exprs.every((e) => e.kind === 'column')) {
    const inner = node.input;
    const map = new Map<number, BoundExpr>(inner.columns.map((c, i) => [c.id, inner.exprs[i]!]));
    const exprs = node.exprs.map((e) => replaceExpr(e, (x) => (x.kind === 'column' ? map.get(x.id) : undefined)));
    return { ...node, input: inner.input, exprs };
  }
  return node;
}

export const removeIdentityProjection: Rule = {
  name: 'remove-identity-projection',
  apply(plan) {
    return transformPlan(plan, simplify);
  },
};
