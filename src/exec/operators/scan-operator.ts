/**
 * Scan: asks the table source for splits (with the projected columns, pushed filters and limit)
 * and runs them in order through the registered split runners.
 */
import { availableParallelism } from 'node:os';
import { AegisError } from '../../errors.js';
import type { ScanNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { ExecContext } from '../exec-context.js';
import { runSplit, scanRequestOf, type ScanContext, type SplitWork } from '../../plan/table-source.js';

/**
 * How many splits run at once. Object splits go to the worker pool, so this is what keeps every
 * worker busy; results are still yielded in split order, so answers do not depend on timing.
 */
const SPLITS_IN_FLIGHT = Math.max(4, availableParallelism() * 2);

/** Batches a split is read ahead of its consumer, at most. */
const MAX_AHEAD = 8;

/**
 * A split being read ahead: its batches are consumed as they come (into a buffer) while the
 * operators above work on an earlier split, and handed out in order — each batch as soon as it
 * arrives, so the head split streams.
 */
class Prefetch {
  private readonly buffer: Batch[] = [];
  private finished = false;
  private error: unknown;
  private wake: (() => void) | undefined;
  /** Resumes a reader that filled the buffer. */
  private resume: (() => void) | undefined;

  private cancelled = false;

  constructor(it: AsyncIterable<Batch>) {
    const iter = it[Symbol.asyncIterator]();
    void (async () => {
      try {
        for (;;) {
          const r = await iter.next();
          if (r.done) break;
          this.buffer.push(r.value);
          this.wake?.();
          // Read at most MAX_AHEAD batches ahead, so a split that streams (a compressed text
          // object decoded window by window) holds bounded memory.
          while (this.buffer.length >= MAX_AHEAD && !this.cancelled) await new Promise<void>((resolve) => (this.resume = resolve));
          if (this.cancelled) {
            // Nobody will read on (the scan stopped early): close the split's source.
            await iter.return?.();
            break;
          }
        }
      } catch (e) {
        this.error = e ?? new Error('split failed');
      } finally {
        this.finished = true;
        this.wake?.();
      }
    })();
  }

  /** Stops reading ahead and closes the split's source (its batches are no longer wanted). */
  cancel(): void {
    this.cancelled = true;
    this.buffer.length = 0;
    const r = this.resume;
    this.resume = undefined;
    r?.();
  }

  /** The next batch, or undefined at the end; throws the split's error. */
  async next(): Promise<Batch | undefined> {
    for (;;) {
      if (this.buffer.length > 0) {
        const b = this.buffer.shift()!;
        const r = this.resume;
        this.resume = undefined;
        r?.();
        return b;
      }
      if (this.error !== undefined) throw this.error;
      if (this.finished) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

/** Split work for a scan (see plan/table-source.ts `SplitWork`) and a counter of its rows. */
export interface ScanWork {
  readonly work: SplitWork;
  /** Each split's rows read and rows its filter kept. */
  readonly rows?: (read: number, kept: number) => void;
}

/**
 * Runs a scan's splits in order. With `work` (only for a source that runs split work) the
 * batches are what the work makes of the splits' rows: filtered rows or partial states.
 */
export async function* runScan(node: ScanNode, ctx: ExecContext, work?: ScanWork): AsyncGenerator<Batch> {
  const req = work ? { ...scanRequestOf(node), work: work.work } : scanRequestOf(node);
  const splitWorkRows = (read: number, kept: number): void => {
    ctx.stats.rowsRead += read;
    work?.rows?.(read, kept);
  };
  const sctx: ScanContext = { eval: ctx.eval, stats: ctx.stats, ...(ctx.signal ? { signal: ctx.signal } : {}), ...(work ? { splitWorkRows } : {}) };
  const splits = await node.source.planSplits(req, sctx);
  // With splitsRun, what a progress display shows as the share of the scan done.
  ctx.stats.splitsPlanned = (ctx.stats.splitsPlanned ?? 0) + splits.length;
  let remaining = node.limit ?? Infinity;
  // With a limit, run splits one at a time: most of them will not be needed.
  const window = node.limit !== undefined ? 1 : SPLITS_IN_FLIGHT;
  const inFlight: Prefetch[] = [];
  let next = 0;
  const launch = (): void => {
    while (inFlight.length < window && next < splits.length) inFlight.push(new Prefetch(runSplit(splits[next++]!, req, sctx)));
  };
  launch();
  let lastYield = performance.now();
  try {
    while (inFlight.length > 0) {
      if (remaining <= 0) return;
      const head = inFlight[0]!;
      const b = await head.next();
      if (b === undefined) {
        inFlight.shift();
        ctx.stats.splitsRun++;
        if (work) {
          // Splits that ran a partial aggregation / only a filter on their rows.
          const k = work.work.aggregate ? 'splitsAggregated' : 'splitsFiltered';
          ctx.stats[k] = (ctx.stats[k] ?? 0) + 1;
        }
        if (ctx.bytesScannedCutoff !== undefined && ctx.stats.bytesScanned > ctx.bytesScannedCutoff) {
          throw new AegisError(
            'BYTES_SCANNED_CUTOFF',
            `Query cancelled: it scanned ${ctx.stats.bytesScanned} bytes, more than the workgroup's limit of ${ctx.bytesScannedCutoff} bytes (BytesScannedCutoffPerQuery).`,
            { bytesScanned: ctx.stats.bytesScanned, cutoff: ctx.bytesScannedCutoff },
          );
        }
        launch();
        continue;
      }
      // Operators above run synchronously between batches: give the event loop a turn now and
      // then, so a cancellation (Ctrl-C, StopQueryExecution) is seen while the query runs.
      if (performance.now() - lastYield > 50) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
        if (ctx.signal?.aborted) throw new AegisError('QUERY_CANCELLED', 'Query was cancelled');
      }
      if (b.length === 0) continue;
      if (!work) ctx.stats.rowsRead += b.length;
      if (b.length > remaining) {
        const n = remaining;
        remaining = 0;
        yield { length: n, columns: b.columns.map((c) => sliceColumn(c, n)) };
        return;
      }
      remaining -= b.length;
      yield b;
    }
  } finally {
    for (const p of inFlight) p.cancel();
  }
}

function sliceColumn(c: Batch['columns'][number], n: number): Batch['columns'][number] {
  if (c.kind === 'values') return { ...c, length: n, data: c.data.slice(0, n) };
  return { ...c, length: n, data: c.data.subarray(0, n) } as Batch['columns'][number];
}
