/** Test helper: resolve a function like the binder does, coerce arguments, run it like the evaluator. */
import { AegisError } from '../../../src/errors.js';
import { castValue } from '../../../src/types/cast.js';
import { formatValue } from '../../../src/types/format-value.js';
import { formatType } from '../../../src/types/sql-type.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import { parseTypeName } from '../../../src/types/type-parser.js';
import type { Value } from '../../../src/types/value.js';
import type { ArgDescriptor, EvalContext, LambdaFn } from '../../../src/functions/registry.js';
import { resolveAggregate, resolveScalar } from '../../../src/functions/registry.js';

export const ctx: EvalContext = {
  sessionTimeZone: 'UTC',
  now: new Date(Date.UTC(2024, 0, 31, 12, 34, 56, 789)),
  random: () => 0.5,
};

/** An argument: [type text, value] or a lambda. */
export type Arg = [string, Value] | { lambda: LambdaFn; arity: number; body: (params: SqlType[]) => SqlType };

/** Calls a scalar and returns the raw value and the result type text. */
export function callRaw(name: string, args: Arg[], c: EvalContext = ctx): { value: Value; type: string } {
  const descs: ArgDescriptor[] = args.map((a) =>
    Array.isArray(a) ? parseTypeName(a[0]) : { kind: 'lambda', arity: a.arity, bind: a.body },
  );
  const r = resolveScalar(name, descs);
  const vals = args.map((a, i) => (Array.isArray(a) ? castValue(a[1], descs[i] as SqlType, r.argTypes[i]!) : a.lambda));
  if (r.nullOnNull && vals.some((v, i) => v === null && Array.isArray(args[i]))) return { value: null, type: formatType(r.returnType) };
  return { value: r.impl(vals as Value[], c), type: formatType(r.returnType) };
}

/** Calls a scalar and returns the text Athena would show (null for NULL). */
export function call(name: string, ...args: Arg[]): string | null {
  const descs = args.map((a) => (Array.isArray(a) ? parseTypeName(a[0]) : undefined));
  const r = callRaw(name, args);
  void descs;
  return formatValue(r.value, parseTypeName(r.type));
}

/** The error code a call throws (undefined if none). */
export function errorOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AegisError) return e.code;
    throw e;
  }
  return undefined;
}

/** Runs an aggregate over rows of argument values, optionally split into two partials merged. */
export function aggregate(name: string, types: string[], rows: Value[][], split = false): string | null {
  const ts = types.map(parseTypeName);
  const r = resolveAggregate(name, ts);
  const coerce = (row: Value[]): Value[] => row.map((v, i) => castValue(v, ts[i]!, r.argTypes[i]!));
  let acc = r.create();
  if (split) {
    const half = Math.floor(rows.length / 2);
    const other = r.create();
    rows.slice(0, half).forEach((row) => acc.add(coerce(row)));
    rows.slice(half).forEach((row) => other.add(coerce(row)));
    const restored = r.load(structuredClone(other.save()));
    acc = r.load(structuredClone(acc.save()));
    acc.merge(restored);
  } else rows.forEach((row) => acc.add(coerce(row)));
  return formatValue(acc.result(), r.returnType);
}

export function typeOf(name: string, ...types: string[]): string {
  return formatType(resolveScalar(name, types.map(parseTypeName)).returnType);
}
