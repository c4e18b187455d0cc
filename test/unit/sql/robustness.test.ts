// Truncated and mutated queries never crash the walkers: they parse, or fail with a typed
// SYNTAX_ERROR / NOT_SUPPORTED that points inside the text.
import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import { parseStatement } from '../../../src/sql/parse.js';
import { tpchQuery } from '../../../datasets/tpch/queries.js';

/** Whether 1-based line:column lies in `sql` (or just after its last character). */
function insideText(sql: string, line: number, column: number): boolean {
  const lines = sql.split('\n');
  return line >= 1 && line <= lines.length && column >= 1 && column <= lines[line - 1].length + 1;
}

function check(sql: string): void {
  try {
    parseStatement(sql);
  } catch (e) {
    expect(isAegisError(e), `${sql}\n→ ${String(e)}`).toBe(true);
    if (!isAegisError(e)) return;
    expect(['SYNTAX_ERROR', 'NOT_SUPPORTED']).toContain(e.code);
    const { line, column } = e.details as { line: number; column: number };
    expect(insideText(sql, line, column), `${e.message} for:\n${sql}`).toBe(true);
    expect(e.message.startsWith(`line ${line}:${column}: `)).toBe(true);
  }
}

describe('robustness', () => {
  it.each([2, 7, 13, 20])('sampled truncations of TPC-H Q%i', (id) => {
    const sql = tpchQuery(id);
    for (let cut = 5; cut < sql.length; cut += Math.ceil(sql.length / 12)) check(sql.slice(0, cut));
  });

  it.each([8, 19, 22])('TPC-H Q%i with one word dropped (sampled)', (id) => {
    const words = tpchQuery(id).split(/(\s+)/);
    for (let i = 0; i < words.length; i += Math.ceil(words.length / 12)) {
      if (!words[i].trim()) continue;
      check([...words.slice(0, i), ...words.slice(i + 1)].join(''));
    }
  });
});
