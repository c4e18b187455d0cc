/**
 * Reads the bytes a byte-range split of an uncompressed text object needs: from one byte before
 * its start (to tell whether the start is a record boundary) to the end of the last record that
 * starts inside it — found by growing the read past `end` until a line feed turns up. Only plain
 * and SSE objects get here; client-side encrypted objects are always read whole.
 */
import { openRange, type ProbedObject, type ReadContext } from '../crypto/index.js';
import type { ObjectStore } from '../storage/object-store.js';

const LF = 10;
const FIRST_OVERREAD = 64 * 1024;

export interface TextRange {
  /** The fetched bytes. */
  bytes: Uint8Array;
  /** The split's range, relative to `bytes`. */
  range: { start: number; end: number };
}

export async function readTextRange(
  store: ObjectStore,
  bucket: string,
  key: string,
  size: number,
  split: { start: number; end: number },
  ctx: ReadContext,
  probed?: ProbedObject,
): Promise<TextRange> {
  const from = Math.max(0, split.start - 1);
  let over = FIRST_OVERREAD;
  for (;;) {
    const to = Math.min(size, split.end + over); // exclusive
    const r = await openRange(store, bucket, key, { start: from, end: to - 1 }, ctx, probed);
    const bytes = r.bytes;
    // The last record owned by the split starts before `end`; it is complete once a line feed
    // appears at or after absolute offset end - 1, or when the object ends.
    const tail = Math.max(0, split.end - 1 - from);
    if (to >= size || bytes.indexOf(LF, tail) >= 0) {
      return { bytes, range: { start: split.start - from, end: split.end - from } };
    }
    over *= 4;
  }
}
