/**
 * Limits on the size and shape of one statement, so that no statement can exhaust the stack or
 * keep the parser busy for minutes (ANTLR's prediction slows down sharply with nesting, and every
 * later stage — binder, planner, evaluator — recurses over the tree). Past a limit the statement
 * is refused with QUERY_TOO_COMPLEX, as Trino says a statement is too large or complex:
 *
 *  - length: MAX_STATEMENT_LENGTH characters, Athena's limit for `QueryString`;
 *  - nesting: MAX_NESTING_DEPTH levels of parentheses, brackets and CASE…END, counted on the
 *    tokens before the grammar runs (so a 20,000-deep statement is refused in milliseconds);
 *  - tree depth: MAX_EXPRESSION_DEPTH nested AST nodes, counted after parsing without recursion —
 *    this bounds flat chains that parse into deep trees (`1+1+…`, `a OR b OR …`, `UNION ALL`);
 *  - and a stack overflow anywhere in parsing still ends as QUERY_TOO_COMPLEX, never as
 *    INTERNAL_ERROR.
 */
import { AegisError, quoteInput } from '../errors.js';
import type { Statement } from './ast.js';
import type { ScanToken } from './scanner.js';

/** Athena's maximum `QueryString` length. */
export const MAX_STATEMENT_LENGTH = 262_144;
/** Parentheses, brackets and CASE…END open at once. */
export const MAX_NESTING_DEPTH = 100;
/** Nested AST nodes (expressions, set operations, subqueries) on any path from the root. */
export const MAX_EXPRESSION_DEPTH = 500;

function tooComplex(message: string, details: Record<string, unknown> = {}, cause?: unknown): AegisError {
  return new AegisError('QUERY_TOO_COMPLEX', `${message}. Simplify the statement, or split it into several.`, details, cause === undefined ? undefined : { cause });
}

/**
 * Checks the statement's length and lexical nesting before the grammar runs.
 * @param text the statement's text (from its first token to its `;`).
 * @throws AegisError QUERY_TOO_COMPLEX with the line and column where the limit was passed.
 */
export function checkStatementShape(text: string, tokens: readonly ScanToken[]): void {
  if (text.length > MAX_STATEMENT_LENGTH) {
    throw tooComplex(`The statement is ${text.length} characters long; the maximum is ${MAX_STATEMENT_LENGTH} (Athena's limit). It starts ${quoteInput(text, 60)}`, { length: text.length, limit: MAX_STATEMENT_LENGTH });
  }
  let depth = 0;
  for (const t of tokens) {
    let open = false;
    if (t.type === 'punct') {
      if (t.text === '(' || t.text === '[') open = true;
      else if (t.text === ')' || t.text === ']') depth--;
    } else if (t.type === 'word') {
      const w = t.text.length === 4 || t.text.length === 3 ? t.text.toUpperCase() : '';
      if (w === 'CASE') open = true;
      else if (w === 'END') depth--;
    }
    if (open && ++depth > MAX_NESTING_DEPTH) {
      throw tooComplex(`line ${t.line}:${t.column}: the statement nests parentheses, brackets and CASE expressions more than ${MAX_NESTING_DEPTH} levels deep`, {
        line: t.line, column: t.column, limit: MAX_NESTING_DEPTH,
      });
    }
  }
}

/**
 * Checks the depth of a parsed statement's tree, without recursion.
 * @throws AegisError QUERY_TOO_COMPLEX.
 */
export function checkTreeDepth(statement: Statement): void {
  const stack: [unknown, number][] = [[statement, 0]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const isNode = !Array.isArray(node) && typeof (node as { kind?: unknown }).kind === 'string';
    const d = isNode ? depth + 1 : depth;
    if (d > MAX_EXPRESSION_DEPTH) {
      throw tooComplex(`The statement's expressions and set operations nest more than ${MAX_EXPRESSION_DEPTH} levels deep (a long chain of operators such as + or OR, or of UNION, nests one level per term)`, { limit: MAX_EXPRESSION_DEPTH });
    }
    for (const v of Array.isArray(node) ? node : Object.values(node)) if (v !== null && typeof v === 'object') stack.push([v, d]);
  }
}

/** True for the RangeError V8 throws when the stack is exhausted. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** The QUERY_TOO_COMPLEX a stack overflow during parsing becomes. */
export function stackOverflowError(e: unknown): AegisError {
  return tooComplex('The statement is too large or too deeply nested to parse', {}, e);
}
