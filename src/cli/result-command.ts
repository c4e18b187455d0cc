import { SqliteCatalog } from '../catalog/sqlite-catalog.js';
import { assertWarehouseExists } from '../api/warehouse-access.js';
import { openKms, openStore } from '../backends.js';
import { AegisError } from '../errors.js';
import { readStoredResult, storedRows } from '../results/read-result.js';
import { positional } from './args.js';
import type { CommandContext, CommandGroup } from './command.js';
import { parseResultFormat, renderResult } from './result-format.js';

const USAGE = `aegis result <query-id> [--format table|csv|json]

Reads a stored query result back from its output location, decrypting it as needed (SSE_KMS and
CSE_KMS results need kms:Decrypt on the result key). --format csv prints the stored bytes as they are.`;

async function run(ctx: CommandContext): Promise<number> {
  ctx.flags.only(['format']);
  const id = positional(ctx.args, 0, '<query-id>', USAGE);
  const format = parseResultFormat(ctx.flags.string('format'));
  const config = ctx.config();
  // Reading only: a mistyped --warehouse is reported, not created.
  assertWarehouseExists(config.warehouse);
  const catalog = SqliteCatalog.forWarehouse(config.warehouse);
  let uri: string;
  try {
    const rec = catalog.getExecution(id);
    if (!rec) throw new AegisError('NOT_FOUND', `Query execution ${id} is not found in the warehouse at ${config.warehouse}. 'aegis history' lists them.`, { queryId: id });
    if (rec.state !== 'SUCCEEDED' || !rec.outputLocation) {
      throw new AegisError('INVALID_ARGUMENT', `Query execution ${id} has no result: it ended ${rec.state}${rec.errorCode ? ` (${rec.errorCode}: ${rec.errorMessage ?? ''})` : ''}.`, { queryId: id });
    }
    uri = rec.outputLocation;
  } finally {
    catalog.close();
  }
  const kms = openKms(config);
  const store = openStore(config, kms);
  try {
    const stored = await readStoredResult(store, kms, uri, { engineRegion: config.region, principal: config.principal });
    if (format === 'csv' && stored.metadata.dataObject.endsWith('.csv')) {
      await ctx.io.out(stored.data);
      return 0;
    }
    const { columns, rows } = storedRows(stored);
    await ctx.io.out(renderResult({ columns, rows, statementType: stored.metadata.statementType, stats: { elapsedMs: 0, planningMs: 0, executionMs: 0, rowsRead: 0, splitsRun: 0, bytesScanned: 0 } }, format));
    return 0;
  } finally {
    await store.close?.();
    await kms.close?.();
  }
}

export const resultCommand: CommandGroup = {
  name: 'result',
  summary: 'read a stored query result back (decrypting it)',
  usage: USAGE,
  booleanFlags: [],
  run,
};
