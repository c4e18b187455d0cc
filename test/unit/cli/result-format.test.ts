/**
 * Table output escapes what object data could use against a terminal (escape sequences, other
 * control characters, bidirectional overrides); CSV and JSON output carry the values unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../src/api/query-result.js';
import { escapeForTerminal, renderResult } from '../../../src/cli/result-format.js';
import { T } from '../../../src/types/sql-type.js';

const EVIL = 'ok\u001b]0;pwned\u0007\u001b[2J\r\tbell\u0007 \u202eevil\u0000del\u007f c1\u009b end';

function result(values: string[]): QueryResult {
  return {
    columns: [{ name: 'v\u001b[31m', type: T.varchar }],
    rows: values.map((v) => [v]),
    statementType: 'DML',
    stats: {} as QueryResult['stats'],
  };
}

describe('table output', () => {
  it('shows control characters and bidi overrides as visible escapes, in cells and headers', () => {
    const out = renderResult(result([EVIL, 'plain ünïcode 😀']), 'table');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain('ok\\x1b]0;pwned\\x07\\x1b[2J\\r\\tbell\\x07 \\u202eevil\\x00del\\x7f c1\\x9b end');
    expect(out).toContain(' v\\x1b[31m');
    expect(out).toContain('plain ünïcode 😀');
    // Every line but the last ends with exactly one newline: no raw line breaks from data.
    expect(out.split('\n')).toHaveLength(6);
  });

  it('escapeForTerminal keeps printable text as is', () => {
    expect(escapeForTerminal('a|b "c" \\ é 中 😀')).toBe('a|b "c" \\ é 中 😀');
    expect(escapeForTerminal('line1\nline2')).toBe('line1\\nline2');
  });
});

describe('CSV and JSON output', () => {
  it('carry the values unchanged', () => {
    const csv = renderResult(result([EVIL]), 'csv');
    expect(csv).toContain(EVIL);
    const json = renderResult(result([EVIL]), 'json');
    expect(JSON.parse(json.trim())).toEqual({ 'v\u001b[31m': EVIL });
  });
});
