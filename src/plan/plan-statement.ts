/**
 * From a parsed query to an optimized logical plan: bind in the session's database, then run the
 * rule-based optimizer.
 */
import type { EvalContext } from '../functions/registry.js';
import type { Query } from '../sql/ast.js';
import type { Value } from '../types/value.js';
import type { BoundExpr } from './bound-expr.js';
import type { CatalogView } from './catalog-view.js';
import { BinderContext, type BoundParameter } from './binder/binder-context.js';
import { bindQuery } from './binder/bind-query.js';
import type { LogicalPlan } from './logical/plan-node.js';
import { optimize } from './optimizer.js';

export interface PlanOptions {
  catalog: CatalogView;
  database: string;
  params?: readonly BoundParameter[];
  eval: EvalContext;
  /** Evaluates constant expressions for constant folding (the engine supplies the executor's). */
  evaluate: (e: BoundExpr) => Value;
  parseQuery?: (sql: string) => Query;
  /** Skip the optimizer (EXPLAIN of the bound plan, debugging). */
  optimize?: boolean;
}

export function planQuery(q: Query, o: PlanOptions): LogicalPlan {
  const ctx = new BinderContext(o.catalog, o.database, o.params ?? [], o.parseQuery, o.eval.sessionTimeZone);
  const bound = bindQuery(ctx, q, undefined, new Map()).plan;
  if (o.optimize === false) return bound;
  return optimize(bound, { evaluate: o.evaluate, newColumnId: () => ctx.newId() });
}
