/**
 * Athena's result CSV as aegis writes it (results/athena-csv.ts) and reads it back
 * (results/read-result.ts `storedRows`): header row, every value double-quoted with quotes
 * doubled, NULL an empty unquoted field, '' a quoted empty field, newlines kept inside quotes.
 * The `.txt` layout of DDL results is checked too.
 */
import { describe, expect, it } from 'vitest';
import { csvHeader, csvRows, textRows } from '../../../src/results/athena-csv.js';
import { storedRows, type StoredResult } from '../../../src/results/read-result.js';
import { resultMetadata } from '../../../src/results/result-metadata.js';
import { parseTypeName } from '../../../src/types/type-parser.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const VARCHAR: SqlType = { kind: 'varchar' };
const INTEGER: SqlType = { kind: 'integer' };

function stored(kind: 'csv' | 'txt', columns: { name: string; type: SqlType }[], text: string, rowCount: number): StoredResult {
  const data = Buffer.from(text, 'utf8');
  return {
    data,
    metadata: resultMetadata({ queryId: 'q1', statementType: kind === 'csv' ? 'DML' : 'DDL', columns, rowCount, dataObject: `q1.${kind}`, dataBytes: data.length, encryption: { option: 'SSE_S3' } }),
  };
}

/** Writes rows as the result writer does and parses them back. */
function roundTrip(columns: { name: string; type: SqlType }[], rows: Value[][]): { text: string; back: Value[][] } {
  const text = csvHeader(columns.map((c) => c.name)) + csvRows(rows, columns.map((c) => c.type));
  return { text, back: storedRows(stored('csv', columns, text, rows.length)).rows };
}

describe('Athena CSV encoding', () => {
  it('quotes every value and the header, doubles quotes, ends each row with \\n', () => {
    expect(csvHeader(['a', 'say "hi"'])).toBe('"a","say ""hi"""\n');
    expect(csvRows([[1, 'x"y'], [2, '""']], [INTEGER, VARCHAR])).toBe('"1","x""y"\n"2",""""""\n');
  });

  it('writes NULL as an empty unquoted field and the empty string as ""', () => {
    expect(csvRows([[null, ''], ['', null]], [VARCHAR, VARCHAR])).toBe(',""\n"",\n');
    expect(csvRows([[null, null, null]], [VARCHAR, INTEGER, VARCHAR])).toBe(',,\n');
  });

  it('keeps newlines, carriage returns, commas and non-ASCII text inside the quotes', () => {
    expect(csvRows([['a\nb', 'c\r\nd', 'e,f', 'ünï €']], [VARCHAR, VARCHAR, VARCHAR, VARCHAR])).toBe('"a\nb","c\r\nd","e,f","ünï €"\n');
  });

  it('renders values as Athena shows them (decimal scale, booleans, dates, arrays, maps)', () => {
    const types = ['decimal(5,2)', 'boolean', 'date', 'array(integer)', 'map(varchar,integer)', 'double'].map(parseTypeName);
    const row: Value[] = [150n, true, 19723, [1, null], { keys: ['k'], values: [7] }, 1e21];
    expect(csvRows([row], types)).toBe('"1.50","true","2024-01-01","[1, null]","{k=7}","1.0E21"\n');
  });

  it('a result without rows is the header line only', () => {
    expect(csvHeader(['only']) + csvRows([], [VARCHAR])).toBe('"only"\n');
  });

  it('DDL results (.txt) are tab-separated lines, NULL as empty', () => {
    expect(textRows([['a', null], [null, 'b']], [VARCHAR, VARCHAR])).toBe('a\t\n\tb\n');
    expect(textRows([], [VARCHAR])).toBe('');
  });
});

describe('storedRows: CSV results read back', () => {
  it('tells NULL from \'\' in single-column results, including a trailing NULL row', () => {
    const cols = [{ name: 'c', type: VARCHAR }];
    const rows: Value[][] = [['a'], [null], [''], [null], ['b'], [''], [null]];
    const { text, back } = roundTrip(cols, rows);
    expect(text).toBe('"c"\n"a"\n\n""\n\n"b"\n""\n\n');
    expect(back).toEqual(rows);
  });

  it('a single-column result whose only row is NULL is one row, not zero', () => {
    const cols = [{ name: 'c', type: VARCHAR }];
    expect(roundTrip(cols, [[null]]).back).toEqual([[null]]);
    expect(roundTrip(cols, [['']]).back).toEqual([['']]);
    expect(roundTrip(cols, []).back).toEqual([]);
  });

  it('reads quotes, newlines and commas inside values back unchanged', () => {
    const cols = [{ name: 'a', type: VARCHAR }, { name: 'b', type: VARCHAR }];
    const rows: Value[][] = [['x"y', 'line1\nline2'], ['"', 'a,b'], ['\r\n', ''], [null, '"quoted"']];
    expect(roundTrip(cols, rows).back).toEqual(rows);
  });

  it('types the cells from the metadata (integers, decimals, doubles, booleans, dates, timestamps)', () => {
    const cols = ['integer', 'bigint', 'decimal(12,2)', 'double', 'boolean', 'date', 'timestamp(3)', 'varbinary'].map((t, i) => ({ name: `c${i}`, type: parseTypeName(t) }));
    const rows: Value[][] = [
      [1, 9007199254740993n, 123456n, 0.1, false, 0, 1_700_000_000_123_000, new Uint8Array([0, 255])],
      [null, null, null, null, null, null, null, null],
    ];
    expect(roundTrip(cols, rows).back).toEqual(rows);
  });

  it('reads json values back as json text and intervals as their values', () => {
    const cols = ['json', 'interval day to second', 'interval year to month'].map((t, i) => ({ name: `c${i}`, type: parseTypeName(t) }));
    const rows: Value[][] = [
      ['{"a":[1,2]}', 93_784_005, 14],
      ['"s"', -86_400_000, -25],
    ];
    const { text, back } = roundTrip(cols, rows);
    expect(text).toBe('"c0","c1","c2"\n"{""a"":[1,2]}","1 02:03:04.005","1-2"\n"""s""","-1 00:00:00.000","-2-1"\n');
    expect(back).toEqual(rows);
  });

  it('reads the header-only result of a query with no rows', () => {
    const r = storedRows(stored('csv', [{ name: 'x', type: INTEGER }], '"x"\n', 0));
    expect(r.columns).toEqual([{ name: 'x', type: INTEGER }]);
    expect(r.rows).toEqual([]);
  });

  it('reads a .txt DDL result: lines, tabs, empty as NULL', () => {
    const cols = [{ name: 'a', type: VARCHAR }, { name: 'b', type: VARCHAR }];
    expect(storedRows(stored('txt', cols, 'a\t\n\tb\n', 2)).rows).toEqual([['a', null], [null, 'b']]);
    expect(storedRows(stored('txt', cols, '', 0)).rows).toEqual([]);
  });
});
