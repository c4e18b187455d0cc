/**
 * Filter fused with the projection above it: the predicate yields a selection vector and the
 * projected expressions are evaluated only at the selected rows of the input batch, so the
 * filtered batch is never materialized (only pass-through columns are gathered). Predicate and
 * projections run as vector kernels unless one holds a subquery or a lambda.
 */
import type { FilterNode, ProjectNode } from '../../plan/logical/plan-node.js';
import type { Batch, Column } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { gatherColumn } from '../batch-util.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { compileVectors } from '../vector/compile-vector.js';
import { vecToColumn } from '../vector/vec.js';
import { compileVectorFilter } from '../vector/vector-filter.js';

export async function* runFilterProject(
  project: ProjectNode,
  filter: FilterNode,
  input: AsyncIterable<Batch>,
  env: EvalEnv,
): AsyncGenerator<Batch> {
  const layout = layoutOf(filter.input.columns);
  const pass = project.exprs.map((e) => (e.kind === 'column' && layout.has(e.id) ? layout.get(e.id)! : undefined));
  const computed = project.exprs.filter((_, j) => pass[j] === undefined);
  const types = project.columns.map((c) => c.type);
  const vPred = compileVectorFilter(filter.predicate, layout, env);
  const vProj = compileVectors(computed, layout, env);
  if (vPred && vProj) {
    for await (const b of input) {
      const { sel: at, n } = vPred.select(b);
      if (n === 0) continue;
      const all = at === null;
      const sel = at!;
      const vecs = vProj.eval(b, at, n);
      let k = 0;
      yield {
        length: n,
        columns: project.exprs.map((_, j) => {
          const p = pass[j];
          if (p !== undefined) return all ? b.columns[p]! : gatherColumn(b.columns[p]!, sel, n);
          return vecToColumn(vecs[k++]!, types[j]!);
        }),
      };
    }
    return;
  }
  yield* rowFilterProject(project, filter, input, env);
}

/** The row interpreter's path, for predicates or projections with subqueries or lambdas. */
async function* rowFilterProject(
  project: ProjectNode,
  filter: FilterNode,
  input: AsyncIterable<Batch>,
  env: EvalEnv,
): AsyncGenerator<Batch> {
  const frame = new RowFrame();
  const layout = layoutOf(filter.input.columns);
  const pred = compileExpr(filter.predicate, layout, frame, env);
  const plan = project.exprs.map((e) => {
    if (e.kind === 'column' && layout.has(e.id)) return { pass: layout.get(e.id)! };
    return { expr: compileExpr(e, layout, frame, env) };
  });
  const types = project.columns.map((c) => c.type);
  let sel = new Int32Array(0);
  // Expressions with subqueries prepare per batch: they must see only the rows the filter keeps
  // (a scalar subquery may fail on a row the filter removes).
  const prepared = plan.some((p) => p.expr?.prepare);
  for await (const b of input) {
    if (pred.prepare) await pred.prepare(b);
    frame.cols = b.columns;
    if (sel.length < b.length) sel = new Int32Array(b.length);
    let n = 0;
    for (let r = 0; r < b.length; r++) if (pred.eval(r) === true) sel[n++] = r;
    if (n === 0) continue;
    const all = n === b.length;
    if (prepared) {
      const kept: Batch = all ? b : { length: n, columns: b.columns.map((c) => gatherColumn(c, sel, n)) };
      for (const p of plan) if (p.expr?.prepare) await p.expr.prepare(kept);
      frame.cols = kept.columns;
      yield {
        length: n,
        columns: plan.map((p, j) => {
          if (p.pass !== undefined) return kept.columns[p.pass]!;
          const data = new Array<Value>(n);
          for (let i = 0; i < n; i++) data[i] = p.expr!.eval(i);
          return { type: types[j]!, length: n, kind: 'values', data } as Column;
        }),
      };
      continue;
    }
    const columns: Column[] = plan.map((p, j) => {
      if (p.pass !== undefined) return all ? b.columns[p.pass]! : gatherColumn(b.columns[p.pass]!, sel, n);
      const data = new Array<Value>(n);
      const f = p.expr!.eval;
      for (let i = 0; i < n; i++) data[i] = f(sel[i]!);
      return { type: types[j]!, length: n, kind: 'values', data };
    });
    yield { length: n, columns };
  }
}
