/**
 * The table source of an external table whose data are objects in the store:
 * prunes partitions (catalog index or partition projection, without listing), lists each
 * location's data objects, checks every object's encryption verdict before any split runs — so a
 * table holding one unreadable object fails the query before a row is produced — and plans one
 * split per object. Splits run on the engine's worker pool when it has one.
 */
import type { Catalog, TableMeta } from '../catalog/catalog.js';
import type { PartitionFilter } from '../catalog/partition-filter.js';
import { partitionValueToSql } from '../catalog/partition-value.js';
import { projectPartitions } from '../catalog/projection/project-partitions.js';
import { projectionEnabled } from '../catalog/projection/projection-config.js';
import { probeObject, type ProbedObject } from '../crypto/index.js';
import { compressionOf } from '../formats/text/decompress.js';
import { planSplits as planTextRanges } from '../formats/text/split-range.js';
import { AegisError } from '../errors.js';
import { formatForSerde, type TableColumn } from '../formats/format.js';
import type { BoundExpr } from '../plan/bound-expr.js';
import type { FilterSupport, ScanContext, ScanRequest, Split, TableSource } from '../plan/table-source.js';
import { registerSplitRunner } from '../plan/table-source.js';
import type { Value } from '../types/value.js';
import { listDataObjects, type DataObject } from './list-objects.js';
import { PSEUDO_COLUMNS, newSplitStats, openWhole, streamObjectSplit, type ObjectSplit, type SplitStats } from './object-split.js';
import type { Batch } from '../types/batch.js';
import { conjuncts, constraintOf, partitionFilterOf, type PartitionKeyMap } from './partition-pushdown.js';
import { columnPredicateOf, columnPredicatesOf } from './row-group-pushdown.js';
import { formatPredicate } from '../formats/predicate.js';
import { expectsClientSide, tableReadPolicy } from './table-read-policy.js';
import { openCseInParts } from './cse-parts.js';
import { DEFAULT_INLINE_SCAN_BYTES, DEFAULT_PARQUET_SPLIT_BYTES, DEFAULT_TEXT_SPLIT_BYTES, scanEnvironment, type ScanEnvironment } from './scan-environment.js';

/** Parallel HEADs while planning. */
const PROBE_CONCURRENCY = 16;

interface Location {
  uri: string;
  values: readonly (string | null)[];
}

export class ObjectTableSource implements TableSource {
  readonly columns: TableSource['columns'];
  readonly runsSplitWork = true;
  private readonly keys: PartitionKeyMap;

  constructor(readonly table: TableMeta, private readonly catalog: Catalog, private readonly env: ScanEnvironment) {
    this.columns = [
      ...table.columns.map((c) => ({ name: c.name, type: c.type })),
      ...table.partitionKeys.map((c) => ({ name: c.name, type: c.type })),
      ...PSEUDO_COLUMNS.map((c) => ({ ...c, hidden: true })),
    ];
    const n = table.columns.length;
    this.keys = new Map(table.partitionKeys.map((k, i) => [n + i, { name: k.name, type: k.type }]));
  }

  private get dataColumns(): TableColumn[] {
    return this.table.columns.map((c) => ({ name: c.name, type: c.type }));
  }

  /** Parquet tables also take data-column comparisons, for row-group statistics pruning. */
  private get prunesRowGroups(): boolean {
    return formatForSerde(this.table.storage.serdeLib) === 'parquet';
  }

  supportsFilter(f: BoundExpr): FilterSupport {
    const cols = this.prunesRowGroups ? this.dataColumns : [];
    return conjuncts(f).some((c) => constraintOf(c, this.keys) !== undefined || columnPredicateOf(c, cols) !== undefined) ? 'inexact' : 'unsupported';
  }

  private partitionFilter(req: ScanRequest): PartitionFilter {
    return partitionFilterOf(req.filters, this.keys);
  }

  /** The locations to list after partition pruning, and the catalog's partition count (-1: unpartitioned or projected). */
  private locations(req: ScanRequest): { locations: Location[]; total: number } {
    const t = this.table;
    if (t.partitionKeys.length === 0) return { locations: [{ uri: t.storage.location, values: [] }], total: -1 };
    const filter = this.partitionFilter(req);
    if (projectionEnabled(t.parameters)) {
      const parts = projectPartitions(t, filter);
      return { locations: parts.map((p) => ({ uri: p.location, values: p.values })), total: -1 };
    }
    const parts = this.catalog.listPartitions(t.database, t.name, filter);
    return {
      locations: parts.map((p) => ({ uri: p.location, values: p.values })),
      total: this.catalog.countPartitions(t.database, t.name),
    };
  }

  explain(req: ScanRequest): string {
    const t = this.table;
    const notes = [`table: ${t.database}.${t.name}`, `location: ${t.storage.location}`];
    if (t.partitionKeys.length > 0) {
      const { locations, total } = this.locations(req);
      notes.push(total >= 0 ? `partitions: ${locations.length}/${total} selected, ${total - locations.length} pruned` : `partitions: ${locations.length} projected`);
    }
    const predicates = this.prunesRowGroups ? columnPredicatesOf(req.filters, this.dataColumns) : [];
    if (predicates.length > 0) notes.push(`row-group filters: [${predicates.map(formatPredicate).join(', ')}]`);
    return notes.join(', ');
  }

  async planSplits(req: ScanRequest, ctx: ScanContext): Promise<Split[]> {
    const t = this.table;
    const format = formatForSerde(t.storage.serdeLib);
    if (!format) {
      throw new AegisError('NOT_SUPPORTED', `Table ${t.database}.${t.name} uses SerDe ${t.storage.serdeLib}, which aegis cannot read`, { table: `${t.database}.${t.name}` });
    }
    const { locations, total } = this.locations(req);
    if (total >= 0) {
      ctx.stats.partitionsTotal = (ctx.stats.partitionsTotal ?? 0) + total;
      ctx.stats.partitionsPruned = (ctx.stats.partitionsPruned ?? 0) + (total - locations.length);
    }
    const properties = { ...t.parameters, ...t.storage.serdeProperties };
    const expectClientSide = expectsClientSide(t.parameters);
    const policy = tableReadPolicy(t, this.env);
    const partitionTypes = t.partitionKeys.map((k) => k.type);
    const dataColumns = this.dataColumns;
    const predicates = format === 'parquet' ? columnPredicatesOf(req.filters, dataColumns) : [];

    const found: { obj: DataObject; values: Value[] }[] = [];
    for (const loc of locations) {
      const values = loc.values.map((v, i): Value => partitionValueToSql(t.partitionKeys[i]!.name, v, partitionTypes[i]!));
      for (const obj of await listDataObjects(this.env.store, loc.uri)) found.push({ obj, values });
    }
    ctx.stats.objectsListed = (ctx.stats.objectsListed ?? 0) + found.length;

    // Every object's verdict before any split runs: refusals fail the query up front.
    const bucketRegions = new Map<string, string>();
    const probes: ProbedObject[] = [];
    for (let i = 0; i < found.length; i += PROBE_CONCURRENCY) {
      const settled = await Promise.allSettled(
        found.slice(i, i + PROBE_CONCURRENCY).map(({ obj }) =>
          probeObject(this.env.store, obj.bucket, obj.key, {
            engineRegion: this.env.region,
            principal: this.env.principal,
            expectClientSide,
            bucketRegions,
            policy,
          }),
        ),
      );
      // The first refusal in path order, whichever HEAD answered first: the same query over the
      // same objects fails with the same error.
      const refused = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (refused) throw refused.reason;
      for (const r of settled) if (r.status === 'fulfilled') probes.push(r.value);
    }

    // Parquet with no data column wanted (count(*), partition keys, $path): the footer is all a
    // split reads, so one split per object, run in this thread (no thread hop for a footer).
    const footerOnly = format === 'parquet' && !req.columns.some((c) => c < dataColumns.length);
    const splitBytes = this.env.textSplitBytes ?? DEFAULT_TEXT_SPLIT_BYTES;
    const parquetSplitBytes = this.env.parquetSplitBytes ?? DEFAULT_PARQUET_SPLIT_BYTES;
    const splittable = format === 'lazy-simple' || format === 'hive-json' || format === 'openx-json';
    const splits = found.flatMap(({ obj, values }, i): ObjectSplit[] => {
      const base: ObjectSplit = {
        kind: 'object',
        env: this.env.id,
        uri: obj.uri,
        bucket: obj.bucket,
        key: obj.key,
        size: obj.size,
        modifiedMs: obj.lastModified.getTime(),
        format,
        dataColumns,
        properties,
        partitionValues: values,
        partitionTypes,
        expectClientSide,
        policy,
        probe: probes[i]!,
        ...(predicates.length > 0 ? { predicates } : {}),
      };
      // A client-side encrypted object is authenticated whole (GCM covers every byte): with a
      // worker pool the coordinator reads it once and its splits share the plaintext.
      const client = probes[i]!.decision.decrypt === 'client';
      if (footerOnly && !client) return [{ ...base, inline: true }];
      const shares = client && this.env.pool !== undefined;
      // A large Parquet object is read by several splits, each taking the row groups that start
      // in its byte range.
      if (format === 'parquet' && obj.size > parquetSplitBytes && (!client || shares)) {
        const ranges = planTextRanges(obj.size, parquetSplitBytes);
        return ranges.map((r) => ({ ...base, rowGroupBytes: r, ...(client ? { sharedBy: ranges.length } : {}) }));
      }
      // Byte ranges only where a range can be decoded on its own: uncompressed text.
      if (!splittable || obj.size <= splitBytes || compressionOf(obj.uri) !== 'none' || (client && !shares)) return [base];
      const ranges = planTextRanges(obj.size, splitBytes);
      return ranges.map((range) => ({ ...base, range, ...(client ? { sharedBy: ranges.length } : {}) }));
    });
    // A scan this small finishes before a thread hop would pay off: run it in this thread.
    const bytes = found.reduce((n, f) => n + f.obj.size, 0);
    return bytes < (this.env.inlineScanBytes ?? DEFAULT_INLINE_SCAN_BYTES) ? splits.map((sp) => ({ ...sp, inline: true })) : splits;
  }
}

function addStats(ctx: ScanContext, s: SplitStats): void {
  ctx.stats.bytesScanned += s.bytesScanned;
  for (const k of ['objectsRead', 'kmsCalls', 'rowGroupsRead', 'rowGroupsSkipped'] as const) {
    ctx.stats[k] = (ctx.stats[k] ?? 0) + s[k];
  }
  // With split work the rows leaving the split are not the rows read: the split counts them.
  if (ctx.splitWorkRows) ctx.splitWorkRows(s.rowsRead, s.rowsKept);
}

/** A client-side encrypted object's plaintext, shared by the splits of one scan that read it. */
interface SharedObject {
  readonly plaintext: Promise<SharedArrayBuffer>;
  /** Splits of the object yet to finish; at 0 the scan lets go of the plaintext. */
  remaining: number;
}

const sharedObjects = new WeakMap<ScanContext, Map<string, SharedObject>>();

/**
 * Reads, decrypts and authenticates a client-side encrypted object once per scan, into a
 * SharedArrayBuffer its splits' threads read without a copy. A failure (a tampered object, a
 * KMS refusal) fails every split of the object before any of its rows is decoded.
 */
function sharedPlaintext(s: ObjectSplit, env: ScanEnvironment, ctx: ScanContext): SharedObject {
  let objects = sharedObjects.get(ctx);
  if (!objects) sharedObjects.set(ctx, (objects = new Map()));
  let shared = objects.get(s.uri);
  if (!shared) {
    const inShared = (length: number): Uint8Array => new Uint8Array(new SharedArrayBuffer(length));
    const opened = openCseInParts(s.probe, env).then(async (o) => o ?? (await openWhole(s, { engineRegion: env.region, principal: env.principal }, env.store, env.kms, inShared)));
    const plaintext = opened.then((o) => {
      ctx.stats.bytesScanned += o.bytesScanned;
      ctx.stats.kmsCalls = (ctx.stats.kmsCalls ?? 0) + o.kmsCalls;
      if (o.plaintext.buffer instanceof SharedArrayBuffer && o.plaintext.byteOffset === 0 && o.plaintext.byteLength === o.plaintext.buffer.byteLength) return o.plaintext.buffer;
      // Not decrypted in place (legacy CBC): one copy into shared memory.
      const sab = new SharedArrayBuffer(o.plaintext.byteLength);
      new Uint8Array(sab).set(o.plaintext);
      return sab;
    });
    // Every split awaits it; one that is never run must not leave an unhandled rejection.
    plaintext.catch(() => {});
    shared = { plaintext, remaining: s.sharedBy ?? 1 };
    objects.set(s.uri, shared);
  }
  return shared;
}

function releaseShared(s: ObjectSplit, ctx: ScanContext): void {
  const objects = sharedObjects.get(ctx);
  const shared = objects?.get(s.uri);
  if (shared && --shared.remaining <= 0) objects!.delete(s.uri);
}

registerSplitRunner('object', async function* (split, req, ctx) {
  const planned = split as unknown as ObjectSplit;
  const env = scanEnvironment(planned.env);
  if (!env) throw new AegisError('INTERNAL_ERROR', `Scan environment ${planned.env} is gone (engine closed?)`);
  if (ctx.signal?.aborted) throw new AegisError('QUERY_CANCELLED', 'Query was cancelled');
  if (planned.sharedBy === undefined) {
    yield* runPlannedSplit(planned, req, ctx, env);
    return;
  }
  try {
    const plaintext = await sharedPlaintext(planned, env, ctx).plaintext;
    yield* runPlannedSplit({ ...planned, plaintext }, req, ctx, env);
  } finally {
    releaseShared(planned, ctx);
  }
});

/** Runs a split on the pool (streamed) or in this thread, adding its stats to the scan's. */
async function* runPlannedSplit(s: ObjectSplit, req: ScanRequest, ctx: ScanContext, env: ScanEnvironment): AsyncGenerator<Batch> {
  const task = { split: s, columns: req.columns, engineRegion: env.region, principal: env.principal, ...(req.topN ? { topN: req.topN } : {}), ...(req.work ? { work: req.work } : {}) };
  if (env.pool && env.config && !s.inline) {
    // A worker streams the split's batches as it decodes them.
    const stats = yield* env.pool.stream({ ...task, config: env.config });
    addStats(ctx, stats);
    return;
  }
  // In this thread the split streams: each batch goes up as soon as it is decoded.
  const stats = newSplitStats(s);
  let failed = false;
  try {
    yield* streamObjectSplit(task, env.store, env.kms, stats);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    if (!failed) addStats(ctx, stats);
  }
}
