/**
 * Runs the catalog's sqllogictest files (test/sql/ddl/*.slt) straight through the DDL handler,
 * each file against a fresh in-memory catalog. Record format (sqllogictest-rs style):
 *   statement ok | statement error <regex>   — the regex is matched against `ERROR <CODE>: message`
 *   query <types> [rowsort] … ---- rows      — cells joined by a space, NULL as NULL, '' as (empty),
 *                                              whitespace runs collapsed
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeDdl } from '../../../src/catalog/ddl/execute-ddl.js';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { AegisError } from '../../../src/errors.js';
import { parseStatement } from '../../../src/sql/parse.js';

const DIR = join(__dirname, '../../sql/ddl');

type SltRecord =
  | { kind: 'ok'; sql: string; line: number }
  | { kind: 'error'; sql: string; pattern: string; line: number }
  | { kind: 'query'; sql: string; rowsort: boolean; expected: string[]; line: number };

function parseSlt(text: string): SltRecord[] {
  const lines = text.split('\n');
  const out: SltRecord[] = [];
  let i = 0;
  while (i < lines.length) {
    const head = lines[i]!;
    if (head.trim() === '' || head.startsWith('#')) {
      i++;
      continue;
    }
    const line = i + 1;
    i++;
    const sql: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && lines[i] !== '----') sql.push(lines[i++]!);
    if (head === 'statement ok') out.push({ kind: 'ok', sql: sql.join('\n'), line });
    else if (head.startsWith('statement error')) out.push({ kind: 'error', sql: sql.join('\n'), pattern: head.slice('statement error'.length).trim(), line });
    else if (head.startsWith('query ')) {
      const expected: string[] = [];
      if (lines[i] === '----') {
        i++;
        while (i < lines.length && lines[i]!.trim() !== '') expected.push(lines[i++]!);
      }
      out.push({ kind: 'query', sql: sql.join('\n'), rowsort: head.includes('rowsort'), expected, line });
    } else throw new Error(`line ${line}: unknown record '${head}'`);
  }
  return out;
}

const norm = (s: string): string => s.trim().split(/\s+/).join(' ');
const cell = (v: string | null): string => (v === null ? 'NULL' : v === '' ? '(empty)' : v);

const files = readdirSync(DIR).filter((f) => f.endsWith('.slt')).sort();

describe('test/sql/ddl/*.slt through the DDL handler', () => {
  it('finds the files', () => expect(files.length).toBeGreaterThanOrEqual(5));
  for (const file of files) {
    it(file, async () => {
      const catalog = new SqliteCatalog(':memory:');
      let database = 'default';
      try {
        for (const rec of parseSlt(readFileSync(join(DIR, file), 'utf8'))) {
          const where = `${file}:${rec.line}`;
          let result;
          let error: unknown;
          try {
            result = await executeDdl(parseStatement(rec.sql), { catalog, database });
            if (result.setDatabase) database = result.setDatabase;
          } catch (e) {
            error = e;
          }
          if (rec.kind === 'error') {
            expect(error, `${where}: expected an error`).toBeInstanceOf(AegisError);
            expect((error as AegisError).toLine(), where).toMatch(new RegExp(rec.pattern));
            continue;
          }
          if (error) throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
          if (rec.kind === 'query') {
            let rows = result!.rows.map((r) => norm(r.map(cell).join(' ')));
            if (rec.rowsort) rows = rows.sort();
            const expected = rec.expected.map(norm);
            expect(rows, where).toEqual(rec.rowsort ? [...expected].sort() : expected);
          }
        }
      } finally {
        catalog.close();
      }
    });
  }
});
