/**
 * The function registry: every scalar function, operator, aggregate and window function aegis
 * knows, by name, with its type rule and implementation. The binder types calls only through
 * {@link resolveScalar} / {@link resolveAggregate} / {@link resolveWindowFunction}; the evaluator
 * runs only the returned `impl` / `create()`. Semantics follow Trino (Athena engine v3).
 *
 * Operators are functions under internal names, so the evaluator needs no special cases:
 *   `$add $subtract $multiply $divide $modulus $negate` — arithmetic (numbers, decimals,
 *      date/timestamp ± interval, date − date, timestamp − timestamp)
 *   `$eq $ne $lt $le $gt $ge $is_distinct_from` — comparisons (boolean result; `$is_distinct_from`
 *      is not null-on-null)
 *   `$concat` — `||` on strings, varbinary and arrays
 *   `$like(value, pattern[, escape])`, `$not`, `$subscript(array|map, index)` (1-based; out of
 *      range is an error, unlike `element_at`), `$at_timezone(ts, zone)` (`AT TIME ZONE`)
 * `AND`/`OR`/`CASE`/`IN`/`COALESCE`/`IF`/`TRY`/`CAST` short-circuit or need lazy evaluation, so the
 * evaluator implements them itself (with `castValue` and {@link isTryCatchable} from here);
 * `coalesce`/`if`/`nullif` are still registered so their result types come from here.
 *
 * Lambdas: an argument of a higher-order function (transform, filter, reduce, zip_with,
 * map_filter, transform_keys, transform_values, any_match, all_match, none_match, array_sort with
 * a comparator) is described to `resolveScalar` by a {@link LambdaArg}. The registry works out the
 * lambda's parameter types from the other arguments and calls `bind(paramTypes)`; the binder types
 * the lambda body with those parameters and returns the body's type. `bind` may be called more
 * than once (e.g. reduce widens its state type); the LAST call is the one that counts and is
 * repeated in `ResolvedScalar.lambdas`. At run time the evaluator passes, in that argument
 * position, a JS function `(...params: Value[]) => Value` that evaluates the body; the registry
 * coerces the body's result itself where the rule needs another type.
 *
 * Aggregates: `resolveAggregate` gives an accumulator factory. Accumulators see every row of
 * their group (NULLs included) and decide what NULL means; DISTINCT is applied by the executor
 * before `add`; `orderSensitive` aggregates (array_agg, listagg, map_agg…) get their rows in
 * ORDER BY / WITHIN GROUP order; partial states cross threads through `save()` / `load()`.
 */
import { AegisError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import { formatType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import './families.js';
import { aggregates, aliases, canonical, refused, scalars } from './function-table.js';
import { WINDOW_NAMES } from './window-functions.js';

/** Per-query state a function may read. */
export interface EvalContext {
  /** IANA zone (or `+hh:mm` offset) of the session; `current_timestamp` and zone-less parsing use it. */
  sessionTimeZone: string;
  /** Query start: `now()`, `current_date` … return this for every row of a query. */
  now: Date;
  /** Uniform in [0, 1); the engine may seed it. */
  random(): number;
}

/** The description of a lambda argument given to {@link resolveScalar}. */
export interface LambdaArg {
  kind: 'lambda';
  /** Number of parameters the lambda declares, e.g. 2 for `(s, x) -> s + x`. */
  arity: number;
  /** Types the body with these parameter types and returns the body's result type. */
  bind(paramTypes: SqlType[]): SqlType;
}

/** A lambda parameter list as finally chosen by the registry. */
export interface LambdaSignature {
  params: SqlType[];
  /** The body's type as returned by the last `bind`. */
  body: SqlType;
}

/** One argument as the binder sees it: a typed expression or a lambda. */
export type ArgDescriptor = SqlType | LambdaArg;

/** A JS function the evaluator passes in a lambda argument position. */
export type LambdaFn = (...params: Value[]) => Value;

/** A value as passed to `impl`: a SQL value, or a {@link LambdaFn} in lambda positions. */
export type ArgValue = Value | LambdaFn;

export interface ResolvedScalar {
  name: string;
  returnType: SqlType;
  /**
   * Types the caller must coerce each argument to (with `castValue`) before calling `impl`.
   * In lambda positions it is `unknown` (no coercion; the evaluator passes a {@link LambdaFn}).
   */
  argTypes: SqlType[];
  /** Lambda signatures by argument position (absent for non-lambda positions). */
  lambdas: (LambdaSignature | undefined)[];
  /** true: the caller returns null without calling `impl` if any (non-lambda) argument is null. */
  nullOnNull: boolean;
  /** false for random(), now()-like functions are deterministic within a query (true). */
  deterministic: boolean;
  /** Runs the function on already-coerced arguments. Throws `AegisError` (stable codes). */
  impl(args: ArgValue[], ctx: EvalContext): Value;
}

/**
 * A running aggregate over one group. The accumulator is given EVERY row of its group, nulls
 * included, and decides itself what NULL means (count(x) skips it, count(*) does not).
 */
export interface Accumulator {
  add(args: Value[]): void;
  /** Folds another partial accumulator of the same resolved aggregate into this one. */
  merge(other: Accumulator): void;
  result(): Value;
  /**
   * The accumulator's state, structured-clone-safe (plain objects, arrays, bigints, typed
   * arrays), to ship a partial state to another thread. It is the live state, not a copy: clone
   * it (postMessage does) before adding more rows to this accumulator.
   */
  save(): unknown;
}

export interface ResolvedAggregate {
  name: string;
  returnType: SqlType;
  /** Types the caller must coerce each argument to before `add`. */
  argTypes: SqlType[];
  /**
   * Lambda signatures by argument position (reduce_agg): in those positions `add` receives the
   * lambda as a {@link LambdaFn} (typed `Value` there) instead of a SQL value.
   */
  lambdas?: (LambdaSignature | undefined)[];
  /** Type of the intermediate state, descriptive (partial states travel via `save`/`load`). */
  intermediate?: SqlType;
  /**
   * true when the result depends on input order (array_agg, listagg, map_agg…): the executor
   * feeds rows in ORDER BY / WITHIN GROUP order and merges partials in split order.
   */
  orderSensitive: boolean;
  create(): Accumulator;
  /** Rebuilds an accumulator from (a clone of) `save()` output; it takes ownership of `state`. */
  load(state: unknown): Accumulator;
}

/** Kinds of window-only functions; the executor's window operator computes them. */
export type WindowFunctionKind =
  | 'row_number'
  | 'rank'
  | 'dense_rank'
  | 'percent_rank'
  | 'cume_dist'
  | 'ntile'
  | 'lag'
  | 'lead'
  | 'first_value'
  | 'last_value'
  | 'nth_value';

export interface ResolvedWindowFunction {
  name: WindowFunctionKind;
  returnType: SqlType;
  /** Types the caller must coerce each argument to (e.g. lag's default to the value type). */
  argTypes: SqlType[];
}

function describeArg(a: ArgDescriptor): string {
  return a.kind === 'lambda' ? `lambda/${(a as LambdaArg).arity}` : formatType(a as SqlType);
}

function mismatch(name: string, args: ArgDescriptor[], signatures: string[]): AegisError {
  return new AegisError(
    'TYPE_MISMATCH',
    `Unexpected parameters (${args.map(describeArg).join(', ')}) for function ${name}. Expected: ${signatures.join(', ')}`,
    { function: name },
  );
}

/** NOT_SUPPORTED with the reason for a documented function aegis refuses; NOT_FOUND otherwise. */
function notRegistered(name: string, key: string): AegisError {
  const r = refused.get(key);
  if (r) return new AegisError('NOT_SUPPORTED', `Function '${name}' is not supported: ${r.reason}`, { function: name });
  return new AegisError('NOT_FOUND', `Function '${name}' not registered`, { function: name });
}

/** The reason aegis refuses a documented function, or undefined if it is not refused. */
export function refusalOf(name: string): string | undefined {
  return refused.get(canonical(name))?.reason;
}

/**
 * Resolves a scalar function or operator call for the given argument types.
 * @throws AegisError NOT_FOUND "Function 'foo' not registered" for an unknown name, NOT_SUPPORTED
 *   with the reason for a documented Trino function aegis refuses (not-supported.ts);
 *   TYPE_MISMATCH "Unexpected parameters (varchar) for function abs. Expected: abs(double), …"
 *   when no overload accepts the arguments.
 */
export function resolveScalar(name: string, args: ArgDescriptor[]): ResolvedScalar {
  const key = canonical(name);
  const defs = scalars.get(key);
  if (!defs) {
    if (aggregates.has(key)) {
      throw new AegisError('TYPE_MISMATCH', `Aggregate function '${name}' used where a scalar is expected`, { function: name });
    }
    throw notRegistered(name, key);
  }
  for (const d of defs) {
    const r = d.resolve(args);
    if (r) return { name: key, ...r };
  }
  throw mismatch(key, args, defs.flatMap((d) => d.signatures));
}

/**
 * Resolves an aggregate call. `count(*)` is `resolveAggregate('count', [])`.
 * @throws AegisError NOT_FOUND / TYPE_MISMATCH as {@link resolveScalar}.
 */
export function resolveAggregate(name: string, args: ArgDescriptor[]): ResolvedAggregate {
  const key = canonical(name);
  const defs = aggregates.get(key);
  if (!defs) throw notRegistered(name, key);
  const withLambdas = args.some((a) => a.kind === 'lambda');
  for (const d of defs) {
    const r = withLambdas ? d.resolveLambdas?.(args) : d.resolve(args as SqlType[]);
    if (r) return { name: key, ...r };
  }
  throw mismatch(key, args, defs.flatMap((d) => d.signatures));
}

/** true if `name` names an aggregate function (so `f(x)` makes its query an aggregation). */
export function isAggregateFunction(name: string): boolean {
  return aggregates.has(canonical(name));
}

/** true if `name` is a scalar function or operator known to the registry. */
export function isScalarFunction(name: string): boolean {
  return scalars.has(canonical(name));
}

/** Names of all registered functions (for SHOW FUNCTIONS), sorted. */
export function listFunctions(): { name: string; kind: 'scalar' | 'aggregate' | 'window' }[] {
  const out: { name: string; kind: 'scalar' | 'aggregate' | 'window' }[] = [];
  for (const n of scalars.keys()) if (!n.startsWith('$')) out.push({ name: n, kind: 'scalar' });
  for (const [alias, target] of aliases()) out.push({ name: alias, kind: aggregates.has(target) ? 'aggregate' : 'scalar' });
  for (const n of aggregates.keys()) out.push({ name: n, kind: 'aggregate' });
  for (const n of WINDOW_NAMES) out.push({ name: n, kind: 'window' });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** true for ranking/value window functions (valid only with OVER). Aggregates are not included. */
export function isWindowFunction(name: string): boolean {
  return (WINDOW_NAMES as readonly string[]).includes(name.toLowerCase());
}

export { resolveWindowFunction } from './window-functions.js';
export { isTryCatchable } from './try-support.js';
export type { ScalarDef, AggregateDef } from './function-table.js';
