/**
 * Function-call binding: special forms the evaluator implements itself (COALESCE, IF, NULLIF,
 * TRY, GROUPING), aggregate calls (collected into the Aggregate node), window calls (collected
 * into Window nodes) and ordinary scalar functions with lambda arguments.
 */
import { isAegisError } from '../../errors.js';
import type { LambdaArg, LambdaSignature, ResolvedAggregate, ResolvedScalar } from '../../functions/registry.js';
import { isAggregateFunction, isWindowFunction, resolveAggregate, resolveScalar, resolveWindowFunction } from '../../functions/registry.js';
import type * as A from '../../sql/ast.js';
import { commonSuperTypeOf } from '../../types/coercion.js';
import { formatType, type SqlType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import type { AggregateCall, BoundExpr, PlanColumn, SortKey } from '../bound-expr.js';
import { constant } from './bind-literal.js';
import { bindFrame } from './bind-frame.js';
import { BOOLEAN, coerce, ExprBinder } from './bind-expr.js';
import { errAt, Scope } from './scope.js';

function wrap<T>(pos: A.Pos | undefined, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isAegisError(e) && e.details.line === undefined) throw errAt(e.code, e.message, pos);
    throw e;
  }
}

export function bindSortKeys(b: ExprBinder, items: A.SortItem[]): SortKey[] {
  return items.map((s) => ({
    expr: b.bind(s.expr),
    ascending: s.order === 'asc',
    // Trino's default is NULLS LAST for both directions.
    nullsFirst: s.nulls === 'first',
  }));
}

export function bindFunctionCall(b: ExprBinder, e: A.FunctionCall): BoundExpr {
  const name = e.name.toLowerCase();
  if (e.over) return bindWindowCall(b, e, name);
  if (isAggregateFunction(name)) return bindAggregateCall(b, e, name);
  if (isWindowFunction(name)) throw errAt('SYNTAX_ERROR', `Window function ${name}() requires an OVER clause`, e.pos);
  if (e.distinct || e.filter || e.orderBy) {
    throw errAt('SYNTAX_ERROR', `DISTINCT, FILTER and ORDER BY are only allowed in aggregate calls; ${name} is not an aggregate`, e.pos);
  }
  switch (name) {
    case 'coalesce': {
      const args = e.args.map((a) => b.bind(a));
      const t = commonSuperTypeOf(args.map((a) => a.type));
      if (!t) throw errAt('TYPE_MISMATCH', `All COALESCE operands must be the same type: ${args.map((a) => formatType(a.type)).join(', ')}`, e.pos);
      return { kind: 'coalesce', type: t, args: args.map((a) => coerce(a, t)) };
    }
    case 'if': {
      if (e.args.length < 2 || e.args.length > 3) throw errAt('SYNTAX_ERROR', 'IF takes 2 or 3 arguments', e.pos);
      const cond = b.booleanOperand(b.bind(e.args[0]!), 'IF condition', e.pos);
      const then = b.bind(e.args[1]!);
      const other = e.args[2] ? b.bind(e.args[2]) : constant({ kind: 'unknown' }, null);
      const t = commonSuperTypeOf([then.type, other.type]);
      if (!t) throw errAt('TYPE_MISMATCH', `IF branches must be the same type: ${formatType(then.type)}, ${formatType(other.type)}`, e.pos);
      return { kind: 'case', type: t, whens: [{ cond, result: coerce(then, t) }], else: coerce(other, t) };
    }
    case 'nullif': {
      if (e.args.length !== 2) throw errAt('SYNTAX_ERROR', 'NULLIF takes 2 arguments', e.pos);
      const x = b.bind(e.args[0]!);
      const y = b.bind(e.args[1]!);
      const eq = b.comparison('=', x, y, e.pos);
      return { kind: 'case', type: x.type, whens: [{ cond: eq, result: constant(x.type, null) }], else: x };
    }
    case 'try': {
      if (e.args.length !== 1) throw errAt('SYNTAX_ERROR', 'TRY takes 1 argument', e.pos);
      const x = b.bind(e.args[0]!);
      return { kind: 'try', type: x.type, arg: x };
    }
    case 'grouping':
      return bindGrouping(b, e);
    default:
      return bindScalar(b, e, name);
  }
}

interface LambdaInfo {
  params: string[];
  slots: number[];
  body?: BoundExpr;
  types?: SqlType[];
}

/**
 * Describes the arguments of a call to the registry: bound expressions for plain arguments,
 * {@link LambdaArg}s (typed on demand by the registry) for lambdas.
 */
function describeArgs(b: ExprBinder, args: A.Expr[]): { descs: (SqlType | LambdaArg)[]; bound: (BoundExpr | undefined)[]; lambdas: (LambdaInfo | undefined)[] } {
  const bound: (BoundExpr | undefined)[] = [];
  const lambdas: (LambdaInfo | undefined)[] = [];
  const descs = args.map((a, i) => {
    if (a.kind !== 'lambda') {
      const x = b.bind(a);
      bound[i] = x;
      return x.type;
    }
    const info: LambdaInfo = { params: a.params.map((p) => p.name), slots: a.params.map(() => b.ctx.lambdaSlot()) };
    lambdas[i] = info;
    const desc: LambdaArg = {
      kind: 'lambda',
      arity: a.params.length,
      bind(paramTypes: SqlType[]): SqlType {
        const map = new Map(b.scope.lambdas ?? []);
        info.params.forEach((p, k) => map.set(p, { slot: info.slots[k]!, column: { id: -1, name: p, type: paramTypes[k]! } as PlanColumn }));
        const scope = new Scope(b.scope.fields, b.scope.parent, map);
        const body = b.withScope(scope).bind(a.body);
        info.body = body;
        info.types = paramTypes;
        return body.type;
      },
    };
    return desc;
  });
  return { descs, bound, lambdas };
}

/** The bound lambda for argument position `i` once the registry has chosen its signature. */
function boundLambda(lam: LambdaInfo, sig: LambdaSignature | undefined): Extract<BoundExpr, { kind: 'lambda' }> {
  const types = sig?.params ?? lam.types ?? [];
  return {
    kind: 'lambda',
    type: sig?.body ?? lam.body!.type,
    params: lam.params.map((p, k) => ({ slot: lam.slots[k]!, name: p, type: types[k]! })),
    body: lam.body!,
  };
}

function bindScalar(b: ExprBinder, e: A.FunctionCall, name: string): BoundExpr {
  const { descs, bound, lambdas } = describeArgs(b, e.args);
  const fn: ResolvedScalar = wrap(e.pos, () => resolveScalar(name, descs));
  const args: BoundExpr[] = e.args.map((_, i) => {
    const lam = lambdas[i];
    return lam ? boundLambda(lam, fn.lambdas[i]) : coerce(bound[i]!, fn.argTypes[i]!);
  });
  return { kind: 'call', type: fn.returnType, fn, args };
}

/**
 * A lambda passed to an aggregate (reduce_agg): evaluated per row into the JS function itself,
 * which the accumulator receives as that argument's value.
 */
function lambdaValue(lam: Extract<BoundExpr, { kind: 'lambda' }>): BoundExpr {
  const fn: ResolvedScalar = {
    name: '$lambda',
    returnType: { kind: 'unknown' },
    argTypes: [{ kind: 'unknown' }],
    lambdas: [{ params: lam.params.map((p) => p.type), body: lam.type }],
    nullOnNull: false,
    deterministic: true,
    impl: ([f]) => f as Value,
  };
  return { kind: 'call', type: { kind: 'unknown' }, fn, args: [lam] };
}

function bindAggregateArgs(b: ExprBinder, e: A.FunctionCall, name: string): { fn: ResolvedAggregate; call: AggregateCall } {
  const inner = b.plain(`Argument of aggregate ${name}`);
  const { descs, bound, lambdas } = describeArgs(inner, e.args);
  const fn = wrap(e.pos, () => resolveAggregate(name, descs));
  const call: AggregateCall = {
    fn,
    args: e.args.map((_, i) => {
      const lam = lambdas[i];
      if (lam) return lambdaValue(boundLambda(lam, fn.lambdas?.[i]));
      return coerce(bound[i]!, fn.argTypes[i] ?? bound[i]!.type);
    }),
    distinct: e.distinct,
    ...(e.filter ? { filter: inner.booleanOperand(inner.bind(e.filter), 'FILTER clause', e.pos) } : {}),
    ...(e.orderBy && e.orderBy.length > 0 ? { orderBy: bindSortKeys(inner, e.orderBy) } : {}),
  };
  return { fn, call };
}

function bindAggregateCall(b: ExprBinder, e: A.FunctionCall, name: string): BoundExpr {
  const collector = b.opts.aggregates;
  if (!collector) {
    throw errAt('SYNTAX_ERROR', `${b.opts.clause} cannot contain aggregations, window functions or grouping operations`, e.pos);
  }
  const { call } = bindAggregateArgs(b, e, name);
  return collector.add(call, name);
}

function bindGrouping(b: ExprBinder, e: A.FunctionCall): BoundExpr {
  const g = b.opts.aggregates as (typeof b.opts.aggregates & { grouping?: (args: BoundExpr[], pos?: A.Pos) => BoundExpr }) | undefined;
  if (!g?.grouping) throw errAt('SYNTAX_ERROR', `${b.opts.clause} cannot contain grouping operations`, e.pos);
  const args = e.args.map((a) => b.plain('GROUPING').bind(a));
  return g.grouping(args, e.pos);
}

function resolveWindowSpec(b: ExprBinder, over: A.WindowSpec | A.WindowRef, pos?: A.Pos): A.WindowSpec {
  const named = b.opts.namedWindows;
  if (over.kind === 'window_ref') {
    const s = named?.get(over.name.name);
    if (!s) throw errAt('NOT_FOUND', `Cannot resolve WINDOW name ${over.name.name}`, pos);
    return resolveWindowSpec(b, s, pos);
  }
  if (!over.existing) return over;
  const base = named?.get(over.existing.name);
  if (!base) throw errAt('NOT_FOUND', `Cannot resolve WINDOW name ${over.existing.name}`, pos);
  const r = resolveWindowSpec(b, base, pos);
  return {
    kind: 'window_spec',
    partitionBy: r.partitionBy,
    orderBy: over.orderBy.length > 0 ? over.orderBy : r.orderBy,
    ...((over.frame ?? r.frame) ? { frame: (over.frame ?? r.frame)! } : {}),
  };
}

function bindWindowCall(b: ExprBinder, e: A.FunctionCall, name: string): BoundExpr {
  const collector = b.opts.windows;
  if (!collector) {
    throw errAt('SYNTAX_ERROR', `${b.opts.clause} cannot contain aggregations, window functions or grouping operations`, e.pos);
  }
  const spec = resolveWindowSpec(b, e.over!, e.pos);
  // Window arguments, partitions and ordering may contain aggregates of the same query level.
  const inner = new ExprBinder(
    b.ctx,
    b.scope,
    { clause: 'Window function arguments', ...(b.opts.aggregates ? { aggregates: b.opts.aggregates } : {}) },
    b.ctes,
  );
  const partitionBy = spec.partitionBy.map((x) => inner.bind(x));
  const orderBy = bindSortKeys(inner, spec.orderBy);
  const frame = bindFrame(inner, spec.frame, orderBy, e.pos);
  if (isWindowFunction(name)) {
    const raw = e.args.map((a) => inner.bind(a));
    const fn = wrap(e.pos, () => resolveWindowFunction(name, raw.map((x) => x.type)));
    const args = raw.map((x, i) => coerce(x, fn.argTypes[i] ?? x.type));
    return collector.add(
      { partitionBy, orderBy },
      { window: { fn, args, ignoreNulls: e.nullTreatment === 'ignore' }, frame },
      name,
      fn.returnType,
    );
  }
  if (!isAggregateFunction(name)) throw errAt('NOT_FOUND', `Function '${name}' not registered as a window function`, e.pos);
  // Arguments of an aggregate used as a window function are evaluated per row of the grouped
  // query, so they may contain that query's aggregates (sum(count(*)) OVER ()).
  const aggBinder = inner;
  const { descs, bound, lambdas } = describeArgs(aggBinder, e.args);
  const fn = wrap(e.pos, () => resolveAggregate(name, descs));
  const call: AggregateCall = {
    fn,
    args: e.args.map((_, i) => {
      const lam = lambdas[i];
      if (lam) return lambdaValue(boundLambda(lam, fn.lambdas?.[i]));
      return coerce(bound[i]!, fn.argTypes[i] ?? bound[i]!.type);
    }),
    distinct: e.distinct,
    ...(e.filter ? { filter: aggBinder.booleanOperand(aggBinder.bind(e.filter), 'FILTER clause', e.pos) } : {}),
  };
  return collector.add({ partitionBy, orderBy }, { aggregate: call, frame }, name, fn.returnType);
}

export { BOOLEAN };
