/**
 * The handle `db.query()` returns. The statement starts at once as a query execution (recorded
 * in the history, its result object written encrypted at the output location); its rows stream
 * to whichever reader is used — `for await`, `rows()`, `batches()` or `toArrow()`, one of them,
 * once — through a bounded channel, so a large result never sits in memory.
 */
// Arrow output (apache-arrow, ~0.2 s to load) is loaded by the first batches() / toArrow().
import type { RecordBatch, Schema, Table } from 'apache-arrow';
import type { QueryExecutionOptions, QueryExecutionOutcome } from '../api/query-execution.js';
import { AegisError } from '../errors.js';
import { formatType, type SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { BatchChannel } from './batch-channel.js';
import { toJsRow, type JsValue } from './js-value.js';

type ArrowBatch = typeof import('./arrow-batch.js');

/** A result column: its name and its SQL type as Trino/Athena print it (`decimal(12,2)`, `array(varchar)`). */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/** A row in `rowMode: 'object'` (the default): column name → value; a repeated name keeps its last column. */
export type RowObject = { [column: string]: JsValue };
/** A row in `rowMode: 'array'`: values in column order. */
export type RowArray = JsValue[];

/**
 * Statistics of a finished query: Athena's `QueryExecutionStatistics` names, plus what aegis
 * counts while scanning encrypted objects.
 */
export interface QueryStatistics {
  readonly EngineExecutionTimeInMillis: number;
  readonly QueryPlanningTimeInMillis: number;
  readonly TotalExecutionTimeInMillis: number;
  readonly QueryQueueTimeInMillis: number;
  readonly DataScannedInBytes: number;
  /** Rows in the result. */
  readonly rows: number;
  /** Rows CREATE TABLE AS / INSERT / UNLOAD wrote. */
  readonly updateCount?: number;
  readonly bytesScanned: number;
  readonly objectsRead: number;
  readonly rowGroupsRead: number;
  readonly rowGroupsSkipped: number;
  readonly partitionsPruned: number;
  /** KMS Decrypt calls for data keys (one per distinct key per query). */
  readonly kmsCalls: number;
  readonly splitsRun: number;
  /** Where the result object was written (`s3://…/<id>.csv` or `.txt`). */
  readonly outputLocation: string;
}

/** @internal Runs the execution; `opts` carries the id, sink and signal the handle owns. */
export type ExecutionRunner = (opts: QueryExecutionOptions) => Promise<QueryExecutionOutcome>;

/** Rows buffered between the query and a slow reader before the query waits. */
const HIGH_WATER_ROWS = 16_384;

interface InternalBatch {
  rows: Value[][];
}

function cancelled(): AegisError {
  return new AegisError('QUERY_CANCELLED', 'Query was cancelled');
}

export class Query<R extends RowObject | RowArray = RowObject> implements AsyncIterable<R> {
  /** The execution's id (as in `aegis history`, and the result object's name). */
  readonly queryId: string;
  readonly #abort = new AbortController();
  readonly #channel = new BatchChannel<InternalBatch>(HIGH_WATER_ROWS);
  readonly #columns: Promise<{ name: string; type: SqlType }[]>;
  readonly #settled: Promise<void>;
  readonly #rowMode: 'object' | 'array';
  #stats: QueryStatistics | undefined;
  #consumer: string | undefined;

  /** @internal Created by `Database.query`. */
  constructor(run: ExecutionRunner, queryId: string, rowMode: 'object' | 'array', signal?: AbortSignal, onSettled?: () => void) {
    this.queryId = queryId;
    this.#rowMode = rowMode;
    let gotColumns!: (c: { name: string; type: SqlType }[]) => void;
    let noColumns!: (e: unknown) => void;
    this.#columns = new Promise((resolve, reject) => {
      gotColumns = resolve;
      noColumns = reject;
    });
    // Nobody may ask for the columns: a failure is reported through the readers as well.
    this.#columns.catch(() => undefined);
    if (signal) {
      if (signal.aborted) this.#abort.abort();
      else signal.addEventListener('abort', () => void this.cancel(), { once: true });
    }
    const channel = this.#channel;
    this.#settled = run({
      queryId,
      signal: this.#abort.signal,
      keepRows: false,
      sink: {
        async columns(cols) {
          gotColumns(cols.map((c) => ({ name: c.name, type: c.type })));
        },
        async rows(rows) {
          await channel.push({ rows }, rows.length);
        },
      },
    }).then(
      (x) => {
        gotColumns(x.result.columns);
        this.#stats = statisticsOf(x);
        channel.end();
      },
      (e: unknown) => {
        const err = this.#abort.signal.aborted && !(e instanceof AegisError && e.code === 'QUERY_CANCELLED') ? cancelled() : e;
        noColumns(err);
        channel.fail(err);
      },
    ).finally(() => onSettled?.());
  }

  /** The result columns, once the statement is planned. @throws the statement's error. */
  get columns(): Promise<readonly ColumnInfo[]> {
    return this.#columns.then((cols) => cols.map((c) => ({ name: c.name, type: formatType(c.type) })));
  }

  /** Statistics once the query has finished successfully (undefined before). */
  get stats(): QueryStatistics | undefined {
    return this.#stats;
  }

  /**
   * Stops the query: readers waiting for rows get QUERY_CANCELLED at once, the scan stops at its
   * next batch, no result object is left and the execution is recorded CANCELLED. Resolves once
   * that is done. Cancelling a finished query does nothing.
   */
  async cancel(): Promise<void> {
    if (!this.#stats) {
      this.#abort.abort();
      this.#channel.fail(cancelled());
    }
    await this.#settled;
  }

  /** Rows as they are produced (`rowMode` decides their shape); leaving the loop early cancels the query. */
  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    for await (const b of this.#batches('iterate')) {
      const { rows, names, types } = b;
      for (const row of rows) {
        // A cancel between two rows of one batch stops at once.
        if (this.#abort.signal.aborted && !this.#stats) throw cancelled();
        yield this.#shape(toJsRow(row, types), names);
      }
    }
  }

  /** All rows. @throws AegisError — the statement's error. */
  async rows(): Promise<R[]> {
    const out: R[] = [];
    for await (const b of this.#batches('rows()')) {
      for (const row of b.rows) out.push(this.#shape(toJsRow(row, b.types), b.names));
    }
    return out;
  }

  /** The result as Arrow record batches, one per engine batch; leaving early cancels the query. */
  async *batches(): AsyncGenerator<RecordBatch> {
    let arrow: ArrowBatch | undefined;
    let schema: Schema | undefined;
    for await (const b of this.#batches('batches()')) {
      arrow ??= await import('./arrow-batch.js');
      schema ??= arrow.arrowSchema(b.columns);
      yield arrow.rowsToRecordBatch(schema, b.columns, b.rows);
    }
  }

  /** The whole result as an Arrow table (with its schema even when there are no rows). */
  async toArrow(): Promise<Table> {
    const batches: RecordBatch[] = [];
    let arrow: ArrowBatch | undefined;
    let schema: Schema | undefined;
    for await (const b of this.#batches('toArrow()')) {
      arrow ??= await import('./arrow-batch.js');
      schema ??= arrow.arrowSchema(b.columns);
      batches.push(arrow.rowsToRecordBatch(schema, b.columns, b.rows));
    }
    arrow ??= await import('./arrow-batch.js');
    return arrow.arrowTable(batches, batches.length > 0 ? [] : await this.#columns);
  }

  #shape(values: JsValue[], names: readonly string[]): R {
    if (this.#rowMode === 'array') return values as R;
    const o: RowObject = {};
    names.forEach((n, i) => (o[n] = values[i]!));
    return o as R;
  }

  async *#batches(reader: string): AsyncGenerator<{ rows: Value[][]; columns: { name: string; type: SqlType }[]; names: string[]; types: SqlType[] }> {
    if (this.#consumer !== undefined) {
      throw new AegisError('INVALID_ARGUMENT', `The rows of query ${this.queryId} were already read by ${this.#consumer}; a query's rows can be read once.`);
    }
    this.#consumer = reader;
    let finished = false;
    try {
      for (;;) {
        const b = await this.#channel.next();
        if (!b) break;
        if (b.rows.length === 0) continue;
        const columns = await this.#columns;
        yield { rows: b.rows, columns, names: columns.map((c) => c.name), types: columns.map((c) => c.type) };
      }
      await this.#settled;
      finished = true;
    } finally {
      // A reader that stopped early (break, return, throw) does not want the rest.
      if (!finished) await this.cancel();
    }
  }
}

function statisticsOf(x: QueryExecutionOutcome): QueryStatistics {
  const s = x.result.stats;
  const n = (k: string): number => s[k] ?? 0;
  return {
    EngineExecutionTimeInMillis: Math.round(s.executionMs),
    QueryPlanningTimeInMillis: Math.round(s.planningMs),
    TotalExecutionTimeInMillis: Math.round(s.elapsedMs),
    QueryQueueTimeInMillis: 0,
    DataScannedInBytes: s.bytesScanned,
    rows: x.written.rows,
    ...(x.result.updateCount !== undefined ? { updateCount: x.result.updateCount } : {}),
    bytesScanned: s.bytesScanned,
    objectsRead: n('objectsRead'),
    rowGroupsRead: n('rowGroupsRead'),
    rowGroupsSkipped: n('rowGroupsSkipped'),
    partitionsPruned: n('partitionsPruned'),
    kmsCalls: n('kmsCalls'),
    splitsRun: s.splitsRun,
    outputLocation: x.written.uri,
  };
}
