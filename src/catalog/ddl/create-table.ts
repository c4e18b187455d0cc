/**
 * `CREATE EXTERNAL TABLE [IF NOT EXISTS] t (cols) [COMMENT] [PARTITIONED BY (…)]
 * [CLUSTERED BY (…) [SORTED BY …] INTO n BUCKETS] [ROW FORMAT …] [STORED AS …] LOCATION '…'
 * [TBLPROPERTIES (…)]` — Hive syntax, as Athena takes it.
 *
 * Everything is validated before the catalog is touched: column names and types, the SerDe and
 * formats, the LOCATION (and, if asked, that its bucket exists) and the known
 * table properties including partition projection. CREATE TABLE without EXTERNAL (and no AS) is
 * refused as Athena refuses it.
 */
import { AegisError } from '../../errors.js';
import type { ColumnDefinition, CreateTableStatement } from '../../sql/ast.js';
import { normalizeName, type ColumnMeta } from '../catalog.js';
import { catalogType, formatHiveType } from '../hive-type.js';
import { checkBucketExists, normalizeLocation } from '../location.js';
import { resolveStorageFormat, type DelimitedClauses, type RowFormatInput, type StoredAsInput } from '../storage-format.js';
import { atPos, checkNewName, emptyResult, qualify, requireDatabase, type DdlContext, type DdlResult } from './ddl-context.js';
import { validateTableProperties } from './table-properties.js';

/** Athena's answer to CREATE TABLE without EXTERNAL for a non-Iceberg table. */
export const NON_EXTERNAL_MESSAGE =
  "Only external table creation is supported. Use CREATE EXTERNAL TABLE … LOCATION 's3://bucket/folder/'. For Iceberg tables use TBLPROPERTIES ('table_type'='ICEBERG') (not supported by aegis).";

export async function createTable(stmt: CreateTableStatement, ctx: DdlContext): Promise<DdlResult> {
  const prepared = atPos(stmt.pos, () => prepare(stmt, ctx));
  if (!prepared) return emptyResult('DDL');
  if (ctx.store && ctx.checkLocationBucket) await checkBucketExists(ctx.store, prepared.storage.location);
  atPos(stmt.pos, () => ctx.catalog.createTable(prepared, { ifNotExists: stmt.ifNotExists }));
  return emptyResult('DDL');
}

function prepare(stmt: CreateTableStatement, ctx: DdlContext) {
  const props = Object.fromEntries(stmt.tblProperties.map((p) => [p.key, p.value]));
  if (!stmt.external) {
    throw new AegisError('NOT_SUPPORTED', NON_EXTERNAL_MESSAGE, { statement: 'CREATE TABLE' });
  }
  const q = qualify(stmt.name, ctx);
  requireDatabase(ctx, q.database);
  // IF NOT EXISTS short-cuts before validation, as Athena cancels before calling the catalog.
  if (stmt.ifNotExists && ctx.catalog.getTable(q.database, q.name)) return undefined;

  checkNewName('table', q.name);
  const columns = stmt.columns.map(toColumn);
  const partitionKeys = stmt.partitionedBy.map(toColumn);
  for (const c of [...columns, ...partitionKeys]) checkNewName('column', c.name);
  if (columns.length === 0) throw new AegisError('INVALID_ARGUMENT', `Table ${q.database}.${q.name} must have at least one column`);
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new AegisError('INVALID_ARGUMENT', `Duplicate column name '${c.name}' in table ${q.database}.${q.name}`, { columnName: c.name });
    seen.add(c.name);
  }
  for (const k of partitionKeys) {
    if (seen.has(k.name)) {
      throw new AegisError('INVALID_ARGUMENT', `Column repeated in partitioning columns: '${k.name}' is both a column and a partition key`, { columnName: k.name });
    }
    seen.add(k.name);
    if (['array', 'map', 'row'].includes(k.type.kind)) {
      throw new AegisError('INVALID_ARGUMENT', `Partition key '${k.name}' has type ${k.hiveType}; partition keys must have primitive types`, { columnName: k.name });
    }
  }

  let bucketing: { columns: string[]; count: number; sortedBy?: { column: string; order: 'asc' | 'desc' }[] } | undefined;
  if (stmt.clusteredBy) {
    const cols = stmt.clusteredBy.columns.map((c) => normalizeName(c.name));
    for (const c of [...cols, ...(stmt.clusteredBy.sortedBy ?? []).map((s) => normalizeName(s.column.name))]) {
      if (!columns.some((x) => x.name === c)) throw new AegisError('INVALID_ARGUMENT', `CLUSTERED BY column '${c}' is not a column of the table`, { columnName: c });
    }
    if (!Number.isInteger(stmt.clusteredBy.buckets) || stmt.clusteredBy.buckets < 1) {
      throw new AegisError('INVALID_ARGUMENT', `The number of buckets must be a positive integer, got ${stmt.clusteredBy.buckets}`);
    }
    bucketing = {
      columns: cols,
      count: stmt.clusteredBy.buckets,
      ...(stmt.clusteredBy.sortedBy ? { sortedBy: stmt.clusteredBy.sortedBy.map((s) => ({ column: normalizeName(s.column.name), order: s.order })) } : {}),
    };
  }

  const format = resolveStorageFormat(toRowFormat(stmt), toStoredAs(stmt));
  if (stmt.location === undefined) {
    throw new AegisError('INVALID_ARGUMENT', `CREATE EXTERNAL TABLE ${q.database}.${q.name} requires LOCATION 's3://bucket/folder/'`);
  }
  const location = normalizeLocation(stmt.location);
  validateTableProperties(props, partitionKeys.map((k) => k.name));

  return {
    database: q.database,
    name: q.name,
    tableType: 'EXTERNAL_TABLE' as const,
    columns,
    partitionKeys,
    storage: { location, ...format, ...(bucketing ? { bucketing } : {}) },
    parameters: props,
    ...(stmt.comment !== undefined ? { comment: stmt.comment } : {}),
  };
}

/** A column of Hive DDL as the catalog keeps it: its type as the front end parsed it, and that type's Hive text. */
export function toColumn(c: ColumnDefinition): ColumnMeta {
  const type = catalogType(c.type);
  return { name: normalizeName(c.name.name), hiveType: formatHiveType(type), type, ...(c.comment !== undefined ? { comment: c.comment } : {}) };
}

function toRowFormat(stmt: CreateTableStatement): RowFormatInput | undefined {
  const rf = stmt.rowFormat;
  if (!rf) return undefined;
  if (rf.kind === 'row_format_serde') {
    return { kind: 'serde', serde: rf.serde, properties: Object.fromEntries(rf.properties.map((p) => [p.key, p.value])) };
  }
  const clauses: DelimitedClauses = {};
  if (rf.fieldsTerminatedBy !== undefined) clauses.fieldsTerminatedBy = rf.fieldsTerminatedBy;
  if (rf.escapedBy !== undefined) clauses.escapedBy = rf.escapedBy;
  if (rf.collectionItemsTerminatedBy !== undefined) clauses.collectionItemsTerminatedBy = rf.collectionItemsTerminatedBy;
  if (rf.mapKeysTerminatedBy !== undefined) clauses.mapKeysTerminatedBy = rf.mapKeysTerminatedBy;
  if (rf.linesTerminatedBy !== undefined) clauses.linesTerminatedBy = rf.linesTerminatedBy;
  if (rf.nullDefinedAs !== undefined) clauses.nullDefinedAs = rf.nullDefinedAs;
  return { kind: 'delimited', clauses };
}

function toStoredAs(stmt: CreateTableStatement): StoredAsInput | undefined {
  const s = stmt.storedAs;
  if (!s) return undefined;
  return s.kind === 'stored_as_format' ? { kind: 'format', format: s.format } : { kind: 'io', inputFormat: s.inputFormat, outputFormat: s.outputFormat };
}
