/**
 * Collectors for aggregate and window calls found while binding SELECT / HAVING / ORDER BY
 * expressions: each call becomes an output column of the Aggregate or Window node, and the
 * expression that contained it references that column instead.
 */
import type { AggregateCall, BoundExpr, ColumnExpr, PlanColumn, SortKey } from '../bound-expr.js';
import { exprKey, columnRef } from '../expr-utils.js';
import type { WindowCall, WindowFrame } from '../logical/plan-node.js';
import type { BinderContext } from './binder-context.js';

export class AggregateCollector {
  readonly calls: AggregateCall[] = [];
  readonly columns: PlanColumn[] = [];
  private readonly byKey = new Map<string, ColumnExpr>();

  constructor(private readonly ctx: BinderContext) {}

  add(call: AggregateCall, name: string): ColumnExpr {
    const key = [
      call.fn.name,
      call.distinct ? 'distinct' : '',
      call.args.map(exprKey).join(','),
      call.filter ? exprKey(call.filter) : '',
      (call.orderBy ?? []).map((k) => `${exprKey(k.expr)}:${k.ascending}:${k.nullsFirst}`).join(','),
      JSON.stringify(call.fn.argTypes),
    ].join('|');
    const hit = this.byKey.get(key);
    if (hit) return hit;
    const col = this.ctx.column(name, call.fn.returnType);
    this.calls.push(call);
    this.columns.push(col);
    const ref = columnRef(col);
    this.byKey.set(key, ref);
    return ref;
  }
}

export interface WindowSpecBound {
  partitionBy: BoundExpr[];
  orderBy: SortKey[];
}

export interface CollectedWindow {
  spec: WindowSpecBound;
  call: Omit<WindowCall, 'column' | 'frame'> & { frame: WindowFrame };
  column: PlanColumn;
}

export class WindowCollector {
  readonly entries: CollectedWindow[] = [];
  constructor(private readonly ctx: BinderContext) {}

  add(spec: WindowSpecBound, call: CollectedWindow['call'], name: string, type: PlanColumn['type']): ColumnExpr {
    const column = this.ctx.column(name, type);
    this.entries.push({ spec, call, column });
    return columnRef(column);
  }
}

export function specKey(s: WindowSpecBound): string {
  return s.partitionBy.map(exprKey).join(',') + '|' + s.orderBy.map((k) => `${exprKey(k.expr)}:${k.ascending}:${k.nullsFirst}`).join(',');
}
