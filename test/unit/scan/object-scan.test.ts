import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMeta, TableInput } from '../../../src/catalog/catalog.js';
import { SERDE } from '../../../src/catalog/storage-format.js';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import type { AegisConfig } from '../../../src/config.js';
import { putSealed } from '../../../src/crypto/index.js';
import { ScanPool } from '../../../src/scan/worker-pool.js';
import { runSplit, type ScanContext } from '../../../src/plan/table-source.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { ObjectTableSource } from '../../../src/scan/object-table-source.js';
import { registerScanEnvironment, type ScanEnvironment } from '../../../src/scan/scan-environment.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import { batchFromRows, batchToRows } from '../../../src/types/batch.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import type { BoundExpr } from '../../../src/plan/bound-expr.js';
import { resolveScalar } from '../../../src/functions/registry.js';

const principal = 'analyst';
let dir: string;
let store: LocalStore;
let kms: LocalKms;
let catalog: SqliteCatalog;
let cmk: string;
let pool: ScanPool;

const cols: { name: string; type: SqlType }[] = [
  { name: 'id', type: T.integer },
  { name: 'name', type: T.varchar },
  { name: 'amount', type: T.decimal(10, 2) },
];
const col = (c: { name: string; type: SqlType }, hiveType: string): ColumnMeta => ({ ...c, hiveType });
const meta = [col(cols[0]!, 'int'), col(cols[1]!, 'string'), col(cols[2]!, 'decimal(10,2)')];

function rowsFor(part: number): Value[][] {
  return [0, 1, 2].map((i) => [part * 10 + i, `n${part}-${i}`, BigInt(part * 1000 + i * 25)]);
}

function parquetOf(rows: Value[][]): Uint8Array {
  return writeParquet(cols, [batchFromRows(cols.map((c) => c.type), rows)]);
}

function table(name: string, location: string, partitioned: boolean, params: Record<string, string> = {}): TableInput {
  return {
    database: 'default',
    name,
    tableType: 'EXTERNAL_TABLE',
    columns: meta,
    partitionKeys: partitioned ? [{ name: 'dt', hiveType: 'string', type: T.varchar }] : [],
    storage: {
      location,
      serdeLib: SERDE.parquet,
      inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      serdeProperties: {},
    },
    parameters: params,
  };
}

async function scanAll(env: ScanEnvironment, name: string, columns: number[], filters: BoundExpr[] = []): Promise<{ rows: Value[][]; stats: ScanContext['stats'] }> {
  const src = new ObjectTableSource(catalog.getTable('default', name)!, catalog, env);
  const ctx: ScanContext = {
    eval: { sessionTimeZone: 'UTC', now: new Date(), random: Math.random } as ScanContext['eval'],
    stats: { bytesScanned: 0, splitsRun: 0, rowsRead: 0 },
  };
  const req = { columns, filters };
  const rows: Value[][] = [];
  for (const split of await src.planSplits(req, ctx)) {
    for await (const b of runSplit(split, req, ctx)) rows.push(...batchToRows(b));
  }
  return { rows, stats: ctx.stats };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-scan-'));
  kms = new LocalKms({ warehouse: dir, principal, region: 'us-east-1', account: '000000000000' });
  store = new LocalStore({ root: dir, region: 'us-east-1', kms, principal });
  catalog = new SqliteCatalog(join(dir, 'catalog.db'));
  cmk = (await kms.createKey({ alias: 'alias/data' })).arn;
  await store.createBucket('lake');
  await store.createBucket('far', { region: 'eu-west-1' });
  // A partitioned table mixing SSE-S3, SSE-KMS and CSE-KMS objects, plus files Athena skips.
  await store.put('lake', 'sales/dt=2024-01-01/a.parquet', parquetOf(rowsFor(1)), { sse: { mode: 'SSE_S3' } });
  await store.put('lake', 'sales/dt=2024-01-02/b.parquet', parquetOf(rowsFor(2)), { sse: { mode: 'SSE_KMS', kmsKeyId: cmk } });
  await putSealed(store, kms, 'lake', 'sales/dt=2024-01-03/c.parquet', parquetOf(rowsFor(3)), cmk);
  await putSealed(store, kms, 'lake', 'sales/dt=2024-01-03/d.parquet', parquetOf(rowsFor(4)), cmk, { envelopeLocation: 'instruction-file' });
  await store.put('lake', 'sales/dt=2024-01-01/_SUCCESS', new Uint8Array());
  await store.put('lake', 'sales/dt=2024-01-01/.hidden', new Uint8Array([1, 2, 3]));
  // Mixed SSE/CSE: not has_encrypted_data, which requires every object to be CSE-KMS. The
  // instruction-file object is found from its x-amz-unencrypted-content-length hint.
  catalog.createTable(table('sales', 's3://lake/sales/', true));
  catalog.addPartitions('default', 'sales', ['2024-01-01', '2024-01-02', '2024-01-03'].map((d) => ({ values: [d] })));
  // Tables with one unreadable object each.
  await store.put('lake', 'ssec/a.parquet', parquetOf(rowsFor(5)), { sse: { mode: 'SSE_S3' } });
  await store.put('lake', 'ssec/b.parquet', parquetOf(rowsFor(6)), { sse: { mode: 'SSE_C', customerKey: new Uint8Array(32).fill(7) } });
  catalog.createTable(table('ssec', 's3://lake/ssec/', false));
  const euStore = new LocalStore({ root: dir, region: 'eu-west-1', kms, principal });
  await euStore.put('far', 'x/a.parquet', parquetOf(rowsFor(7)));
  catalog.createTable(table('far', 's3://far/x/', false));
  pool = new ScanPool(2);
});

afterAll(async () => {
  await pool?.close();
  catalog?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('object table scans', () => {
  it('reads SSE-S3, SSE-KMS and CSE-KMS objects of one table, with partition values and $path', async () => {
    const env = registerScanEnvironment({ store, kms, region: 'us-east-1', principal });
    const { rows, stats } = await scanAll(env, 'sales', [0, 1, 2, 3, 4]);
    const expected = [1, 2, 3, 4].flatMap((p) =>
      rowsFor(p).map((r) => [...r, `2024-01-0${Math.min(p, 3)}`]),
    );
    expect(rows.map((r) => r.slice(0, 4))).toEqual(expected);
    expect(rows[0]![4]).toBe('s3://lake/sales/dt=2024-01-01/a.parquet');
    expect(rows.at(-1)![4]).toBe('s3://lake/sales/dt=2024-01-03/d.parquet');
    expect(stats.objectsRead).toBe(4);
    expect(stats.kmsCalls).toBe(2); // the two CSE-KMS data keys
  });

  it('prunes partitions from an equality filter', async () => {
    const env = registerScanEnvironment({ store, kms, region: 'us-east-1', principal });
    const eq = resolveScalar('$eq', [T.varchar, T.varchar]);
    const filter: BoundExpr = {
      kind: 'call', type: T.boolean, fn: eq,
      args: [{ kind: 'column', id: 3, name: 'dt', type: T.varchar }, { kind: 'const', type: T.varchar, value: '2024-01-02' }],
    };
    const { rows, stats } = await scanAll(env, 'sales', [0, 3], [filter]);
    expect(rows).toEqual(rowsFor(2).map((r) => [r[0], '2024-01-02']));
    expect(stats.partitionsTotal).toBe(3);
    expect(stats.partitionsPruned).toBe(2);
  });

  it('gives identical rows on worker threads', async () => {
    const config = { warehouse: dir, storage: 'local', kms: 'local', region: 'us-east-1', principal, s3PathStyle: false, workers: 2, account: '000000000000' } as AegisConfig;
    const inProcess = registerScanEnvironment({ store, kms, region: 'us-east-1', principal });
    const pooled = registerScanEnvironment({ store, kms, region: 'us-east-1', principal, pool, config, inlineScanBytes: 0 });
    const a = await scanAll(inProcess, 'sales', [2, 0, 3]);
    const b = await scanAll(pooled, 'sales', [2, 0, 3]);
    expect(b.rows).toEqual(a.rows);
    expect(b.rows.length).toBe(12);
    expect(pool.tasksRun).toBe(4); // one split per object, all on worker threads
  });

  it('refuses a table holding one SSE-C object before producing rows', async () => {
    const env = registerScanEnvironment({ store, kms, region: 'us-east-1', principal });
    await expect(scanAll(env, 'ssec', [0])).rejects.toMatchObject({ code: 'UNSUPPORTED_ENCRYPTION', details: expect.objectContaining({ uri: 's3://lake/ssec/b.parquet' }) });
  });

  it('refuses a table in another region, naming both regions', async () => {
    const env = registerScanEnvironment({ store, kms, region: 'us-east-1', principal });
    const err = await scanAll(env, 'far', [0]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CROSS_REGION' });
    expect(String((err as Error).message)).toMatch(/eu-west-1/);
    expect(String((err as Error).message)).toMatch(/us-east-1/);
  });
});
