/**
 * `information_schema` over the catalog, as Athena (Trino) exposes it: `schemata`, `tables`,
 * `columns` and `views`. BI tools and clients (Grafana, dbt-athena, awswrangler) discover
 * tables this way. Each resolution takes a snapshot of the catalog: its rows, which the engine
 * scans as an in-memory table (api/catalog-resolver.ts).
 */
import { formatType, type SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import type { Catalog } from './catalog.js';
import { DATA_CATALOG } from './ddl/ddl-context.js';

export const INFORMATION_SCHEMA = 'information_schema';

const V: SqlType = { kind: 'varchar' };
const BIGINT: SqlType = { kind: 'bigint' };

const SCHEMAS: Record<string, readonly { name: string; type: SqlType }[]> = {
  schemata: [
    { name: 'catalog_name', type: V },
    { name: 'schema_name', type: V },
  ],
  tables: [
    { name: 'table_catalog', type: V },
    { name: 'table_schema', type: V },
    { name: 'table_name', type: V },
    { name: 'table_type', type: V },
  ],
  columns: [
    { name: 'table_catalog', type: V },
    { name: 'table_schema', type: V },
    { name: 'table_name', type: V },
    { name: 'column_name', type: V },
    { name: 'ordinal_position', type: BIGINT },
    { name: 'column_default', type: V },
    { name: 'is_nullable', type: V },
    { name: 'data_type', type: V },
    { name: 'comment', type: V },
    { name: 'extra_info', type: V },
  ],
  views: [
    { name: 'table_catalog', type: V },
    { name: 'table_schema', type: V },
    { name: 'table_name', type: V },
    { name: 'view_definition', type: V },
  ],
};

/** The names of the information_schema tables. */
export const INFORMATION_SCHEMA_TABLES = Object.keys(SCHEMAS);

/** A snapshot of one information_schema table. */
export interface InformationSchemaSnapshot {
  readonly columns: readonly { name: string; type: SqlType }[];
  readonly rows: Value[][];
}

/** A snapshot of one information_schema table, or undefined for an unknown name. */
export function informationSchemaTable(catalog: Catalog, name: string): InformationSchemaSnapshot | undefined {
  const columns = SCHEMAS[name];
  if (!columns) return undefined;
  const rows: Value[][] = [];
  const dbs = catalog.listDatabases().map((d) => d.name);
  switch (name) {
    case 'schemata':
      for (const db of [...dbs, INFORMATION_SCHEMA].sort()) rows.push([DATA_CATALOG, db]);
      break;
    case 'tables':
      for (const db of dbs) {
        for (const t of catalog.listTables(db)) rows.push([DATA_CATALOG, db, t.name, t.tableType === 'VIRTUAL_VIEW' ? 'VIEW' : 'BASE TABLE']);
      }
      for (const t of INFORMATION_SCHEMA_TABLES) rows.push([DATA_CATALOG, INFORMATION_SCHEMA, t, 'BASE TABLE']);
      break;
    case 'columns':
      for (const db of dbs) {
        for (const t of catalog.listTables(db)) {
          const all = [...t.columns.map((c) => ({ c, extra: null })), ...t.partitionKeys.map((c) => ({ c, extra: 'partition key' }))];
          all.forEach(({ c, extra }, i) => rows.push([DATA_CATALOG, db, t.name, c.name, BigInt(i + 1), null, 'YES', formatType(c.type), c.comment ?? null, extra]));
        }
      }
      break;
    case 'views':
      for (const db of dbs) {
        for (const t of catalog.listTables(db, { tableType: 'VIRTUAL_VIEW' })) rows.push([DATA_CATALOG, db, t.name, t.view?.sql ?? '']);
      }
      break;
  }
  return { columns, rows };
}
