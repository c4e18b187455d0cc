/**
 * An in-memory catalog of tables (held in {@link MemoryTable}s) and views, per database. It backs
 * CREATE TABLE AS / INSERT INTO / CREATE VIEW / DROP when no persistent catalog handles them, so
 * SQL tests have tables without a warehouse.
 */
import { AegisError } from '../errors.js';
import { MemoryTable } from '../exec/memory-table.js';
import type { CatalogView, ResolvedTable, ResolvedView } from '../plan/catalog-view.js';
import type { SqlType } from '../types/sql-type.js';

interface Db {
  tables: Map<string, MemoryTable>;
  views: Map<string, string>;
}

export class MemoryCatalog implements CatalogView {
  private readonly dbs = new Map<string, Db>();

  constructor(readonly chunkRows = 1024) {
    this.createDatabase('default');
  }

  createDatabase(name: string): void {
    if (!this.dbs.has(name)) this.dbs.set(name, { tables: new Map(), views: new Map() });
  }

  private db(name: string, create = false): Db | undefined {
    if (create) this.createDatabase(name);
    return this.dbs.get(name);
  }

  resolveTable(database: string, name: string): ResolvedTable | ResolvedView | undefined {
    const d = this.db(database);
    if (!d) return undefined;
    const t = d.tables.get(name);
    if (t) return { kind: 'table', database, name, columns: t.columns, source: t };
    const v = d.views.get(name);
    if (v !== undefined) return { kind: 'view', database, name, sql: v };
    return undefined;
  }

  table(database: string, name: string): MemoryTable | undefined {
    return this.db(database)?.tables.get(name);
  }

  createTable(database: string, name: string, columns: { name: string; type: SqlType }[]): MemoryTable {
    const d = this.db(database, true)!;
    if (d.tables.has(name) || d.views.has(name)) {
      throw new AegisError('ALREADY_EXISTS', `Table '${database}.${name}' already exists`);
    }
    const t = new MemoryTable(columns, this.chunkRows);
    d.tables.set(name, t);
    return t;
  }

  dropTable(database: string, name: string): boolean {
    return this.db(database)?.tables.delete(name) ?? false;
  }

  createView(database: string, name: string, sql: string, orReplace: boolean): void {
    const d = this.db(database, true)!;
    if (d.tables.has(name)) throw new AegisError('ALREADY_EXISTS', `Table '${database}.${name}' already exists`);
    if (d.views.has(name) && !orReplace) throw new AegisError('ALREADY_EXISTS', `View '${database}.${name}' already exists`);
    d.views.set(name, sql);
  }

  dropView(database: string, name: string): boolean {
    return this.db(database)?.views.delete(name) ?? false;
  }

  tableNames(database: string): string[] {
    const d = this.db(database);
    return d ? [...d.tables.keys(), ...d.views.keys()].sort() : [];
  }
}
