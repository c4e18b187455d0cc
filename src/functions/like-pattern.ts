/**
 * SQL LIKE without regular expressions. A pattern is split at `%` into segments of literal code
 * points and `_` (one code point); the first segment is anchored at the start, the last at the
 * end, and the ones between are found leftmost, in order. Leftmost placement is always right for
 * `%`-separated segments (a later `%` can absorb whatever an earlier choice skipped), so there is
 * no backtracking: time is at most input length × segment length, and a 50,000-`%a` pattern is
 * as easy as `%a%`. (A RegExp translation of such a pattern backtracks exponentially or fails to
 * compile.)
 */
import { AegisError } from '../errors.js';

/** One `%`-free run of the pattern: code points, with `_` as a wildcard. */
type Segment = readonly (number | null)[];

export interface LikePattern {
  /** Segments between `%`s, in order. */
  readonly segments: readonly Segment[];
  /** The pattern starts / ends with `%` (the first / last segment is not anchored there). */
  readonly leadingPercent: boolean;
  readonly trailingPercent: boolean;
}

/**
 * Parses a LIKE pattern.
 * @throws AegisError INVALID_FUNCTION_ARGUMENT for a bad escape character or escape sequence.
 */
export function parseLike(pattern: string, escape?: string | null): LikePattern {
  if (escape !== undefined && escape !== null && [...escape].length !== 1) {
    throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'Escape string must be a single character');
  }
  const esc = escape ?? undefined;
  const segments: Segment[] = [];
  let cur: (number | null)[] = [];
  let leadingPercent = false;
  let trailingPercent = false;
  const cps = [...pattern];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    trailingPercent = false;
    if (esc !== undefined && c === esc) {
      const n = cps[i + 1];
      if (n !== '%' && n !== '_' && n !== esc) {
        throw new AegisError('INVALID_FUNCTION_ARGUMENT', "Escape character must be followed by '%', '_' or the escape character itself");
      }
      cur.push(n.codePointAt(0)!);
      i++;
    } else if (c === '%') {
      if (i === 0) leadingPercent = true;
      if (cur.length > 0 || segments.length === 0) segments.push(cur);
      cur = [];
      trailingPercent = true;
    } else cur.push(c === '_' ? null : c.codePointAt(0)!);
  }
  if (!trailingPercent) segments.push(cur);
  // Empty segments between consecutive `%`s carry no constraint.
  const kept = segments.filter((s, i) => s.length > 0 || (i === 0 && !leadingPercent));
  return { segments: kept.length > 0 ? kept : [[]], leadingPercent, trailingPercent: trailingPercent || (cps.length > 0 && kept.length === 0) };
}

function matchesAt(text: Uint32Array, at: number, seg: Segment): boolean {
  for (let j = 0; j < seg.length; j++) {
    const want = seg[j];
    if (want !== null && text[at + j] !== want) return false;
  }
  return true;
}

/** Code points of `s` (LIKE's `_` is one code point). */
function codePoints(s: string): Uint32Array {
  const out = new Uint32Array(s.length);
  let n = 0;
  for (const ch of s) out[n++] = ch.codePointAt(0)!;
  return out.subarray(0, n);
}

/** Whether `s` matches the parsed LIKE pattern. */
export function likeMatches(p: LikePattern, s: string): boolean {
  const text = codePoints(s);
  const segs = p.segments;
  let pos = 0;
  let first = 0;
  let last = segs.length;
  if (!p.leadingPercent) {
    const seg = segs[0]!;
    if (segs.length === 1 && !p.trailingPercent) return text.length === seg.length && matchesAt(text, 0, seg);
    if (seg.length > text.length || !matchesAt(text, 0, seg)) return false;
    pos = seg.length;
    first = 1;
  }
  let end = text.length;
  if (!p.trailingPercent && last > first) {
    const seg = segs[last - 1]!;
    if (end - seg.length < pos || !matchesAt(text, end - seg.length, seg)) return false;
    end -= seg.length;
    last--;
  }
  for (let k = first; k < last; k++) {
    const seg = segs[k]!;
    let at = pos;
    while (at + seg.length <= end && !matchesAt(text, at, seg)) at++;
    if (at + seg.length > end) return false;
    pos = at + seg.length;
  }
  return true;
}
