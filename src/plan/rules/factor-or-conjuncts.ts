/**
 * Pulls conjuncts common to every branch of an OR out in front of it:
 * `(a = b AND x) OR (a = b AND y)` becomes `a = b AND (x OR y)`. Queries such as TPC-H Q19 state
 * their join condition inside each OR branch; factored out, it becomes a hash-join key instead
 * of forcing a nested-loop join.
 */
import type { BoundExpr } from '../bound-expr.js';
import { conjuncts, exprKey, isDeterministic, transformExpr } from '../expr-utils.js';
import { mapNodeExprs, transformPlan } from '../plan-walk.js';
import type { Rule } from './rule.js';

const BOOLEAN = { kind: 'boolean' } as const;

function factor(e: BoundExpr): BoundExpr {
  if (e.kind !== 'or' || e.args.length < 2) return e;
  const branches = e.args.map(conjuncts);
  const first = branches[0]!;
  const common = first.filter((c) => isDeterministic(c) && branches.every((b) => b.some((x) => exprKey(x) === exprKey(c))));
  if (common.length === 0) return e;
  const keys = new Set(common.map(exprKey));
  const rest = branches.map((b) => b.filter((x) => !keys.has(exprKey(x))));
  // A branch reduced to nothing is TRUE, which makes the whole OR TRUE.
  const or: BoundExpr | undefined = rest.some((r) => r.length === 0)
    ? undefined
    : { kind: 'or', type: BOOLEAN, args: rest.map((r) => (r.length === 1 ? r[0]! : { kind: 'and', type: BOOLEAN, args: r })) };
  const all = or ? [...common, or] : common;
  return all.length === 1 ? all[0]! : { kind: 'and', type: BOOLEAN, args: all };
}

export const factorOrConjuncts: Rule = {
  name: 'factor-or-conjuncts',
  apply(plan) {
    return transformPlan(plan, (node) =>
      mapNodeExprs(node, (e) => {
        const f = transformExpr(e, factor);
        return exprKey(f) === exprKey(e) ? e : f;
      }),
    );
  },
};
