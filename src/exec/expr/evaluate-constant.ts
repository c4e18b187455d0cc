/**
 * Evaluates an expression without input rows (all its operands constants), as the optimizer's
 * constant folding needs. The planner receives this through its rule context
 * (`RuleContext.evaluate`, supplied by the engine) rather than importing the executor, so `plan`
 * does not depend on `exec`.
 */
import type { EvalContext } from '../../functions/registry.js';
import type { BoundExpr } from '../../plan/bound-expr.js';
import type { Value } from '../../types/value.js';
import { compileExpr } from './compile-expr.js';
import { RowFrame } from './eval-env.js';

/**
 * The value of `e` evaluated once, with no columns, parameters or outer row in scope.
 * @throws whatever evaluating `e` throws (division by zero, an invalid cast …); a subquery is
 *   never evaluated here.
 */
export function evaluateConstant(e: BoundExpr, ev: EvalContext): Value {
  const c = compileExpr(e, new Map(), new RowFrame(), {
    ctx: ev,
    params: [],
    outer: new Map(),
    runSubquery: () => Promise.reject(new Error('unreachable')),
  });
  return c.eval(0);
}
