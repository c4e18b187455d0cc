/**
 * Trino queries and relations → {@link Query} / {@link Relation}.
 *
 * Precedence comes from the grammar: INTERSECT binds tighter than UNION/EXCEPT, and ORDER BY /
 * OFFSET / LIMIT / FETCH belong to `queryNoWith`, i.e. to the whole set operation.
 */
import type * as T from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import type {
  Expr,
  GroupBy,
  GroupingElement,
  Identifier,
  Query,
  QueryBody,
  Relation,
  RelationAlias,
  Select,
  SelectItem,
} from './ast.js';
import { booleanOf, exprOf, primaryOf, sortItemOf, windowSpecOf } from './trino-expr.js';
import { identifierOf, qualifiedNameOf, tableNameOf } from './trino-names.js';
import { labelOf, notSupported, posOf, unsupportedNode, type WalkContext } from './walk-context.js';

/** `query` rule: `[WITH …] queryNoWith`. */
export function queryOf(w: WalkContext, ctx: T.QueryContext): Query {
  const c = ctx as T.QueryStatementContext;
  const withCtx = c.with();
  // Walk WITH first so that `?` parameters are numbered in source order.
  const ctes = withCtx?.namedQuery().map((n) => {
    const cte: { name: Identifier; columns?: Identifier[]; query: Query } = {
      name: identifierOf(n._name!),
      query: queryOf(w, n.query()),
    };
    const cols = n.columnAliases();
    if (cols) cte.columns = cols.identifier().map(identifierOf);
    return cte;
  });
  const q = queryNoWithOf(w, c.queryNoWith());
  if (withCtx) {
    q.with = { recursive: withCtx.KW_RECURSIVE() !== null, ctes: ctes! };
    q.pos = posOf(ctx);
  }
  return q;
}

/** `rootQuery` rule (a query that may start with `WITH FUNCTION`, which aegis rejects). */
export function rootQueryOf(w: WalkContext, ctx: T.RootQueryContext): Query {
  if (ctx.withFunction()) throw notSupported(ctx.withFunction(), 'WITH FUNCTION');
  return queryOf(w, ctx.query());
}

function rowCountOf(w: WalkContext, ctx: T.RowCountContext): Expr {
  const pos = posOf(ctx);
  const int = ctx.INTEGER_VALUE();
  if (int) {
    const text = int.getText();
    return { kind: 'integer', text, value: BigInt(text.replace(/_/g, '')), pos };
  }
  return { kind: 'parameter', index: w.nextParameter++, pos };
}

function queryNoWithOf(w: WalkContext, ctx: T.QueryNoWithContext): Query {
  const body = queryTermOf(w, ctx.queryTerm());
  const q: Query = { kind: 'query', body, orderBy: ctx.sortItem().map((s) => sortItemOf(w, s)), pos: posOf(ctx) };
  if (ctx._offset) q.offset = rowCountOf(w, ctx._offset);
  if (ctx._limit) {
    const rc = ctx._limit.rowCount();
    if (rc) q.limit = { count: rowCountOf(w, rc), withTies: false };
  } else if (ctx.KW_FETCH()) {
    const count: Expr = ctx._fetchFirst
      ? rowCountOf(w, ctx._fetchFirst)
      : { kind: 'integer', text: '1', value: 1n, pos: posOf(ctx.KW_FETCH()) };
    q.limit = { count, withTies: ctx.KW_TIES() != null };
  }
  return q;
}

/** A parenthesised query with nothing of its own collapses to its body. */
function unwrap(q: Query): QueryBody {
  if (!q.with && q.orderBy.length === 0 && !q.offset && !q.limit) return q.body;
  return q;
}

function queryTermOf(w: WalkContext, ctx: T.QueryTermContext): QueryBody {
  if (labelOf(ctx) === 'SetOperation') {
    const c = ctx as T.SetOperationContext;
    const left = queryTermOf(w, c._left!);
    const right = queryTermOf(w, c._right!);
    const op = c.KW_INTERSECT() ? 'intersect' : c.KW_EXCEPT() ? 'except' : 'union';
    return { kind: 'set_operation', op, all: c.setQuantifier()?.KW_ALL() != null, left, right, pos: posOf(ctx) };
  }
  return queryPrimaryOf(w, (ctx as T.QueryTermDefaultContext).queryPrimary());
}

function queryPrimaryOf(w: WalkContext, ctx: T.QueryPrimaryContext): QueryBody {
  const pos = posOf(ctx);
  switch (labelOf(ctx)) {
    case 'QueryPrimaryDefault':
      return selectOf(w, (ctx as T.QueryPrimaryDefaultContext).querySpecification());
    case 'Table':
      return { kind: 'table_body', name: tableNameOf((ctx as T.TableContext).tableRef()), pos };
    case 'InlineTable': {
      const rows = (ctx as T.InlineTableContext).expression().map((e) => {
        const x = exprOf(w, e);
        return x.kind === 'row' ? x.fields : [x];
      });
      return { kind: 'values', rows, pos };
    }
    case 'Subquery':
      return unwrap(queryNoWithOf(w, (ctx as T.SubqueryContext).queryNoWith()));
    default:
      return unsupportedNode(ctx, 'Query');
  }
}

function selectItemOf(w: WalkContext, ctx: T.SelectItemContext): SelectItem {
  const pos = posOf(ctx);
  if (ctx.selectAllWithoutTable()) return { kind: 'select_star', pos };
  const all = ctx.tableAllColumns();
  if (all) {
    const base = primaryOf(w, all.primaryExpression());
    if (base.kind !== 'column') throw notSupported(all, 'Expanding the fields of a row value with .*');
    const item: SelectItem = { kind: 'select_star', qualifier: base.parts, pos };
    const aliases = ctx.columnAliases();
    if (aliases) item.aliases = aliases.identifier().map(identifierOf);
    return item;
  }
  const lit = ctx.selectLiteralColumnName();
  const expr: Expr = lit
    ? { kind: 'column', parts: qualifiedNameOf(lit.columnRef().qualifiedName()!), pos: posOf(lit) }
    : exprOf(w, ctx.selectExpressionColumnName()!.expression());
  const item: SelectItem = { kind: 'select_expr', expr, pos };
  if (ctx._alias) item.alias = identifierOf(ctx._alias);
  return item;
}

function groupingSetOf(w: WalkContext, ctx: T.GroupingSetContext): Expr[] {
  return ctx.groupingTerm().map((t) => {
    const col = t.columnRef();
    if (col) return { kind: 'column', parts: qualifiedNameOf(col.qualifiedName()!), pos: posOf(col) } as Expr;
    return exprOf(w, t.expression()!);
  });
}

function groupByOf(w: WalkContext, ctx: T.GroupByContext): GroupBy {
  const elements: GroupingElement[] = ctx.groupingElement().map((e) => {
    switch (labelOf(e)) {
      case 'SingleGroupingSet':
        return { kind: 'group_simple', exprs: groupingSetOf(w, (e as T.SingleGroupingSetContext).groupingSet()) };
      case 'Rollup':
        return { kind: 'group_rollup', sets: (e as T.RollupContext).groupingSet().map((s) => groupingSetOf(w, s)) };
      case 'Cube':
        return { kind: 'group_cube', sets: (e as T.CubeContext).groupingSet().map((s) => groupingSetOf(w, s)) };
      default:
        return { kind: 'group_sets', sets: (e as T.MultipleGroupingSetsContext).groupingSet().map((s) => groupingSetOf(w, s)) };
    }
  });
  const q = ctx.setQuantifier();
  const out: GroupBy = { elements };
  if (q) out.quantifier = q.KW_ALL() ? 'all' : 'distinct';
  return out;
}

function selectOf(w: WalkContext, ctx: T.QuerySpecificationContext): Select {
  const sel: Select = {
    kind: 'select',
    distinct: ctx.setQuantifier()?.KW_DISTINCT() != null,
    items: ctx.selectList().selectItem().map((i) => selectItemOf(w, i)),
    windows: [],
    pos: posOf(ctx),
  };
  const rels = ctx.relation().map((r) => relationOf(w, r));
  if (rels.length > 0) {
    sel.from = rels.reduce((left, right) => ({ kind: 'join', type: 'implicit', natural: false, left, right, pos: left.pos }));
  }
  const where = ctx.whereClause();
  if (where) sel.where = booleanOf(w, where.booleanExpression());
  const gb = ctx.groupBy();
  if (gb) sel.groupBy = groupByOf(w, gb);
  const having = ctx.havingClause();
  if (having) sel.having = booleanOf(w, having.booleanExpression());
  sel.windows = ctx.windowDefinition().map((d) => ({ name: identifierOf(d._name!), spec: windowSpecOf(w, d.windowSpecification()) }));
  return sel;
}

function joinColumnOf(ctx: T.JoinColumnReferenceContext): Expr {
  const col = ctx.columnName();
  if (!col) throw notSupported(ctx, 'Incomplete join column');
  return { kind: 'column', parts: qualifiedNameOf(col.qualifiedName()!), pos: posOf(ctx) };
}

/** `relation` rule (joins fold left). */
export function relationOf(w: WalkContext, ctx: T.RelationContext): Relation {
  if (labelOf(ctx) === 'RelationDefault') return sampledOf(w, (ctx as T.RelationDefaultContext).sampledRelation());
  const c = ctx as T.JoinRelationContext;
  const pos = posOf(ctx);
  const left = relationOf(w, c._left!);
  if (c.KW_CROSS()) return { kind: 'join', type: 'cross', natural: false, left, right: sampledOf(w, c._right!), pos };
  const jt = c.joinType()!;
  const type = jt.KW_LEFT() ? 'left' : jt.KW_RIGHT() ? 'right' : jt.KW_FULL() ? 'full' : 'inner';
  if (c.KW_NATURAL()) return { kind: 'join', type, natural: true, left, right: sampledOf(w, c._right!), pos };
  const right = relationOf(w, c._rightRelation!);
  const crit = c.joinCriteria()!;
  if (crit.KW_USING()) return { kind: 'join', type, natural: false, left, right, using: crit.identifier().map(identifierOf), pos };
  const eq = crit.joinColumnEquality();
  const on: Expr = eq
    ? { kind: 'comparison', op: '=', left: joinColumnOf(eq._left!), right: joinColumnOf(eq._right!), pos: posOf(eq) }
    : booleanOf(w, crit.booleanExpression()!);
  return { kind: 'join', type, natural: false, left, right, on, pos };
}

function sampledOf(w: WalkContext, ctx: T.SampledRelationContext): Relation {
  const pr = ctx.patternRecognition();
  if (pr.KW_MATCH_RECOGNIZE()) throw notSupported(pr, 'MATCH_RECOGNIZE');
  const rel = aliasedOf(w, pr.aliasedRelation());
  if (!ctx.KW_TABLESAMPLE()) return rel;
  const method = ctx.sampleType()!.KW_BERNOULLI() ? 'bernoulli' : 'system';
  return { kind: 'sample', relation: rel, method, percentage: exprOf(w, ctx._percentage!), pos: posOf(ctx) };
}

function aliasedOf(w: WalkContext, ctx: T.AliasedRelationContext): Relation {
  let alias: RelationAlias | undefined;
  if (ctx._alias) {
    alias = { name: identifierOf(ctx._alias) };
    const cols = ctx.columnAliases();
    if (cols) alias.columns = cols.identifier().map(identifierOf);
  }
  const primary = ctx.relationPrimary();
  const pos = posOf(ctx);
  const withAlias = <R extends Relation>(r: R): R => (alias ? { ...r, alias } : r);
  switch (labelOf(primary)) {
    case 'TableName': {
      const p = primary as T.TableNameContext;
      if (p.queryPeriod()) throw notSupported(p.queryPeriod(), 'FOR TIMESTAMP/VERSION AS OF');
      const ref = p.tableOrViewName();
      const name = tableNameOf((ref.tableRef() ?? ref.viewRef())!);
      return withAlias({ kind: 'table', name, pos });
    }
    case 'ParenthesizedRelation': {
      const inner = relationOf(w, (primary as T.ParenthesizedRelationContext).relation());
      if (!alias) return inner;
      if (inner.kind === 'join' || inner.kind === 'sample') throw notSupported(ctx, 'An alias on a parenthesized join');
      return { ...inner, alias } as Relation;
    }
    case 'ExpressionSourceTable': {
      const src = (primary as T.ExpressionSourceTableContext).relationSourceTable();
      switch (labelOf(src)) {
        case 'SubqueryRelation':
          return withAlias({ kind: 'subquery_relation', query: queryOf(w, (src as T.SubqueryRelationContext).query()), pos });
        case 'Unnest': {
          const u = src as T.UnnestContext;
          return withAlias({ kind: 'unnest', args: u.expression().map((e) => exprOf(w, e)), withOrdinality: u.KW_ORDINALITY() != null, pos });
        }
        case 'Lateral':
          return withAlias({ kind: 'lateral', query: queryOf(w, (src as T.LateralContext).query()), pos });
        case 'TableFunctionInvocation':
          throw notSupported(src, 'Table functions');
        case 'JsonTable':
          throw notSupported(src, 'JSON_TABLE');
        default:
          return unsupportedNode(src, 'Relation');
      }
    }
    default:
      return unsupportedNode(primary, 'Relation');
  }
}
