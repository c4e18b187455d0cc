/**
 * The result metadata file, `<id>.csv.metadata` (or `.txt.metadata`), beside every result.
 * Athena's own is a binary format read only by its service; aegis's is documented JSON:
 *
 * ```json
 * {
 *   "format": "aegis-result-metadata", "version": 1,
 *   "queryId": "…", "statementType": "DML",
 *   "dataObject": "<id>.csv", "dataBytes": 123, "rowCount": 4, "updateCount": 4,
 *   "encryption": { "option": "SSE_KMS", "kmsKey": "alias/results" },
 *   "columns": [ { "name": "n", "sqlType": "decimal(12,2)", "columnInfo": { …Athena ColumnInfo… } } ]
 * }
 * ```
 * `sqlType` is the exact SQL type (for reading values back); `columnInfo` is what
 * GetQueryResults returns. `rowCount` excludes the CSV header row.
 */
import { AegisError } from '../errors.js';
import { formatType, type SqlType } from '../types/sql-type.js';
import { columnInfo, type ColumnInfo } from './column-info.js';
import type { EncryptionOption } from './result-configuration.js';

export interface ResultMetadata {
  format: 'aegis-result-metadata';
  version: 1;
  queryId: string;
  statementType: 'DDL' | 'DML' | 'UTILITY';
  dataObject: string;
  dataBytes: number;
  rowCount: number;
  updateCount?: number;
  encryption: { option: EncryptionOption; kmsKey?: string };
  columns: { name: string; sqlType: string; columnInfo: ColumnInfo }[];
}

export function resultMetadata(r: {
  queryId: string;
  statementType: ResultMetadata['statementType'];
  columns: readonly { name: string; type: SqlType }[];
  rowCount: number;
  dataObject: string;
  dataBytes: number;
  encryption: ResultMetadata['encryption'];
  updateCount?: number;
}): ResultMetadata {
  return {
    format: 'aegis-result-metadata',
    version: 1,
    queryId: r.queryId,
    statementType: r.statementType,
    dataObject: r.dataObject,
    dataBytes: r.dataBytes,
    rowCount: r.rowCount,
    ...(r.updateCount !== undefined ? { updateCount: r.updateCount } : {}),
    encryption: { ...r.encryption },
    columns: r.columns.map((c) => ({ name: c.name, sqlType: formatType(c.type), columnInfo: columnInfo(c.name, c.type) })),
  };
}

/** Parses a metadata file; BAD_DATA names the object when it is not one. */
export function parseResultMetadata(text: string, uri: string): ResultMetadata {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new AegisError('BAD_DATA', `${uri} is not an aegis result metadata file (not JSON)`, { uri });
  }
  const m = v as Partial<ResultMetadata>;
  if (m.format !== 'aegis-result-metadata' || m.version !== 1 || !Array.isArray(m.columns)) {
    throw new AegisError('BAD_DATA', `${uri} is not an aegis result metadata file (version 1)`, { uri });
  }
  return m as ResultMetadata;
}
