/**
 * `SHOW TABLES [IN db] ['pattern']` (tables and views, as Athena lists both) and
 * `SHOW VIEWS [IN db] [LIKE 'pattern']` (views only): one `tab_name` row each, sorted.
 */
import type { ShowTablesStatement, ShowViewsStatement } from '../../sql/ast.js';
import { atPos, requireDatabase, textResult, type DdlContext, type DdlResult } from './ddl-context.js';
import { hivePatternMatcher } from './hive-pattern.js';

export function showTables(stmt: ShowTablesStatement | ShowViewsStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    const db = requireDatabase(ctx, stmt.database ?? ctx.database);
    const match = hivePatternMatcher(stmt.like);
    const tables = ctx.catalog.listTables(db, stmt.kind === 'show_views' ? { tableType: 'VIRTUAL_VIEW' } : {});
    return textResult(
      ['tab_name'],
      tables.map((t) => t.name).filter(match).map((n) => [n]),
    );
  });
}
