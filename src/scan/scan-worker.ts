/**
 * Entry point of a scan worker thread (run by piscina). Each worker opens the configured object
 * store and KMS once and then runs object splits; data keys live only for the split that needed
 * them (see scan/object-split.ts).
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { openKms, openStore } from '../backends.js';
import { configFromWorker, type AegisConfig, type WorkerConfig } from '../config.js';
import { ownedBatch, packBatch, transferables } from '../formats/owned-batch.js';
import type { Kms } from '../kms/kms.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { MessagePort } from 'node:worker_threads';
import { newSplitStats, runObjectSplit, streamObjectSplit, type SplitOutput, type SplitStats, type SplitTask } from './object-split.js';
import { serializeError, type SerializedError } from './worker-error.js';
import { runGcmPart, type GcmPartDone, type GcmPartTask } from './cse-parts.js';

export interface WorkerTask extends SplitTask {
  readonly config: AegisConfig;
}

/** A task as posted to the thread: its config in the form that survives structured clone. */
export interface PostedTask extends SplitTask {
  readonly config: WorkerConfig;
  /** When set, batches stream through this port as they are decoded (then `{ done: true }`). */
  readonly port?: MessagePort;
}

/** A part of a client-side encrypted object to decrypt (scan/cse-parts.ts). */
export interface PostedGcmPart {
  readonly gcmPart: GcmPartTask;
  readonly config: WorkerConfig;
}

export type WorkerResult =
  | { ok: true; output: SplitOutput }
  | { ok: true; gcmPart: GcmPartDone }
  | { ok: true; streamed: SplitStats }
  | { ok: false; error: SerializedError };

/** What a streaming task posts on its port. */
export type StreamMessage = { batch: SplitOutput['batches'][number] } | { done: true };

const envs = new Map<string, { store: ObjectStore; kms: Kms }>();

function envFor(config: AegisConfig): { store: ObjectStore; kms: Kms } {
  const key = JSON.stringify({ ...config, sources: undefined });
  let env = envs.get(key);
  if (!env) {
    const kms = openKms(config);
    env = { store: openStore(config, kms), kms };
    envs.set(key, env);
  }
  return env;
}

/**
 * Runs one split. Batches go back by transfer, not copy: decoders may hand out views into one
 * big buffer, so each typed column first gets a buffer of its own (a copy of just its bytes).
 */
export default async function runTask(task: PostedTask | PostedGcmPart): Promise<WorkerResult | object> {
  if ('gcmPart' in task) return gcmPartTask(task);
  if (task.port) return streamTask(task, task.port);
  try {
    const { store, kms } = envFor(configFromWorker(task.config));
    const output = await runObjectSplit(task, store, kms);
    const batches = output.batches.map(ownedBatch);
    const moved = new Set(batches.flatMap(transferables));
    const result: WorkerResult = { ok: true, output: { ...output, batches } };
    return move({ [transferableSymbol]: [...moved], [valueSymbol]: result });
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

async function gcmPartTask(task: PostedGcmPart): Promise<WorkerResult> {
  try {
    const { store } = envFor(configFromWorker(task.config));
    return { ok: true, gcmPart: await runGcmPart(task.gcmPart, store) };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/**
 * Runs one split, posting each batch on `port` (by transfer) as soon as it is decoded, then
 * `{ done: true }` — also after a failure, whose error is the task's result.
 */
async function streamTask(task: PostedTask, port: MessagePort): Promise<WorkerResult> {
  const stats = newSplitStats(task.split);
  try {
    const { store, kms } = envFor(configFromWorker(task.config));
    const { port: _port, config: _config, ...splitTask } = task;
    for await (const b of streamObjectSplit(splitTask, store, kms, stats)) {
      const owned = packBatch(ownedBatch(b));
      const msg: StreamMessage = { batch: owned };
      port.postMessage(msg, [...new Set(transferables(owned))]);
    }
    return { ok: true, streamed: stats };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  } finally {
    const done: StreamMessage = { done: true };
    port.postMessage(done);
    port.close();
  }
}
