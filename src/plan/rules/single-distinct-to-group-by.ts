/**
 * Aggregations whose every aggregate is DISTINCT over the same arguments (`count(DISTINCT x)`,
 * `sum(DISTINCT x), avg(DISTINCT x)`), without FILTER or ORDER BY, become two aggregations: the
 * inner groups by the keys and the arguments (one row per distinct tuple), the outer applies the
 * aggregates, no longer DISTINCT, to those rows — Trino's SingleDistinctAggregationToGroupBy.
 * The answer is the same (each distinct tuple reaches the aggregate once, NULL tuples included,
 * as the DISTINCT set holds them), and both levels run as typed hash aggregation, which spills
 * past the query's memory budget where a DISTINCT set per group could not.
 */
import { columnRef, containsSubquery, exprKey, isDeterministic } from '../expr-utils.js';
import type { PlanColumn } from '../bound-expr.js';
import type { AggregateNode, LogicalPlan } from '../logical/plan-node.js';
import { transformPlan } from '../plan-walk.js';
import type { Rule, RuleContext } from './rule.js';

function eligible(node: AggregateNode): boolean {
  if (node.groupingSets || node.setIndexColumn || node.aggregates.length === 0) return false;
  const first = node.aggregates[0]!;
  if (first.args.length === 0) return false;
  const args = first.args.map(exprKey).join('|');
  return node.aggregates.every(
    (a) => a.distinct && !a.filter && !a.orderBy && a.args.map(exprKey).join('|') === args && a.args.every((x) => isDeterministic(x) && !containsSubquery(x)),
  );
}

function rewrite(node: AggregateNode, ctx: RuleContext): LogicalPlan {
  const args = node.aggregates[0]!.args;
  const keyCols: PlanColumn[] = node.keys.map((k, i) => ({ id: ctx.newColumnId(), name: node.columns[i]!.name, type: k.type }));
  const argCols: PlanColumn[] = args.map((a, i) => ({ id: ctx.newColumnId(), name: `$distinct${i}`, type: a.type }));
  const inner: AggregateNode = {
    kind: 'aggregate',
    input: node.input,
    keys: [...node.keys, ...args],
    aggregates: [],
    columns: [...keyCols, ...argCols],
  };
  const argRefs = argCols.map(columnRef);
  return {
    ...node,
    input: inner,
    keys: keyCols.map(columnRef),
    aggregates: node.aggregates.map((a) => ({ ...a, distinct: false, args: argRefs })),
  };
}

export const singleDistinctToGroupBy: Rule = {
  name: 'single-distinct-to-group-by',
  apply(plan, ctx) {
    return transformPlan(plan, (node) => (node.kind === 'aggregate' && eligible(node) ? rewrite(node, ctx) : node));
  },
};
