/** What `Engine.execute` returns. */
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';

export interface QueryStats {
  /** Wall time of the whole statement, ms. */
  elapsedMs: number;
  planningMs: number;
  executionMs: number;
  rowsRead: number;
  splitsRun: number;
  bytesScanned: number;
  [counter: string]: number;
}

export interface QueryResult {
  columns: { name: string; type: SqlType }[];
  /** Complete result rows; a failing statement throws instead of returning part of them. */
  rows: Value[][];
  /** Athena's StatementType: queries are DML, as in Athena. */
  statementType: 'DDL' | 'DML' | 'UTILITY';
  /** Rows written by CREATE TABLE AS / INSERT. */
  updateCount?: number;
  stats: QueryStats;
}
