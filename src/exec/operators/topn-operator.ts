/**
 * TopN: keeps the best `offset + limit` rows in a bounded buffer (sorted insertion when small,
 * periodic sort-and-truncate otherwise) instead of sorting the whole input. A buffer past the
 * query's memory budget (a large LIMIT over wide rows) hands what it holds and the rest of its
 * input to the external sort (sort-operator.ts), and takes the rows it needs from its output.
 */
import type { SortNode, TopNNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { rowAt, rowsToBatch, rowsToBatches } from '../batch-util.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { reservationOf, valueBytes } from '../query-memory.js';
import { sortKeyAt, tupleComparator } from '../sort-keys.js';
import { compileVectors } from '../vector/compile-vector.js';
import { runSort } from './sort-operator.js';

interface Entry {
  key: Value[];
  row: Value[];
  seq: number;
  bytes: number;
}

export async function* runTopN(node: TopNNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const keep = node.limit + node.offset;
  const frame = new RowFrame();
  const layout = layoutOf(node.input.columns);
  // Keys column-at-a-time by the vector kernels (the row interpreter when one does not compile).
  const program = compileVectors(node.keys.map((k) => k.expr), layout, env);
  const keyFns = program ? [] : node.keys.map((k) => compileExpr(k.expr, layout, frame, env));
  const nk = node.keys.length;
  // A row's keys are read into `probe` and compared with the threshold before anything is kept.
  const probe = new Array<Value>(nk);
  const cmpKeys = tupleComparator(node.keys);
  const types = node.columns.map((c) => c.type);
  // Ties keep input order, as a stable sort would.
  const cmp = (a: Entry, b: Entry) => cmpKeys(a.key, b.key) || a.seq - b.seq;
  const mem = reservationOf(env.memory, 'TopN');
  let buf: Entry[] = [];
  let seq = 0;
  // The worst entry kept at the last truncation: anything not better cannot make the top.
  let threshold: Entry | undefined;
  const it = input[Symbol.asyncIterator]();
  let overflow: { batch: Batch; from: number } | undefined;
  try {
    if (keep > 0) {
      scan: for (;;) {
        const next = await it.next();
        if (next.done) break;
        const b = next.value;
        const vecs = program?.eval(b, null, b.length);
        for (const k of keyFns) if (k.prepare) await k.prepare(b);
        frame.cols = b.columns;
        for (let r = 0; r < b.length; r++) {
          if (vecs) for (let k = 0; k < nk; k++) probe[k] = sortKeyAt(vecs[k]!, r);
          else for (let k = 0; k < nk; k++) probe[k] = keyFns[k]!.eval(r);
          const s = seq++;
          // Not before the worst row kept (a tie comes later in input order): cannot make the top.
          if (threshold !== undefined && cmpKeys(probe, threshold.key) >= 0) continue;
          const key = probe.slice();
          const e: Entry = { key, row: rowAt(b, r), seq: s, bytes: 0 };
          e.bytes = 64 + valueBytes(key) + valueBytes(e.row);
          if (!mem.tryGrow(e.bytes)) {
            if (!mem.canSpill) throw mem.exceeded(e.bytes);
            overflow = { batch: b, from: r };
            break scan;
          }
          buf.push(e);
          if (buf.length >= keep * 2 + 64) {
            buf.sort(cmp);
            for (let i = keep; i < buf.length; i++) mem.shrink(buf[i]!.bytes);
            buf = buf.slice(0, keep);
            threshold = buf[buf.length - 1];
          }
        }
      }
    }
    if (overflow === undefined) {
      buf.sort(cmp);
      const rows = buf.slice(node.offset, keep).map((e) => e.row);
      yield* rowsToBatches(types, rows);
      return;
    }
    // Past the budget: sort everything held and everything still to come externally.
    buf.sort((a, b) => a.seq - b.seq);
    const held = buf.map((e) => e.row);
    buf = [];
    mem.free();
    const { batch, from } = overflow;
    async function* rest(): AsyncGenerator<Batch> {
      for (let i = 0; i < held.length; i += 4096) yield rowsToBatch(types, held.slice(i, i + 4096));
      held.length = 0;
      const tail: Value[][] = [];
      for (let r = from; r < batch.length; r++) tail.push(rowAt(batch, r));
      if (tail.length > 0) yield rowsToBatch(types, tail);
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    }
    const sortNode: SortNode = { kind: 'sort', input: node.input, columns: node.columns, keys: node.keys };
    let skip = node.offset;
    let want = node.limit;
    for await (const b of runSort(sortNode, rest(), env)) {
      const rows: Value[][] = [];
      for (let r = 0; r < b.length && want > 0; r++) {
        if (skip > 0) {
          skip--;
          continue;
        }
        rows.push(rowAt(b, r));
        want--;
      }
      if (rows.length > 0) yield rowsToBatch(types, rows);
      if (want === 0) return;
    }
  } finally {
    mem.free();
    await it.return?.();
  }
}
