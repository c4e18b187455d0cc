/**
 * Runs one statement as a query execution (Athena's model): it gets an id, a record in the
 * warehouse's history, and a result object at its output location, encrypted with the effective
 * result configuration (client settings, workgroup, enforcement, minimum encryption; see
 * results/result-configuration.ts). The source's encryption never takes part.
 *
 * Order matters for "nothing lost, nothing half-written":
 * 1. The workgroup and result configuration are checked (unknown / disabled workgroup, weaker
 *    than the minimum) before anything is recorded or run.
 * 2. The execution is recorded RUNNING, the statement parsed, and the result upload opened — so a
 *    denied bucket, KMS key or region fails before any data is read or any DDL takes effect.
 * 3. Rows stream into the upload as the query produces them; on any failure, cancel or scan
 *    cutoff the upload is aborted (no object, no parts) and the record says FAILED / CANCELLED.
 */
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../catalog/catalog.js';
import type { QueryExecutionRecord } from '../catalog/query-execution.js';
import { AegisError, isAegisError } from '../errors.js';
import type { Kms } from '../kms/kms.js';
import {
  effectiveResultConfiguration,
  type EffectiveResultConfiguration,
  type ResultConfiguration,
  type WorkGroupConfiguration,
  type WorkgroupView,
} from '../results/result-configuration.js';
import { ResultWriter, type ResultFileKind, type WrittenResult } from '../results/result-writer.js';
import { pendingEntry } from '../results/writes/table-writer.js';
import { runWithQueryScanPolicy } from '../scan/query-scan-policy.js';
import type * as A from '../sql/ast.js';
import { loadGrammarsFor, parseStatement } from '../sql/parse.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { Value } from '../types/value.js';
import type { Engine, RowSink } from './engine.js';
import type { QueryResult } from './query-result.js';

export interface QueryExecutionDeps {
  readonly engine: Engine;
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly kms: Kms;
  readonly region: string;
}

export interface QueryExecutionOptions {
  database?: string;
  /** Default `primary`. */
  workgroup?: string;
  /** The client's result settings (flags, env, config file, API request). */
  resultConfiguration?: ResultConfiguration;
  parameters?: Value[];
  signal?: AbortSignal;
  /** Fail with QUERY_TIMEOUT after this many ms (the workgroup's QueryTimeoutSeconds applies too). */
  timeoutMs?: number;
  /** Use this id instead of a fresh UUID (the HTTP API assigns ids before running). */
  queryId?: string;
  clientRequestToken?: string;
  /** Also receives the rows of a query as they stream. */
  sink?: RowSink;
  /** Keep all rows in the returned result (default true). */
  keepRows?: boolean;
  /** Receives the live scan counters of each plan run (Engine's `onScanStats`), for progress displays. */
  onScanStats?: (live: Readonly<Record<string, number>>) => void;
  /** Called once the execution is recorded RUNNING. */
  onStart?: (queryId: string) => void;
  /** When the query was submitted (it may have waited in a queue); default now. */
  submittedAt?: Date;
  /** The query text to record, when `sql` is a rewriting of it (e.g. parameters bound). */
  recordedQuery?: string;
  /** Athena's ExecutionParameters as the client sent them (recorded as given). */
  executionParameters?: string[];
}

export interface QueryExecutionOutcome {
  queryId: string;
  result: QueryResult;
  written: WrittenResult;
  workgroup: string;
  resultConfiguration: EffectiveResultConfiguration;
}

/**
 * Resolves a workgroup for a query.
 * @throws AegisError NOT_FOUND (unknown), INVALID_ARGUMENT (disabled).
 */
export function workgroupForQuery(catalog: Catalog, name: string): WorkgroupView {
  const wg = catalog.getWorkgroup(name);
  if (!wg) throw new AegisError('NOT_FOUND', `WorkGroup ${name} is not found. Create it with 'aegis workgroup create ${name}' or use another workgroup.`, { workgroup: name });
  if (wg.state === 'DISABLED') {
    throw new AegisError('INVALID_ARGUMENT', `WorkGroup ${name} is disabled. Enable it with 'aegis workgroup update ${name} --state ENABLED'.`, { workgroup: name });
  }
  return { name: wg.name, state: wg.state, configuration: wg.configuration as WorkGroupConfiguration };
}

/** Statements whose result is a result set (`<id>.csv`); everything else writes `<id>.txt`. */
const RESULT_SET_KINDS = new Set<string>(['query', 'explain', 'describe']);

function fileKindOf(stmt: A.Statement, engine: Engine): ResultFileKind {
  let s = stmt;
  if (s.kind === 'execute') s = engine.preparedStatement(s.name.name) ?? s;
  return RESULT_SET_KINDS.has(s.kind) || s.kind.startsWith('show_') ? 'csv' : 'txt';
}

function substatementOf(stmt: A.Statement): string {
  return stmt.kind === 'query' ? 'SELECT' : stmt.kind.toUpperCase();
}

function stateOf(e: unknown): 'FAILED' | 'CANCELLED' {
  return isAegisError(e, 'QUERY_CANCELLED') ? 'CANCELLED' : 'FAILED';
}

/**
 * Runs `sql` as a query execution and writes its result object.
 * @throws AegisError — the statement's own error, or the result write's; `details.queryId` names
 *   the execution when one was recorded.
 */
export async function runQueryExecution(deps: QueryExecutionDeps, sql: string, opts: QueryExecutionOptions = {}): Promise<QueryExecutionOutcome> {
  const wgName = opts.workgroup ?? 'primary';
  const wg = workgroupForQuery(deps.catalog, wgName);
  const cfg = effectiveResultConfiguration(opts.resultConfiguration, wg, deps.region);
  const queryId = opts.queryId ?? randomUUID();
  const started = performance.now();
  const rec: QueryExecutionRecord = {
    id: queryId,
    query: opts.recordedQuery ?? sql,
    database: opts.database ?? deps.engine.currentDatabase,
    workgroup: wg.name,
    state: 'RUNNING',
    submittedAt: opts.submittedAt ?? new Date(),
    executionParameters: opts.executionParameters ?? (opts.parameters ?? []).map((v) => (v === null ? 'NULL' : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : String(v))),
    encryptionOption: cfg.encryption.option,
    ...(cfg.encryption.kmsKey ? { kmsKey: cfg.encryption.kmsKey } : {}),
    ...(opts.clientRequestToken ? { clientRequestToken: opts.clientRequestToken } : {}),
    pid: process.pid,
    resultConfiguration: {
      OutputLocation: cfg.outputLocation,
      EncryptionConfiguration: { EncryptionOption: cfg.encryption.option, ...(cfg.encryption.kmsKey ? { KmsKey: cfg.encryption.kmsKey } : {}) },
      ...(cfg.expectedBucketOwner ? { ExpectedBucketOwner: cfg.expectedBucketOwner } : {}),
      ...(cfg.acl ? { AclConfiguration: cfg.acl } : {}),
    },
  };
  deps.catalog.saveExecution(rec);
  opts.onStart?.(queryId);

  let writer: ResultWriter | undefined;
  // The query stops on the caller's signal or on its timeout; a timeout reads QUERY_TIMEOUT.
  const timeout = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  try {
    await loadGrammarsFor(sql);
    const stmt = parseStatement(sql);
    rec.substatementType = substatementOf(stmt);
    const kind = fileKindOf(stmt, deps.engine);
    writer = await ResultWriter.open(deps, cfg, queryId, kind);
    rec.outputLocation = writer.uri;
    // If this process dies, the next open aborts the upload and removes any half-written result.
    deps.catalog.addPendingWrite(queryId, pendingEntry(writer.uri, writer.uploadId));
    deps.catalog.addPendingWrite(queryId, `${writer.uri}.metadata`);
    const w = writer;
    let streamed = false;
    const sink: RowSink = {
      async columns(cols) {
        streamed = true;
        await w.writeColumns(cols);
        await opts.sink?.columns(cols);
      },
      async rows(rows) {
        await w.writeRows(rows);
        await opts.sink?.rows(rows);
      },
    };
    const cutoff = wg.configuration.BytesScannedCutoffPerQuery;
    const wgTimeout = wg.configuration.QueryTimeoutSeconds !== undefined ? wg.configuration.QueryTimeoutSeconds * 1000 : undefined;
    const timeoutMs = [opts.timeoutMs, wgTimeout].filter((t): t is number => t !== undefined).reduce<number | undefined>((a, b) => (a === undefined ? b : Math.min(a, b)), undefined);
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        timeout.abort();
      }, timeoutMs);
    }
    // The workgroup's require-encryption option reaches the table sources bound for this query.
    const scanPolicy = wg.configuration.RequireEncryption === true ? { requireEncryption: `workgroup ${wg.name} requires encryption` } : {};
    const result = await runWithQueryScanPolicy(scanPolicy, () => deps.engine.execute(sql, {
      statement: stmt,
      sink,
      writeContext: { queryId, resultConfiguration: cfg },
      ...(opts.keepRows !== undefined ? { keepRows: opts.keepRows } : {}),
      ...(opts.database ? { database: opts.database } : {}),
      ...(opts.parameters ? { parameters: opts.parameters } : {}),
      signal: signal,
      ...(opts.onScanStats ? { onScanStats: opts.onScanStats } : {}),
      ...(cutoff !== undefined ? { bytesScannedCutoff: cutoff } : {}),
    }));
    if (signal.aborted) throw new AegisError('QUERY_CANCELLED', 'Query was cancelled');
    if (!streamed) {
      await w.writeColumns(result.columns);
      await w.writeRows(result.rows);
      if (opts.sink) {
        await opts.sink.columns(result.columns);
        await opts.sink.rows(result.rows);
      }
    }
    const written = await w.complete({
      statementType: result.statementType,
      ...(result.updateCount !== undefined ? { updateCount: result.updateCount } : {}),
    });
    Object.assign(rec, {
      state: 'SUCCEEDED',
      statementType: result.statementType,
      completedAt: new Date(),
      planningMs: result.stats.planningMs,
      executionMs: result.stats.executionMs,
      totalMs: performance.now() - started,
      dataScannedBytes: result.stats.bytesScanned,
      rowCount: written.rows,
      ...(result.updateCount !== undefined ? { updateCount: result.updateCount } : {}),
    });
    deps.catalog.saveExecution(rec);
    deps.catalog.clearPendingWrites(queryId);
    return { queryId, result, written, workgroup: wg.name, resultConfiguration: cfg };
  } catch (e) {
    await writer?.abort().catch(() => undefined);
    let err = isAegisError(e) ? e : new AegisError('INTERNAL_ERROR', (e as Error)?.message ?? String(e), {}, { cause: e });
    if (timedOut && err.code === 'QUERY_CANCELLED') {
      err = new AegisError('QUERY_TIMEOUT', `Query exceeded the maximum execution time and was stopped; no result was written. Raise --query-timeout (or the workgroup's QueryTimeoutSeconds) or narrow the query.`, {}, { cause: e });
    }
    Object.assign(rec, {
      state: stateOf(err),
      errorCode: err.code,
      errorMessage: err.message,
      completedAt: new Date(),
      totalMs: performance.now() - started,
    });
    delete rec.outputLocation;
    try {
      deps.catalog.saveExecution(rec);
      deps.catalog.clearPendingWrites(queryId);
    } catch {
      // The statement's own error is what the user needs to see.
    }
    err.details.queryId = queryId;
    throw err;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
