/**
 * WITH RECURSIVE, as Trino plans it: a recursive WITH query `t(c1, …) AS (base UNION ALL step)`
 * whose step reads `t` once is unrolled to a fixed depth (Trino's `max_recursion_depth`, 10):
 *
 *   level 0 = base,  level k = step with `t` bound to level k−1,
 *   t = level 0 UNION ALL … UNION ALL level 10,
 *
 * and level 11 must be empty, else the query fails ("Recursion depth limit exceeded (10)"), so a
 * recursion that has not converged never silently truncates. Column types are the base's; step
 * columns are coerced to them. Each level is bound afresh (fresh column ids), so the plan grows
 * quadratically with the depth — as Trino's does. A WITH RECURSIVE query that is not a UNION of
 * two relations, or whose step does not read itself, is an ordinary WITH query.
 */
import { AegisError } from '../../errors.js';
import type { ResolvedScalar } from '../../functions/registry.js';
import { resolveAggregate } from '../../functions/registry.js';
import type * as A from '../../sql/ast.js';
import { canCoerce } from '../../types/coercion.js';
import { formatType, typesEqual, type SqlType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import type { BoundExpr, PlanColumn } from '../bound-expr.js';
import { columnRef } from '../expr-utils.js';
import type { LogicalPlan } from '../logical/plan-node.js';
import type { BinderContext, CteEntry } from './binder-context.js';
import { coerce } from './bind-expr.js';
import { constant } from './bind-literal.js';
import { bindQuery } from './bind-query.js';
import { errAt } from './scope.js';

/** Trino's default `max_recursion_depth`. */
export const MAX_RECURSION_DEPTH = 10;

const asQuery = (body: A.QueryBody): A.Query => (body.kind === 'query' ? body : { kind: 'query', body, orderBy: [] });

/** Fails the query when the level past the maximum depth still produced rows. */
function depthCheck(depth: number): ResolvedScalar {
  return {
    name: '$recursion_depth_check',
    returnType: { kind: 'boolean' },
    argTypes: [{ kind: 'bigint' }],
    lambdas: [undefined],
    nullOnNull: false,
    deterministic: false,
    impl: ([rows]) => {
      if ((rows as bigint) > 0n) {
        throw new AegisError('NOT_SUPPORTED', `Recursion depth limit exceeded (${depth}). Use 'max_recursion_depth' session property to modify the limit.`);
      }
      return false as Value;
    },
  };
}

/**
 * Binds a reference to a WITH RECURSIVE query. Returns undefined when the query is not recursive
 * in Trino's sense (the caller binds it as an ordinary WITH query).
 */
export function bindRecursiveCte(ctx: BinderContext, entry: CteEntry, name: string, pos: A.Pos | undefined): { plan: LogicalPlan } | undefined {
  const q = entry.cte.query;
  const body = q.body;
  if (body.kind !== 'set_operation' || body.op !== 'union' || q.with) return undefined;
  const aliases = entry.cte.columns;
  // Trino: column aliases are mandatory for the queries of a WITH RECURSIVE list.
  if (!aliases) throw errAt('SYNTAX_ERROR', 'missing column aliases in recursive WITH query', pos);
  let refs = 0;
  const stepEntries = (previous: () => LogicalPlan): Map<string, CteEntry> => {
    const m = new Map(entry.visible);
    m.set(name, { cte: entry.cte, visible: entry.visible, level: () => {
      refs++;
      return previous();
    } });
    return m;
  };
  const bindStep = (previous: () => LogicalPlan): LogicalPlan => {
    refs = 0;
    const plan = bindQuery(ctx, asQuery(body.right), undefined, stepEntries(previous)).plan;
    if (refs > 1) throw errAt('NOT_SUPPORTED', 'multiple recursive references in the step relation of recursive query', pos);
    return plan;
  };
  const bindBase = (): LogicalPlan => bindQuery(ctx, asQuery(body.left), undefined, entry.visible).plan;

  // Is it recursive at all? (A step that never reads the query is an ordinary UNION.)
  const probeBase = bindBase();
  bindStep(() => probeBase);
  if (refs === 0) return undefined;
  if (!body.all) throw errAt('NOT_SUPPORTED', 'recursive query with UNION DISTINCT is not supported; use UNION ALL', pos);
  if (q.orderBy.length > 0 || q.limit || q.offset) throw errAt('NOT_SUPPORTED', 'ORDER BY, OFFSET and LIMIT are not supported on a recursive WITH query', pos);
  const types = probeBase.columns.map((c) => c.type);
  if (aliases.length !== types.length) {
    throw errAt('SYNTAX_ERROR', `WITH query '${name}' has ${aliases.length} column aliases but ${types.length} columns`, pos);
  }

  /** Output columns named by the aliases and typed as the base. */
  const conform = (p: LogicalPlan): LogicalPlan => {
    if (p.columns.length !== types.length) {
      throw errAt('TYPE_MISMATCH', `recursion step relation has ${p.columns.length} columns, the base relation ${types.length}`, pos);
    }
    p.columns.forEach((c, i) => {
      if (!typesEqual(c.type, types[i]!) && !canCoerce(c.type, types[i]!)) {
        throw errAt('TYPE_MISMATCH', `recursion step relation output type (${formatType(c.type)}) is not coercible to recursion base relation output type (${formatType(types[i]!)}) at column ${i + 1}`, pos);
      }
    });
    const columns: PlanColumn[] = types.map((t, i) => ctx.column(aliases[i]!.name, t));
    return { kind: 'project', input: p, columns, exprs: p.columns.map((c, i) => coerce(columnRef(c), types[i]!)) };
  };
  const level = (k: number): LogicalPlan => (k === 0 ? conform(bindBase()) : conform(bindStep(() => level(k - 1))));

  let plan: LogicalPlan = level(0);
  for (let k = 1; k <= MAX_RECURSION_DEPTH; k++) {
    const next = level(k);
    plan = { kind: 'setop', op: 'union', all: true, inputs: [plan, next], columns: types.map((t, i) => ctx.column(aliases[i]!.name, t)) };
  }
  // The level past the limit must be empty: count its rows and fail when there are any.
  const rows = ctx.column('$recursion_rows', { kind: 'bigint' });
  const count = resolveAggregate('count', []);
  const counted: LogicalPlan = { kind: 'aggregate', input: level(MAX_RECURSION_DEPTH + 1), keys: [], aggregates: [{ fn: count, args: [], distinct: false }], columns: [rows] };
  const check: BoundExpr = { kind: 'call', type: { kind: 'boolean' }, fn: depthCheck(MAX_RECURSION_DEPTH), args: [columnRef(rows)] };
  const guard: LogicalPlan = {
    kind: 'project',
    input: { kind: 'filter', input: counted, predicate: check, columns: [rows] },
    columns: types.map((t, i) => ctx.column(aliases[i]!.name, t)),
    exprs: types.map((t: SqlType) => constant(t, null)),
  };
  return {
    plan: { kind: 'setop', op: 'union', all: true, inputs: [plan, guard], columns: types.map((t, i) => ctx.column(aliases[i]!.name, t)) },
  };
}
