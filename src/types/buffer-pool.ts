/**
 * Column arrays a thread reuses. A decoder takes the buffers of its column arrays here; an owner
 * that has read a batch to the end and holds nothing of it (a scan split's partial aggregation)
 * hands them back with {@link releaseBatchBuffers}, and the next row group's columns are decoded
 * into them. A buffer comes back zeroed, as a new one would be.
 *
 * Only buffers this pool issued are taken back (a buffer from anywhere else, a detached one or a
 * shared one is ignored), and each at most once until it is issued again.
 */
import type { Batch } from './batch.js';

/** Buffers held for reuse on this thread, at most this many bytes. */
const MAX_HELD_BYTES = 64 * 1024 * 1024;
/** Smaller buffers are not worth pooling. */
const MIN_BYTES = 64 * 1024;

const issued = new WeakSet<ArrayBuffer>();
const free = new Map<number, ArrayBuffer[]>();
let held = 0;

/** A zeroed buffer of `bytes` bytes: a released one of that size, or a new one. */
export function takeBuffer(bytes: number): ArrayBuffer {
  if (bytes < MIN_BYTES) return new ArrayBuffer(bytes);
  const list = free.get(bytes);
  const reused = list?.pop();
  if (reused !== undefined) {
    held -= bytes;
    new Uint8Array(reused).fill(0);
    issued.add(reused);
    return reused;
  }
  const b = new ArrayBuffer(bytes);
  issued.add(b);
  return b;
}

/** Gives a buffer back for reuse; nothing of it may be read or written afterwards. */
export function releaseBuffer(b: ArrayBufferLike): void {
  if (!(b instanceof ArrayBuffer) || !issued.has(b) || b.byteLength === 0) return;
  issued.delete(b);
  if (held + b.byteLength > MAX_HELD_BYTES) return;
  let list = free.get(b.byteLength);
  if (!list) free.set(b.byteLength, (list = []));
  list.push(b);
  held += b.byteLength;
}

/**
 * Gives back the pooled buffers of a batch its owner is done with: each column's data (when it
 * is built: a lazily built column is not built for this) and its dictionary codes.
 */
export function releaseBatchBuffers(b: Batch): void {
  for (const c of b.columns) {
    const d = Object.getOwnPropertyDescriptor(c, 'data');
    if (d && 'value' in d && ArrayBuffer.isView(d.value)) releaseBuffer(d.value.buffer);
    if (c.kind !== 'bool' && c.dict) releaseBuffer(c.dict.codes.buffer);
  }
}
