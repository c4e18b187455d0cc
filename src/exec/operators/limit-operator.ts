/** LIMIT / OFFSET: skips `offset` rows, then passes at most `limit` rows and stops pulling. */
import type { LimitNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import { gatherBatch } from '../batch-util.js';

export async function* runLimit(node: LimitNode, input: AsyncIterable<Batch>): AsyncGenerator<Batch> {
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
