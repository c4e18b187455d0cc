/**
 * Copies a batch so that every typed column owns its buffer exactly. Decoders may hand out typed
 * arrays that are views into a larger buffer (Parquet columns view the Arrow IPC buffer of the
 * whole row group); transferring such a buffer to another thread would detach its neighbours.
 * Call this before listing `column.data.buffer` / `column.valid.buffer` as transferables.
 */
import { lazyDictColumn, lazyNumDictColumn, type Batch, type Column } from '../types/batch.js';
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
  if (c.kind !== 'bool' && c.dict) {
    // A numeric dictionary column stays codes (its data is not built for the trip).
    const { codes, values } = c.dict;
    const own = owns(codes) && codes.length === c.length ? codes : codes.slice(0, c.length);
    return lazyNumDictColumn(c.type, c.length, valid, { codes: own, values } as Parameters<typeof lazyNumDictColumn>[3]);
  }
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
    if (c.kind !== 'bool' && c.dict) {
      // Its codes travel (and its validity); the dictionary's few values are copied.
      out.add(c.dict.codes.buffer as ArrayBuffer);
      if (c.valid) out.add(c.valid.buffer as ArrayBuffer);
      continue;
    }
    out.add(c.data.buffer as ArrayBuffer);
    if (c.valid) out.add(c.valid.buffer as ArrayBuffer);
  }
  return [...out];
}

/**
 * For posting to another thread: a dictionary-encoded column travels as its codes and its
 * distinct values only (structured clone of one string per row is the costly part of a batch;
 * a numeric one's data is not built at all).
 */
export function packBatch(b: Batch): Batch {
  return {
    length: b.length,
    columns: b.columns.map((c): Column => {
      if (c.kind === 'values') return c.dict ? { type: c.type, length: c.length, kind: 'values', data: [], dict: c.dict } : c;
      // A numeric dictionary column: its codes, validity and values, with empty data.
      if (c.kind !== 'bool' && c.dict) return { type: c.type, length: c.length, kind: c.kind, valid: c.valid, data: new (c.dict.values.constructor as new (n: number) => never)(0), dict: c.dict } as Column;
      return c;
    }),
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
      if (c.kind === 'bool' || !c.dict || c.data.length === c.length) return c;
      if (c.kind === 'values') return lazyDictColumn(c.type, c.length, c.dict.codes, c.dict.values);
      return lazyNumDictColumn(c.type, c.length, c.valid, c.dict as Parameters<typeof lazyNumDictColumn>[3]);
    }),
  };
}
