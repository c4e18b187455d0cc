/**
 * The REPL's input accumulator: lines go in, complete statements come out. A statement is
 * complete when its `;` has been typed; the script splitter decides what a `;` is, so one inside a
 * string literal, a quoted identifier or a comment never ends a statement, and a Hive DDL
 * statement is lexed with Hive's string rules (as the parser will).
 */
import { AegisError } from '../errors.js';
import { splitStatements, type StatementText } from '../sql/parse.js';

/** A complete statement (without its `;`) and where it starts in the whole input, 1-based. */
export interface BufferedStatement {
  text: string;
  line: number;
  column: number;
}

export class StatementBuffer {
  private text = '';
  /** Where `text` starts in the whole input (lines pushed so far count). */
  private start = { line: 1, column: 1 };
  private lines = 0;
  /** Set while the text ends inside a string, quoted identifier or block comment. */
  private open = false;

  /** True when nothing but whitespace is pending (what decides the prompt). */
  get empty(): boolean {
    return this.text.trim() === '';
  }

  /**
   * True while the pending text ends inside a string literal, quoted identifier or block
   * comment: a line typed now belongs to that token, so it is never a meta command.
   */
  get insideQuote(): boolean {
    return this.open;
  }

  /**
   * Appends one input line. Returns the statements it completed, in order and without their
   * `;`; the text after the last `;` stays pending. Empty statements (`;`, comments) are dropped.
   */
  push(line: string): BufferedStatement[] {
    if (this.text === '') this.start = { line: this.lines + 1, column: 1 };
    this.lines++;
    this.text += line + '\n';
    const { parts, complete } = this.split();
    const last = parts.at(-1);
    if (last === undefined) {
      // Only whitespace, comments and `;` before any open token: nothing to run.
      if (!this.open) this.text = '';
      return [];
    }
    const terminated = /^\s*;/.test(this.text.slice(last.offset + last.text.length, complete));
    const done = (terminated ? parts : parts.slice(0, -1)).map((p) => this.located(p));
    this.advance(terminated ? complete : last.offset);
    if (this.text.trim() === '') this.text = '';
    return done;
  }

  /**
   * At end of input: whatever is pending as statements, even without a final `;` (as `psql -f`
   * runs an unterminated last statement). Text that ends inside a string is returned whole so
   * the engine reports the SYNTAX_ERROR with its position.
   */
  flush(): BufferedStatement[] {
    const pending = this.text;
    const at = this.start;
    this.clear();
    if (pending.trim() === '') return [];
    try {
      return splitStatements(pending).map((p) => this.located(p, at));
    } catch (e) {
      if (e instanceof AegisError && e.code === 'SYNTAX_ERROR') return [{ text: pending.trimEnd(), ...at }];
      throw e;
    }
  }

  /** Drops the pending text (Ctrl-C, `\r`). */
  clear(): void {
    this.text = '';
    this.open = false;
  }

  /** A split part with its position in the whole input instead of in `text`. */
  private located(p: StatementText, at = this.start): BufferedStatement {
    return { text: p.text, line: at.line + p.line - 1, column: p.line === 1 ? at.column + p.column - 1 : p.column };
  }

  /** Drops the first `n` characters of `text`, moving `start` past them. */
  private advance(n: number): void {
    const dropped = this.text.slice(0, n);
    const nl = dropped.lastIndexOf('\n');
    if (nl < 0) {
      this.start = { line: this.start.line, column: this.start.column + n };
    } else {
      this.start = { line: this.start.line + dropped.split('\n').length - 1, column: n - nl };
    }
    this.text = this.text.slice(n);
  }

  /**
   * The statements of the pending text up to `complete`: the whole text, or where an open
   * string, identifier or comment starts (statements before it can run while it is still open).
   */
  private split(): { parts: StatementText[]; complete: number } {
    try {
      const parts = splitStatements(this.text);
      this.open = false;
      return { parts, complete: this.text.length };
    } catch (e) {
      // splitStatements throws only for an unterminated string, identifier or comment, at its start.
      if (!(e instanceof AegisError) || e.code !== 'SYNTAX_ERROR') throw e;
      this.open = true;
      const at = offsetOf(this.text, Number(e.details.line), Number(e.details.column));
      return { parts: splitStatements(this.text.slice(0, at)), complete: at };
    }
  }
}

/** The 0-based offset of a 1-based line/column (as the scanner counts them) in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return Math.min(text.length, at + column - 1);
}
