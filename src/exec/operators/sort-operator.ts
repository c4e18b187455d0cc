/** Sort: materializes its input, sorts row indexes by the key tuples (stable), re-emits in batches. */
import type { SortNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { rowAt, rowsToBatches } from '../batch-util.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { tupleComparator } from '../sort-keys.js';

export async function* runSort(node: SortNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const frame = new RowFrame();
  const layout = layoutOf(node.input.columns);
  const keyFns = node.keys.map((k) => compileExpr(k.expr, layout, frame, env));
  const rows: Value[][] = [];
  const keys: Value[][] = [];
  for await (const b of input) {
    for (const k of keyFns) if (k.prepare) await k.prepare(b);
    frame.cols = b.columns;
    for (let r = 0; r < b.length; r++) {
      rows.push(rowAt(b, r));
      keys.push(keyFns.map((k) => k.eval(r)));
    }
  }
  const cmp = tupleComparator(node.keys);
  const order = rows.map((_, i) => i);
  order.sort((a, b) => cmp(keys[a]!, keys[b]!));
  yield* rowsToBatches(
    node.columns.map((c) => c.type),
    order.map((i) => rows[i]!),
  );
}
