/**
 * What the binder needs from a catalog: resolve a table or view name. The in-memory catalog
 * (api/memory-catalog.ts) and the persistent catalog (catalog/) both implement it. Resolution is
 * synchronous (catalog metadata is local); listing objects and other slow work belongs in
 * `TableSource.planSplits`, which runs at execution time.
 */
import type { TableSource } from './table-source.js';
import type { SqlType } from '../types/sql-type.js';

export interface ResolvedTable {
  readonly kind: 'table';
  readonly database: string;
  readonly name: string;
  /**
   * Columns in scan-ordinal order. `hidden` ones (pseudo-columns such as `"$path"`) resolve by
   * name but are not expanded by `*`.
   */
  readonly columns: readonly { name: string; type: SqlType; hidden?: boolean }[];
  readonly source: TableSource;
}

export interface ResolvedView {
  readonly kind: 'view';
  readonly database: string;
  readonly name: string;
  /** The view's query text, bound in the view's database. */
  readonly sql: string;
}

export interface CatalogView {
  /**
   * Looks a relation up by database and name (both lower-cased unless quoted).
   * Returns undefined when it does not exist; the binder reports NOT_FOUND.
   */
  resolveTable(database: string, name: string): ResolvedTable | ResolvedView | undefined;
}
