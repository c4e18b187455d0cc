/**
 * `CREATE [OR REPLACE] VIEW v [COMMENT '…'] AS query`. The catalog keeps the query text; its
 * column names and types come from binding the query (the engine's `bindView`), which also
 * proves the query valid before the view is stored. OR REPLACE replaces only a view, never a
 * table of the same name.
 */
import type { CreateViewStatement } from '../../sql/ast.js';
import { normalizeName } from '../catalog.js';
import { formatHiveType } from '../hive-type.js';
import { atPos, checkNewName, emptyResult, qualify, requireDatabase, type DdlContext, type DdlResult } from './ddl-context.js';

export async function createView(stmt: CreateViewStatement, ctx: DdlContext): Promise<DdlResult> {
  const q = atPos(stmt.pos, () => qualify(stmt.name, ctx));
  atPos(stmt.pos, () => {
    checkNewName('view', q.name);
    requireDatabase(ctx, q.database);
  });
  const columns = ctx.bindView ? await ctx.bindView(stmt, q.database) : [];
  return atPos(stmt.pos, () => {
    ctx.catalog.createTable(
      {
        database: q.database,
        name: q.name,
        tableType: 'VIRTUAL_VIEW',
        columns: columns.map((c) => ({ name: normalizeName(c.name), hiveType: formatHiveType(c.type), type: c.type })),
        storage: { location: '', serdeProperties: {} },
        parameters: { presto_view: 'true', ...(stmt.security ? { security: stmt.security.toUpperCase() } : {}) },
        ...(stmt.comment !== undefined ? { comment: stmt.comment } : {}),
        view: { sql: stmt.sql },
      },
      { replace: stmt.orReplace },
    );
    return emptyResult('DDL');
  });
}
