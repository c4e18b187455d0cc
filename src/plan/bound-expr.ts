/**
 * Bound (resolved, typed) expressions: what the binder produces from AST expressions and what the
 * optimizer and the evaluator work on. Column references name plan columns by their unique id
 * (see {@link PlanColumn}), so a rule can move an expression between nodes without renumbering;
 * the executor maps ids to batch positions when it compiles an operator.
 *
 * In filters handed to a `TableSource` (see plan/table-source.ts) a column reference's `id` is
 * the ordinal of the column in the table instead.
 */
import type { ResolvedAggregate, ResolvedScalar } from '../functions/registry.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import type { LogicalPlan } from './logical/plan-node.js';

/** A column flowing between plan nodes: unique id within one query, display name, type. */
export interface PlanColumn {
  readonly id: number;
  readonly name: string;
  readonly type: SqlType;
}

export type BoundExpr =
  | ConstExpr
  | ColumnExpr
  | ParamExpr
  | CallExpr
  | CastExpr
  | LogicalExpr
  | NotExpr
  | IsNullExpr
  | CaseExpr
  | InListExpr
  | CoalesceExpr
  | TryExpr
  | LambdaExpr
  | LambdaParamExpr
  | SubqueryExpr
  | GroupingExpr
  | RowExpr
  | FieldExpr;

export interface ConstExpr {
  readonly kind: 'const';
  readonly type: SqlType;
  readonly value: Value;
}

export interface ColumnExpr {
  readonly kind: 'column';
  readonly type: SqlType;
  readonly id: number;
  /** Display name, for EXPLAIN and error messages only. */
  readonly name: string;
}

/** A `?` placeholder; replaced by a constant when EXECUTE … USING binds the statement. */
export interface ParamExpr {
  readonly kind: 'param';
  readonly type: SqlType;
  readonly index: number;
}

/** A scalar function or operator call resolved by the registry; args already coerced. */
export interface CallExpr {
  readonly kind: 'call';
  readonly type: SqlType;
  readonly fn: ResolvedScalar;
  readonly args: BoundExpr[];
}

export interface CastExpr {
  readonly kind: 'cast';
  readonly type: SqlType;
  readonly arg: BoundExpr;
  /** TRY_CAST: a failing conversion gives NULL. */
  readonly safe: boolean;
}

/** AND / OR with three-valued logic; evaluated lazily left to right. */
export interface LogicalExpr {
  readonly kind: 'and' | 'or';
  readonly type: SqlType;
  readonly args: BoundExpr[];
}

export interface NotExpr {
  readonly kind: 'not';
  readonly type: SqlType;
  readonly arg: BoundExpr;
}

export interface IsNullExpr {
  readonly kind: 'is_null';
  readonly type: SqlType;
  readonly arg: BoundExpr;
  readonly negated: boolean;
}

/** Searched CASE (simple CASE is bound into this form); branches are evaluated lazily. */
export interface CaseExpr {
  readonly kind: 'case';
  readonly type: SqlType;
  readonly whens: { cond: BoundExpr; result: BoundExpr }[];
  readonly else: BoundExpr;
}

/** `x IN (a, b, …)` with SQL NULL semantics; list already coerced to the common type. */
export interface InListExpr {
  readonly kind: 'in_list';
  readonly type: SqlType;
  readonly arg: BoundExpr;
  readonly list: BoundExpr[];
}

export interface CoalesceExpr {
  readonly kind: 'coalesce';
  readonly type: SqlType;
  readonly args: BoundExpr[];
}

/** TRY(expr): errors the registry marks catchable give NULL. */
export interface TryExpr {
  readonly kind: 'try';
  readonly type: SqlType;
  readonly arg: BoundExpr;
}

/** A lambda argument of a higher-order function; parameters are referenced by slot. */
export interface LambdaExpr {
  readonly kind: 'lambda';
  readonly type: SqlType;
  readonly params: { slot: number; name: string; type: SqlType }[];
  readonly body: BoundExpr;
}

export interface LambdaParamExpr {
  readonly kind: 'lambda_param';
  readonly type: SqlType;
  readonly slot: number;
  readonly name: string;
}

/**
 * A subquery inside an expression, before decorrelation. Column references inside `plan` whose
 * ids the plan does not produce are correlated references to the enclosing query (`outerRefs`).
 */
export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly type: SqlType;
  /** `any`/`all`: `arg <compare> ANY|ALL (subquery)` with three-valued logic. */
  readonly mode: 'scalar' | 'exists' | 'in' | 'any' | 'all';
  readonly plan: LogicalPlan;
  /** For `in`/`any`/`all`: the left operand (coerced to the subquery column's type). */
  readonly arg?: BoundExpr;
  /** For `any`/`all`: the resolved comparison operator (arg, subquery value). */
  readonly compare?: ResolvedScalar;
  /**
   * Correlated references: `id` is the column id used inside `plan`; `expr` computes its value
   * in the enclosing query (usually a column reference to that same id, but rewritten to the
   * group key after aggregation).
   */
  readonly outerRefs: OuterRef[];
  /**
   * The subquery's SQL text (formatted), so the same subquery written twice — in the select list
   * and in GROUP BY — is recognised as the same expression (expr-utils `exprKey`).
   */
  readonly source?: string;
}

export interface OuterRef {
  readonly id: number;
  readonly expr: BoundExpr;
}

/**
 * `grouping(a, b, …)`: a bitmask over the grouping set of the current row, read from the
 * aggregate's grouping-set-index column; `masks[i]` is the answer for grouping set `i`.
 */
export interface GroupingExpr {
  readonly kind: 'grouping';
  readonly type: SqlType;
  readonly setIndex: ColumnExpr;
  readonly masks: number[];
}

/** ROW(a, b, …) and ARRAY[a, b, …] constructors (both are JS arrays at run time). */
export interface RowExpr {
  readonly kind: 'row';
  readonly type: SqlType;
  readonly args: BoundExpr[];
}

/** `base.field` on a row value: field by position. */
export interface FieldExpr {
  readonly kind: 'field';
  readonly type: SqlType;
  readonly arg: BoundExpr;
  readonly index: number;
}

/** One aggregate call of an Aggregate or Window node. */
export interface AggregateCall {
  readonly fn: ResolvedAggregate;
  readonly args: BoundExpr[];
  readonly distinct: boolean;
  /** FILTER (WHERE …). */
  readonly filter?: BoundExpr;
  /** ORDER BY inside the call (array_agg(x ORDER BY y)). */
  readonly orderBy?: SortKey[];
}

export interface SortKey {
  readonly expr: BoundExpr;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}
