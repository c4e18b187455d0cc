/**
 * One unit of scan work over one object: read it through the crypto read path (the only way aegis
 * reads objects), decode the projected data columns with the table's format, and append the
 * partition values and pseudo-columns the query asked for. Plain data in, batches out, so it runs
 * unchanged on a worker thread or in the coordinator.
 */
import { DataKeyCache, openObject, type ProbedObject, type ReadPolicy } from '../crypto/index.js';
import type { Kms } from '../kms/kms.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { Batch, Column } from '../types/batch.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import type { FormatKind, TableColumn } from '../formats/format.js';
import type { ColumnPredicate } from '../formats/predicate.js';
import { decodeObject } from './decode-object.js';
import { readTextRange } from './read-text-range.js';
import { rangedReader } from './ranged-object.js';
import type { PositionalReader } from '../formats/format.js';
import type { ScanTopN, SplitWork } from '../plan/table-source.js';
import { applySplitWork } from '../exec/split-work.js';
import { splitTopN } from './split-topn.js';

/** Hidden columns every object-backed table has, after its data columns and partition keys. */
export const PSEUDO_COLUMNS: readonly TableColumn[] = [
  { name: '$path', type: { kind: 'varchar' } },
  { name: '$file_size', type: { kind: 'bigint' } },
  { name: '$file_modified_time', type: { kind: 'timestamp', precision: 3, withTimeZone: true } },
];

export type ObjectSplit = {
  readonly kind: 'object';
  /** Id of the engine's scan environment (stores, KMS, worker pool). */
  readonly env: string;
  readonly uri: string;
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly modifiedMs: number;
  readonly format: FormatKind;
  /** The table's data columns (no partition keys), in table order. */
  readonly dataColumns: readonly TableColumn[];
  readonly properties: Readonly<Record<string, string>>;
  /** This object's partition key values, typed, in key order. */
  readonly partitionValues: readonly Value[];
  readonly partitionTypes: readonly SqlType[];
  /** `has_encrypted_data` / `encryption_option=CSE_KMS`: look for instruction files. */
  readonly expectClientSide: boolean;
  /** The table's encryption requirements (checked again if the object is probed here). */
  readonly policy?: ReadPolicy;
  /** The object's encryption verdict from planning: the read skips a second HEAD. */
  readonly probe?: ProbedObject;
  /** Run in the coordinator thread even when a worker pool exists (a small scan). */
  readonly inline?: boolean;
  /** A byte range of an uncompressed text object this split owns. */
  readonly range?: { start: number; end: number };
  /**
   * A plain or SSE Parquet object read by several splits: this one reads the row groups whose
   * first column chunk starts in `[start, end)` (every split reads the footer itself).
   */
  readonly rowGroupBytes?: { start: number; end: number };
  /** Parquet: pushed filters as column predicates, for row-group statistics pruning. */
  readonly predicates?: readonly ColumnPredicate[];
  /**
   * A client-side encrypted object read by this many splits (row groups or byte ranges): it is
   * fetched, decrypted and authenticated once, by the coordinator, and its plaintext shared.
   */
  readonly sharedBy?: number;
  /** That shared plaintext, set by the coordinator as the split runs (never planned). */
  readonly plaintext?: SharedArrayBuffer | Uint8Array;
};

/** What one split's run reports beside its batches. */
export interface SplitStats {
  bytesScanned: number;
  objectsRead: number;
  kmsCalls: number;
  rowGroupsRead: number;
  rowGroupsSkipped: number;
  /** Rows decoded, and rows kept by the split's filter (with split work: see exec/split-work.ts). */
  rowsRead: number;
  rowsKept: number;
}

export interface SplitTask {
  readonly split: ObjectSplit;
  /** Table ordinals to produce (data columns, then partition keys, then pseudo-columns). */
  readonly columns: readonly number[];
  readonly engineRegion: string;
  readonly principal: string;
  /** Only the split's first rows by these keys are needed (a TopN pushed into the scan). */
  readonly topN?: ScanTopN;
  /** A filter and/or partial aggregation to apply to the split's rows. */
  readonly work?: SplitWork;
}

export interface SplitOutput {
  batches: Batch[];
  stats: SplitStats;
}

function constantColumn(type: SqlType, value: Value, length: number): Column {
  return { type, length, kind: 'values', data: new Array<Value>(length).fill(value) };
}

/** Runs one object split to completion. The split's data keys are wiped before it returns. */
export async function runObjectSplit(task: SplitTask, store: ObjectStore, kms: Kms): Promise<SplitOutput> {
  const stats = newSplitStats(task.split);
  const batches: Batch[] = [];
  for await (const b of streamObjectSplit(task, store, kms, stats)) batches.push(b);
  return { batches, stats };
}

/** Zeroed stats for a split; a ranged split counts its object once (in the split that starts it). */
export function newSplitStats(split: ObjectSplit): SplitStats {
  const part = split.range ?? split.rowGroupBytes;
  return { bytesScanned: 0, objectsRead: part && part.start > 0 ? 0 : 1, kmsCalls: 0, rowGroupsRead: 0, rowGroupsSkipped: 0, rowsRead: 0, rowsKept: 0 };
}

/**
 * Runs one object split, yielding its batches as they are decoded (a compressed text object
 * streams: see formats/text/text-windows.ts) and adding to `stats` as it goes. The object's
 * bytes are read (and its data keys wiped) before the first batch.
 */
export async function* streamObjectSplit(task: SplitTask, store: ObjectStore, kms: Kms, stats: SplitStats): AsyncGenerator<Batch> {
  if (task.topN) yield* splitTopN(decodeSplit(task, store, kms, stats), task.topN);
  else if (task.work) yield* applySplitWork(decodeSplit(task, store, kms, stats), task.work, stats);
  else yield* decodeSplit(task, store, kms, stats);
}

async function* decodeSplit(task: SplitTask, store: ObjectStore, kms: Kms, stats: SplitStats): AsyncGenerator<Batch> {
  const { split } = task;
  const nData = split.dataColumns.length;
  const nPart = split.partitionValues.length;
  const dataProjection = [...new Set(task.columns.filter((c) => c < nData))];

  let plaintext: Uint8Array | undefined;
  let file: PositionalReader | undefined;
  let range = split.range;
  if (split.plaintext) {
    // A share of an object the coordinator read and authenticated whole (counted there).
    plaintext = split.plaintext instanceof Uint8Array ? split.plaintext : new Uint8Array(split.plaintext);
    if (range) {
      // Ranges were planned over the stored size, which the authentication tag makes longer.
      if (range.start >= plaintext.byteLength) return;
      range = { start: range.start, end: Math.min(range.end, plaintext.byteLength) };
    }
  } else if (!range && split.format === 'parquet' && split.probe && split.probe.decision.decrypt !== 'client' && split.size > 0) {
    // Plain and SSE Parquet: footer first, then only the projected column chunks.
    file = rangedReader(store, split.bucket, split.key, split.size, {
      engineRegion: task.engineRegion,
      principal: task.principal,
      ...(split.policy ? { policy: split.policy } : {}),
    }, split.probe, (n) => (stats.bytesScanned += n));
  } else if (range) {
    // A byte range of a plain/SSE text object: read just that part (plus record realignment).
    const part = await readTextRange(store, split.bucket, split.key, split.size, range, {
      engineRegion: task.engineRegion,
      principal: task.principal,
      ...(split.policy ? { policy: split.policy } : {}),
    }, split.probe);
    plaintext = part.bytes;
    range = part.range;
    stats.bytesScanned += part.bytes.byteLength;
  } else {
    plaintext = await readWhole(task, store, kms, stats);
  }

  for await (const b of decodeObject(range ? { ...split, range } : split, dataProjection, file ?? plaintext!, stats)) {
    const columns = task.columns.map((ord): Column => {
      if (ord < nData) return b.columns[dataProjection.indexOf(ord)]!;
      if (ord < nData + nPart) return constantColumn(split.partitionTypes[ord - nData]!, split.partitionValues[ord - nData] ?? null, b.length);
      switch (ord - nData - nPart) {
        case 0:
          return constantColumn(PSEUDO_COLUMNS[0]!.type, split.uri, b.length);
        case 1:
          return constantColumn(PSEUDO_COLUMNS[1]!.type, BigInt(split.size), b.length);
        default:
          return constantColumn(PSEUDO_COLUMNS[2]!.type, { micros: split.modifiedMs * 1000, zone: 'UTC' }, b.length);
      }
    });
    yield { length: b.length, columns };
  }
}

/** Reads a whole object through the crypto read path; its data keys are wiped on return. */
async function readWhole(task: SplitTask, store: ObjectStore, kms: Kms, stats: SplitStats): Promise<Uint8Array> {
  const opened = await openWhole(task.split, task, store, kms);
  stats.kmsCalls += opened.kmsCalls;
  stats.bytesScanned += opened.bytesScanned;
  return opened.plaintext;
}

/**
 * An object's authenticated plaintext, read whole through the crypto read path, with the KMS
 * calls and bytes that took. The data keys are wiped before it returns.
 */
export async function openWhole(
  split: ObjectSplit,
  who: { readonly engineRegion: string; readonly principal: string },
  store: ObjectStore,
  kms: Kms,
  plaintextInto?: (length: number) => Uint8Array,
): Promise<{ plaintext: Uint8Array; kmsCalls: number; bytesScanned: number }> {
  const dataKeys = new DataKeyCache();
  try {
    const opened = await openObject(store, kms, split.bucket, split.key, {
      engineRegion: who.engineRegion,
      principal: who.principal,
      dataKeys,
      expectClientSide: split.expectClientSide,
      ...(split.policy ? { policy: split.policy } : {}),
      ...(plaintextInto ? { plaintextInto } : {}),
    }, split.probe);
    const bytesScanned = opened.head.size >= 0 ? opened.head.size : opened.plaintext.byteLength;
    return { plaintext: opened.plaintext, kmsCalls: opened.kmsCalls, bytesScanned };
  } finally {
    dataKeys.dispose();
  }
}
