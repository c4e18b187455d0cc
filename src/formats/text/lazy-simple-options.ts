/**
 * LazySimpleSerDe properties → byte delimiters, following Hive's `LazySerDeParameters`:
 * `field.delim` (default ^A), `collection.delim` (^B), `mapkey.delim` (^C), then the fixed
 * nesting separators 4–8, 11, 14–26, 28–31 for deeper levels; `escape.delim`;
 * `serialization.null.format` (default `\N`); `serialization.last.column.takes.rest`.
 */
import { AegisError } from '../../errors.js';
import type { FormatProperties } from '../format.js';

export interface LazySimpleOptions {
  /** separators[0] splits fields, separators[L] splits nesting level L. */
  readonly separators: Uint8Array;
  /** Escape byte, or -1 when `escape.delim` is not set. */
  readonly escape: number;
  /** Bytes of the NULL marker. */
  readonly nullSequence: Uint8Array;
  readonly lastColumnTakesRest: boolean;
  readonly skipHeaderLines: number;
}

/**
 * Hive's `getByte`: a property that parses as a (signed) byte number is that byte (`'9'` is TAB),
 * otherwise its first character. Delimiters must be single-byte.
 */
export function delimiterByte(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  if (/^-?\d+$/.test(value)) {
    const n = Number(value);
    if (n >= -128 && n <= 127) return n & 0xff;
  }
  const c = value.codePointAt(0)!;
  if (c > 0x7f) {
    throw new AegisError('NOT_SUPPORTED', `Delimiter ${name}='${value}' is not a single-byte character`, { property: name });
  }
  return c;
}

function prop(p: FormatProperties, ...names: string[]): string | undefined {
  for (const n of names) if (p[n] !== undefined) return p[n];
  return undefined;
}

export function lazySimpleOptions(p: FormatProperties): LazySimpleOptions {
  const field = delimiterByte(prop(p, 'field.delim', 'serialization.format'), 1, 'field.delim');
  const coll = delimiterByte(prop(p, 'collection.delim', 'colelction.delim'), 2, 'collection.delim');
  const mapKey = delimiterByte(prop(p, 'mapkey.delim'), 3, 'mapkey.delim');
  const seps = [field, coll, mapKey];
  for (let b = 4; b <= 8; b++) seps.push(b);
  seps.push(11);
  for (let b = 14; b <= 26; b++) seps.push(b);
  for (let b = 28; b <= 31; b++) seps.push(b);
  const lineDelim = prop(p, 'line.delim');
  if (lineDelim !== undefined && lineDelim !== '\n' && lineDelim !== '10') {
    // Hive itself only supports '\n' (LINES TERMINATED BY); CR LF is handled as '\n'.
    throw new AegisError('NOT_SUPPORTED', `line.delim ${JSON.stringify(lineDelim)} is not supported; lines end with '\\n'`, { property: 'line.delim' });
  }
  const esc = prop(p, 'escape.delim');
  const nullFormat = prop(p, 'serialization.null.format') ?? '\\N';
  return {
    separators: Uint8Array.from(seps),
    escape: esc === undefined || esc === '' ? -1 : delimiterByte(esc, 92, 'escape.delim'),
    nullSequence: new TextEncoder().encode(nullFormat),
    lastColumnTakesRest: (prop(p, 'serialization.last.column.takes.rest') ?? '').toLowerCase() === 'true',
    skipHeaderLines: headerLines(p),
  };
}

/** `skip.header.line.count` as a non-negative integer (0 when absent). */
export function headerLines(p: FormatProperties): number {
  const v = p['skip.header.line.count'];
  if (v === undefined) return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new AegisError('INVALID_ARGUMENT', `skip.header.line.count must be a non-negative integer, got '${v}'`);
  }
  return n;
}
