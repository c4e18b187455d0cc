/** Runtime values; see sql-type.ts for which JS representation each SQL type uses. */
export interface MapValue {
  readonly keys: Value[];
  readonly values: Value[];
}

export interface TimestampTzValue {
  /** Microseconds since epoch (UTC instant), floored when `nanos` is set. */
  readonly micros: number;
  /** IANA zone name or offset like `+05:30`. */
  readonly zone: string;
  /**
   * Nanoseconds within the microsecond (1–999) for timestamp(7..9) with time zone; absent when
   * zero. The instant is `micros * 1000 + nanos` nanoseconds.
   */
  readonly nanos?: number;
}

/**
 * timestamp(p) without time zone for p > 6 (Trino's LongTimestamp): the wall clock as epoch
 * micros, floored, plus the nanoseconds within that microsecond (0–999; always present). The
 * instant is `micros * 1000 + nanos` ns. Precisions 0–6 stay plain numbers of micros.
 */
export interface LongTimestampValue {
  readonly micros: number;
  readonly nanos: number;
}

/** A zoned value at `micros` µs plus `nanos` ns (the field only when non-zero). */
export function zonedValue(micros: number, zone: string, nanos = 0): TimestampTzValue {
  return nanos === 0 ? { micros, zone } : { micros, zone, nanos };
}

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Value[]
  | MapValue
  | TimestampTzValue
  | LongTimestampValue;
