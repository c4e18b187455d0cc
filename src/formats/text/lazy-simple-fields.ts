/**
 * Byte-level field reading for LazySimpleSerDe: splitting on a delimiter with the optional escape
 * byte, unescaping, the NULL marker, and per-type readers (primitive and nested) that turn a field
 * `[s, e)` of a line into a value. Invalid text becomes NULL, as in Hive.
 */
import type { SqlType } from '../../types/sql-type.js';
import type { ColumnBuilder } from '../column-builder.js';
import { columnKindFor } from '../format.js';
import type { Value } from '../../types/value.js';
import type { LazySimpleOptions } from './lazy-simple-options.js';
import { isStringType, textConverter } from './text-convert.js';
import { civilFromDays, daysFromCivil, parseBinaryText } from './text-values.js';

/** Reads the field `[s, e)` of `buf` as a value (null for NULL or invalid text). */
export type FieldReader = (buf: Buffer, s: number, e: number) => Value;

/** Appends the field `[s, e)` of `buf` to a column (NULL for NULL or invalid text). */
export type FieldAppender = (buf: Buffer, s: number, e: number, out: ColumnBuilder) => void;

/**
 * An appender for a top-level column of `type`: BIGINT and DECIMAL fields in the plain form go
 * into the column as numbers, without a bigint per field; everything else as its reader reads it.
 */
export function fieldAppender(type: SqlType, o: LazySimpleOptions): FieldAppender {
  const read = fieldReader(type, 1, o);
  const kind = columnKindFor(type);
  // The fast paths read only the plain forms (fastDecimal/fastInt: at most 15 digits, exact;
  // fastDate: yyyy-MM-dd); anything else goes through the reader, which decides.
  if (kind === 'i64' && type.kind === 'decimal') {
    const scale = type.scale;
    const limit = 10 ** type.precision;
    return (buf, s, e, out) => {
      const v = s === e ? NaN : fastDecimal(buf, s, e, scale);
      if (Number.isNaN(v)) out.append(read(buf, s, e));
      else if (Math.abs(v) < limit) out.appendInt64Number(v);
      else out.appendNull();
    };
  }
  if (kind === 'i64' && type.kind === 'bigint') {
    return (buf, s, e, out) => {
      const v = s === e ? NaN : fastInt(buf, s, e);
      if (Number.isNaN(v)) out.append(read(buf, s, e));
      else out.appendInt64Number(v);
    };
  }
  if (kind === 'i32' && type.kind === 'date') {
    return (buf, s, e, out) => {
      const v = s === e ? undefined : fastDate(buf, s, e);
      if (v === undefined) out.append(read(buf, s, e));
      else out.appendNumber(v);
    };
  }
  const range = kind === 'i32' ? intRange(type) : undefined;
  if (range) {
    const [min, max] = range;
    return (buf, s, e, out) => {
      const v = s === e ? NaN : fastInt(buf, s, e);
      if (Number.isNaN(v)) out.append(read(buf, s, e));
      else if (v >= min && v <= max) out.appendNumber(v);
      else out.appendNull();
    };
  }
  return (buf, s, e, out) => out.append(read(buf, s, e));
}

/**
 * Splits `[s, e)` on `sep`, skipping bytes preceded by `esc` (-1: none). Writes field bounds into
 * `bounds` as pairs and returns the number of fields found, stopping after `max` fields (the last
 * one then extends to `e` only when `restInLast`).
 */
export function splitFields(
  buf: Uint8Array,
  s: number,
  e: number,
  sep: number,
  esc: number,
  bounds: Int32Array,
  max: number,
  restInLast = false,
  view?: WordView,
): number {
  if (esc < 0 && !restInLast) return view ? splitWords(buf, view, s, e, sep, bounds, max) : splitPlain(buf, s, e, sep, bounds, max);
  let n = 0;
  let start = s;
  for (let i = s; i < e; i++) {
    const b = buf[i];
    if (b === esc) {
      i++;
    } else if (b === sep) {
      if (n === max - 1) {
        if (restInLast) break;
        bounds[2 * n] = start;
        bounds[2 * n + 1] = i;
        return max;
      }
      bounds[2 * n] = start;
      bounds[2 * n + 1] = i;
      n++;
      start = i + 1;
    }
  }
  bounds[2 * n] = start;
  bounds[2 * n + 1] = e;
  return n + 1;
}

/** The plain splitters' progress through a line: fields found so far, start of the current one. */
const progress = new Int32Array(2);

/**
 * Tests the bytes `[from, to)` of a line one by one for `sep`, recording fields in `bounds` from
 * {@link progress}; true once `max` fields are found.
 */
function scanBytes(buf: Uint8Array, from: number, to: number, sep: number, bounds: Int32Array, max: number): boolean {
  let n = progress[0]!;
  let start = progress[1]!;
  for (let i = from; i < to; i++) {
    if (buf[i] === sep) {
      bounds[2 * n] = start;
      bounds[2 * n + 1] = i;
      if (++n === max) return true;
      start = i + 1;
    }
  }
  progress[0] = n;
  progress[1] = start;
  return false;
}

/** Closes the line's last field at `e`; returns the number of fields. */
function lastField(bounds: Int32Array, e: number): number {
  const n = progress[0]!;
  bounds[2 * n] = progress[1]!;
  bounds[2 * n + 1] = e;
  return n + 1;
}

/** {@link splitFields} without an escape byte or a rest-taking last field: one test per byte. */
function splitPlain(buf: Uint8Array, s: number, e: number, sep: number, bounds: Int32Array, max: number): number {
  progress[0] = 0;
  progress[1] = s;
  return scanBytes(buf, s, e, sep, bounds, max) ? max : lastField(bounds, e);
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** A buffer's bytes as little-endian 32-bit words, for {@link splitFields}'s word-at-a-time scan. */
export interface WordView {
  readonly words: Int32Array;
  /** Byte i of the buffer is byte `i + base` of `words`. */
  readonly base: number;
}

/** The word view of `buf` (undefined on a big-endian machine: bytes are then tested one by one). */
export function wordView(buf: Uint8Array): WordView | undefined {
  if (!LITTLE_ENDIAN) return undefined;
  const base = buf.byteOffset & 3;
  return { words: new Int32Array(buf.buffer, buf.byteOffset - base, (buf.byteLength + base) >> 2), base };
}

/**
 * {@link splitPlain} four bytes at a time: each aligned word inside `[s, e)` is tested for the
 * separator with the exact zero-byte test (no borrow between bytes), and each separator found
 * is located from the lowest set bit; the unaligned head and tail go byte by byte.
 */
function splitWords(buf: Uint8Array, view: WordView, s: number, e: number, sep: number, bounds: Int32Array, max: number): number {
  const { words, base } = view;
  progress[0] = 0;
  progress[1] = s;
  const head = Math.min(e, s + ((4 - ((s + base) & 3)) & 3));
  if (scanBytes(buf, s, head, sep, bounds, max)) return max;
  const rep = Math.imul(sep, 0x01010101);
  let n = progress[0]!;
  let start = progress[1]!;
  const wEnd = (e + base) >> 2;
  for (let w = (head + base) >> 2; w < wEnd; w++) {
    const v = words[w]! ^ rep;
    // High bit of each byte of m set exactly where that byte of v is zero (a separator).
    let m = ~(((v & 0x7f7f7f7f) + 0x7f7f7f7f) | v | 0x7f7f7f7f);
    while (m !== 0) {
      const at = (w << 2) - base + ((31 - Math.clz32(m & -m)) >> 3);
      bounds[2 * n] = start;
      bounds[2 * n + 1] = at;
      if (++n === max) return max;
      start = at + 1;
      m &= m - 1;
    }
  }
  progress[0] = n;
  progress[1] = start;
  return scanBytes(buf, Math.max(head, (wEnd << 2) - base), e, sep, bounds, max) ? max : lastField(bounds, e);
}

/** All fields of `[s, e)` split on `sep` as `[start, end]` pairs. */
function splitAll(buf: Uint8Array, s: number, e: number, sep: number, esc: number): number[] {
  const out: number[] = [];
  let start = s;
  for (let i = s; i < e; i++) {
    const b = buf[i];
    if (b === esc) i++;
    else if (b === sep) {
      out.push(start, i);
      start = i + 1;
    }
  }
  out.push(start, e);
  return out;
}

/**
 * Removes escape bytes from `[s, e)`; `\r`/`\n` after the escape stand for CR/LF (Hive's
 * `LazyUtils.copyAndEscapeStringDataToText`). Returns the unescaped bytes.
 */
export function unescape(buf: Uint8Array, s: number, e: number, esc: number): Uint8Array {
  const out = new Uint8Array(e - s);
  let k = 0;
  for (let i = s; i < e; i++) {
    let b = buf[i]!;
    if (b === esc && i + 1 < e) {
      b = buf[++i]!;
      if (b === 0x72) b = 13;
      else if (b === 0x6e) b = 10;
    }
    out[k++] = b;
  }
  return out.subarray(0, k);
}

function isNullSeq(buf: Uint8Array, s: number, e: number, nul: Uint8Array): boolean {
  if (e - s !== nul.length) return false;
  for (let i = 0; i < nul.length; i++) if (buf[s + i] !== nul[i]) return false;
  return true;
}

/** Fast path for plain decimal integers of ≤ 15 digits; NaN when the bytes are anything else. */
function fastInt(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (buf[i] === 45 || buf[i] === 43) {
    neg = buf[i] === 45;
    i++;
  }
  if (i === e || e - i > 15) return NaN;
  let v = 0;
  for (; i < e; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? 0 - v : v; // 0 - v: "-0" is 0, not -0
}

/** 10^k for k ≤ 15 (exact doubles). */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Fast path for `[-]digits[.digits]` needing at most 15 digits once scaled to `scale` (so the
 * arithmetic is exact in a double): the unscaled value; NaN when the text is anything else.
 */
function fastDecimal(buf: Uint8Array, s: number, e: number, scale: number): number {
  let i = s;
  let neg = false;
  if (buf[i] === 45 || buf[i] === 43) {
    neg = buf[i] === 45;
    i++;
  }
  let v = 0, digits = 0, frac = -1;
  for (; i < e; i++) {
    const b = buf[i]!;
    if (b === 46) {
      if (frac >= 0) return NaN;
      frac = 0;
      continue;
    }
    const d = b - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
    digits++;
    if (frac >= 0) frac++;
  }
  if (frac < 0) frac = 0;
  if (digits === 0 || frac > scale || digits + scale - frac > 15) return NaN;
  v *= POW10[scale - frac]!;
  return neg ? -v : v;
}

/** Fast path for exactly `yyyy-MM-dd`: days since epoch, or undefined. */
function fastDate(buf: Uint8Array, s: number, e: number): number | undefined {
  if (e - s !== 10 || buf[s + 4] !== 45 || buf[s + 7] !== 45) return undefined;
  let y = 0, m = 0, d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const x = buf[s + i]! - 48;
    if (x < 0 || x > 9) return undefined;
    if (i < 4) y = y * 10 + x;
    else if (i < 7) m = m * 10 + x;
    else d = d * 10 + x;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const days = daysFromCivil(y, m, d);
  // Reject dates like 02-30 that roll over into the next month.
  return d > 28 && civilFromDays(days)[2] !== d ? undefined : days;
}

/** Only digits, sign, dot and exponent characters (what `Number` and Java agree on). */
function plainNumber(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const b = buf[i]!;
    if (!((b >= 48 && b <= 57) || b === 46 || b === 45 || b === 43 || b === 101 || b === 69)) return false;
  }
  return true;
}

function intRange(t: SqlType): [number, number] | undefined {
  switch (t.kind) {
    case 'tinyint':
      return [-128, 127];
    case 'smallint':
      return [-32768, 32767];
    case 'integer':
      return [-2147483648, 2147483647];
    default:
      return undefined;
  }
}

/** A reader for a value of `type` at nesting `level` (top-level columns are level 1). */
export function fieldReader(type: SqlType, level: number, o: LazySimpleOptions): FieldReader {
  const nul = o.nullSequence;
  const esc = o.escape;
  const sep = o.separators[Math.min(level, o.separators.length - 1)]!;
  switch (type.kind) {
    case 'array': {
      const elem = fieldReader(type.element, level + 1, o);
      return (buf, s, e) => {
        if (isNullSeq(buf, s, e, nul)) return null;
        if (s === e) return [];
        const b = splitAll(buf, s, e, sep, esc);
        const out: Value[] = [];
        for (let i = 0; i < b.length; i += 2) out.push(elem(buf, b[i]!, b[i + 1]!));
        return out;
      };
    }
    case 'map': {
      const kvSep = o.separators[Math.min(level + 1, o.separators.length - 1)]!;
      const key = fieldReader(type.key, level + 2, o);
      const val = fieldReader(type.value, level + 2, o);
      const kv = new Int32Array(4);
      return (buf, s, e) => {
        if (isNullSeq(buf, s, e, nul)) return null;
        const keys: Value[] = [];
        const values: Value[] = [];
        if (s === e) return { keys, values };
        const b = splitAll(buf, s, e, sep, esc);
        for (let i = 0; i < b.length; i += 2) {
          const n = splitFields(buf, b[i]!, b[i + 1]!, kvSep, esc, kv, 2, true);
          const k = key(buf, kv[0]!, kv[1]!);
          if (k === null) continue; // map keys cannot be NULL
          keys.push(k);
          values.push(n > 1 ? val(buf, kv[2]!, kv[3]!) : null);
        }
        return { keys, values };
      };
    }
    case 'row': {
      const readers = type.fields.map((f) => fieldReader(f.type, level + 1, o));
      const bounds = new Int32Array(2 * readers.length);
      return (buf, s, e) => {
        if (isNullSeq(buf, s, e, nul)) return null;
        const n = splitFields(buf, s, e, sep, esc, bounds, readers.length);
        return readers.map((r, j) => (j < n ? r(buf, bounds[2 * j]!, bounds[2 * j + 1]!) : null));
      };
    }
    case 'varbinary':
      return (buf, s, e) => (isNullSeq(buf, s, e, nul) ? null : parseBinaryText(buf.subarray(s, e)));
    default:
      break;
  }
  const convert = textConverter(type);
  if (isStringType(type)) {
    return (buf, s, e) => {
      if (isNullSeq(buf, s, e, nul)) return null;
      if (esc >= 0 && buf.indexOf(esc, s) >= 0 && buf.indexOf(esc, s) < e) {
        const u = unescape(buf, s, e, esc);
        return convert(Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('utf8')) ?? null;
      }
      return convert(buf.toString('utf8', s, e)) ?? null;
    };
  }
  const range = intRange(type);
  if (range) {
    const [min, max] = range;
    return (buf, s, e) => {
      if (s === e) return null;
      const v = fastInt(buf, s, e);
      if (!Number.isNaN(v)) return v >= min && v <= max ? v : null;
      return isNullSeq(buf, s, e, nul) ? null : (convert(buf.toString('latin1', s, e)) ?? null);
    };
  }
  if (type.kind === 'decimal') {
    const { precision, scale } = type;
    const limit = 10 ** precision;
    return (buf, s, e) => {
      if (s === e) return null;
      const v = fastDecimal(buf, s, e, scale);
      if (!Number.isNaN(v)) return Math.abs(v) < limit ? BigInt(v) : null;
      return isNullSeq(buf, s, e, nul) ? null : (convert(buf.toString('latin1', s, e)) ?? null);
    };
  }
  if (type.kind === 'date') {
    return (buf, s, e) => {
      if (s === e) return null;
      const v = fastDate(buf, s, e);
      if (v !== undefined) return v;
      return isNullSeq(buf, s, e, nul) ? null : (convert(buf.toString('utf8', s, e)) ?? null);
    };
  }
  if (type.kind === 'double' || type.kind === 'real') {
    const real = type.kind === 'real';
    return (buf, s, e) => {
      if (s === e) return null;
      if (plainNumber(buf, s, e)) {
        const v = Number(buf.toString('latin1', s, e));
        if (!Number.isNaN(v)) return real ? Math.fround(v) : v;
      }
      return isNullSeq(buf, s, e, nul) ? null : (convert(buf.toString('utf8', s, e)) ?? null);
    };
  }
  if (type.kind === 'bigint') {
    return (buf, s, e) => {
      if (s === e) return null;
      const v = fastInt(buf, s, e);
      if (!Number.isNaN(v)) return BigInt(v);
      return isNullSeq(buf, s, e, nul) ? null : (convert(buf.toString('latin1', s, e)) ?? null);
    };
  }
  // Other primitives: empty text is NULL for every non-string type.
  return (buf, s, e) => {
    if (s === e || isNullSeq(buf, s, e, nul)) return null;
    return convert(buf.toString('utf8', s, e)) ?? null;
  };
}
