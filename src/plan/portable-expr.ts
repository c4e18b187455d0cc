/**
 * Bound expressions in a form that survives a thread hop (structured clone): resolved functions
 * travel as their name and argument types and are resolved again on the other side. Only what a
 * scan worker may evaluate is portable: deterministic scalar calls without lambdas, casts, logic,
 * CASE, IN lists, COALESCE, TRY, ROW and field access over columns, constants and parameters.
 * Subqueries, lambdas, grouping() and non-deterministic functions stay on the coordinator.
 *
 * A call is portable only when resolving its name for its argument types gives back the same
 * signature (argument and return types), so the worker runs the function the binder chose.
 */
import { AegisError } from '../errors.js';
import { resolveAggregate, resolveScalar, type ResolvedAggregate, type ResolvedScalar } from '../functions/registry.js';
import type { SqlType } from '../types/sql-type.js';
import { typesEqual } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import type { AggregateCall, BoundExpr } from './bound-expr.js';

/** A {@link BoundExpr} whose calls name their function instead of holding it. */
export type PortableExpr =
  | { readonly kind: 'const'; readonly type: SqlType; readonly value: Value }
  | { readonly kind: 'column'; readonly type: SqlType; readonly id: number; readonly name: string }
  | { readonly kind: 'param'; readonly type: SqlType; readonly index: number }
  | { readonly kind: 'call'; readonly type: SqlType; readonly fn: PortableFunction; readonly args: PortableExpr[] }
  | { readonly kind: 'cast'; readonly type: SqlType; readonly arg: PortableExpr; readonly safe: boolean }
  | { readonly kind: 'and' | 'or' | 'coalesce' | 'row'; readonly type: SqlType; readonly args: PortableExpr[] }
  | { readonly kind: 'not' | 'try'; readonly type: SqlType; readonly arg: PortableExpr }
  | { readonly kind: 'is_null'; readonly type: SqlType; readonly arg: PortableExpr; readonly negated: boolean }
  | { readonly kind: 'case'; readonly type: SqlType; readonly whens: { cond: PortableExpr; result: PortableExpr }[]; readonly else: PortableExpr }
  | { readonly kind: 'in_list'; readonly type: SqlType; readonly arg: PortableExpr; readonly list: PortableExpr[] }
  | { readonly kind: 'field'; readonly type: SqlType; readonly arg: PortableExpr; readonly index: number };

export interface PortableFunction {
  readonly name: string;
  readonly argTypes: SqlType[];
  readonly returnType: SqlType;
}

/** An aggregate call without DISTINCT or ORDER BY, portable. */
export interface PortableAggregate {
  readonly fn: PortableFunction;
  readonly args: PortableExpr[];
  readonly filter?: PortableExpr;
}

function sameSignature(a: { argTypes: SqlType[]; returnType: SqlType }, b: PortableFunction): boolean {
  return typesEqual(a.returnType, b.returnType) && a.argTypes.length === b.argTypes.length && a.argTypes.every((t, i) => typesEqual(t, b.argTypes[i]!));
}

const reResolvable = new Map<string, boolean>();

/** Whether resolving `fn` again by name and argument types gives the same signature. */
function portableFunction(fn: ResolvedScalar | ResolvedAggregate, aggregate: boolean): PortableFunction | undefined {
  const p: PortableFunction = { name: fn.name, argTypes: fn.argTypes, returnType: fn.returnType };
  const key = `${aggregate ? 'a' : 's'}:${JSON.stringify(p)}`;
  let ok = reResolvable.get(key);
  if (ok === undefined) {
    try {
      ok = sameSignature(aggregate ? resolveAggregate(p.name, p.argTypes) : resolveScalar(p.name, p.argTypes), p);
    } catch {
      ok = false;
    }
    reResolvable.set(key, ok);
  }
  return ok ? p : undefined;
}

/** A value that structured clone carries unchanged (no class instances). */
export function portableValue(v: Value): boolean {
  if (v === null || typeof v !== 'object') return typeof v !== 'function' && typeof v !== 'symbol';
  if (v instanceof Uint8Array) return true;
  if (Array.isArray(v)) return v.every(portableValue);
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.values(v as unknown as Record<string, Value>).every(portableValue);
}

/** The portable form of `e`, or undefined when it must run on the coordinator. */
export function toPortable(e: BoundExpr): PortableExpr | undefined {
  const all = (xs: readonly BoundExpr[]): PortableExpr[] | undefined => {
    const out: PortableExpr[] = [];
    for (const x of xs) {
      const p = toPortable(x);
      if (!p) return undefined;
      out.push(p);
    }
    return out;
  };
  switch (e.kind) {
    case 'const':
      return portableValue(e.value) ? { kind: 'const', type: e.type, value: e.value } : undefined;
    case 'column':
      return { kind: 'column', type: e.type, id: e.id, name: e.name };
    case 'param':
      return { kind: 'param', type: e.type, index: e.index };
    case 'call': {
      if (!e.fn.deterministic || e.fn.lambdas.some((l) => l !== undefined)) return undefined;
      const fn = portableFunction(e.fn, false);
      const args = all(e.args);
      return fn && args ? { kind: 'call', type: e.type, fn, args } : undefined;
    }
    case 'cast': {
      const arg = toPortable(e.arg);
      return arg && { kind: 'cast', type: e.type, arg, safe: e.safe };
    }
    case 'and':
    case 'or':
    case 'coalesce':
    case 'row': {
      const args = all(e.args);
      return args && { kind: e.kind, type: e.type, args };
    }
    case 'not':
    case 'try': {
      const arg = toPortable(e.arg);
      return arg && { kind: e.kind, type: e.type, arg };
    }
    case 'is_null': {
      const arg = toPortable(e.arg);
      return arg && { kind: 'is_null', type: e.type, arg, negated: e.negated };
    }
    case 'case': {
      const whens: { cond: PortableExpr; result: PortableExpr }[] = [];
      for (const w of e.whens) {
        const cond = toPortable(w.cond);
        const result = toPortable(w.result);
        if (!cond || !result) return undefined;
        whens.push({ cond, result });
      }
      const otherwise = toPortable(e.else);
      return otherwise && { kind: 'case', type: e.type, whens, else: otherwise };
    }
    case 'in_list': {
      const arg = toPortable(e.arg);
      const list = all(e.list);
      return arg && list && { kind: 'in_list', type: e.type, arg, list };
    }
    case 'field': {
      const arg = toPortable(e.arg);
      return arg && { kind: 'field', type: e.type, arg, index: e.index };
    }
    default:
      return undefined;
  }
}

/** The portable form of an aggregate call, or undefined (DISTINCT, ORDER BY, lambdas …). */
export function aggregateToPortable(a: AggregateCall): PortableAggregate | undefined {
  if (a.distinct || a.orderBy || a.fn.lambdas?.some((l) => l !== undefined)) return undefined;
  const fn = portableFunction(a.fn, true);
  if (!fn) return undefined;
  const args: PortableExpr[] = [];
  for (const x of a.args) {
    const p = toPortable(x);
    if (!p) return undefined;
    args.push(p);
  }
  if (!a.filter) return { fn, args };
  const filter = toPortable(a.filter);
  return filter && { fn, args, filter };
}

function resolvedAgain<T extends { argTypes: SqlType[]; returnType: SqlType }>(fn: PortableFunction, resolved: T): T {
  if (!sameSignature(resolved, fn)) {
    throw new AegisError('INTERNAL_ERROR', `Function ${fn.name} resolved differently on a scan worker`, { function: fn.name });
  }
  return resolved;
}

/** The bound expression a portable one stands for (functions resolved again here). */
export function fromPortable(p: PortableExpr): BoundExpr {
  switch (p.kind) {
    case 'const':
    case 'column':
    case 'param':
      return p;
    case 'call':
      return { kind: 'call', type: p.type, fn: resolvedAgain(p.fn, resolveScalar(p.fn.name, p.fn.argTypes)), args: p.args.map(fromPortable) };
    case 'cast':
      return { kind: 'cast', type: p.type, arg: fromPortable(p.arg), safe: p.safe };
    case 'and':
    case 'or':
    case 'coalesce':
    case 'row':
      return { kind: p.kind, type: p.type, args: p.args.map(fromPortable) };
    case 'not':
    case 'try':
      return { kind: p.kind, type: p.type, arg: fromPortable(p.arg) };
    case 'is_null':
      return { kind: 'is_null', type: p.type, arg: fromPortable(p.arg), negated: p.negated };
    case 'case':
      return { kind: 'case', type: p.type, whens: p.whens.map((w) => ({ cond: fromPortable(w.cond), result: fromPortable(w.result) })), else: fromPortable(p.else) };
    case 'in_list':
      return { kind: 'in_list', type: p.type, arg: fromPortable(p.arg), list: p.list.map(fromPortable) };
    case 'field':
      return { kind: 'field', type: p.type, arg: fromPortable(p.arg), index: p.index };
  }
}

/** The aggregate call a portable one stands for. */
export function aggregateFromPortable(p: PortableAggregate): AggregateCall {
  const fn = resolvedAgain(p.fn, resolveAggregate(p.fn.name, p.fn.argTypes));
  return { fn, args: p.args.map(fromPortable), distinct: false, ...(p.filter ? { filter: fromPortable(p.filter) } : {}) };
}
