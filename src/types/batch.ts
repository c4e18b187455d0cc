import type { SqlType } from './sql-type.js';
import type { Value } from './value.js';

/**
 * A column of one batch. Fixed-width numeric types are stored in typed arrays with a validity
 * bitmap (bit set = non-null); everything else in a plain array of values. Operators read
 * through `get(i)` or, on hot paths, through the typed `data` directly.
 */
export type Column =
  | { type: SqlType; length: number; kind: 'f64'; data: Float64Array; valid: Uint8Array | null; dict?: NumDictionary<Float64Array> }
  | { type: SqlType; length: number; kind: 'i32'; data: Int32Array; valid: Uint8Array | null; dict?: NumDictionary<Int32Array> }
  | { type: SqlType; length: number; kind: 'i64'; data: BigInt64Array; valid: Uint8Array | null; dict?: NumDictionary<BigInt64Array> }
  | { type: SqlType; length: number; kind: 'bool'; data: Uint8Array; valid: Uint8Array | null }
  | { type: SqlType; length: number; kind: 'values'; data: Value[]; dict?: Dictionary };

/**
 * A dictionary-encoded view of a value column (Parquet dictionary pages keep their codes):
 * `data[i]` is `values[codes[i]]`, NULL where the code is -1. Operators may read the codes instead
 * of the values (grouping, equality); anything that builds a new column may drop it.
 */
export interface Dictionary {
  readonly codes: Int32Array;
  readonly values: readonly Value[];
}

/**
 * A dictionary-encoded view of a numeric column (Parquet dictionary pages keep their codes):
 * `data[i]` is `values[codes[i]]`; a NULL row (its validity bit clear) has code -1. `codes` may be
 * longer than the column. Kernels may read the codes and the few distinct values instead of the
 * rows; `data` is built only when something reads it.
 */
export interface NumDictionary<A extends Int32Array | BigInt64Array | Float64Array> {
  readonly codes: Int32Array;
  readonly values: A;
}

/** A set of equally long columns — the unit of work between operators and across threads. */
export interface Batch {
  readonly length: number;
  readonly columns: Column[];
}

export function isValid(valid: Uint8Array | null, i: number): boolean {
  return valid === null || (valid[i >> 3]! & (1 << (i & 7))) !== 0;
}

/** Reads one value out of a column in the runtime representation of its SQL type. */
export function columnGet(c: Column, i: number): Value {
  switch (c.kind) {
    case 'values':
      return c.data[i] ?? null;
    case 'bool':
      return isValid(c.valid, i) ? c.data[i] !== 0 : null;
    default:
      return isValid(c.valid, i) ? c.data[i]! : null;
  }
}

/** A column over plain values (the general case; typed columns are an optimisation). */
export function valuesColumn(type: SqlType, data: Value[]): Column {
  return { type, length: data.length, kind: 'values', data };
}

export function batchFromRows(types: SqlType[], rows: Value[][]): Batch {
  const columns = types.map((t, j) => valuesColumn(t, rows.map((r) => r[j] ?? null)));
  return { length: rows.length, columns };
}

export function batchToRows(b: Batch): Value[][] {
  const rows: Value[][] = [];
  for (let i = 0; i < b.length; i++) rows.push(b.columns.map((c) => columnGet(c, i)));
  return rows;
}

/**
 * A value column over dictionary codes whose `data` (the values the codes stand for, NULL for a
 * negative code) is built once, when first read: grouping and dictionary kernels read the codes.
 */
export function lazyDictColumn(type: SqlType, length: number, codes: Int32Array, values: readonly Value[]): Column {
  let data: Value[] | undefined;
  return {
    type,
    length,
    kind: 'values',
    dict: { codes, values },
    get data(): Value[] {
      if (data === undefined) {
        data = new Array<Value>(length);
        for (let i = 0; i < length; i++) {
          const k = codes[i]!;
          data[i] = k < 0 ? null : (values[k] ?? null);
        }
      }
      return data;
    },
  } as Column;
}

/**
 * A typed numeric column over dictionary codes (see {@link NumDictionary}) whose `data` is built
 * once, when first read; a NULL row's data is 0.
 */
export function lazyNumDictColumn(
  type: SqlType,
  length: number,
  valid: Uint8Array | null,
  dict: NumDictionary<Int32Array> | NumDictionary<BigInt64Array> | NumDictionary<Float64Array>,
): Column {
  const { codes, values } = dict;
  const kind = values instanceof BigInt64Array ? 'i64' : values instanceof Int32Array ? 'i32' : 'f64';
  let data: Int32Array | BigInt64Array | Float64Array | undefined;
  return {
    type,
    length,
    kind,
    valid,
    dict,
    get data(): Int32Array | BigInt64Array | Float64Array {
      if (data === undefined) {
        if (values instanceof BigInt64Array) {
          // Through the 32-bit words: no bigint per row.
          const out = new BigInt64Array(length);
          const w = new Int32Array(out.buffer);
          const vw = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
          for (let i = 0; i < length; i++) {
            const k = codes[i]!;
            if (k < 0) continue;
            w[2 * i] = vw[2 * k]!;
            w[2 * i + 1] = vw[2 * k + 1]!;
          }
          data = out;
        } else {
          const out = values instanceof Int32Array ? new Int32Array(length) : new Float64Array(length);
          for (let i = 0; i < length; i++) {
            const k = codes[i]!;
            if (k >= 0) out[i] = values[k]!;
          }
          data = out;
        }
      }
      return data;
    },
  } as Column;
}
