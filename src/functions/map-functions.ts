/**
 * Map functions (Trino's map.md). Map keys are never NULL and never repeat: building a map with
 * a NULL key or a duplicate key is INVALID_FUNCTION_ARGUMENT, as in Trino.
 */
import { castToVarchar } from '../types/cast.js';
import { commonSuperType } from '../types/coercion.js';
import { hashValue, valuesEqual } from '../types/compare.js';
import type { SqlType } from '../types/sql-type.js';
import type { MapValue, Value } from '../types/value.js';
import { UNKNOWN, arrayOf, defineGeneric, invalidArg, mapOf, plainTypes, res } from './signature.js';

/** Builds a map, rejecting NULL and duplicate keys. */
export function buildMap(keys: Value[], values: Value[], keyType: SqlType): MapValue {
  const seen = new Map<number, Value[]>();
  keys.forEach((k) => {
    if (k === null) throw invalidArg('map key cannot be null');
    const h = hashValue(k, keyType);
    const b = seen.get(h);
    if (b?.some((x) => valuesEqual(x, k, keyType))) throw invalidArg(`Duplicate map keys (${castToVarchar(k, keyType)}) are not allowed`);
    if (b) b.push(k);
    else seen.set(h, [k]);
  });
  return { keys, values };
}

defineGeneric('map', ['map()', 'map(array(K), array(V))'], (args) => {
  const ts = plainTypes(args);
  if (!ts) return undefined;
  if (ts.length === 0) return res(mapOf(UNKNOWN, UNKNOWN), [], () => ({ keys: [], values: [] }) satisfies MapValue);
  if (ts.length !== 2 || ts[0]!.kind !== 'array' || ts[1]!.kind !== 'array') return undefined;
  const kt = ts[0]!.element;
  const vt = ts[1]!.element;
  return res(mapOf(kt, vt), ts, ([k, v]) => {
    const ks = k as Value[];
    const vs = v as Value[];
    if (ks.length !== vs.length) throw invalidArg('Key and value arrays must be the same length');
    return buildMap([...ks], [...vs], kt);
  });
});

defineGeneric('map_from_entries', ['map_from_entries(array(row(K, V)))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1 || ts[0]!.kind !== 'array') return undefined;
  const rt = ts[0]!.element;
  if (rt.kind !== 'row' || rt.fields.length !== 2) return undefined;
  const kt = rt.fields[0]!.type;
  return res(mapOf(kt, rt.fields[1]!.type), ts, ([a]) => {
    const entries = a as Value[];
    if (entries.some((e) => e === null)) throw invalidArg('map entry cannot be null');
    return buildMap(entries.map((e) => (e as Value[])[0]!), entries.map((e) => (e as Value[])[1]!), kt);
  });
});

function defineMapFn(name: string, build: (m: Extract<SqlType, { kind: 'map' }>) => ReturnType<typeof res>): void {
  defineGeneric(name, [`${name}(map(K, V))`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 1 || ts[0]!.kind !== 'map') return undefined;
    return build(ts[0]!);
  });
}

defineMapFn('map_entries', (m) =>
  res(arrayOf({ kind: 'row', fields: [{ type: m.key }, { type: m.value }] }), [m], ([x]) => {
    const mv = x as MapValue;
    return mv.keys.map((k, i) => [k, mv.values[i]!]);
  }));
defineMapFn('map_keys', (m) => res(arrayOf(m.key), [m], ([x]) => [...(x as MapValue).keys]));
defineMapFn('map_values', (m) => res(arrayOf(m.value), [m], ([x]) => [...(x as MapValue).values]));

defineGeneric('map_concat', ['map_concat(map(K, V)...)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length < 1 || !ts.every((t) => t.kind === 'map' || t.kind === 'unknown')) return undefined;
  const maps = ts.filter((t) => t.kind === 'map') as Extract<SqlType, { kind: 'map' }>[];
  if (maps.length === 0) return undefined;
  // Common key/value types.
  let t: SqlType | undefined = maps[0]!;
  for (const m of maps) t = t && commonSuperType(t, m);
  if (!t || t.kind !== 'map') return undefined;
  const mt = t;
  return res(mt, ts.map(() => mt), (ms) => {
    const keys: Value[] = [];
    const values: Value[] = [];
    for (const m of ms as MapValue[]) {
      m.keys.forEach((k, i) => {
        // Later maps win for a repeated key.
        const j = keys.findIndex((x) => valuesEqual(x, k, mt.key));
        if (j >= 0) values[j] = m.values[i]!;
        else {
          keys.push(k);
          values.push(m.values[i]!);
        }
      });
    }
    return { keys, values } satisfies MapValue;
  });
});
