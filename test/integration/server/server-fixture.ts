/**
 * An `aegis serve` for tests: a warehouse with a few tables, the Athena API on a free port, and
 * helpers to poll query executions the way Athena clients do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient, GetQueryExecutionCommand, type GetQueryExecutionCommandOutput, type QueryExecutionState } from '@aws-sdk/client-athena';
import { resolveConfig, type AegisConfig } from '../../../src/config.js';
import { openEngine } from '../../../src/api/open-engine.js';
import { startAthenaServer, type RunningServer } from '../../../src/server/athena-server.js';

export const CREDS = { accessKeyId: 'AKIAAEGISTEST0000001', secretAccessKey: 'aegis-test-secret-key-0000000000000000000' };

export interface ServerFixture {
  dir: string;
  config: AegisConfig;
  server: RunningServer;
  client: AthenaClient;
  close(): Promise<void>;
}

/** Builds the warehouse (sales: 2,500 rows; a partitioned events table) and starts the server. */
export async function startFixture(opts: { maxConcurrent?: number; maxQueued?: number } = {}): Promise<ServerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-serve-'));
  const config = resolveConfig({ warehouse: join(dir, 'wh'), workers: '1', principal: 'server', region: 'us-east-1' }, { env: {}, cwd: dir });
  const rt = openEngine(config, { inProcess: true });
  try {
    await rt.store.createBucket('lake', { region: 'us-east-1' });
    await rt.execute("CREATE DATABASE shop");
    await rt.execute(
      "CREATE TABLE shop.sales WITH (external_location = 's3://lake/sales/') AS " +
        "SELECT i AS id, CAST(i * 0.5 AS decimal(10,2)) AS amount, CASE WHEN i % 10 = 0 THEN NULL ELSE 'item ' || CAST(i AS varchar) END AS label, date_add('day', i % 30, DATE '2024-01-01') AS d " +
        'FROM UNNEST(sequence(1, 2500)) t(i)',
    );
    await rt.execute("CREATE TABLE shop.events WITH (external_location = 's3://lake/events/', partitioned_by = ARRAY['dt']) AS SELECT i AS n, CAST(DATE '2024-02-01' + i % 3 * INTERVAL '1' DAY AS varchar) AS dt FROM UNNEST(sequence(1, 30)) t(i)");
  } finally {
    await rt.close();
  }
  const server = await startAthenaServer(config, {
    port: 0,
    maxConcurrent: opts.maxConcurrent ?? 2,
    maxQueued: opts.maxQueued ?? 8,
    fallbackCredentials: { accessKeyId: CREDS.accessKeyId, secret: CREDS.secretAccessKey },
  });
  const client = new AthenaClient({ endpoint: server.url, region: 'us-east-1', credentials: CREDS, maxAttempts: 1 });
  return {
    dir,
    config,
    server,
    client,
    async close() {
      client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls GetQueryExecution until the query leaves QUEUED/RUNNING. */
export async function waitFor(client: AthenaClient, id: string): Promise<{ state: QueryExecutionState; reason?: string; execution: GetQueryExecutionCommandOutput }> {
  for (let i = 0; i < 1200; i++) {
    const r = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = r.QueryExecution!.Status!.State!;
    if (state !== 'QUEUED' && state !== 'RUNNING') return { state, ...(r.QueryExecution!.Status!.StateChangeReason ? { reason: r.QueryExecution!.Status!.StateChangeReason } : {}), execution: r };
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`query ${id} did not finish`);
}
