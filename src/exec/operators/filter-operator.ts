/**
 * Filter: computes a selection vector of the rows whose predicate is TRUE (NULL and FALSE drop
 * the row) and gathers only those; a batch that passes whole is forwarded without copying. The
 * predicate runs as vector kernels, conjunct by conjunct (vector/vector-filter.ts), unless it
 * holds a subquery or a lambda, which the row interpreter evaluates.
 */
import type { FilterNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import { gatherBatch } from '../batch-util.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { compileVectorFilter } from '../vector/vector-filter.js';

export async function* runFilter(node: FilterNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const layout = layoutOf(node.input.columns);
  const vector = compileVectorFilter(node.predicate, layout, env);
  if (vector) {
    for await (const b of input) {
      const { sel, n } = vector.select(b);
      if (n === 0) continue;
      yield sel === null ? b : gatherBatch(b, sel, n);
    }
    return;
  }
  const frame = new RowFrame();
  const pred = compileExpr(node.predicate, layout, frame, env);
  let sel = new Int32Array(0);
  for await (const b of input) {
    if (sel.length < b.length) sel = new Int32Array(b.length);
    let n = 0;
    if (pred.prepare) await pred.prepare(b);
    frame.cols = b.columns;
    for (let r = 0; r < b.length; r++) if (pred.eval(r) === true) sel[n++] = r;
    if (n === 0) continue;
    yield n === b.length ? b : gatherBatch(b, sel, n);
  }
}
