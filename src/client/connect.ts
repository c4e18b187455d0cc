/**
 * The library entry point: `const db = await connect({ … })`, then `db.query(sql)`. A Database is
 * one engine session over one warehouse — the same store, KMS, catalog and worker pool the CLI
 * opens (config.ts, api/open-engine.ts), with every setting defaulting as on the CLI: option,
 * else environment (AEGIS_WAREHOUSE, AWS_REGION …), else `aegis.config.json` in the working
 * directory, else the embedded default.
 */
import { randomUUID } from 'node:crypto';
import { openEngine, type AegisRuntime } from '../api/open-engine.js';
import { preflightNamedTable } from '../api/preflight-table.js';
import type { PreflightEntry } from '../scan/preflight.js';
import { resolveConfig } from '../config.js';
import { AegisError } from '../errors.js';
import { KeyringPassphrase } from '../kms/keyring-passphrase.js';
import type { ResultConfiguration } from '../results/result-configuration.js';
import { Query, type RowArray, type RowObject } from './query.js';

export interface ConnectOptions {
  /** Warehouse directory (LocalStore buckets, LocalKms keyring, catalog). Default `./warehouse`. */
  warehouse?: string;
  /** Object store: the embedded `local` store (default) or `s3` (any S3 endpoint). */
  storage?: 'local' | 's3';
  /** KMS: the embedded `local` keyring (default) or `aws` (any KMS endpoint). */
  kms?: 'local' | 'aws';
  /** Engine region, default `us-east-1`. */
  region?: string;
  /** Who queries run as for KMS key policies and bucket policies. Default the OS user. */
  principal?: string;
  /** Scan worker threads (default the CPU count); 0 scans in the calling thread. */
  workers?: number;
  /** Workgroup queries run in (default `primary`). */
  workgroup?: string;
  /** Client result settings (Athena's `ResultConfiguration`); the workgroup fills the rest. */
  resultConfiguration?: ResultConfiguration;
  /** Session database (default `default`). */
  database?: string;
  s3Endpoint?: string;
  kmsEndpoint?: string;
  s3PathStyle?: boolean;
  /**
   * Passphrase sealing the embedded warehouse's own keys (default `AEGIS_KEYRING_PASSPHRASE`, as
   * on the CLI). Needed to open a sealed warehouse; given for a plaintext one, it seals it.
   */
  keyringPassphrase?: string;
}

/** A value for a `?` placeholder. */
export type ParameterValue = null | boolean | number | bigint | string | Uint8Array;

export interface QueryOptions {
  /** Database for unqualified table names (default the session's, changed by USE). */
  database?: string;
  /** Values for the `?` placeholders, in order. */
  parameters?: readonly ParameterValue[];
  /** Aborting it cancels the query, as `q.cancel()` does. */
  signal?: AbortSignal;
  workgroup?: string;
  resultConfiguration?: ResultConfiguration;
  /** `object` (default): `{ column: value }`; `array`: values in column order. */
  rowMode?: 'object' | 'array';
}

export class Database {
  readonly #rt: AegisRuntime;
  readonly #defaults: { workgroup?: string; resultConfiguration?: ResultConfiguration };
  readonly #running = new Set<Query<RowObject | RowArray>>();
  #closed = false;

  /** @internal Use {@link connect}. */
  constructor(rt: AegisRuntime, defaults: { workgroup?: string; resultConfiguration?: ResultConfiguration }) {
    this.#rt = rt;
    this.#defaults = defaults;
  }

  /** The absolute warehouse directory in use. */
  get warehouse(): string {
    return this.#rt.config.warehouse;
  }

  /** The session database (changed by `USE`). */
  get database(): string {
    return this.#rt.engine.currentDatabase;
  }

  /**
   * Starts one statement as a query execution and returns its handle at once. Errors (syntax,
   * missing table, refused object …) surface as an {@link AegisError} from whichever reader of
   * the handle is used.
   */
  query(sql: string, opts: QueryOptions & { rowMode: 'array' }): Query<RowArray>;
  query(sql: string, opts?: QueryOptions & { rowMode?: 'object' }): Query<RowObject>;
  query(sql: string, opts: QueryOptions = {}): Query<RowObject> | Query<RowArray> {
    if (this.#closed) throw new AegisError('INVALID_ARGUMENT', 'The database is closed.');
    const rowMode = opts.rowMode ?? 'object';
    if (rowMode !== 'object' && rowMode !== 'array') throw new AegisError('INVALID_ARGUMENT', `rowMode must be 'object' or 'array' (got '${String(rowMode)}')`);
    const workgroup = opts.workgroup ?? this.#defaults.workgroup;
    const resultConfiguration = opts.resultConfiguration ?? this.#defaults.resultConfiguration;
    const q = new Query<RowObject | RowArray>(
      (run) =>
        this.#rt.execute(sql, {
          ...run,
          ...(opts.database !== undefined ? { database: opts.database } : {}),
          ...(opts.parameters ? { parameters: [...opts.parameters] } : {}),
          ...(workgroup !== undefined ? { workgroup } : {}),
          ...(resultConfiguration ? { resultConfiguration } : {}),
        }),
      randomUUID(),
      rowMode,
      opts.signal,
      () => this.#running.delete(q),
    );
    this.#running.add(q);
    return q as Query<RowObject> | Query<RowArray>;
  }

  /**
   * Every data object of a table with its encryption mode, key, region and verdict (readable, or
   * refused with the code and message the query would fail with), without reading data.
   * @param table `table` or `database.table`
   */
  async preflight(table: string): Promise<PreflightEntry[]> {
    if (this.#closed) throw new AegisError('INVALID_ARGUMENT', 'The database is closed.');
    return preflightNamedTable(this.#rt, table);
  }

  /** Cancels running queries, stops the worker pool and closes the catalog. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#running].map((q) => q.cancel()));
    await this.#rt.close();
  }
}

/**
 * Opens a warehouse.
 * @throws AegisError INVALID_ARGUMENT for a bad setting (naming it and where it came from).
 */
export async function connect(options: ConnectOptions = {}): Promise<Database> {
  const flags: Record<string, string | boolean> = {};
  const set = (flag: string, v: string | boolean | undefined): void => {
    if (v !== undefined) flags[flag] = v;
  };
  set('warehouse', options.warehouse);
  set('storage', options.storage);
  set('kms', options.kms);
  set('region', options.region);
  set('principal', options.principal);
  set('workgroup', options.workgroup);
  set('s3-endpoint', options.s3Endpoint);
  set('kms-endpoint', options.kmsEndpoint);
  set('s3-path-style', options.s3PathStyle);
  const inProcess = options.workers === 0;
  if (options.workers !== undefined && !inProcess) set('workers', String(options.workers));
  const config = resolveConfig(flags);
  if (options.keyringPassphrase !== undefined) {
    config.keyringPassphrase = new KeyringPassphrase(options.keyringPassphrase);
    config.sources.keyringPassphrase = 'flag';
  }
  const rt = openEngine(config, { inProcess, ...(options.database ? { database: options.database } : {}) });
  return new Database(rt, {
    ...(options.workgroup !== undefined ? { workgroup: options.workgroup } : {}),
    ...(options.resultConfiguration ? { resultConfiguration: options.resultConfiguration } : {}),
  });
}
