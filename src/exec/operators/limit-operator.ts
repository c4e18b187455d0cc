/**
 * LIMIT / OFFSET: skips `offset` rows, then passes at most `limit` rows and stops pulling.
 * WITH TIES also passes the following rows whose sort keys equal those of the last one.
 */
import type { LimitNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import { gatherBatch } from '../batch-util.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { encodeKey } from '../key-encoding.js';

export async function* runLimit(node: LimitNode, input: AsyncIterable<Batch>, env?: EvalEnv): AsyncGenerator<Batch> {
  if (node.ties && env) {
    yield* runLimitWithTies(node, input, env);
    return;
  }
  let skip = node.offset;
  let remaining = node.limit ?? Infinity;
  if (remaining <= 0) return;
  for await (const b of input) {
    let start = 0;
    if (skip > 0) {
      start = Math.min(skip, b.length);
      skip -= start;
    }
    const take = Math.min(b.length - start, remaining);
    if (take <= 0) continue;
    remaining -= take;
    if (start === 0 && take === b.length) yield b;
    else {
      const sel = new Int32Array(take);
      for (let i = 0; i < take; i++) sel[i] = start + i;
      yield gatherBatch(b, sel, take);
    }
    if (remaining <= 0) return;
  }
}

async function* runLimitWithTies(node: LimitNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const frame = new RowFrame();
  const keys = node.ties!.map((k) => compileExpr(k.expr, layoutOf(node.input.columns), frame, env));
  let skip = node.offset;
  let remaining = node.limit ?? Infinity;
  let last: string | undefined;
  for await (const b of input) {
    for (const k of keys) if (k.prepare) await k.prepare(b);
    frame.cols = b.columns;
    const sel: number[] = [];
    let done = false;
    for (let r = 0; r < b.length; r++) {
      if (skip > 0) {
        skip--;
        continue;
      }
      const key = encodeKey(keys.map((k) => k.eval(r)));
      if (remaining > 0) {
        remaining--;
        last = key;
        sel.push(r);
      } else if (key === last) sel.push(r);
      else {
        done = true;
        break;
      }
    }
    if (sel.length > 0) yield gatherBatch(b, sel, sel.length);
    if (done) return;
  }
}
