/**
 * A filter that keeps only rows whose mark is TRUE (a top-level `mark` conjunct) over the mark
 * join that produced it becomes a SEMI join; `NOT mark` over a mark join that is not null-aware
 * (EXISTS) becomes an ANTI join. NOT IN keeps its null-aware mark join, so NULLs still filter
 * rows out as SQL requires.
 */
import type { BoundExpr } from '../bound-expr.js';
import { andAll, conjuncts, referencedColumns } from '../expr-utils.js';
import type { JoinNode, LogicalPlan } from '../logical/plan-node.js';
import { transformPlan } from '../plan-walk.js';
import type { Rule } from './rule.js';

function convert(node: LogicalPlan): LogicalPlan {
  if (node.kind !== 'project' || node.input.kind !== 'filter') return node;
  const filter = node.input;
  const join = filter.input;
  if (join.kind !== 'join' || join.joinType !== 'mark' || !join.mark) return node;
  const markId = join.mark.id;
  let type: 'semi' | 'anti' | undefined;
  const rest: BoundExpr[] = [];
  for (const c of conjuncts(filter.predicate)) {
    if (type === undefined && c.kind === 'column' && c.id === markId) type = 'semi';
    else if (type === undefined && c.kind === 'not' && c.arg.kind === 'column' && c.arg.id === markId && !join.nullAware) type = 'anti';
    else rest.push(c);
  }
  if (!type) return node;
  if (rest.some((c) => referencedColumns(c).has(markId))) return node;
  if (node.exprs.some((e) => referencedColumns(e).has(markId))) return node;
  const { mark: _m, nullAware: _n, ...base } = join;
  void _m;
  void _n;
  const semi: JoinNode = { ...base, joinType: type, columns: join.left.columns };
  const pred = andAll(rest);
  const input: LogicalPlan = pred ? { kind: 'filter', input: semi, columns: semi.columns, predicate: pred } : semi;
  return { ...node, input };
}

export const semiAntiJoin: Rule = {
  name: 'semi-anti-join',
  apply(plan) {
    return transformPlan(plan, convert);
  },
};
