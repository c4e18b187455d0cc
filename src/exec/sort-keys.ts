/**
 * Sort key evaluation and comparison shared by Sort, TopN, Window and ordered aggregates.
 * Trino's default is NULLS LAST for both ASC and DESC; the binder fills `nullsFirst` explicitly.
 */
import type { SortKey } from '../plan/bound-expr.js';
import type { Value } from '../types/value.js';
import { compareNullable } from '../types/compare.js';
import type { Vec } from './vector/vec.js';

export type TupleComparator = (a: readonly Value[], b: readonly Value[]) => number;

/** Compares key tuples positionally under the given sort keys. */
export function tupleComparator(keys: readonly SortKey[]): TupleComparator {
  const asc = keys.map((k) => k.ascending);
  const nf = keys.map((k) => k.nullsFirst);
  const n = keys.length;
  return (a, b) => {
    for (let i = 0; i < n; i++) {
      const x = a[i]!;
      const y = b[i]!;
      let c: number;
      if (x === null || y === null) c = compareNullable(x, y, nf[i]!);
      else {
        c = compareNullable(x, y, false);
        if (!asc[i]) c = -c;
      }
      if (c !== 0) return c;
    }
    return 0;
  };
}

/**
 * The sort-key value at position i of a key vector, for comparison only: a number (a BIGINT or
 * DECIMAL key as its exact unscaled value, which orders like the bigint), a boolean, or the
 * runtime value. No bigint is built per row.
 */
export function sortKeyAt(v: Vec, i: number): Value {
  if (v.kind === 'val') return v.data[i] ?? null;
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  return v.kind === 'bool' ? v.data[i] === 1 : v.data[i]!;
}
