/**
 * `SHOW TBLPROPERTIES t [('key')]`: `prpt_name`/`prpt_value` rows sorted by name; with a key,
 * one `prpt_value` row — or, as Hive answers, a row saying the table has no such property.
 */
import type { ShowTblPropertiesStatement } from '../../sql/ast.js';
import { atPos, requireTable, textResult, type DdlContext, type DdlResult } from './ddl-context.js';

export function showTblProperties(stmt: ShowTblPropertiesStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    const t = requireTable(ctx, stmt.table);
    if (stmt.property !== undefined) {
      const v = t.parameters[stmt.property];
      return textResult(['prpt_value'], [[v ?? `Table ${t.database}.${t.name} does not have property: ${stmt.property}`]]);
    }
    const entries = Object.entries(t.parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return textResult(
      ['prpt_name', 'prpt_value'],
      entries.map(([k, v]) => [k, v]),
    );
  });
}
