/**
 * Accumulates one column's values row by row and hands out a typed `Column` (typed array +
 * validity bitmap for fixed-width types, a plain array otherwise). Used by the row-oriented
 * decoders (text, JSON); Parquet builds columns from Arrow buffers directly.
 */
import type { Column } from '../types/batch.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { columnKindFor } from './format.js';

type Typed = Float64Array | Int32Array | BigInt64Array | Uint8Array;

export class ColumnBuilder {
  readonly kind: ReturnType<typeof columnKindFor>;
  private typed: Typed | null = null;
  /** The i64 kind's values as 32-bit words (little-endian pairs), for {@link appendInt64Number}. */
  private words: Int32Array | null = null;
  private values: Value[] = [];
  private valid: Uint8Array;
  private nulls = 0;
  private n = 0;

  constructor(
    readonly type: SqlType,
    private capacity = 1024,
  ) {
    this.kind = columnKindFor(type);
    this.typed = this.allocate(capacity);
    this.words = this.typed instanceof BigInt64Array ? new Int32Array(this.typed.buffer) : null;
    this.valid = new Uint8Array((capacity + 7) >> 3);
  }

  get length(): number {
    return this.n;
  }

  private allocate(cap: number): Typed | null {
    switch (this.kind) {
      case 'f64':
        return new Float64Array(cap);
      case 'i32':
        return new Int32Array(cap);
      case 'i64':
        return new BigInt64Array(cap);
      case 'bool':
        return new Uint8Array(cap);
      default:
        return null;
    }
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const t = this.allocate(cap);
    if (t && this.typed) (t as Int32Array).set(this.typed as Int32Array);
    this.typed = t;
    if (t instanceof BigInt64Array) this.words = new Int32Array(t.buffer);
    const v = new Uint8Array((cap + 7) >> 3);
    v.set(this.valid);
    this.valid = v;
    this.capacity = cap;
  }

  appendNull(): void {
    if (this.kind === 'values') this.values.push(null);
    else if (this.n === this.capacity) this.grow();
    this.nulls++;
    this.n++;
  }

  /** Appends a value in the runtime representation of `type` (null allowed). */
  append(v: Value): void {
    if (v === null) return this.appendNull();
    if (this.kind === 'values') {
      this.values.push(v);
      this.n++;
      return;
    }
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    this.valid[i >> 3]! |= 1 << (i & 7);
    switch (this.kind) {
      case 'i64':
        (this.typed as BigInt64Array)[i] = typeof v === 'bigint' ? v : BigInt(v as number);
        break;
      case 'bool':
        (this.typed as Uint8Array)[i] = v ? 1 : 0;
        break;
      default:
        (this.typed as Float64Array)[i] = v as number;
    }
  }

  /** Appends a non-null number to an i32 or f64 column (an integer type or date: in its range). */
  appendNumber(x: number): void {
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    this.valid[i >> 3]! |= 1 << (i & 7);
    (this.typed as Float64Array)[i] = x;
  }

  /**
   * Appends a BIGINT or DECIMAL (unscaled) value given as an exact integer of magnitude below
   * 2^53, written through the column's 32-bit words: no bigint is built.
   */
  appendInt64Number(x: number): void {
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    this.valid[i >> 3]! |= 1 << (i & 7);
    const w = this.words!;
    const hi = Math.floor(x / 4294967296);
    w[2 * i] = x - hi * 4294967296;
    w[2 * i + 1] = hi;
  }

  /** The finished column; the builder must not be used afterwards. */
  finish(): Column {
    const { type, n } = this;
    if (this.kind === 'values') return { type, length: n, kind: 'values', data: this.values };
    const valid = this.nulls === 0 ? null : this.valid.slice(0, (n + 7) >> 3);
    const data = this.typed!.subarray(0, n);
    switch (this.kind) {
      case 'f64':
        return { type, length: n, kind: 'f64', data: data as Float64Array, valid };
      case 'i32':
        return { type, length: n, kind: 'i32', data: data as Int32Array, valid };
      case 'i64':
        return { type, length: n, kind: 'i64', data: data as BigInt64Array, valid };
      default:
        return { type, length: n, kind: 'bool', data: data as Uint8Array, valid };
    }
  }
}
