// A battery of malformed statements: each must fail with the stated code at the exact 1-based
// line:column of the offending token, with a message worded for people.
import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import { parseStatement } from '../../../src/sql/parse.js';

/** [sql, code, line, column, message (whole, or its start when `exact` is false), exact] */
type Case = [string, 'SYNTAX_ERROR' | 'NOT_SUPPORTED', number, number, string, boolean];

const CASES: Case[] = [
  ["SELECT FROM t", 'SYNTAX_ERROR', 1, 8, "mismatched input 'FROM'. Expecting: '*', 'DISTINCT', <expression>, <identifier>", true],
  ["SELECT a FROM", 'SYNTAX_ERROR', 1, 14, "mismatched input '<EOF>'. Expecting: '(', 'JSON_TABLE', 'TABLE', 'UNNEST', <identifier>", true],
  ["SELECT a,, b FROM t", 'SYNTAX_ERROR', 1, 10, "mismatched input ','. Expecting: '*', <expression>, <identifier>", true],
  ["SELECT * FROM t WHERE", 'SYNTAX_ERROR', 1, 22, "mismatched input '<EOF>'. Expecting: <expression>, <identifier>", true],
  ["SELECT * FROM t WHERE a = = 1", 'SYNTAX_ERROR', 1, 27, "mismatched input '='. Expecting: <expression>, <identifier>", true],
  ["SELECT (1 + 2 FROM t", 'SYNTAX_ERROR', 1, 15, "mismatched input 'FROM'", false],
  ["SELECT 1 2", 'SYNTAX_ERROR', 1, 10, "mismatched input '2'", false],
  ["SELEC 1", 'SYNTAX_ERROR', 1, 1, "mismatched input 'SELEC'", false],
  ["SELECT * FROM t GROUP a", 'SYNTAX_ERROR', 1, 23, "mismatched input 'a'. Expecting: 'BY'", true],
  ["SELECT * FROM t ORDER a", 'SYNTAX_ERROR', 1, 23, "mismatched input 'a'. Expecting: 'BY'", true],
  ["INSERT t VALUES (1)", 'SYNTAX_ERROR', 1, 8, "mismatched input 't'. Expecting: 'INTO'", true],
  ["SELECT CAST(a AS) FROM t", 'SYNTAX_ERROR', 1, 17, "mismatched input ')'. Expecting: <identifier>", true],
  ["SELECT a FROM t WHERE a IN ()", 'SYNTAX_ERROR', 1, 29, "mismatched input ')'. Expecting: 'SELECT', 'TABLE', 'VALUES', 'WITH', <expression>, <identifier>", true],
  ["SELECT * FROM t JOIN u", 'SYNTAX_ERROR', 1, 23, "mismatched input '<EOF>'", false],
  ["SELECT CASE WHEN a THEN 1 FROM t", 'SYNTAX_ERROR', 1, 27, "mismatched input 'FROM'", false],
  ["SELECT a FROM t WHERE b = 'x' AND AND c = 1", 'SYNTAX_ERROR', 1, 35, "mismatched input 'AND'. Expecting: <expression>, <identifier>", true],
  ["SELECT a FROM t HAVING", 'SYNTAX_ERROR', 1, 23, "mismatched input '<EOF>'. Expecting: <expression>, <identifier>", true],
  ["SELECT * FROM t LEFT JOIN u", 'SYNTAX_ERROR', 1, 28, "mismatched input '<EOF>'", false],
  ["SELECT a FROM t UNION", 'SYNTAX_ERROR', 1, 22, "mismatched input '<EOF>'. Expecting: '(', 'ALL', 'DISTINCT', 'SELECT', 'TABLE', 'VALUES'", true],
  ["SELECT a FROM t UNION ORDER BY a", 'SYNTAX_ERROR', 1, 23, "mismatched input 'ORDER'. Expecting: '(', 'ALL', 'DISTINCT', 'SELECT', 'TABLE', 'VALUES'", true],
  ["SELECT count(DISTINCT) FROM t", 'SYNTAX_ERROR', 1, 22, "mismatched input ')'. Expecting: <expression>, <identifier>", true],
  ["SELECT a FROM t WHERE a BETWEEN 1", 'SYNTAX_ERROR', 1, 34, "mismatched input '<EOF>'. Expecting: '%', '*', '+', '-', '.', '/', 'AND', 'AT', '[', '||'", true],
  ["SELECT a FROM t WHERE a IS", 'SYNTAX_ERROR', 1, 27, "mismatched input '<EOF>'. Expecting: 'DISTINCT', 'NOT', 'NULL'", true],
  ["SELECT a FROM t WHERE a IS NOT DISTINCT b", 'SYNTAX_ERROR', 1, 41, "mismatched input 'b'. Expecting: 'FROM'", true],
  ["SELECT a FROM t WHERE a LIKE", 'SYNTAX_ERROR', 1, 29, "mismatched input '<EOF>'. Expecting: <expression>, <identifier>", true],
  ["SELECT * FROM t WHERE EXISTS SELECT 1", 'SYNTAX_ERROR', 1, 30, "mismatched input 'SELECT'. Expecting: '('", true],
  ["SELECT a FROM t ORDER BY", 'SYNTAX_ERROR', 1, 25, "mismatched input '<EOF>'. Expecting: <expression>, <identifier>", true],
  ["SELECT a FROM t FETCH FIRST 2", 'SYNTAX_ERROR', 1, 30, "mismatched input '<EOF>'. Expecting: 'ROW', 'ROWS'", true],
  ["SELECT ARRAY[1, 2 FROM t", 'SYNTAX_ERROR', 1, 19, "mismatched input 'FROM'", false],
  ["SELECT a[1 FROM t", 'SYNTAX_ERROR', 1, 12, "mismatched input 'FROM'. Expecting: '%', '*', '+', '-', '.', '/', 'AT', '[', ']', '||'", true],
  ["SELECT x -> FROM t", 'SYNTAX_ERROR', 1, 13, "mismatched input 'FROM'. Expecting: <expression>, <identifier>", true],
  ["SELECT EXTRACT(FROM d) FROM t", 'SYNTAX_ERROR', 1, 16, "mismatched input 'FROM'. Expecting: <identifier>", true],
  ["SELECT trim(BOTH FROM) FROM t", 'SYNTAX_ERROR', 1, 22, "mismatched input ')'. Expecting: <expression>, <identifier>", true],
  ["SELECT a FROM t WINDOW w", 'SYNTAX_ERROR', 1, 25, "mismatched input '<EOF>'. Expecting: 'AS'", true],
  ["SELECT rank() OVER (PARTITION a) FROM t", 'SYNTAX_ERROR', 1, 31, "mismatched input 'a'. Expecting: ')', 'BY', 'GROUPS', 'MEASURES', 'ORDER', 'PARTITION', 'RANGE', 'ROWS'", true],
  ["SELECT sum(x) OVER (ROWS BETWEEN) FROM t", 'SYNTAX_ERROR', 1, 33, "mismatched input ')'. Expecting: <expression>, <identifier>", true],
  ["WITH a AS SELECT 1 SELECT * FROM a", 'SYNTAX_ERROR', 1, 11, "mismatched input 'SELECT'. Expecting: '('", true],
  ["WITH a (SELECT 1) SELECT * FROM a", 'SYNTAX_ERROR', 1, 9, "mismatched input 'SELECT'. Expecting: <identifier>", true],
  ["VALUES", 'SYNTAX_ERROR', 1, 7, "mismatched input '<EOF>'. Expecting: <expression>, <identifier>", true],
  ["VALUES (1,", 'SYNTAX_ERROR', 1, 11, "mismatched input '<EOF>'. Expecting: <expression>, <identifier>", true],
  ["SELECT * FROM (SELECT 1", 'SYNTAX_ERROR', 1, 24, "mismatched input '<EOF>'", false],
  ["SELECT * FROM t AS", 'SYNTAX_ERROR', 1, 19, "mismatched input '<EOF>'. Expecting: <identifier>", true],
  ["SELECT * FROM UNNEST(", 'SYNTAX_ERROR', 1, 22, "mismatched input '<EOF>'. Expecting: <expression>, <identifier>", true],
  ["SELECT * FROM t TABLESAMPLE (10)", 'SYNTAX_ERROR', 1, 30, "mismatched input '10'. Expecting: <identifier>", true],
  ["CREATE TABLE t AS", 'SYNTAX_ERROR', 1, 18, "mismatched input '<EOF>'. Expecting: '(', 'MAP', 'REDUCE', 'SELECT', 'VALUES', 'WITH'", true],
  ["CREATE TABLE t WITH (format) AS SELECT 1", 'SYNTAX_ERROR', 1, 28, "mismatched input ')'. Expecting: '='", true],
  ["CREATE VIEW AS SELECT 1", 'SYNTAX_ERROR', 1, 13, "mismatched input 'AS'. Expecting: <identifier>", true],
  ["DROP VIEW", 'SYNTAX_ERROR', 1, 10, "mismatched input '<EOF>'. Expecting: <identifier>", true],
  ["EXPLAIN", 'SYNTAX_ERROR', 1, 8, "mismatched input '<EOF>'", false],
  ["EXPLAIN (TYPE FOO) SELECT 1", 'SYNTAX_ERROR', 1, 15, "mismatched input 'FOO'. Expecting: 'DISTRIBUTED', 'IO', 'LOGICAL', 'VALIDATE'", true],
  ["PREPARE FROM SELECT 1", 'SYNTAX_ERROR', 1, 9, "mismatched input 'FROM'. Expecting: <identifier>", true],
  ["PREPARE p SELECT 1", 'SYNTAX_ERROR', 1, 11, "mismatched input 'SELECT'. Expecting: 'FROM'", true],
  ["PREPARE p FROM", 'SYNTAX_ERROR', 1, 15, "mismatched input '<EOF>'. Expecting: a statement", true],
  ["EXECUTE", 'SYNTAX_ERROR', 1, 8, "mismatched input '<EOF>'. Expecting: <identifier>", true],
  ["EXECUTE p USING", 'SYNTAX_ERROR', 1, 16, "mismatched input '<EOF>'. Expecting: <expression>, <identifier>", true],
  ["DEALLOCATE p", 'SYNTAX_ERROR', 1, 12, "mismatched input 'p'. Expecting: 'PREPARE'", true],
  ["USE", 'SYNTAX_ERROR', 1, 4, "mismatched input '<EOF>'. Expecting: <identifier>", true],
  ["UNLOAD (SELECT 1)", 'SYNTAX_ERROR', 1, 18, "mismatched input '<EOF>'. Expecting: 'TO'", true],
  ["UNLOAD (SELECT 1) TO", 'SYNTAX_ERROR', 1, 21, "mismatched input '<EOF>'. Expecting: <string> (an 's3://\u2026' location)", true],
  ["UNLOAD (SELECT 1) TO 's3://x' WITH", 'SYNTAX_ERROR', 1, 35, "mismatched input '<EOF>'. Expecting: '('", true],
  ["UNLOAD (SELECT 1) TO 's3://x' WITH (format = )", 'SYNTAX_ERROR', 1, 46, "mismatched input ')'. Expecting: <expression>, <identifier>", true],
  ["UNLOAD () TO 's3://x'", 'SYNTAX_ERROR', 1, 9, "mismatched input ')'. Expecting: <query>", true],
  ["CREATE EXTERNAL TABLE t (a int", 'SYNTAX_ERROR', 1, 31, "mismatched input '<EOF>'. Expecting: ')'", true],
  ["CREATE EXTERNAL TABLE t (a foo) LOCATION 's3://x/'", 'SYNTAX_ERROR', 1, 28, "mismatched input 'foo'", false],
  ["CREATE EXTERNAL TABLE (a int)", 'SYNTAX_ERROR', 1, 23, "mismatched input '('. Expecting: 'IF', <identifier>", true],
  ["CREATE EXTERNAL TABLE t (a int) LOCATION", 'SYNTAX_ERROR', 1, 41, "mismatched input '<EOF>'. Expecting: <string>", true],
  ["CREATE EXTERNAL TABLE t (a int) STORED AS", 'SYNTAX_ERROR', 1, 42, "mismatched input '<EOF>'. Expecting: <identifier>", true],
  ["CREATE EXTERNAL TABLE t (a int) PARTITIONED BY dt string", 'SYNTAX_ERROR', 1, 48, "mismatched input 'dt'. Expecting: '(', 'SPEC'", true],
  ["CREATE EXTERNAL TABLE t (a array<int) LOCATION 's3://x/'", 'SYNTAX_ERROR', 1, 37, "mismatched input ')'. Expecting: '>'", true],
  ["CREATE EXTERNAL TABLE t (a map<int>)", 'SYNTAX_ERROR', 1, 35, "mismatched input '>'. Expecting: ','", true],
  ["CREATE EXTERNAL TABLE t (a struct<b int>)", 'SYNTAX_ERROR', 1, 37, "mismatched input 'int'. Expecting: ':'", true],
  ["CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED FIELDS BY ','", 'SYNTAX_ERROR', 1, 61, "mismatched input 'BY'. Expecting: 'TERMINATED'", true],
  ["CREATE EXTERNAL TABLE t (a int) TBLPROPERTIES ('a')", 'NOT_SUPPORTED', 1, 48, "A property list without values is not supported", true],
  ["CREATE DATABASE", 'SYNTAX_ERROR', 1, 16, "mismatched input '<EOF>'. Expecting: 'IF', <identifier>", true],
  ["DROP DATABASE", 'SYNTAX_ERROR', 1, 14, "mismatched input '<EOF>'. Expecting: 'IF', <identifier>", true],
  ["DROP TABLE", 'SYNTAX_ERROR', 1, 11, "mismatched input '<EOF>'. Expecting: 'IF', <identifier>", true],
  ["ALTER TABLE t ADD PARTITION dt='1'", 'SYNTAX_ERROR', 1, 29, "mismatched input 'dt'. Expecting: '('", true],
  ["ALTER TABLE t ADD PARTITION (dt)", 'SYNTAX_ERROR', 1, 30, "Partition column dt needs a value", true],
  ["ALTER TABLE t DROP PARTITION", 'SYNTAX_ERROR', 1, 29, "mismatched input '<EOF>'. Expecting: '('", true],
  ["MSCK TABLE t", 'SYNTAX_ERROR', 1, 1, "Expected MSCK REPAIR TABLE <table>", true],
  ["MSCK REPAIR t", 'SYNTAX_ERROR', 1, 13, "mismatched input 't'. Expecting: 'TABLE'", true],
  ["SHOW", 'SYNTAX_ERROR', 1, 5, "mismatched input '<EOF>'", false],
  ["SHOW TABLES IN", 'SYNTAX_ERROR', 1, 15, "mismatched input '<EOF>'. Expecting: <identifier>", true],
  ["SHOW PARTITIONS", 'SYNTAX_ERROR', 1, 16, "mismatched input '<EOF>'. Expecting: <identifier>", true],
  ["DESCRIBE", 'SYNTAX_ERROR', 1, 9, "mismatched input '<EOF>'. Expecting: 'CONNECTOR', 'DATABASE', 'EXTENDED', 'FUNCTION', <identifier>", true],
  ["SELECT 'abc", 'SYNTAX_ERROR', 1, 8, "unterminated string literal", true],
  ["SELECT \"abc", 'SYNTAX_ERROR', 1, 8, "unterminated quoted identifier", true],
  ["SELECT /* unterminated", 'SYNTAX_ERROR', 1, 8, "unterminated comment", true],
  ["SELECT X'0G'", 'SYNTAX_ERROR', 1, 8, "Binary literal can only contain hexadecimal digits", true],
  ["SELECT X'ABC'", 'SYNTAX_ERROR', 1, 8, "Binary literal must contain an even number of digits", true],
  ["SELECT 99999999999999999999", 'SYNTAX_ERROR', 1, 8, "Invalid numeric literal: 99999999999999999999", true],
  ["SELECT `a` FROM t", 'SYNTAX_ERROR', 1, 8, "backquoted identifiers are not supported; use double quotes to quote identifiers", true],
  ["SELECT 1a FROM t", 'SYNTAX_ERROR', 1, 8, "identifiers must not start with a digit; surround the identifier with double quotes", true],
  ["SELECT \"\" FROM t", 'SYNTAX_ERROR', 1, 8, "Zero-length delimited identifier not allowed", true],
  ["SELECT a FROM t; SELECT", 'SYNTAX_ERROR', 1, 18, "only one statement is allowed here, but another one starts at 'SELECT'", true],
  // Multi-line statements: positions count lines and columns from 1.
  ["SELECT a\nFROM t\nWHERE b = 'x' AND\n  AND c = 1", 'SYNTAX_ERROR', 4, 3, "mismatched input 'AND'. Expecting: <expression>, <identifier>", true],
  ["\n\n  SELECT *\n  FROM t\n  GROUP a", 'SYNTAX_ERROR', 5, 9, "mismatched input 'a'. Expecting: 'BY'", true],
  ["-- comment line\nSELECT 'unterminated", 'SYNTAX_ERROR', 2, 8, 'unterminated string literal', true],
  ["SELECT 1,\n\t2 3", 'SYNTAX_ERROR', 2, 4, "mismatched input '3'", false],
  ["CREATE EXTERNAL TABLE t (\n  a int,\n  b strin\n) LOCATION 's3://x/'", 'SYNTAX_ERROR', 3, 5, "mismatched input 'strin'", false],
];

function failure(sql: string): { code: string; message: string; details: unknown } {
  try {
    parseStatement(sql);
  } catch (e) {
    if (isAegisError(e)) return { code: e.code, message: e.message, details: e.details };
    throw e;
  }
  throw new Error(`parsed without error: ${sql}`);
}

describe('malformed statements', () => {
  it('has a battery of at least 50 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CASES)('%s → %s at %i:%i', (sql, code, line, column, message, exact) => {
    const f = failure(sql);
    expect(f.code).toBe(code);
    expect(f.details).toEqual({ line, column });
    const prefix = `line ${line}:${column}: `;
    if (exact) expect(f.message).toBe(prefix + message);
    else expect(f.message.startsWith(prefix + message)).toBe(true);
  });
});
