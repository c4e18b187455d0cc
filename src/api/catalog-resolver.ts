/**
 * The binder's view of the persistent catalog (`CatalogView`): resolves a name to a view (its
 * SQL) or a table (its columns — data columns then partition keys, as Athena exposes them — and
 * a `TableSource` made by a factory from the table's full metadata). The factory is where the
 * object-backed scan (formats, partitions, encryption) plugs in; the catalog itself knows nothing
 * about reading data. `information_schema.*` resolves to snapshots of the catalog, scanned as
 * in-memory tables. It lives in `api/` because it joins three layers the others keep apart: the
 * catalog, the plan's contracts and the executor's in-memory table.
 */
import { AegisError } from '../errors.js';
import { MemoryTable } from '../exec/memory-table.js';
import type { ScanRequest, Split, TableSource } from '../plan/table-source.js';
import type { CatalogView, ResolvedTable, ResolvedView } from '../plan/catalog-view.js';
import { normalizeName, type Catalog, type TableMeta } from '../catalog/catalog.js';
import { INFORMATION_SCHEMA, informationSchemaTable } from '../catalog/information-schema.js';

/** Makes the scan source of an external table. */
export type TableSourceFactory = (table: TableMeta) => TableSource;

/** The columns a query sees: data columns, then partition keys. */
export function tableColumns(table: TableMeta): { name: string; type: TableMeta['columns'][number]['type'] }[] {
  return [...table.columns, ...table.partitionKeys].map((c) => ({ name: c.name, type: c.type }));
}

/**
 * A `CatalogView` over `catalog`. Without a factory, resolving works (so binding, EXPLAIN and
 * DESCRIBE-like uses succeed) but scanning a table fails with NOT_SUPPORTED.
 */
export function createCatalogView(catalog: Catalog, sourceFactory?: TableSourceFactory): CatalogView {
  return {
    resolveTable(database: string, name: string): ResolvedTable | ResolvedView | undefined {
      if (normalizeName(database) === INFORMATION_SCHEMA) {
        const snapshot = informationSchemaTable(catalog, normalizeName(name));
        if (!snapshot) return undefined;
        const info = new MemoryTable(snapshot.columns);
        info.append(snapshot.rows);
        return { kind: 'table', database: INFORMATION_SCHEMA, name: normalizeName(name), columns: info.columns, source: info };
      }
      const t = catalog.getTable(normalizeName(database), normalizeName(name));
      if (!t) return undefined;
      if (t.tableType === 'VIRTUAL_VIEW') {
        return { kind: 'view', database: t.database, name: t.name, sql: t.view?.sql ?? '' };
      }
      const source = sourceFactory ? sourceFactory(t) : unreadableSource(t);
      // A source may add hidden pseudo-columns (`"$path"` …) after the data and partition columns.
      return { kind: 'table', database: t.database, name: t.name, columns: source.columns, source };
    },
  };
}

function unreadableSource(t: TableMeta): TableSource {
  return {
    columns: tableColumns(t),
    supportsFilter: () => 'unsupported',
    planSplits(_req: ScanRequest): Promise<Split[]> {
      return Promise.reject(
        new AegisError('NOT_SUPPORTED', `No scan is configured for external table ${t.database}.${t.name} (${t.storage.serdeLib ?? 'unknown SerDe'})`, {
          uri: t.storage.location,
        }),
      );
    },
  };
}
