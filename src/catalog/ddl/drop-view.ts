/** `DROP VIEW [IF EXISTS] v`. */
import type { DropViewStatement } from '../../sql/ast.js';
import { atPos, emptyResult, qualify, type DdlContext, type DdlResult } from './ddl-context.js';

export function dropView(stmt: DropViewStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    const q = qualify(stmt.name, ctx);
    ctx.catalog.dropTable(q.database, q.name, { ifExists: stmt.ifExists, tableType: 'VIRTUAL_VIEW' });
    return emptyResult('DDL');
  });
}
