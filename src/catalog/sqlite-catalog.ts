/**
 * The SQLite-backed catalog: `<warehouse>/catalog.db`, shared by every aegis process on the
 * warehouse (`aegis serve`, CLI one-shots, the REPL). WAL mode lets readers proceed while one
 * writer commits; the busy timeout makes a second writer wait instead of failing; each mutating
 * method is one `BEGIN IMMEDIATE` transaction so check-then-write races resolve in SQLite.
 * `:memory:` gives a private catalog for tests.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { corruptDatabase, isCorruptDatabase, openingWithRetry } from '../storage/sqlite-open.js';
import { AegisError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import {
  normalizeName,
  type Catalog,
  type ColumnMeta,
  type DatabaseInput,
  type DatabaseMeta,
  type PartitionInput,
  type PartitionMeta,
  type TableInput,
  type TableMeta,
  type TableType,
  type WorkgroupInput,
  type WorkgroupMeta,
} from './catalog.js';
import type { PartitionFilter } from './partition-filter.js';
import { migrate } from './sqlite/migrations.js';
import { PartitionStore } from './sqlite/partition-store.js';
import { QueryHistory } from './sqlite/query-history.js';
import { ServerTables } from './sqlite/server-tables.js';
import type { AccessKeyRecord, PreparedStatementRecord } from './server-records.js';
import type { ListExecutionsOptions, QueryExecutionRecord } from './query-execution.js';

interface DatabaseRow {
  name: string;
  comment: string | null;
  location: string | null;
  properties: string;
  create_time: number;
}

interface TableRow {
  id: number;
  db: string;
  name: string;
  table_type: TableType;
  location: string;
  input_format: string | null;
  output_format: string | null;
  serde_lib: string | null;
  serde_properties: string;
  bucketing: string | null;
  parameters: string;
  comment: string | null;
  view_sql: string | null;
  create_time: number;
}

interface ColumnRow {
  kind: 'data' | 'partition';
  name: string;
  hive_type: string;
  sql_type: string;
  comment: string | null;
}

interface WorkgroupRow {
  name: string;
  state: 'ENABLED' | 'DISABLED';
  description: string | null;
  configuration: string;
  create_time: number;
}

export interface SqliteCatalogOptions {
  /** How long a writer waits for another process's transaction, in ms (default 10 s). */
  busyTimeoutMs?: number;
}

export class SqliteCatalog implements Catalog {
  private readonly db: Database.Database;
  private readonly partitions: PartitionStore;
  private readonly history: QueryHistory;
  private readonly server: ServerTables;

  /** Opens (creating and migrating if needed) a catalog file, or `:memory:`. */
  constructor(
    readonly path: string,
    opts: SqliteCatalogOptions = {},
  ) {
    this.db = new Database(path, { timeout: opts.busyTimeoutMs ?? 10_000 });
    try {
      if (path !== ':memory:') openingWithRetry(() => this.db.pragma('journal_mode = WAL'));
      // NORMAL is durable across application crashes in WAL mode; FULL would fsync each commit.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      openingWithRetry(() => migrate(this.db));
    } catch (e) {
      this.db.close();
      if (isCorruptDatabase(e)) throw corruptDatabase(path, 'catalog', e);
      throw e;
    }
    this.partitions = new PartitionStore(this.db);
    this.history = new QueryHistory(this.db);
    this.server = new ServerTables(this.db);
  }

  /** The catalog of a warehouse directory: `<warehouse>/catalog.db`. */
  static forWarehouse(warehouseDir: string, opts?: SqliteCatalogOptions): SqliteCatalog {
    mkdirSync(warehouseDir, { recursive: true });
    return new SqliteCatalog(join(warehouseDir, 'catalog.db'), opts);
  }

  /** Runs `fn` in one IMMEDIATE transaction (takes the write lock up front, avoiding upgrade deadlocks). */
  private write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (e) {
      if (e instanceof Database.SqliteError && (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED')) {
        throw new AegisError(
          'STORAGE_ERROR',
          `The catalog database ${this.path} is busy: another aegis process held its write lock longer than the busy timeout. Retry the statement.`,
          { catalog: this.path },
          { cause: e },
        );
      }
      throw e;
    }
  }

  /** Runs several reads on one snapshot, so a concurrent writer cannot be seen half-way. */
  private read<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.db.transaction(fn).deferred();
  }

  // ---------------------------------------------------------------- databases

  createDatabase(input: DatabaseInput, opts: { ifNotExists?: boolean } = {}): boolean {
    const name = normalizeName(input.name);
    return this.write(() => {
      if (this.getDatabase(name)) {
        if (opts.ifNotExists) return false;
        throw new AegisError('ALREADY_EXISTS', `Database ${name} already exists`, { database: name });
      }
      this.db
        .prepare('INSERT INTO databases (name, comment, location, properties, create_time) VALUES (?, ?, ?, ?, ?)')
        .run(name, input.comment ?? null, input.location ?? null, JSON.stringify(input.properties ?? {}), Date.now());
      return true;
    });
  }

  dropDatabase(nameIn: string, opts: { ifExists?: boolean; cascade?: boolean } = {}): boolean {
    const name = normalizeName(nameIn);
    return this.write(() => {
      if (!this.getDatabase(name)) {
        if (opts.ifExists) return false;
        throw new AegisError('NOT_FOUND', `Database does not exist: ${name}`, { database: name });
      }
      if (name === 'default') {
        throw new AegisError('INVALID_ARGUMENT', 'Can not drop default database', { database: name });
      }
      const n = (this.db.prepare('SELECT COUNT(*) AS n FROM tables WHERE db = ?').get(name) as { n: number }).n;
      if (n > 0 && !opts.cascade) {
        throw new AegisError('PRECONDITION_FAILED', `Database ${name} is not empty. One or more tables exist.`, { database: name, tables: n });
      }
      // Cascades through tables → columns, partitions → partition_values.
      this.db.prepare('DELETE FROM databases WHERE name = ?').run(name);
      return true;
    });
  }

  getDatabase(nameIn: string): DatabaseMeta | undefined {
    const row = this.db.prepare('SELECT * FROM databases WHERE name = ?').get(normalizeName(nameIn)) as DatabaseRow | undefined;
    return row && toDatabase(row);
  }

  listDatabases(): DatabaseMeta[] {
    return (this.db.prepare('SELECT * FROM databases ORDER BY name').all() as DatabaseRow[]).map(toDatabase);
  }

  // ---------------------------------------------------------------- tables

  createTable(t: TableInput, opts: { ifNotExists?: boolean; replace?: boolean } = {}): boolean {
    const db = normalizeName(t.database);
    const name = normalizeName(t.name);
    return this.write(() => {
      this.requireDatabase(db);
      const existing = this.tableRow(db, name);
      if (existing) {
        if (opts.replace && existing.table_type === t.tableType) {
          this.db.prepare('DELETE FROM tables WHERE id = ?').run(existing.id);
        } else if (opts.ifNotExists) {
          return false;
        } else {
          const what = existing.table_type === 'VIRTUAL_VIEW' ? 'View' : 'Table';
          throw new AegisError('ALREADY_EXISTS', `${what} ${db}.${name} already exists`, { database: db, table: name });
        }
      }
      const s = t.storage;
      const info = this.db
        .prepare(
          `INSERT INTO tables (db, name, table_type, location, input_format, output_format, serde_lib,
             serde_properties, bucketing, parameters, comment, view_sql, create_time)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          db,
          name,
          t.tableType,
          s.location,
          s.inputFormat ?? null,
          s.outputFormat ?? null,
          s.serdeLib ?? null,
          JSON.stringify(s.serdeProperties ?? {}),
          s.bucketing ? JSON.stringify(s.bucketing) : null,
          JSON.stringify(t.parameters ?? {}),
          t.comment ?? null,
          t.view?.sql ?? null,
          Date.now(),
        );
      const id = Number(info.lastInsertRowid);
      const ins = this.db.prepare(
        'INSERT INTO columns (table_id, kind, ordinal, name, hive_type, sql_type, comment) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const add = (kind: 'data' | 'partition', cols: readonly ColumnMeta[]): void => {
        cols.forEach((c, i) => ins.run(id, kind, i, normalizeName(c.name), c.hiveType, JSON.stringify(c.type), c.comment ?? null));
      };
      add('data', t.columns);
      add('partition', t.partitionKeys ?? []);
      return true;
    });
  }

  dropTable(dbIn: string, nameIn: string, opts: { ifExists?: boolean; tableType?: TableType } = {}): boolean {
    const db = normalizeName(dbIn);
    const name = normalizeName(nameIn);
    return this.write(() => {
      const row = this.tableRow(db, name);
      if (!row) {
        if (opts.ifExists) return false;
        const what = opts.tableType === 'VIRTUAL_VIEW' ? 'View' : 'Table';
        throw new AegisError('NOT_FOUND', `${what} ${db}.${name} does not exist`, { database: db, table: name });
      }
      if (opts.tableType && row.table_type !== opts.tableType) {
        const msg =
          row.table_type === 'VIRTUAL_VIEW'
            ? `${db}.${name} is a view, not a table; use DROP VIEW`
            : `${db}.${name} is a table, not a view; use DROP TABLE`;
        throw new AegisError('INVALID_ARGUMENT', msg, { database: db, table: name });
      }
      this.db.prepare('DELETE FROM tables WHERE id = ?').run(row.id);
      return true;
    });
  }

  getTable(dbIn: string, nameIn: string): TableMeta | undefined {
    return this.read(() => {
      const row = this.tableRow(normalizeName(dbIn), normalizeName(nameIn));
      return row && this.toTable(row);
    });
  }

  listTables(dbIn: string, opts: { tableType?: TableType } = {}): TableMeta[] {
    const db = normalizeName(dbIn);
    return this.read(() => {
      this.requireDatabase(db);
      const rows = (
        opts.tableType
          ? this.db.prepare('SELECT * FROM tables WHERE db = ? AND table_type = ? ORDER BY name').all(db, opts.tableType)
          : this.db.prepare('SELECT * FROM tables WHERE db = ? ORDER BY name').all(db)
      ) as TableRow[];
      return rows.map((r) => this.toTable(r));
    });
  }

  // ---------------------------------------------------------------- partitions

  addPartitions(dbIn: string, tableIn: string, parts: PartitionInput[], opts: { ifNotExists?: boolean } = {}): PartitionMeta[] {
    return this.write(() => {
      const t = this.requireTable(dbIn, tableIn);
      return this.partitions.add(t.id, this.toTable(t), parts, opts.ifNotExists ?? false);
    });
  }

  dropPartitions(dbIn: string, tableIn: string, values: (string | null)[][], opts: { ifExists?: boolean } = {}): number {
    return this.write(() => {
      const t = this.requireTable(dbIn, tableIn);
      return this.partitions.drop(t.id, this.toTable(t), values, opts.ifExists ?? false);
    });
  }

  dropPartitionsWhere(dbIn: string, tableIn: string, filters: readonly PartitionFilter[], opts: { ifExists?: boolean } = {}): number {
    return this.write(() => {
      const row = this.requireTable(dbIn, tableIn);
      const t = this.toTable(row);
      const names = new Set<string>();
      for (const f of filters) {
        const matches = this.partitions.list(row.id, t.partitionKeys, f);
        if (matches.length === 0 && !opts.ifExists) {
          const shown = f.constraints.map((c) => ('value' in c ? `${c.key}=${c.value}` : `${c.key} ${c.op}`)).join(', ');
          throw new AegisError('NOT_FOUND', `No partition matches (${shown}) in ${t.database}.${t.name}`, { database: t.database, table: t.name });
        }
        for (const m of matches) names.add(m.name);
      }
      return this.partitions.dropByName(row.id, [...names]);
    });
  }

  listPartitions(dbIn: string, tableIn: string, filter?: PartitionFilter): PartitionMeta[] {
    return this.read(() => {
      const t = this.requireTable(dbIn, tableIn);
      return this.partitions.list(t.id, this.toTable(t).partitionKeys, filter);
    });
  }

  countPartitions(dbIn: string, tableIn: string, filter?: PartitionFilter): number {
    return this.read(() => {
      const t = this.requireTable(dbIn, tableIn);
      return this.partitions.count(t.id, this.toTable(t).partitionKeys, filter);
    });
  }

  // ---------------------------------------------------------------- query executions

  saveExecution(e: QueryExecutionRecord): void {
    this.write(() => this.history.save(e));
  }

  getExecution(id: string): QueryExecutionRecord | undefined {
    return this.history.get(id);
  }

  listExecutions(opts?: ListExecutionsOptions): QueryExecutionRecord[] {
    return this.history.list(opts);
  }

  failOrphanedExecutions(alive: (pid: number) => boolean): number {
    return this.write(() => this.history.failOrphans(alive, new Date()));
  }

  addPendingWrite(queryId: string, uri: string): void {
    this.write(() => this.history.addPendingWrite(queryId, uri));
  }

  clearPendingWrites(queryId: string, uris?: readonly string[]): void {
    this.write(() => this.history.clearPendingWrites(queryId, uris));
  }

  abandonedWrites(): { queryId: string; uri: string }[] {
    return this.history.abandonedWrites();
  }

  // ---------------------------------------------------------------- Athena API records

  putAccessKey(k: AccessKeyRecord): void {
    this.write(() => this.server.putAccessKey(k));
  }

  getAccessKey(id: string): AccessKeyRecord | undefined {
    return this.server.getAccessKey(id);
  }

  listAccessKeys(): AccessKeyRecord[] {
    return this.server.listAccessKeys();
  }

  deleteAccessKey(id: string): boolean {
    return this.write(() => this.server.deleteAccessKey(id));
  }

  putPreparedStatement(p: PreparedStatementRecord): void {
    this.write(() => this.server.putPreparedStatement(p));
  }

  getPreparedStatement(workgroup: string, name: string): PreparedStatementRecord | undefined {
    return this.server.getPreparedStatement(workgroup, name);
  }

  listPreparedStatements(workgroup: string): PreparedStatementRecord[] {
    return this.server.listPreparedStatements(workgroup);
  }

  deletePreparedStatement(workgroup: string, name: string): boolean {
    return this.write(() => this.server.deletePreparedStatement(workgroup, name));
  }

  // ---------------------------------------------------------------- workgroups

  createWorkgroup(wg: WorkgroupInput): void {
    this.write(() => {
      if (this.getWorkgroup(wg.name)) {
        throw new AegisError('ALREADY_EXISTS', `WorkGroup ${wg.name} already exists`, { workgroup: wg.name });
      }
      this.db
        .prepare('INSERT INTO workgroups (name, state, description, configuration, create_time) VALUES (?, ?, ?, ?, ?)')
        .run(wg.name, wg.state ?? 'ENABLED', wg.description ?? null, JSON.stringify(wg.configuration ?? {}), Date.now());
    });
  }

  updateWorkgroup(wg: WorkgroupInput): void {
    this.write(() => {
      const cur = this.getWorkgroup(wg.name);
      if (!cur) throw new AegisError('NOT_FOUND', `WorkGroup ${wg.name} is not found`, { workgroup: wg.name });
      this.db
        .prepare('UPDATE workgroups SET state = ?, description = ?, configuration = ? WHERE name = ?')
        .run(
          wg.state ?? cur.state,
          wg.description ?? cur.description ?? null,
          JSON.stringify(wg.configuration ?? cur.configuration),
          wg.name,
        );
    });
  }

  getWorkgroup(name: string): WorkgroupMeta | undefined {
    // Workgroup names are case-sensitive in Athena, unlike databases and tables.
    const row = this.db.prepare('SELECT * FROM workgroups WHERE name = ?').get(name) as WorkgroupRow | undefined;
    return row && toWorkgroup(row);
  }

  listWorkgroups(): WorkgroupMeta[] {
    return (this.db.prepare('SELECT * FROM workgroups ORDER BY name').all() as WorkgroupRow[]).map(toWorkgroup);
  }

  deleteWorkgroup(name: string): void {
    this.write(() => {
      if (name === 'primary') throw new AegisError('INVALID_ARGUMENT', 'The primary workgroup cannot be deleted', { workgroup: name });
      const r = this.db.prepare('DELETE FROM workgroups WHERE name = ?').run(name);
      if (r.changes === 0) throw new AegisError('NOT_FOUND', `WorkGroup ${name} is not found`, { workgroup: name });
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---------------------------------------------------------------- internals

  private requireDatabase(db: string): void {
    if (!this.db.prepare('SELECT 1 FROM databases WHERE name = ?').get(db)) {
      throw new AegisError('NOT_FOUND', `Database does not exist: ${db}`, { database: db });
    }
  }

  private tableRow(db: string, name: string): TableRow | undefined {
    return this.db.prepare('SELECT * FROM tables WHERE db = ? AND name = ?').get(db, name) as TableRow | undefined;
  }

  private requireTable(dbIn: string, nameIn: string): TableRow {
    const db = normalizeName(dbIn);
    const name = normalizeName(nameIn);
    const row = this.tableRow(db, name);
    if (!row) {
      this.requireDatabase(db);
      throw new AegisError('NOT_FOUND', `Table ${db}.${name} does not exist`, { database: db, table: name });
    }
    return row;
  }

  private toTable(row: TableRow): TableMeta {
    const cols = this.db
      .prepare('SELECT kind, name, hive_type, sql_type, comment FROM columns WHERE table_id = ? ORDER BY kind, ordinal')
      .all(row.id) as ColumnRow[];
    const col = (c: ColumnRow): ColumnMeta => ({
      name: c.name,
      hiveType: c.hive_type,
      type: JSON.parse(c.sql_type) as SqlType,
      ...(c.comment !== null ? { comment: c.comment } : {}),
    });
    return {
      database: row.db,
      name: row.name,
      tableType: row.table_type,
      columns: cols.filter((c) => c.kind === 'data').map(col),
      partitionKeys: cols.filter((c) => c.kind === 'partition').map(col),
      storage: {
        location: row.location,
        ...(row.input_format !== null ? { inputFormat: row.input_format } : {}),
        ...(row.output_format !== null ? { outputFormat: row.output_format } : {}),
        ...(row.serde_lib !== null ? { serdeLib: row.serde_lib } : {}),
        serdeProperties: JSON.parse(row.serde_properties) as Record<string, string>,
        ...(row.bucketing !== null ? { bucketing: JSON.parse(row.bucketing) as TableMeta['storage']['bucketing'] } : {}),
      },
      parameters: JSON.parse(row.parameters) as Record<string, string>,
      ...(row.comment !== null ? { comment: row.comment } : {}),
      createTime: new Date(row.create_time),
      ...(row.view_sql !== null ? { view: { sql: row.view_sql } } : {}),
    };
  }
}

function toDatabase(row: DatabaseRow): DatabaseMeta {
  return {
    name: row.name,
    ...(row.comment !== null ? { comment: row.comment } : {}),
    ...(row.location !== null ? { location: row.location } : {}),
    properties: JSON.parse(row.properties) as Record<string, string>,
    createTime: new Date(row.create_time),
  };
}

function toWorkgroup(row: WorkgroupRow): WorkgroupMeta {
  return {
    name: row.name,
    state: row.state,
    ...(row.description !== null ? { description: row.description } : {}),
    configuration: JSON.parse(row.configuration) as Record<string, unknown>,
    createTime: new Date(row.create_time),
  };
}
