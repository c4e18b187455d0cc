/**
 * Runs the Athena API's queries asynchronously: StartQueryExecution validates, records the
 * execution QUEUED and returns its id at once; at most `maxConcurrent` run at a time, at most
 * `maxQueued` wait, and past both the caller gets TooManyRequestsException. A query runs on the
 * runtime of the principal that signed the request (KMS key policies and bucket policies see that
 * principal), survives its client disconnecting, and can be stopped. `shutdown` cancels what is
 * queued or running and waits for it to settle.
 */
import { randomUUID } from 'node:crypto';
import { openEngine, type AegisRuntime } from '../api/open-engine.js';
import { workgroupForQuery } from '../api/query-execution.js';
import type { Catalog } from '../catalog/catalog.js';
import type { QueryExecutionRecord } from '../catalog/query-execution.js';
import type { AegisConfig } from '../config.js';
import { AegisError, isAegisError } from '../errors.js';
import { effectiveResultConfiguration, type ResultConfiguration } from '../results/result-configuration.js';
import { AwsServiceError, invalidRequest } from './aws-error.js';

export interface StartRequest {
  queryString: string;
  principal: string;
  workgroup: string;
  database?: string;
  resultConfiguration?: ResultConfiguration;
  executionParameters?: string[];
  clientRequestToken?: string;
}

interface Pending {
  id: string;
  req: StartRequest;
  submittedAt: Date;
  controller: AbortController;
}

export interface QueryManagerOptions {
  maxConcurrent: number;
  maxQueued: number;
}

/** Athena's QueryString limit. */
const MAX_QUERY_CHARS = 262_144;

export class QueryManager {
  private readonly runtimes = new Map<string, AegisRuntime>();
  private readonly queue: Pending[] = [];
  private readonly running = new Map<string, { pending: Pending; done: Promise<void> }>();
  private closing = false;

  constructor(
    private readonly config: AegisConfig,
    /** The catalog the API reads and writes (shared with every runtime through the warehouse). */
    readonly catalog: Catalog,
    private readonly opts: QueryManagerOptions,
  ) {}

  /** The runtime acting as `principal` (opened on first use). */
  runtime(principal: string): AegisRuntime {
    let rt = this.runtimes.get(principal);
    if (!rt) {
      rt = openEngine({ ...this.config, principal });
      this.runtimes.set(principal, rt);
    }
    return rt;
  }

  /**
   * Validates and queues a query; returns its id.
   * @throws AwsServiceError InvalidRequestException (bad workgroup or result settings, too long),
   *   TooManyRequestsException (limits).
   */
  start(req: StartRequest): string {
    if (this.closing) throw new AwsServiceError('InternalServerException', 'The server is shutting down', 500);
    if (req.queryString.length === 0 || req.queryString.length > MAX_QUERY_CHARS) {
      throw invalidRequest(`QueryString must have 1 to ${MAX_QUERY_CHARS} characters (got ${req.queryString.length}).`, 'INVALID_INPUT');
    }
    if (req.clientRequestToken) {
      const prior = this.catalog.listExecutions({ limit: 1000 }).find((e) => e.clientRequestToken === req.clientRequestToken);
      if (prior) {
        if (prior.query !== req.queryString) {
          throw invalidRequest('The ClientRequestToken was already used for a different query string.', 'INVALID_INPUT');
        }
        return prior.id;
      }
    }
    let wg;
    try {
      wg = workgroupForQuery(this.catalog, req.workgroup);
      effectiveResultConfiguration(req.resultConfiguration, wg, this.config.region);
    } catch (e) {
      if (isAegisError(e)) throw invalidRequest(e.message, e.code === 'NOT_FOUND' ? 'WORKGROUP_NOT_FOUND' : e.code);
      throw e;
    }
    if (this.running.size >= this.opts.maxConcurrent && this.queue.length >= this.opts.maxQueued) {
      throw new AwsServiceError('TooManyRequestsException', `At most ${this.opts.maxConcurrent} queries run and ${this.opts.maxQueued} wait at once; retry later.`, 400, {
        Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED',
      });
    }
    const id = randomUUID();
    const submittedAt = new Date();
    const rec: QueryExecutionRecord = {
      id,
      query: req.queryString,
      database: req.database ?? 'default',
      workgroup: wg.name,
      state: 'QUEUED',
      submittedAt,
      executionParameters: req.executionParameters ?? [],
      ...(req.clientRequestToken ? { clientRequestToken: req.clientRequestToken } : {}),
      pid: process.pid,
    };
    this.catalog.saveExecution(rec);
    this.queue.push({ id, req, submittedAt, controller: new AbortController() });
    this.pump();
    return id;
  }

  /** Stops a queued or running query (a finished one is left as it is). */
  stop(id: string): void {
    const i = this.queue.findIndex((p) => p.id === id);
    if (i >= 0) {
      const [p] = this.queue.splice(i, 1);
      this.markCancelled(p!);
      return;
    }
    this.running.get(id)?.pending.controller.abort();
  }

  /** Cancels everything and waits until running queries have settled; closes the runtimes. */
  async shutdown(): Promise<void> {
    this.closing = true;
    for (const p of this.queue.splice(0)) this.markCancelled(p);
    for (const r of this.running.values()) r.pending.controller.abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    for (const rt of this.runtimes.values()) await rt.close();
    this.runtimes.clear();
  }

  private markCancelled(p: Pending): void {
    const rec = this.catalog.getExecution(p.id);
    if (!rec || (rec.state !== 'QUEUED' && rec.state !== 'RUNNING')) return;
    this.catalog.saveExecution({ ...rec, state: 'CANCELLED', errorCode: 'QUERY_CANCELLED', errorMessage: 'Query was cancelled', completedAt: new Date() });
  }

  private pump(): void {
    while (this.running.size < this.opts.maxConcurrent && this.queue.length > 0) {
      const p = this.queue.shift()!;
      const done = this.run(p).finally(() => {
        this.running.delete(p.id);
        this.pump();
      });
      this.running.set(p.id, { pending: p, done });
    }
  }

  private async run(p: Pending): Promise<void> {
    const { req } = p;
    const rt = this.runtime(req.principal);
    try {
      const sql = await this.bindStatement(rt, p);
      await rt.execute(sql, {
        queryId: p.id,
        workgroup: req.workgroup,
        submittedAt: p.submittedAt,
        recordedQuery: req.queryString,
        signal: p.controller.signal,
        keepRows: false,
        ...(req.executionParameters ? { executionParameters: req.executionParameters } : {}),
        ...(req.clientRequestToken ? { clientRequestToken: req.clientRequestToken } : {}),
        ...(req.database ? { database: req.database } : {}),
        // Only the request's own settings: the server's flags are not the client's.
        ...(req.resultConfiguration ? { resultConfiguration: req.resultConfiguration } : { resultConfiguration: {} }),
      });
    } catch (e) {
      // runQueryExecution recorded the failure; a failure before it started is recorded here.
      const rec = this.catalog.getExecution(p.id);
      if (rec && rec.state === 'QUEUED') {
        const err = isAegisError(e) ? e : new AegisError('INTERNAL_ERROR', String(e));
        this.catalog.saveExecution({ ...rec, state: p.controller.signal.aborted ? 'CANCELLED' : 'FAILED', errorCode: err.code, errorMessage: err.message, completedAt: new Date() });
      }
    }
  }

  /**
   * Athena's ExecutionParameters fill the `?` placeholders in order, and `EXECUTE name` runs the
   * workgroup's prepared statement: both become PREPARE … / EXECUTE … USING in the engine.
   */
  private async bindStatement(rt: AegisRuntime, p: Pending): Promise<string> {
    const { req } = p;
    const exec = /^\s*EXECUTE\s+("?)([A-Za-z_][\w]*)\1\s*(?:USING\s+([\s\S]*))?;?\s*$/i.exec(req.queryString);
    const params = req.executionParameters ?? [];
    if (exec) {
      const name = exec[2]!;
      const stored = this.catalog.getPreparedStatement(req.workgroup, name.toLowerCase()) ?? this.catalog.getPreparedStatement(req.workgroup, name);
      if (!stored) throw new AegisError('NOT_FOUND', `Prepared statement ${name} is not found in workgroup ${req.workgroup}.`);
      await rt.engine.execute(`PREPARE ${name} FROM ${stored.query}`);
      if (params.length > 0 && exec[3] === undefined) return `EXECUTE ${name} USING ${params.join(', ')}`;
      return req.queryString;
    }
    if (params.length === 0) return req.queryString;
    const name = `aegis_params_${p.id.replace(/-/g, '_')}`;
    await rt.engine.execute(`PREPARE ${name} FROM ${req.queryString}`);
    return `EXECUTE ${name} USING ${params.join(', ')}`;
  }
}
