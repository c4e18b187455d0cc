/**
 * psql's error context for a person at a terminal: the statement line an error points at, and a
 * caret under the column (`details.line` / `details.column`, 1-based, relative to `sql`).
 *
 *   ERROR SYNTAX_ERROR: line 2:6: mismatched input 'FORM'. …
 *   LINE 2: FROM FORM t
 *                ^
 * Long lines show a window around the position, cut with `…`.
 */
import { AegisError } from '../errors.js';
import { displayWidth } from './display-width.js';
import { escapeForTerminal } from './result-format.js';

/** Characters of context kept on each side of the position in a long line. */
const CONTEXT = 60;

/** The two lines (source, caret) for an error with a position in `sql`; none otherwise. */
export function caretLines(e: unknown, sql: string): string[] {
  if (!(e instanceof AegisError)) return [];
  const { line, column } = e.details;
  if (typeof line !== 'number' || typeof column !== 'number' || line < 1 || column < 1) return [];
  const text = sql.split('\n')[line - 1];
  if (text === undefined) return [];
  let before = text.slice(0, column - 1);
  let after = text.slice(column - 1);
  if (before.length > CONTEXT) before = '…' + before.slice(-CONTEXT);
  if (after.length > CONTEXT) after = after.slice(0, CONTEXT) + '…';
  const prefix = `LINE ${line}: `;
  const shownBefore = escapeForTerminal(before.replace(/\t/g, ' '));
  return [prefix + shownBefore + escapeForTerminal(after.replace(/\t/g, ' ')).trimEnd(), ' '.repeat(prefix.length + displayWidth(shownBefore)) + '^'];
}
