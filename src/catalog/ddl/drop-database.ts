/**
 * `DROP DATABASE|SCHEMA [IF EXISTS] db [RESTRICT|CASCADE]`. A database with tables is only
 * dropped with CASCADE, which drops its tables and views (never their data: tables are external).
 */
import type { DropDatabaseStatement } from '../../sql/ast.js';
import { atPos, emptyResult, type DdlContext, type DdlResult } from './ddl-context.js';

export function dropDatabase(stmt: DropDatabaseStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    ctx.catalog.dropDatabase(stmt.name, { ifExists: stmt.ifExists, cascade: stmt.cascade });
    return emptyResult('DDL');
  });
}
