/**
 * State shared while binding one statement: the column-id generator, the catalog, the current
 * database, bound `?` parameter values, and the WITH (CTE) entries in scope.
 */
import type { LogicalPlan } from '../logical/plan-node.js';
import type { CommonTableExpr } from '../../sql/ast.js';
import type { SqlType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import type { PlanColumn } from '../bound-expr.js';
import type { CatalogView } from '../catalog-view.js';

export interface CteEntry {
  readonly cte: CommonTableExpr;
  /** CTEs visible to this CTE's own query (those defined before it). */
  readonly visible: ReadonlyMap<string, CteEntry>;
  /** Defined in a WITH RECURSIVE list (bind-recursive-cte.ts decides whether it recurses). */
  readonly recursive?: boolean;
  /** Inside a recursion step: the previous level's plan, bound afresh at each reference. */
  readonly level?: () => LogicalPlan;
}

export interface BoundParameter {
  readonly value: Value;
  readonly type: SqlType;
}

export class BinderContext {
  private nextId = 1;
  private nextSlot = 0;
  /** Views being expanded, to report a recursive view instead of overflowing the stack. */
  readonly expanding = new Set<string>();

  constructor(
    readonly catalog: CatalogView,
    /** Current database; switched while a view is expanded in its own database. */
    public database: string,
    readonly params: readonly BoundParameter[] = [],
    /** Parses view SQL (injected so plan/ does not depend on the parser's loading cost). */
    readonly parseQuery?: (sql: string) => import('../../sql/ast.js').Query,
    /** Zone for typed literals without an explicit zone. */
    readonly sessionTimeZone: string = 'UTC',
  ) {}

  /** A fresh column id (optimizer rules that add columns use it too). */
  newId(): number {
    return this.nextId++;
  }

  column(name: string, type: SqlType): PlanColumn {
    return { id: this.nextId++, name, type };
  }

  lambdaSlot(): number {
    return this.nextSlot++;
  }
}
