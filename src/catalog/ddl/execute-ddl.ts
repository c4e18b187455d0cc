/**
 * Runs a catalog statement: Athena DDL (databases, external tables, views, partitions, MSCK
 * REPAIR), SHOW / DESCRIBE and USE. One statement kind per module; this file only dispatches.
 * CTAS, INSERT, UNLOAD and SHOW FUNCTIONS are not catalog statements (the engine runs them).
 */
import { AegisError } from '../../errors.js';
import type { Statement } from '../../sql/ast.js';
import { addPartitions } from './add-partitions.js';
import { createDatabase } from './create-database.js';
import { createTable } from './create-table.js';
import { createView } from './create-view.js';
import type { DdlContext, DdlResult } from './ddl-context.js';
import { describeTable } from './describe-table.js';
import { dropDatabase } from './drop-database.js';
import { dropPartitions } from './drop-partitions.js';
import { dropTable } from './drop-table.js';
import { dropView } from './drop-view.js';
import { msckRepair } from './msck-repair.js';
import { showColumns } from './show-columns.js';
import { showCreateTable } from './show-create-table.js';
import { showDatabases } from './show-databases.js';
import { showPartitions } from './show-partitions.js';
import { showTables } from './show-tables.js';
import { showTblProperties } from './show-tblproperties.js';
import { useDatabase } from './use-database.js';

/** The statement kinds {@link executeDdl} runs. */
export const CATALOG_STATEMENT_KINDS = [
  'create_database',
  'drop_database',
  'create_table',
  'drop_table',
  'create_view',
  'drop_view',
  'add_partitions',
  'drop_partitions',
  'msck_repair',
  'show_databases',
  'show_tables',
  'show_views',
  'show_partitions',
  'show_columns',
  'show_create',
  'show_tblproperties',
  'describe',
  'use',
] as const satisfies readonly Statement['kind'][];

export type CatalogStatement = Extract<Statement, { kind: (typeof CATALOG_STATEMENT_KINDS)[number] }>;

/** Whether the catalog runs this statement. */
export function isCatalogStatement(stmt: Statement): stmt is CatalogStatement {
  return (CATALOG_STATEMENT_KINDS as readonly string[]).includes(stmt.kind);
}

/**
 * Executes one catalog statement.
 * @throws AegisError with the statement's code (NOT_FOUND, ALREADY_EXISTS, INVALID_ARGUMENT,
 *   TYPE_MISMATCH, NOT_SUPPORTED, PRECONDITION_FAILED …); NOT_SUPPORTED for other statements.
 */
export async function executeDdl(stmt: Statement, ctx: DdlContext): Promise<DdlResult> {
  if (!isCatalogStatement(stmt)) {
    throw new AegisError('NOT_SUPPORTED', `Statement ${stmt.kind} is not a catalog statement`);
  }
  switch (stmt.kind) {
    case 'create_database':
      return createDatabase(stmt, ctx);
    case 'drop_database':
      return dropDatabase(stmt, ctx);
    case 'create_table':
      return createTable(stmt, ctx);
    case 'drop_table':
      return dropTable(stmt, ctx);
    case 'create_view':
      return createView(stmt, ctx);
    case 'drop_view':
      return dropView(stmt, ctx);
    case 'add_partitions':
      return addPartitions(stmt, ctx);
    case 'drop_partitions':
      return dropPartitions(stmt, ctx);
    case 'msck_repair':
      return msckRepair(stmt, ctx);
    case 'show_databases':
      return showDatabases(stmt, ctx);
    case 'show_tables':
    case 'show_views':
      return showTables(stmt, ctx);
    case 'show_partitions':
      return showPartitions(stmt, ctx);
    case 'show_columns':
      return showColumns(stmt, ctx);
    case 'show_create':
      return showCreateTable(stmt, ctx);
    case 'show_tblproperties':
      return showTblProperties(stmt, ctx);
    case 'describe':
      return describeTable(stmt, ctx);
    case 'use':
      return useDatabase(stmt, ctx);
  }
}
