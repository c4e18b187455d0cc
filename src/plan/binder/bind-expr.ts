/**
 * Binds AST expressions to typed {@link BoundExpr}s: resolves names through {@link Scope},
 * types operators and functions through the function registry, and inserts implicit coercions
 * (casts) to the argument types the registry asks for. Aggregate and window calls are handed to
 * collectors when the clause allows them (see bind-function.ts).
 */
import { isAegisError } from '../../errors.js';
import type { ResolvedScalar } from '../../functions/registry.js';
import { resolveScalar } from '../../functions/registry.js';
import type * as A from '../../sql/ast.js';
import { formatQuery } from '../../sql/format.js';
import { commonSuperType, commonSuperTypeOf } from '../../types/coercion.js';
import { formatType, typesEqual, type SqlType } from '../../types/sql-type.js';
import type { BoundExpr, PlanColumn } from '../bound-expr.js';
import { columnRef } from '../expr-utils.js';
import type { LogicalPlan } from '../logical/plan-node.js';
import { outerReferences } from '../plan-walk.js';
import type { BinderContext } from './binder-context.js';
import { bindFunctionCall } from './bind-function.js';
import { bindLiteral, constant } from './bind-literal.js';
import { bindQuery } from './bind-query.js';
import type { AggregateCollector, WindowCollector } from './collectors.js';
import { errAt, type Scope } from './scope.js';

export const BOOLEAN: SqlType = { kind: 'boolean' };

export interface ExprOptions {
  /** Where aggregate calls go; absent = aggregates are an error in this clause. */
  aggregates?: AggregateCollector;
  windows?: WindowCollector;
  /** Clause name for errors, e.g. `WHERE`. */
  clause: string;
  /** ORDER BY: output column aliases resolve before input columns. */
  alias?: (name: string) => BoundExpr | undefined;
  /** Named windows of the SELECT's WINDOW clause. */
  namedWindows?: ReadonlyMap<string, A.WindowSpec>;
}

const OPS: Record<string, string> = {
  '+': '$add',
  '-': '$subtract',
  '*': '$multiply',
  '/': '$divide',
  '%': '$modulus',
  '=': '$eq',
  '<>': '$ne',
  '<': '$lt',
  '<=': '$le',
  '>': '$gt',
  '>=': '$ge',
};

/** Casts `e` to `to` unless it already has that type (NULL literals just take the type). */
export function coerce(e: BoundExpr, to: SqlType): BoundExpr {
  if (to.kind === 'unknown' || typesEqual(e.type, to)) return e;
  if (e.kind === 'const' && e.value === null) return constant(to, null);
  if (e.type.kind === 'varchar' && to.kind === 'varchar' && (to.length === undefined || (e.type.length !== undefined && e.type.length <= to.length))) {
    // Widening varchar length changes no value: relabel instead of casting.
    return retype(e, to);
  }
  return { kind: 'cast', type: to, arg: e, safe: false };
}

function retype(e: BoundExpr, to: SqlType): BoundExpr {
  return { ...e, type: to } as BoundExpr;
}

export class ExprBinder {
  constructor(
    readonly ctx: BinderContext,
    readonly scope: Scope,
    readonly opts: ExprOptions,
    /** CTEs visible to subqueries. */
    readonly ctes: ReadonlyMap<string, import('./binder-context.js').CteEntry>,
  ) {}

  /** A binder for the same clause over another scope (lambda bodies). */
  withScope(scope: Scope): ExprBinder {
    return new ExprBinder(this.ctx, scope, this.opts, this.ctes);
  }

  /** A binder with the same scope but without aggregate/window collection (aggregate arguments). */
  plain(clause: string): ExprBinder {
    return new ExprBinder(this.ctx, this.scope, { clause, ...(this.opts.alias ? { alias: this.opts.alias } : {}) }, this.ctes);
  }

  /** Resolves an operator/function and coerces its arguments; wraps registry errors with position. */
  call(name: string, args: BoundExpr[], pos?: A.Pos, display?: string): BoundExpr {
    let fn: ResolvedScalar;
    try {
      fn = resolveScalar(name, args.map((a) => a.type));
    } catch (e) {
      if (isAegisError(e) && display) {
        throw errAt('TYPE_MISMATCH', `'${display}' cannot be applied to ${args.map((a) => formatType(a.type)).join(', ')}`, pos);
      }
      if (isAegisError(e)) throw errAt(e.code, e.message, pos);
      throw e;
    }
    return { kind: 'call', type: fn.returnType, fn, args: args.map((a, i) => coerce(a, fn.argTypes[i]!)) };
  }

  booleanOperand(e: BoundExpr, what: string, pos?: A.Pos): BoundExpr {
    if (e.type.kind === 'boolean') return e;
    if (e.type.kind === 'unknown') return coerce(e, BOOLEAN);
    throw errAt('TYPE_MISMATCH', `${what} must evaluate to a boolean (actual: ${formatType(e.type)})`, pos);
  }

  bind(e: A.Expr): BoundExpr {
    switch (e.kind) {
      case 'null':
      case 'boolean':
      case 'integer':
      case 'decimal':
      case 'double':
      case 'string':
      case 'binary':
      case 'typed_literal':
      case 'interval':
        return bindLiteral(e, this.ctx.sessionTimeZone);
      case 'column':
        return this.bindColumn(e);
      case 'parameter': {
        const p = this.ctx.params[e.index];
        if (!p) throw errAt('INVALID_ARGUMENT', `Incorrect number of parameters: no value for parameter ${e.index + 1}`, e.pos);
        return constant(p.type, p.value);
      }
      case 'unary': {
        const x = this.bind(e.operand);
        if (e.op === '+') return x;
        return this.call('$negate', [x], e.pos, '-');
      }
      case 'arithmetic':
        return this.call(OPS[e.op]!, [this.bind(e.left), this.bind(e.right)], e.pos, e.op);
      case 'concat':
        return this.call('$concat', [this.bind(e.left), this.bind(e.right)], e.pos, '||');
      case 'comparison':
        return this.comparison(e.op, this.bind(e.left), this.bind(e.right), e.pos);
      case 'logical': {
        const l = this.booleanOperand(this.bind(e.left), `Left side of logical expression`, e.pos);
        const r = this.booleanOperand(this.bind(e.right), `Right side of logical expression`, e.pos);
        const flat = (x: BoundExpr) => (x.kind === e.op ? (x as { args: BoundExpr[] }).args : [x]);
        return { kind: e.op, type: BOOLEAN, args: [...flat(l), ...flat(r)] };
      }
      case 'not':
        return { kind: 'not', type: BOOLEAN, arg: this.booleanOperand(this.bind(e.operand), 'Value of logical NOT expression', e.pos) };
      case 'is_null':
        return { kind: 'is_null', type: BOOLEAN, arg: this.bind(e.operand), negated: e.negated };
      case 'is_distinct_from': {
        const [l, r] = this.unify([this.bind(e.left), this.bind(e.right)], 'IS DISTINCT FROM', e.pos);
        const c = this.call('$is_distinct_from', [l!, r!], e.pos, 'IS DISTINCT FROM');
        return e.negated ? { kind: 'not', type: BOOLEAN, arg: c } : c;
      }
      case 'between': {
        const [x, lo, hi] = this.unify([this.bind(e.operand), this.bind(e.low), this.bind(e.high)], 'BETWEEN', e.pos);
        const b: BoundExpr = {
          kind: 'and',
          type: BOOLEAN,
          args: [this.comparison('>=', x!, lo!, e.pos), this.comparison('<=', x!, hi!, e.pos)],
        };
        return e.negated ? { kind: 'not', type: BOOLEAN, arg: b } : b;
      }
      case 'in_list': {
        const all = this.unify([this.bind(e.operand), ...e.list.map((x) => this.bind(x))], 'IN', e.pos);
        const b: BoundExpr = { kind: 'in_list', type: BOOLEAN, arg: all[0]!, list: all.slice(1) };
        return e.negated ? { kind: 'not', type: BOOLEAN, arg: b } : b;
      }
      case 'in_subquery': {
        const b = this.quantified(e.operand, e.query, 'in', '=', e.pos);
        return e.negated ? { kind: 'not', type: BOOLEAN, arg: b } : b;
      }
      case 'quantified_comparison': {
        if (e.op === '=' && e.quantifier === 'any') return this.quantified(e.left, e.query, 'in', '=', e.pos);
        if (e.op === '<>' && e.quantifier === 'all') {
          return { kind: 'not', type: BOOLEAN, arg: this.quantified(e.left, e.query, 'in', '=', e.pos) };
        }
        return this.quantified(e.left, e.query, e.quantifier, e.op, e.pos);
      }
      case 'like': {
        const args = [this.bind(e.operand), this.bind(e.pattern)];
        if (e.escape) args.push(this.bind(e.escape));
        const c = this.call('$like', args, e.pos, 'LIKE');
        return e.negated ? { kind: 'not', type: BOOLEAN, arg: c } : c;
      }
      case 'exists': {
        const { plan, outerRefs, source } = this.subquery(e.query);
        return { kind: 'subquery', type: BOOLEAN, mode: 'exists', plan, outerRefs, source };
      }
      case 'subquery': {
        const { plan, outerRefs, source } = this.subquery(e.query);
        if (plan.columns.length !== 1) {
          throw errAt('NOT_SUPPORTED', 'Multiple columns returned by subquery are not yet supported. Found ' + plan.columns.length, e.pos);
        }
        return { kind: 'subquery', type: plan.columns[0]!.type, mode: 'scalar', plan, outerRefs, source };
      }
      case 'case':
        return this.bindCase(e);
      case 'cast': {
        const x = this.bind(e.operand);
        if (typesEqual(x.type, e.type) && !e.safe) return x;
        if (x.kind === 'const' && x.value === null) return constant(e.type, null);
        return { kind: 'cast', type: e.type, arg: x, safe: e.safe };
      }
      case 'function':
        return bindFunctionCall(this, e);
      case 'lambda':
        throw errAt('SYNTAX_ERROR', 'Lambda expression is only allowed as a function argument', e.pos);
      case 'array': {
        const els = e.elements.map((x) => this.bind(x));
        const t = commonSuperTypeOf(els.map((x) => x.type));
        if (!t) throw errAt('TYPE_MISMATCH', `All ARRAY elements must be the same type: ${els.map((x) => formatType(x.type)).join(', ')}`, e.pos);
        return { kind: 'row', type: { kind: 'array', element: t }, args: els.map((x) => coerce(x, t)) };
      }
      case 'row': {
        const fs = e.fields.map((x) => this.bind(x));
        return { kind: 'row', type: { kind: 'row', fields: fs.map((f) => ({ type: f.type })) }, args: fs };
      }
      case 'subscript': {
        const base = this.bind(e.base);
        const idx = this.bind(e.index);
        if (base.type.kind === 'row') {
          if (idx.kind !== 'const' || idx.value === null) throw errAt('TYPE_MISMATCH', 'Subscript on a row requires a constant index', e.pos);
          const i = Number(idx.value) - 1;
          const f = base.type.fields[i];
          if (!f) throw errAt('INVALID_ARGUMENT', `Invalid row field index: ${i + 1}`, e.pos);
          return { kind: 'field', type: f.type, arg: base, index: i };
        }
        return this.call('$subscript', [base, idx], e.pos, '[]');
      }
      case 'field':
        return this.dereference(this.bind(e.base), e.field.name, e.pos);
      case 'extract': {
        const names: Record<string, string> = {
          dow: 'day_of_week',
          doy: 'day_of_year',
          yow: 'year_of_week',
          day_of_month: 'day',
        };
        return this.call(names[e.field] ?? e.field, [this.bind(e.operand)], e.pos);
      }
      case 'at_time_zone':
        return this.call('$at_timezone', [this.bind(e.operand), this.bind(e.zone)], e.pos);
      case 'current': {
        // The session's catalog (Athena's one catalog, as Trino names it) and schema.
        if (e.what === 'current_catalog') return constant({ kind: 'varchar' }, 'awsdatacatalog');
        if (e.what === 'current_schema') return constant({ kind: 'varchar' }, this.ctx.database);
        const now = this.call(e.what, [], e.pos);
        if (e.precision === undefined) return now;
        // current_timestamp(p), localtimestamp(p), localtime(p): the query start at precision p.
        if (now.type.kind !== 'timestamp' && now.type.kind !== 'time') return this.call(e.what, [constant({ kind: 'integer' }, e.precision)], e.pos);
        if (e.precision < 0 || e.precision > 12) throw errAt('INVALID_FUNCTION_ARGUMENT', `Invalid precision ${e.precision}: it must be in [0, 12]`, e.pos);
        return { kind: 'cast', type: { ...now.type, precision: e.precision }, arg: now, safe: false };
      }
      case 'trim': {
        const name = e.spec === 'both' ? 'trim' : e.spec === 'leading' ? 'ltrim' : 'rtrim';
        const args = [this.bind(e.operand)];
        if (e.chars) args.push(this.bind(e.chars));
        return this.call(name, args, e.pos);
      }
    }
  }

  comparison(op: A.ComparisonOp, l: BoundExpr, r: BoundExpr, pos?: A.Pos): BoundExpr {
    const t = commonSuperType(l.type, r.type);
    if (t) return this.call(OPS[op]!, [coerce(l, t), coerce(r, t)], pos, op);
    return this.call(OPS[op]!, [l, r], pos, op);
  }

  /** Coerces a list of expressions to their common super type. */
  unify(list: BoundExpr[], what: string, pos?: A.Pos): BoundExpr[] {
    const t = commonSuperTypeOf(list.map((x) => x.type));
    if (!t) {
      throw errAt('TYPE_MISMATCH', `${what} cannot be applied to ${list.map((x) => formatType(x.type)).join(', ')}`, pos);
    }
    return list.map((x) => coerce(x, t));
  }

  private bindColumn(e: A.ColumnRef): BoundExpr {
    const parts = e.parts.map((p) => p.name);
    if (parts.length >= 1) {
      const lam = this.scope.lambda(parts[0]!);
      if (lam) {
        let x: BoundExpr = { kind: 'lambda_param', type: lam.column.type, slot: lam.slot, name: parts[0]! };
        for (const f of parts.slice(1)) x = this.dereference(x, f, e.pos);
        return x;
      }
      if (parts.length === 1 && this.opts.alias) {
        const a = this.opts.alias(parts[0]!);
        if (a) return a;
      }
    }
    const r = this.scope.resolve(parts, e.pos);
    let x: BoundExpr = columnRef(r.field.column);
    for (const f of r.rest) x = this.dereference(x, f, e.pos);
    return x;
  }

  dereference(base: BoundExpr, field: string, pos?: A.Pos): BoundExpr {
    if (base.type.kind !== 'row') {
      throw errAt('TYPE_MISMATCH', `Expression ${formatType(base.type)} is not of type ROW`, pos);
    }
    const i = base.type.fields.findIndex((f) => f.name?.toLowerCase() === field);
    if (i < 0) throw errAt('NOT_FOUND', `Column '${field}' cannot be resolved`, pos);
    return { kind: 'field', type: base.type.fields[i]!.type, arg: base, index: i };
  }

  private bindCase(e: A.CaseExpr): BoundExpr {
    const operand = e.operand ? this.bind(e.operand) : undefined;
    let conds: BoundExpr[];
    if (operand) {
      const whens = e.whens.map((w) => this.bind(w.when));
      const all = this.unify([operand, ...whens], 'CASE operand', e.pos);
      conds = all.slice(1).map((w) => this.comparison('=', all[0]!, w, e.pos));
    } else {
      conds = e.whens.map((w) => this.booleanOperand(this.bind(w.when), 'CASE WHEN clause', e.pos));
    }
    const results = e.whens.map((w) => this.bind(w.then));
    const otherwise = e.else ? this.bind(e.else) : constant({ kind: 'unknown' }, null);
    const t = commonSuperTypeOf([...results, otherwise].map((x) => x.type));
    if (!t) {
      throw errAt('TYPE_MISMATCH', `All CASE results must be the same type: ${[...results, otherwise].map((x) => formatType(x.type)).join(', ')}`, e.pos);
    }
    return {
      kind: 'case',
      type: t,
      whens: conds.map((c, i) => ({ cond: c, result: coerce(results[i]!, t) })),
      else: coerce(otherwise, t),
    };
  }

  /** Binds a subquery whose outer scope is this binder's scope. */
  subquery(q: A.Query): { plan: LogicalPlan; outerRefs: { id: number; expr: BoundExpr }[]; source: string } {
    const bound = bindQuery(this.ctx, q, this.scope, this.ctes);
    const outerRefs = outerReferences(bound.plan).map((c) => ({ id: c.id, expr: columnRef(c) as BoundExpr }));
    return { plan: bound.plan, outerRefs, source: formatQuery(q) };
  }

  private quantified(left: A.Expr, q: A.Query, mode: 'in' | 'any' | 'all', op: A.ComparisonOp, pos?: A.Pos): BoundExpr {
    const arg = this.bind(left);
    let { plan, outerRefs, source } = this.subquery(q);
    if (plan.columns.length !== 1) {
      throw errAt('NOT_SUPPORTED', 'Multiple columns returned by subquery are not yet supported. Found ' + plan.columns.length, pos);
    }
    const col = plan.columns[0]!;
    const t = commonSuperType(arg.type, col.type);
    if (!t) throw errAt('TYPE_MISMATCH', `'${op}' cannot be applied to ${formatType(arg.type)}, ${formatType(col.type)}`, pos);
    if (!typesEqual(col.type, t)) {
      const out: PlanColumn = this.ctx.column(col.name, t);
      plan = { kind: 'project', input: plan, columns: [out], exprs: [coerce(columnRef(col), t)] };
    }
    const coercedArg = coerce(arg, t);
    if (mode === 'in') return { kind: 'subquery', type: BOOLEAN, mode, plan, arg: coercedArg, outerRefs, source };
    const cmp = this.call(OPS[op]!, [coercedArg, columnRef(plan.columns[0]!)], pos, op);
    const compare = (cmp as { fn: ResolvedScalar }).fn;
    return { kind: 'subquery', type: BOOLEAN, mode, plan, arg: coercedArg, compare, outerRefs, source };
  }
}

