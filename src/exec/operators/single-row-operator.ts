/** EnforceSingleRow: a scalar subquery's input; more than one row is an error, none gives NULLs. */
import { AegisError } from '../../errors.js';
import type { EnforceSingleRowNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import { rowsToBatch } from '../batch-util.js';

export async function* runSingleRow(node: EnforceSingleRowNode, input: AsyncIterable<Batch>): AsyncGenerator<Batch> {
  let seen: Batch | undefined;
  let count = 0;
  for await (const b of input) {
    count += b.length;
    if (count > 1) throw new AegisError('INVALID_ARGUMENT', 'Scalar sub-query has returned multiple rows');
    if (b.length === 1) seen = b;
  }
  yield seen ?? rowsToBatch(node.columns.map((c) => c.type), [node.columns.map(() => null)]);
}
