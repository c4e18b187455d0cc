/**
 * Query operations of the Athena API: StartQueryExecution, GetQueryExecution, GetQueryResults,
 * StopQueryExecution, ListQueryExecutions, BatchGetQueryExecution. Results are the stored result
 * objects, read back (and decrypted) as the requesting principal.
 */
import type { QueryExecutionRecord } from '../catalog/query-execution.js';
import { readStoredResult, storedRows } from '../results/read-result.js';
import type { ResultConfiguration } from '../results/result-configuration.js';
import { parseEncryptionOption } from '../results/result-configuration.js';
import { formatValue } from '../types/format-value.js';
import { errorCategory, invalidRequest } from './aws-error.js';
import { makeToken, optInt, optObj, optStr, parseToken, str, type Operation, type OperationContext } from './operation.js';

const ENGINE = { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' };
const seconds = (d: Date): number => d.getTime() / 1000;

/** Athena's QueryExecution shape for a record. */
export function queryExecutionOf(e: QueryExecutionRecord): Record<string, unknown> {
  const failed = e.state === 'FAILED' || e.state === 'CANCELLED';
  return {
    QueryExecutionId: e.id,
    Query: e.query,
    StatementType: e.statementType ?? (e.substatementType === 'SELECT' ? 'DML' : 'DDL'),
    ...(e.substatementType ? { SubstatementType: e.substatementType } : {}),
    ResultConfiguration: {
      ...(e.resultConfiguration ?? {}),
      ...(e.outputLocation ? { OutputLocation: e.outputLocation } : {}),
    },
    ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
    QueryExecutionContext: { Database: e.database, Catalog: 'AwsDataCatalog' },
    Status: {
      State: e.state,
      ...(failed && e.errorCode ? { StateChangeReason: `${e.errorCode}: ${e.errorMessage ?? ''}` } : {}),
      SubmissionDateTime: seconds(e.submittedAt),
      ...(e.completedAt ? { CompletionDateTime: seconds(e.completedAt) } : {}),
      ...(e.state === 'FAILED' && e.errorCode
        ? { AthenaError: { ErrorCategory: errorCategory(e.errorCode), ErrorType: errorCategory(e.errorCode) === 2 ? 1100 : 1000, Retryable: false, ErrorMessage: `${e.errorCode}: ${e.errorMessage ?? ''}` } }
        : {}),
    },
    Statistics: {
      EngineExecutionTimeInMillis: Math.round(e.executionMs ?? 0),
      DataScannedInBytes: e.dataScannedBytes ?? 0,
      TotalExecutionTimeInMillis: Math.round(e.totalMs ?? 0),
      QueryQueueTimeInMillis: 0,
      QueryPlanningTimeInMillis: Math.round(e.planningMs ?? 0),
      ServiceProcessingTimeInMillis: 0,
      ResultReuseInformation: { ReusedPreviousResult: false },
    },
    WorkGroup: e.workgroup,
    EngineVersion: ENGINE,
    ...(e.executionParameters.length ? { ExecutionParameters: e.executionParameters } : {}),
  };
}

export function resultConfigurationOf(input: Record<string, unknown>): ResultConfiguration | undefined {
  const rc = optObj(input, 'ResultConfiguration');
  if (!rc) return undefined;
  const out: ResultConfiguration = {};
  const loc = optStr(rc, 'OutputLocation');
  if (loc) out.OutputLocation = loc;
  const enc = optObj(rc, 'EncryptionConfiguration');
  if (enc) {
    const option = parseEncryptionOption(str(enc, 'EncryptionOption'), 'EncryptionOption');
    const key = optStr(enc, 'KmsKey');
    out.EncryptionConfiguration = { EncryptionOption: option, ...(key ? { KmsKey: key } : {}) };
  }
  const owner = optStr(rc, 'ExpectedBucketOwner');
  if (owner) out.ExpectedBucketOwner = owner;
  const acl = optObj(rc, 'AclConfiguration');
  if (acl) out.AclConfiguration = { S3AclOption: str(acl, 'S3AclOption') };
  return out;
}

function execution(ctx: OperationContext, id: string): QueryExecutionRecord {
  const e = ctx.manager.catalog.getExecution(id);
  if (!e) throw invalidRequest(`QueryExecution ${id} was not found`, 'INVALID_INPUT');
  return e;
}

const startQueryExecution: Operation = (input, ctx) => {
  const qec = optObj(input, 'QueryExecutionContext');
  const catalogName = qec ? optStr(qec, 'Catalog') : undefined;
  if (catalogName && catalogName.toLowerCase() !== 'awsdatacatalog') throw invalidRequest(`Catalog ${catalogName} is not found; aegis has AwsDataCatalog.`, 'CATALOG_NOT_FOUND');
  const params = input.ExecutionParameters;
  if (params !== undefined && (!Array.isArray(params) || !params.every((p) => typeof p === 'string'))) throw invalidRequest('ExecutionParameters must be a list of strings.');
  const database = qec ? optStr(qec, 'Database') : undefined;
  const rc = resultConfigurationOf(input);
  const token = optStr(input, 'ClientRequestToken');
  const id = ctx.manager.start({
    queryString: str(input, 'QueryString'),
    principal: ctx.identity.principal,
    workgroup: optStr(input, 'WorkGroup') ?? 'primary',
    ...(database ? { database } : {}),
    ...(rc ? { resultConfiguration: rc } : {}),
    ...(params ? { executionParameters: params as string[] } : {}),
    ...(token ? { clientRequestToken: token } : {}),
  });
  return { QueryExecutionId: id };
};

const getQueryExecution: Operation = (input, ctx) => ({ QueryExecution: queryExecutionOf(execution(ctx, str(input, 'QueryExecutionId'))) });

const stopQueryExecution: Operation = (input, ctx) => {
  const e = execution(ctx, str(input, 'QueryExecutionId'));
  ctx.manager.stop(e.id);
  return {};
};

const listQueryExecutions: Operation = (input, ctx) => {
  const max = optInt(input, 'MaxResults', 0, 50) ?? 50;
  const offset = parseToken(optStr(input, 'NextToken'));
  const workgroup = optStr(input, 'WorkGroup') ?? 'primary';
  if (!ctx.manager.catalog.getWorkgroup(workgroup)) throw invalidRequest(`WorkGroup ${workgroup} is not found.`, 'WORKGROUP_NOT_FOUND');
  const all = ctx.manager.catalog.listExecutions({ workgroup, limit: offset + max + 1 });
  const page = all.slice(offset, offset + max);
  return { QueryExecutionIds: page.map((e) => e.id), ...(all.length > offset + max ? { NextToken: makeToken(offset + max) } : {}) };
};

const batchGetQueryExecution: Operation = (input, ctx) => {
  const ids = input.QueryExecutionIds;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 50 || !ids.every((i) => typeof i === 'string')) {
    throw invalidRequest('QueryExecutionIds must list 1 to 50 ids.');
  }
  const found: Record<string, unknown>[] = [];
  const missing: Record<string, unknown>[] = [];
  for (const id of ids as string[]) {
    const e = ctx.manager.catalog.getExecution(id);
    if (e) found.push(queryExecutionOf(e));
    else missing.push({ QueryExecutionId: id, ErrorCode: 'INVALID_INPUT', ErrorMessage: `QueryExecution ${id} was not found` });
  }
  return { QueryExecutions: found, UnprocessedQueryExecutionIds: missing };
};

/** Parsed results per query id (the last few), so paging does not re-read the object. */
const cache = new Map<string, { columns: Record<string, unknown>[]; rows: (string | null)[][]; header: boolean; updateCount?: number }>();

async function loadResult(ctx: OperationContext, e: QueryExecutionRecord) {
  const hit = cache.get(`${e.id}/${ctx.identity.principal}`);
  if (hit) return hit;
  const rt = ctx.manager.runtime(ctx.identity.principal);
  const stored = await readStoredResult(rt.store, rt.kms, e.outputLocation!, { engineRegion: rt.config.region, principal: ctx.identity.principal });
  const { columns, rows } = storedRows(stored);
  const text = rows.map((r) => r.map((v, j) => formatValue(v, columns[j]!.type)));
  const loaded = {
    columns: stored.metadata.columns.map((c) => ({ ...c.columnInfo })),
    rows: text,
    // Athena repeats the column names as the first row of a SELECT's first page.
    header: stored.metadata.dataObject.endsWith('.csv') && columns.length > 0,
    ...(stored.metadata.updateCount !== undefined ? { updateCount: stored.metadata.updateCount } : {}),
  };
  cache.set(`${e.id}/${ctx.identity.principal}`, loaded);
  if (cache.size > 16) cache.delete(cache.keys().next().value!);
  return loaded;
}

const getQueryResults: Operation = async (input, ctx) => {
  const e = execution(ctx, str(input, 'QueryExecutionId'));
  const max = optInt(input, 'MaxResults', 1, 1000) ?? 1000;
  const offset = parseToken(optStr(input, 'NextToken'));
  if (e.state === 'QUEUED' || e.state === 'RUNNING') throw invalidRequest(`Query has not yet finished. Current state: ${e.state}`, 'INVALID_INPUT');
  if (e.state !== 'SUCCEEDED' || !e.outputLocation) {
    throw invalidRequest(`Query did not finish successfully. Final query state: ${e.state}${e.errorCode ? ` (${e.errorCode}: ${e.errorMessage ?? ''})` : ''}`, 'INVALID_INPUT');
  }
  const r = await loadResult(ctx, e);
  const all = r.header ? [r.columns.map((c) => c.Name as string), ...r.rows] : r.rows;
  const page = all.slice(offset, offset + max);
  return {
    ...(r.updateCount !== undefined ? { UpdateCount: r.updateCount } : {}),
    ResultSet: {
      Rows: page.map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
      ResultSetMetadata: { ColumnInfo: r.columns },
    },
    ...(all.length > offset + max ? { NextToken: makeToken(offset + max) } : {}),
  };
};

export const QUERY_OPERATIONS: Record<string, Operation> = {
  StartQueryExecution: startQueryExecution,
  GetQueryExecution: getQueryExecution,
  GetQueryResults: getQueryResults,
  StopQueryExecution: stopQueryExecution,
  ListQueryExecutions: listQueryExecutions,
  BatchGetQueryExecution: batchGetQueryExecution,
};

