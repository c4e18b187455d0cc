/**
 * Constant folding: a deterministic expression whose operands are all constants is evaluated at
 * plan time. An evaluation that fails (1/0, a bad cast) is left in place so the error surfaces
 * only if the row is actually evaluated (a CASE branch not taken must not fail). AND/OR with a
 * constant FALSE/TRUE operand short-circuit; a Filter on constant TRUE disappears.
 */
import type { Value } from '../../types/value.js';
import type { BoundExpr } from '../bound-expr.js';
import { exprKey, transformExpr } from '../expr-utils.js';
import type { LogicalPlan } from '../logical/plan-node.js';
import { mapNodeExprs, transformPlan } from '../plan-walk.js';
import type { Rule } from './rule.js';

function foldable(e: BoundExpr): boolean {
  switch (e.kind) {
    case 'call':
      return e.fn.deterministic && e.args.every((a) => a.kind === 'const');
    case 'cast':
    case 'not':
    case 'is_null':
    case 'field':
      return e.arg.kind === 'const';
    case 'coalesce':
    case 'row':
    case 'in_list':
      return (e.kind === 'in_list' ? [e.arg, ...e.list] : e.args).every((a) => a.kind === 'const');
    default:
      return false;
  }
}

function evaluate(e: BoundExpr, evaluateExpr: (e: BoundExpr) => Value): BoundExpr {
  try {
    return { kind: 'const', type: e.type, value: evaluateExpr(e) };
  } catch {
    return e;
  }
}

/** Folds `e` bottom-up; `evaluateExpr` evaluates a foldable call (`RuleContext.evaluate`). */
export function foldExpr(e: BoundExpr, evaluateExpr: (e: BoundExpr) => Value): BoundExpr {
  return transformExpr(e, (x) => {
    if (x.kind === 'and' || x.kind === 'or') {
      const absorbing = x.kind === 'and' ? false : true;
      if (x.args.some((a) => a.kind === 'const' && a.value === absorbing)) return { kind: 'const', type: x.type, value: absorbing };
      const rest = x.args.filter((a) => !(a.kind === 'const' && a.value === !absorbing));
      if (rest.length === 0) return { kind: 'const', type: x.type, value: !absorbing };
      if (rest.length === 1 && rest[0]!.type.kind === 'boolean') return rest[0]!;
      return rest.length === x.args.length ? x : { ...x, args: rest };
    }
    if (x.kind === 'case') {
      // Drop WHEN arms whose condition is constant FALSE/NULL; a leading constant TRUE decides.
      const whens = x.whens.filter((w) => !(w.cond.kind === 'const' && w.cond.value !== true));
      if (whens.length > 0 && whens[0]!.cond.kind === 'const' && whens[0]!.cond.value === true) return whens[0]!.result;
      if (whens.length === 0) return x.else;
      return whens.length === x.whens.length ? x : { ...x, whens };
    }
    if (foldable(x)) {
      const v = evaluate(x, evaluateExpr);
      return v;
    }
    return x;
  });
}

export const constantFolding: Rule = {
  name: 'constant-folding',
  apply(plan, ctx) {
    return transformPlan(plan, (node): LogicalPlan => {
      const folded = mapNodeExprs(node, (e) => {
        const f = foldExpr(e, ctx.evaluate);
        return exprKey(f) === exprKey(e) ? e : f;
      });
      if (folded.kind === 'filter' && folded.predicate.kind === 'const' && folded.predicate.value === true) return folded.input;
      return folded;
    });
  },
};
