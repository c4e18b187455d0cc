/**
 * The engine's scan worker pool, loaded on the first split it runs: `scan/worker-pool.ts` and
 * piscina are imported then, so a statement that reads no object (`SELECT 1`, DDL, SHOW) loads
 * neither. It answers what a {@link ScanPool} answers (`threads`, `tasksRun`, `gcmPartsRun`,
 * `run`, `stream`, `runGcmPart`, `close`) and is handed to the scan environment in its place.
 */
import type { Batch } from '../types/batch.js';
import type { SplitOutput, SplitStats } from '../scan/object-split.js';
import type { WorkerTask } from '../scan/scan-worker.js';
import type { ScanPool } from '../scan/worker-pool.js';
import type { GcmPartDone, GcmPartTask } from '../scan/cse-parts.js';
import type { AegisConfig } from '../config.js';

export class LazyScanPool {
  private loading?: Promise<ScanPool>;
  private loaded?: ScanPool;

  constructor(readonly threads: number) {}

  /** Splits run on the pool so far. */
  get tasksRun(): number {
    return this.loaded?.tasksRun ?? 0;
  }

  /** Parts of client-side encrypted objects decrypted on the pool so far. */
  get gcmPartsRun(): number {
    return this.loaded?.gcmPartsRun ?? 0;
  }

  private pool(): Promise<ScanPool> {
    this.loading ??= import('../scan/worker-pool.js').then(({ ScanPool }) => (this.loaded = new ScanPool(this.threads)));
    return this.loading;
  }

  async run(task: WorkerTask): Promise<SplitOutput> {
    return (await this.pool()).run(task);
  }

  async *stream(task: WorkerTask): AsyncGenerator<Batch, SplitStats> {
    return yield* (await this.pool()).stream(task);
  }

  async runGcmPart(task: GcmPartTask, config: AegisConfig): Promise<GcmPartDone> {
    return (await this.pool()).runGcmPart(task, config);
  }

  /** Stops the threads, if a split ever started them. */
  async close(): Promise<void> {
    if (this.loading) await (await this.loading).close();
  }

  /** The wrapper in the scan environment's `pool` slot (it answers every call the scans make). */
  asScanPool(): ScanPool {
    return this as unknown as ScanPool;
  }
}
