/**
 * Window frame bounds over one sorted partition: for row `i`, the inclusive index range
 * `[start, end]` of rows the frame covers (empty when end < start). ROWS counts rows, GROUPS
 * counts peer groups, RANGE compares the single ORDER BY key against `key ± offset` (NULL keys
 * form their own peer group, which is the frame of a NULL-keyed row for offset bounds, as in
 * Trino). Without ORDER BY every row is a peer of every other. RANGE keys and offsets are
 * numbers, or bigints of epoch nanoseconds for timestamp(7..9) keys (with or without time zone),
 * which a double cannot hold exactly.
 */
import { AegisError } from '../errors.js';
import type { FrameBound, WindowFrame } from '../plan/logical/plan-node.js';
import { tsEpochNanos } from '../types/long-timestamp.js';
import type { SqlType } from '../types/sql-type.js';
import type { TimestampTzValue, Value } from '../types/value.js';

/** A RANGE key or offset: a number, or a bigint of nanoseconds for timestamp(7..9) keys. */
export type RangeKey = number | bigint;

export interface PartitionShape {
  /** Rows in the partition. */
  n: number;
  /** peerStart[i] / peerEnd[i]: first and last index of row i's peer group. */
  peerStart: Int32Array;
  peerEnd: Int32Array;
  /** Peer-group ordinal of each row. */
  group: Int32Array;
  /** First row index of each peer group. */
  groupStart: number[];
  /** For RANGE with offsets: the sort key as a number or bigint (null for NULL) and the direction. */
  rangeKey?: (RangeKey | null)[];
  ascending?: boolean;
  /**
   * For RANGE offsets that are `interval year to month` (offsets in months): how to move a key
   * by months — calendar arithmetic with day-of-month clamping, as Trino's `key ± interval`.
   */
  addMonths?: (key: RangeKey, months: number, row: number) => RangeKey;
}

/** A frame offset value as a non-negative number in the units of the range key. */
export function offsetNumber(v: Value, what: string): number {
  if (v === null) throw new AegisError('INVALID_WINDOW_FRAME', `Window frame ${what} offset must not be null`);
  const n = typeof v === 'bigint' ? Number(v) : (v as number);
  if (typeof n !== 'number' || Number.isNaN(n) || n < 0) {
    throw new AegisError('INVALID_WINDOW_FRAME', `Window frame ${what} offset must not be negative`);
  }
  return n;
}

/** Whether RANGE keys of type `t` are bigints of epoch nanoseconds (timestamp(7..9), any zone). */
export function nanosRangeKey(t: SqlType): boolean {
  return t.kind === 'timestamp' && t.precision > 6;
}

/**
 * A RANGE frame offset in the units of the ORDER BY key: an `interval day to second` (ms) is
 * days for a date key, microseconds for a timestamp(0..6) key and nanoseconds (a bigint) for a
 * timestamp(7..9) key; a decimal offset is scaled.
 */
export function rangeOffsetNumber(v: Value, offsetType: SqlType, keyType: SqlType, bound: FrameBound['type'] = 'preceding'): RangeKey {
  if (v === null) throw new AegisError('INVALID_WINDOW_FRAME', 'Window frame offset must not be null');
  if (offsetType.kind === 'interval_day_second') {
    const ms = offsetNumber(v, 'frame');
    if (keyType.kind === 'date') {
      // Trino computes key ∓ offset with date arithmetic, which takes whole days only.
      if (ms % 86_400_000 !== 0) {
        throw new AegisError('INVALID_FUNCTION_ARGUMENT', bound === 'following' ? 'Cannot add hour, minutes or seconds to a date' : 'Cannot subtract hour, minutes or seconds from a date');
      }
      return ms / 86_400_000;
    }
    if (nanosRangeKey(keyType)) return BigInt(ms) * 1_000_000n;
    if (keyType.kind === 'timestamp') return ms * 1000;
  }
  // Months: the key moves by calendar months (PartitionShape.addMonths).
  if (offsetType.kind === 'interval_year_month') return offsetNumber(v, 'frame');
  if (offsetType.kind === 'decimal') return offsetNumber(Number(v as bigint) / 10 ** offsetType.scale, 'frame');
  return offsetNumber(v, 'frame');
}

/** Converts an ORDER BY key value to a number (or bigint) usable for RANGE offsets. */
export function rangeKeyNumber(v: Value, t: SqlType): RangeKey | null {
  if (v === null) return null;
  if (t.kind === 'decimal') return Number(v as bigint) / 10 ** t.scale;
  // Dates count days, timestamps(0..6) microseconds and timestamps(7..9) nanoseconds, exactly,
  // as bigints (zoned ones of their instant); interval offsets are converted to match (see
  // rangeOffsetNumber).
  if (t.kind === 'timestamp' && t.precision > 6) {
    if (!t.withTimeZone) return tsEpochNanos(v);
    return BigInt((v as TimestampTzValue).micros) * 1000n + BigInt((v as TimestampTzValue).nanos ?? 0);
  }
  if (t.kind === 'timestamp' && t.withTimeZone) return (v as TimestampTzValue).micros;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  throw new AegisError('NOT_SUPPORTED', 'RANGE frame offsets need a numeric or date/time ORDER BY key');
}

function bound(b: FrameBound, offset: RangeKey, i: number, s: PartitionShape, isStart: boolean, mode: WindowFrame['mode']): number {
  switch (b.type) {
    case 'unbounded_preceding':
      return 0;
    case 'unbounded_following':
      return s.n - 1;
    case 'current_row':
      if (mode === 'rows') return i;
      return isStart ? s.peerStart[i]! : s.peerEnd[i]!;
    default:
      break;
  }
  const dir = b.type === 'preceding' ? -1 : 1;
  // ROWS and GROUPS offsets are always numbers.
  const off = offset as number;
  if (mode === 'rows') return i + dir * off;
  if (mode === 'groups') {
    const g = s.group[i]! + dir * off;
    const groups = s.groupStart.length;
    if (g < 0) return isStart ? 0 : -1;
    if (g >= groups) return isStart ? s.n : s.n - 1;
    if (isStart) return s.groupStart[g]!;
    return g + 1 < groups ? s.groupStart[g + 1]! - 1 : s.n - 1;
  }
  // RANGE with an offset.
  const keys = s.rangeKey!;
  const k = keys[i]!;
  if (k === null) return isStart ? s.peerStart[i]! : s.peerEnd[i]!;
  // The target key value in sort direction: PRECEDING moves against the sort order.
  const sign = s.ascending ? dir : -dir;
  let target: RangeKey;
  // Each bound moves by its own offset's kind: one frame may mix a month and a day offset.
  if (s.addMonths && b.offset?.type.kind === 'interval_year_month') target = s.addMonths(k, sign * off, i);
  else if (typeof k === 'bigint') target = k + BigInt(sign) * (offset as bigint);
  else target = k + sign * off;
  const before = (x: RangeKey) => (s.ascending ? x < target : x > target);
  const after = (x: RangeKey) => (s.ascending ? x > target : x < target);
  // Non-null keys are contiguous (NULLs sort to one end) and monotonic: binary search them.
  let lo = 0;
  let hi = s.n - 1;
  while (lo <= hi && keys[lo] === null) lo++;
  while (hi >= lo && keys[hi] === null) hi--;
  if (isStart) {
    let a = lo;
    let z = hi + 1;
    while (a < z) {
      const m = (a + z) >> 1;
      if (before(keys[m]!)) a = m + 1;
      else z = m;
    }
    return a;
  }
  let a = lo - 1;
  let z = hi;
  while (a < z) {
    const m = (a + z + 1) >> 1;
    if (after(keys[m]!)) z = m - 1;
    else a = m;
  }
  return a;
}

/** Frame of row `i` as an inclusive index range (may be empty). */
export function frameOf(frame: WindowFrame, offs: [RangeKey, RangeKey], i: number, s: PartitionShape): [number, number] {
  let start = bound(frame.start, offs[0], i, s, true, frame.mode);
  let end = bound(frame.end, offs[1], i, s, false, frame.mode);
  if (start < 0) start = 0;
  if (end > s.n - 1) end = s.n - 1;
  return [start, end];
}
