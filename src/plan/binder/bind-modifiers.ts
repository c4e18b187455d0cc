/** OFFSET / LIMIT binding: both must be non-negative integer constants (or `?` parameters). */
import type * as A from '../../sql/ast.js';
import type { SortKey } from '../bound-expr.js';
import type { LogicalPlan } from '../logical/plan-node.js';
import type { BinderContext } from './binder-context.js';
import { ExprBinder } from './bind-expr.js';
import { integerOf } from './bind-literal.js';
import { errAt, Scope } from './scope.js';

export interface QueryModifiers {
  orderBy: A.SortItem[];
  offset?: A.Expr;
  limit?: { count: A.Expr; withTies: boolean };
}

function constantCount(ctx: BinderContext, e: A.Expr, what: string): number {
  const b = new ExprBinder(ctx, new Scope([]), { clause: what }, new Map());
  const x = b.bind(e);
  if (x.kind !== 'const') throw errAt('SYNTAX_ERROR', `${what} must be a constant`, e.pos);
  const n = integerOf(x, what, e.pos);
  if (n < 0) throw errAt('INVALID_ARGUMENT', `${what} must be greater than or equal to 0`, e.pos);
  return n;
}

export function applyLimit(ctx: BinderContext, plan: LogicalPlan, mods: QueryModifiers): LogicalPlan {
  const offset = mods.offset ? constantCount(ctx, mods.offset, 'OFFSET row count') : 0;
  const limit = mods.limit ? constantCount(ctx, mods.limit.count, 'LIMIT row count') : undefined;
  if (offset === 0 && limit === undefined) return plan;
  let ties: SortKey[] | undefined;
  if (mods.limit?.withTies) {
    if (plan.kind !== 'sort') throw errAt('SYNTAX_ERROR', 'FETCH FIRST WITH TIES clause requires ORDER BY', mods.limit.count.pos);
    ties = plan.keys;
  }
  return { kind: 'limit', input: plan, columns: plan.columns, offset, ...(limit !== undefined ? { limit } : {}), ...(ties ? { ties } : {}) };
}
