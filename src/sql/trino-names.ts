/**
 * Identifiers and object names of the Trino grammar.
 */
import type {
  IdentifierContext,
  QualifiedNameContext,
  SchemaRefContext,
  TableRefContext,
} from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import type { Identifier, ObjectName } from './ast.js';
import { labelOf, posOf, syntaxError } from './walk-context.js';

/** An identifier: unquoted ones folded to lower case, `"quoted"` ones kept (with `""` unescaped). */
export function identifierOf(ctx: IdentifierContext): Identifier {
  const pos = posOf(ctx);
  const text = ctx.getText();
  switch (labelOf(ctx)) {
    case 'QuotedIdentifier': {
      const name = text.slice(1, -1).replace(/""/g, '"');
      if (name.length === 0) throw syntaxError(pos, 'Zero-length delimited identifier not allowed');
      return { name, quoted: true, pos };
    }
    case 'BackQuotedIdentifier':
      throw syntaxError(pos, `backquoted identifiers are not supported; use double quotes to quote identifiers`);
    case 'DigitIdentifier':
      throw syntaxError(pos, `identifiers must not start with a digit; surround the identifier with double quotes`);
    default:
      return { name: text.toLowerCase(), quoted: false, pos };
  }
}

/** `a.b.c` → identifiers. */
export function qualifiedNameOf(ctx: QualifiedNameContext): Identifier[] {
  return ctx.identifier().map(identifierOf);
}

/** Builds `[catalog.][schema.]name` from 1–3 identifiers. */
export function objectNameOf(parts: Identifier[], pos = parts[0]?.pos): ObjectName {
  const names = parts.map((p) => p.name);
  const out: ObjectName = { name: names[names.length - 1] };
  if (names.length >= 2) out.schema = names[names.length - 2];
  if (names.length >= 3) out.catalog = names[names.length - 3];
  if (names.length > 3) throw syntaxError(pos, `Too many dots in table name: ${names.join('.')}`);
  if (pos) out.pos = pos;
  return out;
}

/** A table/view reference (`tableRef`, `viewRef`, `tableNameCreate`, `viewNameCreate`). */
export function tableNameOf(ctx: TableRefContext | { identifier(): IdentifierContext[] }): ObjectName {
  return objectNameOf(ctx.identifier().map(identifierOf), posOf(ctx as TableRefContext));
}

/** `schemaRef`: `[catalog.]schema`. */
export function schemaNameOf(ctx: SchemaRefContext): { catalog?: string; schema: string } {
  const parts = ctx.identifier().map(identifierOf);
  return parts.length === 2 ? { catalog: parts[0].name, schema: parts[1].name } : { schema: parts[0].name };
}
