/**
 * The pool of long-lived scan worker threads (piscina). Threads start on the first scan that
 * needs them (a `SHOW TABLES` never pays for them) and then stay up between queries, so each
 * pays the WebAssembly (parquet-wasm) warm-up once. From the bundled CLI the worker is
 * dist/scan-worker.js; from sources (tests) it is the TypeScript entry loaded through tsx.
 */
import { createRequire } from 'node:module';
import { Piscina } from 'piscina';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { SplitOutput, SplitStats } from './object-split.js';
import type { Batch } from '../types/batch.js';
import type { PostedTask, StreamMessage, WorkerResult, WorkerTask } from './scan-worker.js';
import type { GcmPartDone, GcmPartTask } from './cse-parts.js';
import type { AegisConfig } from '../config.js';
import { configToWorker } from '../config.js';
import { AegisError } from '../errors.js';
import { deserializeError } from './worker-error.js';
import { unpackBatch } from '../formats/owned-batch.js';

/** The error for a split whose thread died (an uncaught error or out of memory). */
function threadDied(uri: string, e: unknown): AegisError {
  const why = (e instanceof Error ? e.message : String(e)).slice(0, 200);
  return new AegisError(
    'INTERNAL_ERROR',
    `The scan worker thread reading ${uri} stopped unexpectedly (${why}); it has been replaced. Retry the query; if it fails again, the object may be corrupt.`,
    { uri },
    { cause: e },
  );
}

export class ScanPool {
  private pool: Piscina | undefined;
  /** Splits run on the pool so far (for tests and statistics). */
  tasksRun = 0;
  /** Parts of client-side encrypted objects decrypted on the pool so far. */
  gcmPartsRun = 0;

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
      throw threadDied(task.split.uri, e);
    }
    this.tasksRun++;
    if (!r.ok) throw deserializeError(r.error);
    if (!('output' in r)) throw new AegisError('INTERNAL_ERROR', 'A scan task streamed when asked for its output');
    return r.output;
  }

  /**
   * Runs one split on a worker thread, yielding its batches as the thread decodes them (a
   * Parquet object row group by row group), so the operators above start on the first while the
   * thread decodes the rest. Stats come last; errors as {@link run}.
   */
  async *stream(task: WorkerTask): AsyncGenerator<Batch, SplitStats> {
    const { port1, port2 } = new MessageChannel();
    const queue: Batch[] = [];
    let done = false;
    let wake: (() => void) | undefined;
    port1.on('message', (m: StreamMessage) => {
      if ('batch' in m) queue.push(unpackBatch(m.batch));
      else done = true;
      wake?.();
    });
    const posted: PostedTask = { ...task, config: configToWorker(task.config), port: port2 };
    let settled: { r?: WorkerResult; e?: unknown } | undefined;
    void this.started()
      .run(posted, { transferList: [port2] as never })
      .then(
        (r) => ({ r: r as WorkerResult }),
        (e: unknown) => ({ e }),
      )
      .then((x) => {
        settled = x;
        wake?.();
      });
    try {
      for (;;) {
        if (queue.length > 0) {
          yield queue.shift()!;
          continue;
        }
        // Done once the thread said so and its result is in (they travel on two channels); a
        // failed or dead thread's result ends the stream at once.
        if (settled && (done || settled.e !== undefined || !settled.r!.ok)) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      const { r, e } = settled;
      if (e !== undefined || !r) throw threadDied(task.split.uri, e);
      this.tasksRun++;
      if (!r.ok) throw deserializeError(r.error);
      if (!('streamed' in r)) throw new AegisError('INTERNAL_ERROR', 'A streaming scan task answered without streaming');
      return r.streamed;
    } finally {
      port1.close();
    }
  }

  /**
   * Decrypts one part of a client-side encrypted object on a worker thread (scan/cse-parts.ts).
   * The task's key copy is transferred, so only the thread holds it, and the thread wipes it.
   */
  async runGcmPart(task: GcmPartTask, config: AegisConfig): Promise<GcmPartDone> {
    let r: WorkerResult;
    try {
      const posted = { gcmPart: task, config: configToWorker(config) };
      r = (await this.started().run(posted, { transferList: [task.key.buffer] as never })) as WorkerResult;
    } catch (e) {
      throw threadDied(task.probe.descriptor.uri, e);
    }
    this.gcmPartsRun++;
    if (!r.ok) throw deserializeError(r.error);
    if (!('gcmPart' in r)) throw new AegisError('INTERNAL_ERROR', 'A decryption task answered without its part');
    return r.gcmPart;
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = undefined;
  }
}
