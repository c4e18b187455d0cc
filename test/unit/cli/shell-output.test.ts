/**
 * What the shell and `aegis query` print: table alignment and widths in terminal cells, fitting
 * a terminal (cut with `…`, head and tail of tall results), expanded display, typed JSON lines,
 * the caret under an error's position and the progress line.
 */
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../src/api/query-result.js';
import { displayWidth, truncateToWidth } from '../../../src/cli/display-width.js';
import { caretLines } from '../../../src/cli/error-caret.js';
import { ProgressLine, progressText } from '../../../src/cli/progress-line.js';
import { renderResult } from '../../../src/cli/result-format.js';
import { AegisError } from '../../../src/errors.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

function result(columns: [string, SqlType][], rows: Value[][]): QueryResult {
  return { columns: columns.map(([name, type]) => ({ name, type })), rows, statementType: 'DML', stats: {} as QueryResult['stats'] };
}

describe('display width', () => {
  it('counts CJK and emoji as two cells, combining marks and joiners as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('李小龍')).toBe(6);
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('👨‍👩‍👧')).toBe(2); // ZWJ family: one glyph
    expect(displayWidth('🇫🇷')).toBe(2);
    expect(displayWidth('é')).toBe(1); // e + combining acute
    expect(displayWidth('한국어')).toBe(6);
  });

  it('cuts to a width with … and never splits a wide character or a grapheme', () => {
    expect(truncateToWidth('abcdefgh', 5)).toBe('abcd…');
    expect(truncateToWidth('李小龍李小龍', 5)).toBe('李小…');
    expect(truncateToWidth('😀😀😀', 4)).toBe('😀…');
    expect(truncateToWidth('short', 5)).toBe('short');
  });
});

describe('table format', () => {
  const r = result(
    [
      ['id', T.integer],
      ['name', T.varchar],
      ['amount', T.decimal(6, 2)],
      ['ratio', T.double],
    ],
    [
      [1, '李小龍', 1250n, 0.5],
      [22, 'ann 😀', -5n, null],
      [333, 'bob', 0n, 12.25],
    ],
  );

  it('right-aligns numbers (and their headers), left-aligns text, pads by display width (CJK, emoji)', () => {
    expect(renderResult(r, 'table')).toBe(
      [
        '  id | name   | amount | ratio',
        '-----+--------+--------+-------',
        '   1 | 李小龍 |  12.50 |   0.5',
        '  22 | ann 😀 |  -0.05 |  NULL',
        ' 333 | bob    |   0.00 | 12.25',
        '(3 rows)',
        '',
      ].join('\n'),
    );
  });

  it('fits the terminal width: the widest columns are narrowed and their cells cut with …', () => {
    const wide = result(
      [
        ['k', T.integer],
        ['text', T.varchar],
      ],
      [[1, 'x'.repeat(100)], [2, 'short']],
    );
    const out = renderResult(wide, 'table', { maxWidth: 30 });
    const lines = out.split('\n');
    expect(lines[2]).toBe(` 1 | ${'x'.repeat(23)}…`);
    expect(lines[3]).toBe(' 2 | short');
    expect(Math.max(...lines.map(displayWidth))).toBe(30);
    // Without limits (a pipe) every byte is there.
    expect(renderResult(wide, 'table')).toContain('x'.repeat(100));
  });

  it('a result taller than the terminal shows its head and tail and "N rows (M shown)"', () => {
    const tall = result([['n', T.bigint]], Array.from({ length: 15_000 }, (_, i) => [BigInt(i + 1)]));
    const lines = renderResult(tall, 'table', { maxRows: 6 }).split('\n');
    expect(lines).toEqual(['     n', '-------', '     1', '     2', '     3', '     …', ' 14998', ' 14999', ' 15000', '15000 rows (6 shown)', '']);
  });

  it('\\x expanded display: one block per row', () => {
    expect(renderResult(r, 'table', { expanded: true }).split('\n').slice(0, 6)).toEqual([
      '-[ RECORD 1 ]+-------',
      'id     | 1',
      'name   | 李小龍',
      'amount | 12.50',
      'ratio  | 0.5',
      '-[ RECORD 2 ]+-------',
    ]);
  });
});

describe('--format json', () => {
  it('writes typed values: numbers where exact, decimals and big BIGINTs as strings, NULL as null, nested as JSON', () => {
    const r = result(
      [
        ['i', T.integer],
        ['b', T.bigint],
        ['big', T.bigint],
        ['d', T.decimal(10, 2)],
        ['f', T.double],
        ['r', T.real],
        ['nan', T.double],
        ['ok', T.boolean],
        ['day', T.date],
        ['n', T.varchar],
        ['a', T.array(T.integer)],
        ['m', T.map(T.varchar, T.decimal(3, 1))],
        ['row', { kind: 'row', fields: [{ name: 'x', type: T.integer }, { type: T.varchar }] }],
      ],
      [[7, 42n, 9007199254740993n, 150n, 0.1, Math.fround(1.1), NaN, true, 19_753, null, [1, null], { keys: ['k'], values: [15n] }, [1, 'y']]],
    );
    expect(renderResult(r, 'json')).toBe(
      '{"i":7,"b":42,"big":"9007199254740993","d":"1.50","f":0.1,"r":1.1,"nan":"NaN","ok":true,"day":"2024-01-31","n":null,"a":[1,null],"m":{"k":"1.5"},"row":{"x":1,"field1":"y"}}\n',
    );
  });
});

describe('error caret', () => {
  it('shows the statement line and a caret under the column the error names', () => {
    const e = new AegisError('SYNTAX_ERROR', "line 2:6: mismatched input 'FORM'", { line: 2, column: 6 });
    expect(caretLines(e, 'SELECT *\nFROM FORM t')).toEqual(['LINE 2: FROM FORM t', `${' '.repeat(13)}^`]);
    // Wide characters before the position move the caret by their display width.
    const cjk = new AegisError('NOT_FOUND', 'line 1:13: x', { line: 1, column: 13 });
    expect(caretLines(cjk, "SELECT '李小', nope")).toEqual(["LINE 1: SELECT '李小', nope", `${' '.repeat(8 + 14)}^`]);
    expect(caretLines(new AegisError('NOT_FOUND', 'no position'), 'SELECT 1')).toEqual([]);
  });
});

describe('progress line', () => {
  it('appears only after the delay, refreshes, and is erased on stop', async () => {
    const written: string[] = [];
    const p = new ProgressLine((t) => written.push(t), 30, 10);
    let rows = 0;
    p.start(() => rows);
    expect(written).toEqual([]);
    rows = 12_345;
    await new Promise((r) => setTimeout(r, 80));
    p.stop();
    expect(written.length).toBeGreaterThanOrEqual(2);
    expect(written[0]).toMatch(/^\r\x1b\[KRunning \d+\.\d s · 12,345 rows · Ctrl-C to cancel$/);
    expect(written.at(-1)).toBe('\r\x1b[K');
    // A statement faster than the delay never shows one.
    const quick: string[] = [];
    const q = new ProgressLine((t) => quick.push(t), 1000, 10);
    q.start(() => 0);
    q.stop();
    expect(quick).toEqual([]);
    expect(progressText({ elapsedMs: 1234, rows: 1 })).toBe('Running 1.2 s · 1 row · Ctrl-C to cancel');
    expect(progressText({ elapsedMs: 5000, rows: 0, bytesScanned: 3 * 1024 * 1024 + 1, objectsRead: 4, splitsRun: 2, splitsPlanned: 5 })).toBe(
      'Running 5.0 s · 0 rows · 3.0 MiB in 4 objects · 40% of splits · Ctrl-C to cancel',
    );
  });
});
