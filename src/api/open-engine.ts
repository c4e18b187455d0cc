/**
 * Assembles a working engine from a configuration (config.ts; the backends from backends.ts):
 * KMS, object store, the SQLite catalog in the warehouse, the scan worker pool, and object-backed
 * table sources. Everything the CLI, the HTTP API and benchmarks run goes through here.
 *
 * What only object reads need is loaded when a statement first needs it, not here: the object
 * scan (scan/object-table-source.ts and the format decoders under it) before a statement that may
 * resolve a catalog table runs (statement-tables.ts), the worker pool (piscina) on the first
 * split it runs (lazy-scan-pool.ts). `SELECT 1` or `SHOW TABLES` loads neither.
 */
import { SqliteCatalog } from '../catalog/sqlite-catalog.js';
import { processAlive } from '../storage/process-alive.js';
import { createCatalogHooks } from './catalog-hooks.js';
import type { Catalog, TableMeta } from '../catalog/catalog.js';
import { openKms, openStore } from '../backends.js';
import type { AegisConfig } from '../config.js';
import type { Kms } from '../kms/kms.js';
import type { KmsAdmin } from '../kms/kms-admin.js';
import { registerScanEnvironment, unregisterScanEnvironment, type ScanEnvironment } from '../scan/scan-environment.js';
import { scanEnvironmentForQuery } from '../scan/query-scan-policy.js';
import type { ObjectStore } from '../storage/object-store.js';
import { Engine } from './engine.js';
import { runQueryExecution, workgroupForQuery, type QueryExecutionOptions, type QueryExecutionOutcome } from './query-execution.js';
import { effectiveResultConfiguration } from '../results/result-configuration.js';
import { sweepAbandonedWrites, TableWriter } from '../results/writes/table-writer.js';
import { randomUUID } from 'node:crypto';
import { assertWarehouseUsable, namingWarehouse } from './warehouse-access.js';
import { clientResultConfiguration } from '../config.js';
import { defaultSpillRoot, sweepSpillRoot } from '../exec/spill.js';
import { AegisError } from '../errors.js';
import { LazyScanPool } from './lazy-scan-pool.js';
import { mayResolveTables } from './statement-tables.js';

type ObjectScan = typeof import('../scan/object-table-source.js');
let objectScan: ObjectScan | undefined;
let loadingObjectScan: Promise<ObjectScan> | undefined;

/** Loads the object scan (object table sources, their split runner and the format decoders). */
function loadObjectScan(): Promise<ObjectScan> {
  loadingObjectScan ??= import('../scan/object-table-source.js').then((m) => (objectScan = m));
  return loadingObjectScan;
}

export interface AegisRuntime {
  readonly config: AegisConfig;
  readonly engine: Engine;
  readonly kms: Kms & KmsAdmin;
  readonly store: ObjectStore;
  readonly catalog: Catalog;
  readonly scan: ScanEnvironment;
  /**
   * Runs one statement as a query execution: recorded in the history, its result written to the
   * output location with the effective result encryption. The configuration's workgroup and
   * result settings apply unless `opts` overrides them.
   */
  execute(sql: string, opts?: QueryExecutionOptions): Promise<QueryExecutionOutcome>;
  /** Stops the worker pool and closes the catalog. */
  close(): Promise<void>;
}

export interface OpenEngineOptions {
  /** Run scans in this thread instead of a worker pool (used by `--workers 0`). */
  inProcess?: boolean;
  /** Session database. */
  database?: string;
  /** Bytes per split of uncompressed, server-side-encrypted text objects (default 32 MiB). */
  textSplitBytes?: number;
  /** Bytes per split of Parquet objects (default 32 MiB). */
  parquetSplitBytes?: number;
  /** Scans reading fewer bytes than this run in this thread, not on the pool (default 1 MiB). */
  inlineScanBytes?: number;
  /** Least part size of a shared client-side encrypted object decrypted on the pool (default 4 MiB). */
  csePartBytes?: number;
}

export function openEngine(config: AegisConfig, opts: OpenEngineOptions = {}): AegisRuntime {
  assertWarehouseUsable(config.warehouse);
  const kms = openKms(config);
  const store = openStore(config, kms);
  const catalog = SqliteCatalog.forWarehouse(config.warehouse);
  catalog.failOrphanedExecutions(processAlive);
  // Spill directories of processes that died mid-query.
  sweepSpillRoot(config.spillDir ?? defaultSpillRoot());
  const pool = !opts.inProcess && config.workers > 0 ? new LazyScanPool(config.workers) : undefined;
  const scan = registerScanEnvironment({
    store,
    kms,
    region: config.region,
    principal: config.principal,
    ...(pool ? { pool: pool.asScanPool(), config } : {}),
    ...(opts.textSplitBytes !== undefined ? { textSplitBytes: opts.textSplitBytes } : {}),
    ...(opts.parquetSplitBytes !== undefined ? { parquetSplitBytes: opts.parquetSplitBytes } : {}),
    ...(opts.inlineScanBytes !== undefined ? { inlineScanBytes: opts.inlineScanBytes } : {}),
    ...(opts.csePartBytes !== undefined ? { csePartBytes: opts.csePartBytes } : {}),
    ...(config.requireEncryption ? { requireEncryption: true } : {}),
    ...(config.allowLegacyCse ? { allowLegacyCse: true } : {}),
  });
  // A table resolved for a query execution scans with its workgroup's requirements added.
  // The engine loads the object scan before any statement that may get here (beforeStatement).
  const sourceFactory = (t: TableMeta) => {
    if (!objectScan) throw new AegisError('INTERNAL_ERROR', `Table ${t.database}.${t.name} was resolved before the object scan was loaded`);
    return new objectScan.ObjectTableSource(t, catalog, scanEnvironmentForQuery(scan));
  };
  const hooks = createCatalogHooks(catalog, store, { sourceFactory });
  const clientResults = clientResultConfiguration(config);
  // Data files of writes killed before they committed: removed before this engine writes anything.
  const swept = sweepAbandonedWrites(catalog, store).catch(() => 0);
  const tableWriter = new TableWriter({
    catalog,
    store,
    kms,
    // CTAS / INSERT / UNLOAD run outside a query execution (engine.execute) write as the
    // configured workgroup's queries would.
    defaultContext: () => ({
      queryId: randomUUID(),
      resultConfiguration: effectiveResultConfiguration(clientResults, workgroupForQuery(catalog, config.workgroup), config.region),
    }),
  });
  const engine = new Engine({
    tableWriter,
    ...(config.maxQueryMemory !== undefined ? { maxQueryMemory: config.maxQueryMemory } : {}),
    ...(config.spillDir !== undefined ? { spillDir: config.spillDir } : {}),
    ...(opts.database ? { database: opts.database } : {}),
    catalog: hooks.catalogView,
    ddlHandler: (stmt, ctx) => hooks.ddlHandler(stmt, { database: ctx.database, bindView: ctx.bindView }),
    beforeStatement: async (stmt, e) => {
      if (!objectScan && mayResolveTables(stmt, (name) => e.preparedStatement(name))) await loadObjectScan();
    },
  });
  return {
    config,
    engine,
    kms,
    store,
    catalog,
    scan,
    async execute(sql, opts = {}) {
      await swept;
      try {
        return await runQueryExecution({ engine, catalog, store, kms, region: config.region }, sql, {
          workgroup: config.workgroup,
          ...(clientResults ? { resultConfiguration: clientResults } : {}),
          ...(config.queryTimeoutSeconds !== undefined ? { timeoutMs: config.queryTimeoutSeconds * 1000 } : {}),
          ...opts,
        });
      } catch (e) {
        // "Table … does not exist" is often the wrong warehouse: say which one was searched.
        throw namingWarehouse(e, config.warehouse);
      }
    },
    async close() {
      await swept;
      unregisterScanEnvironment(scan.id);
      await pool?.close();
      catalog.close();
      await store.close?.();
      await kms.close?.();
    },
  };
}
