/** `DROP TABLE [IF EXISTS] t`: removes the table and its partitions from the catalog, never data. */
import type { DropTableStatement } from '../../sql/ast.js';
import { atPos, emptyResult, qualify, type DdlContext, type DdlResult } from './ddl-context.js';

export function dropTable(stmt: DropTableStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    const q = qualify(stmt.name, ctx);
    ctx.catalog.dropTable(q.database, q.name, { ifExists: stmt.ifExists, tableType: 'EXTERNAL_TABLE' });
    return emptyResult('DDL');
  });
}
