/**
 * Collecting aggregates: array_agg, map_agg, multimap_agg, histogram, listagg, approx_percentile.
 * array_agg keeps NULL elements (Trino does); map_agg/histogram skip NULL keys. For array_agg
 * and listagg the executor feeds rows in ORDER BY / WITHIN GROUP order (they are
 * `orderSensitive`). approx_percentile is computed exactly (nearest-rank on all collected
 * values), where Trino uses a t-digest: results can differ in the last rank for large groups.
 */
import { AegisError } from '../errors.js';
import { castToVarchar } from '../types/cast.js';
import { compareValues, hashValue, valuesEqual } from '../types/compare.js';
import type { SqlType } from '../types/sql-type.js';
import type { MapValue, Value } from '../types/value.js';
import { aggregateOf, defineAggregate } from './aggregate-support.js';
import { BIGINT, DOUBLE, V, arrayOf, mapOf } from './signature.js';

defineAggregate('array_agg', ['array_agg(T)'], (args) => {
  if (args.length !== 1) return undefined;
  const t = args[0]!;
  return aggregateOf(arrayOf(t), [t], {
    init: () => ({ seen: false, vs: [] as Value[] }),
    add: (s, [x]) => {
      s.seen = true;
      s.vs.push(x!);
    },
    merge: (a, b) => {
      a.seen ||= b.seen;
      a.vs.push(...b.vs);
    },
    result: (s) => (s.seen ? s.vs : null),
  }, { orderSensitive: true });
});

/** Keyed state: parallel arrays plus a hash index rebuilt lazily (the state must stay cloneable). */
interface Keyed<T> {
  keys: Value[];
  vals: T[];
}

function findKey(s: Keyed<unknown>, k: Value, t: SqlType, index: Map<number, number[]>): number {
  const h = hashValue(k, t);
  const b = index.get(h);
  if (b) for (const i of b) if (valuesEqual(s.keys[i]!, k, t)) return i;
  return -1;
}

function keyedSpec<T>(keyType: SqlType, fresh: () => T, fold: (acc: T, args: Value[]) => T, combine: (a: T, b: T) => T, result: (s: Keyed<T>) => Value) {
  // The hash index is per accumulator object and not part of the saved state.
  const indexes = new WeakMap<Keyed<T>, Map<number, number[]>>();
  const indexOf = (s: Keyed<T>): Map<number, number[]> => {
    let idx = indexes.get(s);
    if (!idx) {
      idx = new Map();
      s.keys.forEach((k, i) => {
        const h = hashValue(k, keyType);
        const b = idx!.get(h);
        if (b) b.push(i);
        else idx!.set(h, [i]);
      });
      indexes.set(s, idx);
    }
    return idx;
  };
  const upsert = (s: Keyed<T>, k: Value, f: (cur: T) => T): void => {
    const idx = indexOf(s);
    const i = findKey(s, k, keyType, idx);
    if (i >= 0) {
      s.vals[i] = f(s.vals[i]!);
      return;
    }
    s.keys.push(k);
    s.vals.push(f(fresh()));
    const h = hashValue(k, keyType);
    const b = idx.get(h);
    if (b) b.push(s.keys.length - 1);
    else idx.set(h, [s.keys.length - 1]);
  };
  return {
    init: (): Keyed<T> => ({ keys: [], vals: [] }),
    add: (s: Keyed<T>, args: Value[]): void => {
      if (args[0] === null) return;
      upsert(s, args[0]!, (cur) => fold(cur, args));
    },
    merge: (a: Keyed<T>, b: Keyed<T>): void => {
      b.keys.forEach((k, i) => upsert(a, k, (cur) => combine(cur, b.vals[i]!)));
    },
    result,
  };
}

const toMap = <T>(s: Keyed<T>, f: (v: T) => Value): Value => (s.keys.length === 0 ? null : ({ keys: s.keys, values: s.vals.map(f) }) satisfies MapValue);

defineAggregate('map_agg', ['map_agg(K, V)'], (args) => {
  if (args.length !== 2) return undefined;
  const [kt, vt] = args as [SqlType, SqlType];
  // First value wins for a repeated key.
  type Slot = { set: boolean; v: Value };
  return aggregateOf(mapOf(kt, vt), [kt, vt], keyedSpec<Slot>(
    kt,
    () => ({ set: false, v: null }),
    (cur, [, v]) => (cur.set ? cur : { set: true, v: v! }),
    (a, b) => (a.set ? a : b),
    (s) => toMap(s, (slot) => slot.v),
  ));
});

defineAggregate('multimap_agg', ['multimap_agg(K, V)'], (args) => {
  if (args.length !== 2) return undefined;
  const [kt, vt] = args as [SqlType, SqlType];
  return aggregateOf(mapOf(kt, arrayOf(vt)), [kt, vt], keyedSpec<Value[]>(
    kt,
    () => [],
    (cur, [, v]) => [...cur, v!],
    (a, b) => [...a, ...b],
    (s) => toMap(s, (vs) => vs),
  ));
});

defineAggregate('set_agg', ['set_agg(T)'], (args) => {
  if (args.length !== 1) return undefined;
  const t = args[0]!;
  // Distinct non-NULL values in first-seen order.
  return aggregateOf(arrayOf(t), [t], keyedSpec<boolean>(t, () => true, () => true, () => true, (s) => (s.keys.length === 0 ? null : s.keys)));
});

defineAggregate('histogram', ['histogram(T)'], (args) => {
  if (args.length !== 1) return undefined;
  const t = args[0]!;
  return aggregateOf(mapOf(t, BIGINT), [t], keyedSpec<bigint>(
    t,
    () => 0n,
    (cur) => cur + 1n,
    (a, b) => a + b,
    (s) => toMap(s, (n) => n),
  ));
});

/** approx_most_frequent(buckets, value, capacity): counted exactly, the `buckets` most frequent. */
defineAggregate('approx_most_frequent', ['approx_most_frequent(bigint, T, bigint)'], (args) => {
  if (args.length !== 3) return undefined;
  const t = args[1]!;
  const inner = keyedSpec<bigint>(t, () => 0n, (cur) => cur + 1n, (a, b) => a + b, () => null);
  return aggregateOf(mapOf(t, BIGINT), [BIGINT, t, BIGINT], {
    init: () => ({ k: 0, counts: inner.init() }),
    add: (s, [buckets, x]) => {
      if (buckets !== null && s.k === 0) {
        s.k = Number(buckets as bigint);
        if (s.k <= 0) throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'buckets must be positive');
      }
      inner.add(s.counts, [x!]);
    },
    merge: (a, b) => {
      a.k ||= b.k;
      inner.merge(a.counts, b.counts);
    },
    result: (s) => {
      if (s.counts.keys.length === 0) return null;
      const order = s.counts.keys.map((_, i) => i).sort((i, j) => (s.counts.vals[j]! > s.counts.vals[i]! ? 1 : s.counts.vals[j]! < s.counts.vals[i]! ? -1 : i - j));
      const top = order.slice(0, s.k);
      return { keys: top.map((i) => s.counts.keys[i]!), values: top.map((i) => s.counts.vals[i]!) } satisfies MapValue;
    },
  });
});

defineAggregate('listagg', ['listagg(varchar, varchar) WITHIN GROUP (ORDER BY …)'], (args) => {
  if (args.length < 1 || args.length > 2) return undefined;
  const t = args[0]!;
  if (t.kind === 'array' || t.kind === 'map' || t.kind === 'row') return undefined;
  return aggregateOf(V, args.length === 2 ? [t, V] : [t], {
    init: () => ({ sep: '', parts: [] as string[] }),
    add: (s, [x, sep]) => {
      if (typeof sep === 'string') s.sep = sep;
      if (x !== null) s.parts.push(castToVarchar(x!, t));
    },
    merge: (a, b) => {
      if (b.sep) a.sep = b.sep;
      a.parts.push(...b.parts);
    },
    result: (s) => (s.parts.length === 0 ? null : s.parts.join(s.sep)),
  }, { orderSensitive: true });
});

// ---- approx_percentile (exact) -----------------------------------------------------------------

function percentileOf(sorted: Value[], weights: number[] | null, p: number): Value {
  if (sorted.length === 0) return null;
  if (!weights) {
    const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
    return sorted[idx]!;
  }
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < sorted.length; i++) {
    acc += weights[i]!;
    if (acc >= p * total) return sorted[i]!;
  }
  return sorted[sorted.length - 1]!;
}

function checkP(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'Percentile must be between 0 and 1');
  return p;
}

const NUMERIC = ['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal'];

defineAggregate('approx_percentile', [
  'approx_percentile(T, double)', 'approx_percentile(T, array(double))',
  'approx_percentile(T, bigint, double)', 'approx_percentile(T, bigint, array(double))',
], (args) => {
  if (args.length < 2 || args.length > 3) return undefined;
  const t = args[0]!;
  if (!NUMERIC.includes(t.kind)) return undefined;
  const weighted = args.length === 3;
  const pt = args[args.length - 1]!;
  const many = pt.kind === 'array';
  if (!many && !NUMERIC.includes(pt.kind)) return undefined;
  const ptype = many ? arrayOf(DOUBLE) : DOUBLE;
  return aggregateOf(many ? arrayOf(t) : t, weighted ? [t, BIGINT, ptype] : [t, ptype], {
    init: () => ({ vs: [] as Value[], ws: [] as number[], p: null as Value }),
    add: (s, row) => {
      const x = row[0]!;
      const p = row[row.length - 1]!;
      if (p !== null && s.p === null) s.p = p;
      if (x === null) return;
      s.vs.push(x);
      if (weighted) s.ws.push(row[1] === null ? 0 : Number(row[1] as bigint));
    },
    merge: (a, b) => {
      a.vs.push(...b.vs);
      a.ws.push(...b.ws);
      a.p ??= b.p;
    },
    result: (s) => {
      if (s.vs.length === 0 || s.p === null) return null;
      const order = s.vs.map((_, i) => i).sort((i, j) => compareValues(s.vs[i]!, s.vs[j]!, t));
      const sorted = order.map((i) => s.vs[i]!);
      const ws = weighted ? order.map((i) => s.ws[i]!) : null;
      if (many) return (s.p as Value[]).map((p) => percentileOf(sorted, ws, checkP(p as number)));
      return percentileOf(sorted, ws, checkP(s.p as number));
    },
  });
});
