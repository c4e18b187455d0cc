/**
 * The rule-based optimizer: applies each rule (one per file under rules/) over the plan until
 * none changes it any more (bounded), and rejects a rule whose result changes the plan's output
 * columns (ids and types) — a rule may restructure, never change what the query returns.
 */
import { AegisError } from '../errors.js';
import { formatType } from '../types/sql-type.js';
import { replaceExpr } from './expr-utils.js';
import type { LogicalPlan } from './logical/plan-node.js';
import { mapNodeExprs, transformPlan } from './plan-walk.js';
import { RULES, type Rule, type RuleContext } from './rules/index.js';

const MAX_PASSES = 50;

function schemaOf(p: LogicalPlan): string {
  return p.columns.map((c) => `${c.id}:${formatType(c.type)}`).join(',');
}

export function optimize(plan: LogicalPlan, ctx: RuleContext, rules: readonly Rule[] = RULES): LogicalPlan {
  let current = plan;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    for (const rule of rules) {
      const next = rule.apply(current, ctx);
      if (next === current) continue;
      if (schemaOf(next) !== schemaOf(current)) {
        throw new AegisError('INTERNAL_ERROR', `Optimizer rule ${rule.name} changed the output schema`);
      }
      current = next;
      changed = true;
    }
    if (!changed) break;
  }
  return optimizeSubqueries(current, ctx, rules);
}

/**
 * Subqueries that stayed expressions (not decorrelated) run as plans of their own: optimize
 * them too. Done after the main fixpoint so decorrelation sees them as bound.
 */
function optimizeSubqueries(plan: LogicalPlan, ctx: RuleContext, rules: readonly Rule[]): LogicalPlan {
  return transformPlan(plan, (node) =>
    mapNodeExprs(node, (e) =>
      replaceExpr(e, (x) => {
        if (x.kind !== 'subquery') return undefined;
        const inner = optimize(x.plan, ctx, rules);
        return inner === x.plan ? x : { ...x, plan: inner };
      }),
    ),
  );
}
