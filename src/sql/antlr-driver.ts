/**
 * Runs a dt-sql-parser grammar (Trino or Hive) over one statement and returns its parse tree,
 * or throws a SYNTAX_ERROR worded for people (`line 1:15: mismatched input 'FROM'. Expecting: …`).
 *
 * Two-stage parsing: SLL prediction first (fast, exact whenever it succeeds), full LL on failure.
 * A parse only succeeds when it consumes the whole input: the grammars' own `program` rule treats
 * `;` as optional, so `a = ANY (SELECT …)` would otherwise be split into two statements.
 */
// Deep imports of the two dialects aegis uses: the package entry pulls in all eight grammars
// (~20 MB of generated parsers), which triples bundle size and test start-up time.
import { HiveSQL } from 'dt-sql-parser/dist/parser/hive/index.js';
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino/index.js';
import {
  BailErrorStrategy,
  CommonTokenStream,
  DefaultErrorStrategy,
  IntervalSet,
  NoViableAltException,
  ParseCancellationException,
  PredictionMode,
  Token,
  type ANTLRErrorListener,
  type Parser,
  type ParserRuleContext,
  type RecognitionException,
} from 'antlr4ng';
import { AegisError } from '../errors.js';
import type { Dialect } from './scanner.js';
import { syntaxError } from './walk-context.js';

interface Grammar {
  sql: TrinoSQL | HiveSQL;
  /** Names of the generated parser's static token/rule constants used to summarise messages. */
  names: { identifier: string; literals: string[] };
  /** Resolved lazily from the parser class. */
  resolved?: { identifier: number; literals: number[]; nonReserved: IntervalSet; expressionStart: IntervalSet };
}

const GRAMMARS: Record<Dialect, Grammar> = {
  trino: { sql: new TrinoSQL(), names: { identifier: 'IDENTIFIER', literals: ['STRING', 'INTEGER_VALUE'] } },
  hive: { sql: new HiveSQL(), names: { identifier: 'Identifier', literals: ['StringLiteral', 'Number'] } },
};

function resolve(g: Grammar, parser: Parser): NonNullable<Grammar['resolved']> {
  if (!g.resolved) {
    const statics = parser.constructor as unknown as Record<string, number>;
    g.resolved = {
      identifier: statics[g.names.identifier],
      literals: g.names.literals.map((n) => statics[n]),
      nonReserved: ruleFirstSet(parser, statics.RULE_nonReserved),
      expressionStart: ruleFirstSet(parser, statics.RULE_expression),
    };
  }
  return g.resolved;
}

/** Carries the offending token and what was expected out of the parser. */
class SyntaxFailure extends Error {
  constructor(
    readonly token: Token | null,
    readonly expected: IntervalSet | null,
  ) {
    super('syntax failure');
  }
}

/** Error strategy that stops at the first error instead of recovering. */
class FailFastStrategy extends DefaultErrorStrategy {
  override reportError(recognizer: Parser, e: RecognitionException): void {
    let expected: IntervalSet | null = null;
    if (e instanceof NoViableAltException) {
      // The decision's expected set only describes the offending token when prediction failed on
      // the decision's first token; deeper failures get no (misleading) list.
      if (e.startToken === e.offendingToken) expected = safeExpected(() => e.getExpectedTokens());
    } else {
      expected = safeExpected(() => e.getExpectedTokens());
    }
    throw new SyntaxFailure(e.offendingToken ?? recognizer.getCurrentToken(), expected);
  }
  override recover(): void {
    throw new Error('unreachable: reportError always throws');
  }
  override recoverInline(recognizer: Parser): Token {
    throw new SyntaxFailure(recognizer.getCurrentToken(), safeExpected(() => recognizer.getExpectedTokens()));
  }
  override reportUnwantedToken(recognizer: Parser): void {
    throw new SyntaxFailure(recognizer.getCurrentToken(), safeExpected(() => this.getExpectedTokens(recognizer)));
  }
  override reportMissingToken(recognizer: Parser): void {
    throw new SyntaxFailure(recognizer.getCurrentToken(), safeExpected(() => this.getExpectedTokens(recognizer)));
  }
}

function safeExpected(f: () => IntervalSet | null): IntervalSet | null {
  try {
    return f();
  } catch {
    return null;
  }
}

function ruleFirstSet(parser: Parser, rule: number): IntervalSet {
  return parser.atn.nextTokens(parser.atn.ruleToStartState[rule]!);
}

function tokenDisplay(t: Token | null): string {
  if (!t || t.type === Token.EOF) return '<EOF>';
  return `'${(t.text ?? '').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

/** Summarises an expected-token set the way Trino does: `<expression>`, `<identifier>`, keywords. */
function describeExpected(g: Grammar, parser: Parser, expected: IntervalSet): string {
  const r = resolve(g, parser);
  let tokens = expected.toArray();
  const items: string[] = [];
  const isExpression = r.literals.every((l) => expected.contains(l));
  if (isExpression) tokens = tokens.filter((t) => !r.expressionStart.contains(t));
  const isIdentifier = expected.contains(r.identifier);
  if (isIdentifier) tokens = tokens.filter((t) => t !== r.identifier && !r.nonReserved.contains(t));
  const vocab = parser.vocabulary;
  for (const t of tokens) {
    if (t === Token.EOF) continue;
    const literal = vocab.getLiteralName(t);
    if (literal) items.push(literal.toUpperCase());
    else items.push(`<${(vocab.getSymbolicName(t) ?? String(t)).toLowerCase().replace(/^kw_/, '')}>`);
  }
  items.sort();
  if (isExpression) items.push('<expression>');
  if (isIdentifier) items.push('<identifier>');
  if (expected.contains(Token.EOF)) items.push('<EOF>');
  const shown = items.slice(0, 25);
  return shown.join(', ') + (items.length > shown.length ? ', …' : '');
}

function failureToError(g: Grammar, parser: Parser, f: SyntaxFailure): AegisError {
  const t = f.token;
  const pos = t ? { line: t.line, column: t.column + 1 } : undefined;
  let message = `mismatched input ${tokenDisplay(t)}`;
  if (f.expected && f.expected.length > 0) message += `. Expecting: ${describeExpected(g, parser, f.expected)}`;
  return syntaxError(pos, message);
}

const silentListener = (onError: (line: number, column: number, msg: string) => void): ANTLRErrorListener => ({
  syntaxError: (_r, _o, line, column, msg) => onError(line, column, msg),
  reportAmbiguity: () => undefined,
  reportAttemptingFullContext: () => undefined,
  reportContextSensitivity: () => undefined,
});

/** Start rules the walkers use. */
export type StartRule = 'singleStatement' | 'statement' | 'properties';

/**
 * Parses `text` (one statement, no terminating `;` needed) with `dialect`'s grammar from
 * `rule`, requiring the whole input to be consumed.
 * @throws AegisError SYNTAX_ERROR with 1-based line/column of the offending token.
 */
export function parseTree(dialect: Dialect, text: string, rule: StartRule): ParserRuleContext {
  const g = GRAMMARS[dialect];
  const lexer = g.sql.createLexer(text);
  lexer.removeErrorListeners();
  let lexError: AegisError | undefined;
  lexer.addErrorListener(
    silentListener((line, column, msg) => {
      const bad = /at: '(.*)'$/s.exec(msg)?.[1];
      lexError ??= syntaxError({ line, column: column + 1 }, bad ? `unexpected character(s) '${bad}'` : msg);
    }),
  );
  const tokens = new CommonTokenStream(lexer);
  tokens.fill();
  if (lexError) throw lexError;
  const parser = (g.sql as unknown as { createParserFromTokenStream(ts: CommonTokenStream): Parser }).createParserFromTokenStream(tokens);
  parser.removeErrorListeners();
  parser.buildParseTrees = true;
  const start = () => (parser as unknown as Record<StartRule, () => ParserRuleContext>)[rule]();
  const atEof = () => parser.getCurrentToken().type === Token.EOF;

  parser.interpreter.predictionMode = PredictionMode.SLL;
  parser.errorHandler = new BailErrorStrategy();
  try {
    const tree = start();
    if (atEof()) return tree;
  } catch (e) {
    if (!(e instanceof ParseCancellationException)) throw e;
  }

  parser.reset();
  parser.interpreter.predictionMode = PredictionMode.LL;
  parser.errorHandler = new FailFastStrategy();
  try {
    const tree = start();
    if (!atEof()) {
      const eof = new IntervalSet();
      eof.addOne(Token.EOF);
      throw new SyntaxFailure(parser.getCurrentToken(), eof);
    }
    return tree;
  } catch (e) {
    if (e instanceof SyntaxFailure) throw failureToError(g, parser, e);
    throw e;
  }
}
