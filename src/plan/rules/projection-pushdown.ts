/**
 * Projection pushdown (column pruning): walks the plan top-down with the set of columns the
 * parent needs, drops projections, aggregates and window calls nobody reads, and narrows scans
 * to the table columns actually used, so sources decode only those. The root keeps all its
 * output columns.
 */
import type { BoundExpr } from '../bound-expr.js';
import { referencedColumns } from '../expr-utils.js';
import type { LogicalPlan } from '../logical/plan-node.js';
import { nodeExprs } from '../plan-walk.js';
import type { Rule } from './rule.js';

function refs(exprs: readonly BoundExpr[], into: Set<number>): Set<number> {
  for (const e of exprs) referencedColumns(e, into);
  return into;
}

function prune(p: LogicalPlan, need: Set<number>): LogicalPlan {
  switch (p.kind) {
    case 'scan': {
      const keep = p.columns.map((c, i) => i).filter((i) => need.has(p.columns[i]!.id));
      if (keep.length === p.columns.length) return p;
      return { ...p, columns: keep.map((i) => p.columns[i]!), ordinals: keep.map((i) => p.ordinals[i]!) };
    }
    case 'values':
    case 'setop': {
      if (p.kind === 'setop') {
        const inputs = p.inputs.map((c) => prune(c, new Set(c.columns.map((x) => x.id))));
        return inputs.every((c, i) => c === p.inputs[i]) ? p : { ...p, inputs };
      }
      return p;
    }
    case 'project': {
      const keep = p.columns.map((_, i) => i).filter((i) => need.has(p.columns[i]!.id));
      const exprs = keep.map((i) => p.exprs[i]!);
      const input = prune(p.input, refs(exprs, new Set()));
      if (keep.length === p.columns.length && input === p.input) return p;
      return { ...p, input, columns: keep.map((i) => p.columns[i]!), exprs };
    }
    case 'filter':
    case 'sort':
    case 'limit':
    case 'topn':
    case 'single_row': {
      const n = refs(nodeExprs(p), new Set(need));
      const input = prune(p.input, n);
      if (input === p.input) return p;
      return { ...p, input, columns: input.columns } as LogicalPlan;
    }
    case 'aggregate': {
      const nk = p.keys.length;
      const keepAgg = p.aggregates.map((_, i) => i).filter((i) => need.has(p.columns[nk + i]!.id));
      const aggregates = keepAgg.map((i) => p.aggregates[i]!);
      const exprs = [
        ...p.keys,
        ...aggregates.flatMap((a) => [...a.args, ...(a.filter ? [a.filter] : []), ...(a.orderBy ?? []).map((k) => k.expr)]),
      ];
      const input = prune(p.input, refs(exprs, new Set()));
      if (keepAgg.length === p.aggregates.length && input === p.input) return p;
      const columns = [...p.columns.slice(0, nk), ...keepAgg.map((i) => p.columns[nk + i]!), ...(p.setIndexColumn ? [p.setIndexColumn] : [])];
      return { ...p, input, aggregates, columns };
    }
    case 'window': {
      const calls = p.calls.filter((c) => need.has(c.column.id));
      const pruned = { ...p, calls };
      const n = refs(nodeExprs(pruned), new Set([...need].filter((id) => p.input.columns.some((c) => c.id === id))));
      const input = prune(p.input, n);
      if (calls.length === p.calls.length && input === p.input) return p;
      if (calls.length === 0) return input;
      return { ...pruned, input, columns: [...input.columns, ...calls.map((c) => c.column)] };
    }
    case 'unnest': {
      const width = p.input.columns.length;
      const n = refs(p.exprs, new Set(need));
      const input = prune(p.input, n);
      if (input === p.input) return p;
      return { ...p, input, columns: [...input.columns, ...p.columns.slice(width)] };
    }
    case 'join': {
      // A LATERAL right side reads left columns the join's own expressions do not mention.
      const n = refs(nodeExprs(p), new Set([...need, ...(p.lateral ?? [])]));
      const left = prune(p.left, n);
      // Semi/anti/mark joins output only the left side; their right side keeps what its keys need.
      const right = prune(p.right, n);
      if (left === p.left && right === p.right) return p;
      const columns =
        p.joinType === 'semi' || p.joinType === 'anti'
          ? left.columns
          : p.joinType === 'mark'
            ? [...left.columns, p.mark!]
            : [...left.columns, ...right.columns];
      return { ...p, left, right, columns };
    }
  }
}

export const projectionPushdown: Rule = {
  name: 'projection-pushdown',
  apply(plan) {
    return prune(plan, new Set(plan.columns.map((c) => c.id)));
  },
};
