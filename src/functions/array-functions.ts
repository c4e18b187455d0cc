/**
 * Array functions (Trino's array.md), without the lambda ones (lambda-functions.ts).
 * Indexes are 1-based; `element_at` returns NULL out of range where `a[i]` fails; set functions
 * (array_distinct/union/intersect/except) compare with IS NOT DISTINCT FROM semantics.
 */
import { castToVarchar } from '../types/cast.js';
import { canCoerce, commonSuperType } from '../types/coercion.js';
import { compareValues, hashValue, makeComparator, valuesEqual } from '../types/compare.js';
import { addMonthsToDays, addMonthsToMicros } from '../types/datetime.js';
import { tsMicros, tsNanos, tsOf } from '../types/long-timestamp.js';
import type { SqlType } from '../types/sql-type.js';

import type { MapValue, Value } from '../types/value.js';
import { sqlEquals } from './operators.js';
import { BIGINT, BOOL, V, arrayOf, defineGeneric, invalidArg, plainTypes, res } from './signature.js';

/** Order-preserving distinct with NOT DISTINCT semantics (hash buckets). */
export function distinct(values: Value[], t: SqlType): Value[] {
  const buckets = new Map<number, Value[]>();
  const out: Value[] = [];
  for (const v of values) {
    const h = hashValue(v, t);
    const b = buckets.get(h);
    if (b?.some((x) => valuesEqual(x, v, t))) continue;
    if (b) b.push(v);
    else buckets.set(h, [v]);
    out.push(v);
  }
  return out;
}

function hasIn(values: Value[], v: Value, t: SqlType): boolean {
  return values.some((x) => valuesEqual(x, v, t));
}

type ArrT = Extract<SqlType, { kind: 'array' }>;

/** f(array(T) [, …]) where rest args fit `extra(element)`; returns `build(arrayType, elementType)`. */
function defineArray(
  name: string,
  sigs: string[],
  arity: number[],
  build: (a: ArrT, ts: SqlType[]) => ReturnType<typeof res> | undefined,
): void {
  defineGeneric(name, sigs, (args) => {
    const ts = plainTypes(args);
    if (!ts || !arity.includes(ts.length)) return undefined;
    let a = ts[0]!;
    if (a.kind === 'unknown') a = arrayOf({ kind: 'unknown' });
    if (a.kind !== 'array') return undefined;
    return build(a, ts);
  });
}

/** Element type for `f(array(T), x)`: common super type of T and x's type. */
function withElement(a: ArrT, x: SqlType): { at: ArrT; el: SqlType } | undefined {
  const el = commonSuperType(a.element, x);
  return el ? { at: { kind: 'array', element: el }, el } : undefined;
}

defineGeneric('cardinality', ['cardinality(array(T))', 'cardinality(map(K, V))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1) return undefined;
  const t = ts[0]!;
  if (t.kind === 'array') return res(BIGINT, [t], ([a]) => BigInt((a as Value[]).length));
  if (t.kind === 'map') return res(BIGINT, [t], ([m]) => BigInt((m as MapValue).keys.length));
  return undefined;
});

defineGeneric('element_at', ['element_at(array(T), bigint)', 'element_at(map(K, V), K)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2) return undefined;
  const [c, k] = ts as [SqlType, SqlType];
  if (c.kind === 'array') {
    if (!canCoerce(k, BIGINT)) return undefined;
    return res(c.element, [c, BIGINT], ([a, i]) => {
      const arr = a as Value[];
      const idx = Number(i as bigint);
      if (idx === 0) throw invalidArg('SQL array indices start at 1');
      const j = idx > 0 ? idx - 1 : arr.length + idx;
      return j >= 0 && j < arr.length ? arr[j]! : null;
    });
  }
  if (c.kind === 'map') {
    // K binds to the common type of the map's key and the argument; the map widens covariantly.
    const kt = commonSuperType(c.key, k);
    if (!kt) return undefined;
    return res(c.value, [{ kind: 'map', key: kt, value: c.value }, kt], ([m, key]) => {
      const mv = m as MapValue;
      const j = mv.keys.findIndex((x) => valuesEqual(x, key!, kt));
      return j < 0 ? null : mv.values[j]!;
    });
  }
  return undefined;
});

defineArray('contains', ['contains(array(T), T)'], [2], (a, ts) => {
  const w = withElement(a, ts[1]!);
  if (!w) return undefined;
  return res(BOOL, [w.at, w.el], ([arr, x]) => {
    let sawNull = false;
    for (const e of arr as Value[]) {
      const eq = sqlEquals(e, x!, w.el);
      if (eq === true) return true;
      if (eq === null) sawNull = true;
    }
    return sawNull ? null : false;
  });
});

defineArray('array_position', ['array_position(array(T), T)', 'array_position(array(T), T, bigint)'], [2, 3], (a, ts) => {
  const w = withElement(a, ts[1]!);
  if (!w) return undefined;
  const argTypes = ts.length === 3 ? [w.at, w.el, BIGINT] : [w.at, w.el];
  return res(BIGINT, argTypes, ([arr, x, inst]) => {
    const xs = arr as Value[];
    let instance = inst === undefined ? 1n : (inst as bigint);
    if (instance === 0n) throw invalidArg('0 is an invalid instance position for array_position.');
    const idxs = instance > 0n ? xs.keys() : [...xs.keys()].reverse().values();
    if (instance < 0n) instance = -instance;
    for (const i of idxs) {
      if (sqlEquals(xs[i]!, x!, w.el) === true && --instance === 0n) return BigInt(i + 1);
    }
    return 0n;
  });
});

defineArray('array_remove', ['array_remove(array(T), T)'], [2], (a, ts) => {
  const w = withElement(a, ts[1]!);
  if (!w) return undefined;
  return res(w.at, [w.at, w.el], ([arr, x]) => (arr as Value[]).filter((e) => sqlEquals(e, x!, w.el) !== true));
});

defineArray('array_distinct', ['array_distinct(array(T))'], [1], (a) => res(a, [a], ([arr]) => distinct(arr as Value[], a.element)));

defineArray('array_sort', ['array_sort(array(T))'], [1], (a) => {
  const cmp = makeComparator(a.element);
  return res(a, [a], ([arr]) => [...(arr as Value[])].sort(cmp));
});
defineArray('array_sort_desc', ['array_sort_desc(array(T))'], [1], (a) =>
  res(a, [a], ([arr]) => [...(arr as Value[])].sort((x, y) => (x === null ? 1 : y === null ? -1 : compareValues(y, x, a.element)))));

for (const [name, sign] of [['array_max', 1], ['array_min', -1]] as const) {
  defineArray(name, [`${name}(array(T))`], [1], (a) =>
    res(a.element, [a], ([arr]) => {
      const xs = arr as Value[];
      if (xs.length === 0 || xs.some((x) => x === null)) return null;
      let best: Value = xs[0]!;
      for (const x of xs) {
        if (typeof x === 'number' && Number.isNaN(x)) return NaN;
        if (compareValues(x, best, a.element) * sign > 0) best = x;
      }
      return best;
    }));
}

defineArray('array_join', ['array_join(array(T), varchar)', 'array_join(array(T), varchar, varchar)'], [2, 3], (a, ts) => {
  if (!ts.slice(1).every((t) => t.kind === 'varchar' || t.kind === 'char' || t.kind === 'unknown')) return undefined;
  if (a.element.kind === 'array' || a.element.kind === 'map' || a.element.kind === 'row') return undefined;
  return res(V, ts.length === 3 ? [a, V, V] : [a, V], ([arr, sep, rep]) => {
    const parts: string[] = [];
    for (const e of arr as Value[]) {
      if (e === null) {
        if (rep !== undefined) parts.push(rep as string);
      } else parts.push(castToVarchar(e, a.element));
    }
    return parts.join(sep as string);
  });
});

for (const name of ['array_union', 'array_intersect', 'array_except', 'arrays_overlap']) {
  defineGeneric(name, [`${name}(array(T), array(T))`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 2) return undefined;
    const t = commonSuperType(ts[0]!, ts[1]!);
    if (!t || t.kind !== 'array') return undefined;
    const el = t.element;
    if (name === 'arrays_overlap') {
      return res(BOOL, [t, t], ([x, y]) => {
        const ys = y as Value[];
        const xs = x as Value[];
        if (xs.some((e) => e !== null && hasIn(ys, e, el))) return true;
        return xs.includes(null) || ys.includes(null) ? null : false;
      });
    }
    return res(t, [t, t], ([x, y]) => {
      const xs = x as Value[];
      const ys = y as Value[];
      if (name === 'array_union') return distinct([...xs, ...ys], el);
      if (name === 'array_intersect') return distinct(xs.filter((e) => hasIn(ys, e, el)), el);
      return distinct(xs.filter((e) => !hasIn(ys, e, el)), el);
    });
  });
}

defineArray('slice', ['slice(array(T), bigint, bigint)'], [3], (a, ts) => {
  if (!canCoerce(ts[1]!, BIGINT) || !canCoerce(ts[2]!, BIGINT)) return undefined;
  return res(a, [a, BIGINT, BIGINT], ([arr, s, l]) => {
    const xs = arr as Value[];
    const start = Number(s as bigint);
    const len = Number(l as bigint);
    if (start === 0) throw invalidArg('SQL array indices start at 1');
    if (len < 0) throw invalidArg(`length must be greater than or equal to 0`);
    const from = start > 0 ? start - 1 : xs.length + start;
    if (from < 0 || from >= xs.length) return [];
    return xs.slice(from, from + len);
  });
});

defineArray('trim_array', ['trim_array(array(T), bigint)'], [2], (a, ts) => {
  if (!canCoerce(ts[1]!, BIGINT)) return undefined;
  return res(a, [a, BIGINT], ([arr, n]) => {
    const xs = arr as Value[];
    const k = Number(n as bigint);
    if (k < 0 || k > xs.length) throw invalidArg(`size must not be negative or greater than array cardinality: ${k}`);
    return xs.slice(0, xs.length - k);
  });
});

defineArray('flatten', ['flatten(array(array(T)))'], [1], (a) => {
  if (a.element.kind !== 'array') return undefined;
  return res(a.element, [a], ([arr]) => (arr as Value[]).flatMap((x) => (x === null ? [] : (x as Value[]))));
});

defineGeneric('repeat', ['repeat(T, bigint)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2 || !canCoerce(ts[1]!, BIGINT)) return undefined;
  const t = ts[0]!;
  return res(arrayOf(t), [t, BIGINT], ([x, n]) => {
    const k = Number(n as bigint);
    if (k < 0) throw invalidArg('count argument of repeat function must be greater than or equal to 0');
    if (k > 10000) throw invalidArg('count argument of repeat function must be less than or equal to 10000');
    return Array.from({ length: k }, () => x!);
  }, { nullOnNull: false });
});

defineGeneric('zip', ['zip(array(T1), array(T2), …)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length < 2 || ts.length > 5 || !ts.every((t) => t.kind === 'array')) return undefined;
  const fields = ts.map((t, i) => ({ name: `field${i}`, type: (t as ArrT).element }));
  const rt: SqlType = arrayOf({ kind: 'row', fields: fields.map((f) => ({ type: f.type })) });
  return res(rt, ts, (arrs) => {
    const xs = arrs as Value[][];
    const n = Math.max(...xs.map((x) => x.length));
    return Array.from({ length: n }, (_, i) => xs.map((x) => x[i] ?? null));
  });
});

defineGeneric('shuffle', ['shuffle(array(T))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1 || ts[0]!.kind !== 'array') return undefined;
  return res(ts[0]!, ts, ([arr], ctx) => {
    const xs = [...(arr as Value[])];
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(ctx.random() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }, { deterministic: false });
});

// ---- sequence ----------------------------------------------------------------------------------

const MAX_SEQUENCE = 10000;
function checkLength(n: number): void {
  if (n > MAX_SEQUENCE) throw invalidArg(`result of sequence function must not have more than ${MAX_SEQUENCE} entries`);
}

defineGeneric('sequence', [
  'sequence(bigint, bigint)', 'sequence(bigint, bigint, bigint)', 'sequence(date, date)',
  'sequence(date, date, interval day to second)', 'sequence(date, date, interval year to month)',
  'sequence(timestamp, timestamp, interval day to second)', 'sequence(timestamp, timestamp, interval year to month)',
], (args) => {
  const ts = plainTypes(args);
  if (!ts || (ts.length !== 2 && ts.length !== 3)) return undefined;
  const base = commonSuperType(ts[0]!, ts[1]!);
  if (!base) return undefined;
  if (['tinyint', 'smallint', 'integer', 'bigint'].includes(base.kind)) {
    if (ts.length === 3 && !canCoerce(ts[2]!, BIGINT)) return undefined;
    return res(arrayOf(BIGINT), ts.map(() => BIGINT), ([a, b, s]) => {
      const start = a as bigint;
      const stop = b as bigint;
      const step = s === undefined ? (stop >= start ? 1n : -1n) : (s as bigint);
      if (step === 0n) throw invalidArg('step must not be zero');
      if ((step > 0n && stop < start) || (step < 0n && stop > start)) {
        throw invalidArg('sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start');
      }
      const n = Number((stop - start) / step) + 1;
      checkLength(n);
      return Array.from({ length: n }, (_, i) => start + BigInt(i) * step);
    });
  }
  if (base.kind === 'date' || base.kind === 'timestamp') {
    const stepT = ts[2];
    if (stepT && stepT.kind !== 'interval_day_second' && stepT.kind !== 'interval_year_month') return undefined;
    if (base.kind === 'timestamp' && !stepT) return undefined;
    const months = stepT?.kind === 'interval_year_month';
    const isDate = base.kind === 'date';
    // timestamp(7..12): the steps move the micros; every element keeps the start's nanoseconds.
    const long = base.kind === 'timestamp' && base.precision > 6;
    return res(arrayOf(base), stepT ? [base, base, stepT] : [base, base], ([a, b, s]) => {
      const start = long ? tsMicros(a!) : (a as number);
      const stop = long ? tsMicros(b!) : (b as number);
      const startNanos = long ? tsNanos(a!) : 0;
      const stopNanos = long ? tsNanos(b!) : 0;
      const step = s === undefined ? (stop >= start ? 86_400_000 : -86_400_000) : (s as number);
      if (step === 0) throw invalidArg('step must not be zero');
      const cmp = (x: number, xn: number): number => (x !== stop ? x - stop : xn - stopNanos);
      if ((step > 0 && cmp(start, startNanos) > 0) || (step < 0 && cmp(start, startNanos) < 0)) {
        throw invalidArg('sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start');
      }
      if (isDate && !months && step % 86_400_000 !== 0) throw invalidArg('sequence step must be a day interval if start and end values are dates');
      const out: Value[] = [];
      for (let i = 0; ; i++) {
        let v: number;
        if (months) v = isDate ? addMonthsToDays(start, i * step) : addMonthsToMicros(start, i * step);
        else v = isDate ? start + (i * step) / 86_400_000 : start + i * step * 1000;
        if (step > 0 ? cmp(v, startNanos) > 0 : cmp(v, startNanos) < 0) break;
        out.push(long ? tsOf(v, startNanos, 9) : v);
        checkLength(out.length);
      }
      return out;
    });
  }
  return undefined;
});


defineArray('array_has_duplicates', ['array_has_duplicates(array(T))'], [1], (a) =>
  res(BOOL, [a], ([arr]) => distinct(arr as Value[], a.element).length !== (arr as Value[]).length));

defineArray('ngrams', ['ngrams(array(T), bigint)'], [2], (a, ts) => {
  if (!canCoerce(ts[1]!, BIGINT)) return undefined;
  return res(arrayOf(a), [a, BIGINT], ([arr, n]) => {
    const xs = arr as Value[];
    const k = Number(n as bigint);
    if (k <= 0) throw invalidArg('N must be positive');
    if (k >= xs.length) return [xs];
    return Array.from({ length: xs.length - k + 1 }, (_, i) => xs.slice(i, i + k));
  });
});

defineArray('contains_sequence', ['contains_sequence(array(T), array(T))'], [2], (a, ts) => {
  const t = commonSuperType(a, ts[1]!);
  if (!t || t.kind !== 'array') return undefined;
  return res(BOOL, [t, t], ([x, y]) => {
    const xs = x as Value[];
    const ys = y as Value[];
    outer: for (let i = 0; i + ys.length <= xs.length; i++) {
      for (let j = 0; j < ys.length; j++) if (!valuesEqual(xs[i + j]!, ys[j]!, t.element)) continue outer;
      return true;
    }
    return false;
  });
});
