/**
 * Seeded fuzzing of the SQL front end: token soup, mutations of TPC-H queries, deep nesting, huge
 * literals and identifiers, Unicode. Every statement parses or fails with a typed SYNTAX_ERROR,
 * NOT_SUPPORTED or QUERY_TOO_COMPLEX whose message quotes a bounded part of the input — never a
 * crash, a stack overflow or INTERNAL_ERROR. AEGIS_FUZZ_CASES=N runs more.
 */
import { describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import { parseStatement } from '../../../src/sql/parse.js';
import { tpchQuery } from '../../../datasets/tpch/queries.js';
import { prng } from '../formats/prng.js';

const CASES = Number(process.env.AEGIS_FUZZ_CASES ?? 1500);
const TOKENS = [
  'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'ORDER', 'HAVING', 'LIMIT', 'UNION', 'ALL', 'JOIN', 'ON', 'AS', 'CASE', 'WHEN', 'THEN', 'ELSE',
  'END', 'AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'CAST', 'TRY_CAST', 'ARRAY', 'ROW', 'MAP', 'INTERVAL', 'DAY', 'WITH', 'VALUES', 'OVER',
  'PARTITION', 'ROWS', 'BETWEEN', 'UNNEST', 'LATERAL', 'EXISTS', 'CREATE', 'TABLE', 'EXTERNAL', 'INSERT', 'INTO', 'DROP', 'SHOW',
  '(', ')', '[', ']', ',', '.', '+', '-', '*', '/', '%', '||', '=', '<>', '<', '>=', '->', '?', ';', "'x'", "''", '"q"', '1', '1.5', '1e9',
  'x', 'y', 't', 'é', '😀', "'😀'", 'DATE', "'2024-01-01'", 'TIMESTAMP', 'varchar', 'decimal(10,2)', '/* c */', '-- c\n', '\n', 'ℕ', '\u0000',
];

function soup(rnd: ReturnType<typeof prng>): string {
  const n = 1 + rnd.int(40);
  return Array.from({ length: n }, () => rnd.pick(TOKENS)).join(rnd.int(4) === 0 ? '' : ' ');
}

function mutate(rnd: ReturnType<typeof prng>, sql: string): string {
  const words = sql.split(/(\s+)/);
  for (let k = 0; k < 1 + rnd.int(4); k++) {
    const i = rnd.int(words.length);
    switch (rnd.int(4)) {
      case 0:
        words.splice(i, 1);
        break;
      case 1:
        words.splice(i, 0, ` ${rnd.pick(TOKENS)} `);
        break;
      case 2:
        words[i] = rnd.pick(TOKENS);
        break;
      default:
        words.splice(i, 0, ...words.slice(rnd.int(words.length), rnd.int(words.length)));
    }
  }
  return words.join('');
}

function big(rnd: ReturnType<typeof prng>): string {
  const n = 1000 + rnd.int(300_000);
  switch (rnd.int(6)) {
    case 0:
      return `SELECT '${'x'.repeat(n)}'`;
    case 1:
      return `SELECT ${'y'.repeat(n)} FROM t`;
    case 2:
      return `SELECT ${'('.repeat(rnd.int(500))}1${')'.repeat(rnd.int(500))}`;
    case 3:
      return `SELECT ${Array(1 + rnd.int(3000)).fill('x').join(rnd.pick([' + ', ' OR ', ' || ', ' * ']))}`;
    case 4:
      return `SELECT ${'9'.repeat(n)}`;
    default:
      return `SELECT 1 ${'😀'.repeat(rnd.int(2000))}`;
  }
}

describe('SQL front-end fuzzing', () => {
  it(`${CASES} generated statements parse or fail typed`, () => {
    const rnd = prng(0xa5e1);
    const tally = new Map<string, number>();
    const queries = Array.from({ length: 22 }, (_, i) => tpchQuery(i + 1));
    for (let t = 0; t < CASES; t++) {
      const kind = t % 10;
      const sql = kind < 5 ? soup(rnd) : kind < 9 ? mutate(rnd, rnd.pick(queries)) : big(rnd);
      let outcome = 'parsed';
      try {
        parseStatement(sql);
      } catch (e) {
        if (!(e instanceof AegisError)) throw new Error(`case ${t}: not a typed error: ${String(e)}\n${sql.slice(0, 300)}`);
        expect(['SYNTAX_ERROR', 'NOT_SUPPORTED', 'QUERY_TOO_COMPLEX'], `case ${t}: ${e.code} ${e.message.slice(0, 300)}\n${sql.slice(0, 300)}`).toContain(e.code);
        expect(e.message.length, `case ${t}`).toBeLessThan(1200);
        outcome = e.code;
      }
      tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
    }
    console.log(`front-end fuzzing: ${CASES} cases — ${[...tally.entries()].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
    expect(tally.get('SYNTAX_ERROR')).toBeGreaterThan(0);
    expect(tally.get('parsed')).toBeGreaterThan(0);
  }, 600_000);
});
