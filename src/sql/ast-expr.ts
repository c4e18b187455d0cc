/**
 * AST expressions (see ast.ts for the conventions shared by all nodes).
 */
import type { SqlType } from '../types/sql-type.js';
import type { Identifier, Pos } from './ast.js';
import type { Query } from './ast-query.js';

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

