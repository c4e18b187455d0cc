import { processAlive } from '../storage/process-alive.js';
import { assertWarehouseExists } from '../api/warehouse-access.js';
import { SqliteCatalog } from '../catalog/sqlite-catalog.js';
import { QUERY_STATES, type QueryExecutionRecord, type QueryState } from '../catalog/query-execution.js';
import { AegisError } from '../errors.js';
import { json, table, type CommandContext, type CommandGroup } from './command.js';

const USAGE = `aegis history [--limit N] [--workgroup W] [--state S] [--json | --ids]

Lists query executions, newest first (default 20): id, state, time, bytes scanned, where the
result went and how it was encrypted. S is QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED.
--ids prints only the query ids, one per line: aegis result "$(aegis history --limit 1 --ids)".
'aegis result <id>' reads a stored result back.`;

const oneLine = (s: string, max: number): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

function row(e: QueryExecutionRecord): string[] {
  return [
    e.id,
    e.state,
    e.submittedAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    e.totalMs !== undefined ? e.totalMs.toFixed(0) : '-',
    e.dataScannedBytes !== undefined ? String(e.dataScannedBytes) : '-',
    e.workgroup,
    e.encryptionOption ? `${e.encryptionOption}${e.kmsKey ? ` ${e.kmsKey}` : ''}` : '-',
    e.state === 'SUCCEEDED' ? (e.outputLocation ?? '-') : `${e.errorCode ?? ''}`,
    oneLine(e.query, 60),
  ];
}

async function run(ctx: CommandContext): Promise<number> {
  ctx.flags.only(['limit', 'state', 'json', 'ids']);
  const limit = ctx.flags.int('limit', 1, 100_000) ?? 20;
  const stateFlag = ctx.flags.string('state');
  let state: QueryState | undefined;
  if (stateFlag !== undefined) {
    state = stateFlag.toUpperCase() as QueryState;
    if (!QUERY_STATES.includes(state)) throw new AegisError('INVALID_ARGUMENT', `--state must be one of ${QUERY_STATES.join(', ')} (got '${stateFlag}').`);
  }
  const config = ctx.config();
  // Reading only: a mistyped --warehouse is reported, not created.
  assertWarehouseExists(config.warehouse);
  // --workgroup is a global setting; here it filters only when given explicitly.
  const workgroup = config.sources.workgroup === 'default' ? undefined : config.workgroup;
  const catalog = SqliteCatalog.forWarehouse(config.warehouse);
  try {
    catalog.failOrphanedExecutions(processAlive);
    const list = catalog.listExecutions({ limit, ...(workgroup ? { workgroup } : {}), ...(state ? { state } : {}) });
    if (ctx.flags.bool('json')) await ctx.io.out(json(list));
    else if (ctx.flags.bool('ids')) await ctx.io.out(list.map((e) => `${e.id}\n`).join(''));
    else await ctx.io.out(table([['QUERY ID', 'STATE', 'SUBMITTED', 'MS', 'SCANNED', 'WORKGROUP', 'ENCRYPTION', 'RESULT / ERROR', 'QUERY'], ...list.map(row)]));
    return 0;
  } finally {
    catalog.close();
  }
}

export const historyCommand: CommandGroup = {
  name: 'history',
  summary: 'list query executions, newest first',
  usage: USAGE,
  booleanFlags: ['json', 'ids'],
  run,
};
