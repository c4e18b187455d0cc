/**
 * More of Trino's array.md: combinations (Trino's order: colexicographic index tuples, at most 5
 * elements per combination and 100,000 elements in all), array_first, array_last,
 * array_histogram; and multimap_from_entries from map.md.
 */
import { hashValue, valuesEqual } from '../types/compare.js';
import type { SqlType } from '../types/sql-type.js';
import type { MapValue, Value } from '../types/value.js';
import { BIGINT, INT, UNKNOWN, arrayOf, defineGeneric, invalidArg, mapOf, plainTypes, res } from './signature.js';

type ArrT = Extract<SqlType, { kind: 'array' }>;

function arrayArg(t: SqlType | undefined): ArrT | undefined {
  if (!t) return undefined;
  if (t.kind === 'unknown') return { kind: 'array', element: UNKNOWN };
  return t.kind === 'array' ? t : undefined;
}

const MAX_COMBINATION_LENGTH = 5;
const MAX_RESULT_ELEMENTS = 100_000;

/** C(n, k) computed bottom-up as Trino does; undefined when it overflows a 32-bit int. */
function combinationCount(n: number, k: number): number | undefined {
  let c = 1;
  for (let i = 1; i <= k; i++) {
    c = Math.trunc((c * (n - k + i)) / i);
    if (c > 2147483647) return undefined;
  }
  return c;
}

/** Advances `comb` to the next combination in Trino's order; false after the last. */
function nextCombination(comb: number[], n: number): boolean {
  for (let i = 0; i < comb.length - 1; i++) {
    if (comb[i]! + 1 < comb[i + 1]!) {
      comb[i]!++;
      for (let j = 0; j < i; j++) comb[j] = j;
      return true;
    }
  }
  const last = comb.length - 1;
  if (comb.length > 0 && comb[last]! + 1 < n) {
    comb[last]!++;
    for (let j = 0; j < last; j++) comb[j] = j;
    return true;
  }
  return false;
}

export function combinations(array: Value[], k: number): Value[][] {
  if (k < 0) throw invalidArg(`combination size must not be negative: ${k}`);
  if (k > MAX_COMBINATION_LENGTH) throw invalidArg(`combination size must not exceed ${MAX_COMBINATION_LENGTH}: ${k}`);
  const n = array.length;
  if (k > n) return [];
  const count = combinationCount(n, k);
  if (count === undefined) throw invalidArg(`Number of combinations too large for array of size ${n} and combination length ${k}`);
  if (count * k > MAX_RESULT_ELEMENTS) throw invalidArg('combinations exceed max size');
  const out: Value[][] = [];
  const comb = Array.from({ length: k }, (_, i) => i);
  do out.push(comb.map((i) => array[i]!));
  while (nextCombination(comb, n));
  return out;
}

defineGeneric('combinations', ['combinations(array(T), integer)'], (args) => {
  const ts = plainTypes(args);
  const a = arrayArg(ts?.[0]);
  if (!ts || ts.length !== 2 || !a) return undefined;
  if (!['tinyint', 'smallint', 'integer', 'unknown'].includes(ts[1]!.kind)) return undefined;
  return res(arrayOf(a), [a, INT], ([arr, k]) => combinations(arr as Value[], k as number));
});

for (const [name, pick] of [['array_first', (a: Value[]) => a[0]], ['array_last', (a: Value[]) => a[a.length - 1]]] as const) {
  defineGeneric(name, [`${name}(array(E))`], (args) => {
    const ts = plainTypes(args);
    const a = arrayArg(ts?.[0]);
    if (!ts || ts.length !== 1 || !a) return undefined;
    return res(a.element, [a], ([arr]) => pick(arr as Value[]) ?? null);
  });
}

/** Counts per distinct non-NULL value, in first-seen order. */
function histogram(values: Value[], t: SqlType): MapValue {
  const keys: Value[] = [];
  const counts: bigint[] = [];
  const index = new Map<number, number[]>();
  for (const v of values) {
    if (v === null) continue;
    const h = hashValue(v, t);
    const bucket = index.get(h);
    const at = bucket?.find((i) => valuesEqual(keys[i]!, v, t));
    if (at !== undefined) counts[at]!++;
    else {
      keys.push(v);
      counts.push(1n);
      if (bucket) bucket.push(keys.length - 1);
      else index.set(h, [keys.length - 1]);
    }
  }
  return { keys, values: counts };
}

defineGeneric('array_histogram', ['array_histogram(array(K))'], (args) => {
  const ts = plainTypes(args);
  const a = arrayArg(ts?.[0]);
  if (!ts || ts.length !== 1 || !a) return undefined;
  return res(mapOf(a.element, BIGINT), [a], ([arr]) => histogram(arr as Value[], a.element));
});

defineGeneric('multimap_from_entries', ['multimap_from_entries(array(row(K, V)))'], (args) => {
  const ts = plainTypes(args);
  const a = arrayArg(ts?.[0]);
  if (!ts || ts.length !== 1 || !a) return undefined;
  const rt = a.element;
  if (rt.kind !== 'row' || rt.fields.length !== 2) return undefined;
  const kt = rt.fields[0]!.type;
  const vt = rt.fields[1]!.type;
  return res(mapOf(kt, arrayOf(vt)), [a], ([arr]) => {
    const keys: Value[] = [];
    const values: Value[][] = [];
    const index = new Map<number, number[]>();
    for (const e of arr as Value[]) {
      if (e === null) throw invalidArg('map entry cannot be null');
      const [k, v] = e as Value[];
      if (k === null || k === undefined) throw invalidArg('map key cannot be null');
      const h = hashValue(k, kt);
      const bucket = index.get(h);
      const at = bucket?.find((i) => valuesEqual(keys[i]!, k, kt));
      if (at !== undefined) values[at]!.push(v ?? null);
      else {
        keys.push(k);
        values.push([v ?? null]);
        if (bucket) bucket.push(keys.length - 1);
        else index.set(h, [keys.length - 1]);
      }
    }
    return { keys, values } satisfies MapValue;
  });
});
