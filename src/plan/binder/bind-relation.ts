/**
 * FROM-clause binding: tables and views from the catalog, CTE references, derived tables, joins
 * (ON / USING / implicit cross), UNNEST (implicitly lateral over the relations to its left) and
 * TABLESAMPLE. Each relation yields a plan and the {@link Field}s it exposes to the query.
 */
import { resolveScalar } from '../../functions/registry.js';
import type * as A from '../../sql/ast.js';
import { commonSuperType } from '../../types/coercion.js';
import { formatType, typesEqual, type SqlType } from '../../types/sql-type.js';
import type { BoundExpr, PlanColumn } from '../bound-expr.js';
import { columnRef } from '../expr-utils.js';
import type { JoinType, LogicalPlan } from '../logical/plan-node.js';
import type { BinderContext, CteEntry } from './binder-context.js';
import { bindRecursiveCte } from './bind-recursive-cte.js';
import { coerce, ExprBinder } from './bind-expr.js';
import { constant } from './bind-literal.js';
import { outerReferences } from '../plan-walk.js';
import { bindQuery } from './bind-query.js';
import { errAt, Scope, type Field } from './scope.js';

export interface BoundRelation {
  plan: LogicalPlan;
  fields: Field[];
}

/** A plan producing one row and no columns (FROM-less SELECT, standalone UNNEST). */
export function singleRow(): LogicalPlan {
  return { kind: 'values', columns: [], rows: [[]] };
}

function aliasFields(fields: Field[], alias: A.RelationAlias | undefined, relName: string, pos?: A.Pos): Field[] {
  if (!alias) return fields;
  const visible = fields.filter((f) => !f.hidden);
  if (alias.columns && alias.columns.length !== visible.length) {
    throw errAt('SYNTAX_ERROR', `Column alias list has ${alias.columns.length} entries but '${relName}' has ${visible.length} columns available`, pos);
  }
  let k = 0;
  return fields.map((f) => {
    if (f.hidden) return f.qualifiedOnly ? f : { ...f, qualifier: [alias.name.name] };
    const name = alias.columns ? alias.columns[k++]!.name : f.name;
    return { name, qualifier: [alias.name.name], column: f.column };
  });
}

export function bindRelation(ctx: BinderContext, r: A.Relation, outer: Scope | undefined, ctes: ReadonlyMap<string, CteEntry>): BoundRelation {
  switch (r.kind) {
    case 'table':
      return bindTable(ctx, r, outer, ctes);
    case 'subquery_relation': {
      const q = bindQuery(ctx, r.query, outer, ctes);
      const fields: Field[] = q.plan.columns.map((c) => ({ name: c.name.startsWith('_col') ? undefined : c.name, qualifier: [], column: c }));
      return { plan: q.plan, fields: aliasFields(fields, r.alias, r.alias?.name.name ?? 'subquery', r.pos) };
    }
    case 'lateral':
      throw errAt('NOT_SUPPORTED', 'LATERAL subqueries are not supported', r.pos);
    case 'unnest':
      return bindUnnest(ctx, r, { plan: singleRow(), fields: [] }, outer, ctes, false);
    case 'sample': {
      const inner = bindRelation(ctx, r.relation, outer, ctes);
      const b = new ExprBinder(ctx, new Scope([], outer), { clause: 'TABLESAMPLE' }, ctes);
      const pct = coerce(b.bind(r.percentage), { kind: 'double' });
      const rnd = resolveScalar('random', []);
      const fraction = b.call('$divide', [pct, constant({ kind: 'double' }, 100)]);
      const pred = b.comparison('<', { kind: 'call', type: rnd.returnType, fn: rnd, args: [] }, fraction);
      return { plan: { kind: 'filter', input: inner.plan, columns: inner.plan.columns, predicate: pred }, fields: inner.fields };
    }
    case 'join':
      return bindJoin(ctx, r, outer, ctes);
  }
}

function bindTable(ctx: BinderContext, r: A.TableRelation, outer: Scope | undefined, ctes: ReadonlyMap<string, CteEntry>): BoundRelation {
  const n = { ...r.name, name: r.name.name.toLowerCase(), ...(r.name.schema ? { schema: r.name.schema.toLowerCase() } : {}) };
  if (!n.schema && !n.catalog) {
    const cte = ctes.get(n.name);
    if (cte) {
      const q = cte.level
        ? { plan: cte.level() }
        : ((cte.recursive ? bindRecursiveCte(ctx, cte, n.name, r.pos) : undefined) ?? bindQuery(ctx, cte.cte.query, undefined, cte.visible));
      const cols = cte.cte.columns;
      if (cols && cols.length !== q.plan.columns.length) {
        throw errAt('SYNTAX_ERROR', `WITH query '${n.name}' has ${cols.length} column aliases but ${q.plan.columns.length} columns`, r.pos);
      }
      const fields: Field[] = q.plan.columns.map((c, i) => ({ name: cols ? cols[i]!.name : c.name, qualifier: [n.name], column: c }));
      return { plan: q.plan, fields: aliasFields(fields, r.alias, n.name, r.pos) };
    }
  }
  const db = n.schema ?? ctx.database;
  const t = ctx.catalog.resolveTable(db, n.name);
  if (!t) throw errAt('NOT_FOUND', `Table '${db}.${n.name}' does not exist`, r.pos ?? n.pos);
  if (t.kind === 'view') {
    const key = `${t.database}.${t.name}`;
    if (ctx.expanding.has(key)) throw errAt('SYNTAX_ERROR', `View '${key}' is recursive`, r.pos);
    if (!ctx.parseQuery) throw errAt('NOT_SUPPORTED', 'Views need a parser', r.pos);
    const q = ctx.parseQuery(t.sql);
    ctx.expanding.add(key);
    const savedDb = ctx.database;
    ctx.database = t.database;
    try {
      const b = bindQuery(ctx, q, undefined, new Map());
      const fields: Field[] = b.plan.columns.map((c) => ({ name: c.name, qualifier: [t.database, t.name], column: c }));
      return { plan: b.plan, fields: aliasFields(fields, r.alias, n.name, r.pos) };
    } finally {
      ctx.database = savedDb;
      ctx.expanding.delete(key);
    }
  }
  const columns = t.columns.map((c) => ctx.column(c.name.toLowerCase(), c.type));
  const plan: LogicalPlan = {
    kind: 'scan',
    table: `${t.database}.${t.name}`,
    source: t.source,
    columns,
    ordinals: columns.map((_, i) => i),
    pushedFilters: [],
  };
  const fields: Field[] = columns.map((c, i) => ({ name: c.name, qualifier: [t.database, t.name], column: c, ...(t.columns[i]!.hidden ? { hidden: true } : {}) }));
  return { plan, fields: aliasFields(fields, r.alias, n.name, r.pos) };
}

function bindUnnest(
  ctx: BinderContext,
  r: A.UnnestRelation,
  left: BoundRelation,
  outer: Scope | undefined,
  ctes: ReadonlyMap<string, CteEntry>,
  outerJoin: boolean,
): BoundRelation {
  const b = new ExprBinder(ctx, new Scope(left.fields, outer), { clause: 'UNNEST' }, ctes);
  const exprs = r.args.map((a) => b.bind(a));
  const types: { name?: string; type: SqlType }[] = [];
  const widths = exprs.map((e) => {
    const t = e.type;
    if (t.kind === 'array') {
      if (t.element.kind === 'row') {
        for (const f of t.element.fields) types.push({ ...(f.name ? { name: f.name } : {}), type: f.type });
        return t.element.fields.length;
      }
      types.push({ type: t.element });
      return 1;
    }
    if (t.kind === 'map') {
      types.push({ type: t.key }, { type: t.value });
      return 2;
    }
    if (t.kind === 'unknown') {
      types.push({ type: t });
      return 1;
    }
    throw errAt('TYPE_MISMATCH', `Cannot unnest type: ${formatType(t)}`, r.pos);
  });
  if (r.withOrdinality) types.push({ name: 'ordinality', type: { kind: 'bigint' } });
  const names = r.alias?.columns?.map((c) => c.name);
  if (names && names.length !== types.length) {
    throw errAt('SYNTAX_ERROR', `Column alias list has ${names.length} entries but UNNEST has ${types.length} columns available`, r.pos);
  }
  const cols: PlanColumn[] = types.map((t, i) => ctx.column(names?.[i] ?? t.name?.toLowerCase() ?? `_col${i}`, t.type));
  const plan: LogicalPlan = {
    kind: 'unnest',
    input: left.plan,
    columns: [...left.plan.columns, ...cols],
    exprs,
    widths,
    ordinality: r.withOrdinality,
    outer: outerJoin,
  };
  const q = r.alias ? [r.alias.name.name] : [];
  const fields: Field[] = [
    ...left.fields,
    ...cols.map((c, i) => ({ name: names?.[i] ?? types[i]!.name?.toLowerCase(), qualifier: q, column: c })),
  ];
  return { plan, fields };
}

function bindJoin(ctx: BinderContext, r: A.JoinRelation, outer: Scope | undefined, ctes: ReadonlyMap<string, CteEntry>): BoundRelation {
  if (r.natural) throw errAt('NOT_SUPPORTED', 'NATURAL join is not supported', r.pos);
  const left = bindRelation(ctx, r.left, outer, ctes);
  if (r.right.kind === 'unnest') {
    const isTrue = !r.on || (r.on.kind === 'boolean' && r.on.value);
    if (!isTrue || r.using) throw errAt('NOT_SUPPORTED', 'UNNEST in a join supports only ON TRUE', r.pos);
    if (r.type === 'right' || r.type === 'full') throw errAt('NOT_SUPPORTED', `${r.type.toUpperCase()} JOIN UNNEST is not supported`, r.pos);
    return bindUnnest(ctx, r.right, left, outer, ctes, r.type === 'left');
  }
  let lateral: number[] | undefined;
  let right: BoundRelation;
  if (r.right.kind === 'lateral') {
    if (r.type === 'right' || r.type === 'full') throw errAt('NOT_SUPPORTED', `${r.type.toUpperCase()} JOIN LATERAL is not supported`, r.pos);
    // The subquery sees the relations to its left as an enclosing scope.
    const q = bindQuery(ctx, r.right.query, new Scope(left.fields, outer), ctes);
    const leftIds = new Set(left.plan.columns.map((c) => c.id));
    lateral = outerReferences(q.plan).map((c) => c.id).filter((id) => leftIds.has(id));
    const fields: Field[] = q.plan.columns.map((c) => ({ name: c.name.startsWith('_col') ? undefined : c.name, qualifier: [], column: c }));
    right = { plan: q.plan, fields: aliasFields(fields, r.right.alias, r.right.alias?.name.name ?? 'lateral', r.pos) };
  } else right = bindRelation(ctx, r.right, outer, ctes);
  const joinType: JoinType = r.type === 'implicit' ? 'cross' : r.type;
  const columns = [...left.plan.columns, ...right.plan.columns];
  if (r.using) {
    if (lateral) throw errAt('NOT_SUPPORTED', 'JOIN LATERAL … USING is not supported', r.pos);
    return bindUsing(ctx, r, left, right, joinType);
  }
  let residual: BoundExpr | undefined;
  if (r.on) {
    const scope = new Scope([...left.fields, ...right.fields], outer);
    const b = new ExprBinder(ctx, scope, { clause: 'JOIN' }, ctes);
    residual = b.booleanOperand(b.bind(r.on), 'JOIN ON clause', r.pos);
  } else if (joinType !== 'cross') {
    throw errAt('SYNTAX_ERROR', `${joinType.toUpperCase()} JOIN requires an ON or USING clause`, r.pos);
  }
  const plan: LogicalPlan = {
    kind: 'join',
    joinType: joinType === 'cross' && residual ? 'inner' : joinType,
    left: left.plan,
    right: right.plan,
    columns,
    equi: [],
    ...(residual ? { residual } : {}),
    ...(lateral && lateral.length > 0 ? { lateral } : {}),
  };
  return { plan, fields: [...left.fields, ...right.fields] };
}

function bindUsing(ctx: BinderContext, r: A.JoinRelation, left: BoundRelation, right: BoundRelation, joinType: JoinType): BoundRelation {
  const lscope = new Scope(left.fields);
  const rscope = new Scope(right.fields);
  const equi: { left: BoundExpr; right: BoundExpr }[] = [];
  const usingFields: Field[] = [];
  const lUsed = new Set<number>();
  const rUsed = new Set<number>();
  const coalesced: { col: PlanColumn; expr: BoundExpr }[] = [];
  for (const id of r.using!) {
    const lf = lscope.resolve([id.name], id.pos ?? r.pos).field;
    const rf = rscope.resolve([id.name], id.pos ?? r.pos).field;
    const t = commonSuperType(lf.column.type, rf.column.type);
    if (!t) {
      throw errAt('TYPE_MISMATCH', `Column types of left and right side are different: ${formatType(lf.column.type)} and ${formatType(rf.column.type)}`, r.pos);
    }
    equi.push({ left: coerce(columnRef(lf.column), t), right: coerce(columnRef(rf.column), t) });
    lUsed.add(lf.column.id);
    rUsed.add(rf.column.id);
    // The USING column has the two sides' common type; FULL joins take whichever side matched.
    const src = joinType === 'right' ? rf.column : lf.column;
    if (joinType === 'full' || !typesEqual(src.type, t)) {
      const col = ctx.column(id.name, t);
      const expr: BoundExpr =
        joinType === 'full'
          ? { kind: 'coalesce', type: t, args: [coerce(columnRef(lf.column), t), coerce(columnRef(rf.column), t)] }
          : coerce(columnRef(src), t);
      coalesced.push({ col, expr });
      usingFields.push({ name: id.name, qualifier: [], column: col });
    } else {
      usingFields.push({ name: id.name, qualifier: [], column: src });
    }
  }
  const mark = (fs: Field[], used: Set<number>): Field[] =>
    fs.map((f) => (used.has(f.column.id) ? { ...f, hidden: true, qualifiedOnly: true } : f));
  let plan: LogicalPlan = {
    kind: 'join',
    joinType,
    left: left.plan,
    right: right.plan,
    columns: [...left.plan.columns, ...right.plan.columns],
    equi,
  };
  if (coalesced.length > 0) {
    const pass = plan.columns;
    plan = {
      kind: 'project',
      input: plan,
      columns: [...coalesced.map((c) => c.col), ...pass],
      exprs: [...coalesced.map((c) => c.expr), ...pass.map((c) => columnRef(c) as BoundExpr)],
    };
  }
  return { plan, fields: [...usingFields, ...mark(left.fields, lUsed), ...mark(right.fields, rUsed)] };
}
