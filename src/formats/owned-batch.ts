/**
 * Copies a batch so that every typed column owns its buffer exactly. Decoders may hand out typed
 * arrays that are views into a larger buffer (Parquet columns view the Arrow IPC buffer of the
 * whole row group); transferring such a buffer to another thread would detach its neighbours.
 * Call this before listing `column.data.buffer` / `column.valid.buffer` as transferables.
 */
import { lazyDictColumn, type Batch, type Column } from '../types/batch.js';
import type { Value } from '../types/value.js';

function owns(a: ArrayBufferView): boolean {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && !(a.buffer instanceof SharedArrayBuffer);
}

export function ownedColumn(c: Column): Column {
  if (c.kind === 'values') {
    if (!c.dict || owns(c.dict.codes)) return c;
    return { ...c, dict: { codes: c.dict.codes.slice(), values: c.dict.values } };
  }
  const valid = c.valid === null || owns(c.valid) ? c.valid : c.valid.slice();
  switch (c.kind) {
    case 'f64':
      return { ...c, data: owns(c.data) ? c.data : c.data.slice(), valid };
    case 'i32':
      return { ...c, data: owns(c.data) ? c.data : c.data.slice(), valid };
    case 'i64':
      return { ...c, data: owns(c.data) ? c.data : c.data.slice(), valid };
    default:
      return { ...c, data: owns(c.data) ? c.data : c.data.slice(), valid };
  }
}

/** The batch with every typed column owning its buffers (columns already owning theirs are kept). */
export function ownedBatch(b: Batch): Batch {
  return { length: b.length, columns: b.columns.map(ownedColumn) };
}

/** The distinct buffers of a batch's typed columns, for `postMessage(batch, transferList)`. */
export function transferables(b: Batch): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const c of b.columns) {
    if (c.kind === 'values') {
      if (c.dict) out.add(c.dict.codes.buffer as ArrayBuffer);
      continue;
    }
    out.add(c.data.buffer as ArrayBuffer);
    if (c.valid) out.add(c.valid.buffer as ArrayBuffer);
  }
  return [...out];
}

/**
 * For posting to another thread: a dictionary-encoded value column travels as its codes and its
 * distinct values only (structured clone of one string per row is the costly part of a batch).
 */
export function packBatch(b: Batch): Batch {
  return {
    length: b.length,
    columns: b.columns.map((c) => (c.kind === 'values' && c.dict ? { type: c.type, length: c.length, kind: 'values', data: [], dict: c.dict } : c)),
  };
}

/**
 * Inverse of {@link packBatch}: a dictionary-encoded column whose values stayed behind gets them
 * back from its codes on first use of `data` (grouping and dictionary kernels read the codes
 * and never ask).
 */
export function unpackBatch(b: Batch): Batch {
  return {
    length: b.length,
    columns: b.columns.map((c) => {
      if (c.kind !== 'values' || !c.dict || c.data.length === c.length) return c;
      return lazyDictColumn(c.type, c.length, c.dict.codes, c.dict.values);
    }),
  };
}
