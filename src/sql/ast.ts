/**
 * The typed syntax tree of aegis SQL (Athena engine v3: Trino for queries/DML, Hive for DDL).
 *
 * Produced by `parseStatement` / `parseScript` (src/sql/parse.ts); no parser-library type ever
 * appears here. Every union is discriminated by `kind`, and kinds are unique across the whole
 * AST (ast-expr.ts, ast-query.ts, ast-statement.ts, all re-exported here), so any node can be
 * told apart from any other.
 *
 * Conventions:
 * - Identifiers: unquoted ones are folded to lower case; quoted ones (`"X"` in Trino, `` `X` `` in
 *   Hive) keep their spelling and carry `quoted: true`. (Athena matches names case-insensitively,
 *   so a binder may still compare lower-cased.)
 * - `pos` is the 1-based line/column of the node's first token, for error messages.
 * - Ordinals (`GROUP BY 1`, `ORDER BY 2`) are left as integer literals: the binder resolves them.
 * - A dotted chain of plain identifiers (`a.b.c`) is a {@link ColumnRef} with all parts; the binder
 *   decides which prefix is a relation and which suffix are row-field dereferences. Only a
 *   dereference of a non-identifier base (`f(x).a`, `a[1].b`) becomes a {@link FieldDereference}.
 * - `position(x IN y)` becomes `strpos(y, x)` and `substring(x FROM a FOR b)` becomes
 *   `substr(x, a, b)`, as Trino itself does; `IF`, `COALESCE`, `NULLIF`, `TRY`, `GROUPING`
 *   are ordinary {@link FunctionCall}s.
 */

/** 1-based source position of a node's first token. */
export interface Pos {
  line: number;
  column: number;
}

/** A (possibly quoted) name. `name` is lower-cased unless `quoted`. */
export interface Identifier {
  name: string;
  quoted: boolean;
  pos?: Pos;
}

/**
 * A name of a catalog object (table, view, database): `[catalog.][schema.]name`, each part
 * folded to lower case unless quoted.
 */
export interface ObjectName {
  catalog?: string;
  schema?: string;
  name: string;
  pos?: Pos;
}

export type * from './ast-expr.js';
export type * from './ast-query.js';
export type * from './ast-statement.js';
