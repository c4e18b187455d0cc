/**
 * Project: evaluates one expression per output column. Plain column references are passed
 * through without copying; the other expressions run as vector kernels (sharing common
 * subexpressions) unless one holds a subquery or a lambda, when the row interpreter runs them.
 */
import type { ProjectNode } from '../../plan/logical/plan-node.js';
import type { Batch, Column } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { compileVectors } from '../vector/compile-vector.js';
import { vecToColumn } from '../vector/vec.js';

export async function* runProject(node: ProjectNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const frame = new RowFrame();
  const layout = layoutOf(node.input.columns);
  const pass = node.exprs.map((e) => (e.kind === 'column' && layout.has(e.id) ? layout.get(e.id)! : undefined));
  const computed = node.exprs.filter((_, j) => pass[j] === undefined);
  const types = node.columns.map((c) => c.type);
  const vector = compileVectors(computed, layout, env);
  const rowExprs = vector ? [] : computed.map((e) => compileExpr(e, layout, frame, env));
  for await (const b of input) {
    const n = b.length;
    let computedCols: Column[];
    if (vector) {
      const vecs = vector.eval(b, null, n);
      let k = 0;
      computedCols = node.exprs.flatMap((_, j) => (pass[j] === undefined ? [vecToColumn(vecs[k++]!, types[j]!)] : []));
    } else {
      for (const p of rowExprs) if (p.prepare) await p.prepare(b);
      frame.cols = b.columns;
      let k = 0;
      computedCols = node.exprs.flatMap((_, j) => {
        if (pass[j] !== undefined) return [];
        const f = rowExprs[k++]!.eval;
        const data = new Array<Value>(n);
        for (let r = 0; r < n; r++) data[r] = f(r);
        return [{ type: types[j]!, length: n, kind: 'values', data } as Column];
      });
    }
    let k = 0;
    yield { length: n, columns: node.exprs.map((_, j) => (pass[j] !== undefined ? b.columns[pass[j]!]! : computedCols[k++]!)) };
  }
}
