/** `SHOW DATABASES|SCHEMAS [LIKE 'pattern']`: one `database_name` row per database, sorted. */
import type { ShowDatabasesStatement } from '../../sql/ast.js';
import type { DdlContext, DdlResult } from './ddl-context.js';
import { textResult } from './ddl-context.js';
import { hivePatternMatcher } from './hive-pattern.js';

export function showDatabases(stmt: ShowDatabasesStatement, ctx: DdlContext): DdlResult {
  const match = hivePatternMatcher(stmt.like);
  const names = ctx.catalog
    .listDatabases()
    .map((d) => d.name)
    .filter(match);
  return textResult(['database_name'], names.map((n) => [n]));
}
