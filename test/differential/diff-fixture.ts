/**
 * The differential suites' shared setup: the same rows registered as in-memory tables of an
 * {@link Engine} and loaded into DuckDB from '|'-separated CSV files whose column types are given
 * exactly (no inference), so both engines see identical data; and the check of one query.
 *
 * DuckDB is loaded from text this module writes itself (not through aegis's Parquet writer), so a
 * writer bug cannot hide on both sides.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/api/engine.js';
import { batchToRows } from '../../src/types/batch.js';
import { formatType, type SqlType } from '../../src/types/sql-type.js';
import type { Value } from '../../src/types/value.js';
import { generateTpch } from '../../datasets/tpch/generate.js';
import { DuckOracle } from '../util/duckdb-oracle.js';
import type { Canon } from '../util/compare-results.js';

export interface TableDef {
  name: string;
  columns: { name: string; type: SqlType }[];
  /** Rows in aegis's value representation. */
  rows: Value[][];
}

const DAY_MS = 86_400_000;

/** DuckDB's name for an aegis column type (only the types the fixtures use). */
export function duckType(t: SqlType): string {
  switch (t.kind) {
    case 'boolean':
      return 'BOOLEAN';
    case 'tinyint':
      return 'TINYINT';
    case 'smallint':
      return 'SMALLINT';
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'real':
      return 'REAL';
    case 'double':
      return 'DOUBLE';
    case 'decimal':
      return `DECIMAL(${t.precision},${t.scale})`;
    case 'varchar':
      return 'VARCHAR';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    default:
      throw new Error(`no DuckDB type for ${formatType(t)}`);
  }
}

/** Decimal text with all `scale` digits: 150n, 2 → "1.50"; -5n, 2 → "-0.05". */
function fullDecimal(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return neg ? `-${text}` : text;
}

const isoDate = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);

function isoTimestamp(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const sub = micros - ms * 1000;
  return `${new Date(ms).toISOString().slice(0, 23).replace('T', ' ')}${String(sub).padStart(3, '0')}`;
}

/** One value as CSV text: NULL is `\N` unquoted; every string is quoted, so '' stays ''. */
function csvCell(v: Value, t: SqlType): string {
  if (v === null) return '\\N';
  switch (t.kind) {
    case 'decimal':
      return fullDecimal(v as bigint, t.scale);
    case 'date':
      return isoDate(v as number);
    case 'timestamp':
      return isoTimestamp(v as number);
    case 'varchar':
      return `"${String(v).replace(/"/g, '""')}"`;
    default:
      return String(v);
  }
}

/** A value as a SQL literal both engines read the same way (for hand-written VALUES). */
export function sqlLiteral(v: Value, t: SqlType): string {
  if (v === null) return 'NULL';
  switch (t.kind) {
    case 'decimal':
      return `DECIMAL '${fullDecimal(v as bigint, t.scale)}'`;
    case 'date':
      return `DATE '${isoDate(v as number)}'`;
    case 'varchar':
      return `'${String(v).replace(/'/g, "''")}'`;
    default:
      return String(v);
  }
}

/** Both engines holding the same tables; one pair per test file. */
export class DiffEnv {
  private readonly dir = mkdtempSync(join(tmpdir(), 'aegis-diff-'));
  private readonly answers = new Map<string, Promise<Canon[][]>>();

  private constructor(readonly engine: Engine, readonly duck: DuckOracle) {}

  static async open(): Promise<DiffEnv> {
    return new DiffEnv(new Engine(), await DuckOracle.open());
  }

  /** Registers `t` in the engine's in-memory catalog and loads the same rows into DuckDB. */
  async load(t: TableDef): Promise<void> {
    this.engine.memory.createTable('default', t.name, t.columns).append(t.rows);
    const file = join(this.dir, `${t.name}.csv`);
    const lines = t.rows.map((r) => r.map((v, j) => csvCell(v, t.columns[j]!.type)).join('|'));
    writeFileSync(file, lines.join('\n') + (lines.length ? '\n' : ''));
    const cols = t.columns.map((c) => `'${c.name}': '${duckType(c.type)}'`).join(', ');
    if (t.rows.length === 0) {
      await this.duck.run(`CREATE TABLE ${t.name} (${t.columns.map((c) => `${c.name} ${duckType(c.type)}`).join(', ')})`);
      return;
    }
    await this.duck.run(
      `CREATE TABLE ${t.name} AS SELECT * FROM read_csv('${file}', delim='|', header=false, quote='"', escape='"', ` +
        `nullstr='\\N', auto_detect=false, columns={${cols}})`,
    );
  }

  /** TPC-H at scale `sf` (deterministic) in both engines. */
  async loadTpch(sf: number): Promise<void> {
    for (const t of Object.values(generateTpch(sf))) {
      await this.load({ name: t.name, columns: t.columns, rows: batchToRows(t.batch) });
    }
  }

  /** DuckDB's answer to `sql`, computed once per text. */
  duckAnswer(sql: string): Promise<Canon[][]> {
    let a = this.answers.get(sql);
    if (!a) {
      a = this.duck.query(sql).then((r) => r.rows);
      this.answers.set(sql, a);
    }
    return a;
  }

  /** Drops remembered DuckDB answers (after a statement changed the data). */
  forgetAnswers(): void {
    this.answers.clear();
  }

  close(): void {
    this.duck.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
