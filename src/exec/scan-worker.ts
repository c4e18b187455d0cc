/**
 * Entry point of a scan worker thread (run by piscina). Each worker opens the configured object
 * store and KMS once and then runs object splits; data keys live only for the split that needed
 * them (see scan/object-split.ts).
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { configFromWorker, openKms, openStore, type AegisConfig, type WorkerConfig } from '../config.js';
import { ownedBatch, transferables } from '../formats/owned-batch.js';
import type { Kms } from '../kms/kms.js';
import type { ObjectStore } from '../storage/object-store.js';
import { runObjectSplit, type SplitOutput, type SplitTask } from '../scan/object-split.js';
import { serializeError, type SerializedError } from './worker-error.js';

export interface WorkerTask extends SplitTask {
  readonly config: AegisConfig;
}

/** A task as posted to the thread: its config in the form that survives structured clone. */
export interface PostedTask extends SplitTask {
  readonly config: WorkerConfig;
}

export type WorkerResult = { ok: true; output: SplitOutput } | { ok: false; error: SerializedError };

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
export default async function runTask(task: PostedTask): Promise<WorkerResult | object> {
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
