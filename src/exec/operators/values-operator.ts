/** VALUES: evaluates its constant rows once. */
import type { ValuesNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { rowsToBatches } from '../batch-util.js';
import { compileExpr } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';

const ONE_ROW: Batch = { length: 1, columns: [] };

export async function* runValues(node: ValuesNode, env: EvalEnv): AsyncGenerator<Batch> {
  const frame = new RowFrame();
  const rows: Value[][] = [];
  for (const row of node.rows) {
    const out: Value[] = [];
    for (const e of row) {
      const c = compileExpr(e, new Map(), frame, env);
      if (c.prepare) await c.prepare(ONE_ROW);
      out.push(c.eval(0));
    }
    rows.push(out);
  }
  yield* rowsToBatches(node.columns.map((c) => c.type), rows);
}
