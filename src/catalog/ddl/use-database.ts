/** `USE db`: switches the session's current database (the engine applies `setDatabase`). */
import type { UseStatement } from '../../sql/ast.js';
import { atPos, checkCatalogName, requireDatabase, type DdlContext, type DdlResult } from './ddl-context.js';

export function useDatabase(stmt: UseStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    checkCatalogName(stmt.catalog);
    const db = requireDatabase(ctx, stmt.schema);
    return { statementType: 'UTILITY', columns: [], rows: [], setDatabase: db };
  });
}
