/**
 * Runs a dt-sql-parser grammar (Trino or Hive) over one statement and returns its parse tree,
 * or throws a SYNTAX_ERROR worded for people (`line 1:15: mismatched input 'FROM'. Expecting: …`).
 *
 * Two-stage parsing: SLL prediction first (fast, exact whenever it succeeds), full LL on failure.
 * A parse only succeeds when it consumes the whole input: the grammars' own `program` rule treats
 * `;` as optional, so `a = ANY (SELECT …)` would otherwise be split into two statements.
 */
// Deep imports of the two dialects aegis uses: the package entry pulls in all eight grammars
// (~20 MB of generated parsers), which triples bundle size and test start-up time. The Hive
// grammar (DDL only) is imported on demand: see loadDialect.
import type { HiveSQL } from 'dt-sql-parser/dist/parser/hive/index.js';
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino/index.js';
import {
  ATN,
  ATNConfigSet,
  RuleStopState,
  BailErrorStrategy,
  CommonTokenStream,
  DefaultErrorStrategy,
  IntervalSet,
  NoViableAltException,
  ParseCancellationException,
  PredicateTransition,
  PredictionMode,
  Token,
  type ANTLRErrorListener,
  type Parser,
  type ParserRuleContext,
  type RecognitionException,
} from 'antlr4ng';
import { AegisError, MAX_QUOTED_INPUT, quoteInput } from '../errors.js';
import type { Dialect } from './scanner.js';
import { syntaxError } from './walk-context.js';

interface Grammar {
  /** Unset until the dialect is loaded (loadDialect). */
  sql?: TrinoSQL | HiveSQL;
  /** Names of the generated parser's static token/rule constants used to summarise messages. */
  names: { identifier: string; literals: string[] };
  /** Set once the grammar's constant-false predicates have been pruned from its ATN. */
  pruned?: boolean;
  /** Resolved lazily from the parser class. */
  resolved?: { identifier: number; literals: number[]; nonReserved: IntervalSet; expressionStart: IntervalSet };
}

const GRAMMARS: Record<Dialect, Grammar> = {
  trino: { sql: new TrinoSQL(), names: { identifier: 'IDENTIFIER', literals: ['STRING', 'INTEGER_VALUE'] } },
  hive: { names: { identifier: 'Identifier', literals: ['StringLiteral', 'Number'] } },
};

let loadingHive: Promise<void> | undefined;

/** Whether `dialect`'s grammar is loaded (parseTree can run it without loading). */
export function dialectLoaded(dialect: Dialect): boolean {
  return GRAMMARS[dialect].sql !== undefined;
}

/**
 * Loads `dialect`'s grammar. The Trino grammar loads with this module; the Hive grammar (about
 * 2 MB of generated parser whose ATN deserializes on load, for DDL only) on the first call for
 * it: the CLI and library bundle keep it in a chunk of its own.
 */
export function loadDialect(dialect: Dialect): Promise<void> {
  if (GRAMMARS[dialect].sql) return Promise.resolve();
  loadingHive ??= import('./hive-grammar.js').then((m) => {
    GRAMMARS.hive.sql ??= m.hiveSql;
  });
  return loadingHive;
}

// From sources (tests, tsx) every grammar loads with this module, so synchronous callers parse
// DDL without loading it first.
if (import.meta.url.endsWith('.ts')) await loadDialect('hive');

/**
 * Defined (true) by scripts/build.mjs: the CLI and library bundle load the Hive grammar on demand
 * only (every parse there is preceded by sql/parse.ts's loadGrammarsFor), so the synchronous
 * fallback below, and the grammar with it, stays out of their main chunk.
 */
declare const AEGIS_GRAMMARS_ON_DEMAND: boolean | undefined;

/** `dialect`'s grammar; other bundles of this module evaluate the Hive grammar here on first use. */
function grammarOf(dialect: Dialect): Grammar & { sql: TrinoSQL | HiveSQL } {
  const g = GRAMMARS[dialect];
  if (!g.sql) {
    if (typeof AEGIS_GRAMMARS_ON_DEMAND !== 'undefined' && AEGIS_GRAMMARS_ON_DEMAND) {
      throw new AegisError('INTERNAL_ERROR', `The ${dialect} grammar is not loaded; load it (loadGrammarsFor in sql/parse.ts) before parsing`);
    } else {
      // esbuild bundles a required ESM module as a lazily evaluated one: evaluated here, once.
      g.sql = (require('./hive-grammar.js') as typeof import('./hive-grammar.js')).hiveSql;
    }
  }
  return g as Grammar & { sql: TrinoSQL | HiveSQL };
}

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
      // the decision's first token; deeper failures use what the dead-end configurations allowed.
      expected =
        e.startToken === e.offendingToken ? safeExpected(() => e.getExpectedTokens()) : deadEndExpected(recognizer, e);
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

/** Tokens the configurations that died at the offending token could have consumed. */
function deadEndExpected(parser: Parser, e: NoViableAltException): IntervalSet | null {
  if (!e.deadEndConfigs) return null;
  const out = new IntervalSet();
  for (const c of e.deadEndConfigs.configs) out.addSet(parser.atn.nextTokens(c.state));
  out.removeOne(Token.EPSILON);
  return out.length > 0 ? out : null;
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
  if (!t || t.type === Token.EOF) return "'<EOF>'";
  return quoteInput((t.text ?? '').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t'));
}

/** How token types without a literal spelling are shown. */
const SYMBOL_DISPLAY: Record<string, string> = {
  NEQ: "'<>'",
  EQUAL: "'='",
  NOTEQUAL: "'<>'",
  INTEGER_VALUE: '<integer>',
  DECIMAL_VALUE: '<decimal>',
  DOUBLE_VALUE: '<double>',
  STRING: '<string>',
  StringLiteral: '<string>',
  Number: '<number>',
  UNICODE_STRING: '<string>',
  BINARY_LITERAL: '<binary>',
};

/** Summarises an expected-token set the way Trino does: `<expression>`, `<identifier>`, keywords. */
function describeExpected(g: Grammar, parser: Parser, expected: IntervalSet, offending: number): string {
  const r = resolve(g, parser);
  let tokens = expected.toArray();
  const items: string[] = [];
  const isExpression = r.literals.every((l) => expected.contains(l));
  if (isExpression) tokens = tokens.filter((t) => !r.expressionStart.contains(t));
  const isIdentifier = expected.contains(r.identifier);
  if (isIdentifier) tokens = tokens.filter((t) => t !== r.identifier && !r.nonReserved.contains(t));
  const vocab = parser.vocabulary;
  for (const t of tokens) {
    // The offending token itself is never expected; `;` stands for end of statement (<EOF>).
    if (t === Token.EOF || t === offending || vocab.getLiteralName(t) === "';'") continue;
    const literal = vocab.getLiteralName(t);
    if (literal) {
      items.push(literal.toUpperCase());
      continue;
    }
    const symbolic = vocab.getSymbolicName(t) ?? String(t);
    if (isIdentifier && /IDENTIFIER$/i.test(symbolic)) continue;
    items.push(SYMBOL_DISPLAY[symbolic] ?? `<${symbolic.toLowerCase().replace(/^kw_/, '')}>`);
  }
  items.sort();
  if (isExpression) items.push('<expression>');
  if (isIdentifier) items.push('<identifier>');
  const endOk = expected.contains(Token.EOF) || tokens.some((t) => vocab.getLiteralName(t) === "';'");
  if (endOk && offending !== Token.EOF) items.push('<EOF>');
  const shown = items.slice(0, 25);
  return shown.join(', ') + (items.length > shown.length ? ', …' : '');
}

function failureToError(g: Grammar, parser: Parser, f: SyntaxFailure): AegisError {
  const t = f.token;
  const pos = t ? { line: t.line, column: t.column + 1 } : undefined;
  let message = `mismatched input ${tokenDisplay(t)}`;
  const expecting = f.expected ? describeExpected(g, parser, f.expected, t?.type ?? Token.EOF) : '';
  if (expecting) message += `. Expecting: ${expecting}`;
  return syntaxError(pos, message);
}

const silentListener = (onError: (line: number, column: number, msg: string) => void): ANTLRErrorListener => ({
  syntaxError: (_r, _o, line, column, msg) => onError(line, column, msg),
  reportAmbiguity: () => undefined,
  reportAttemptingFullContext: () => undefined,
  reportContextSensitivity: () => undefined,
});

interface SimulatorInternals {
  computeReachSet(closure: ATNConfigSet, t: number, fullCtx: boolean): ATNConfigSet | null;
  computeStartState(p: unknown, ctx: ParserRuleContext, fullCtx: boolean): ATNConfigSet;
  execATN(dfa: { atnStartState: unknown }, s0: unknown, input: unknown, startIndex: number, outer: ParserRuleContext): number;
  execATNWithFullContext(dfa: unknown, d: unknown, s0: ATNConfigSet, input: unknown, startIndex: number, outer: ParserRuleContext): number;
  getSynValidOrSemInvalidAltThatFinishedDecisionEntryRule(configs: ATNConfigSet, outer: ParserRuleContext): number;
}

/**
 * Makes full-LL prediction treat the start rule as followed by end of input.
 *
 * ANTLR's full-context prediction keeps a configuration that has reached the end of the start
 * rule alive for *any* next token (the start rule might be called from elsewhere). Since neither
 * grammar's single-statement rule ends in EOF, prediction would then prefer stopping early:
 * `WHERE a = = 1` would end the statement after `a`, and `x = ANY (SELECT …)` could become a
 * comparison followed by leftovers. Dropping those configurations unless the token is EOF gives
 * `statement EOF` semantics. Second, when no alternative matches, ANTLR by default picks one that
 * "finished the rule" so that the error surfaces later; failing at the decision instead reports
 * the token that is actually wrong. Third, every decision is predicted with full context: a
 * unique SLL prediction is trusted by ANTLR even when the input is invalid (the error then
 * surfaces tokens later, with a list of expected tokens polluted by the grammar's global
 * follow sets). Only the LL pass, which runs for invalid input or the rare SLL miss, is patched.
 */
function strictFullLL(parser: Parser): void {
  const sim = parser.interpreter as unknown as SimulatorInternals;
  sim.execATN = (dfa, s0, input, startIndex, outer) =>
    sim.execATNWithFullContext(dfa, s0, sim.computeStartState(dfa.atnStartState, outer, true), input, startIndex, outer);
  const original = sim.computeReachSet.bind(sim);
  sim.computeReachSet = (closure, t, fullCtx) => {
    if (!fullCtx || t === Token.EOF || !closure.configs.some((c) => c.state instanceof RuleStopState)) {
      return original(closure, t, fullCtx);
    }
    const live = new ATNConfigSet(fullCtx);
    for (const c of closure.configs) if (!(c.state instanceof RuleStopState)) live.add(c);
    return live.length === 0 ? null : original(live, t, fullCtx);
  };
  sim.getSynValidOrSemInvalidAltThatFinishedDecisionEntryRule = () => ATN.INVALID_ALT_NUMBER;
}

/**
 * Removes from the (shared, static) ATN the alternatives guarded by semantic predicates that are
 * constant-false outside dt-sql-parser's code-completion mode (`shouldMatchEmpty()`: "an empty
 * column reference may appear here"). The parser never takes them, but ANTLR's lookahead sets
 * see through predicates, so they polluted "Expecting: …" lists (`SELECT FROM t` expected ',' and
 * 'AS'). Precedence predicates and predicates that hold are left alone. Runs once per grammar,
 * before the first prediction, so no cached DFA state predates it.
 */
function pruneFalsePredicates(parser: Parser): void {
  const sempred = (parser as unknown as { sempred(ctx: null, rule: number, pred: number): boolean }).sempred.bind(parser);
  for (const state of parser.atn.states) {
    if (!state) continue;
    state.transitions = state.transitions.filter(
      (t) => !(t instanceof PredicateTransition && !t.isCtxDependent && sempred(null, t.ruleIndex, t.predIndex) === false),
    );
  }
}

/** How many parses finished in the fast SLL pass and how many needed the full-LL pass. */
export const parseStats = { sll: 0, ll: 0, dfaResets: 0 };

/**
 * ANTLR caches predictions in a DFA shared by every parser of a grammar and never evicts: a long
 * session of distinct, deeply nested statements grew it past a gigabyte. Checked every
 * `dfaLimits.checkEvery` parses; above `dfaLimits.maxStates` states (the 22 TPC-H queries need ~600) the
 * cache is dropped and re-learnt, which costs a few slower parses instead of unbounded memory.
 */
export const dfaLimits = { maxStates: 20_000, checkEvery: 16 };
let parsesSinceCheck = 0;

function boundDfa(parser: Parser): void {
  if (++parsesSinceCheck < dfaLimits.checkEvery) return;
  parsesSinceCheck = 0;
  const sim = parser.interpreter;
  const states = sim.decisionToDFA.reduce((n, d) => n + d.states.length, 0);
  if (states > dfaLimits.maxStates) {
    sim.clearDFA();
    parseStats.dfaResets++;
  }
}

/** Start rules the walkers use. */
export type StartRule = 'singleStatement' | 'statement' | 'properties';

/**
 * Parses `text` (one statement, no terminating `;` needed) with `dialect`'s grammar from
 * `rule`, requiring the whole input to be consumed.
 * @throws AegisError SYNTAX_ERROR with 1-based line/column of the offending token.
 */
export function parseTree(dialect: Dialect, text: string, rule: StartRule): ParserRuleContext {
  const g = grammarOf(dialect);
  const lexer = g.sql.createLexer(text);
  lexer.removeErrorListeners();
  let lexError: AegisError | undefined;
  lexer.addErrorListener(
    silentListener((line, column, msg) => {
      const bad = /at: '(.*)'$/s.exec(msg)?.[1];
      lexError ??= syntaxError({ line, column: column + 1 }, bad ? `unexpected character(s) ${quoteInput(bad)}` : msg.slice(0, MAX_QUOTED_INPUT));
    }),
  );
  const tokens = new CommonTokenStream(lexer);
  tokens.fill();
  if (lexError) throw lexError;
  const parser = (g.sql as unknown as { createParserFromTokenStream(ts: CommonTokenStream): Parser }).createParserFromTokenStream(tokens);
  parser.removeErrorListeners();
  parser.buildParseTrees = true;
  if (!g.pruned) {
    pruneFalsePredicates(parser);
    g.pruned = true;
  }
  const start = () => (parser as unknown as Record<StartRule, () => ParserRuleContext>)[rule]();
  const atEof = () => parser.getCurrentToken().type === Token.EOF;

  boundDfa(parser);
  parser.interpreter.predictionMode = PredictionMode.SLL;
  parser.errorHandler = new BailErrorStrategy();
  try {
    const tree = start();
    if (atEof()) {
      parseStats.sll++;
      return tree;
    }
  } catch (e) {
    if (!(e instanceof ParseCancellationException)) throw e;
  }

  parseStats.ll++;
  parser.reset();
  parser.interpreter.predictionMode = PredictionMode.LL;
  parser.errorHandler = new FailFastStrategy();
  strictFullLL(parser);
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
