/**
 * Small batch helpers shared by operators: gathering rows through a selection vector, building
 * batches from row-major values, and the target batch size.
 */
import type { Batch, Column } from '../types/batch.js';
import { columnGet, lazyDictColumn, lazyNumDictColumn, valuesColumn } from '../types/batch.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';

/** Rows per batch operators aim for when they produce batches themselves. */
export const BATCH_SIZE = 4096;

/** `a`, or when shorter than `size` a copy of it in an array of max(size, 2 × its length). */
export function grown<T extends Float64Array | Uint8Array | Int32Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const b = new (a.constructor as { new (n: number): T })(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

/** Copies the selected rows of one column (typed columns stay typed; dictionary columns keep their dictionary). */
export function gatherColumn(c: Column, sel: Int32Array | number[], n: number): Column {
  if (c.kind !== 'bool' && c.dict) {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = c.dict.codes[sel[i]!]!;
    if (c.kind === 'values') return lazyDictColumn(c.type, n, codes, c.dict.values);
    return lazyNumDictColumn(c.type, n, c.valid === null ? null : gatherValid(c.valid, sel, n), { codes, values: c.dict.values } as Parameters<typeof lazyNumDictColumn>[3]);
  }
  switch (c.kind) {
    case 'values': {
      const out = new Array<Value>(n);
      for (let i = 0; i < n; i++) out[i] = c.data[sel[i]!] ?? null;
      return { type: c.type, length: n, kind: 'values', data: out };
    }
    default: {
      const data = new (c.data.constructor as { new (n: number): typeof c.data })(n);
      let valid: Uint8Array | null = null;
      if (c.valid !== null) valid = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) {
        const s = sel[i]!;
        (data as unknown as Value[])[i] = (c.data as unknown as Value[])[s]!;
        if (valid !== null && (c.valid![s >> 3]! & (1 << (s & 7))) !== 0) valid[i >> 3]! |= 1 << (i & 7);
      }
      return { type: c.type, length: n, kind: c.kind, data, valid } as Column;
    }
  }
}

function gatherValid(valid: Uint8Array, sel: Int32Array | number[], n: number): Uint8Array {
  const out = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) {
    const s = sel[i]!;
    if ((valid[s >> 3]! & (1 << (s & 7))) !== 0) out[i >> 3]! |= 1 << (i & 7);
  }
  return out;
}

/**
 * One column holding `chunks` end to end: typed when every chunk has the same typed kind (their
 * arrays and validity copied), else a value column.
 */
export function concatColumns(type: SqlType, chunks: readonly Column[]): Column {
  if (chunks.length === 1) return chunks[0]!;
  const n = chunks.reduce((s, c) => s + c.length, 0);
  const kind = chunks[0]?.kind;
  if (kind !== undefined && kind !== 'values' && chunks.every((c) => c.kind === kind)) {
    const Ctor = chunks[0]!.data.constructor as { new (n: number): Float64Array | Int32Array | BigInt64Array | Uint8Array };
    const data = new Ctor(n);
    const anyNull = chunks.some((c) => c.kind !== 'values' && c.valid !== null);
    const valid = anyNull ? new Uint8Array((n + 7) >> 3) : null;
    let at = 0;
    for (const c of chunks) {
      if (c.kind === 'values') continue;
      (data as Float64Array).set(c.data.subarray(0, c.length) as Float64Array, at);
      if (valid !== null) {
        for (let i = 0; i < c.length; i++) {
          if (c.valid === null || (c.valid[i >> 3]! & (1 << (i & 7))) !== 0) valid[(at + i) >> 3]! |= 1 << ((at + i) & 7);
        }
      }
      at += c.length;
    }
    return { type, length: n, kind, data, valid } as Column;
  }
  const data = new Array<Value>(n);
  let at = 0;
  for (const c of chunks) {
    if (c.kind === 'values') for (let i = 0; i < c.length; i++) data[at + i] = c.data[i] ?? null;
    else for (let i = 0; i < c.length; i++) data[at + i] = columnGet(c, i);
    at += c.length;
  }
  return { type, length: n, kind: 'values', data };
}

export function gatherBatch(b: Batch, sel: Int32Array | number[], n: number): Batch {
  return { length: n, columns: b.columns.map((c) => gatherColumn(c, sel, n)) };
}

/** Keeps only the given columns (by position), without copying data. */
export function selectColumns(b: Batch, positions: readonly number[]): Batch {
  return { length: b.length, columns: positions.map((p) => b.columns[p]!) };
}

/** Builds a batch of value columns from row-major data. */
export function rowsToBatch(types: readonly SqlType[], rows: readonly Value[][]): Batch {
  const n = rows.length;
  const columns: Column[] = types.map((t, j) => {
    const data = new Array<Value>(n);
    for (let i = 0; i < n; i++) data[i] = rows[i]![j] ?? null;
    return valuesColumn(t, data);
  });
  return { length: n, columns };
}

/** Reads row `i` of a batch as an array. */
export function rowAt(b: Batch, i: number): Value[] {
  const out = new Array<Value>(b.columns.length);
  for (let j = 0; j < b.columns.length; j++) out[j] = columnGet(b.columns[j]!, i);
  return out;
}

/** Splits row-major data into batches of {@link BATCH_SIZE}. */
export function* rowsToBatches(types: readonly SqlType[], rows: readonly Value[][]): Generator<Batch> {
  for (let i = 0; i < rows.length; i += BATCH_SIZE) yield rowsToBatch(types, rows.slice(i, i + BATCH_SIZE));
}

/** Collects every row of a batch stream. */
export async function collectRows(stream: AsyncIterable<Batch>): Promise<Value[][]> {
  const rows: Value[][] = [];
  for await (const b of stream) for (let i = 0; i < b.length; i++) rows.push(rowAt(b, i));
  return rows;
}

/** A column holding one value repeated `n` times. */
export function constantColumn(type: SqlType, v: Value, n: number): Column {
  return valuesColumn(type, new Array<Value>(n).fill(v));
}
