/**
 * Preflight of a table named by the user (`db.table` or `table`), shared by `aegis preflight`,
 * the REPL's `\preflight` and the library's `db.preflight()` so all three give one answer.
 */
import { AegisError } from '../errors.js';
import type { WorkGroupConfiguration } from '../results/result-configuration.js';
import { preflightTable, type PreflightEntry } from '../scan/preflight.js';
import { scanEnvironmentForQuery } from '../scan/query-scan-policy.js';
import type { EnginePolicy } from '../scan/table-read-policy.js';
import type { AegisRuntime } from './open-engine.js';

export type { PreflightEntry } from '../scan/preflight.js';

/**
 * `db.table`, `table`, `"db"."table"` → [database, table]; names are case-insensitive.
 * @throws AegisError INVALID_ARGUMENT for anything else.
 */
export function splitTableName(name: string, currentDatabase: string): [string, string] {
  const parts = name.split('.').map((p) => p.trim().replace(/^(["`])(.*)\1$/, '$2').toLowerCase());
  if (parts.length === 1 && parts[0]) return [currentDatabase.toLowerCase(), parts[0]];
  if (parts.length === 2 && parts[0] && parts[1]) return [parts[0], parts[1]];
  throw new AegisError('INVALID_ARGUMENT', `Not a table name: '${name}' (expected [database.]table)`);
}

/**
 * Every object of the table with its encryption, key, region and verdict, checked as a query of
 * the runtime's principal would be — key use included (src/scan/preflight.ts), and the engine's
 * and the configured workgroup's require-encryption and legacy-CSE settings.
 * @throws AegisError NOT_FOUND for an unknown table.
 */
export async function preflightNamedTable(rt: AegisRuntime, name: string, database = rt.engine.currentDatabase): Promise<PreflightEntry[]> {
  const [db, table] = splitTableName(name, database);
  const meta = rt.catalog.getTable(db, table);
  if (!meta) throw new AegisError('NOT_FOUND', `Table '${db}.${table}' does not exist (warehouse ${rt.config.warehouse})`, { database: db, table, warehouse: rt.config.warehouse });
  return preflightTable(meta, rt.catalog, rt.store, { engineRegion: rt.config.region, principal: rt.config.principal, kms: rt.kms, policy: scanPolicyOf(rt) });
}

/** What a query of the runtime adds to a table's read policy: the engine's and its workgroup's settings. */
function scanPolicyOf(rt: AegisRuntime): EnginePolicy {
  const wg = rt.catalog.getWorkgroup(rt.config.workgroup);
  const wgRequires = (wg?.configuration as WorkGroupConfiguration | undefined)?.RequireEncryption === true;
  const env = scanEnvironmentForQuery(rt.scan, wgRequires ? { requireEncryption: `workgroup ${wg!.name} requires encryption` } : {});
  return { ...(env.requireEncryption ? { requireEncryption: env.requireEncryption } : {}), ...(env.allowLegacyCse ? { allowLegacyCse: true } : {}) };
}
