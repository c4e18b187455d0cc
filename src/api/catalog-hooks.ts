/**
 * Plugs the persistent catalog into an Engine: the binder's table resolution (`catalogView`) and
 * the handler for DDL / SHOW / DESCRIBE / USE statements (`ddlHandler`).
 *
 *   const catalog = SqliteCatalog.forWarehouse(warehouseDir);
 *   const hooks = createCatalogHooks(catalog, store, { sourceFactory, bindView });
 *   // Engine options: catalog: hooks.catalogView, ddlHandler: hooks.ddlHandler
 *
 * `ddlHandler` returns undefined for statements that are not catalog statements, so an engine
 * can offer every statement to it first — and for DROP TABLE / DROP VIEW of a name the catalog
 * does not hold, so the engine can drop its own in-memory (CREATE TABLE AS) tables and views.
 */
import type { CreateViewStatement, ObjectName, Statement } from '../sql/ast.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { CatalogView } from '../plan/catalog-view.js';
import { DEFAULT_DATABASE, normalizeName, type Catalog } from '../catalog/catalog.js';
import { createCatalogView, type TableSourceFactory } from './catalog-resolver.js';
import type { DdlResult, ViewColumn } from '../catalog/ddl/ddl-context.js';
import { executeDdl, isCatalogStatement } from '../catalog/ddl/execute-ddl.js';

/** The per-statement context an engine passes to the handler. */
export interface CatalogStatementContext {
  /** The session's current database; `default` when absent. */
  readonly database?: string;
  /** Overrides the hooks' `bindView` for this statement (e.g. bound with the session's settings). */
  readonly bindView?: (stmt: CreateViewStatement, database: string) => Promise<readonly ViewColumn[]> | readonly ViewColumn[];
}

export interface CatalogHooksOptions {
  /** Makes scan sources for external tables (see catalog-resolver.ts). */
  sourceFactory?: TableSourceFactory;
  /** Binds a view's query to learn its columns (and reject an invalid view). */
  bindView?: (stmt: CreateViewStatement, database: string) => Promise<readonly ViewColumn[]> | readonly ViewColumn[];
  /** Refuse CREATE EXTERNAL TABLE when the LOCATION's bucket does not exist in `store` (default off). */
  checkLocationBuckets?: boolean;
}

export interface CatalogHooks {
  readonly catalog: Catalog;
  readonly catalogView: CatalogView;
  /** Runs a catalog statement, or returns undefined when `stmt` is not one. */
  ddlHandler(stmt: Statement, ctx?: CatalogStatementContext): Promise<DdlResult | undefined>;
  isCatalogStatement(stmt: Statement): boolean;
}

export function createCatalogHooks(catalog: Catalog, store?: ObjectStore, opts: CatalogHooksOptions = {}): CatalogHooks {
  const catalogView = createCatalogView(catalog, opts.sourceFactory);
  return {
    catalog,
    catalogView,
    isCatalogStatement,
    async ddlHandler(stmt, ctx = {}) {
      if (!isCatalogStatement(stmt)) return undefined;
      const database = ctx.database ?? DEFAULT_DATABASE;
      if ((stmt.kind === 'drop_table' || stmt.kind === 'drop_view') && !holds(catalog, stmt.name, database)) return undefined;
      const bindView = ctx.bindView ?? opts.bindView;
      return executeDdl(stmt, {
        catalog,
        database,
        ...(store ? { store } : {}),
        ...(bindView ? { bindView } : {}),
        ...(opts.checkLocationBuckets ? { checkLocationBucket: true } : {}),
      });
    },
  };
}

function holds(catalog: Catalog, name: ObjectName, database: string): boolean {
  return catalog.getTable(normalizeName(name.schema ?? database), normalizeName(name.name)) !== undefined;
}
