/**
 * Query binding: WITH (CTEs bound afresh at each reference; WITH RECURSIVE in bind-recursive-cte.ts), query bodies
 * (SELECT, set operations, VALUES, TABLE t, nested queries) and ORDER BY / OFFSET / LIMIT over
 * bodies other than SELECT (where ORDER BY sees only the output columns).
 */
import type * as A from '../../sql/ast.js';
import { commonSuperType, commonSuperTypeOf } from '../../types/coercion.js';
import { formatType, typesEqual } from '../../types/sql-type.js';
import type { BoundExpr, PlanColumn } from '../bound-expr.js';
import { columnRef } from '../expr-utils.js';
import type { LogicalPlan } from '../logical/plan-node.js';
import type { BinderContext, CteEntry } from './binder-context.js';
import { coerce, ExprBinder } from './bind-expr.js';
import { bindSortKeys } from './bind-function.js';
import { applyLimit, type QueryModifiers } from './bind-modifiers.js';
import { bindSelect } from './bind-select.js';
import { errAt, Scope } from './scope.js';

export interface BoundQuery {
  /** Output columns are `plan.columns`, named as the query's result columns. */
  plan: LogicalPlan;
}

export function bindQuery(ctx: BinderContext, q: A.Query, outer: Scope | undefined, ctes: ReadonlyMap<string, CteEntry>): BoundQuery {
  let visible = ctes;
  if (q.with) {
    const m = new Map(ctes);
    for (const cte of q.with.ctes) {
      if (q.with.ctes.filter((c) => c.name.name === cte.name.name).length > 1) {
        throw errAt('SYNTAX_ERROR', `WITH query name '${cte.name.name}' specified more than once`, q.pos);
      }
      m.set(cte.name.name.toLowerCase(), { cte, visible: new Map(m), ...(q.with.recursive ? { recursive: true } : {}) });
    }
    visible = m;
  }
  const mods: QueryModifiers = {
    orderBy: q.orderBy,
    ...(q.offset ? { offset: q.offset } : {}),
    ...(q.limit ? { limit: q.limit } : {}),
  };
  if (q.body.kind === 'select') return { plan: bindSelect(ctx, q.body, outer, visible, mods) };
  let plan = bindBody(ctx, q.body, outer, visible);
  if (mods.orderBy.length > 0) {
    const fields = plan.columns.map((c) => ({ name: c.name, qualifier: [], column: c }));
    const b = new ExprBinder(ctx, new Scope(fields, outer), { clause: 'ORDER BY' }, visible);
    const keys = mods.orderBy.map((s) => {
      if (s.expr.kind === 'integer') {
        const n = Number(s.expr.value);
        const c = plan.columns[n - 1];
        if (!c) throw errAt('SYNTAX_ERROR', `ORDER BY position ${n} is not in select list`, s.expr.pos);
        return { expr: columnRef(c) as BoundExpr, ascending: s.order === 'asc', nullsFirst: s.nulls === 'first' };
      }
      return bindSortKeys(b, [s])[0]!;
    });
    plan = { kind: 'sort', input: plan, columns: plan.columns, keys };
  }
  return { plan: applyLimit(ctx, plan, mods) };
}

function bindBody(ctx: BinderContext, body: A.QueryBody, outer: Scope | undefined, ctes: ReadonlyMap<string, CteEntry>): LogicalPlan {
  switch (body.kind) {
    case 'query':
      return bindQuery(ctx, body, outer, ctes).plan;
    case 'select':
      return bindSelect(ctx, body, outer, ctes, { orderBy: [] });
    case 'table_body':
      return bindSelect(
        ctx,
        { kind: 'select', distinct: false, items: [{ kind: 'select_star' }], from: { kind: 'table', name: body.name }, windows: [] },
        outer,
        ctes,
        { orderBy: [] },
      );
    case 'values':
      return bindValues(ctx, body, outer, ctes);
    case 'set_operation':
      return bindSetOp(ctx, body, outer, ctes);
  }
}

function bindValues(ctx: BinderContext, v: A.ValuesBody, outer: Scope | undefined, ctes: ReadonlyMap<string, CteEntry>): LogicalPlan {
  const b = new ExprBinder(ctx, new Scope([], outer), { clause: 'VALUES' }, ctes);
  const rows = v.rows.map((r) => r.map((e) => b.bind(e)));
  const width = rows[0]?.length ?? 0;
  for (const r of rows) {
    if (r.length !== width) throw errAt('SYNTAX_ERROR', 'Values rows have mismatched sizes', v.pos);
  }
  const types = Array.from({ length: width }, (_, j) => {
    const t = commonSuperTypeOf(rows.map((r) => r[j]!.type));
    if (!t) throw errAt('TYPE_MISMATCH', `Values rows have mismatched types: ${rows.map((r) => formatType(r[j]!.type)).join(', ')}`, v.pos);
    return t;
  });
  const columns = types.map((t, j) => ctx.column(`_col${j}`, t));
  return { kind: 'values', columns, rows: rows.map((r) => r.map((e, j) => coerce(e, types[j]!))) };
}

function bindSetOp(ctx: BinderContext, s: A.SetOperation, outer: Scope | undefined, ctes: ReadonlyMap<string, CteEntry>): LogicalPlan {
  const left = bindBody(ctx, s.left, outer, ctes);
  const right = bindBody(ctx, s.right, outer, ctes);
  const opName = s.op.toUpperCase();
  if (left.columns.length !== right.columns.length) {
    throw errAt('TYPE_MISMATCH', `${opName} query has different number of fields: ${left.columns.length}, ${right.columns.length}`, s.pos);
  }
  const types = left.columns.map((c, i) => {
    const t = commonSuperType(c.type, right.columns[i]!.type);
    if (!t) {
      throw errAt('TYPE_MISMATCH', `column ${i + 1} in ${opName} query has incompatible types: ${formatType(c.type)}, ${formatType(right.columns[i]!.type)}`, s.pos);
    }
    return t;
  });
  const conform = (p: LogicalPlan): LogicalPlan => {
    if (p.columns.every((c, i) => typesEqual(c.type, types[i]!))) return p;
    const cols: PlanColumn[] = p.columns.map((c, i) => ctx.column(c.name, types[i]!));
    return { kind: 'project', input: p, columns: cols, exprs: p.columns.map((c, i) => coerce(columnRef(c), types[i]!)) };
  };
  const columns = left.columns.map((c, i) => ctx.column(c.name, types[i]!));
  return { kind: 'setop', op: s.op, all: s.all, inputs: [conform(left), conform(right)], columns };
}
