/**
 * The work a scan split does on its own rows before they leave it (plan/table-source.ts
 * `SplitWork`): a filter, then optionally a partial aggregation whose states the coordinator's
 * final aggregation merges. It runs where the split runs — on a scan worker thread, so filters
 * and aggregation use every core instead of the coordinator's one.
 */
import { AegisError } from '../errors.js';
import { aggregateFromPortable, fromPortable } from '../plan/portable-expr.js';
import type { SplitWork } from '../plan/table-source.js';
import type { Batch } from '../types/batch.js';
import { releaseBatchBuffers } from '../types/buffer-pool.js';
import { gatherBatch } from './batch-util.js';
import { layoutOf } from './expr/compile-expr.js';
import type { EvalEnv } from './expr/eval-env.js';
import { vectorAggregate } from './operators/vector-aggregate.js';
import { compileVectorFilter } from './vector/vector-filter.js';

/** The expression environment of a split's work: its session and parameters, nothing else. */
function workEnv(work: SplitWork): EvalEnv {
  return {
    ctx: { sessionTimeZone: work.session.timeZone, now: new Date(work.session.nowMs), random: Math.random },
    params: work.params,
    outer: new Map(),
    runSubquery: () => {
      throw new AegisError('INTERNAL_ERROR', 'A subquery reached a scan split');
    },
  };
}

/** Rows kept by a split's filter, counted for EXPLAIN ANALYZE and the query's statistics. */
export interface SplitWorkCounts {
  rowsRead: number;
  rowsKept: number;
}

/** Applies `work` to a split's batches (columns: `work.columns`). */
export async function* applySplitWork(input: AsyncIterable<Batch>, work: SplitWork, counts: SplitWorkCounts): AsyncGenerator<Batch> {
  const env = workEnv(work);
  const predicate = work.filter && fromPortable(work.filter);
  const read = counted(input, counts, predicate === undefined);
  if (!work.aggregate) {
    if (!predicate) return yield* read;
    const filter = compileVectorFilter(predicate, layoutOf(work.columns), env);
    if (!filter) throw new AegisError('INTERNAL_ERROR', 'A split filter did not compile to vectors');
    for await (const b of read) {
      const { sel, n } = filter.select(b);
      counts.rowsKept += n;
      if (n > 0) yield sel === null ? b : gatherBatch(b, sel, n);
    }
    return;
  }
  const node = {
    keys: work.aggregate.keys.map(fromPortable),
    aggregates: work.aggregate.aggregates.map(aggregateFromPortable),
    columns: [],
    input: { columns: work.columns },
  };
  // The filter runs fused: its selection feeds the keys and arguments, no batch is gathered. The
  // aggregation keeps nothing of a batch once it asks for the next: the batch's column buffers
  // go back to the thread's pool for the next row group's columns.
  const partial = vectorAggregate(node, released(read), env, {
    mode: 'partial',
    ...(predicate ? { filter: { predicate, count: (n: number) => (counts.rowsKept += n) } } : {}),
  });
  if (!partial) throw new AegisError('INTERNAL_ERROR', 'A split aggregation is not vectorizable');
  yield* partial;
}

/** Yields each batch, then gives its buffers back (see types/buffer-pool.ts). */
async function* released(input: AsyncIterable<Batch>): AsyncGenerator<Batch> {
  for await (const b of input) {
    yield b;
    releaseBatchBuffers(b);
  }
}

/** Counts the rows read (and, with no filter, kept). */
async function* counted(input: AsyncIterable<Batch>, counts: SplitWorkCounts, keepAll: boolean): AsyncGenerator<Batch> {
  for await (const b of input) {
    counts.rowsRead += b.length;
    if (keepAll) counts.rowsKept += b.length;
    yield b;
  }
}
