/** Runtime values; see sql-type.ts for which JS representation each SQL type uses. */
export interface MapValue {
  readonly keys: Value[];
  readonly values: Value[];
}

export interface TimestampTzValue {
  /** Microseconds since epoch (UTC instant). */
  readonly micros: number;
  /** IANA zone name or offset like `+05:30`. */
  readonly zone: string;
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
  | TimestampTzValue;
