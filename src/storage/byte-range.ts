/** HTTP byte ranges (RFC 9110 §14) as S3 applies them to GetObject. */
import { AegisError } from '../errors.js';
import type { ByteRange } from './object-store.js';

/** The `Range` header value: `bytes=a-b`, `bytes=a-`, or the suffix form `bytes=-n`. */
export function formatRange(r: ByteRange): string {
  if ('suffix' in r) return `bytes=-${r.suffix}`;
  return `bytes=${r.start}-${r.end ?? ''}`;
}

/** Rejects ranges no server would accept as written (negative, reversed, non-integer). */
export function checkRange(r: ByteRange): void {
  const ok =
    'suffix' in r
      ? Number.isSafeInteger(r.suffix) && r.suffix > 0
      : Number.isSafeInteger(r.start) && r.start >= 0 && (r.end === undefined || (Number.isSafeInteger(r.end) && r.end >= r.start));
  if (!ok) throw new AegisError('INVALID_ARGUMENT', `Invalid byte range ${JSON.stringify(r)}.`);
}

/**
 * The inclusive span a range selects in an object of `size` bytes, clamped to the object as S3
 * does (`end` past the end, or a suffix longer than the object, select up to the end). Null when
 * the range is not satisfiable (start at or past the end: S3's 416).
 */
export function resolveRange(r: ByteRange, size: number): { start: number; end: number } | null {
  checkRange(r);
  if ('suffix' in r) {
    if (size === 0) return null;
    return { start: Math.max(0, size - r.suffix), end: size - 1 };
  }
  if (r.start >= size) return null;
  return { start: r.start, end: Math.min(size - 1, r.end ?? size - 1) };
}

/** Parses `Content-Range: bytes a-b/total` (total may be `*`, reported as -1). */
export function parseContentRange(h: string | undefined): { start: number; end: number; total: number } | undefined {
  const m = h && /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(h.trim());
  if (!m) return undefined;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? -1 : Number(m[3]) };
}
