/**
 * map_zip_with(map(K, V1), map(K, V2), function(K, V1, V2, V3)) → map(K, V3), Trino's map.md:
 * the left map's keys in its order, then the keys only the right map has; a key missing on one
 * side passes NULL for that side's value.
 */
import { commonSuperType } from '../types/coercion.js';
import { hashValue, valuesEqual } from '../types/compare.js';
import type { SqlType } from '../types/sql-type.js';
import type { MapValue, Value } from '../types/value.js';
import type { LambdaArg, LambdaFn } from './registry.js';
import { UNKNOWN, defineGeneric, isLambda, mapOf, resLambda } from './signature.js';

function lookup(m: MapValue, t: SqlType): (k: Value) => number {
  const index = new Map<number, number[]>();
  m.keys.forEach((k, i) => {
    const h = hashValue(k, t);
    const b = index.get(h);
    if (b) b.push(i);
    else index.set(h, [i]);
  });
  return (k) => index.get(hashValue(k, t))?.find((i) => valuesEqual(m.keys[i]!, k, t)) ?? -1;
}

defineGeneric('map_zip_with', ['map_zip_with(map(K, V1), map(K, V2), function(K, V1, V2, V3))'], (args) => {
  if (args.length !== 3 || isLambda(args[0]!) || isLambda(args[1]!) || !isLambda(args[2]!)) return undefined;
  const l = args[0] as SqlType;
  const r = args[1] as SqlType;
  const f = args[2] as LambdaArg;
  if (l.kind !== 'map' || r.kind !== 'map' || f.arity !== 3) return undefined;
  const kt = commonSuperType(l.key, r.key);
  if (!kt) return undefined;
  const lt = mapOf(kt, l.value);
  const rt = mapOf(kt, r.value);
  const params = [kt, l.value, r.value];
  const body = f.bind(params);
  return resLambda(mapOf(kt, body), [lt, rt, UNKNOWN], [undefined, undefined, { params, body }], ([a, b, fn]) => {
    const left = a as MapValue;
    const right = b as MapValue;
    const apply = fn as LambdaFn;
    const inRight = lookup(right, kt);
    const inLeft = lookup(left, kt);
    const keys: Value[] = [];
    const values: Value[] = [];
    left.keys.forEach((k, i) => {
      const j = inRight(k);
      keys.push(k);
      values.push(apply(k, left.values[i]!, j >= 0 ? right.values[j]! : null));
    });
    right.keys.forEach((k, j) => {
      if (inLeft(k) >= 0) return;
      keys.push(k);
      values.push(apply(k, null, right.values[j]!));
    });
    return { keys, values } satisfies MapValue;
  });
});
