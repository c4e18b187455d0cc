/**
 * Core aggregates (Trino's aggregate.md): count, count_if, sum, avg, min, max (and their
 * n-element forms), min_by, max_by, arbitrary/any_value, bool_and/every, bool_or,
 * bitwise_and_agg, bitwise_or_agg. NULL inputs are ignored; an empty (or all-NULL) group gives
 * NULL, except count → 0.
 *
 * Result types: sum(integer types) → bigint (overflow → NUMERIC_OVERFLOW), sum(decimal(p,s)) →
 * decimal(38,s), avg(integer types) → double, avg(decimal(p,s)) → decimal(p,s) (HALF_UP).
 */
import { AegisError } from '../errors.js';
import { compareValues, makeComparator } from '../types/compare.js';
import { checkDecimal, divideHalfUp } from '../types/decimal.js';
import type { SqlType } from '../types/sql-type.js';
import { isIntegral } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { aggregateOf, defineAggregate } from './aggregate-support.js';
import { registerAlias } from './function-table.js';
import { BIGINT, BOOL, DOUBLE, arrayOf } from './signature.js';

const BIG_MAX = 9223372036854775807n;
const BIG_MIN = -9223372036854775808n;

function orderable(t: SqlType): boolean {
  if (t.kind === 'map' || t.kind === 'json') return false;
  if (t.kind === 'array') return orderable(t.element);
  if (t.kind === 'row') return t.fields.every((f) => orderable(f.type));
  return true;
}

// ---- count -------------------------------------------------------------------------------------

defineAggregate('count', ['count()', 'count(T)'], (args) => {
  if (args.length > 1) return undefined;
  const star = args.length === 0;
  return aggregateOf(BIGINT, args, {
    init: () => ({ n: 0n }),
    add: (s, [x]) => {
      if (star || x !== null) s.n++;
    },
    merge: (a, b) => {
      a.n += b.n;
    },
    result: (s) => s.n,
  });
});

defineAggregate('count_if', ['count_if(boolean)'], (args) => {
  if (args.length !== 1 || (args[0]!.kind !== 'boolean' && args[0]!.kind !== 'unknown')) return undefined;
  return aggregateOf(BIGINT, [BOOL], {
    init: () => ({ n: 0n }),
    add: (s, [x]) => {
      if (x === true) s.n++;
    },
    merge: (a, b) => {
      a.n += b.n;
    },
    result: (s) => s.n,
  });
});

// ---- sum / avg ---------------------------------------------------------------------------------

interface SumState<T> {
  n: number;
  sum: T;
}

function bigSum(): { init: () => SumState<bigint>; add: (s: SumState<bigint>, a: Value[]) => void; merge: (a: SumState<bigint>, b: SumState<bigint>) => void } {
  return {
    init: () => ({ n: 0, sum: 0n }),
    add: (s, [x]) => {
      if (x === null) return;
      s.n++;
      s.sum += BigInt(x as number | bigint);
    },
    merge: (a, b) => {
      a.n += b.n;
      a.sum += b.sum;
    },
  };
}

function numSum(): { init: () => SumState<number>; add: (s: SumState<number>, a: Value[]) => void; merge: (a: SumState<number>, b: SumState<number>) => void } {
  return {
    init: () => ({ n: 0, sum: 0 }),
    add: (s, [x]) => {
      if (x === null) return;
      s.n++;
      s.sum += x as number;
    },
    merge: (a, b) => {
      a.n += b.n;
      a.sum += b.sum;
    },
  };
}

defineAggregate('sum', ['sum(bigint)', 'sum(decimal(p,s))', 'sum(double)', 'sum(real)', 'sum(interval)'], (args) => {
  if (args.length !== 1) return undefined;
  const t = args[0]!.kind === 'unknown' ? BIGINT : args[0]!;
  if (isIntegral(t)) {
    return aggregateOf(BIGINT, [t], {
      ...bigSum(),
      result: (s) => {
        if (s.n === 0) return null;
        // Trino checks each addition; the final check catches the same overflows for a group.
        if (s.sum > BIG_MAX || s.sum < BIG_MIN) throw new AegisError('NUMERIC_OVERFLOW', 'bigint addition overflow');
        return s.sum;
      },
    });
  }
  if (t.kind === 'decimal') {
    const r: SqlType = { kind: 'decimal', precision: 38, scale: t.scale };
    return aggregateOf(r, [t], { ...bigSum(), result: (s) => (s.n === 0 ? null : checkDecimal(s.sum, 38)) });
  }
  if (t.kind === 'double' || t.kind === 'real' || t.kind === 'interval_day_second' || t.kind === 'interval_year_month') {
    const f = t.kind === 'real' ? Math.fround : (x: number): number => x;
    return aggregateOf(t, [t], { ...numSum(), result: (s) => (s.n === 0 ? null : f(s.sum)) });
  }
  return undefined;
});

defineAggregate('avg', ['avg(bigint)', 'avg(decimal(p,s))', 'avg(double)', 'avg(real)', 'avg(interval)'], (args) => {
  if (args.length !== 1) return undefined;
  const t = args[0]!.kind === 'unknown' ? DOUBLE : args[0]!;
  if (isIntegral(t)) {
    return aggregateOf(DOUBLE, [t], { ...bigSum(), result: (s) => (s.n === 0 ? null : Number(s.sum) / s.n) });
  }
  if (t.kind === 'decimal') {
    return aggregateOf(t, [t], { ...bigSum(), result: (s) => (s.n === 0 ? null : divideHalfUp(s.sum, BigInt(s.n))) });
  }
  if (t.kind === 'double' || t.kind === 'real') {
    const f = t.kind === 'real' ? Math.fround : (x: number): number => x;
    return aggregateOf(t, [t], { ...numSum(), result: (s) => (s.n === 0 ? null : f(s.sum / s.n)) });
  }
  if (t.kind === 'interval_day_second' || t.kind === 'interval_year_month') {
    return aggregateOf(t, [t], { ...numSum(), result: (s) => (s.n === 0 ? null : Math.round(s.sum / s.n)) });
  }
  return undefined;
});

// ---- min / max ---------------------------------------------------------------------------------

for (const [name, sign] of [['max', 1], ['min', -1]] as const) {
  defineAggregate(name, [`${name}(T)`, `${name}(T, bigint)`], (args) => {
    if (args.length < 1 || args.length > 2 || !orderable(args[0]!)) return undefined;
    const t = args[0]!;
    if (args.length === 1) {
      const cmp = makeComparator(t);
      return aggregateOf(t, [t], {
        init: () => ({ v: null as Value }),
        add: (s, [x]) => {
          if (x !== null && (s.v === null || cmp(x, s.v) * sign > 0)) s.v = x;
        },
        merge: (a, b) => {
          if (b.v !== null && (a.v === null || cmp(b.v, a.v) * sign > 0)) a.v = b.v;
        },
        result: (s) => s.v,
      });
    }
    // max(x, n): the n largest values, largest first.
    return aggregateOf(arrayOf(t), [t, BIGINT], topN(t, sign));
  });
}

function topN(t: SqlType, sign: number): Parameters<typeof aggregateOf<{ n: number; vs: Value[] }>>[2] {
  const keep = (s: { n: number; vs: Value[] }): void => {
    s.vs.sort((a, b) => compareValues(b, a, t) * sign);
    if (s.vs.length > s.n) s.vs.length = s.n;
  };
  return {
    init: () => ({ n: -1, vs: [] as Value[] }),
    add: (s, [x, n]) => {
      if (n !== null && s.n < 0) {
        const k = Number(n as bigint);
        if (k <= 0) throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'second argument of max_n/min_n must be a positive integer');
        s.n = k;
      }
      if (x === null) return;
      s.vs.push(x);
      if (s.vs.length > 2 * s.n) keep(s);
    },
    merge: (a, b) => {
      a.n = Math.max(a.n, b.n);
      a.vs.push(...b.vs);
      keep(a);
    },
    result: (s) => {
      if (s.vs.length === 0) return null;
      keep(s);
      return s.vs;
    },
  };
}

// ---- min_by / max_by ---------------------------------------------------------------------------

for (const [name, sign] of [['max_by', 1], ['min_by', -1]] as const) {
  defineAggregate(name, [`${name}(T, K)`, `${name}(T, K, bigint)`], (args) => {
    if (args.length < 2 || args.length > 3 || !orderable(args[1]!)) return undefined;
    const [vt, kt] = args as [SqlType, SqlType];
    if (args.length === 2) {
      return aggregateOf(vt, [vt, kt], {
        init: () => ({ k: null as Value, v: null as Value }),
        add: (s, [v, k]) => {
          if (k !== null && (s.k === null || compareValues(k, s.k, kt) * sign > 0)) {
            s.k = k;
            s.v = v!;
          }
        },
        merge: (a, b) => {
          if (b.k !== null && (a.k === null || compareValues(b.k, a.k, kt) * sign > 0)) {
            a.k = b.k;
            a.v = b.v;
          }
        },
        result: (s) => s.v,
      });
    }
    // max_by(x, y, n): x of the n largest y, ordered by y.
    const pairType: SqlType = { kind: 'row', fields: [{ type: kt }, { type: vt }] };
    const inner = topN(pairType, sign);
    return aggregateOf(arrayOf(vt), [vt, kt, BIGINT], {
      init: inner.init,
      add: (s, [v, k, n]) => {
        if (k === null) {
          inner.add(s, [null, n!]);
          return;
        }
        inner.add(s, [[k, v!], n!]);
      },
      merge: inner.merge,
      result: (s) => {
        const r = inner.result(s) as Value[][] | null;
        return r === null ? null : r.map((pair) => pair[1]!);
      },
    });
  });
}

// ---- arbitrary, booleans, bitwise --------------------------------------------------------------

defineAggregate('arbitrary', ['arbitrary(T)'], (args) => {
  if (args.length !== 1) return undefined;
  const t = args[0]!;
  return aggregateOf(t, [t], {
    init: () => ({ v: null as Value }),
    add: (s, [x]) => {
      if (s.v === null && x !== null) s.v = x;
    },
    merge: (a, b) => {
      if (a.v === null) a.v = b.v;
    },
    result: (s) => s.v,
  });
});
registerAlias('any_value', 'arbitrary');

for (const [name, isAnd] of [['bool_and', true], ['bool_or', false]] as const) {
  defineAggregate(name, [`${name}(boolean)`], (args) => {
    if (args.length !== 1 || (args[0]!.kind !== 'boolean' && args[0]!.kind !== 'unknown')) return undefined;
    return aggregateOf(BOOL, [BOOL], {
      init: () => ({ v: null as boolean | null }),
      add: (s, [x]) => {
        if (x === null) return;
        s.v = s.v === null ? (x as boolean) : isAnd ? s.v && (x as boolean) : s.v || (x as boolean);
      },
      merge: (a, b) => {
        if (b.v === null) return;
        a.v = a.v === null ? b.v : isAnd ? a.v && b.v : a.v || b.v;
      },
      result: (s) => s.v,
    });
  });
}
registerAlias('every', 'bool_and');

for (const [name, op] of [['bitwise_and_agg', (a: bigint, b: bigint) => a & b], ['bitwise_or_agg', (a: bigint, b: bigint) => a | b], ['bitwise_xor_agg', (a: bigint, b: bigint) => a ^ b]] as const) {
  defineAggregate(name, [`${name}(bigint)`], (args) => {
    if (args.length !== 1 || !isIntegral(args[0]!)) return undefined;
    return aggregateOf(BIGINT, [BIGINT], {
      init: () => ({ v: null as bigint | null }),
      add: (s, [x]) => {
        if (x !== null) s.v = s.v === null ? (x as bigint) : op(s.v, x as bigint);
      },
      merge: (a, b) => {
        if (b.v !== null) a.v = a.v === null ? b.v : op(a.v, b.v);
      },
      result: (s) => s.v,
    });
  });
}
