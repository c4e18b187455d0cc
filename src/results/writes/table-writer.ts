/**
 * CREATE TABLE AS, INSERT INTO and UNLOAD as real objects (Athena's semantics), encrypted with the
 * query's effective result encryption. The engine plans the query and streams its rows into the
 * {@link WriteSession} this returns; `commit` registers the table and partitions in the
 * persistent catalog, `abort` removes every object written. Everything that can be checked is
 * checked before the query runs: properties, names, types, the target location being empty.
 */
import { AegisError } from '../../errors.js';
import type { Catalog, ColumnMeta, TableMeta } from '../../catalog/catalog.js';
import { normalizeName } from '../../catalog/catalog.js';
import { formatHiveType } from '../../catalog/hive-type.js';
import { normalizeLocation } from '../../catalog/location.js';
import { makePartitionName } from '../../catalog/partition-name.js';
import { SERDE, STORED_AS } from '../../catalog/storage-format.js';
import type { TableColumn } from '../../formats/format.js';
import type * as A from '../../sql/ast.js';
import { parseS3Uri } from '../../storage/object-store.js';
import { formatType, type SqlType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import type { EffectiveResultConfiguration } from '../result-configuration.js';
import { ensureDefaultBucket, type ResultWriterDeps } from '../result-writer.js';
import { DataFileSet, type DataFileSetOptions } from './data-file-set.js';
import { parseWriteProperties, type DataFormat, type WriteCompression, type WriteProperties } from './write-properties.js';

/** Which query execution a write belongs to, and the result configuration it writes with. */
export interface WriteContext {
  readonly queryId: string;
  readonly resultConfiguration: EffectiveResultConfiguration;
}

/** Rows in (the same shape as the engine's RowSink), then commit or abort. */
export interface WriteSession {
  readonly sink: {
    columns(columns: readonly { name: string; type: SqlType }[]): Promise<void>;
    rows(rows: Value[][]): Promise<void>;
  };
  /** Registers what was written; @returns rows written. */
  commit(): Promise<number>;
  /** Removes every object written; registers nothing. */
  abort(): Promise<void>;
}

export interface TableWriterDeps extends ResultWriterDeps {
  readonly catalog: Catalog;
  /** The context of a statement run outside a query execution (the primary workgroup's defaults). */
  readonly defaultContext: () => WriteContext;
}

/** Hive types a table column may have (Athena refuses the others in CTAS). */
function checkHiveType(name: string, t: SqlType): void {
  switch (t.kind) {
    case 'array':
      return checkHiveType(name, t.element);
    case 'map':
      checkHiveType(name, t.key);
      return checkHiveType(name, t.value);
    case 'row':
      for (const f of t.fields) checkHiveType(name, f.type);
      return;
    case 'timestamp':
      if (t.withTimeZone) break;
      return;
    case 'boolean':
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'real':
    case 'double':
    case 'decimal':
    case 'varchar':
    case 'char':
    case 'varbinary':
    case 'date':
      return;
    default:
      break;
  }
  throw new AegisError('NOT_SUPPORTED', `Unsupported Hive type: ${formatType(t)} (column '${name}'). Cast it to a supported type (e.g. varchar or timestamp).`, { columnName: name });
}

function columnMeta(c: { name: string; type: SqlType }): ColumnMeta {
  checkHiveType(c.name, c.type);
  return { name: c.name, hiveType: formatHiveType(c.type), type: c.type };
}

/** Splits output columns into data columns and the partition columns, which must come last. */
function splitPartitionColumns(columns: readonly { name: string; type: SqlType }[], partitionedBy: readonly string[]): { data: ColumnMeta[]; keys: ColumnMeta[] } {
  const n = partitionedBy.length;
  if (n === 0) return { data: columns.map(columnMeta), keys: [] };
  const names = columns.map((c) => c.name.toLowerCase());
  for (const p of partitionedBy) {
    if (!names.includes(p)) throw new AegisError('INVALID_ARGUMENT', `Partition column '${p}' is not a column of the query (columns: ${names.join(', ')})`, { columnName: p });
  }
  const tail = names.slice(names.length - n);
  if (tail.join(',') !== partitionedBy.join(',')) {
    throw new AegisError('INVALID_ARGUMENT', `Partition columns must be the last columns of the query, in the order of partitioned_by: expected [..., ${partitionedBy.join(', ')}], got [${names.join(', ')}]`);
  }
  if (n === columns.length) throw new AegisError('INVALID_ARGUMENT', 'A table needs at least one column that is not a partition column');
  const keys = columns.slice(columns.length - n).map(columnMeta);
  for (const k of keys) {
    if (['array', 'map', 'row'].includes(k.type.kind)) throw new AegisError('INVALID_ARGUMENT', `Partition column '${k.name}' has type ${k.hiveType}; partition columns must have primitive types`, { columnName: k.name });
  }
  return { data: columns.slice(0, columns.length - n).map(columnMeta), keys };
}

/** Athena's HIVE_PATH_ALREADY_EXISTS when anything is stored under the target. */
async function requireEmpty(deps: ResultWriterDeps, location: string, what: string): Promise<void> {
  const { bucket, key } = parseS3Uri(location);
  const r = await deps.store.list(bucket, { prefix: key, maxKeys: 1 });
  if (r.objects.length > 0) {
    throw new AegisError('HIVE_PATH_ALREADY_EXISTS', `Target directory for ${what} already exists: ${location}. Use an empty location, or remove its objects first.`, { uri: location });
  }
}

function storageOf(format: DataFormat, props: WriteProperties): Pick<TableMeta['storage'], 'inputFormat' | 'outputFormat' | 'serdeLib' | 'serdeProperties'> {
  const triple = STORED_AS[format === 'JSON' ? 'JSON' : format]!;
  const serdeProperties: Record<string, string> =
    format === 'TEXTFILE' ? { 'field.delim': props.fieldDelimiter, 'serialization.format': props.fieldDelimiter } : {};
  return { inputFormat: triple.inputFormat, outputFormat: triple.outputFormat, serdeLib: triple.serdeLib, serdeProperties };
}

/** The write format of an existing table (INSERT); NOT_SUPPORTED for formats aegis cannot write. */
function formatOfTable(t: TableMeta): { format: DataFormat; props: WriteProperties } {
  const lib = t.storage.serdeLib;
  const compression = (t.parameters['write.compression'] ?? t.parameters['parquet.compression'])?.toUpperCase();
  const table = `${t.database}.${t.name}`;
  if (lib === SERDE.parquet) {
    const c = (compression === 'UNCOMPRESSED' ? 'NONE' : compression ?? 'SNAPPY') as WriteCompression;
    return { format: 'PARQUET', props: { format: 'PARQUET', compression: c, fieldDelimiter: ',', partitionedBy: [] } };
  }
  const textCompression = compression === 'NONE' || compression === 'UNCOMPRESSED' ? 'NONE' : 'GZIP';
  if (lib === SERDE.lazySimple) {
    const delim = t.storage.serdeProperties['field.delim'] ?? t.storage.serdeProperties['serialization.format'] ?? '\u0001';
    return { format: 'TEXTFILE', props: { format: 'TEXTFILE', compression: textCompression, fieldDelimiter: delim, partitionedBy: [] } };
  }
  if (lib === SERDE.hiveJson || lib === SERDE.openxJson) {
    return { format: 'JSON', props: { format: 'JSON', compression: textCompression, fieldDelimiter: ',', partitionedBy: [] } };
  }
  throw new AegisError('NOT_SUPPORTED', `INSERT INTO ${table} is not supported: aegis writes PARQUET, TEXTFILE (LazySimpleSerDe) and JSON tables, and this one uses ${lib ?? 'an unknown SerDe'}.`, { table });
}

function sessionOf(files: DataFileSet, onCommit: () => Promise<void>, forget: () => void): WriteSession {
  let done = false;
  return {
    sink: {
      async columns() {},
      async rows(rows) {
        await files.add(rows);
      },
    },
    async commit() {
      if (done) throw new AegisError('INTERNAL_ERROR', 'Write already finished');
      done = true;
      try {
        await files.finish();
        // Forgotten before the table is registered: a crash in between leaves unregistered files,
        // never a registered table whose files the next open would sweep away.
        forget();
        await onCommit();
      } catch (e) {
        await files.abort();
        forget();
        throw e;
      }
      return files.rowCount;
    },
    async abort() {
      if (done) return;
      done = true;
      await files.abort();
      forget();
    },
  };
}

export class TableWriter {
  constructor(private readonly deps: TableWriterDeps) {}

  /**
   * CREATE TABLE AS: validates the properties and the target, then returns the session the query's
   * rows go to. The table (and its partitions) are registered only when the write commits.
   */
  async beginCreateTableAs(stmt: A.CreateTableAsStatement, database: string, columns: readonly { name: string; type: SqlType }[], ctx?: WriteContext): Promise<WriteSession> {
    const c = ctx ?? this.deps.defaultContext();
    const props = parseWriteProperties(stmt.properties, 'ctas');
    const db = normalizeName(stmt.name.schema ?? database);
    const name = normalizeName(stmt.name.name);
    if (!this.deps.catalog.getDatabase(db)) throw new AegisError('NOT_FOUND', `Schema '${db}' does not exist`, { database: db });
    const { data, keys } = splitPartitionColumns(columns, props.partitionedBy);
    const location = props.externalLocation !== undefined
      ? normalizeLocation(props.externalLocation, 'external_location')
      : `${c.resultConfiguration.outputLocation}tables/${c.queryId}/`;
    if (props.externalLocation === undefined && c.resultConfiguration.defaultLocation) await ensureDefaultBucket(this.deps.store, parseS3Uri(location).bucket);
    await requireEmpty(this.deps, location, `table '${db}.${name}'`);
    const cse = c.resultConfiguration.encryption.option === 'CSE_KMS';
    const files = this.fileSet(c, location, data, keys, props);
    return sessionOf(files, async () => {
      this.deps.catalog.createTable({
        database: db,
        name,
        tableType: 'EXTERNAL_TABLE',
        columns: data,
        partitionKeys: keys,
        storage: { location, ...storageOf(props.format, props) },
        parameters: {
          classification: props.format === 'PARQUET' ? 'parquet' : props.format === 'JSON' ? 'json' : 'csv',
          'write.compression': props.compression,
          ...(cse ? { has_encrypted_data: 'true' } : {}),
        },
        ...(stmt.comment !== undefined ? { comment: stmt.comment } : {}),
      });
      if (keys.length > 0 && files.partitionsWritten.length > 0) {
        try {
          this.deps.catalog.addPartitions(db, name, files.partitionsWritten, { ifNotExists: true });
        } catch (e) {
          this.deps.catalog.dropTable(db, name, { ifExists: true });
          throw e;
        }
      }
    }, this.forget(c));
  }

  /**
   * INSERT INTO an external table of the catalog; undefined when the catalog has no such table
   * (the engine's in-memory tables take it then). Returns the target's columns (data columns,
   * then partition keys) for the engine's coercions.
   */
  beginInsert(database: string, tableName: string, ctx?: WriteContext): Promise<{ columns: TableColumn[]; session: WriteSession }> | undefined {
    const db = normalizeName(database);
    const t = this.deps.catalog.getTable(db, normalizeName(tableName));
    if (!t) return undefined;
    return this.insertInto(t, ctx ?? this.deps.defaultContext());
  }

  private async insertInto(t: TableMeta, c: WriteContext): Promise<{ columns: TableColumn[]; session: WriteSession }> {
    const table = `${t.database}.${t.name}`;
    if (t.tableType !== 'EXTERNAL_TABLE') throw new AegisError('NOT_SUPPORTED', `${table} is a view; INSERT needs a table`, { table });
    if (t.parameters['projection.enabled']?.toLowerCase() === 'true') {
      throw new AegisError('NOT_SUPPORTED', `INSERT INTO ${table} is not supported: the table uses partition projection`, { table });
    }
    if (t.parameters.has_encrypted_data?.toLowerCase() === 'true' && c.resultConfiguration.encryption.option !== 'CSE_KMS') {
      throw new AegisError(
        'INVALID_ARGUMENT',
        `${table} holds client-side encrypted data (has_encrypted_data = 'true'); INSERT writes with the result encryption, which is ${c.resultConfiguration.encryption.option}. Run it with --result-encryption CSE_KMS and a --result-kms-key.`,
        { table },
      );
    }
    const { props } = formatOfTable(t);
    const partitionOf = new Map(t.partitionKeys.length ? this.deps.catalog.listPartitions(t.database, t.name).map((p) => [p.name, p.location]) : []);
    const keys = t.partitionKeys.map((k) => k.name);
    const files = this.fileSet(c, t.storage.location, t.columns, t.partitionKeys, props, (values) => {
      const loc = partitionOf.get(makePartitionName(keys, values));
      return loc === undefined ? undefined : loc.endsWith('/') ? loc : `${loc}/`;
    });
    const session = sessionOf(files, async () => {
      if (keys.length === 0) return;
      const fresh = files.partitionsWritten.filter((p) => !partitionOf.has(makePartitionName(keys, p.values)));
      if (fresh.length > 0) this.deps.catalog.addPartitions(t.database, t.name, fresh, { ifNotExists: true });
    }, this.forget(c));
    return { columns: [...t.columns, ...t.partitionKeys].map((k) => ({ name: k.name, type: k.type })), session };
  }

  /** UNLOAD (query) TO 's3://…' WITH (…): data files only, into an empty location. */
  async beginUnload(stmt: A.UnloadStatement, columns: readonly { name: string; type: SqlType }[], ctx?: WriteContext): Promise<WriteSession> {
    const c = ctx ?? this.deps.defaultContext();
    const props = parseWriteProperties(stmt.properties, 'unload');
    const location = normalizeLocation(stmt.location, 'UNLOAD target');
    const named = columns.map((col, i) => ({ name: col.name.startsWith('_col') ? `_col${i}` : col.name, type: col.type }));
    const { data, keys } = splitPartitionColumns(named, props.partitionedBy);
    await requireEmpty(this.deps, location, 'UNLOAD');
    const files = this.fileSet(c, location, data, keys, props);
    return sessionOf(files, async () => undefined, this.forget(c));
  }

  /** The data files of one statement, journalled under its query id. */
  private fileSet(c: WriteContext, location: string, data: readonly TableColumn[], keys: readonly TableColumn[], props: WriteProperties, partitionLocation?: DataFileSetOptions['partitionLocation']): DataFileSet {
    return new DataFileSet({
      deps: this.deps,
      config: c.resultConfiguration,
      location,
      dataColumns: data,
      partitionKeys: keys,
      props,
      filePrefix: c.queryId,
      journal: this.journal(c),
      ...(partitionLocation ? { partitionLocation } : {}),
    });
  }

  private journal(c: WriteContext): (uri: string, uploadId?: string) => void {
    return (uri, uploadId) => this.deps.catalog.addPendingWrite(c.queryId, pendingEntry(uri, uploadId));
  }

  private forget(c: WriteContext): () => void {
    return () => this.deps.catalog.clearPendingWrites(c.queryId);
  }
}

const UPLOAD_MARK = '#upload=';

/** A journal entry: the object's URI, with its multipart upload id when it has one. */
export function pendingEntry(uri: string, uploadId?: string): string {
  return uploadId ? `${uri}${UPLOAD_MARK}${uploadId}` : uri;
}

/**
 * Deletes the objects (and aborts the unfinished multipart uploads) of statements — results and
 * CTAS / INSERT / UNLOAD data — whose process died before they committed (their executions were marked FAILED by `failOrphanedExecutions`).
 * @returns how many objects were removed.
 */
export async function sweepAbandonedWrites(catalog: Catalog, store: ResultWriterDeps['store']): Promise<number> {
  let n = 0;
  for (const w of catalog.abandonedWrites()) {
    const [uri, uploadId] = w.uri.split(UPLOAD_MARK) as [string, string | undefined];
    const { bucket, key } = parseS3Uri(uri);
    try {
      if (uploadId !== undefined) await store.abortUpload?.(bucket, key, uploadId).catch(() => undefined);
      await store.delete(bucket, key);
      n++;
    } catch {
      continue; // kept in the journal; the next open tries again
    }
    catalog.clearPendingWrites(w.queryId, [w.uri]);
  }
  return n;
}
