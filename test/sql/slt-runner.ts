/**
 * A sqllogictest runner for aegis.
 *
 * Records (separated by blank lines; `#` lines are comments; files start with a
 * `# name:` / `# description:` header):
 *
 *   statement ok                 the statement must succeed
 *   <sql…>
 *
 *   statement error <regex>      the statement must fail; <regex> is matched against
 *   <sql…>                       `CODE: message` (e.g. `NOT_FOUND: .*cannot be resolved`)
 *
 *   query <types> [nosort|rowsort|valuesort]
 *   <sql…>
 *   ----
 *   <expected rows>
 *
 *   halt                         stop reading the file
 *
 * `<types>` has one letter per result column, checked against the column's SQL type:
 *   I integral (tinyint/smallint/integer/bigint)   R real/double/decimal
 *   T varchar/char                                  B boolean
 *   D anything else (date, timestamp, interval, varbinary, array, map, row, json, unknown)
 * Expected rows hold the column values rendered with `formatValue` (what Athena shows), separated
 * by single spaces; NULL is `NULL` and the empty string is `(empty)`. `rowsort` sorts rendered
 * rows, `valuesort` sorts all values (one per line), `nosort` (default) keeps result order, and
 * `regex` keeps result order but treats each expected line as a regular expression the whole
 * actual line must match (for EXPLAIN output with data-dependent parts).
 */
import { readFileSync } from 'node:fs';
import { Engine } from '../../src/api/engine.js';
import { formatValue } from '../../src/types/format-value.js';
import type { SqlType } from '../../src/types/sql-type.js';
import type { Value } from '../../src/types/value.js';
import { isAegisError } from '../../src/errors.js';
import { createCatalogHooks } from '../../src/api/catalog-hooks.js';
import { SqliteCatalog } from '../../src/catalog/sqlite-catalog.js';

/**
 * A fresh engine for one file: the persistent catalog (SQLite, in memory) handles DDL, SHOW and
 * DESCRIBE; CREATE TABLE AS / INSERT targets live in the engine's in-memory catalog.
 */
export function newSltEngine(): Engine {
  const hooks = createCatalogHooks(new SqliteCatalog(':memory:'));
  return new Engine({
    catalog: hooks.catalogView,
    ddlHandler: (stmt, ctx) => hooks.ddlHandler(stmt, { database: ctx.database, bindView: (v, db) => ctx.bindView(v, db) }),
  });
}

export interface SltRecord {
  line: number;
  kind: 'statement_ok' | 'statement_error' | 'query';
  sql: string;
  errorPattern?: string;
  types?: string;
  sort?: 'nosort' | 'rowsort' | 'valuesort' | 'regex';
  expected?: string[];
}

export function parseSlt(text: string): SltRecord[] {
  const lines = text.split(/\r?\n/);
  const out: SltRecord[] = [];
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      i++;
      continue;
    }
    if (line === 'halt') break;
    const start = i + 1;
    const header = line.split(/\s+/);
    i++;
    const sql: string[] = [];
    if (header[0] === 'statement') {
      while (i < lines.length && lines[i]!.trim() !== '') sql.push(lines[i++]!);
      if (header[1] === 'ok') out.push({ line: start, kind: 'statement_ok', sql: sql.join('\n') });
      else if (header[1] === 'error') {
        out.push({ line: start, kind: 'statement_error', sql: sql.join('\n'), errorPattern: line.replace(/^statement\s+error\s*/, '') });
      } else throw new Error(`line ${start}: unknown statement mode '${header[1]}'`);
      continue;
    }
    if (header[0] === 'query') {
      while (i < lines.length && lines[i]!.trim() !== '----' && lines[i]!.trim() !== '') sql.push(lines[i++]!);
      const expected: string[] = [];
      if (i < lines.length && lines[i]!.trim() === '----') {
        i++;
        while (i < lines.length && lines[i]!.trim() !== '') expected.push(lines[i++]!.trimEnd());
      }
      const sort = (header[2] ?? 'nosort') as SltRecord['sort'];
      if (!['nosort', 'rowsort', 'valuesort', 'regex'].includes(sort!)) throw new Error(`line ${start}: unknown sort mode '${sort}'`);
      out.push({ line: start, kind: 'query', sql: sql.join('\n'), types: header[1] ?? '', sort, expected });
      continue;
    }
    throw new Error(`line ${start}: cannot parse record header '${line}'`);
  }
  return out;
}

export function typeLetter(t: SqlType): string {
  switch (t.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      return 'I';
    case 'real':
    case 'double':
    case 'decimal':
      return 'R';
    case 'varchar':
    case 'char':
      return 'T';
    case 'boolean':
      return 'B';
    default:
      return 'D';
  }
}

export function renderValue(v: Value, t: SqlType): string {
  if (v === null) return 'NULL';
  const s = formatValue(v, t);
  if (s === null) return 'NULL';
  return s === '' ? '(empty)' : s;
}

export interface SltFailure {
  line: number;
  sql: string;
  message: string;
}

/** Runs every record of a file in one fresh engine; returns the failures (empty = pass). */
export async function runSlt(text: string, engine = newSltEngine()): Promise<{ records: number; failures: SltFailure[] }> {
  const records = parseSlt(text);
  const failures: SltFailure[] = [];
  for (const r of records) {
    const fail = (message: string) => failures.push({ line: r.line, sql: r.sql, message });
    try {
      const res = await engine.execute(r.sql);
      if (r.kind === 'statement_error') {
        fail(`expected an error matching /${r.errorPattern}/ but the statement succeeded`);
        continue;
      }
      if (r.kind !== 'query') continue;
      const letters = res.columns.map((c) => typeLetter(c.type)).join('');
      if (letters !== r.types) {
        fail(`column types ${letters} (${res.columns.map((c) => c.type.kind).join(', ')}) but the record expects ${r.types}`);
        continue;
      }
      let actual = res.rows.map((row) => row.map((v, j) => renderValue(v, res.columns[j]!.type)).join(' '));
      if (r.sort === 'rowsort') actual = actual.sort();
      if (r.sort === 'valuesort') actual = res.rows.flatMap((row) => row.map((v, j) => renderValue(v, res.columns[j]!.type))).sort();
      const expected = r.expected ?? [];
      const lineOk = (a: string, k: number) => (r.sort === 'regex' ? new RegExp(`^(?:${expected[k]})$`).test(a) : a === expected[k]);
      const same = actual.length === expected.length && actual.every(lineOk);
      if (!same) fail(`result mismatch\n--- expected\n${expected.join('\n')}\n--- actual\n${actual.join('\n')}`);
    } catch (e) {
      const text = isAegisError(e) ? `${e.code}: ${e.message}` : `UNEXPECTED: ${e instanceof Error ? e.stack : String(e)}`;
      if (r.kind === 'statement_error') {
        if (!isAegisError(e)) fail(`expected an AegisError, got ${text}`);
        else if (!new RegExp(r.errorPattern!).test(text)) fail(`error '${text}' does not match /${r.errorPattern}/`);
        continue;
      }
      fail(`unexpected error: ${text}`);
    }
  }
  return { records: records.length, failures };
}

export function runSltFile(path: string): Promise<{ records: number; failures: SltFailure[] }> {
  return runSlt(readFileSync(path, 'utf8'));
}
