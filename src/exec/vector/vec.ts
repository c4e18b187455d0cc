/**
 * Vectors: the values of one expression at the selected rows of a batch, dense (position i is
 * the i-th selected row). Kernels (compile-vector.ts) work on three shapes:
 *
 * - `num`: a `Float64Array` of exact numbers. Integer types, dates, timestamps and intervals are
 *   their runtime numbers; BIGINT and DECIMAL (the unscaled value) are exact integers whose
 *   magnitude stays below 2^52, so sums of two never round. A value outside that range is not
 *   representable here: the kernel throws {@link VecFallback} and the expression is evaluated
 *   row by row for that batch, with the interpreter's exact bigint arithmetic and its errors.
 * - `bool`: a `Uint8Array` of 0/1.
 * - `val`: plain runtime values (everything else; also what the row interpreter yields).
 *
 * `nulls` marks NULL positions with 1 (null when the vector has none); a NULL position's data is
 * unspecified.
 */
import { columnGet, lazyDictColumn, type Column, type Dictionary, type NumDictionary } from '../../types/batch.js';
import type { SqlType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';

export type Vec =
  | { readonly kind: 'num'; readonly data: Float64Array; readonly nulls: Uint8Array | null }
  | { readonly kind: 'bool'; readonly data: Uint8Array; readonly nulls: Uint8Array | null }
  | { readonly kind: 'val'; readonly data: Value[]; readonly dict?: Dictionary };

/**
 * Where kernels get the arrays of the vectors they return. By default each is a new array. A
 * program whose outputs are always read before the next such program is evaluated on the thread
 * (an aggregation's arguments, a filter's conjuncts, sort, join and partition keys — each read
 * synchronously) evaluates inside the thread's {@link VecArena}: the arrays of one evaluation are
 * reused by the next, so a scan of millions of rows does not allocate (and have the collector
 * free) an array per vector per batch.
 */
export class VecArena {
  private readonly f64s = new ArrayPool((n) => new Float64Array(n));
  private readonly u8s = new ArrayPool((n) => new Uint8Array(n));
  private readonly i32s = new ArrayPool((n) => new Int32Array(n));

  /** Hands the arrays out again from the first (the previous evaluation's vectors are dead). */
  reset(): void {
    this.f64s.next = 0;
    this.u8s.next = 0;
    this.i32s.next = 0;
  }

  f64(n: number, zero: boolean): Float64Array {
    return this.f64s.take(n, zero);
  }

  u8(n: number, zero: boolean): Uint8Array {
    return this.u8s.take(n, zero);
  }

  i32(n: number): Int32Array {
    return this.i32s.take(n, false);
  }
}

/** One kind of an arena's arrays, handed out in order since the last reset. */
class ArrayPool<A extends Float64Array | Uint8Array | Int32Array> {
  private readonly arrays: A[] = [];
  next = 0;

  constructor(private readonly make: (n: number) => A) {}

  /** An array of exactly n elements (a view of a longer one), zeroed when asked. */
  take(n: number, zero: boolean): A {
    if (n > ARENA_MAX) return this.make(n);
    let b = this.arrays[this.next];
    if (b === undefined || b.length < n) {
      b = this.make(Math.max(n, 1024));
      this.arrays[this.next] = b;
      zero = false;
    }
    this.next++;
    const v = (b.length === n ? b : b.subarray(0, n)) as A;
    if (zero) v.fill(0);
    return v;
  }
}

/** Longest vector an arena keeps for reuse (longer ones are allocated each time). */
const ARENA_MAX = 1 << 20;

/** The thread's arena (see {@link VecArena}). */
export const THREAD_ARENA = new VecArena();

let arena: VecArena | null = null;

/** Runs `f` with the kernels' arrays taken from `a` (null: new arrays). Synchronous only. */
export function withArena<T>(a: VecArena | null, f: () => T): T {
  const prev = arena;
  arena = a;
  try {
    return f();
  } finally {
    arena = prev;
  }
}

/** A vector's Float64Array of n elements whose contents the caller overwrites entirely. */
export function f64(n: number): Float64Array {
  return arena === null ? new Float64Array(n) : arena.f64(n, false);
}

/** A zeroed Float64Array of n elements for a vector. */
export function f64z(n: number): Float64Array {
  return arena === null ? new Float64Array(n) : arena.f64(n, true);
}

/** A vector's Uint8Array of n elements whose contents the caller overwrites entirely. */
export function u8(n: number): Uint8Array {
  return arena === null ? new Uint8Array(n) : arena.u8(n, false);
}

/** A zeroed Uint8Array of n elements for a vector (null flags set one by one). */
export function u8z(n: number): Uint8Array {
  return arena === null ? new Uint8Array(n) : arena.u8(n, true);
}

/** A vector's Int32Array of n elements whose contents the caller overwrites entirely. */
export function i32(n: number): Int32Array {
  return arena === null ? new Int32Array(n) : arena.i32(n);
}

/** The first n bytes of `a` in a vector array of their own. */
export function copyU8(a: Uint8Array, n: number): Uint8Array {
  const out = u8(n);
  out.set(a.subarray(0, n));
  return out;
}

/** Thrown by a kernel that cannot compute a batch exactly; the caller evaluates it row by row. */
export class VecFallback extends Error {
  constructor() {
    super('vector fallback');
  }
}
export const FALLBACK = new VecFallback();

/** Magnitude bound of exact integers in `num` vectors (see the module comment). */
export const EXACT = 4503599627370496; // 2^52
const TWO32 = 4294967296;

/** SQL types whose runtime value is a JS number or (bigint, decimal) an exact integer. */
export function isNumericType(t: SqlType): boolean {
  switch (t.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'real':
    case 'double':
    case 'decimal':
    case 'date':
    case 'interval_day_second':
    case 'interval_year_month':
      return true;
    case 'timestamp':
      // timestamp(7..12) values are { micros, nanos } objects (long-timestamp.ts).
      return !t.withTimeZone && t.precision <= 6;
    default:
      return false;
  }
}

/** Whether the type's runtime value is a bigint (BIGINT, DECIMAL's unscaled value). */
export function isBigType(t: SqlType): boolean {
  return t.kind === 'bigint' || t.kind === 'decimal';
}

function nullsOfValid(valid: Uint8Array | null, sel: Int32Array | null, n: number): Uint8Array | null {
  if (valid === null) return null;
  let out: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const r = sel === null ? i : sel[i]!;
    if ((valid[r >> 3]! & (1 << (r & 7))) === 0) (out ??= u8z(n))[i] = 1;
  }
  return out;
}

/**
 * The vector of a column at `sel` (all rows when null). Typed numeric columns are read without
 * allocating per row: a BIGINT/DECIMAL column through its 32-bit words.
 */
export function columnVec(c: Column, sel: Int32Array | null, n: number): Vec {
  if (c.kind !== 'values' && c.kind !== 'bool' && c.dict) {
    // Dictionary codes: each row's number looked up among the dictionary's few (its data is
    // never built).
    const doubles = dictDoubles(c.dict);
    if (doubles !== null) {
      const nulls = nullsOfValid(c.valid, sel, n);
      return { kind: 'num', data: gatherCodes(doubles, c.dict.codes, sel, n, nulls !== null), nulls };
    }
  }
  switch (c.kind) {
    case 'f64':
    case 'i32': {
      const src = c.data;
      let data: Float64Array;
      if (sel === null && c.kind === 'f64') data = src as Float64Array;
      else {
        data = f64(n);
        if (sel === null) for (let i = 0; i < n; i++) data[i] = src[i]!;
        else for (let i = 0; i < n; i++) data[i] = src[sel[i]!]!;
      }
      return { kind: 'num', data, nulls: nullsOfValid(c.valid, sel, n) };
    }
    case 'i64': {
      const w = new Int32Array(c.data.buffer, c.data.byteOffset, c.length * 2);
      const nulls = nullsOfValid(c.valid, sel, n);
      return { kind: 'num', data: i64Doubles(w, sel, n, nulls), nulls };
    }
    case 'bool': {
      const data = u8(n);
      const src = c.data;
      if (sel === null) data.set(src.subarray(0, n));
      else for (let i = 0; i < n; i++) data[i] = src[sel[i]!]!;
      return { kind: 'bool', data, nulls: nullsOfValid(c.valid, sel, n) };
    }
    case 'values': {
      if (c.dict) {
        // The dictionary codes ride along; grouping reads them, and the values are only built
        // if a kernel asks for them.
        let codes = c.dict.codes;
        if (sel !== null) {
          codes = i32(n);
          for (let i = 0; i < n; i++) codes[i] = c.dict.codes[sel[i]!]!;
        } else if (codes.length !== n) codes = codes.subarray(0, n);
        return dictVec(codes, c.dict.values, n);
      }
      const data = new Array<Value>(n);
      const src = c.data;
      if (sel === null) for (let i = 0; i < n; i++) data[i] = src[i] ?? null;
      else for (let i = 0; i < n; i++) data[i] = src[sel[i]!] ?? null;
      return { kind: 'val', data };
    }
  }
}

/**
 * All `n` rows of a column as a vector, exact whatever it holds: {@link columnVec}, or the
 * column's values when a BIGINT/DECIMAL value lies beyond ±2^52 (for keys compared as values).
 */
export function exactColumnVec(c: Column, n: number): Vec {
  try {
    return columnVec(c, null, n);
  } catch (err) {
    if (!(err instanceof VecFallback)) throw err;
  }
  const data = new Array<Value>(n);
  for (let i = 0; i < n; i++) data[i] = columnGet(c, i);
  return { kind: 'val', data };
}

/** A `val` vector as numbers; BIGINT/DECIMAL values outside ±2^52 fall back. */
export function asNum(v: Vec): Extract<Vec, { kind: 'num' }> {
  if (v.kind === 'num') return v;
  if (v.kind === 'bool') throw FALLBACK;
  const n = v.data.length;
  const data = f64z(n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const x = v.data[i];
    if (x === null || x === undefined) (nulls ??= u8z(n))[i] = 1;
    else if (typeof x === 'number') data[i] = x;
    else if (typeof x === 'bigint') {
      if (x >= 4503599627370496n || x <= -4503599627370496n) throw FALLBACK;
      data[i] = Number(x);
    } else throw FALLBACK;
  }
  return { kind: 'num', data, nulls };
}

export function asBool(v: Vec): Extract<Vec, { kind: 'bool' }> {
  if (v.kind === 'bool') return v;
  if (v.kind === 'num') throw FALLBACK;
  const n = v.data.length;
  const data = u8z(n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const x = v.data[i];
    if (x === null || x === undefined) (nulls ??= u8z(n))[i] = 1;
    else data[i] = x === true ? 1 : 0;
  }
  return { kind: 'bool', data, nulls };
}

/**
 * The 64-bit integers of `w` (little-endian word pairs) at `sel` as doubles; a non-NULL value
 * beyond ±2^52 throws FALLBACK (the batch is computed row by row, exactly). Kept apart from
 * {@link columnVec} so each loop is optimized on its own.
 */
function i64Doubles(w: Int32Array, sel: Int32Array | null, n: number, nulls: Uint8Array | null): Float64Array {
  const data = f64(n);
  let out = false;
  if (sel === null) {
    for (let i = 0; i < n; i++) {
      const v = w[2 * i + 1]! * TWO32 + (w[2 * i]! >>> 0);
      data[i] = v;
      if (v >= EXACT || v <= -EXACT) out = true;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const r = sel[i]! << 1;
      const v = w[r + 1]! * TWO32 + (w[r]! >>> 0);
      data[i] = v;
      if (v >= EXACT || v <= -EXACT) out = true;
    }
  }
  if (out) {
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      if (v >= EXACT || v <= -EXACT) {
        if (nulls === null || nulls[i] === 0) throw FALLBACK;
        data[i] = 0;
      }
    }
  }
  return data;
}

const dictNumbers = new WeakMap<object, Float64Array | null>();

/**
 * A numeric dictionary's values as exact doubles (cached per dictionary); null when a BIGINT or
 * DECIMAL value lies beyond ±2^52 (the column is then read through its data).
 */
function dictDoubles(d: NumDictionary<Int32Array> | NumDictionary<BigInt64Array> | NumDictionary<Float64Array>): Float64Array | null {
  let out = dictNumbers.get(d.values);
  if (out !== undefined) return out;
  const v = d.values;
  if (v instanceof BigInt64Array) {
    const w = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
    const data = new Float64Array(v.length);
    out = data;
    for (let i = 0; i < v.length; i++) {
      const x = w[2 * i + 1]! * TWO32 + (w[2 * i]! >>> 0);
      if (x >= EXACT || x <= -EXACT) {
        out = null;
        break;
      }
      data[i] = x;
    }
  } else out = v instanceof Float64Array ? v : Float64Array.from(v);
  dictNumbers.set(d.values, out);
  return out;
}

/** `values[codes[r]]` for the rows r of `sel`; a NULL row (code -1) reads 0. */
function gatherCodes(values: Float64Array, codes: Int32Array, sel: Int32Array | null, n: number, hasNulls: boolean): Float64Array {
  const data = hasNulls ? f64z(n) : f64(n);
  if (hasNulls) {
    for (let i = 0; i < n; i++) {
      const k = codes[sel === null ? i : sel[i]!]!;
      if (k >= 0) data[i] = values[k]!;
    }
  } else if (sel === null) for (let i = 0; i < n; i++) data[i] = values[codes[i]!]!;
  else for (let i = 0; i < n; i++) data[i] = values[codes[sel[i]!]!]!;
  return data;
}

/** A value vector over dictionary codes; `data` is built from the codes when first read. */
function dictVec(codes: Int32Array, values: readonly Value[], n: number): Vec {
  const c = lazyDictColumn({ kind: 'unknown' }, n, codes, values) as Extract<Column, { kind: 'values' }>;
  return {
    kind: 'val',
    dict: c.dict!,
    get data(): Value[] {
      return c.data;
    },
  };
}

/** Whether position i is NULL. */
export function isNullAt(v: Vec, i: number): boolean {
  if (v.kind === 'val') return v.data[i] === null;
  return v.nulls !== null && v.nulls[i] === 1;
}

/** The runtime value at position i, as the row interpreter would have produced it. */
export function valueAt(v: Vec, i: number, type: SqlType): Value {
  if (v.kind === 'val') return v.data[i] ?? null;
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  if (v.kind === 'bool') return v.data[i] === 1;
  const x = v.data[i]!;
  return isBigType(type) ? BigInt(x) : x;
}

/** The values of a vector (row-interpreter representation). */
export function vecValues(v: Vec, type: SqlType): Value[] {
  if (v.kind === 'val') return v.data;
  const n = v.data.length;
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = valueAt(v, i, type);
  return out;
}

function validOf(nulls: Uint8Array | null, n: number): Uint8Array | null {
  if (nulls === null) return null;
  const valid = new Uint8Array((n + 7) >> 3);
  let any = false;
  for (let i = 0; i < n; i++) {
    if (nulls[i] === 0) valid[i >> 3]! |= 1 << (i & 7);
    else any = true;
  }
  return any ? valid : null;
}

/**
 * A column of SQL type `type` holding the vector. Numbers become typed columns of the kind the
 * type's readers expect: i32 for the 32-bit integer types and dates, f64 for floating point and
 * timestamps, i64 (written through its 32-bit words) for BIGINT and DECIMAL of any precision —
 * a wide DECIMAL whose values fit 64 bits may live in an i64 column.
 */
export function vecToColumn(v: Vec, type: SqlType): Column {
  if (v.kind === 'val') {
    // A dictionary vector stays dictionary-encoded (its values built only if read).
    if (v.dict) return lazyDictColumn(type, v.dict.codes.length, v.dict.codes, v.dict.values);
    return { type, length: v.data.length, kind: 'values', data: v.data };
  }
  const n = v.data.length;
  const valid = validOf(v.nulls, n);
  if (v.kind === 'bool') return { type, length: n, kind: 'bool', data: v.data, valid };
  switch (type.kind) {
    case 'real':
    case 'double':
    case 'timestamp':
      return { type, length: n, kind: 'f64', data: v.data, valid };
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'date':
      return { type, length: n, kind: 'i32', data: Int32Array.from(v.data), valid };
    case 'bigint':
    case 'decimal': {
      const data = new BigInt64Array(n);
      const w = new Int32Array(data.buffer);
      const src = v.data;
      for (let i = 0; i < n; i++) {
        const x = src[i]!;
        const hi = Math.floor(x / TWO32);
        w[2 * i] = x - hi * TWO32;
        w[2 * i + 1] = hi;
      }
      return { type, length: n, kind: 'i64', data, valid };
    }
    default:
      return { type, length: n, kind: 'values', data: vecValues(v, type) };
  }
}

/**
 * A typed column of `type` holding `values` (runtime representation): i32 for the 32-bit integer
 * types and dates, f64 for floating point and timestamps, i64 for BIGINT and DECIMAL(p ≤ 18),
 * bool for BOOLEAN; a plain value column otherwise.
 */
export function typedColumn(type: SqlType, values: readonly Value[]): Column {
  const n = values.length;
  let valid: Uint8Array | null = null;
  const mark = (i: number): void => {
    if (valid === null) {
      valid = new Uint8Array((n + 7) >> 3).fill(0xff);
    }
    valid[i >> 3]! &= ~(1 << (i & 7));
  };
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'date':
    case 'real':
    case 'double':
    case 'timestamp': {
      if (type.kind === 'timestamp' && (type.withTimeZone || type.precision > 6)) break;
      const i32 = type.kind !== 'real' && type.kind !== 'double' && type.kind !== 'timestamp';
      const data = i32 ? new Int32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null || v === undefined) mark(i);
        else data[i] = v as number;
      }
      return i32
        ? { type, length: n, kind: 'i32', data: data as Int32Array, valid }
        : { type, length: n, kind: 'f64', data: data as Float64Array, valid };
    }
    case 'bigint':
    case 'decimal': {
      if (type.kind === 'decimal' && type.precision > 18) break;
      const data = new BigInt64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null || v === undefined) mark(i);
        else data[i] = typeof v === 'bigint' ? v : BigInt(v as number);
      }
      return { type, length: n, kind: 'i64', data, valid };
    }
    case 'boolean': {
      const data = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === null || v === undefined) mark(i);
        else data[i] = v ? 1 : 0;
      }
      return { type, length: n, kind: 'bool', data, valid };
    }
    default:
      break;
  }
  return { type, length: n, kind: 'values', data: values.map((v) => v ?? null) };
}
