/**
 * Catalog columns from Hive type text, the way CREATE EXTERNAL TABLE makes them: parsed by the
 * HiveSQL front end (the one Hive type parser), kept by the catalog (create-table.ts).
 */
import type { ColumnMeta } from '../../../src/catalog/catalog.js';
import { toColumn } from '../../../src/catalog/ddl/create-table.js';
import type { CreateTableStatement } from '../../../src/sql/ast.js';
import { parseStatement } from '../../../src/sql/parse.js';

/** The column `name hive [COMMENT comment]`. @throws the front end's error for a bad type. */
export function hiveColumn(name: string, hive: string, comment?: string): ColumnMeta {
  const stmt = parseStatement(`CREATE EXTERNAL TABLE t (c ${hive}) LOCATION 's3://b/t/'`) as CreateTableStatement;
  const c = toColumn(stmt.columns[0]!);
  return { ...c, name, ...(comment ? { comment } : {}) };
}
