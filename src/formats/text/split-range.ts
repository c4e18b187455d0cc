/**
 * Byte-range splits of line-oriented objects.
 *
 * The rule: a split `[start, end)` owns exactly the records whose first byte lies in
 * `[start, end)`. A record starts at offset 0 or right after a `\n`. So a split with `start > 0`
 * skips the partial record it begins in (it belongs to the previous split), and every split reads
 * past `end` to finish its last record. Any partition of `[0, length)` into adjacent splits thus
 * yields every record exactly once (Hadoop's LineRecordReader makes the same promise).
 *
 * Only uncompressed objects split; a quoted OpenCSV field containing a line break can be cut by a
 * split boundary, which is why Athena documents that OpenCSVSerde does not support embedded line
 * breaks — a whole-object read (no range) handles them.
 */
import type { ByteRange } from '../format.js';

const LF = 10;

/** Offset of the first record owned by a split starting at `start` (may be ≥ length: none). */
export function firstRecordStart(bytes: Uint8Array, start: number): number {
  if (start <= 0) return 0;
  const nl = bytes.indexOf(LF, start - 1);
  return nl < 0 ? bytes.length : nl + 1;
}

/** The effective `[first record start, end)` of a split over `bytes` (whole object when absent). */
export function resolveRange(bytes: Uint8Array, range: ByteRange | undefined): { first: number; end: number } {
  if (!range) return { first: 0, end: bytes.length };
  return { first: firstRecordStart(bytes, range.start), end: Math.min(range.end, bytes.length) };
}

/** Splits `[0, length)` into ranges of about `size` bytes (for the coordinator and tests). */
export function planSplits(length: number, size: number): ByteRange[] {
  const out: ByteRange[] = [];
  for (let s = 0; s < length; s += size) out.push({ start: s, end: Math.min(length, s + size) });
  return out.length ? out : [{ start: 0, end: 0 }];
}
