/**
 * AST queries and relations (see ast.ts for the conventions shared by all nodes).
 */
import type { Identifier, ObjectName, Pos } from './ast.js';
import type { Expr, SortItem, WindowSpec } from './ast-expr.js';

/** `[WITH] name [(c1, …)] AS (query)`. */
export interface CommonTableExpr { name: Identifier; columns?: Identifier[]; query: Query }
/** `AS alias [(c1, …)]` after a relation. */
export interface RelationAlias { name: Identifier; columns?: Identifier[] }

/**
 * A full query: optional WITH, a body, and ORDER BY / OFFSET / LIMIT that apply to the whole
 * body (for a set operation: to the whole union, not its last branch). `limit` is absent for no
 * limit and for `LIMIT ALL`; `FETCH FIRST n ROWS ONLY|WITH TIES` also fills `limit`.
 */
export interface Query {
  kind: 'query';
  with?: { recursive: boolean; ctes: CommonTableExpr[] };
  body: QueryBody;
  orderBy: SortItem[];
  offset?: Expr;
  limit?: { count: Expr; withTies: boolean };
  pos?: Pos;
}
/** What a query computes before its ORDER BY/LIMIT. A parenthesised query nests as `Query`. */
export type QueryBody = Select | SetOperation | ValuesBody | TableBody | Query;

/** `SELECT [DISTINCT|ALL] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [WINDOW …]`. */
export interface Select {
  kind: 'select';
  distinct: boolean;
  items: SelectItem[];
  /** Comma-separated FROM items are folded into `join` nodes of type `implicit`. */
  from?: Relation;
  where?: Expr;
  groupBy?: GroupBy;
  having?: Expr;
  windows: { name: Identifier; spec: WindowSpec }[];
  pos?: Pos;
}
/** `expr [AS alias]`. */
export interface SelectExpr { kind: 'select_expr'; expr: Expr; alias?: Identifier; pos?: Pos }
/** `*`, or `t.*` / `db.t.*` with `qualifier`. `aliases` for Trino's `t.* AS (a, b)`. */
export interface SelectStar { kind: 'select_star'; qualifier?: Identifier[]; aliases?: Identifier[]; pos?: Pos }
export type SelectItem = SelectExpr | SelectStar;

/** `left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right` (`all: false` for DISTINCT / default). */
export interface SetOperation {
  kind: 'set_operation';
  op: 'union' | 'intersect' | 'except';
  all: boolean;
  left: QueryBody;
  right: QueryBody;
  pos?: Pos;
}
/**
 * `VALUES r1, r2, …`. Each row is its list of column expressions: `(1, 'a')` and `ROW(1, 'a')`
 * give two columns, a bare `1` gives one.
 */
export interface ValuesBody { kind: 'values'; rows: Expr[][]; pos?: Pos }
/** `TABLE t` (same as `SELECT * FROM t`). */
export interface TableBody { kind: 'table_body'; name: ObjectName; pos?: Pos }

/** `GROUP BY [ALL|DISTINCT] elements` (quantifier absent when not written). */
export interface GroupBy { quantifier?: 'all' | 'distinct'; elements: GroupingElement[] }
/**
 * One GROUP BY element. `simple` is a plain expression list (`GROUP BY a, (b, c)` yields two
 * elements, the second with two exprs). Inside ROLLUP/CUBE/GROUPING SETS each inner array is one
 * parenthesised set (`()` is an empty set).
 */
export type GroupingElement =
  | { kind: 'group_simple'; exprs: Expr[] }
  | { kind: 'group_rollup'; sets: Expr[][] }
  | { kind: 'group_cube'; sets: Expr[][] }
  | { kind: 'group_sets'; sets: Expr[][] };

/** A table or view by name. */
export interface TableRelation { kind: 'table'; name: ObjectName; alias?: RelationAlias; pos?: Pos }
/** `(query) [AS] alias` (also `(VALUES …) AS t(a, b)`). */
export interface SubqueryRelation { kind: 'subquery_relation'; query: Query; alias?: RelationAlias; pos?: Pos }
/** `LATERAL (query) [AS] alias`. */
export interface LateralRelation { kind: 'lateral'; query: Query; alias?: RelationAlias; pos?: Pos }
/** `UNNEST(a, b) [WITH ORDINALITY] [AS] t(x, y, n)`. */
export interface UnnestRelation {
  kind: 'unnest';
  args: Expr[];
  withOrdinality: boolean;
  alias?: RelationAlias;
  pos?: Pos;
}
/** `relation TABLESAMPLE BERNOULLI|SYSTEM (percentage)`. */
export interface SampledRelation {
  kind: 'sample';
  relation: Relation;
  method: 'bernoulli' | 'system';
  percentage: Expr;
  pos?: Pos;
}
/**
 * A join. `implicit` is a comma in FROM (cross product semantics). `on` / `using` hold the
 * criteria (`using` names are lower-cased unless quoted); `natural` for NATURAL joins, which
 * have neither.
 */
export interface JoinRelation {
  kind: 'join';
  type: 'inner' | 'left' | 'right' | 'full' | 'cross' | 'implicit';
  natural: boolean;
  left: Relation;
  right: Relation;
  on?: Expr;
  using?: Identifier[];
  pos?: Pos;
}
/** A relation in FROM. */
export type Relation =
  | TableRelation
  | SubqueryRelation
  | LateralRelation
  | UnnestRelation
  | SampledRelation
  | JoinRelation;

