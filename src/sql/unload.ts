/**
 * `UNLOAD (query) TO 's3://…' [WITH (props)]` — Athena-only, absent from Trino's grammar. The
 * wrapper is parsed here; the query and the property list are parsed by the Trino grammar in
 * place (everything else blanked), so positions in errors stay exact.
 */
import type { PropertiesContext, SingleStatementContext } from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import type { Property, Statement } from './ast.js';
import { AegisError, isAegisError } from '../errors.js';
import { parseTree } from './antlr-driver.js';
import { decodeTrinoString } from './literals.js';
import type { StatementSource } from './parse.js';
import type { ScanToken } from './scanner.js';
import { propertiesOf, singleStatementOf } from './trino-statement.js';
import { syntaxError, WalkContext } from './walk-context.js';

function expectError(t: ScanToken | undefined, after: ScanToken, expecting: string) {
  const at = t ?? { line: after.line, column: after.column + after.text.length };
  return syntaxError(at, `mismatched input '${t ? t.text : '<EOF>'}'. Expecting: ${expecting}`);
}

/** Index of the `)` matching the `(` at `open`, or -1. */
function matching(tokens: ScanToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return i;
  }
  return -1;
}

const isWord = (t: ScanToken | undefined, w: string) => t?.type === 'word' && t.text.toUpperCase() === w;

/** Parses an UNLOAD statement whose scanned tokens are `tokens`. */
export function parseUnload(src: StatementSource, tokens: ScanToken[]): Statement {
  const kw = tokens[0];
  if (tokens[1]?.text !== '(') throw expectError(tokens[1], kw, "'('");
  const close = matching(tokens, 1);
  if (close < 0) throw syntaxError(tokens[1], `unbalanced parenthesis: '(' is never closed`);
  if (close === 2) throw expectError(tokens[2], tokens[1], '<query>');

  // The query is parsed alone, ending where its `)` is: an "unexpected end" there is that `)`.
  const queryText = src.keepOnly(tokens[2].start, tokens[close].start, true);
  const w = new WalkContext(queryText);
  let stmt: Statement;
  try {
    stmt = singleStatementOf(w, parseTree('trino', queryText, 'singleStatement') as SingleStatementContext);
  } catch (e) {
    const p = tokens[close];
    if (isAegisError(e, 'SYNTAX_ERROR') && e.details.line === p.line && e.details.column === p.column) {
      throw new AegisError('SYNTAX_ERROR', e.message.replace("mismatched input '<EOF>'", "mismatched input ')'"), e.details);
    }
    throw e;
  }
  if (stmt.kind !== 'query') throw syntaxError(stmt.pos ?? tokens[2], 'UNLOAD requires a query (SELECT, WITH or VALUES)');

  const to = tokens[close + 1];
  if (!isWord(to, 'TO')) throw expectError(to, tokens[close], "'TO'");
  const loc = tokens[close + 2];
  if (loc?.type !== 'string') throw expectError(loc, to!, "<string> (an 's3://…' location)");
  const location = decodeTrinoString(loc.text);

  let properties: Property[] = [];
  let next = close + 3;
  if (isWord(tokens[next], 'WITH')) {
    const open = next + 1;
    if (tokens[open]?.text !== '(') throw expectError(tokens[open], tokens[next], "'('");
    const end = matching(tokens, open);
    if (end < 0) throw syntaxError(tokens[open], `unbalanced parenthesis: '(' is never closed`);
    const propsText = src.keepOnly(tokens[open].start, tokens[end].end);
    const pw = new WalkContext(propsText);
    pw.nextParameter = w.nextParameter;
    properties = propertiesOf(pw, parseTree('trino', propsText, 'properties') as PropertiesContext);
    next = end + 1;
  }
  if (next < tokens.length) throw expectError(tokens[next], tokens[next - 1], tokens[next - 1] === loc ? "'WITH', <EOF>" : '<EOF>');
  return { kind: 'unload', query: stmt, location, properties, pos: { line: kw.line, column: kw.column } };
}
