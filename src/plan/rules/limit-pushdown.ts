/**
 * Limit pushdown: LIMIT over ORDER BY becomes a TopN; a LIMIT passes through projections (which
 * keep row counts); a copy of `offset + limit` goes into each branch of a UNION ALL and into a
 * scan with nothing filtering above it (the Limit itself stays, so results are unchanged).
 */
import type { LogicalPlan } from '../logical/plan-node.js';
import { transformPlan } from '../plan-walk.js';
import type { Rule } from './rule.js';

function push(node: LogicalPlan): LogicalPlan {
  if (node.kind !== 'limit' || node.limit === undefined || node.ties) return node;
  const n = node.limit + node.offset;
  const input = node.input;
  switch (input.kind) {
    case 'sort':
      return { kind: 'topn', input: input.input, columns: node.columns, keys: input.keys, limit: node.limit, offset: node.offset };
    case 'project':
      if (input.exprs.some((e) => e.kind === 'subquery')) return node;
      return { ...input, input: { ...node, input: input.input, columns: input.input.columns } };
    case 'scan':
      if (input.limit !== undefined && input.limit <= n) return node;
      return { ...node, input: { ...input, limit: n } };
    case 'setop': {
      if (input.op !== 'union' || !input.all) return node;
      let changed = false;
      const inputs = input.inputs.map((c) => {
        if (c.kind === 'limit' && c.offset === 0 && c.limit !== undefined && c.limit <= n) return c;
        changed = true;
        return { kind: 'limit', input: c, columns: c.columns, offset: 0, limit: n } as LogicalPlan;
      });
      return changed ? { ...node, input: { ...input, inputs } } : node;
    }
    default:
      return node;
  }
}

export const limitPushdown: Rule = {
  name: 'limit-pushdown',
  apply(plan) {
    return transformPlan(plan, push);
  },
};
