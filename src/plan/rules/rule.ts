/** The contract of an optimizer rule. */
import type { LogicalPlan } from '../logical/plan-node.js';
import type { EvalContext } from '../../functions/registry.js';

export interface RuleContext {
  /** For constant folding: functions read the session clock/zone from here. */
  readonly eval: EvalContext;
  /** Allocates fresh column ids (rules that add columns). */
  newColumnId(): number;
}

export interface Rule {
  readonly name: string;
  /** Returns the same object when nothing changed. */
  apply(plan: LogicalPlan, ctx: RuleContext): LogicalPlan;
}
