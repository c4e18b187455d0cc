/**
 * Identifiers and object names of the Hive grammar (`` `quoted` `` identifiers).
 */
import type { Id_Context, TableNameContext, ViewNameContext } from 'dt-sql-parser/dist/lib/hive/HiveSqlParser';
import type { Identifier, ObjectName } from './ast.js';
import { posOf, syntaxError } from './walk-context.js';

/** `` `X` `` keeps its spelling (with ```` `` ```` unescaped); unquoted names fold to lower case. */
export function hiveIdentifierOf(ctx: Id_Context): Identifier {
  const text = ctx.getText();
  const pos = posOf(ctx);
  if (text.startsWith('`')) {
    const name = text.slice(1, -1).replace(/``/g, '`');
    if (name.length === 0) throw syntaxError(pos, 'Zero-length delimited identifier not allowed');
    return { name, quoted: true, pos };
  }
  return { name: text.toLowerCase(), quoted: false, pos };
}

/** `[db.]name` from a Hive `tableName` / `viewName` / `tableNameCreate`. */
export function hiveObjectNameOf(ctx: TableNameContext | ViewNameContext | { id_(): Id_Context[] }): ObjectName {
  const parts = ctx.id_().map(hiveIdentifierOf);
  const pos = posOf(ctx as TableNameContext);
  if (parts.length > 2) throw syntaxError(parts[2].pos, `Unexpected name part '${parts[2].name}' in table name`);
  const out: ObjectName = { name: parts[parts.length - 1].name, pos };
  if (parts.length === 2) out.schema = parts[0].name;
  return out;
}
