/** `CREATE DATABASE|SCHEMA [IF NOT EXISTS] db [COMMENT '…'] [LOCATION '…'] [WITH DBPROPERTIES (…)]`. */
import type { CreateDatabaseStatement } from '../../sql/ast.js';
import { normalizeLocation } from '../location.js';
import { atPos, checkNewName, emptyResult, type DdlContext, type DdlResult } from './ddl-context.js';

export function createDatabase(stmt: CreateDatabaseStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    checkNewName('database', stmt.name);
    const location = stmt.location === undefined ? undefined : normalizeLocation(stmt.location);
    ctx.catalog.createDatabase(
      {
        name: stmt.name,
        ...(stmt.comment !== undefined ? { comment: stmt.comment } : {}),
        ...(location !== undefined ? { location } : {}),
        properties: Object.fromEntries(stmt.properties.map((p) => [p.key, p.value])),
      },
      { ifNotExists: stmt.ifNotExists },
    );
    return emptyResult('DDL');
  });
}
