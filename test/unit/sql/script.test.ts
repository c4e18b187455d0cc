// Script splitting: `;` inside strings, quoted identifiers and comments never splits; empty
// statements are skipped; positions refer to the whole script.
import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import type { Query } from '../../../src/sql/ast.js';
import { parseScript, parseStatement, splitStatements, warmUpParser } from '../../../src/sql/parse.js';
import { parseStats } from '../../../src/sql/antlr-driver.js';
import { col, id, item, noPos, query, select, str, table } from './ast-builders.js';

describe('splitStatements', () => {
  it('respects strings, quoted identifiers and comments', () => {
    const sql = `SELECT ';' AS "a;b" FROM t -- not; a split
; /* ; */ SELECT 'it''s;' ;;
  SHOW TABLES`;
    expect(splitStatements(sql)).toEqual([
      { text: `SELECT ';' AS "a;b" FROM t -- not; a split`, offset: 0, line: 1, column: 1 },
      { text: `SELECT 'it''s;'`, offset: 53, line: 2, column: 11 },
      { text: 'SHOW TABLES', offset: 74, line: 3, column: 3 },
    ]);
  });

  it('lexes Hive DDL strings with backslash escapes', () => {
    const sql = `CREATE EXTERNAL TABLE t (a string) LOCATION 's3://b/it\\'s;x/'; SELECT 1`;
    expect(splitStatements(sql).map((s) => s.text)).toEqual([`CREATE EXTERNAL TABLE t (a string) LOCATION 's3://b/it\\'s;x/'`, 'SELECT 1']);
  });

  it('reports an unterminated literal with its position', () => {
    try {
      splitStatements(`SELECT 1;\nSELECT 'abc`);
      expect.unreachable();
    } catch (e) {
      expect(isAegisError(e, 'SYNTAX_ERROR') && e.message).toBe('line 2:8: unterminated string literal');
    }
  });
});

describe('parseScript', () => {
  it('parses each statement; trailing semicolons and comments are fine', () => {
    const stmts = parseScript(`USE db; SELECT a FROM t;\n-- done\n`);
    expect(noPos(stmts)).toEqual([{ kind: 'use', schema: 'db' }, query(select([item(col('a'))], table('t')))]);
  });

  it('positions in later statements are script positions', () => {
    const stmts = parseScript(`SELECT 1;\n\n  SELECT x\n  FROM t`);
    expect((stmts[1] as Query).pos).toEqual({ line: 3, column: 3 });
    expect(((stmts[1] as Query).body as { from: { pos: unknown } }).from.pos).toEqual({ line: 4, column: 8 });
    try {
      parseScript(`SELECT 1;\nSELECT FROM t`);
      expect.unreachable();
    } catch (e) {
      expect(isAegisError(e, 'SYNTAX_ERROR') && e.details).toEqual({ line: 2, column: 8 });
    }
  });

  it('an empty script has no statements; parseStatement needs one', () => {
    expect(parseScript(' ;; -- nothing\n')).toEqual([]);
    try {
      parseStatement('  -- nothing');
      expect.unreachable();
    } catch (e) {
      expect(isAegisError(e, 'SYNTAX_ERROR') && e.message).toBe(`line 1:13: mismatched input '<EOF>'. Expecting: a statement`);
    }
  });

  it('parseStatement accepts one trailing semicolon and rejects a second statement', () => {
    expect(noPos(parseStatement(`SELECT 'x';  `))).toEqual(query(select([item(str('x'))])));
    try {
      parseStatement('SELECT 1; SELECT 2');
      expect.unreachable();
    } catch (e) {
      expect(isAegisError(e, 'SYNTAX_ERROR') && e.message).toBe(`line 1:11: only one statement is allowed here, but another one starts at 'SELECT'`);
    }
  });

  it('quoted identifiers keep case and may contain anything', () => {
    expect(noPos(parseStatement('SELECT "Weird;Name" FROM t'))).toEqual(
      query(select([{ kind: 'select_expr', expr: { kind: 'column', parts: [id('Weird;Name', true)] } }], table('t'))),
    );
  });
});

describe('warmUpParser', () => {
  it('parses its samples on the fast path', () => {
    const before = { ...parseStats };
    warmUpParser();
    expect(parseStats.sll - before.sll).toBe(5);
    expect(parseStats.ll).toBe(before.ll);
  });
});
