import { describe, expect, it } from 'vitest';
import { StatementBuffer } from '../../../src/cli/repl-buffer.js';
import { parseMeta } from '../../../src/cli/repl-meta.js';

function feed(lines: string[]): { runs: string[][]; buf: StatementBuffer } {
  const buf = new StatementBuffer();
  return { runs: lines.map((l) => buf.push(l).map((st) => st.text)), buf };
}

describe('REPL statement buffer', () => {
  it('runs a statement when its line ends it with ;, and keeps a multi-line one pending', () => {
    const { runs, buf } = feed(['SELECT a,', '  b FROM t', 'WHERE x = 1;']);
    expect(runs).toEqual([[], [], ['SELECT a,\n  b FROM t\nWHERE x = 1']]);
    expect(buf.empty).toBe(true);
  });

  it('runs several statements of one line in order and keeps the unfinished tail', () => {
    const { runs, buf } = feed(['SELECT 1; SELECT 2;SELECT', '3;']);
    expect(runs).toEqual([['SELECT 1', 'SELECT 2'], ['SELECT\n3']]);
    expect(buf.empty).toBe(true);
  });

  it('does not split at a ; inside a string, quoted identifier or comment', () => {
    const { runs } = feed([`SELECT 'a;b' AS "x;y" -- c;`, `/* d; */ , 2;`]);
    expect(runs).toEqual([[], [`SELECT 'a;b' AS "x;y" -- c;\n/* d; */ , 2`]]);
  });

  it('keeps a string literal that spans lines open, then runs the statement before it at once', () => {
    const buf = new StatementBuffer();
    expect(buf.push(`SELECT 1; SELECT 'first`)).toEqual([{ text: 'SELECT 1', line: 1, column: 1 }]);
    expect(buf.insideQuote).toBe(true);
    expect(buf.push(`second;`)).toEqual([]);
    expect(buf.push(`third';`)).toEqual([{ text: `SELECT 'first\nsecond;\nthird'`, line: 1, column: 11 }]);
    expect(buf.insideQuote).toBe(false);
    expect(buf.empty).toBe(true);
  });

  it('lexes Hive DDL with Hive string rules (a backslash escapes the quote)', () => {
    const { runs } = feed([String.raw`CREATE EXTERNAL TABLE t (a string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\';' LOCATION 's3://b/t/';`]);
    expect(runs).toEqual([[String.raw`CREATE EXTERNAL TABLE t (a string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\';' LOCATION 's3://b/t/'`]]);
  });

  it('tells where each statement starts in the whole input (1-based line and column)', () => {
    const buf = new StatementBuffer();
    expect(buf.push('-- header')).toEqual([]);
    expect(buf.push('SELECT 1;  SELECT')).toEqual([{ text: 'SELECT 1', line: 2, column: 1 }]);
    expect(buf.push('  2; /* x */ SELECT 3;')).toEqual([
      { text: 'SELECT\n  2', line: 2, column: 12 },
      { text: 'SELECT 3', line: 3, column: 14 },
    ]);
    buf.push('SELECT');
    buf.clear();
    expect(buf.push('    SELECT 4;')).toEqual([{ text: 'SELECT 4', line: 5, column: 5 }]);
  });

  it('drops empty statements and comment-only lines', () => {
    const { runs, buf } = feed([';;', '-- just a note', '/* block', 'still */', 'SELECT 1;']);
    expect(runs).toEqual([[], [], [], [], ['SELECT 1']]);
    expect(buf.empty).toBe(true);
  });

  it('flush returns the unterminated last statement at end of input, or the open text whole', () => {
    const a = new StatementBuffer();
    a.push('');
    a.push('  SELECT 1');
    expect(a.flush()).toEqual([{ text: 'SELECT 1', line: 2, column: 3 }]);
    const b = new StatementBuffer();
    b.push(`SELECT 'open`);
    expect(b.flush()).toEqual([{ text: `SELECT 'open`, line: 1, column: 1 }]);
    expect(b.insideQuote).toBe(false);
  });
});

describe('REPL meta commands', () => {
  it('maps backslash commands and bare words', () => {
    expect(parseMeta('\\q', false)).toEqual({ kind: 'quit' });
    expect(parseMeta('  exit ', false)).toEqual({ kind: 'quit' });
    expect(parseMeta('QUIT;', false)).toEqual({ kind: 'quit' });
    expect(parseMeta('help', false)).toEqual({ kind: 'help' });
    expect(parseMeta('\\h', false)).toEqual({ kind: 'help' });
    expect(parseMeta('\\d', false)).toEqual({ kind: 'sql', sql: 'SHOW TABLES' });
    expect(parseMeta('\\d sales.orders', false)).toEqual({ kind: 'sql', sql: 'DESCRIBE sales.orders' });
    expect(parseMeta('\\l', false)).toEqual({ kind: 'sql', sql: 'SHOW DATABASES' });
    expect(parseMeta('\\format csv', false)).toEqual({ kind: 'format', format: 'csv' });
    expect(parseMeta('\\format', false)).toEqual({ kind: 'format' });
    expect(parseMeta('\\timing', false)).toEqual({ kind: 'timing' });
    expect(parseMeta('\\timing off', false)).toEqual({ kind: 'timing', on: false });
    expect(parseMeta('\\preflight t', true)).toEqual({ kind: 'preflight', table: 't' });
  });

  it('treats bare words as SQL while a statement is pending, and SQL as SQL', () => {
    expect(parseMeta('exit', true)).toBeUndefined();
    expect(parseMeta('SELECT 1;', false)).toBeUndefined();
    expect(parseMeta('exits', false)).toBeUndefined();
  });

  it('rejects unknown commands and bad arguments with INVALID_ARGUMENT', () => {
    expect(() => parseMeta('\\zz', false)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: "Unknown command '\\zz'. Type \\h for help" }));
    expect(() => parseMeta('\\x maybe', false)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => parseMeta('\\i', false)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => parseMeta('\\format xml', false)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: "\\format takes table, csv or json (got 'xml')" }));
    expect(() => parseMeta('\\timing maybe', false)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => parseMeta('\\q now', false)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => parseMeta('\\preflight', false)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
