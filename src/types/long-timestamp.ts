/**
 * Helpers for zone-less timestamps across both representations: plain epoch micros for
 * timestamp(0..6), {@link LongTimestampValue} (micros + nanos of the micro) for timestamp(7..12).
 * Functions generic over `timestamp(p)` read a value with {@link tsMicros} / {@link tsNanos} and
 * build their result with {@link tsOf}, so precisions ≤ 6 keep their fast number path.
 */
import type { SqlType } from './sql-type.js';
import type { LongTimestampValue, Value } from './value.js';

/** Whether values of `t` are {@link LongTimestampValue}s: timestamp(p > 6) without time zone. */
export function isLongTimestamp(t: SqlType): boolean {
  return t.kind === 'timestamp' && !t.withTimeZone && t.precision > 6;
}

/** Floored wall-clock epoch micros of a zone-less timestamp of any precision. */
export function tsMicros(v: Value): number {
  return typeof v === 'number' ? v : (v as LongTimestampValue).micros;
}

/** Nanoseconds within the microsecond (0 for precisions ≤ 6). */
export function tsNanos(v: Value): number {
  return typeof v === 'number' ? 0 : (v as LongTimestampValue).nanos;
}

/**
 * The value of a zone-less timestamp of precision `precision` at `micros` µs + `nanos` ns,
 * already rounded to that precision (the nanos must be 0 when `precision` ≤ 6).
 */
export function tsOf(micros: number, nanos: number, precision: number): Value {
  return precision > 6 ? ({ micros, nanos } satisfies LongTimestampValue) : micros;
}

/** A value shaped like `like` (a number or a LongTimestampValue) at `micros` µs + `nanos` ns. */
export function tsLike(like: Value, micros: number, nanos = 0): Value {
  return typeof like === 'number' ? micros : ({ micros, nanos } satisfies LongTimestampValue);
}

/** Epoch nanoseconds of a zone-less timestamp (wall clock read as UTC), exact. */
export function tsEpochNanos(v: Value): bigint {
  return BigInt(tsMicros(v)) * 1000n + BigInt(tsNanos(v));
}

/** Epoch micros of a zone-less timestamp, its nanoseconds rounded half up (for micro-precision sinks). */
export function tsRoundedMicros(v: Value): number {
  return typeof v === 'number' ? v : (v as LongTimestampValue).micros + ((v as LongTimestampValue).nanos >= 500 ? 1 : 0);
}
