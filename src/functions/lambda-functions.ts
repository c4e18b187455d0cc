/**
 * Higher-order functions (Trino's lambda.md): transform, filter, reduce, zip_with, any_match,
 * all_match, none_match, array_sort with a comparator, map_filter, transform_keys,
 * transform_values. See registry.ts for the lambda protocol: the registry calls `bind` with the
 * parameter types, and the impl receives a JS function in the lambda's position.
 */
import { castValue } from '../types/cast.js';
import { canCoerce, commonSuperType } from '../types/coercion.js';
import type { SqlType } from '../types/sql-type.js';
import { typesEqual } from '../types/sql-type.js';
import type { MapValue, Value } from '../types/value.js';
import type { ArgDescriptor, LambdaArg, LambdaFn, LambdaSignature } from './registry.js';
import { buildMap } from './map-functions.js';
import { BOOL, UNKNOWN, arrayOf, defineGeneric, invalidArg, isLambda, mapOf, resLambda } from './signature.js';

/** Splits args into [types before the lambdas, lambdas] when the shape matches. */
function shape(args: ArgDescriptor[], types: number, lambdas: number[]): { ts: SqlType[]; fns: LambdaArg[] } | undefined {
  if (args.length !== types + lambdas.length) return undefined;
  const ts = args.slice(0, types);
  const fns = args.slice(types);
  if (ts.some(isLambda) || !fns.every((f, i) => isLambda(f) && f.arity === lambdas[i])) return undefined;
  return { ts: ts as SqlType[], fns: fns as LambdaArg[] };
}

function bind(f: LambdaArg, params: SqlType[]): LambdaSignature {
  return { params, body: f.bind(params) };
}

const isBool = (t: SqlType): boolean => t.kind === 'boolean' || t.kind === 'unknown';

/** Calls a lambda and coerces its result from the body type to `want` when they differ. */
function caller(fn: LambdaFn, sig: LambdaSignature, want: SqlType): LambdaFn {
  if (typesEqual(sig.body, want) || sig.body.kind === 'unknown') return fn;
  return (...ps) => castValue(fn(...ps), sig.body, want);
}

function asArray(t: SqlType): Extract<SqlType, { kind: 'array' }> | undefined {
  if (t.kind === 'unknown') return { kind: 'array', element: UNKNOWN };
  return t.kind === 'array' ? t : undefined;
}

defineGeneric('transform', ['transform(array(T), function(T, U))'], (args) => {
  const s = shape(args, 1, [1]);
  const a = s && asArray(s.ts[0]!);
  if (!s || !a) return undefined;
  const sig = bind(s.fns[0]!, [a.element]);
  return resLambda(arrayOf(sig.body), [a, UNKNOWN], [undefined, sig], ([arr, f]) =>
    (arr as Value[]).map((x) => (f as LambdaFn)(x)));
});

defineGeneric('filter', ['filter(array(T), function(T, boolean))'], (args) => {
  const s = shape(args, 1, [1]);
  const a = s && asArray(s.ts[0]!);
  if (!s || !a) return undefined;
  const sig = bind(s.fns[0]!, [a.element]);
  if (!isBool(sig.body)) return undefined;
  return resLambda(a, [a, UNKNOWN], [undefined, sig], ([arr, f]) => (arr as Value[]).filter((x) => (f as LambdaFn)(x) === true));
});

for (const name of ['any_match', 'all_match', 'none_match'] as const) {
  defineGeneric(name, [`${name}(array(T), function(T, boolean))`], (args) => {
    const s = shape(args, 1, [1]);
    const a = s && asArray(s.ts[0]!);
    if (!s || !a) return undefined;
    const sig = bind(s.fns[0]!, [a.element]);
    if (!isBool(sig.body)) return undefined;
    return resLambda(BOOL, [a, UNKNOWN], [undefined, sig], ([arr, f]) => {
      // Three-valued: a NULL predicate result makes an otherwise-undecided answer NULL.
      let sawNull = false;
      for (const x of arr as Value[]) {
        const r = (f as LambdaFn)(x);
        if (r === null) sawNull = true;
        else if (name === 'any_match' && r === true) return true;
        else if (name === 'all_match' && r === false) return false;
        else if (name === 'none_match' && r === true) return false;
      }
      if (sawNull) return null;
      return name !== 'any_match';
    });
  });
}

defineGeneric('reduce', ['reduce(array(T), S, function(S, T, S), function(S, R))'], (args) => {
  const s = shape(args, 2, [2, 1]);
  const a = s && asArray(s.ts[0]!);
  if (!s || !a) return undefined;
  let state = s.ts[1]!;
  let input = bind(s.fns[0]!, [state, a.element]);
  if (!typesEqual(input.body, state) && input.body.kind !== 'unknown') {
    // Widen the state to what the body produces (e.g. 0 integer state summing bigints).
    const wider = commonSuperType(state, input.body);
    if (!wider) return undefined;
    state = wider;
    input = bind(s.fns[0]!, [state, a.element]);
    if (!canCoerce(input.body, state)) return undefined;
  }
  const output = bind(s.fns[1]!, [state]);
  return resLambda(output.body, [a, state, UNKNOWN, UNKNOWN], [undefined, undefined, input, output], ([arr, init, f, g]) => {
    const step = caller(f as LambdaFn, input, state);
    let acc = init as Value;
    for (const x of arr as Value[]) acc = step(acc, x);
    return (g as LambdaFn)(acc);
  });
});

defineGeneric('zip_with', ['zip_with(array(T), array(U), function(T, U, R))'], (args) => {
  const s = shape(args, 2, [2]);
  const a = s && asArray(s.ts[0]!);
  const b = s && asArray(s.ts[1]!);
  if (!s || !a || !b) return undefined;
  const sig = bind(s.fns[0]!, [a.element, b.element]);
  return resLambda(arrayOf(sig.body), [a, b, UNKNOWN], [undefined, undefined, sig], ([x, y, f]) => {
    const xs = x as Value[];
    const ys = y as Value[];
    const n = Math.max(xs.length, ys.length);
    return Array.from({ length: n }, (_, i) => (f as LambdaFn)(xs[i] ?? null, ys[i] ?? null));
  });
});

defineGeneric('array_sort', ['array_sort(array(T), function(T, T, integer))'], (args) => {
  const s = shape(args, 1, [2]);
  const a = s && asArray(s.ts[0]!);
  if (!s || !a) return undefined;
  const sig = bind(s.fns[0]!, [a.element, a.element]);
  if (!['tinyint', 'smallint', 'integer', 'bigint', 'unknown'].includes(sig.body.kind)) return undefined;
  return resLambda(a, [a, UNKNOWN], [undefined, sig], ([arr, f]) =>
    [...(arr as Value[])].sort((x, y) => {
      const r = (f as LambdaFn)(x, y);
      if (r === null) throw invalidArg('Lambda comparator must return either -1, 0, or 1');
      return Number(r);
    }));
});

// ---- maps --------------------------------------------------------------------------------------

function asMap(t: SqlType): Extract<SqlType, { kind: 'map' }> | undefined {
  return t.kind === 'map' ? t : undefined;
}

defineGeneric('map_filter', ['map_filter(map(K, V), function(K, V, boolean))'], (args) => {
  const s = shape(args, 1, [2]);
  const m = s && asMap(s.ts[0]!);
  if (!s || !m) return undefined;
  const sig = bind(s.fns[0]!, [m.key, m.value]);
  if (!isBool(sig.body)) return undefined;
  return resLambda(m, [m, UNKNOWN], [undefined, sig], ([x, f]) => {
    const mv = x as MapValue;
    const keys: Value[] = [];
    const values: Value[] = [];
    mv.keys.forEach((k, i) => {
      if ((f as LambdaFn)(k, mv.values[i]!) === true) {
        keys.push(k);
        values.push(mv.values[i]!);
      }
    });
    return { keys, values } satisfies MapValue;
  });
});

defineGeneric('transform_keys', ['transform_keys(map(K, V), function(K, V, K2))'], (args) => {
  const s = shape(args, 1, [2]);
  const m = s && asMap(s.ts[0]!);
  if (!s || !m) return undefined;
  const sig = bind(s.fns[0]!, [m.key, m.value]);
  return resLambda(mapOf(sig.body, m.value), [m, UNKNOWN], [undefined, sig], ([x, f]) => {
    const mv = x as MapValue;
    return buildMap(mv.keys.map((k, i) => (f as LambdaFn)(k, mv.values[i]!)), [...mv.values], sig.body);
  });
});

defineGeneric('transform_values', ['transform_values(map(K, V), function(K, V, V2))'], (args) => {
  const s = shape(args, 1, [2]);
  const m = s && asMap(s.ts[0]!);
  if (!s || !m) return undefined;
  const sig = bind(s.fns[0]!, [m.key, m.value]);
  return resLambda(mapOf(m.key, sig.body), [m, UNKNOWN], [undefined, sig], ([x, f]) => {
    const mv = x as MapValue;
    return { keys: [...mv.keys], values: mv.keys.map((k, i) => (f as LambdaFn)(k, mv.values[i]!)) } satisfies MapValue;
  });
});
