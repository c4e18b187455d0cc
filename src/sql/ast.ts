/**
 * The typed syntax tree of aegis SQL (Athena engine v3: Trino for queries/DML, Hive for DDL).
 *
 * Produced by `parseStatement` / `parseScript` (src/sql/parse.ts); no parser-library type ever
 * appears here. Every union is discriminated by `kind`, and kinds are unique across the whole
 * file, so any node can be told apart from any other.
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
import type { SqlType } from '../types/sql-type.js';

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

// ───────────────────────────── expressions ─────────────────────────────

/** `NULL`. */
export interface NullLiteral { kind: 'null'; pos?: Pos }
/** `TRUE` / `FALSE`. */
export interface BooleanLiteral { kind: 'boolean'; value: boolean; pos?: Pos }
/**
 * An integer literal. `text` is the source digits; `value` is exact. The binder types it as
 * `integer` when it fits 32 bits, else `bigint` (Trino's rule); a literal beyond 64 bits is a
 * SYNTAX_ERROR at parse time.
 */
export interface IntegerLiteral { kind: 'integer'; text: string; value: bigint; pos?: Pos }
/**
 * A decimal literal such as `1.5` or `.5` (Trino: `decimal(p,s)` from its digits). `text` is the
 * source text; `unscaled`/`precision`/`scale` are its exact value (`1.50` → 150n, 3, 2).
 */
export interface DecimalLiteral {
  kind: 'decimal';
  text: string;
  unscaled: bigint;
  precision: number;
  scale: number;
  pos?: Pos;
}
/** A literal with an exponent, `1e3` / `2.5E-1`: a `double`. */
export interface DoubleLiteral { kind: 'double'; text: string; value: number; pos?: Pos }
/** `'text'` (also `U&'…'` decoded). `''` is already unescaped; backslashes are literal. */
export interface StringLiteral { kind: 'string'; value: string; pos?: Pos }
/** `X'0A1b'` → lower-case hex digits without spaces (even length, validated). */
export interface BinaryLiteral { kind: 'binary'; hex: string; pos?: Pos }
/**
 * `type 'text'`: `DATE '2020-01-01'`, `TIMESTAMP '2020-01-01 10:00:00.123'`, `DECIMAL '1.5'`,
 * `TIME '…'`, `JSON '…'`, `REAL '1'`, `DOUBLE PRECISION '1'` (→ `double`)… `type` is the
 * lower-cased type keyword; the binder parses `value`.
 */
export interface TypedLiteral { kind: 'typed_literal'; type: string; value: string; pos?: Pos }

/** Interval qualifier fields. */
export type IntervalField = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';
/**
 * `INTERVAL [+|-] '3' DAY`, `INTERVAL '1-2' YEAR TO MONTH`. `value` is the unparsed string;
 * `sign` is -1 for a leading minus inside the literal.
 */
export interface IntervalLiteral {
  kind: 'interval';
  sign: 1 | -1;
  value: string;
  from: IntervalField;
  to?: IntervalField;
  pos?: Pos;
}

/** Any literal. */
export type Literal =
  | NullLiteral
  | BooleanLiteral
  | IntegerLiteral
  | DecimalLiteral
  | DoubleLiteral
  | StringLiteral
  | BinaryLiteral
  | TypedLiteral
  | IntervalLiteral;

/** `a`, `t.a`, `db.t.a`, `"$path"`; see the module note on dotted chains. */
export interface ColumnRef { kind: 'column'; parts: Identifier[]; pos?: Pos }
/** A positional `?` parameter; `index` is 0-based in source order within the statement. */
export interface Parameter { kind: 'parameter'; index: number; pos?: Pos }

/** Unary `-x` / `+x`. */
export interface UnaryExpr { kind: 'unary'; op: '-' | '+'; operand: Expr; pos?: Pos }
/** Arithmetic `+ - * / %`. */
export interface ArithmeticExpr {
  kind: 'arithmetic';
  op: '+' | '-' | '*' | '/' | '%';
  left: Expr;
  right: Expr;
  pos?: Pos;
}
/** String/array concatenation `a || b`. */
export interface ConcatExpr { kind: 'concat'; left: Expr; right: Expr; pos?: Pos }
/** Comparison operators; `!=` is normalised to `<>`. */
export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export interface ComparisonExpr { kind: 'comparison'; op: ComparisonOp; left: Expr; right: Expr; pos?: Pos }
/** `a AND b` / `a OR b` (binary; AND binds tighter than OR). */
export interface LogicalExpr { kind: 'logical'; op: 'and' | 'or'; left: Expr; right: Expr; pos?: Pos }
/** `NOT x`. */
export interface NotExpr { kind: 'not'; operand: Expr; pos?: Pos }
/** `x IS [NOT] NULL`. */
export interface IsNullExpr { kind: 'is_null'; operand: Expr; negated: boolean; pos?: Pos }
/** `a IS [NOT] DISTINCT FROM b`. */
export interface IsDistinctFromExpr {
  kind: 'is_distinct_from';
  left: Expr;
  right: Expr;
  negated: boolean;
  pos?: Pos;
}
/** `x [NOT] BETWEEN low AND high`. */
export interface BetweenExpr { kind: 'between'; operand: Expr; low: Expr; high: Expr; negated: boolean; pos?: Pos }
/** `x [NOT] IN (e1, e2, …)`. */
export interface InListExpr { kind: 'in_list'; operand: Expr; list: Expr[]; negated: boolean; pos?: Pos }
/** `x [NOT] IN (SELECT …)`. */
export interface InSubqueryExpr { kind: 'in_subquery'; operand: Expr; query: Query; negated: boolean; pos?: Pos }
/** `x [NOT] LIKE pattern [ESCAPE e]`. */
export interface LikeExpr {
  kind: 'like';
  operand: Expr;
  pattern: Expr;
  escape?: Expr;
  negated: boolean;
  pos?: Pos;
}
/** `EXISTS (SELECT …)` (`NOT EXISTS` is a {@link NotExpr} around it). */
export interface ExistsExpr { kind: 'exists'; query: Query; pos?: Pos }
/** A scalar subquery `(SELECT …)` used as a value. */
export interface SubqueryExpr { kind: 'subquery'; query: Query; pos?: Pos }
/** `x op ANY|SOME|ALL (SELECT …)`; `SOME` is normalised to `any`. */
export interface QuantifiedComparisonExpr {
  kind: 'quantified_comparison';
  op: ComparisonOp;
  quantifier: 'any' | 'all';
  left: Expr;
  query: Query;
  pos?: Pos;
}
/** One `WHEN … THEN …` arm. */
export interface WhenClause { when: Expr; then: Expr }
/** `CASE [operand] WHEN … THEN … [ELSE …] END`; `operand` present for the simple form. */
export interface CaseExpr { kind: 'case'; operand?: Expr; whens: WhenClause[]; else?: Expr; pos?: Pos }
/** `CAST(x AS type)` / `TRY_CAST(x AS type)` (`safe` for TRY_CAST). `typeText` is the source spelling. */
export interface CastExpr { kind: 'cast'; operand: Expr; type: SqlType; typeText: string; safe: boolean; pos?: Pos }

/** `ORDER BY` item. `nulls` is absent when not written (Trino's default: NULLS LAST). */
export interface SortItem { expr: Expr; order: 'asc' | 'desc'; nulls?: 'first' | 'last' }
/** Window frame bound. `offset` present for `n PRECEDING` / `n FOLLOWING`. */
export interface FrameBound {
  type: 'unbounded_preceding' | 'preceding' | 'current_row' | 'following' | 'unbounded_following';
  offset?: Expr;
}
/** `ROWS|RANGE|GROUPS [BETWEEN start AND end | start]`. `end` absent means CURRENT ROW. */
export interface WindowFrame { unit: 'rows' | 'range' | 'groups'; start: FrameBound; end?: FrameBound }
/** `(existing PARTITION BY … ORDER BY … frame)` — `existing` names a WINDOW-clause window it extends. */
export interface WindowSpec {
  kind: 'window_spec';
  existing?: Identifier;
  partitionBy: Expr[];
  orderBy: SortItem[];
  frame?: WindowFrame;
}
/** `OVER w` — a reference to a window of the WINDOW clause. */
export interface WindowRef { kind: 'window_ref'; name: Identifier }

/**
 * A function call. `name` is lower-cased and dot-joined (`count`, `system.f`). `count(*)` has
 * `args: []` and `star: true`. Aggregate extras: `distinct`, `filter` (`FILTER (WHERE …)`),
 * `orderBy` (`array_agg(x ORDER BY y)`, `listagg(…) WITHIN GROUP (ORDER BY …)`). Window
 * extras: `over`, `nullTreatment` (`IGNORE NULLS` / `RESPECT NULLS`).
 */
export interface FunctionCall {
  kind: 'function';
  name: string;
  args: Expr[];
  star?: boolean;
  distinct: boolean;
  filter?: Expr;
  orderBy?: SortItem[];
  over?: WindowSpec | WindowRef;
  nullTreatment?: 'ignore' | 'respect';
  pos?: Pos;
}
/** `x -> body`, `(x, y) -> body`. */
export interface LambdaExpr { kind: 'lambda'; params: Identifier[]; body: Expr; pos?: Pos }
/** `ARRAY[e1, …]`. */
export interface ArrayConstructor { kind: 'array'; elements: Expr[]; pos?: Pos }
/** `ROW(e1, …)` or `(e1, e2, …)`. */
export interface RowConstructor { kind: 'row'; fields: Expr[]; pos?: Pos }
/** `base[index]` (arrays 1-based, maps by key; the binder decides). */
export interface SubscriptExpr { kind: 'subscript'; base: Expr; index: Expr; pos?: Pos }
/** `base.field` where base is not a plain identifier chain (see module note). */
export interface FieldDereference { kind: 'field'; base: Expr; field: Identifier; pos?: Pos }
/** `EXTRACT(field FROM x)`; `field` lower-cased (`year`, `quarter`, `day_of_week`, `dow`…). */
export interface ExtractExpr { kind: 'extract'; field: string; operand: Expr; pos?: Pos }
/** `x AT TIME ZONE zone` (`zone` is a string or interval expression). */
export interface AtTimeZoneExpr { kind: 'at_time_zone'; operand: Expr; zone: Expr; pos?: Pos }
/** Niladic specials: `CURRENT_DATE`, `CURRENT_TIMESTAMP[(p)]`, `LOCALTIMESTAMP[(p)]`, `CURRENT_USER`… */
export interface CurrentExpr {
  kind: 'current';
  what:
    | 'current_date'
    | 'current_time'
    | 'current_timestamp'
    | 'localtime'
    | 'localtimestamp'
    | 'current_user'
    | 'current_catalog'
    | 'current_schema';
  precision?: number;
  pos?: Pos;
}
/** `TRIM([BOTH|LEADING|TRAILING] [chars] FROM x)` / `TRIM(x)` (spec defaults to `both`). */
export interface TrimExpr { kind: 'trim'; spec: 'both' | 'leading' | 'trailing'; chars?: Expr; operand: Expr; pos?: Pos }

/** Any scalar expression. */
export type Expr =
  | Literal
  | ColumnRef
  | Parameter
  | UnaryExpr
  | ArithmeticExpr
  | ConcatExpr
  | ComparisonExpr
  | LogicalExpr
  | NotExpr
  | IsNullExpr
  | IsDistinctFromExpr
  | BetweenExpr
  | InListExpr
  | InSubqueryExpr
  | LikeExpr
  | ExistsExpr
  | SubqueryExpr
  | QuantifiedComparisonExpr
  | CaseExpr
  | CastExpr
  | FunctionCall
  | LambdaExpr
  | ArrayConstructor
  | RowConstructor
  | SubscriptExpr
  | FieldDereference
  | ExtractExpr
  | AtTimeZoneExpr
  | CurrentExpr
  | TrimExpr;

// ───────────────────────────── queries ─────────────────────────────

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

// ───────────────────────────── statements ─────────────────────────────

/** `name = value` in Trino `WITH (…)` property lists (CTAS, UNLOAD). `name` lower-cased. */
export interface Property { name: string; value: Expr; pos?: Pos }
/** `'key' = 'value'` in Hive property lists (TBLPROPERTIES, SERDEPROPERTIES, DBPROPERTIES). */
export interface StringProperty { key: string; value: string }

/** `EXPLAIN [ANALYZE] [VERBOSE] [(TYPE t, FORMAT f)] statement`. */
export interface ExplainStatement {
  kind: 'explain';
  analyze: boolean;
  verbose: boolean;
  type?: 'logical' | 'distributed' | 'validate' | 'io';
  format?: 'text' | 'graphviz' | 'json';
  statement: Statement;
  pos?: Pos;
}
/**
 * `CREATE [OR REPLACE] TABLE [IF NOT EXISTS] t [(c1, …)] [COMMENT '…'] [WITH (props)] AS query
 * [WITH [NO] DATA]` (Trino syntax, Athena CTAS).
 */
export interface CreateTableAsStatement {
  kind: 'create_table_as';
  name: ObjectName;
  orReplace: boolean;
  ifNotExists: boolean;
  columns?: Identifier[];
  comment?: string;
  properties: Property[];
  query: Query;
  withData: boolean;
  pos?: Pos;
}
/** `INSERT INTO t [(c1, …)] query`. */
export interface InsertStatement {
  kind: 'insert';
  table: ObjectName;
  columns?: Identifier[];
  query: Query;
  pos?: Pos;
}
/** `UNLOAD (query) TO 's3://…' WITH (props)`. */
export interface UnloadStatement {
  kind: 'unload';
  query: Query;
  location: string;
  properties: Property[];
  pos?: Pos;
}
/** `PREPARE name FROM statement`. `sql` is the prepared statement's source text. */
export interface PrepareStatement { kind: 'prepare'; name: Identifier; statement: Statement; sql: string; pos?: Pos }
/** `EXECUTE name [USING e1, …]`. */
export interface ExecuteStatement { kind: 'execute'; name: Identifier; args: Expr[]; pos?: Pos }
/** `DEALLOCATE PREPARE name`. */
export interface DeallocateStatement { kind: 'deallocate'; name: Identifier; pos?: Pos }
/**
 * `CREATE [OR REPLACE] VIEW v [COMMENT '…'] [SECURITY DEFINER|INVOKER] AS query`.
 * `sql` is the query's source text, as a catalog stores it.
 */
export interface CreateViewStatement {
  kind: 'create_view';
  name: ObjectName;
  orReplace: boolean;
  comment?: string;
  security?: 'definer' | 'invoker';
  query: Query;
  sql: string;
  pos?: Pos;
}
/** `DROP VIEW [IF EXISTS] v`. */
export interface DropViewStatement { kind: 'drop_view'; name: ObjectName; ifExists: boolean; pos?: Pos }
/** `USE db` / `USE catalog.db`. */
export interface UseStatement { kind: 'use'; catalog?: string; schema: string; pos?: Pos }

/** A column of Hive DDL: `name type [COMMENT '…']`. `typeText` is the Hive spelling. */
export interface ColumnDefinition {
  name: Identifier;
  type: SqlType;
  typeText: string;
  comment?: string;
  pos?: Pos;
}
/** `ROW FORMAT DELIMITED …` (Hive escapes such as `'\t'`, `'\001'` already decoded). */
export interface RowFormatDelimited {
  kind: 'row_format_delimited';
  fieldsTerminatedBy?: string;
  escapedBy?: string;
  collectionItemsTerminatedBy?: string;
  mapKeysTerminatedBy?: string;
  linesTerminatedBy?: string;
  nullDefinedAs?: string;
}
/** `ROW FORMAT SERDE 'class' [WITH SERDEPROPERTIES (…)]`. */
export interface RowFormatSerde { kind: 'row_format_serde'; serde: string; properties: StringProperty[] }
/** `STORED AS fmt` (`format` upper-cased: TEXTFILE, PARQUET, ORC, …) or `STORED AS INPUTFORMAT … OUTPUTFORMAT …`. */
export type StoredAs =
  | { kind: 'stored_as_format'; format: string }
  | { kind: 'stored_as_io'; inputFormat: string; outputFormat: string };

/**
 * Hive-syntax `CREATE [EXTERNAL] TABLE [IF NOT EXISTS] t (cols) [COMMENT] [PARTITIONED BY (cols)]
 * [CLUSTERED BY (c) [SORTED BY …] INTO n BUCKETS] [ROW FORMAT …] [STORED AS …] [LOCATION '…']
 * [TBLPROPERTIES (…)]`. Parsed also without EXTERNAL (`external: false`) so the engine can
 * answer with Athena's own error for non-Iceberg tables.
 */
export interface CreateTableStatement {
  kind: 'create_table';
  external: boolean;
  ifNotExists: boolean;
  name: ObjectName;
  columns: ColumnDefinition[];
  comment?: string;
  partitionedBy: ColumnDefinition[];
  clusteredBy?: { columns: Identifier[]; sortedBy?: { column: Identifier; order: 'asc' | 'desc' }[]; buckets: number };
  rowFormat?: RowFormatDelimited | RowFormatSerde;
  storedAs?: StoredAs;
  location?: string;
  tblProperties: StringProperty[];
  pos?: Pos;
}
/** `CREATE DATABASE|SCHEMA [IF NOT EXISTS] db [COMMENT '…'] [LOCATION '…'] [WITH DBPROPERTIES (…)]`. */
export interface CreateDatabaseStatement {
  kind: 'create_database';
  name: string;
  ifNotExists: boolean;
  comment?: string;
  location?: string;
  properties: StringProperty[];
  pos?: Pos;
}
/** `DROP DATABASE|SCHEMA [IF EXISTS] db [CASCADE|RESTRICT]` (`cascade: false` = RESTRICT/default). */
export interface DropDatabaseStatement { kind: 'drop_database'; name: string; ifExists: boolean; cascade: boolean; pos?: Pos }
/** `DROP TABLE [IF EXISTS] t`. */
export interface DropTableStatement { kind: 'drop_table'; name: ObjectName; ifExists: boolean; pos?: Pos }
/**
 * A partition key/value pair in `PARTITION (k = v, …)`. `value` is the constant's text: string
 * literals unquoted/unescaped, numbers as written.
 */
export interface PartitionKeyValue { key: string; value: string }
/** `ALTER TABLE t ADD [IF NOT EXISTS] PARTITION (…) [LOCATION '…'] [PARTITION …]…`. */
export interface AddPartitionsStatement {
  kind: 'add_partitions';
  table: ObjectName;
  ifNotExists: boolean;
  partitions: { spec: PartitionKeyValue[]; location?: string }[];
  pos?: Pos;
}
/** `ALTER TABLE t DROP [IF EXISTS] PARTITION (…)[, PARTITION (…)]…`. */
export interface DropPartitionsStatement {
  kind: 'drop_partitions';
  table: ObjectName;
  ifExists: boolean;
  partitions: PartitionKeyValue[][];
  pos?: Pos;
}
/** `ALTER TABLE t SET TBLPROPERTIES ('k'='v', …)`. */
export interface SetTblPropertiesStatement { kind: 'set_tblproperties'; table: ObjectName; properties: StringProperty[]; pos?: Pos }
/** `ALTER TABLE t ADD COLUMNS (…)` / `ALTER TABLE t REPLACE COLUMNS (…)`. */
export interface AlterColumnsStatement {
  kind: 'add_columns' | 'replace_columns';
  table: ObjectName;
  columns: ColumnDefinition[];
  pos?: Pos;
}
/** `ALTER TABLE t [PARTITION (…)] SET LOCATION '…'`. */
export interface SetLocationStatement {
  kind: 'set_location';
  table: ObjectName;
  partition?: PartitionKeyValue[];
  location: string;
  pos?: Pos;
}
/** `MSCK REPAIR TABLE t`. */
export interface MsckRepairStatement { kind: 'msck_repair'; table: ObjectName; pos?: Pos }

/** `SHOW DATABASES|SCHEMAS [LIKE 'p']`. */
export interface ShowDatabasesStatement { kind: 'show_databases'; like?: string; pos?: Pos }
/** `SHOW TABLES [IN db] ['p' | LIKE 'p']`. */
export interface ShowTablesStatement { kind: 'show_tables'; database?: string; like?: string; pos?: Pos }
/** `SHOW VIEWS [IN db] [LIKE 'p']`. */
export interface ShowViewsStatement { kind: 'show_views'; database?: string; like?: string; pos?: Pos }
/** `SHOW PARTITIONS t`. */
export interface ShowPartitionsStatement { kind: 'show_partitions'; table: ObjectName; pos?: Pos }
/** `SHOW COLUMNS IN|FROM t [IN|FROM db]` (a second `db` fills `table.schema`). */
export interface ShowColumnsStatement { kind: 'show_columns'; table: ObjectName; pos?: Pos }
/** `SHOW CREATE TABLE t` / `SHOW CREATE VIEW v`. */
export interface ShowCreateStatement { kind: 'show_create'; object: 'table' | 'view'; name: ObjectName; pos?: Pos }
/** `SHOW TBLPROPERTIES t [('key')]`. */
export interface ShowTblPropertiesStatement { kind: 'show_tblproperties'; table: ObjectName; property?: string; pos?: Pos }
/** `SHOW FUNCTIONS [LIKE 'p']`. */
export interface ShowFunctionsStatement { kind: 'show_functions'; like?: string; pos?: Pos }
/** `DESCRIBE|DESC [FORMATTED|EXTENDED] t [column]`. */
export interface DescribeStatement {
  kind: 'describe';
  table: ObjectName;
  formatted: boolean;
  extended: boolean;
  column?: string;
  pos?: Pos;
}

/** Any statement aegis parses. `Query` stands for itself (a SELECT/VALUES/… statement). */
export type Statement =
  | Query
  | ExplainStatement
  | CreateTableAsStatement
  | InsertStatement
  | UnloadStatement
  | PrepareStatement
  | ExecuteStatement
  | DeallocateStatement
  | CreateViewStatement
  | DropViewStatement
  | UseStatement
  | CreateTableStatement
  | CreateDatabaseStatement
  | DropDatabaseStatement
  | DropTableStatement
  | AddPartitionsStatement
  | DropPartitionsStatement
  | MsckRepairStatement
  | SetTblPropertiesStatement
  | AlterColumnsStatement
  | SetLocationStatement
  | ShowDatabasesStatement
  | ShowTablesStatement
  | ShowViewsStatement
  | ShowPartitionsStatement
  | ShowColumnsStatement
  | ShowCreateStatement
  | ShowTblPropertiesStatement
  | ShowFunctionsStatement
  | DescribeStatement;

/** Statement kinds, for exhaustive switches. */
export type StatementKind = Statement['kind'];
/** Expression kinds, for exhaustive switches. */
export type ExprKind = Expr['kind'];
