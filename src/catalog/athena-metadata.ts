/**
 * The catalog in the shapes of Athena's metadata API (`ListDatabases`, `GetDatabase`,
 * `ListTableMetadata`, `GetTableMetadata`), so the HTTP service returns what Athena returns:
 * column types in Hive spelling, and table `Parameters` that carry the storage descriptor
 * (`location`, `inputformat`, `outputformat`, `serde.serialization.lib`, `serde.param.*`) next to
 * the TBLPROPERTIES, as Athena flattens them.
 */
import { AegisError } from '../errors.js';
import type { Catalog, ColumnMeta, DatabaseMeta, TableMeta } from './catalog.js';

export interface AthenaDatabase {
  Name: string;
  Description?: string;
  Parameters: Record<string, string>;
}

export interface AthenaColumn {
  Name: string;
  Type: string;
  Comment?: string;
}

export interface AthenaTableMetadata {
  Name: string;
  CreateTime: Date;
  TableType: 'EXTERNAL_TABLE' | 'VIRTUAL_VIEW';
  Columns: AthenaColumn[];
  PartitionKeys: AthenaColumn[];
  Parameters: Record<string, string>;
}

export function toAthenaDatabase(db: DatabaseMeta): AthenaDatabase {
  return {
    Name: db.name,
    ...(db.comment !== undefined ? { Description: db.comment } : {}),
    Parameters: { ...db.properties, ...(db.location !== undefined ? { location: db.location } : {}) },
  };
}

function column(c: ColumnMeta): AthenaColumn {
  return { Name: c.name, Type: c.hiveType, ...(c.comment !== undefined ? { Comment: c.comment } : {}) };
}

export function toAthenaTableMetadata(t: TableMeta): AthenaTableMetadata {
  const params: Record<string, string> = {};
  if (t.tableType === 'EXTERNAL_TABLE') {
    const s = t.storage;
    params['EXTERNAL'] = 'TRUE';
    params['location'] = s.location;
    if (s.inputFormat !== undefined) params['inputformat'] = s.inputFormat;
    if (s.outputFormat !== undefined) params['outputformat'] = s.outputFormat;
    if (s.serdeLib !== undefined) params['serde.serialization.lib'] = s.serdeLib;
    for (const [k, v] of Object.entries(s.serdeProperties)) params[`serde.param.${k}`] = v;
  }
  if (t.comment !== undefined) params['comment'] = t.comment;
  Object.assign(params, t.parameters);
  params['transient_lastDdlTime'] = String(Math.floor(t.createTime.getTime() / 1000));
  return {
    Name: t.name,
    CreateTime: t.createTime,
    TableType: t.tableType,
    Columns: t.columns.map(column),
    PartitionKeys: t.partitionKeys.map(column),
    Parameters: params,
  };
}

/**
 * `ListTableMetadata`: the tables of a database whose names match `expression` (a regular
 * expression over the whole name, as Athena documents it), sorted by name.
 * @throws AegisError NOT_FOUND for a missing database, INVALID_ARGUMENT for a bad expression.
 */
export function listTableMetadata(catalog: Catalog, database: string, expression?: string): AthenaTableMetadata[] {
  let re: RegExp | undefined;
  if (expression !== undefined && expression !== '') {
    try {
      re = new RegExp(`^(?:${expression})$`, 'i');
    } catch {
      throw new AegisError('INVALID_ARGUMENT', `Invalid table name expression '${expression}'`);
    }
  }
  return catalog
    .listTables(database)
    .filter((t) => !re || re.test(t.name))
    .map(toAthenaTableMetadata);
}

/** `GetTableMetadata`. @throws AegisError NOT_FOUND naming the table. */
export function getTableMetadata(catalog: Catalog, database: string, table: string): AthenaTableMetadata {
  const t = catalog.getTable(database, table);
  if (!t) throw new AegisError('NOT_FOUND', `Table ${database.toLowerCase()}.${table.toLowerCase()} does not exist`, { database, table });
  return toAthenaTableMetadata(t);
}
