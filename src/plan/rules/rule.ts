/** The contract of an optimizer rule. */
import type { LogicalPlan } from '../logical/plan-node.js';
import type { Value } from '../../types/value.js';
import type { BoundExpr } from '../bound-expr.js';

export interface RuleContext {
  /**
   * Evaluates an expression whose operands are all constants (constant folding), with the
   * session's clock and zone. Supplied by the engine, so the planner needs no executor.
   * @throws the evaluation's error (1/0, a bad cast); the rule then leaves the expression alone.
   */
  evaluate(e: BoundExpr): Value;
  /** Allocates fresh column ids (rules that add columns). */
  newColumnId(): number;
}

export interface Rule {
  readonly name: string;
  /** Returns the same object when nothing changed. */
  apply(plan: LogicalPlan, ctx: RuleContext): LogicalPlan;
}
