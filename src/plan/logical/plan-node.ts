/**
 * Logical plan nodes. Every node lists its output columns (`columns`); parents reference them by
 * id. Nodes are immutable: rules build new nodes (see plan-children.ts for the generic walk).
 */
import type { ResolvedWindowFunction } from '../../functions/registry.js';
import type { TableSource } from '../table-source.js';
import type { AggregateCall, BoundExpr, PlanColumn, SortKey } from '../bound-expr.js';

export type LogicalPlan =
  | ScanNode
  | ValuesNode
  | FilterNode
  | ProjectNode
  | AggregateNode
  | JoinNode
  | SortNode
  | LimitNode
  | TopNNode
  | WindowNode
  | SetOpNode
  | UnnestNode
  | EnforceSingleRowNode;

interface NodeBase {
  readonly columns: PlanColumn[];
}

export interface ScanNode extends NodeBase {
  readonly kind: 'scan';
  /** `db.table`, for EXPLAIN and errors. */
  readonly table: string;
  readonly source: TableSource;
  /** For each output column, the ordinal of the table column it reads. */
  readonly ordinals: number[];
  /** Filters the source accepted, over table ordinals (see bound-expr.ts). */
  readonly pushedFilters: BoundExpr[];
  readonly limit?: number;
  /**
   * A TopN right above: its keys (scan output column ids) and `offset + limit`; each split may
   * keep just its own top rows (see ScanTopN).
   */
  readonly topN?: { readonly keys: readonly { readonly id: number; readonly ascending: boolean; readonly nullsFirst: boolean }[]; readonly limit: number };
}

export interface ValuesNode extends NodeBase {
  readonly kind: 'values';
  /** Constant (or parameter) expressions, one list per row. */
  readonly rows: BoundExpr[][];
}

export interface FilterNode extends NodeBase {
  readonly kind: 'filter';
  readonly input: LogicalPlan;
  readonly predicate: BoundExpr;
}

export interface ProjectNode extends NodeBase {
  readonly kind: 'project';
  readonly input: LogicalPlan;
  /** One expression per output column, same order as `columns`. */
  readonly exprs: BoundExpr[];
}

export interface AggregateNode extends NodeBase {
  readonly kind: 'aggregate';
  readonly input: LogicalPlan;
  /** Group key expressions over the input; output columns start with one per key. */
  readonly keys: BoundExpr[];
  /** Grouping sets as indexes into `keys`; undefined = one set with all keys. */
  readonly groupingSets?: number[][];
  /** Aggregates, output after the keys. */
  readonly aggregates: AggregateCall[];
  /** With grouping sets: an extra last output column holding the grouping-set index. */
  readonly setIndexColumn?: PlanColumn;
}

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross' | 'semi' | 'anti' | 'mark';

export interface JoinNode extends NodeBase {
  readonly kind: 'join';
  readonly joinType: JoinType;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  /** Equality keys: left expr over left columns = right expr over right columns. NULL never matches. */
  readonly equi: { left: BoundExpr; right: BoundExpr }[];
  /** Extra condition over both sides, evaluated on key-matched pairs. */
  readonly residual?: BoundExpr;
  /**
   * For `mark` joins (IN / EXISTS as a value): the boolean output column appended to the left
   * columns. `nullAware` gives IN semantics (NULL when no match but a NULL key is involved).
   */
  readonly mark?: PlanColumn;
  readonly nullAware?: boolean;
  /**
   * LATERAL: `right` reads columns of `left` (these ids); it is run once per distinct tuple of
   * them, and each left row joins with the rows of its own run.
   */
  readonly lateral?: number[];
}

export interface SortNode extends NodeBase {
  readonly kind: 'sort';
  readonly input: LogicalPlan;
  readonly keys: SortKey[];
}

export interface LimitNode extends NodeBase {
  readonly kind: 'limit';
  readonly input: LogicalPlan;
  readonly offset: number;
  /** undefined: OFFSET only. */
  readonly limit?: number;
  /**
   * FETCH FIRST n ROWS WITH TIES: the sort keys of the ORDER BY below; rows equal on them to
   * the last row within the limit are kept too.
   */
  readonly ties?: SortKey[];
}

export interface TopNNode extends NodeBase {
  readonly kind: 'topn';
  readonly input: LogicalPlan;
  readonly keys: SortKey[];
  readonly limit: number;
  readonly offset: number;
}

export interface FrameBound {
  readonly type: 'unbounded_preceding' | 'preceding' | 'current_row' | 'following' | 'unbounded_following';
  /** For n PRECEDING / n FOLLOWING: a constant expression. */
  readonly offset?: BoundExpr;
}

export interface WindowFrame {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: FrameBound;
  readonly end: FrameBound;
}

export interface WindowCall {
  readonly column: PlanColumn;
  readonly frame: WindowFrame;
  /** Exactly one of the two. */
  readonly window?: { fn: ResolvedWindowFunction; args: BoundExpr[]; ignoreNulls: boolean };
  readonly aggregate?: AggregateCall;
}

export interface WindowNode extends NodeBase {
  readonly kind: 'window';
  readonly input: LogicalPlan;
  readonly partitionBy: BoundExpr[];
  readonly orderBy: SortKey[];
  /** Output: the input columns followed by one column per call. */
  readonly calls: WindowCall[];
}

export interface SetOpNode extends NodeBase {
  readonly kind: 'setop';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly inputs: LogicalPlan[];
}

export interface UnnestNode extends NodeBase {
  readonly kind: 'unnest';
  readonly input: LogicalPlan;
  /** Arrays or maps over the input. Output: input columns, then the unnested columns. */
  readonly exprs: BoundExpr[];
  /** Per expr, how many output columns it yields (array: 1 or #row fields; map: 2). */
  readonly widths: number[];
  readonly ordinality: boolean;
  /** LEFT JOIN UNNEST … ON TRUE: an input row with nothing to unnest yields one row of NULLs. */
  readonly outer: boolean;
}

export interface EnforceSingleRowNode extends NodeBase {
  readonly kind: 'single_row';
  readonly input: LogicalPlan;
}
