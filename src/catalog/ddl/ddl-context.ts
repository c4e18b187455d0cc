/**
 * What a DDL / SHOW / DESCRIBE statement runs with and what it returns.
 *
 * Results are rows of text, as Athena returns DDL results (a `<id>.txt` file of lines, one
 * varchar column where Athena has one). Statement types follow Athena's `StatementType`:
 * CREATE/DROP/ALTER/MSCK are `DDL`; SHOW, DESCRIBE and USE are `UTILITY`.
 */
import { AegisError } from '../../errors.js';
import type { CreateViewStatement, ObjectName } from '../../sql/ast.js';
import type { ObjectStore } from '../../storage/object-store.js';
import type { SqlType } from '../../types/sql-type.js';
import { normalizeName, type Catalog, type TableMeta } from '../catalog.js';

/** The one data catalog aegis has; Athena calls its Glue catalog this. */
export const DATA_CATALOG = 'awsdatacatalog';

export interface DdlContext {
  readonly catalog: Catalog;
  /** The session's current database (USE / QueryExecutionContext.Database). */
  readonly database: string;
  /** The object store, for MSCK REPAIR TABLE (listing). Without it MSCK fails with NOT_SUPPORTED. */
  readonly store?: ObjectStore;
  /**
   * Also check that a new table's LOCATION bucket exists in `store` (NOT_FOUND naming it).
   * Off by default: like Glue, the catalog records metadata only and a missing bucket surfaces
   * when the table is read.
   */
  readonly checkLocationBucket?: boolean;
  /**
   * Binds a view's query in `database` and returns its output columns. Supplied by the engine;
   * without it a view is stored with no column types (DESCRIBE shows none).
   */
  readonly bindView?: (stmt: CreateViewStatement, database: string) => Promise<readonly ViewColumn[]> | readonly ViewColumn[];
}

export interface ViewColumn {
  readonly name: string;
  readonly type: SqlType;
}

export interface DdlResult {
  readonly statementType: 'DDL' | 'UTILITY';
  /** Column names and types (always varchar); empty for statements without output. */
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
  readonly rows: readonly (readonly (string | null)[])[];
  /** Set by USE: the database the session switches to. */
  readonly setDatabase?: string;
}

const VARCHAR: SqlType = { kind: 'varchar' };

/** A result without output. */
export function emptyResult(statementType: 'DDL' | 'UTILITY' = 'DDL'): DdlResult {
  return { statementType, columns: [], rows: [] };
}

/** A result of varchar columns. */
export function textResult(columnNames: readonly string[], rows: (string | null)[][], statementType: 'DDL' | 'UTILITY' = 'UTILITY'): DdlResult {
  return { statementType, columns: columnNames.map((name) => ({ name, type: VARCHAR })), rows };
}

/**
 * The lines of a result as Athena writes them to `<id>.txt`: one line per row, columns
 * separated by a tab.
 */
export function resultLines(r: DdlResult): string[] {
  return r.rows.map((row) => row.map((v) => v ?? '').join('\t'));
}

/** Checks the catalog part of a name (only `awsdatacatalog` exists). */
export function checkCatalogName(catalog: string | undefined): void {
  if (catalog !== undefined && catalog.toLowerCase() !== DATA_CATALOG) {
    throw new AegisError('NOT_FOUND', `Catalog ${catalog} does not exist`, { catalog });
  }
}

/** `[catalog.][db.]name` → lower-cased database and name, defaulting to the current database. */
export function qualify(name: ObjectName, ctx: DdlContext): { database: string; name: string } {
  checkCatalogName(name.catalog);
  return { database: normalizeName(name.schema ?? ctx.database), name: normalizeName(name.name) };
}

/** The database name or NOT_FOUND naming it. */
export function requireDatabase(ctx: DdlContext, database: string): string {
  const db = normalizeName(database);
  if (!ctx.catalog.getDatabase(db)) throw new AegisError('NOT_FOUND', `Database does not exist: ${db}`, { database: db });
  return db;
}

/** The table or view, or NOT_FOUND naming it. */
export function requireTable(ctx: DdlContext, name: ObjectName): TableMeta {
  const q = qualify(name, ctx);
  const t = ctx.catalog.getTable(q.database, q.name);
  if (!t) {
    requireDatabase(ctx, q.database);
    throw new AegisError('NOT_FOUND', `Table ${q.database}.${q.name} does not exist`, {
      database: q.database,
      table: q.name,
      ...(name.pos ? { line: name.pos.line, column: name.pos.column } : {}),
    });
  }
  return t;
}

/**
 * Athena's naming rule for new databases, tables, views and columns: letters, digits and
 * underscores only.
 * @throws AegisError INVALID_ARGUMENT naming the offending name.
 */
export function checkNewName(what: 'database' | 'table' | 'view' | 'column', name: string): void {
  if (!/^[\p{L}\p{N}_]{1,255}$/u.test(name)) {
    throw new AegisError('INVALID_ARGUMENT', `Invalid ${what} name '${name}': names may contain only letters, digits and underscores`, { [what]: name });
  }
}

/** Records an AST position on errors thrown by `fn` that do not carry one. */
export function atPos<T>(pos: { line: number; column: number } | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (pos && e instanceof AegisError && e.details.line === undefined) {
      (e.details as { line?: number; column?: number }).line = pos.line;
      (e.details as { line?: number; column?: number }).column = pos.column;
    }
    throw e;
  }
}
