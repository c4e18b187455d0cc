/**
 * Project: evaluates one expression per output column. Plain column references are passed
 * through without copying.
 */
import type { ProjectNode } from '../../plan/logical/plan-node.js';
import type { Batch, Column } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';

export async function* runProject(node: ProjectNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const frame = new RowFrame();
  const layout = layoutOf(node.input.columns);
  const plan = node.exprs.map((e) => {
    if (e.kind === 'column' && layout.has(e.id)) return { pass: layout.get(e.id)! };
    return { expr: compileExpr(e, layout, frame, env) };
  });
  const types = node.columns.map((c) => c.type);
  for await (const b of input) {
    for (const p of plan) if (p.expr?.prepare) await p.expr.prepare(b);
    frame.cols = b.columns;
    const n = b.length;
    const columns: Column[] = plan.map((p, j) => {
      if (p.pass !== undefined) return b.columns[p.pass]!;
      const data = new Array<Value>(n);
      const f = p.expr!.eval;
      for (let r = 0; r < n; r++) data[r] = f(r);
      return { type: types[j]!, length: n, kind: 'values', data };
    });
    yield { length: n, columns };
  }
}
