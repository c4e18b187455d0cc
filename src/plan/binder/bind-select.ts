/**
 * SELECT binding, in Trino's clause order: FROM → WHERE → GROUP BY (grouping sets) → aggregates
 * and HAVING → window functions → select list → DISTINCT → ORDER BY → OFFSET/LIMIT. Select-list
 * aliases are visible in ORDER BY only. After aggregation, an expression may use input columns
 * only inside aggregates or as (parts equal to) GROUP BY expressions.
 */
import type * as A from '../../sql/ast.js';
import type { BoundExpr, ColumnExpr, PlanColumn, SortKey } from '../bound-expr.js';
import { columnRef, containsSubquery, exprKey, replaceExpr } from '../expr-utils.js';
import type { LogicalPlan, WindowCall } from '../logical/plan-node.js';
import type { BinderContext, CteEntry } from './binder-context.js';
import { ExprBinder } from './bind-expr.js';
import { bindSortKeys } from './bind-function.js';
import { applyLimit, type QueryModifiers } from './bind-modifiers.js';
import { bindRelation, singleRow } from './bind-relation.js';
import { AggregateCollector, specKey, WindowCollector } from './collectors.js';
import { errAt, Scope } from './scope.js';

const BIGINT = { kind: 'bigint' } as const;

/** Aggregate collector that also answers grouping(…) once the grouping sets are known. */
class SelectAggregates extends AggregateCollector {
  keys: BoundExpr[] = [];
  sets: number[][] | undefined;
  setIndex: PlanColumn | undefined;

  constructor(private readonly bctx: BinderContext) {
    super(bctx);
  }

  grouping(args: BoundExpr[], pos?: A.Pos): BoundExpr {
    const keyIdx = args.map((a) => {
      const i = this.keys.findIndex((k) => exprKey(k) === exprKey(a));
      if (i < 0) throw errAt('SYNTAX_ERROR', 'The arguments to GROUPING() must be expressions referenced by the GROUP BY', pos);
      return i;
    });
    if (!this.sets) return { kind: 'const', type: BIGINT, value: 0n };
    this.setIndex ??= this.bctx.column('$groupset', { kind: 'integer' });
    const masks = this.sets.map((set) => keyIdx.reduce((m, k, i) => m | ((set.includes(k) ? 0 : 1) << (keyIdx.length - 1 - i)), 0));
    return { kind: 'grouping', type: BIGINT, setIndex: columnRef(this.setIndex), masks };
  }
}

interface Item {
  expr: BoundExpr;
  name: string;
  /** Explicit alias or derived column name (for ORDER BY alias lookup). */
  alias: string | undefined;
}

function itemName(e: A.Expr, i: number): string {
  if (e.kind === 'column') return e.parts[e.parts.length - 1]!.name;
  if (e.kind === 'field') return e.field.name;
  return `_col${i}`;
}

export function bindSelect(
  ctx: BinderContext,
  sel: A.Select,
  outer: Scope | undefined,
  ctes: ReadonlyMap<string, CteEntry>,
  mods: QueryModifiers,
): LogicalPlan {
  // FROM
  const from = sel.from ? bindRelation(ctx, sel.from, outer, ctes) : { plan: singleRow(), fields: [] };
  let plan = from.plan;
  const scope = new Scope(from.fields, outer);
  const sourceIds = new Set(plan.columns.map((c) => c.id));
  const namedWindows = new Map(sel.windows.map((w) => [w.name.name, w.spec]));

  // WHERE
  if (sel.where) {
    const b = new ExprBinder(ctx, scope, { clause: 'WHERE clause' }, ctes);
    const pred = b.booleanOperand(b.bind(sel.where), 'WHERE clause', sel.where.pos);
    plan = { kind: 'filter', input: plan, columns: plan.columns, predicate: pred };
  }

  const aggs = new SelectAggregates(ctx);
  const windows = new WindowCollector(ctx);
  const binder = new ExprBinder(ctx, scope, { clause: 'SELECT', aggregates: aggs, windows, namedWindows }, ctes);
  const plainBinder = new ExprBinder(ctx, scope, { clause: 'GROUP BY clause' }, ctes);

  // GROUP BY (before the select list so grouping() knows the sets)
  const hasGroupBy = sel.groupBy !== undefined && sel.groupBy.elements.length > 0;
  if (hasGroupBy) bindGroupBy(sel, plainBinder, aggs);

  // Select list
  const items: Item[] = [];
  sel.items.forEach((it) => {
    if (it.kind === 'select_star') {
      const q = it.qualifier?.map((p) => p.name) ?? [];
      if (!sel.from) throw errAt('SYNTAX_ERROR', 'SELECT * not allowed in queries without FROM clause', it.pos);
      const fs = scope.fieldsOf(q);
      if (fs.length === 0 && q.length > 0) throw errAt('NOT_FOUND', `Table '${q.join('.')}' cannot be resolved`, it.pos);
      fs.forEach((f, k) => {
        const name = it.aliases?.[k]?.name ?? f.name ?? `_col${items.length}`;
        items.push({ expr: columnRef(f.column), name, alias: name });
      });
      return;
    }
    const expr = binder.bind(it.expr);
    const name = it.alias?.name ?? itemName(it.expr, items.length);
    items.push({ expr, name, alias: it.alias?.name ?? (it.expr.kind === 'column' ? name : undefined) });
  });

  // HAVING
  let having: BoundExpr | undefined;
  if (sel.having) {
    const hb = new ExprBinder(ctx, scope, { clause: 'HAVING clause', aggregates: aggs }, ctes);
    having = hb.booleanOperand(hb.bind(sel.having), 'HAVING clause', sel.having.pos);
  }

  // ORDER BY (aliases first, then input columns; ordinals refer to the select list)
  const aliasOf = (name: string): BoundExpr | undefined => {
    const hits = items.filter((i) => i.alias === name || (i.alias === undefined && i.name === name && !name.startsWith('_col')));
    if (hits.length === 0) return undefined;
    const keys = new Set(hits.map((h) => exprKey(h.expr)));
    if (keys.size > 1) throw errAt('SYNTAX_ERROR', `Column '${name}' is ambiguous in ORDER BY`);
    return hits[0]!.expr;
  };
  const ob = new ExprBinder(ctx, scope, { clause: 'ORDER BY', aggregates: aggs, windows, alias: aliasOf, namedWindows }, ctes);
  const orderKeys: SortKey[] = mods.orderBy.map((s) => {
    if (s.expr.kind === 'integer') {
      const n = Number(s.expr.value);
      if (n < 1 || n > items.length) throw errAt('SYNTAX_ERROR', `ORDER BY position ${n} is not in select list`, s.expr.pos);
      return { expr: items[n - 1]!.expr, ascending: s.order === 'asc', nullsFirst: s.nulls === 'first' };
    }
    return bindSortKeys(ob, [s])[0]!;
  });

  // Aggregation
  const isAggregate = hasGroupBy || aggs.calls.length > 0 || having !== undefined;
  let rewrite = (e: BoundExpr): BoundExpr => e;
  if (isAggregate) {
    const keyCols = aggs.keys.map((k, i) => ctx.column(k.kind === 'column' ? k.name : `$key${i}`, k.type));
    const columns = [...keyCols, ...aggs.columns, ...(aggs.setIndex ? [aggs.setIndex] : [])];
    // Keys containing subqueries are computed by a projection below the aggregation (as Trino
    // pre-projects them), where the optimizer decorrelates them like any projected subquery.
    let keys = aggs.keys;
    if (keys.some(containsSubquery)) {
      const pre = keys.map((k, i) => (containsSubquery(k) ? ctx.column(`$key${i}`, k.type) : undefined));
      const extra = pre.flatMap((c, i) => (c ? [{ c, e: keys[i]! }] : []));
      plan = {
        kind: 'project',
        input: plan,
        columns: [...plan.columns, ...extra.map((x) => x.c)],
        exprs: [...plan.columns.map((c) => columnRef(c) as BoundExpr), ...extra.map((x) => x.e)],
      };
      keys = keys.map((k, i) => (pre[i] ? columnRef(pre[i]!) : k));
    }
    plan = {
      kind: 'aggregate',
      input: plan,
      columns,
      keys,
      ...(aggs.sets ? { groupingSets: aggs.sets } : {}),
      aggregates: aggs.calls,
      ...(aggs.setIndex ? { setIndexColumn: aggs.setIndex } : {}),
    };
    const keyByExpr = new Map(aggs.keys.map((k, i) => [exprKey(k), keyCols[i]!]));
    rewrite = (e) =>
      replaceExpr(e, (x) => {
        const k = keyByExpr.get(exprKey(x));
        if (k) return columnRef(k);
        if (x.kind === 'column' && sourceIds.has(x.id)) {
          throw errAt('SYNTAX_ERROR', `'${x.name}' must be an aggregate expression or appear in GROUP BY clause`);
        }
        return undefined;
      });
    if (having) plan = { kind: 'filter', input: plan, columns: plan.columns, predicate: rewrite(having) };
  }

  // Windows: one Window node per distinct (PARTITION BY, ORDER BY).
  if (windows.entries.length > 0) {
    const groups = new Map<string, typeof windows.entries>();
    for (const w of windows.entries) {
      const spec = { partitionBy: w.spec.partitionBy.map(rewrite), orderBy: w.spec.orderBy.map((k) => ({ ...k, expr: rewrite(k.expr) })) };
      const call = { ...w, spec };
      const key = specKey(spec);
      const g = groups.get(key);
      if (g) g.push(call);
      else groups.set(key, [call]);
    }
    for (const g of groups.values()) {
      const spec = g[0]!.spec;
      const calls: WindowCall[] = g.map((w) => {
        const c = w.call;
        const frame = {
          ...c.frame,
          start: c.frame.start.offset ? { ...c.frame.start, offset: rewrite(c.frame.start.offset) } : c.frame.start,
          end: c.frame.end.offset ? { ...c.frame.end, offset: rewrite(c.frame.end.offset) } : c.frame.end,
        };
        if (c.window) return { column: w.column, frame, window: { ...c.window, args: c.window.args.map(rewrite) } };
        const a = c.aggregate!;
        return {
          column: w.column,
          frame,
          aggregate: { ...a, args: a.args.map(rewrite), ...(a.filter ? { filter: rewrite(a.filter) } : {}) },
        };
      });
      plan = {
        kind: 'window',
        input: plan,
        columns: [...plan.columns, ...calls.map((c) => c.column)],
        partitionBy: spec.partitionBy,
        orderBy: spec.orderBy,
        calls,
      };
    }
  }

  // Projection of the select list plus ORDER BY expressions not in it.
  const outExprs = items.map((i) => rewrite(i.expr));
  const outCols = items.map((i, k) => ctx.column(i.name, outExprs[k]!.type));
  const sortKeys = orderKeys.map((k) => ({ ...k, expr: rewrite(k.expr) }));
  const extraExprs: BoundExpr[] = [];
  const extraCols: PlanColumn[] = [];
  const sortRefs: SortKey[] = sortKeys.map((k) => {
    const key = exprKey(k.expr);
    const idx = outExprs.findIndex((e) => exprKey(e) === key);
    if (idx >= 0) return { ...k, expr: columnRef(outCols[idx]!) };
    if (sel.distinct) throw errAt('SYNTAX_ERROR', 'For SELECT DISTINCT, ORDER BY expressions must appear in select list');
    const col = ctx.column(`$order${extraCols.length}`, k.expr.type);
    extraExprs.push(k.expr);
    extraCols.push(col);
    return { ...k, expr: columnRef(col) as ColumnExpr };
  });
  plan = { kind: 'project', input: plan, columns: [...outCols, ...extraCols], exprs: [...outExprs, ...extraExprs] };

  if (sel.distinct) {
    const keys = outCols.map((c) => columnRef(c) as BoundExpr);
    const distinctCols = outCols.map((c) => ctx.column(c.name, c.type));
    plan = { kind: 'aggregate', input: plan, columns: distinctCols, keys, aggregates: [] };
    const remap = new Map(outCols.map((c, i) => [c.id, distinctCols[i]!]));
    for (let i = 0; i < sortRefs.length; i++) {
      const e = sortRefs[i]!.expr as ColumnExpr;
      sortRefs[i] = { ...sortRefs[i]!, expr: columnRef(remap.get(e.id)!) };
    }
    outCols.splice(0, outCols.length, ...distinctCols);
  }
  if (sortRefs.length > 0) plan = { kind: 'sort', input: plan, columns: plan.columns, keys: sortRefs };
  plan = applyLimit(ctx, plan, mods);
  if (extraCols.length > 0) {
    plan = { kind: 'project', input: plan, columns: outCols, exprs: outCols.map((c) => columnRef(c)) };
  }
  return plan;
}

function bindGroupBy(sel: A.Select, b: ExprBinder, aggs: SelectAggregates): void {
  const keyIndex = (e: A.Expr): number => {
    let bound: BoundExpr;
    if (e.kind === 'integer') {
      const n = Number(e.value);
      const item = sel.items[n - 1];
      if (!item || n < 1) throw errAt('SYNTAX_ERROR', `GROUP BY position ${n} is not in select list`, e.pos);
      if (item.kind !== 'select_expr') throw errAt('SYNTAX_ERROR', `GROUP BY position ${n} refers to *`, e.pos);
      bound = b.bind(item.expr);
    } else bound = b.bind(e);
    const key = exprKey(bound);
    const i = aggs.keys.findIndex((k) => exprKey(k) === key);
    if (i >= 0) return i;
    aggs.keys.push(bound);
    return aggs.keys.length - 1;
  };
  const gb = sel.groupBy!;
  // Each element contributes a list of sets; the query's sets are their cross product.
  let product: number[][] = [[]];
  let complex = false;
  for (const el of gb.elements) {
    let sets: number[][];
    switch (el.kind) {
      case 'group_simple':
        sets = [el.exprs.map(keyIndex)];
        break;
      case 'group_rollup': {
        complex = true;
        const parts = el.sets.map((s) => s.map(keyIndex));
        sets = [];
        for (let n = parts.length; n >= 0; n--) sets.push(parts.slice(0, n).flat());
        break;
      }
      case 'group_cube': {
        complex = true;
        const parts = el.sets.map((s) => s.map(keyIndex));
        sets = [];
        for (let mask = (1 << parts.length) - 1; mask >= 0; mask--) {
          sets.push(parts.filter((_, i) => (mask & (1 << (parts.length - 1 - i))) !== 0).flat());
        }
        break;
      }
      case 'group_sets':
        complex = true;
        sets = el.sets.map((s) => s.map(keyIndex));
        break;
    }
    const next: number[][] = [];
    for (const p of product) for (const s of sets) next.push([...new Set([...p, ...s])]);
    product = next;
  }
  if (gb.quantifier === 'distinct') {
    const seen = new Set<string>();
    product = product.filter((s) => {
      const k = [...s].sort((x, y) => x - y).join(',');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  if (complex) aggs.sets = product;
}
