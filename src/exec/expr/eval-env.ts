/**
 * What compiled expressions read at run time besides the current batch: the session context for
 * functions, bound `?` parameters, values of correlated outer columns, and a way to run a
 * subquery plan (supplied by the executor, which the expression layer does not import).
 */
import type { EvalContext } from '../../functions/registry.js';
import type { LogicalPlan } from '../../plan/logical/plan-node.js';
import type { Column } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import type { QueryMemory } from '../query-memory.js';

export interface EvalEnv {
  readonly ctx: EvalContext;
  readonly params: readonly Value[];
  /** Values of columns of enclosing queries (correlated references), by column id. */
  readonly outer: ReadonlyMap<number, Value>;
  /** Runs a subquery plan with extra outer bindings and returns all its rows. */
  runSubquery(plan: LogicalPlan, outer: ReadonlyMap<number, Value>): Promise<Value[][]>;
  /** The query's memory budget (none: unbounded, nothing spills). */
  readonly memory?: QueryMemory;
}

/**
 * The mutable cursor compiled expressions read: the columns of the batch being evaluated and
 * the current lambda parameter values. One frame per operator; never shared across operators.
 */
export class RowFrame {
  cols: Column[] = [];
  lambda: Value[] = [];
}
