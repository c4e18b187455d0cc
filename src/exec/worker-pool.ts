/**
 * The pool of long-lived scan worker threads (piscina). Threads start on the first scan that
 * needs them (a `SHOW TABLES` never pays for them) and then stay up between queries, so each
 * pays the WebAssembly (parquet-wasm) warm-up once. From the bundled CLI the worker is
 * dist/scan-worker.js; from sources (tests) it is the TypeScript entry loaded through tsx.
 */
import { createRequire } from 'node:module';
import { Piscina } from 'piscina';
import { pathToFileURL } from 'node:url';
import type { SplitOutput } from '../scan/object-split.js';
import type { PostedTask, WorkerResult, WorkerTask } from './scan-worker.js';
import { configToWorker } from '../config.js';
import { AegisError } from '../errors.js';
import { deserializeError } from './worker-error.js';

export class ScanPool {
  private pool: Piscina | undefined;
  /** Splits run on the pool so far (for tests and statistics). */
  tasksRun = 0;

  constructor(readonly threads: number) {}

  private started(): Piscina {
    if (!this.pool) {
      const fromSource = import.meta.url.endsWith('.ts');
      const filename = new URL(fromSource ? './scan-worker.ts' : './scan-worker.js', import.meta.url).href;
      const execArgv = fromSource ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
      this.pool = new Piscina({ filename, minThreads: this.threads, maxThreads: this.threads, idleTimeout: 60_000, execArgv });
    }
    return this.pool;
  }

  /**
   * Runs one split on a worker thread.
   * @throws the split's own AegisError; INTERNAL_ERROR naming the object when the thread itself
   *   died (an uncaught error or out of memory) — piscina starts a replacement thread, so later
   *   queries run normally.
   */
  async run(task: WorkerTask): Promise<SplitOutput> {
    let r: WorkerResult;
    try {
      const posted: PostedTask = { ...task, config: configToWorker(task.config) };
      r = (await this.started().run(posted)) as WorkerResult;
    } catch (e) {
      const why = (e instanceof Error ? e.message : String(e)).slice(0, 200);
      throw new AegisError(
        'INTERNAL_ERROR',
        `The scan worker thread reading ${task.split.uri} stopped unexpectedly (${why}); it has been replaced. Retry the query; if it fails again, the object may be corrupt.`,
        { uri: task.split.uri },
        { cause: e },
      );
    }
    this.tasksRun++;
    if (!r.ok) throw deserializeError(r.error);
    return r.output;
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = undefined;
  }
}
