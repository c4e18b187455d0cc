/**
 * Statements that would exhaust the stack or keep the parser busy for minutes are refused with
 * QUERY_TOO_COMPLEX: longer than Athena's 262,144 characters, nested deeper than
 * MAX_NESTING_DEPTH, or parsing into a tree deeper than MAX_EXPRESSION_DEPTH. Long flat chains
 * either parse or get that error — never a stack overflow or INTERNAL_ERROR. Error messages quote
 * at most ~200 characters of the input. (Codes only: speed belongs in benchmarks.)
 */
import { describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import { parseScript, parseStatement } from '../../../src/sql/parse.js';
import { Cursor, scanStatement } from '../../../src/sql/scanner.js';
import { checkStatementShape, MAX_EXPRESSION_DEPTH, MAX_NESTING_DEPTH, MAX_STATEMENT_LENGTH } from '../../../src/sql/statement-limits.js';

function errorOf(fn: () => unknown): AegisError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AegisError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

const shape = (sql: string) => checkStatementShape(sql, scanStatement(new Cursor(sql), 'trino').tokens);

describe('statement length', () => {
  it(`accepts ${MAX_STATEMENT_LENGTH} characters and refuses one more`, () => {
    const at = `SELECT '${'x'.repeat(MAX_STATEMENT_LENGTH - 9)}'`;
    expect(at.length).toBe(MAX_STATEMENT_LENGTH);
    expect(parseStatement(at).kind).toBe('query');
    const e = errorOf(() => parseStatement(`SELECT '${'x'.repeat(MAX_STATEMENT_LENGTH - 8)}'`));
    expect(e.code).toBe('QUERY_TOO_COMPLEX');
    expect(e.message).toContain('262144');
    expect(e.message.length).toBeLessThan(400);
  });

  it('applies per statement of a script', () => {
    const one = `SELECT '${'x'.repeat(200_000)}'`;
    expect(parseScript(`${one}; ${one}`)).toHaveLength(2);
  });
});

describe('nesting depth', () => {
  it(`${MAX_NESTING_DEPTH} levels pass the check, ${MAX_NESTING_DEPTH + 1} are refused with the position`, () => {
    for (const [open, close] of [['(', ')'], ['ARRAY[', ']'], ['ROW(', ')'], ['CASE WHEN true THEN ', ' END']]) {
      expect(() => shape(`SELECT ${open.repeat(MAX_NESTING_DEPTH)}1${close.repeat(MAX_NESTING_DEPTH)}`)).not.toThrow();
      const e = errorOf(() => shape(`SELECT ${open.repeat(MAX_NESTING_DEPTH + 1)}1${close.repeat(MAX_NESTING_DEPTH + 1)}`));
      expect(e.code, open).toBe('QUERY_TOO_COMPLEX');
      expect(e.details).toMatchObject({ line: 1, limit: MAX_NESTING_DEPTH });
    }
  });

  it('20,000 nested parentheses, subqueries, CASEs and arrays are QUERY_TOO_COMPLEX', () => {
    const n = 20_000;
    for (const sql of [
      `SELECT ${'('.repeat(n)}1${')'.repeat(n)}`,
      `${'SELECT * FROM ('.repeat(5_000)}SELECT 1${') t'.repeat(5_000)}`,
      `SELECT ${'CASE WHEN true THEN '.repeat(10_000)}1${' END'.repeat(10_000)}`,
      `SELECT ${'ARRAY['.repeat(n)}1${']'.repeat(n)}`,
      `SELECT ${'('.repeat(n)}`,
    ]) {
      const e = errorOf(() => parseStatement(sql));
      expect(e.code).toBe('QUERY_TOO_COMPLEX');
      expect(e.message.length).toBeLessThan(400);
    }
  });

  it('parentheses inside strings, quoted names and comments do not count', () => {
    const deep = '('.repeat(MAX_NESTING_DEPTH * 3);
    expect(parseStatement(`SELECT '${deep}' AS "${deep}" -- ${deep}`).kind).toBe('query');
  });
});

describe('long flat chains', () => {
  it('work up to the tree depth and are QUERY_TOO_COMPLEX past it, never a stack overflow', () => {
    const under = MAX_EXPRESSION_DEPTH - 50;
    expect(parseStatement(`SELECT ${Array(under).fill('1').join('+')}`).kind).toBe('query');
    expect(parseStatement(Array(under).fill('SELECT 1').join(' UNION ALL ')).kind).toBe('query');
    for (const sql of [
      `SELECT ${Array(100_000).fill('1').join('+')}`,
      Array(1_000).fill('SELECT 1').join(' UNION ALL '),
      `SELECT * FROM t WHERE ${Array.from({ length: 10_000 }, (_, i) => `x = ${i}`).join(' OR ')}`,
      `SELECT ${Array(5_000).fill("'a'").join(' || ')}`,
    ]) {
      const e = errorOf(() => parseStatement(sql));
      expect(e.code, sql.slice(0, 40)).toBe('QUERY_TOO_COMPLEX');
    }
  });
});

describe('error messages quote at most ~200 characters of the input', () => {
  it.each([
    ['a 250,000-character identifier then an unexpected token', `SELECT ${'x'.repeat(250_000)} ${'y'.repeat(5000)} ${'z'.repeat(5000)}`],
    ['200,000 control characters', `SELECT 1 ${'\u0001'.repeat(200_000)}`],
    ['an unterminated 200,000-character string', `SELECT '${'x'.repeat(200_000)}`],
    ['a 2 MB line', `SELECT ${'@'.repeat(2_000_000)}`],
    ['an unexpected 100,000-character literal', `SELECT 1 '${'x'.repeat(100_000)}'`],
  ])('%s', (_what, sql) => {
    const e = errorOf(() => parseStatement(sql));
    expect(['SYNTAX_ERROR', 'QUERY_TOO_COMPLEX']).toContain(e.code);
    expect(e.message.length).toBeLessThan(600);
  });
});
