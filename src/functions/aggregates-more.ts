/**
 * More aggregates: checksum (Trino's order-insensitive checksum: the sum over rows of
 * xxHash64(value) × PRIME64, PRIME64 for a NULL row, as 8 little-endian bytes), map_union (first
 * value wins for a repeated key), set_union and entropy (Presto's, which Athena also offers).
 */
import { hashValue, valuesEqual } from '../types/compare.js';
import type { SqlType } from '../types/sql-type.js';
import type { MapValue, TimestampTzValue, Value } from '../types/value.js';
import { tsMicros, tsNanos } from '../types/long-timestamp.js';
import { aggregateOf, defineAggregate } from './aggregate-support.js';
import { DOUBLE, VARBINARY, arrayOf, invalidArg } from './signature.js';
import { xxhash64 } from './xxhash64.js';

const M64 = (1n << 64n) - 1n;
const PRIME64 = 0x9e3779b185ebca87n;

function hashLong(v: bigint): bigint {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return xxhash64(b);
}

/** Trino's XX_HASH_64 operator of a (non-NULL) value of type `t`, as an unsigned 64-bit bigint. */
export function typeXxHash64(v: Value, t: SqlType): bigint {
  switch (t.kind) {
    case 'boolean':
      return hashLong(v ? 1n : 0n);
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'date':
      return hashLong(BigInt(v as number));
    case 'bigint':
      return hashLong(v as bigint);
    case 'decimal':
      if (t.precision <= 18) return hashLong(v as bigint);
      return hashLong(BigInt.asIntN(64, v as bigint)) ^ hashLong(BigInt.asIntN(64, (v as bigint) >> 64n));
    case 'double': {
      const d = v === 0 ? 0 : (v as number);
      const b = new DataView(new ArrayBuffer(8));
      b.setFloat64(0, Number.isNaN(d) ? NaN : d);
      return hashLong(b.getBigInt64(0));
    }
    case 'real': {
      const d = v === 0 ? 0 : (v as number);
      const b = new DataView(new ArrayBuffer(4));
      b.setFloat32(0, Number.isNaN(d) ? NaN : d);
      return hashLong(BigInt(b.getInt32(0)));
    }
    case 'varchar':
    case 'char':
    case 'json':
      return xxhash64(new TextEncoder().encode(v as string));
    case 'varbinary':
      return xxhash64(v as Uint8Array);
    case 'timestamp':
      if (t.withTimeZone) return hashLong(BigInt(Math.floor((v as TimestampTzValue).micros / 1000)));
      // timestamp(7..12) as Trino's LongTimestamp: epoch micros xor picoseconds of the micro.
      if (t.precision > 6) return hashLong(BigInt(tsMicros(v))) ^ hashLong(BigInt(tsNanos(v) * 1000));
      return hashLong(BigInt(Math.round(v as number)));
    case 'interval_day_second':
    case 'interval_year_month':
      return hashLong(BigInt(v as number));
    case 'time':
      // Trino keeps a time as picoseconds of day (time(p > 6) values are nanoseconds of day).
      if (!t.withTimeZone) return hashLong(BigInt(v as number) * (t.precision > 6 ? 1000n : 1_000_000n));
      return hashLong((BigInt((v as TimestampTzValue).micros) * 1000n + BigInt((v as TimestampTzValue).nanos ?? 0)) * 1000n);
    case 'array': {
      let h = 0n;
      for (const x of v as Value[]) h = (31n * h + (x === null ? 0n : typeXxHash64(x, t.element))) & M64;
      return h;
    }
    case 'row': {
      let h = 0n;
      (v as Value[]).forEach((x, i) => {
        h = (31n * h + (x === null ? 0n : typeXxHash64(x, t.fields[i]!.type))) & M64;
      });
      return h;
    }
    case 'map': {
      const m = v as MapValue;
      let h = 0n;
      m.keys.forEach((k, i) => {
        const val = m.values[i]!;
        h = (h + (typeXxHash64(k, t.key) ^ (val === null ? 0n : typeXxHash64(val, t.value)))) & M64;
      });
      return h;
    }
    default:
      return 0n;
  }
}

defineAggregate('checksum', ['checksum(T)'], (args) => {
  if (args.length !== 1) return undefined;
  const t = args[0]!;
  return aggregateOf(VARBINARY, [t], {
    init: () => ({ seen: false, sum: 0n }),
    add: (s, [x]) => {
      s.seen = true;
      s.sum = (s.sum + (x === null ? PRIME64 : (typeXxHash64(x!, t) * PRIME64) & M64)) & M64;
    },
    merge: (a, b) => {
      a.seen ||= b.seen;
      a.sum = (a.sum + b.sum) & M64;
    },
    result: (s) => {
      if (!s.seen) return null;
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigUint64(0, s.sum, true);
      return out;
    },
  });
});

/** Distinct values (IS NOT DISTINCT FROM) in first-seen order, indexed by hash. */
class DistinctList {
  readonly items: Value[] = [];
  private readonly index = new Map<number, number[]>();
  constructor(private readonly t: SqlType) {}
  indexOf(v: Value): number {
    return this.index.get(hashValue(v, this.t))?.find((i) => valuesEqual(this.items[i]!, v, this.t)) ?? -1;
  }
  /** Adds `v` if new; returns its position. */
  add(v: Value): number {
    const at = this.indexOf(v);
    if (at >= 0) return at;
    this.items.push(v);
    const h = hashValue(v, this.t);
    const b = this.index.get(h);
    if (b) b.push(this.items.length - 1);
    else this.index.set(h, [this.items.length - 1]);
    return this.items.length - 1;
  }
}

defineAggregate('map_union', ['map_union(map(K, V))'], (args) => {
  if (args.length !== 1 || args[0]!.kind !== 'map') return undefined;
  const mt = args[0]!;
  type S = { keys: Value[]; values: Value[]; seen: boolean };
  // The key index lives beside the (cloneable) state, rebuilt after a state is loaded.
  const indexes = new WeakMap<S, DistinctList>();
  const indexOf = (s: S): DistinctList => {
    let idx = indexes.get(s);
    if (!idx) {
      idx = new DistinctList(mt.key);
      for (const k of s.keys) idx.add(k);
      indexes.set(s, idx);
    }
    return idx;
  };
  const union = (s: S, keys: readonly Value[], values: readonly Value[]): void => {
    const idx = indexOf(s);
    keys.forEach((k, i) => {
      if (idx.indexOf(k) >= 0) return;
      idx.add(k);
      s.keys.push(k);
      s.values.push(values[i]!);
    });
  };
  return aggregateOf(mt, [mt], {
    init: (): S => ({ keys: [], values: [], seen: false }),
    add: (s, [x]) => {
      if (x === null) return;
      s.seen = true;
      union(s, (x as MapValue).keys, (x as MapValue).values);
    },
    merge: (a, b) => {
      if (!b.seen) return;
      a.seen = true;
      union(a, b.keys, b.values);
    },
    result: (s) => (s.seen ? ({ keys: s.keys, values: s.values } satisfies MapValue) : null),
  });
});

defineAggregate('set_union', ['set_union(array(T))'], (args) => {
  if (args.length !== 1 || args[0]!.kind !== 'array') return undefined;
  const at = args[0]!;
  const union = (into: Value[], more: Value[]): void => {
    const known = new DistinctList(at.element);
    into.forEach((v) => known.add(v));
    for (const v of more) if (known.indexOf(v) < 0) {
      known.add(v);
      into.push(v);
    }
  };
  return aggregateOf(arrayOf(at.element), [at], {
    init: () => ({ items: [] as Value[] }),
    add: (s, [x]) => {
      if (x !== null) union(s.items, x as Value[]);
    },
    merge: (a, b) => union(a.items, b.items),
    result: (s) => s.items,
  });
});

defineAggregate('entropy', ['entropy(bigint)'], (args) => {
  if (args.length !== 1 || !['tinyint', 'smallint', 'integer', 'bigint'].includes(args[0]!.kind)) return undefined;
  const t = args[0]!;
  return aggregateOf(DOUBLE, [t], {
    init: () => ({ sumC: 0, sumCLogC: 0 }),
    add: (s, [x]) => {
      if (x === null) return;
      const c = Number(x as number | bigint);
      if (c < 0) throw invalidArg('Entropy count argument must be non-negative');
      if (c > 0) {
        s.sumC += c;
        s.sumCLogC += c * Math.log(c);
      }
    },
    merge: (a, b) => {
      a.sumC += b.sumC;
      a.sumCLogC += b.sumCLogC;
    },
    result: (s) => (s.sumC > 0 ? (Math.log(s.sumC) - s.sumCLogC / s.sumC) / Math.log(2) : 0),
  });
});
