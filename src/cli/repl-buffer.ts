/**
 * The REPL's input accumulator: lines go in, complete statements come out. A statement is
 * complete when its `;` has been typed; the script splitter decides what a `;` is, so one inside a
 * string literal, a quoted identifier or a comment never ends a statement, and a Hive DDL
 * statement is lexed with Hive's string rules (as the parser will).
 */
import { AegisError } from '../errors.js';
import { splitStatements, type StatementText } from '../sql/parse.js';

export class StatementBuffer {
  private text = '';
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
  push(line: string): string[] {
    this.text += line + '\n';
    const { parts, complete } = this.split();
    const last = parts.at(-1);
    if (last === undefined) {
      // Only whitespace, comments and `;` before any open token: nothing to run.
      if (!this.open) this.text = '';
      return [];
    }
    const terminated = /^\s*;/.test(this.text.slice(last.offset + last.text.length, complete));
    if (terminated) {
      this.text = this.text.slice(complete);
      if (this.text.trim() === '') this.text = '';
      return parts.map((p) => p.text);
    }
    this.text = this.text.slice(last.offset);
    return parts.slice(0, -1).map((p) => p.text);
  }

  /**
   * At end of input: whatever is pending as statements, even without a final `;` (as `psql -f`
   * runs an unterminated last statement). Text that ends inside a string is returned whole so
   * the engine reports the SYNTAX_ERROR with its position.
   */
  flush(): string[] {
    const pending = this.text;
    this.clear();
    if (pending.trim() === '') return [];
    try {
      return splitStatements(pending).map((p) => p.text);
    } catch (e) {
      if (e instanceof AegisError && e.code === 'SYNTAX_ERROR') return [pending.trimEnd()];
      throw e;
    }
  }

  /** Drops the pending text (Ctrl-C, `\r`). */
  clear(): void {
    this.text = '';
    this.open = false;
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
