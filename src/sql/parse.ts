/**
 * The SQL front end: text → typed AST ({@link Statement}).
 *
 * `parseScript` splits a script into statements (respecting strings, quoted identifiers and
 * comments), routes each one to Trino's grammar (queries, DML, views, EXPLAIN, prepared
 * statements) or Hive's (Athena DDL, SHOW, DESCRIBE, MSCK) and walks the parse tree into the AST.
 * Positions in errors and nodes are 1-based and refer to the text passed in.
 */
import type { SingleStatementContext } from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import type { StatementContext as HiveStatementContext } from 'dt-sql-parser/dist/lib/hive/HiveSqlParser';
import { quoteInput } from '../errors.js';
import type { Statement } from './ast.js';
import { dialectLoaded, loadDialect, parseTree } from './antlr-driver.js';
import { hiveStatementOf } from './hive-ddl.js';
import { routeOf } from './route.js';
import { Cursor, scanStatement, type Dialect, type ScanResult, type ScanToken } from './scanner.js';
import { singleStatementOf } from './trino-statement.js';
import { checkStatementShape, checkTreeDepth, isStackOverflow, stackOverflowError } from './statement-limits.js';
import { parseUnload } from './unload.js';
import { syntaxError, WalkContext } from './walk-context.js';

/** One statement of a script: its source text (without the `;`) and where it starts. */
export interface StatementText {
  /** Source text from the statement's first token to just before its `;`. */
  text: string;
  /** 0-based offset of the first token in the script. */
  offset: number;
  line: number;
  column: number;
}

/**
 * Position-preserving view of one statement: the parser sees `prefix + body`, where the prefix is
 * blank lines/spaces so that every token keeps its line and column in the original script.
 */
export class StatementSource {
  readonly text: string;
  private readonly shift: number;
  constructor(
    readonly script: string,
    readonly start: number,
    readonly end: number,
    line: number,
    column: number,
  ) {
    const prefix = '\n'.repeat(line - 1) + ' '.repeat(column - 1);
    this.text = prefix + script.slice(start, end);
    this.shift = prefix.length - start;
  }
  /**
   * The parser text with everything outside `[from, to)` (script offsets) blanked, newlines
   * kept; with `cut`, the text ends at `to` so that end of input sits where the part ends.
   */
  keepOnly(from: number, to: number, cut = false): string {
    const a = from + this.shift;
    const b = to + this.shift;
    const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
    return blank(this.text.slice(0, a)) + this.text.slice(a, b) + (cut ? '' : blank(this.text.slice(b)));
  }
}

function parseTrino(text: string): Statement {
  const w = new WalkContext(text);
  return singleStatementOf(w, parseTree('trino', text, 'singleStatement') as SingleStatementContext);
}

function parseHive(text: string): Statement {
  const w = new WalkContext(text);
  return hiveStatementOf(w, parseTree('hive', text, 'statement') as HiveStatementContext);
}

function tokenText(t: ScanToken | undefined): string {
  return t ? quoteInput(t.text) : "'<EOF>'";
}

function parsePrepare(src: StatementSource, tokens: ScanToken[]): Statement {
  const [kw, name, from] = tokens;
  if (!name || (name.type !== 'word' && name.type !== 'quoted') || name.text.toUpperCase() === 'FROM') {
    throw syntaxError(name ?? kw, `mismatched input ${tokenText(name)}. Expecting: <identifier>`);
  }
  if (!from || from.type !== 'word' || from.text.toUpperCase() !== 'FROM') {
    throw syntaxError(from ?? name, `mismatched input ${tokenText(from)}. Expecting: 'FROM'`);
  }
  const body = tokens.slice(3);
  if (body.length === 0) {
    throw syntaxError({ line: from.line, column: from.column + from.text.length }, `mismatched input '<EOF>'. Expecting: a statement`);
  }
  const statement = parseRouted(src, body, src.keepOnly(body[0].start, src.end));
  const id =
    name.type === 'quoted'
      ? { name: name.text.slice(1, -1).replace(/""/g, '"'), quoted: true, pos: { line: name.line, column: name.column } }
      : { name: name.text.toLowerCase(), quoted: false, pos: { line: name.line, column: name.column } };
  const sql = src.script.slice(body[0].start, src.end).trimEnd();
  return { kind: 'prepare', name: id, statement, sql, pos: { line: kw.line, column: kw.column } };
}

function parseRouted(src: StatementSource, tokens: ScanToken[], text: string): Statement {
  switch (routeOf(tokens)) {
    case 'hive':
      return parseHive(text);
    case 'unload':
      return parseUnload(src, tokens);
    case 'prepare':
      return parsePrepare(src, tokens);
    default:
      return parseTrino(text);
  }
}

interface Scanned {
  scan: ScanResult;
  dialect: Dialect;
  line: number;
  column: number;
  offset: number;
}

/** Scans the next statement from `cursor` (Trino rules first, Hive rules for Hive DDL). */
function scanNext(cursor: Cursor): Scanned {
  const { offset, line, column } = cursor;
  const probe = Object.assign(new Cursor(cursor.sql, offset), { line, column });
  let scan = scanStatement(probe, 'trino');
  let dialect: Dialect = 'trino';
  if (scan.tokens.length > 0 && routeOf(scan.tokens) === 'hive') {
    dialect = 'hive';
    const again = Object.assign(new Cursor(cursor.sql, offset), { line, column });
    scan = scanStatement(again, 'hive');
  }
  cursor.advanceTo(scan.end);
  return { scan, dialect, line, column, offset };
}

function checkTerminated(scan: ScanResult): void {
  if (scan.unterminated) {
    const u = scan.unterminated;
    throw syntaxError({ line: u.line, column: u.column }, `unterminated ${u.what}`);
  }
}

function parseScanned(sql: string, s: Scanned): Statement {
  checkTerminated(s.scan);
  const first = s.scan.tokens[0];
  checkStatementShape(sql.slice(first.start, s.scan.terminator), s.scan.tokens);
  const src = new StatementSource(sql, first.start, s.scan.terminator, first.line, first.column);
  let statement: Statement;
  try {
    statement = parseRouted(src, s.scan.tokens, src.text);
  } catch (e) {
    if (isStackOverflow(e)) throw stackOverflowError(e);
    throw e;
  }
  checkTreeDepth(statement);
  return statement;
}

/**
 * Splits a script into statements (no parsing). Empty statements (`;;`, comments only) are
 * dropped.
 * @throws AegisError SYNTAX_ERROR for an unterminated string, quoted identifier or comment.
 */
export function splitStatements(sql: string): StatementText[] {
  const cursor = new Cursor(sql);
  const out: StatementText[] = [];
  while (cursor.offset < sql.length) {
    const s = scanNext(cursor);
    checkTerminated(s.scan);
    const first = s.scan.tokens[0];
    if (!first) continue;
    out.push({ text: sql.slice(first.start, s.scan.terminator).trimEnd(), offset: first.start, line: first.line, column: first.column });
  }
  return out;
}

/**
 * Parses a script of `;`-separated statements.
 * @throws AegisError SYNTAX_ERROR (with line/column in `sql`) or NOT_SUPPORTED.
 */
export function parseScript(sql: string): Statement[] {
  const cursor = new Cursor(sql);
  const out: Statement[] = [];
  while (cursor.offset < sql.length) {
    const s = scanNext(cursor);
    if (s.scan.tokens.length === 0) {
      checkTerminated(s.scan);
      continue;
    }
    out.push(parseScanned(sql, s));
  }
  return out;
}

/**
 * Parses exactly one statement (a trailing `;` is allowed).
 * @throws AegisError SYNTAX_ERROR (with 1-based line/column) or NOT_SUPPORTED.
 */
export function parseStatement(sql: string): Statement {
  const cursor = new Cursor(sql);
  let s = scanNext(cursor);
  while (s.scan.tokens.length === 0 && cursor.offset < sql.length) {
    checkTerminated(s.scan);
    s = scanNext(cursor);
  }
  if (s.scan.tokens.length === 0) {
    checkTerminated(s.scan);
    throw syntaxError({ line: cursor.line, column: cursor.column }, `mismatched input '<EOF>'. Expecting: a statement`);
  }
  const statement = parseScanned(sql, s);
  while (cursor.offset < sql.length) {
    const next = scanNext(cursor);
    checkTerminated(next.scan);
    const t = next.scan.tokens[0];
    if (t) {
      throw syntaxError(t, `only one statement is allowed here, but another one starts at '${t.text}'`);
    }
  }
  return statement;
}

/**
 * Loads the grammars the statements of `sql` need, so the synchronous parsers above can run over
 * it: the Trino grammar is always there, the Hive grammar (DDL, SHOW, DESCRIBE) loads on first
 * need. Returns undefined when nothing is to be loaded. Never throws: a script that does not
 * scan loads nothing, and parsing it reports why.
 */
export function loadGrammarsFor(sql: string): Promise<void> | undefined {
  if (dialectLoaded('hive')) return undefined;
  try {
    const cursor = new Cursor(sql);
    while (cursor.offset < sql.length) {
      const before = cursor.offset;
      const s = scanNext(cursor);
      // PREPARE's body (after `PREPARE name FROM`) is routed on its own.
      let tokens = s.scan.tokens;
      while (tokens.length > 0 && routeOf(tokens) === 'prepare') tokens = tokens.slice(3);
      if (s.dialect === 'hive' || routeOf(tokens) === 'hive') return loadDialect('hive');
      if (cursor.offset <= before) break;
    }
  } catch {
    // Parsing reports it.
  }
  return undefined;
}

/** Loads every grammar (for warming up, see {@link warmUpParser}). */
export function loadGrammars(): Promise<void> {
  return loadDialect('hive');
}

/**
 * Parses a few representative statements so that the grammars' prediction caches are warm
 * before the first user query (the first parses in a process cost hundreds of milliseconds).
 * Safe to call any number of times; never throws. The Hive sample needs {@link loadGrammars} first.
 */
export function warmUpParser(): void {
  const samples = [
    `SELECT a, sum(b) AS s FROM db.t t JOIN u ON t.k = u.k WHERE c > 1 AND d LIKE 'x%' GROUP BY a HAVING count(*) > 1 ORDER BY 2 DESC LIMIT 10`,
    `WITH x AS (SELECT * FROM t WHERE dt BETWEEN DATE '2020-01-01' AND DATE '2020-01-31') SELECT CASE WHEN a IS NULL THEN 0 ELSE a END, CAST(b AS decimal(10,2)) FROM x`,
    `SELECT * FROM t WHERE a IN (SELECT b FROM u) AND EXISTS (SELECT 1 FROM v WHERE v.c = t.c)`,
    `CREATE EXTERNAL TABLE IF NOT EXISTS t (a int, b string) PARTITIONED BY (dt string) STORED AS PARQUET LOCATION 's3://b/t/'`,
    `SHOW TABLES IN db`,
  ];
  for (const s of samples) {
    try {
      parseStatement(s);
    } catch {
      // Warm-up only: a failure here surfaces again, properly, on real input.
    }
  }
}
