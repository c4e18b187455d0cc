/**
 * TopN: keeps the best `offset + limit` rows in a bounded buffer (sorted insertion when small,
 * periodic sort-and-truncate otherwise) instead of sorting the whole input.
 */
import type { TopNNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { rowAt, rowsToBatches } from '../batch-util.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { tupleComparator } from '../sort-keys.js';

interface Entry {
  key: Value[];
  row: Value[];
  seq: number;
}

export async function* runTopN(node: TopNNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const keep = node.limit + node.offset;
  const frame = new RowFrame();
  const layout = layoutOf(node.input.columns);
  const keyFns = node.keys.map((k) => compileExpr(k.expr, layout, frame, env));
  const cmpKeys = tupleComparator(node.keys);
  // Ties keep input order, as a stable sort would.
  const cmp = (a: Entry, b: Entry) => cmpKeys(a.key, b.key) || a.seq - b.seq;
  let buf: Entry[] = [];
  let seq = 0;
  // The worst entry kept at the last truncation: anything not better cannot make the top.
  let threshold: Entry | undefined;
  if (keep > 0) {
    for await (const b of input) {
      for (const k of keyFns) if (k.prepare) await k.prepare(b);
      frame.cols = b.columns;
      for (let r = 0; r < b.length; r++) {
        const key = keyFns.map((k) => k.eval(r));
        const e: Entry = { key, row: [], seq: seq++ };
        if (threshold !== undefined && cmp(e, threshold) >= 0) continue;
        e.row = rowAt(b, r);
        buf.push(e);
        if (buf.length >= keep * 2 + 64) {
          buf.sort(cmp);
          buf = buf.slice(0, keep);
          threshold = buf[buf.length - 1];
        }
      }
    }
  }
  buf.sort(cmp);
  const rows = buf.slice(node.offset, keep).map((e) => e.row);
  yield* rowsToBatches(
    node.columns.map((c) => c.type),
    rows,
  );
}
