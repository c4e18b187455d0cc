/**
 * The metastore contract: databases, tables (external tables and views), partitions and
 * workgroups, as Athena keeps them in the Glue Data Catalog.
 *
 * Names of databases, tables and columns are case-insensitive and stored lower-case, as Athena
 * does; every method lower-cases the names it is given. Methods are synchronous because the one
 * backend (SQLite through better-sqlite3) is; a caller that expects promises can `await` them.
 *
 * Every mutating method is one transaction: either all of its effect is visible to other
 * connections or none is. Methods enforce the catalog's invariants themselves (so two processes
 * racing on the same name get one success and one `ALREADY_EXISTS`):
 * - `NOT_FOUND` — the database / table / partition does not exist;
 * - `ALREADY_EXISTS` — the database / table / partition exists;
 * - `PRECONDITION_FAILED` — dropping a non-empty database without CASCADE.
 */
import type { SqlType } from '../types/sql-type.js';
import type { PartitionFilter } from './partition-filter.js';

export const DEFAULT_DATABASE = 'default';

/** Glue's table types; aegis creates only these two. */
export type TableType = 'EXTERNAL_TABLE' | 'VIRTUAL_VIEW';

export interface DatabaseMeta {
  readonly name: string;
  readonly comment?: string;
  readonly location?: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly createTime: Date;
}

export interface DatabaseInput {
  name: string;
  comment?: string;
  location?: string;
  properties?: Record<string, string>;
}

/** A column: its Hive DDL type text (lower-case, canonical) and the parsed SQL type. */
export interface ColumnMeta {
  readonly name: string;
  readonly hiveType: string;
  readonly type: SqlType;
  readonly comment?: string;
}

/** Where and how a table's (or a partition's) data is stored, as the Hive metastore records it. */
export interface StorageDescriptor {
  /** `s3://bucket/prefix/`, always ending in `/`. Empty for views. */
  readonly location: string;
  readonly inputFormat?: string;
  readonly outputFormat?: string;
  /** The SerDe class, e.g. `org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe`. */
  readonly serdeLib?: string;
  readonly serdeProperties: Readonly<Record<string, string>>;
  /** CLUSTERED BY (cols) [SORTED BY …] INTO n BUCKETS. */
  readonly bucketing?: {
    readonly columns: readonly string[];
    readonly count: number;
    readonly sortedBy?: readonly { readonly column: string; readonly order: 'asc' | 'desc' }[];
  };
}

/** A view's definition: the SQL text of its query and the columns binding it produced. */
export interface ViewDefinition {
  readonly sql: string;
}

export interface TableMeta {
  readonly database: string;
  readonly name: string;
  readonly tableType: TableType;
  /** Data columns in declaration order (for a view, its output columns). */
  readonly columns: readonly ColumnMeta[];
  /** Partition keys in declaration order; they follow the data columns in a scan's schema. */
  readonly partitionKeys: readonly ColumnMeta[];
  readonly storage: StorageDescriptor;
  /** TBLPROPERTIES (Glue's table `Parameters`). */
  readonly parameters: Readonly<Record<string, string>>;
  readonly comment?: string;
  readonly createTime: Date;
  /** Present iff `tableType` is VIRTUAL_VIEW. */
  readonly view?: ViewDefinition;
}

export interface TableInput {
  database: string;
  name: string;
  tableType: TableType;
  columns: ColumnMeta[];
  partitionKeys?: ColumnMeta[];
  storage: StorageDescriptor;
  parameters?: Record<string, string>;
  comment?: string;
  view?: ViewDefinition;
}

/**
 * One partition. `values` are the Hive text forms of the partition key values in key order
 * (`null` is Hive's `__HIVE_DEFAULT_PARTITION__`); `name` is the escaped `k=v/k2=v2` path form.
 */
export interface PartitionMeta {
  readonly values: readonly (string | null)[];
  readonly name: string;
  readonly location: string;
  readonly createTime: Date;
}

export interface PartitionInput {
  values: (string | null)[];
  /** Defaults to `<table location><name>/`. */
  location?: string;
}

import type { ListExecutionsOptions, QueryExecutionRecord } from './query-execution.js';
import type { AccessKeyRecord, PreparedStatementRecord } from './server-records.js';

export interface WorkgroupMeta {
  readonly name: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly description?: string;
  /** Athena's `WorkGroupConfiguration` object, stored as JSON. */
  readonly configuration: Readonly<Record<string, unknown>>;
  readonly createTime: Date;
}

export interface WorkgroupInput {
  name: string;
  state?: 'ENABLED' | 'DISABLED';
  description?: string;
  configuration?: Record<string, unknown>;
}

export interface Catalog {
  // Databases
  /** @returns false when it existed and `ifNotExists` was set. */
  createDatabase(db: DatabaseInput, opts?: { ifNotExists?: boolean }): boolean;
  /** @returns false when it did not exist and `ifExists` was set. */
  dropDatabase(name: string, opts?: { ifExists?: boolean; cascade?: boolean }): boolean;
  getDatabase(name: string): DatabaseMeta | undefined;
  /** All databases, sorted by name. */
  listDatabases(): DatabaseMeta[];

  // Tables and views
  /**
   * @param opts.replace replace an existing table of the same type (CREATE OR REPLACE VIEW);
   *   replacing a table of the other type is `ALREADY_EXISTS`.
   * @returns false when it existed and `ifNotExists` was set.
   */
  createTable(t: TableInput, opts?: { ifNotExists?: boolean; replace?: boolean }): boolean;
  /** Drops the table and its partitions. @returns false when absent and `ifExists` was set. */
  dropTable(database: string, name: string, opts?: { ifExists?: boolean; tableType?: TableType }): boolean;
  getTable(database: string, name: string): TableMeta | undefined;
  /** Tables (and views unless `tableType` narrows it) of a database, sorted by name. */
  listTables(database: string, opts?: { tableType?: TableType }): TableMeta[];

  // Partitions
  /**
   * Adds partitions (values type-checked against the keys by the caller). Without `ifNotExists`
   * an existing partition fails the whole call with ALREADY_EXISTS and nothing is added.
   * @returns the partitions actually added.
   */
  addPartitions(database: string, table: string, parts: PartitionInput[], opts?: { ifNotExists?: boolean }): PartitionMeta[];
  /** @returns the number dropped. A missing one without `ifExists` → NOT_FOUND, nothing dropped. */
  dropPartitions(database: string, table: string, values: (string | null)[][], opts?: { ifExists?: boolean }): number;
  /**
   * Drops every partition matching any of the filters (Hive's partial partition specs), in one
   * transaction. A filter matching nothing without `ifExists` → NOT_FOUND, nothing dropped.
   * @returns the number dropped.
   */
  dropPartitionsWhere(database: string, table: string, filters: readonly PartitionFilter[], opts?: { ifExists?: boolean }): number;
  /** Partitions matching the filter (all when absent), sorted by name. Evaluated with indexes. */
  listPartitions(database: string, table: string, filter?: PartitionFilter): PartitionMeta[];
  countPartitions(database: string, table: string, filter?: PartitionFilter): number;

  // Workgroups
  createWorkgroup(wg: WorkgroupInput): void;
  updateWorkgroup(wg: WorkgroupInput): void;
  getWorkgroup(name: string): WorkgroupMeta | undefined;
  listWorkgroups(): WorkgroupMeta[];
  deleteWorkgroup(name: string): void;

  // Query executions (history)
  /** Inserts or replaces an execution's record. */
  saveExecution(e: QueryExecutionRecord): void;
  getExecution(id: string): QueryExecutionRecord | undefined;
  /** Newest first (default limit 50). */
  listExecutions(opts?: ListExecutionsOptions): QueryExecutionRecord[];
  /** Marks executions of processes that are gone as FAILED. @returns how many. */
  failOrphanedExecutions(alive: (pid: number) => boolean): number;
  /** Journal of objects a CTAS / INSERT / UNLOAD wrote before committing (crash cleanup). */
  addPendingWrite(queryId: string, uri: string): void;
  /** Forgets a query's pending writes (all, or the given ones). */
  clearPendingWrites(queryId: string, uris?: readonly string[]): void;
  /** Pending writes whose execution is no longer running: objects to delete. */
  abandonedWrites(): { queryId: string; uri: string }[];

  // Athena API: access keys and prepared statements (per workgroup)
  putAccessKey(k: AccessKeyRecord): void;
  getAccessKey(id: string): AccessKeyRecord | undefined;
  listAccessKeys(): AccessKeyRecord[];
  deleteAccessKey(id: string): boolean;
  putPreparedStatement(p: PreparedStatementRecord): void;
  getPreparedStatement(workgroup: string, name: string): PreparedStatementRecord | undefined;
  listPreparedStatements(workgroup: string): PreparedStatementRecord[];
  deletePreparedStatement(workgroup: string, name: string): boolean;

  close(): void;
}

/** Lower-cases a database, table or column name, as Athena does. */
export function normalizeName(name: string): string {
  return name.toLowerCase();
}
