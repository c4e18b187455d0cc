/**
 * Helpers to declare functions: fixed overload sets resolved by the cheapest implicit coercion
 * (Trino picks the most specific applicable signature), and building blocks for generic rules.
 */
import { AegisError } from '../errors.js';
import { coercionCost, commonSuperTypeOf } from '../types/coercion.js';
import type { SqlType } from '../types/sql-type.js';
import { formatType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { canonical, registerScalar, scalars } from './function-table.js';
import type { ArgDescriptor, ArgValue, EvalContext, LambdaArg, ResolvedScalar } from './registry.js';
import { checkedValue, isSizedType } from './value-size.js';

export type Impl = (args: Value[], ctx: EvalContext) => Value;
export type LambdaImpl = (args: ArgValue[], ctx: EvalContext) => Value;

export interface Overload {
  args: SqlType[];
  /** The last arg type repeats (zero or more times beyond `args.length - 1`). */
  variadic?: boolean;
  returns: SqlType;
  impl: Impl;
  nullOnNull?: boolean;
  deterministic?: boolean;
}

export type Resolution = Omit<ResolvedScalar, 'name'>;

export function isLambda(a: ArgDescriptor): a is LambdaArg {
  return a.kind === 'lambda';
}

/** All args are types (no lambdas). */
export function plainTypes(args: ArgDescriptor[]): SqlType[] | undefined {
  return args.some(isLambda) ? undefined : (args as SqlType[]);
}

/** Builds a resolution. */
export function res(
  returnType: SqlType,
  argTypes: SqlType[],
  impl: Impl,
  opts: { nullOnNull?: boolean; deterministic?: boolean; lambdas?: ResolvedScalar['lambdas'] } = {},
): Resolution {
  // A string or binary result is checked against the value size cap (value-size.ts).
  const run = impl as LambdaImpl;
  const checked: LambdaImpl = isSizedType(returnType) ? (args, ctx) => checkedValue(run(args, ctx)) : run;
  return {
    returnType,
    argTypes,
    lambdas: opts.lambdas ?? argTypes.map(() => undefined),
    nullOnNull: opts.nullOnNull ?? true,
    deterministic: opts.deterministic ?? true,
    impl: checked,
  };
}

function sigText(name: string, o: Overload): string {
  const parts = o.args.map(formatType);
  if (o.variadic && parts.length) parts[parts.length - 1] += '...';
  return `${name}(${parts.join(', ')}):${formatType(o.returns)}`;
}

/** Picks the overload with the cheapest coercion of all arguments. */
export function pickOverload(overloads: Overload[], args: SqlType[]): Overload | undefined {
  let best: Overload | undefined;
  let bestCost = Infinity;
  for (const o of overloads) {
    const want = expandArgs(o, args.length);
    if (!want) continue;
    let cost = 0;
    for (let i = 0; i < args.length && cost < Infinity; i++) {
      const c = coercionCost(args[i]!, want[i]!);
      cost = c === undefined ? Infinity : cost + c;
    }
    if (cost < bestCost) {
      best = o;
      bestCost = cost;
    }
  }
  return best;
}

function expandArgs(o: Overload, n: number): SqlType[] | undefined {
  if (!o.variadic) return n === o.args.length ? o.args : undefined;
  if (n < o.args.length - 1) return undefined;
  const last = o.args[o.args.length - 1]!;
  return [...o.args.slice(0, -1), ...Array.from({ length: n - o.args.length + 1 }, () => last)];
}

/** Builds a resolution whose impl receives {@link LambdaFn}s in lambda positions. */
export function resLambda(
  returnType: SqlType,
  argTypes: SqlType[],
  lambdas: ResolvedScalar['lambdas'],
  impl: LambdaImpl,
): Resolution {
  return { returnType, argTypes, lambdas, nullOnNull: true, deterministic: true, impl };
}

/** Registers a function with fixed overloads. */
export function defineFunction(name: string, overloads: Overload[]): void {
  registerScalar({
    name,
    signatures: overloads.map((o) => sigText(name, o)),
    resolve(args) {
      const types = plainTypes(args);
      if (!types) return undefined;
      const o = pickOverload(overloads, types);
      if (!o) return undefined;
      return res(o.returns, expandArgs(o, types.length)!, o.impl, o);
    },
  });
}

/** Registers a function with a hand-written type rule. */
export function defineGeneric(name: string, signatures: string[], resolve: (args: ArgDescriptor[]) => Resolution | undefined): void {
  registerScalar({ name, signatures, resolve });
}

/** Common super type of the given types, or undefined. */
export function unify(types: SqlType[]): SqlType | undefined {
  return commonSuperTypeOf(types);
}

export function invalidArg(message: string): AegisError {
  return new AegisError('INVALID_FUNCTION_ARGUMENT', message);
}

export const V: SqlType = { kind: 'varchar' };
export const BOOL: SqlType = { kind: 'boolean' };
export const BIGINT: SqlType = { kind: 'bigint' };
export const INT: SqlType = { kind: 'integer' };
export const SMALLINT: SqlType = { kind: 'smallint' };
export const TINYINT: SqlType = { kind: 'tinyint' };
export const DOUBLE: SqlType = { kind: 'double' };
export const REAL: SqlType = { kind: 'real' };
export const DATE: SqlType = { kind: 'date' };
export const VARBINARY: SqlType = { kind: 'varbinary' };
export const JSON_T: SqlType = { kind: 'json' };
export const UNKNOWN: SqlType = { kind: 'unknown' };
export const TS3: SqlType = { kind: 'timestamp', precision: 3 };
export const TSTZ3: SqlType = { kind: 'timestamp', precision: 3, withTimeZone: true };
export const IDS: SqlType = { kind: 'interval_day_second' };
export const IYM: SqlType = { kind: 'interval_year_month' };
export const arrayOf = (element: SqlType): SqlType => ({ kind: 'array', element });
export const mapOf = (key: SqlType, value: SqlType): SqlType => ({ kind: 'map', key, value });

/** Resolves through another registered function (e.g. mod() uses the % operator's rule). */
export function resolveVia(name: string, args: ArgDescriptor[]): Resolution | undefined {
  for (const d of scalars.get(canonical(name)) ?? []) {
    const r = d.resolve(args);
    if (r) return r;
  }
  return undefined;
}
