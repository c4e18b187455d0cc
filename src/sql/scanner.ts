/**
 * A small SQL token scanner used only to split scripts into statements and to route each
 * statement to the right grammar (Trino or Hive). It knows exactly as much lexical structure
 * as is needed to never split inside a string, a quoted identifier or a comment:
 *
 * - Trino: `'…'` strings with `''` as the only escape (a backslash is an ordinary character),
 *   `"…"` and `` `…` `` identifiers with doubled-quote escapes.
 * - Hive: `'…'` and `"…"` strings with backslash escapes, `` `…` `` identifiers.
 * - Both: `-- …` line comments and `/* … *\/` block comments.
 *
 * The full grammars (dt-sql-parser) do the real lexing afterwards.
 */

/** Which grammar a statement belongs to; decides how strings are lexed. */
export type Dialect = 'trino' | 'hive';

export interface ScanToken {
  /** `word` (keyword/identifier/number), `string`, `quoted` identifier, `punct`, or `end`. */
  type: 'word' | 'string' | 'quoted' | 'punct';
  /** Source text (words as written). */
  text: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

/** Thrown-free result of scanning: tokens up to the first `;` at depth 0 (or end of input). */
export interface ScanResult {
  tokens: ScanToken[];
  /** Offset just after the terminating `;`, or `sql.length`. */
  end: number;
  /** Offset of the terminating `;`, or `sql.length` when the statement ran to the end. */
  terminator: number;
  /** Set when a string, quoted identifier or block comment is not closed. */
  unterminated?: { what: string; line: number; column: number };
}

const WORD_START = /[A-Za-z_0-9$]/;
const WORD_PART = /[A-Za-z_0-9$@.]/;

/**
 * Tracks line/column while walking `sql` from `offset`.
 * Columns are 1-based, lines 1-based.
 */
export class Cursor {
  line = 1;
  column = 1;
  constructor(
    readonly sql: string,
    public offset = 0,
  ) {}
  /** Advances to `to`, updating line/column. */
  advanceTo(to: number): void {
    for (let i = this.offset; i < to; i++) {
      if (this.sql.charCodeAt(i) === 10) {
        this.line++;
        this.column = 1;
      } else {
        this.column++;
      }
    }
    this.offset = to;
  }
}

function skipQuoted(sql: string, i: number, quote: string, backslash: boolean): number {
  // Returns the offset just after the closing quote, or -1 if unterminated.
  let j = i + 1;
  while (j < sql.length) {
    const c = sql[j];
    if (backslash && c === '\\') {
      j += 2;
      continue;
    }
    if (c === quote) {
      if (!backslash && sql[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return -1;
}

/**
 * Scans one statement starting at `cursor.offset` using `dialect`'s string rules; stops after
 * the first `;` outside parentheses-insensitive context (a `;` is always a terminator outside
 * strings/comments). The cursor is left at `end`.
 */
export function scanStatement(cursor: Cursor, dialect: Dialect): ScanResult {
  const sql = cursor.sql;
  const tokens: ScanToken[] = [];
  let i = cursor.offset;
  const at = (pos: number) => {
    cursor.advanceTo(pos);
    return { line: cursor.line, column: cursor.column };
  };
  while (i < sql.length) {
    const c = sql[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) {
        const p = at(i);
        cursor.advanceTo(sql.length);
        return { tokens, end: sql.length, terminator: sql.length, unterminated: { what: 'comment', ...p } };
      }
      i = close + 2;
      continue;
    }
    if (c === ';') {
      at(i + 1);
      return { tokens, end: i + 1, terminator: i };
    }
    const p = at(i);
    if (c === "'" || c === '"' || c === '`') {
      const isString = c === "'" || (c === '"' && dialect === 'hive');
      const backslash = isString && dialect === 'hive';
      const j = skipQuoted(sql, i, c, backslash);
      if (j < 0) {
        cursor.advanceTo(sql.length);
        return {
          tokens,
          end: sql.length,
          terminator: sql.length,
          unterminated: { what: isString ? 'string literal' : 'quoted identifier', ...p },
        };
      }
      tokens.push({ type: isString ? 'string' : 'quoted', text: sql.slice(i, j), start: i, end: j, ...p });
      i = j;
      continue;
    }
    if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < sql.length && WORD_PART.test(sql[j]) && sql[j] !== '.') j++;
      tokens.push({ type: 'word', text: sql.slice(i, j), start: i, end: j, ...p });
      i = j;
      continue;
    }
    tokens.push({ type: 'punct', text: c, start: i, end: i + 1, ...p });
    i++;
  }
  cursor.advanceTo(sql.length);
  return { tokens, end: sql.length, terminator: sql.length };
}

/** Upper-cased text of the word tokens at the start of `tokens` (for routing). */
export function upperWords(tokens: ScanToken[], n: number): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (out.length >= n) break;
    out.push(t.type === 'word' ? t.text.toUpperCase() : t.text);
  }
  return out;
}
