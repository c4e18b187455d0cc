/**
 * `MSCK REPAIR TABLE t`: walks the table's location one partition level at a time (S3 listing
 * with delimiter `/`, so only "directories" are read, never every object), collects Hive-style
 * `k1=v1/k2=v2/` prefixes that match the partition keys in order, and adds those the catalog
 * lacks. Like Athena it never drops stale partitions; it reports them.
 *
 * Output lines follow Hive's:
 *   `Partitions not in metastore:\tt:k=v\tt:k=v2`
 *   `Partitions missing from filesystem:\tt:k=old`
 *   `Repair: Added partition to metastore t:k=v`
 * Prefixes whose values do not fit the key types are skipped (and listed as
 * `Skipped invalid partition path:` lines).
 */
import { AegisError } from '../../errors.js';
import type { MsckRepairStatement } from '../../sql/ast.js';
import type { ObjectStore } from '../../storage/object-store.js';
import type { TableMeta } from '../catalog.js';
import { splitLocation } from '../location.js';
import { makePartitionName, parsePartitionSegment, partitionValueProblem } from '../partition-name.js';
import { atPos, qualify, requireTable, textResult, type DdlContext, type DdlResult } from './ddl-context.js';

export async function msckRepair(stmt: MsckRepairStatement, ctx: DdlContext): Promise<DdlResult> {
  const table = atPos(stmt.pos, () => requireTable(ctx, stmt.table));
  const q = qualify(stmt.table, ctx);
  if (table.tableType !== 'EXTERNAL_TABLE' || table.partitionKeys.length === 0) {
    // Hive answers an unpartitioned table with an empty result.
    return textResult(['result'], [], 'DDL');
  }
  if (!ctx.store) {
    throw new AegisError('NOT_SUPPORTED', 'MSCK REPAIR TABLE needs an object store to list the table location', { database: q.database, table: q.name });
  }
  const { found, invalid } = await discoverPartitions(ctx.store, table);
  const keyNames = table.partitionKeys.map((k) => k.name);
  const existing = ctx.catalog.listPartitions(q.database, q.name);
  const existingNames = new Set(existing.map((p) => p.name));
  const foundNames = new Set(found.map((v) => makePartitionName(keyNames, v)));
  const missingInMetastore = found.filter((v) => !existingNames.has(makePartitionName(keyNames, v)));
  // Only partitions at their default location can be judged missing from the listing.
  const missingOnStore = existing.filter((p) => p.location === `${table.storage.location}${p.name}/` && !foundNames.has(p.name));

  const added = ctx.catalog.addPartitions(
    q.database,
    q.name,
    missingInMetastore.map((values) => ({ values })),
    { ifNotExists: true },
  );
  const lines: string[] = [];
  const tag = (name: string): string => `${table.name}:${name}`;
  if (missingInMetastore.length > 0) lines.push(['Partitions not in metastore:', ...missingInMetastore.map((v) => tag(makePartitionName(keyNames, v)))].join('\t'));
  if (missingOnStore.length > 0) lines.push(['Partitions missing from filesystem:', ...missingOnStore.map((p) => tag(p.name))].join('\t'));
  for (const p of invalid) lines.push(`Skipped invalid partition path: ${p}`);
  for (const p of added) lines.push(`Repair: Added partition to metastore ${tag(p.name)}`);
  return textResult(['result'], lines.map((l) => [l]), 'DDL');
}

/** Lists `k=v/` prefixes level by level under the table location. Values in key order. */
async function discoverPartitions(store: ObjectStore, table: TableMeta): Promise<{ found: (string | null)[][]; invalid: string[] }> {
  const { bucket, prefix } = splitLocation(table.storage.location);
  const keys = table.partitionKeys;
  const found: (string | null)[][] = [];
  const invalid: string[] = [];
  let frontier: { prefix: string; values: (string | null)[] }[] = [{ prefix, values: [] }];
  for (let depth = 0; depth < keys.length; depth++) {
    const key = keys[depth]!;
    // One listing per prefix of this level, a few at a time (S3 latency dominates, not CPU).
    const children = await mapLimit(frontier, LIST_CONCURRENCY, (node) => listPrefixes(store, bucket, node.prefix));
    const next: typeof frontier = [];
    frontier.forEach((node, n) => {
      for (const child of children[n]!) {
        const segment = child.slice(node.prefix.length, -1);
        const kv = parsePartitionSegment(segment);
        // Directories that are not `key=value` for this level (e.g. `_temporary/`) are not partitions.
        if (!kv || kv.key !== key.name) continue;
        if (kv.value !== null && partitionValueProblem(key.type, kv.value) !== undefined) {
          invalid.push(`s3://${bucket}/${child}`);
          continue;
        }
        next.push({ prefix: child, values: [...node.values, kv.value] });
      }
    });
    frontier = next;
  }
  for (const node of frontier) found.push(node.values);
  return { found, invalid };
}

const LIST_CONCURRENCY = 8;

/** `fn` over `items` with at most `limit` calls in flight; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function listPrefixes(store: ObjectStore, bucket: string, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const r = await store.list(bucket, { prefix, delimiter: '/', ...(token ? { continuationToken: token } : {}) });
    out.push(...r.commonPrefixes);
    token = r.nextContinuationToken;
  } while (token);
  return out.sort();
}
