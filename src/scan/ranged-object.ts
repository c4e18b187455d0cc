/**
 * A plain or SSE object read by byte ranges, as a {@link PositionalReader}: a Parquet split reads
 * the footer first and then only the column chunks it needs (S3 `Range` GETs; the store decrypts
 * SSE ranges). Client-side encrypted objects are never read this way — GCM authenticates the
 * whole object, so they are read whole (`openObject`).
 */
import { openRange, type ProbedObject, type ReadContext } from '../crypto/index.js';
import type { PositionalReader } from '../formats/format.js';
import type { ObjectStore } from '../storage/object-store.js';

export function rangedReader(
  store: ObjectStore,
  bucket: string,
  key: string,
  size: number,
  ctx: ReadContext,
  probe: ProbedObject,
  onBytes: (n: number) => void,
): PositionalReader {
  // Ranges already fetched (the footer read often covers a small object whole): a slice inside
  // one is served from it, so nothing is fetched — or counted as scanned — twice.
  const fetched: { start: number; bytes: Uint8Array }[] = [];
  const copy = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  return {
    byteLength: size,
    async slice(start, end = size) {
      const from = Math.max(0, Math.min(start, size));
      const to = Math.max(from, Math.min(end, size));
      if (to === from) return new ArrayBuffer(0);
      const hit = fetched.find((f) => f.start <= from && to <= f.start + f.bytes.byteLength);
      if (hit) return copy(hit.bytes.subarray(from - hit.start, to - hit.start));
      const r = await openRange(store, bucket, key, { start: from, end: to - 1 }, ctx, probe);
      onBytes(r.bytes.byteLength);
      fetched.push({ start: from, bytes: r.bytes });
      return copy(r.bytes);
    },
  };
}
