/**
 * The programmatic entry point: `new Engine(options).execute(sql)`. Parses one statement,
 * dispatches it (queries, EXPLAIN, PREPARE/EXECUTE/DEALLOCATE, USE, CTAS/INSERT/views over the
 * in-memory catalog; catalog DDL through `options.ddlHandler`), and returns a complete
 * {@link QueryResult} — a failing statement throws and never yields partial rows.
 */
import { randomUUID } from 'node:crypto';
import { AegisError } from '../errors.js';
import { batchToRows } from '../types/batch.js';
import { executePlan } from '../exec/execute-plan.js';
import { newScanStats } from '../exec/exec-context.js';
import { defaultQueryMemory, QueryMemory, reservationOf, rowsBytes } from '../exec/query-memory.js';
import { defaultSpillRoot, SpillSpace } from '../exec/spill.js';
import { compileExpr } from '../exec/expr/compile-expr.js';
import { RowFrame } from '../exec/expr/eval-env.js';
import { evaluateConstant } from '../exec/expr/evaluate-constant.js';
import type { EvalContext } from '../functions/registry.js';
import { BinderContext, type BoundParameter } from '../plan/binder/binder-context.js';
import { coerce, ExprBinder } from '../plan/binder/bind-expr.js';
import { bindQuery } from '../plan/binder/bind-query.js';
import { Scope } from '../plan/binder/scope.js';
import type { BoundExpr } from '../plan/bound-expr.js';
import type { CatalogView, ResolvedTable, ResolvedView } from '../plan/catalog-view.js';
import { explainPlan } from '../plan/explain.js';
import { columnRef } from '../plan/expr-utils.js';
import type { LogicalPlan } from '../plan/logical/plan-node.js';
import { planQuery } from '../plan/plan-statement.js';
import type * as A from '../sql/ast.js';
import { loadGrammarsFor, parseStatement } from '../sql/parse.js';
import { canCoerce } from '../types/coercion.js';
import { formatType, typesEqual, type SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import type { WriteContext, WriteSession } from '../results/writes/table-writer.js';
import { MemoryCatalog } from './memory-catalog.js';
import type { QueryResult, QueryStats } from './query-result.js';

export type { QueryResult, QueryStats } from './query-result.js';

/** What a catalog DDL handler returns (src/catalog's `DdlResult` fits). */
export interface DdlHandlerResult {
  readonly statementType: 'DDL' | 'UTILITY';
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
  readonly rows: readonly (readonly Value[])[];
  /** Set by USE. */
  readonly setDatabase?: string;
}

export interface DdlHandlerContext {
  readonly database: string;
  /** Binds a view's query in `database` and returns its output columns. */
  readonly bindView: (stmt: A.CreateViewStatement, database: string) => readonly { name: string; type: SqlType }[];
}

/** Runs catalog statements; returns undefined for statements it does not handle. */
export type DdlHandler = (stmt: A.Statement, ctx: DdlHandlerContext) => Promise<DdlHandlerResult | undefined>;

/**
 * Writes CREATE TABLE AS / INSERT / UNLOAD data as objects (results/writes/table-writer.ts).
 * Without one, CTAS and INSERT targets live in the engine's in-memory catalog (tests).
 */
export interface TableWriterHook {
  beginCreateTableAs(stmt: A.CreateTableAsStatement, database: string, columns: readonly { name: string; type: SqlType }[], ctx?: WriteContext): Promise<WriteSession>;
  beginInsert(database: string, table: string, ctx?: WriteContext): Promise<{ columns: { name: string; type: SqlType }[]; session: WriteSession }> | undefined;
  beginUnload(stmt: A.UnloadStatement, columns: readonly { name: string; type: SqlType }[], ctx?: WriteContext): Promise<WriteSession>;
}

export interface EngineOptions {
  /** Writes CTAS / INSERT / UNLOAD data as objects. */
  tableWriter?: TableWriterHook;
  /** Session database (default `default`). */
  database?: string;
  /** Persistent catalog; tables not found there are looked up in the in-memory catalog. */
  catalog?: CatalogView;
  ddlHandler?: DdlHandler;
  /** Session time zone (default `UTC`). */
  sessionTimeZone?: string;
  /** Rows per in-memory table chunk (CTAS / INSERT targets). */
  memoryChunkRows?: number;
  /** Per-query memory budget in bytes (default: {@link defaultQueryMemory}). */
  maxQueryMemory?: number;
  /** Directory for spill files (default: {@link defaultSpillRoot}). */
  spillDir?: string;
  /** Called with the path of each spill file a query creates (diagnostics and tests). */
  onSpillFile?: (path: string) => void;
  /**
   * Awaited after a statement is parsed and before it runs: loads what the statement needs
   * (openEngine loads the object scan for statements that may resolve a catalog table).
   */
  beforeStatement?: (stmt: A.Statement, engine: Engine) => Promise<void> | void;
}

/**
 * Receives a query's rows batch by batch while it runs (result writers). A statement that fails
 * after rows were handed over throws; the receiver discards what it got.
 */
export interface RowSink {
  columns(columns: readonly { name: string; type: SqlType }[]): Promise<void>;
  rows(rows: Value[][]): Promise<void>;
}

export interface ExecuteOptions {
  database?: string;
  /** Values for `?` placeholders, in order. */
  parameters?: Value[];
  signal?: AbortSignal;
  /** An already parsed statement (then `sql` is only its text). */
  statement?: A.Statement;
  /** Streams the rows of a query (SELECT, EXECUTE of one) as they are produced. */
  sink?: RowSink;
  /** Keep the rows in the returned result (default true); false with a sink keeps memory bounded. */
  keepRows?: boolean;
  /** Fail with BYTES_SCANNED_CUTOFF once scans have read more than this many bytes. */
  bytesScannedCutoff?: number;
  /** The query execution CTAS / INSERT / UNLOAD write for (id, result encryption). */
  writeContext?: WriteContext;
  /**
   * Receives each plan run's scan counters while they are live (bytesScanned, objectsRead,
   * splitsRun, splitsPlanned …), for progress displays; read them, never write them.
   */
  onScanStats?: (live: Readonly<Record<string, number>>) => void;
  /** This query's memory budget in bytes (default: the engine's). */
  maxQueryMemory?: number;
}

/** Per-run settings threaded through `run`. */
interface RunSettings {
  signal?: AbortSignal;
  memory?: QueryMemory;
  sink?: RowSink;
  keepRows: boolean;
  bytesScannedCutoff?: number;
  writeContext?: WriteContext;
  onScanStats?: (live: Readonly<Record<string, number>>) => void;
}

function inferType(v: Value): SqlType {
  if (v === null) return { kind: 'unknown' };
  switch (typeof v) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'number':
      return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? { kind: 'integer' } : { kind: 'double' };
    case 'bigint':
      return { kind: 'bigint' };
    case 'string':
      return { kind: 'varchar' };
    default:
      if (v instanceof Uint8Array) return { kind: 'varbinary' };
      throw new AegisError('INVALID_ARGUMENT', 'Unsupported parameter value; pass SQL literals through EXECUTE … USING instead');
  }
}

export class Engine {
  readonly memory: MemoryCatalog;
  private database: string;
  private readonly prepared = new Map<string, A.Statement>();
  private readonly catalogView: CatalogView;

  constructor(readonly options: EngineOptions = {}) {
    this.memory = new MemoryCatalog(options.memoryChunkRows);
    this.database = options.database ?? 'default';
    const persistent = options.catalog;
    const memory = this.memory;
    this.catalogView = {
      resolveTable(db: string, name: string): ResolvedTable | ResolvedView | undefined {
        return persistent?.resolveTable(db, name) ?? memory.resolveTable(db, name);
      },
    };
  }

  /** The statement EXECUTE would run (undefined for an unknown name). */
  preparedStatement(name: string): A.Statement | undefined {
    return this.prepared.get(name);
  }

  /** The session's current database (changed by USE). */
  get currentDatabase(): string {
    return this.database;
  }

  private evalContext(): EvalContext {
    return { sessionTimeZone: this.options.sessionTimeZone ?? 'UTC', now: new Date(), random: Math.random };
  }

  async execute(sql: string, opts: ExecuteOptions = {}): Promise<QueryResult> {
    const started = performance.now();
    if (!opts.statement) await loadGrammarsFor(sql);
    const stmt = opts.statement ?? parseStatement(sql);
    await this.options.beforeStatement?.(stmt, this);
    const params = (opts.parameters ?? []).map((v) => ({ value: v, type: inferType(v) }));
    const stats: QueryStats = { elapsedMs: 0, planningMs: 0, executionMs: 0, rowsRead: 0, splitsRun: 0, bytesScanned: 0 };
    const settings: RunSettings = {
      keepRows: opts.keepRows ?? true,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.sink ? { sink: opts.sink } : {}),
      ...(opts.bytesScannedCutoff !== undefined ? { bytesScannedCutoff: opts.bytesScannedCutoff } : {}),
      ...(opts.writeContext ? { writeContext: opts.writeContext } : {}),
      ...(opts.onScanStats ? { onScanStats: opts.onScanStats } : {}),
    };
    const spill = new SpillSpace(this.options.spillDir ?? defaultSpillRoot(), this.options.onSpillFile);
    settings.memory = new QueryMemory(opts.maxQueryMemory ?? this.options.maxQueryMemory ?? defaultQueryMemory(), spill);
    try {
      const result = await this.run(stmt, opts.database ?? this.database, params, stats, settings);
      stats.elapsedMs = performance.now() - started;
      stats.peakMemoryBytes = settings.memory.peak;
      if (spill.stats.files > 0) {
        stats.spilledBytes = spill.stats.bytes;
        stats.spillFiles = spill.stats.files;
      }
      return { ...result, stats };
    } finally {
      spill.close();
    }
  }

  private bindOptions(database: string, params: readonly BoundParameter[], ev: EvalContext) {
    return {
      catalog: this.catalogView,
      database,
      params,
      eval: ev,
      evaluate: (e: BoundExpr) => evaluateConstant(e, ev),
      parseQuery: (text: string) => {
        const s = parseStatement(text);
        if (s.kind !== 'query') throw new AegisError('INVALID_ARGUMENT', 'A view must be a query');
        return s;
      },
    };
  }

  private async runPlan(
    plan: LogicalPlan,
    ev: EvalContext,
    params: readonly BoundParameter[],
    stats: QueryStats,
    run: Partial<RunSettings>,
    profile?: Map<LogicalPlan, number>,
  ): Promise<Value[][]> {
    const t = performance.now();
    const scan = newScanStats();
    run.onScanStats?.(scan);
    try {
      const stream = executePlan(plan, {
        eval: ev,
        params: params.map((p) => p.value),
        outer: new Map(),
        stats: scan,
        ...(run.signal ? { signal: run.signal } : {}),
        ...(run.memory ? { memory: run.memory } : {}),
        ...(profile ? { profile } : {}),
        ...(run.bytesScannedCutoff !== undefined ? { bytesScannedCutoff: run.bytesScannedCutoff } : {}),
      });
      const out: Value[][] = [];
      if (run.sink) await run.sink.columns(plan.columns.map((c) => ({ name: c.name, type: c.type })));
      // The rows a caller keeps count against the query's budget (the sink only streams).
      const kept = reservationOf(run.memory, 'the result buffer');
      try {
        for await (const b of stream) {
          if (b.length === 0) continue;
          const rows = batchToRows(b);
          if (run.keepRows !== false) {
            const bytes = rowsBytes(rows);
            if (!kept.tryGrow(bytes)) {
              const e = kept.exceeded(bytes);
              throw new AegisError(
                e.code,
                `${e.message} The result rows are held until the query succeeds; write a result this large with UNLOAD or CREATE TABLE AS, or add a LIMIT.`,
                e.details,
              );
            }
          }
          if (run.sink) await run.sink.rows(rows);
          if (run.keepRows !== false) for (const r of rows) out.push(r);
        }
      } finally {
        kept.free();
      }
      return out;
    } finally {
      stats.executionMs += performance.now() - t;
      // Every counter the scans record (objects, KMS calls, partitions and row groups pruned …).
      for (const [k, v] of Object.entries(scan)) stats[k] = (stats[k] ?? 0) + v;
    }
  }

  private plan(q: A.Query, database: string, params: readonly BoundParameter[], ev: EvalContext, stats: QueryStats): LogicalPlan {
    const t = performance.now();
    try {
      return planQuery(q, this.bindOptions(database, params, ev));
    } finally {
      stats.planningMs += performance.now() - t;
    }
  }

  private async run(
    stmt: A.Statement,
    database: string,
    params: readonly BoundParameter[],
    stats: QueryStats,
    settings: RunSettings,
  ): Promise<Omit<QueryResult, 'stats'>> {
    const ev = this.evalContext();
    const signal = settings.signal;
    const plain: Partial<RunSettings> = {
      ...(signal ? { signal } : {}),
      ...(settings.memory ? { memory: settings.memory } : {}),
      ...(settings.onScanStats ? { onScanStats: settings.onScanStats } : {}),
      ...(settings.bytesScannedCutoff !== undefined ? { bytesScannedCutoff: settings.bytesScannedCutoff } : {}),
      ...(settings.writeContext ? { writeContext: settings.writeContext } : {}),
    };
    if (stmt.kind === 'create_view' || stmt.kind === 'create_table') {
      // A catalog hook does not see in-memory tables: refuse to shadow one.
      const db = stmt.name.schema ?? database;
      if (this.memory.table(db, stmt.name.name)) throw new AegisError('ALREADY_EXISTS', `Table '${db}.${stmt.name.name}' already exists`);
    }
    if (this.options.ddlHandler && !ENGINE_STATEMENTS.has(stmt.kind) && !this.isMemoryDrop(stmt, database)) {
      const r = await this.options.ddlHandler(stmt, {
        database,
        bindView: (v, db) => this.viewColumns(v.query, db, ev),
      });
      if (r) {
        if (r.setDatabase !== undefined) this.database = r.setDatabase;
        return { columns: [...r.columns], rows: r.rows.map((row) => [...row]), statementType: r.statementType };
      }
    }
    switch (stmt.kind) {
      case 'query': {
        const plan = this.plan(stmt, database, params, ev, stats);
        const rows = await this.runPlan(plan, ev, params, stats, settings);
        return { columns: plan.columns.map((c) => ({ name: c.name, type: c.type })), rows, statementType: 'DML' };
      }
      case 'explain':
        return this.explain(stmt, database, params, ev, stats, plain);
      case 'prepare':
        this.prepared.set(stmt.name.name, stmt.statement);
        return { columns: [], rows: [], statementType: 'UTILITY' };
      case 'deallocate':
        if (!this.prepared.delete(stmt.name.name)) {
          throw new AegisError('NOT_FOUND', `Prepared statement not found: ${stmt.name.name}`);
        }
        return { columns: [], rows: [], statementType: 'UTILITY' };
      case 'execute': {
        const target = this.prepared.get(stmt.name.name);
        if (!target) throw new AegisError('NOT_FOUND', `Prepared statement not found: ${stmt.name.name}`);
        const values = await Promise.all(stmt.args.map((a) => this.constantArg(a, ev)));
        return this.run(target, database, values, stats, settings);
      }
      case 'use':
        this.database = stmt.schema;
        return { columns: [], rows: [], statementType: 'UTILITY' };
      case 'create_table_as':
        return this.createTableAs(stmt, database, params, ev, stats, plain);
      case 'insert':
        return this.insert(stmt, database, params, ev, stats, plain);
      case 'create_view': {
        const db = stmt.name.schema ?? database;
        this.viewColumns(stmt.query, db, ev);
        this.memory.createView(db, stmt.name.name, stmt.sql, stmt.orReplace);
        return { columns: [], rows: [], statementType: 'DDL' };
      }
      case 'drop_view': {
        const db = stmt.name.schema ?? database;
        if (!this.memory.dropView(db, stmt.name.name) && !stmt.ifExists) {
          throw new AegisError('NOT_FOUND', `View '${db}.${stmt.name.name}' does not exist`);
        }
        return { columns: [], rows: [], statementType: 'DDL' };
      }
      case 'drop_table': {
        const db = stmt.name.schema ?? database;
        if (!this.memory.dropTable(db, stmt.name.name) && !stmt.ifExists) {
          throw new AegisError('NOT_FOUND', `Table '${db}.${stmt.name.name}' does not exist`);
        }
        return { columns: [], rows: [], statementType: 'DDL' };
      }
      case 'create_database':
        this.memory.createDatabase(stmt.name);
        return { columns: [], rows: [], statementType: 'DDL' };
      case 'unload':
        return this.unload(stmt, database, params, ev, stats, plain);
      default:
        throw new AegisError('NOT_SUPPORTED', `Statement not supported here: ${stmt.kind}`);
    }
  }

  /** DROP of a table or view that lives in the in-memory catalog is handled here. */
  private isMemoryDrop(stmt: A.Statement, database: string): boolean {
    if (stmt.kind !== 'drop_table' && stmt.kind !== 'drop_view') return false;
    const db = stmt.name.schema ?? database;
    const found = this.memory.resolveTable(db, stmt.name.name);
    return found !== undefined && (found.kind === 'table') === (stmt.kind === 'drop_table');
  }

  private viewColumns(q: A.Query, database: string, ev: EvalContext): { name: string; type: SqlType }[] {
    const ctx = new BinderContext(this.catalogView, database, [], this.bindOptions(database, [], ev).parseQuery, ev.sessionTimeZone);
    return bindQuery(ctx, q, undefined, new Map()).plan.columns.map((c) => ({ name: c.name, type: c.type }));
  }

  private async constantArg(e: A.Expr, ev: EvalContext): Promise<BoundParameter> {
    const ctx = new BinderContext(this.catalogView, this.database, [], undefined, ev.sessionTimeZone);
    const bound = new ExprBinder(ctx, new Scope([]), { clause: 'EXECUTE … USING' }, new Map()).bind(e);
    if (bound.kind === 'const') return { value: bound.value, type: bound.type };
    const c = compileExpr(bound, new Map(), new RowFrame(), {
      ctx: ev,
      params: [],
      outer: new Map(),
      runSubquery: () => Promise.reject(new AegisError('NOT_SUPPORTED', 'Subqueries are not allowed in EXECUTE … USING')),
    });
    const one = { length: 1, columns: [] };
    if (c.prepare) await c.prepare(one);
    return { value: c.eval(0), type: bound.type };
  }

  private async explain(
    stmt: A.ExplainStatement,
    database: string,
    params: readonly BoundParameter[],
    ev: EvalContext,
    stats: QueryStats,
    run: Partial<RunSettings>,
  ): Promise<Omit<QueryResult, 'stats'>> {
    const inner = stmt.statement;
    const q = inner.kind === 'query' ? inner : inner.kind === 'create_table_as' || inner.kind === 'insert' ? inner.query : undefined;
    if (!q) throw new AegisError('NOT_SUPPORTED', `EXPLAIN is supported for queries, CREATE TABLE AS and INSERT only`);
    const plan = this.plan(q, database, params, ev, stats);
    let lines = explainPlan(plan);
    if (stmt.analyze) {
      const profile = new Map<LogicalPlan, number>();
      const rows = await this.runPlan(plan, ev, params, stats, run, profile);
      lines = explainPlan(plan, 0, (n) => profile.get(n));
      lines.push(`rows: ${rows.length}, splits: ${stats.splitsRun}, rows read: ${stats.rowsRead}`);
      if (stats.objectsRead !== undefined) lines.push(scanCountersLine(stats));
    }
    return { columns: [{ name: 'Query Plan', type: { kind: 'varchar' } }], rows: lines.map((l) => [l]), statementType: 'UTILITY' };
  }

  private async createTableAs(
    stmt: A.CreateTableAsStatement,
    database: string,
    params: readonly BoundParameter[],
    ev: EvalContext,
    stats: QueryStats,
    run: Partial<RunSettings>,
  ): Promise<Omit<QueryResult, 'stats'>> {
    const db = stmt.name.schema ?? database;
    if (this.catalogView.resolveTable(db, stmt.name.name)) {
      if (stmt.ifNotExists) return { columns: [], rows: [], statementType: 'DDL', updateCount: 0 };
      throw new AegisError('ALREADY_EXISTS', `Table '${db}.${stmt.name.name}' already exists`);
    }
    const plan = this.plan(stmt.query, database, params, ev, stats);
    const names = stmt.columns ? stmt.columns.map((c) => c.name) : plan.columns.map((c) => c.name);
    if (names.length !== plan.columns.length) {
      throw new AegisError('SYNTAX_ERROR', `Column alias list has ${names.length} entries but the query has ${plan.columns.length} columns`);
    }
    names.forEach((n, i) => {
      if (n.startsWith('_col')) throw new AegisError('SYNTAX_ERROR', `Column name not specified at position ${i + 1}`);
      if (plan.columns[i]!.type.kind === 'unknown') throw new AegisError('NOT_SUPPORTED', `Column type is unknown at position ${i + 1}`);
    });
    if (new Set(names).size !== names.length) throw new AegisError('SYNTAX_ERROR', 'Column names of the created table must be unique');
    const columns = names.map((n, i) => ({ name: n, type: plan.columns[i]!.type }));
    if (this.options.tableWriter) {
      const session = await this.options.tableWriter.beginCreateTableAs(stmt, database, columns, run.writeContext);
      const n = await this.writeRows(session, stmt.withData ? plan : undefined, ev, params, stats, run);
      return { columns: [{ name: 'rows', type: { kind: 'bigint' } }], rows: [[BigInt(n)]], statementType: 'DDL', updateCount: n };
    }
    const rows = stmt.withData ? await this.runPlan(plan, ev, params, stats, run) : [];
    const table = this.memory.createTable(db, stmt.name.name, columns);
    table.append(rows);
    return { columns: [{ name: 'rows', type: { kind: 'bigint' } }], rows: [[BigInt(rows.length)]], statementType: 'DDL', updateCount: rows.length };
  }

  private async insert(
    stmt: A.InsertStatement,
    database: string,
    params: readonly BoundParameter[],
    ev: EvalContext,
    stats: QueryStats,
    run: Partial<RunSettings>,
  ): Promise<Omit<QueryResult, 'stats'>> {
    const db = stmt.table.schema ?? database;
    const table = this.memory.table(db, stmt.table.name);
    const external = table ? undefined : await this.options.tableWriter?.beginInsert(db, stmt.table.name, run.writeContext);
    if (!table && !external) {
      if (this.catalogView.resolveTable(db, stmt.table.name)) {
        throw new AegisError('NOT_SUPPORTED', `INSERT INTO '${db}.${stmt.table.name}' is not supported for this table`);
      }
      throw new AegisError('NOT_FOUND', `Table '${db}.${stmt.table.name}' does not exist`);
    }
    const cols = table ? table.columns : external!.columns;
    try {
      return await this.insertRows(stmt, cols, database, params, ev, stats, run, (rows) => table!.append(rows), external?.session);
    } catch (e) {
      await external?.session.abort();
      throw e;
    }
  }

  private async insertRows(
    stmt: A.InsertStatement,
    cols: readonly { name: string; type: SqlType }[],
    database: string,
    params: readonly BoundParameter[],
    ev: EvalContext,
    stats: QueryStats,
    run: Partial<RunSettings>,
    append: (rows: Value[][]) => void,
    session?: WriteSession,
  ): Promise<Omit<QueryResult, 'stats'>> {
    const targets = stmt.columns
      ? stmt.columns.map((c) => {
          const i = cols.findIndex((x) => x.name === c.name);
          if (i < 0) throw new AegisError('NOT_FOUND', `Insert column name does not exist in target table: ${c.name}`);
          return i;
        })
      : cols.map((_, i) => i);
    const plan = this.plan(stmt.query, database, params, ev, stats);
    if (plan.columns.length !== targets.length) {
      throw new AegisError('TYPE_MISMATCH', `Insert query has ${plan.columns.length} columns but the target has ${targets.length}`);
    }
    const mismatch = plan.columns.some((c, k) => !canCoerce(c.type, cols[targets[k]!]!.type) && !typesEqual(c.type, cols[targets[k]!]!.type));
    if (mismatch) {
      throw new AegisError(
        'TYPE_MISMATCH',
        `Insert query has mismatched column types: Table: [${targets.map((i) => formatType(cols[i]!.type)).join(', ')}], Query: [${plan.columns.map((c) => formatType(c.type)).join(', ')}]`,
      );
    }
    const outCols = cols.map((c, i) => ({ id: -1 - i, name: c.name, type: c.type }));
    const exprs = cols.map((c, i) => {
      const k = targets.indexOf(i);
      if (k < 0) return { kind: 'const', type: c.type, value: null } as const;
      return coerce(columnRef(plan.columns[k]!), c.type);
    });
    const project: LogicalPlan = { kind: 'project', input: plan, columns: outCols, exprs };
    let n: number;
    if (session) n = await this.writeRows(session, project, ev, params, stats, run);
    else {
      const rows = await this.runPlan(project, ev, params, stats, run);
      append(rows);
      n = rows.length;
    }
    return { columns: [{ name: 'rows', type: { kind: 'bigint' } }], rows: [[BigInt(n)]], statementType: 'DML', updateCount: n };
  }

  /** Streams a plan's rows into a write session and commits it; aborts it on any failure. */
  private async writeRows(
    session: WriteSession,
    plan: LogicalPlan | undefined,
    ev: EvalContext,
    params: readonly BoundParameter[],
    stats: QueryStats,
    run: Partial<RunSettings>,
  ): Promise<number> {
    try {
      if (plan) await this.runPlan(plan, ev, params, stats, { ...run, sink: session.sink, keepRows: false });
      if (run.signal?.aborted) throw new AegisError('QUERY_CANCELLED', 'Query was cancelled');
      return await session.commit();
    } catch (e) {
      await session.abort();
      throw e;
    }
  }

  private async unload(
    stmt: A.UnloadStatement,
    database: string,
    params: readonly BoundParameter[],
    ev: EvalContext,
    stats: QueryStats,
    run: Partial<RunSettings>,
  ): Promise<Omit<QueryResult, 'stats'>> {
    if (!this.options.tableWriter) throw new AegisError('NOT_SUPPORTED', 'UNLOAD needs an object store (open the engine on a warehouse)');
    const plan = this.plan(stmt.query, database, params, ev, stats);
    const session = await this.options.tableWriter.beginUnload(stmt, plan.columns, run.writeContext);
    const n = await this.writeRows(session, plan, ev, params, stats, run);
    return { columns: [{ name: 'rows', type: { kind: 'bigint' } }], rows: [[BigInt(n)]], statementType: 'DML', updateCount: n };
  }
}

/** EXPLAIN ANALYZE's line for object scans: what was read, pruned and decrypted. */
function scanCountersLine(s: QueryStats): string {
  const n = (k: string): number => s[k] ?? 0;
  const parts = [`objects read: ${n('objectsRead')}`];
  if (s.partitionsTotal !== undefined) parts.push(`partitions: ${n('partitionsTotal') - n('partitionsPruned')}/${n('partitionsTotal')} selected, ${n('partitionsPruned')} pruned`);
  parts.push(`row groups: ${n('rowGroupsRead')} read, ${n('rowGroupsSkipped')} skipped`, `KMS calls: ${n('kmsCalls')}`, `bytes scanned: ${n('bytesScanned')}`);
  return parts.join(', ');
}

/** Statements the engine always runs itself (never offered to the DDL handler). */
const ENGINE_STATEMENTS = new Set<A.Statement['kind']>(['query', 'explain', 'prepare', 'execute', 'deallocate', 'create_table_as', 'insert', 'unload']);

/** A fresh query id (result locations use it). */
export function newQueryId(): string {
  return randomUUID();
}
