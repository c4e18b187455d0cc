/**
 * One unit of scan work over one object: read it through the crypto read path (the only way aegis
 * reads objects), decode the projected data columns with the table's format, and append the
 * partition values and pseudo-columns the query asked for. Plain data in, batches out, so it runs
 * unchanged on a worker thread or in the coordinator.
 */
import { DataKeyCache, openObject, type ProbedObject, type ReadPolicy } from '../crypto/index.js';
import type { Kms } from '../kms/kms.js';
import type { ObjectStore } from '../storage/object-store.js';
import { columnGet, valuesColumn, type Batch, type Column } from '../types/batch.js';
import { AegisError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import type { FormatKind, TableColumn } from '../formats/format.js';
import type { ColumnPredicate } from '../formats/predicate.js';
import { decodeObject, splitRowGroups, type DecodeOptions, type RowGroupList } from './decode-object.js';
import { bytesReader, readParquetMetadata } from '../formats/parquet/parquet-metadata.js';
import { columnExtremes, type ColumnExtremes } from '../formats/parquet/footer-stats.js';
import { readTextRange } from './read-text-range.js';
import { rangedReader } from './ranged-object.js';
import type { PositionalReader } from '../formats/format.js';
import type { ScanTopN, SplitWork } from '../plan/table-source.js';
import { applySplitWork } from '../exec/split-work.js';
import { fromPortable } from '../plan/portable-expr.js';
import { columnPredicatesOf } from './row-group-pushdown.js';
import { splitTopN, TopNSelector } from './split-topn.js';

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
  if (task.topN && latelyMaterialized(task)) yield* lateTopN(task, task.topN, store, kms, stats);
  else if (task.topN) yield* splitTopN(decodeSplit(task, store, kms, stats), task.topN);
  else if (task.work) {
    let source: SplitSource | undefined;
    const extremes = footerExtremesOf(task);
    if (extremes) {
      // min/max over whole row groups: from the footer's statistics where they are exact.
      source = await openSource(task, store, kms, stats);
      const batch = await footerExtremes(task, extremes, source, stats);
      if (batch) {
        // The split stands for the row groups' rows (as a decoding run would count them), not
        // for the two rows per group it aggregates.
        yield* applySplitWork(once(batch.batch), task.work, { rowsRead: 0, rowsKept: 0 });
        stats.rowsRead += batch.rows;
        stats.rowsKept += batch.rows;
        return;
      }
    }
    const rowFilter = rowFilterOf(task);
    yield* applySplitWork(decodeSplit(task, store, kms, stats, { ...(rowFilter ? { rowFilter } : {}), ...(source ? { source } : {}) }), task.work, stats);
  }
  else yield* decodeSplit(task, store, kms, stats);
}

/**
 * A Parquet split's filter conjuncts that the decoder can test on its own columns first
 * (`col op const`, IN, BETWEEN, IS [NOT] NULL), so the other columns are decoded only at the rows
 * that pass. The split's filter still runs on every row that comes out.
 */
function rowFilterOf(task: SplitTask): ColumnPredicate[] | undefined {
  const { split, work } = task;
  if (split.format !== 'parquet' || !work?.filter) return undefined;
  // Plan column id → the table's data column it reads (conjuncts name columns by plan id).
  const byId: TableColumn[] = [];
  work.columns.forEach((c, i) => {
    const ord = task.columns[i];
    if (ord !== undefined && ord < split.dataColumns.length) byId[c.id] = split.dataColumns[ord]!;
  });
  const predicates = columnPredicatesOf([fromPortable(work.filter)], byId);
  return predicates.length > 0 ? predicates : undefined;
}

/** Which extremes of a column the aggregates of a split read. */
type Need = 'none' | 'min' | 'max' | 'both';

/**
 * For a Parquet split whose work is a global `min`/`max` of table columns (no filter, no keys,
 * nothing else): for each of the split's columns, which extremes the aggregates read. Else undefined.
 */
function footerExtremesOf(task: SplitTask): Need[] | undefined {
  const { split, work } = task;
  const agg = work?.aggregate;
  if (split.format !== 'parquet' || !work || work.filter || !agg || agg.keys.length > 0 || agg.aggregates.length === 0) return undefined;
  const used: Need[] = task.columns.map(() => 'none');
  for (const a of agg.aggregates) {
    const arg = a.args[0];
    if ((a.fn.name !== 'min' && a.fn.name !== 'max') || a.args.length !== 1 || a.filter || arg?.kind !== 'column') return undefined;
    const at = work.columns.findIndex((c) => c.id === arg.id);
    if (at < 0) return undefined;
    const need = a.fn.name as 'min' | 'max';
    used[at] = used[at] === 'none' || used[at] === need ? need : 'both';
  }
  return used;
}

/**
 * The extremes of a split's row groups as a batch of two rows per row group (its minima, its
 * maxima) over the split's columns, which `min`/`max` aggregate exactly as they would the rows
 * themselves; with the number of rows they stand for. Undefined when some statistic is not exact.
 */
async function footerExtremes(task: SplitTask, used: readonly Need[], source: SplitSource, stats: SplitStats): Promise<{ batch: Batch; rows: number } | undefined> {
  const { split } = task;
  const reader = source.file ?? (source.plaintext ? bytesReader(source.plaintext) : undefined);
  if (!reader) return undefined;
  const md = await readParquetMetadata(split.uri, reader);
  const groups = (splitRowGroups(split, md) ?? md.row_groups.map((_, i) => i)).filter((g) => Number(md.row_groups[g]!.num_rows) > 0);
  const nData = split.dataColumns.length;
  // Each used column's statistics reader, resolved once (a partition key or pseudo-column is one
  // value per object: those splits decode instead, cheaply).
  const readers: (((rg: number) => ColumnExtremes | undefined) | undefined)[] = [];
  for (let j = 0; j < task.columns.length; j++) {
    if (used[j] === 'none') continue;
    const ord = task.columns[j]!;
    const col = ord < nData ? split.dataColumns[ord]! : undefined;
    readers[j] = col && columnExtremes(md, col.name, col.type);
    if (!readers[j]) return undefined;
  }
  const cells: Value[][] = task.columns.map(() => []);
  let rows = 0;
  for (const g of groups) {
    for (let j = 0; j < task.columns.length; j++) {
      const need = used[j]!;
      if (need === 'none') {
        cells[j]!.push(null, null);
        continue;
      }
      const e = readers[j]!(g);
      const lo = need === 'max' ? e?.max : e?.min;
      const hi = need === 'min' ? e?.min : e?.max;
      if (lo === undefined || hi === undefined) return undefined;
      cells[j]!.push(lo, hi);
    }
    rows += Number(md.row_groups[g]!.num_rows);
  }
  stats.rowGroupsRead += groups.length;
  const types = task.work!.columns.map((c) => c.type);
  return { batch: { length: 2 * groups.length, columns: cells.map((data, j) => valuesColumn(types[j]!, data)) }, rows };
}

async function* once(b: Batch): AsyncGenerator<Batch> {
  if (b.length > 0) yield b;
}

/** A Parquet split's TopN that needs data columns besides its keys: those wait for the winners. */
function latelyMaterialized(task: SplitTask): boolean {
  if (task.split.format !== 'parquet' || !task.topN) return false;
  const keys = new Set(task.topN.keys.map((k) => task.columns[k.column]));
  return task.columns.some((ord) => ord < task.split.dataColumns.length && !keys.has(ord));
}

/**
 * A split's TopN with late materialization (Parquet): the key columns of every row group are
 * decoded first and the split's top rows chosen from them; then only the row groups holding
 * those rows are decoded with the other columns, and just those rows are kept. An
 * `ORDER BY k LIMIT n` over wide rows decodes the wide columns of a few row groups, not all.
 */
async function* lateTopN(task: SplitTask, topN: ScanTopN, store: ObjectStore, kms: Kms, stats: SplitStats): AsyncGenerator<Batch> {
  const source = await openSource(task, store, kms, stats);
  const keyTask: SplitTask = { ...task, columns: topN.keys.map((k) => task.columns[k.column]!) };
  const top = new TopNSelector<null>(topN.keys.map((k, i) => ({ ...k, column: i })), topN.limit);
  let groups: RowGroupList = [];
  let seq = 0;
  const scratch = new Array<Value>(topN.keys.length);
  for await (const b of decodeSplit(keyTask, store, kms, stats, { source, onRowGroups: (g) => (groups = g) })) {
    for (let r = 0; r < b.length; r++, seq++) {
      for (let i = 0; i < b.columns.length; i++) scratch[i] = columnGet(b.columns[i]!, r);
      if (top.wants(scratch)) top.add(scratch.slice(), seq, null);
    }
  }
  const winners = top.result();
  if (winners.length === 0) return;
  // Row order position → (row group, row within it).
  const starts: number[] = [];
  let total = 0;
  for (const g of groups) {
    starts.push(total);
    total += g.rows;
  }
  if (total !== seq) throw new AegisError('INTERNAL_ERROR', `${task.split.uri}: ${seq} rows decoded where the row groups hold ${total}`);
  const groupOf = (pos: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const winnerGroups = winners.map((w) => groupOf(w.seq));
  const needed = [...new Set(winnerGroups)].sort((a, b) => a - b);
  // Positions of the winners among the rows of just the needed row groups, decoded in order.
  const neededStart = new Map<number, number>();
  let before = 0;
  for (const gi of needed) {
    neededStart.set(gi, before);
    before += groups[gi]!.rows;
  }
  const at = new Map(winners.map((w, i) => [neededStart.get(winnerGroups[i]!)! + (w.seq - starts[winnerGroups[i]!]!), w.seq] as const));
  const rows = new Map<number, Value[]>();
  let types: Column['type'][] | undefined;
  let pos = 0;
  // Row groups are counted once, in the first pass (bytes fetched by range count as they come).
  const again: SplitStats = { ...stats };
  for await (const b of decodeSplit(task, store, kms, again, { source, rowGroups: needed.map((gi) => groups[gi]!.index) })) {
    types ??= b.columns.map((c) => c.type);
    for (let r = 0; r < b.length; r++, pos++) {
      const s = at.get(pos);
      if (s !== undefined) rows.set(s, b.columns.map((c) => columnGet(c, r)));
    }
  }
  if (pos !== before || types === undefined) throw new AegisError('INTERNAL_ERROR', `${task.split.uri}: the second pass of a TopN read ${pos} rows where ${before} were expected`);
  const kept = winners.map((w) => rows.get(w.seq)!);
  yield { length: kept.length, columns: types.map((t, j) => valuesColumn(t, kept.map((row) => row[j] ?? null))) };
}

/** What a split decodes from: the whole plaintext, or (plain and SSE Parquet) a ranged reader. */
interface SplitSource {
  readonly plaintext?: Uint8Array;
  readonly file?: PositionalReader;
  /** The split's byte range within `plaintext` (text splits). */
  readonly range?: { start: number; end: number };
}

async function* decodeSplit(task: SplitTask, store: ObjectStore, kms: Kms, stats: SplitStats, opts: DecodeOptions & { source?: SplitSource } = {}): AsyncGenerator<Batch> {
  const { split } = task;
  const nData = split.dataColumns.length;
  const nPart = split.partitionValues.length;
  const dataProjection = [...new Set(task.columns.filter((c) => c < nData))];
  const source = opts.source ?? (await openSource(task, store, kms, stats));
  if (source.plaintext === undefined && source.file === undefined) return;
  const { plaintext, file, range } = source;

  for await (const b of decodeObject(range ? { ...split, range } : split, dataProjection, file ?? plaintext!, stats, opts)) {
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

/** Opens a split's bytes (nothing to read: neither field set, e.g. a range past a shared plaintext's end). */
async function openSource(task: SplitTask, store: ObjectStore, kms: Kms, stats: SplitStats): Promise<SplitSource> {
  const { split } = task;
  let plaintext: Uint8Array | undefined;
  let file: PositionalReader | undefined;
  let range = split.range;
  if (split.plaintext) {
    // A share of an object the coordinator read and authenticated whole (counted there).
    plaintext = split.plaintext instanceof Uint8Array ? split.plaintext : new Uint8Array(split.plaintext);
    if (range) {
      // Ranges were planned over the stored size, which the authentication tag makes longer.
      if (range.start >= plaintext.byteLength) return {};
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
  return { ...(plaintext ? { plaintext } : {}), ...(file ? { file } : {}), ...(range ? { range } : {}) };
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
