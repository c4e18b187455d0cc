/**
 * Shared state and helpers for turning ANTLR parse trees into the aegis AST.
 *
 * Parse-tree nodes are dispatched by their grammar label (e.g. `Comparison`, `QueryStatement`),
 * obtained through the node's own `accept(visitor)` method. This is robust to bundling: class
 * names get renamed by esbuild when two grammars define the same context name, labels do not.
 */
import type { ParserRuleContext, ParseTree, Token } from 'antlr4ng';
import { AegisError } from '../errors.js';
import type { Pos } from './ast.js';

const labeler = new Proxy(
  {},
  {
    get(_target, prop) {
      if (typeof prop === 'string' && prop.startsWith('visit')) {
        const name = prop.slice(5);
        return () => name;
      }
      return undefined;
    },
  },
);

/** The grammar label of a parse-tree node: `Comparison`, `Predicated`, `Terminal`… */
export function labelOf(node: ParseTree): string {
  return (node as unknown as { accept(v: unknown): string }).accept(labeler);
}

/** Per-statement walking state. */
export class WalkContext {
  /** Next `?` parameter index (0-based, source order). */
  nextParameter = 0;
  /** @param text the (position-padded) text given to the parser, for source slices. */
  constructor(readonly text: string) {}

  /** Source text covered by `ctx` (exact, with original spacing and comments). */
  sourceOf(ctx: ParserRuleContext): string {
    const start = ctx.start?.start ?? 0;
    const stop = ctx.stop?.stop ?? start - 1;
    return this.text.slice(start, stop + 1);
  }
}

/** 1-based position of a token. */
export function tokenPos(t: Token | null | undefined): Pos | undefined {
  if (!t) return undefined;
  return { line: t.line, column: t.column + 1 };
}

/** 1-based position of a node's first token. */
export function posOf(ctx: ParserRuleContext | ParseTree | null | undefined): Pos | undefined {
  if (!ctx) return undefined;
  const c = ctx as ParserRuleContext & { symbol?: Token };
  if (c.symbol) return tokenPos(c.symbol);
  return tokenPos(c.start);
}

/** Longest SQL error message; longer ones (quoting a huge token) are cut. */
const MAX_MESSAGE = 500;

/**
 * `line L:C: message` — the prefix every positioned SQL error carries. A message that quotes so
 * much of the statement that it runs past MAX_MESSAGE characters is cut there.
 */
export function withPos(pos: Pos | undefined, message: string): string {
  const m = message.length > MAX_MESSAGE ? `${Array.from(message.slice(0, MAX_MESSAGE * 2)).slice(0, MAX_MESSAGE).join('')}… (message shortened)` : message;
  return pos ? `line ${pos.line}:${pos.column}: ${m}` : m;
}

/** A SYNTAX_ERROR at `pos`. */
export function syntaxError(pos: Pos | undefined, message: string): AegisError {
  return new AegisError('SYNTAX_ERROR', withPos(pos, message), pos ? { line: pos.line, column: pos.column } : {});
}

/** A NOT_SUPPORTED error for a construct the grammar accepts but aegis does not run. */
export function notSupported(ctx: ParserRuleContext | ParseTree | null | undefined, what: string): AegisError {
  const pos = posOf(ctx);
  return new AegisError(
    'NOT_SUPPORTED',
    withPos(pos, `${what} is not supported`),
    pos ? { line: pos.line, column: pos.column } : {},
  );
}

/** Throws NOT_SUPPORTED for the construct at `ctx`, naming it by its grammar label. */
export function unsupportedNode(ctx: ParseTree, kind: string): never {
  const label = labelOf(ctx)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
  throw notSupported(ctx, `${kind} ${label}`);
}
