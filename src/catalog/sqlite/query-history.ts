/**
 * The `query_executions` table: one row per statement, written when it starts and again when it
 * ends. Newest first when listed.
 */
import type Database from 'better-sqlite3';
import type { ListExecutionsOptions, QueryExecutionRecord, QueryState } from '../query-execution.js';

interface Row {
  id: string;
  query: string;
  database: string;
  workgroup: string;
  statement_type: string | null;
  substatement_type: string | null;
  state: QueryState;
  error_code: string | null;
  error_message: string | null;
  submitted_at: number;
  completed_at: number | null;
  planning_ms: number | null;
  execution_ms: number | null;
  total_ms: number | null;
  data_scanned_bytes: number | null;
  output_location: string | null;
  encryption_option: string | null;
  kms_key: string | null;
  execution_parameters: string;
  row_count: number | null;
  update_count: number | null;
  client_request_token: string | null;
  pid: number | null;
  result_configuration: string | null;
}

const COLUMNS = [
  'id', 'query', 'database', 'workgroup', 'statement_type', 'substatement_type', 'state', 'error_code', 'error_message',
  'submitted_at', 'completed_at', 'planning_ms', 'execution_ms', 'total_ms', 'data_scanned_bytes', 'output_location',
  'encryption_option', 'kms_key', 'execution_parameters', 'row_count', 'update_count', 'client_request_token', 'pid',
  'result_configuration',
] as const;

function toRow(e: QueryExecutionRecord): Row {
  return {
    id: e.id,
    query: e.query,
    database: e.database,
    workgroup: e.workgroup,
    statement_type: e.statementType ?? null,
    substatement_type: e.substatementType ?? null,
    state: e.state,
    error_code: e.errorCode ?? null,
    error_message: e.errorMessage ?? null,
    submitted_at: e.submittedAt.getTime(),
    completed_at: e.completedAt?.getTime() ?? null,
    planning_ms: e.planningMs ?? null,
    execution_ms: e.executionMs ?? null,
    total_ms: e.totalMs ?? null,
    data_scanned_bytes: e.dataScannedBytes ?? null,
    output_location: e.outputLocation ?? null,
    encryption_option: e.encryptionOption ?? null,
    kms_key: e.kmsKey ?? null,
    execution_parameters: JSON.stringify(e.executionParameters),
    row_count: e.rowCount ?? null,
    update_count: e.updateCount ?? null,
    client_request_token: e.clientRequestToken ?? null,
    pid: e.pid ?? null,
    result_configuration: e.resultConfiguration ? JSON.stringify(e.resultConfiguration) : null,
  };
}

function fromRow(r: Row): QueryExecutionRecord {
  const e: QueryExecutionRecord = {
    id: r.id,
    query: r.query,
    database: r.database,
    workgroup: r.workgroup,
    state: r.state,
    submittedAt: new Date(r.submitted_at),
    executionParameters: JSON.parse(r.execution_parameters) as string[],
  };
  if (r.statement_type) e.statementType = r.statement_type as QueryExecutionRecord['statementType'];
  if (r.substatement_type) e.substatementType = r.substatement_type;
  if (r.error_code) e.errorCode = r.error_code;
  if (r.error_message) e.errorMessage = r.error_message;
  if (r.completed_at !== null) e.completedAt = new Date(r.completed_at);
  if (r.planning_ms !== null) e.planningMs = r.planning_ms;
  if (r.execution_ms !== null) e.executionMs = r.execution_ms;
  if (r.total_ms !== null) e.totalMs = r.total_ms;
  if (r.data_scanned_bytes !== null) e.dataScannedBytes = r.data_scanned_bytes;
  if (r.output_location) e.outputLocation = r.output_location;
  if (r.encryption_option) e.encryptionOption = r.encryption_option;
  if (r.kms_key) e.kmsKey = r.kms_key;
  if (r.row_count !== null) e.rowCount = r.row_count;
  if (r.update_count !== null) e.updateCount = r.update_count;
  if (r.client_request_token) e.clientRequestToken = r.client_request_token;
  if (r.pid !== null) e.pid = r.pid;
  if (r.result_configuration) e.resultConfiguration = JSON.parse(r.result_configuration) as Record<string, unknown>;
  return e;
}

export class QueryHistory {
  constructor(private readonly db: Database.Database) {}

  /** Inserts or replaces the record of an execution. */
  save(e: QueryExecutionRecord): void {
    const placeholders = COLUMNS.map((c) => `@${c}`).join(', ');
    this.db.prepare(`INSERT OR REPLACE INTO query_executions (${COLUMNS.join(', ')}) VALUES (${placeholders})`).run(toRow(e));
  }

  get(id: string): QueryExecutionRecord | undefined {
    const r = this.db.prepare('SELECT * FROM query_executions WHERE id = ?').get(id) as Row | undefined;
    return r && fromRow(r);
  }

  list(opts: ListExecutionsOptions = {}): QueryExecutionRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (opts.workgroup !== undefined) {
      where.push('workgroup = ?');
      args.push(opts.workgroup);
    }
    if (opts.state !== undefined) {
      where.push('state = ?');
      args.push(opts.state);
    }
    const sql = `SELECT * FROM query_executions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY submitted_at DESC, rowid DESC LIMIT ?`;
    args.push(opts.limit ?? 50);
    return (this.db.prepare(sql).all(...args) as Row[]).map(fromRow);
  }

  addPendingWrite(queryId: string, uri: string): void {
    this.db.prepare('INSERT OR IGNORE INTO pending_writes (query_id, uri) VALUES (?, ?)').run(queryId, uri);
  }

  clearPendingWrites(queryId: string, uris?: readonly string[]): void {
    if (!uris) {
      this.db.prepare('DELETE FROM pending_writes WHERE query_id = ?').run(queryId);
      return;
    }
    const del = this.db.prepare('DELETE FROM pending_writes WHERE query_id = ? AND uri = ?');
    for (const u of uris) del.run(queryId, u);
  }

  /**
   * Pending writes of executions that ended FAILED or CANCELLED (their process died, or could not
   * delete what it wrote).
   * Writes without an execution record (a bare engine statement) are never taken for abandoned.
   */
  abandonedWrites(): { queryId: string; uri: string }[] {
    return this.db
      .prepare(
        "SELECT w.query_id AS queryId, w.uri AS uri FROM pending_writes w JOIN query_executions q ON q.id = w.query_id WHERE q.state IN ('FAILED', 'CANCELLED') ORDER BY w.query_id, w.uri",
      )
      .all() as { queryId: string; uri: string }[];
  }

  /**
   * Executions left RUNNING or QUEUED by a process that no longer runs (killed) become FAILED,
   * so the history never shows a query running forever. @returns how many were marked.
   */
  failOrphans(alive: (pid: number) => boolean, now: Date): number {
    const rows = this.db.prepare("SELECT id, pid FROM query_executions WHERE state IN ('RUNNING', 'QUEUED') AND pid IS NOT NULL").all() as { id: string; pid: number }[];
    const dead = rows.filter((r) => r.pid !== process.pid && !alive(r.pid));
    const mark = this.db.prepare(
      "UPDATE query_executions SET state = 'FAILED', error_code = 'INTERNAL_ERROR', error_message = ?, completed_at = ?, output_location = NULL WHERE id = ? AND state IN ('RUNNING', 'QUEUED')",
    );
    for (const r of dead) mark.run(`The aegis process running this query (pid ${r.pid}) ended before it finished; no result was stored.`, now.getTime(), r.id);
    return dead.length;
  }
}
