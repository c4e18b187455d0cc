/** `SHOW COLUMNS IN t`: one `field` row per column, data columns then partition keys. */
import type { ShowColumnsStatement } from '../../sql/ast.js';
import { atPos, requireTable, textResult, type DdlContext, type DdlResult } from './ddl-context.js';

export function showColumns(stmt: ShowColumnsStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    const t = requireTable(ctx, stmt.table);
    return textResult(
      ['field'],
      [...t.columns, ...t.partitionKeys].map((c) => [c.name]),
    );
  });
}
