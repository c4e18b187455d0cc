/**
 * A byte-level tokenizer with the semantics of opencsv 2.3's `CSVParser` (what Hive's
 * OpenCSVSerde runs), over UTF-8 bytes:
 *   - fields split on `separator` outside quotes; `quote` toggles quoting;
 *   - a doubled quote inside a quoted field is one quote;
 *   - `escape` before a quote or an escape (inside a field) yields that byte; before anything
 *     else the escape byte is dropped;
 *   - opencsv's "embedded quote in the middle" rule (`a,b"c"d,e`) is reproduced;
 *   - a line break inside quotes continues the field with `\n` (CR LF and LF both end lines);
 *   - a quote left open at end of input closes there.
 * Separator, quote and escape must be distinct single-byte (ASCII) characters.
 */
import { AegisError } from '../../errors.js';
import type { FormatProperties } from '../format.js';

const LF = 10;
const CR = 13;

export interface OpenCsvDialect {
  readonly separator: number;
  readonly quote: number;
  readonly escape: number;
}

function charProp(p: FormatProperties, name: string, fallback: string): number {
  const v = p[name] ?? fallback;
  const c = v === '' ? fallback.charCodeAt(0) : v.codePointAt(0)!;
  if (c > 0x7f) throw new AegisError('NOT_SUPPORTED', `${name}='${v}' must be a single-byte character`, { property: name });
  return c;
}

/** OpenCSVSerde properties `separatorChar` (`,`), `quoteChar` (`"`), `escapeChar` (`\`). */
export function openCsvDialect(p: FormatProperties): OpenCsvDialect {
  const d = {
    separator: charProp(p, 'separatorChar', ','),
    quote: charProp(p, 'quoteChar', '"'),
    escape: charProp(p, 'escapeChar', '\\'),
  };
  if (d.separator === d.quote || d.separator === d.escape || d.quote === d.escape) {
    throw new AegisError('INVALID_ARGUMENT', 'OpenCSVSerde separatorChar, quoteChar and escapeChar must all differ');
  }
  return d;
}

function isWhitespace(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13) || (b >= 28 && b <= 31);
}

/** Parses CSV records out of a byte buffer; one instance per object (it owns a scratch buffer). */
export class OpenCsvTokenizer {
  private scratch = Buffer.allocUnsafe(256);
  private len = 0;
  /** Offset just past the last record returned by `next`. */
  pos = 0;
  /**
   * The last record returned by `next` ended at the end of the input rather than at a line
   * terminator: when more input follows (a stream), it may be incomplete.
   */
  atEnd = false;
  /** Line feeds inside the last record returned by `next` (embedded ones and its terminator). */
  lineFeeds = 0;

  constructor(
    private buf: Buffer,
    private readonly d: OpenCsvDialect,
  ) {}

  /** Continues on another buffer (the next window of a stream), from offset `pos`. */
  reset(buf: Buffer, pos: number): void {
    this.buf = buf;
    this.pos = pos;
  }

  /** Ends the current record at `i` (the end of input or its line terminator). */
  private finish(i: number): void {
    const n = this.buf.length;
    this.atEnd = i >= n;
    if (!this.atEnd) this.lineFeeds++;
    this.pos = i >= n ? n : i + (this.buf[i] === CR ? 2 : 1);
  }

  private push(b: number): void {
    if (this.len === this.scratch.length) {
      const g = Buffer.allocUnsafe(this.scratch.length * 2);
      this.scratch.copy(g);
      this.scratch = g;
    }
    this.scratch[this.len++] = b;
  }

  private take(out: string[]): void {
    out.push(this.len === 0 ? '' : this.scratch.toString('utf8', 0, this.len));
    this.len = 0;
  }

  /** Is the byte at `i` the end of the current line (LF, CR LF, or end of input)? */
  private atLineEnd(i: number): boolean {
    const b = this.buf[i];
    return i >= this.buf.length || b === LF || (b === CR && this.buf[i + 1] === LF);
  }

  /**
   * The record starting at `this.pos` as its fields, advancing `pos` past its line terminator;
   * `undefined` at end of input.
   */
  next(): string[] | undefined {
    const { buf, d } = this;
    const n = buf.length;
    let i = this.pos;
    if (i >= n) return undefined;
    const out: string[] = [];
    this.lineFeeds = 0;
    let lineStart = i;
    let inQuotes = false;
    let inField = false;
    this.len = 0;
    for (;;) {
      if (this.len === 0 && !inQuotes && !inField) {
        // Fast path: a field of ordinary bytes ends at a separator or line end; take it as a
        // slice instead of copying byte by byte (same result as the general loop below).
        let j = i;
        while (j < n) {
          const c = buf[j];
          if (c === d.separator || c === d.quote || c === d.escape || c === LF || c === CR) break;
          j++;
        }
        if (j === i && buf[i] === d.quote) {
          // Fast path for a quoted field without escapes, doubled quotes or line breaks.
          let q = i + 1;
          while (q < n) {
            const c = buf[q];
            if (c === d.quote || c === d.escape || c === LF || c === CR) break;
            q++;
          }
          const after = q + 1;
          if (q < n && buf[q] === d.quote && (this.atLineEnd(after) || buf[after] === d.separator)) {
            out.push(q > i + 1 ? buf.toString('utf8', i + 1, q) : '');
            if (after < n && buf[after] === d.separator) {
              i = after + 1;
              continue;
            }
            this.finish(after);
            return out;
          }
        }
        const atSep = j < n && buf[j] === d.separator;
        if (atSep || this.atLineEnd(j)) {
          out.push(j > i ? buf.toString('utf8', i, j) : '');
          if (atSep) {
            i = j + 1;
            continue;
          }
          this.finish(j);
          return out;
        }
      }
      if (this.atLineEnd(i)) {
        if (inQuotes && i < n) {
          // A quoted field continues on the next line (opencsv's multi-line mode).
          this.push(LF);
          this.lineFeeds++;
          i += buf[i] === CR ? 2 : 1;
          lineStart = i;
          inField = false;
          continue;
        }
        this.take(out);
        this.finish(i);
        return out;
      }
      const b = buf[i]!;
      if (b === d.escape) {
        const nb = buf[i + 1];
        if ((inQuotes || inField) && !this.atLineEnd(i + 1) && (nb === d.quote || nb === d.escape)) {
          this.push(nb!);
          i++;
        }
      } else if (b === d.quote) {
        const nb = buf[i + 1];
        if ((inQuotes || inField) && !this.atLineEnd(i + 1) && nb === d.quote) {
          this.push(nb);
          i++;
        } else {
          if (
            this.charIndex(lineStart, i) > 2 &&
            buf[i - 1] !== d.separator &&
            !this.atLineEnd(i + 1) &&
            nb !== d.separator
          ) {
            if (this.len > 0 && this.allWhitespace()) this.len = 0;
            else this.push(b);
          }
          inQuotes = !inQuotes;
        }
        inField = !inField;
      } else if (b === d.separator && !inQuotes) {
        this.take(out);
        inField = false;
      } else {
        this.push(b);
        inField = true;
      }
      i++;
    }
  }

  /** opencsv counts UTF-16 units within the line; count UTF-8 lead bytes to match. */
  private charIndex(lineStart: number, i: number): number {
    let c = 0;
    for (let k = lineStart; k < i && c <= 3; k++) {
      const b = this.buf[k]!;
      if ((b & 0xc0) !== 0x80) c += b >= 0xf0 ? 2 : 1; // 4-byte sequences are surrogate pairs
    }
    return c;
  }

  private allWhitespace(): boolean {
    for (let k = 0; k < this.len; k++) if (!isWhitespace(this.scratch[k]!)) return false;
    return true;
  }
}
