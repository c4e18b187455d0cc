import { openEngine, type AegisRuntime } from '../api/open-engine.js';
import { localStoreOptions } from '../backends.js';
import { buildDemoWarehouse, DEMO_KEY_ALIAS, DEMO_LAST_TABLE } from '../../datasets/demo-warehouse.js';
import { probeObject } from '../crypto/open-object.js';
import { AegisError, isAegisError } from '../errors.js';
import { splitLocation } from '../catalog/location.js';
import { parseS3Uri } from '../storage/object-store.js';
import { preflightTable } from '../scan/preflight.js';
import { LocalStore } from '../storage/local-store.js';
import type { CommandContext, CommandGroup } from './command.js';
import { renderResult } from './result-format.js';

const USAGE = `aegis demo [--rebuild]

Builds a sample warehouse in --warehouse (if it has none yet): TPC-H-like tables and a
partitioned sales table in Parquet, CSV and JSON, stored under SSE-S3, SSE-KMS and CSE-KMS, plus
tables holding an SSE-C object, a client-side master key (CSE-C) object and a bucket in another
region. Then tours it: queries over each kind of encryption, a result written SSE_KMS under its
own key from a CSE-KMS source, and the refusals. Every query's result is stored encrypted in the
warehouse ('aegis history' lists them).`;

/** The key the demo's results step encrypts its result under (not the data's key). */
export const DEMO_RESULT_KEY_ALIAS = 'alias/aegis-demo-results';

const TOUR: { title: string; sql: string }[] = [
  {
    title: 'SSE-S3 (tpch.customer): customers per market segment',
    sql: 'SELECT c_mktsegment, count(*) AS customers, sum(c_acctbal) AS balance FROM tpch.customer GROUP BY c_mktsegment ORDER BY c_mktsegment',
  },
  {
    title: 'SSE-KMS (tpch.orders): orders per priority in 1995',
    sql: "SELECT o_orderpriority, count(*) AS orders FROM tpch.orders WHERE o_orderdate >= DATE '1995-01-01' AND o_orderdate < DATE '1996-01-01' GROUP BY 1 ORDER BY 1",
  },
  {
    title: 'CSE-KMS (tpch.lineitem): TPC-H Q1, pricing summary',
    sql: `SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,
  sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, avg(l_discount) AS avg_disc, count(*) AS count_order
FROM tpch.lineitem WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY
GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus`,
  },
  {
    title: 'All three at once: TPC-H Q3 joins SSE-S3 customers, SSE-KMS orders and CSE-KMS line items',
    sql: `SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority
FROM tpch.customer, tpch.orders, tpch.lineitem
WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey AND l_orderkey = o_orderkey
  AND o_orderdate < DATE '1995-03-15' AND l_shipdate > DATE '1995-03-15'
GROUP BY l_orderkey, o_orderdate, o_shippriority ORDER BY revenue DESC, o_orderdate LIMIT 5`,
  },
  {
    title: 'A partitioned table whose days rotate through SSE-S3, SSE-KMS and CSE-KMS (Parquet), two days selected',
    sql: "SELECT dt, count(*) AS sales, sum(quantity * price) AS revenue FROM sales.sales_parquet WHERE dt IN ('2024-01-02', '2024-01-03') GROUP BY dt ORDER BY dt",
  },
  {
    title: 'The same data as CSV and as JSON lines agree',
    sql: `SELECT 'csv' AS format, count(*) AS sales, sum(price) AS total FROM sales.sales_csv
UNION ALL SELECT 'json', count(*), sum(price) FROM sales.sales_json
UNION ALL SELECT 'parquet', count(*), sum(price) FROM sales.sales_parquet ORDER BY format`,
  },
];

const REFUSALS: { title: string; table: string }[] = [
  { title: 'SSE-C: one object encrypted with a customer-provided key', table: 'refused.sse_c_sales' },
  { title: 'CSE-C: one object whose data key is wrapped by a client master key', table: 'refused.cse_c_sales' },
  { title: 'Cross-region: the bucket lives in eu-west-1', table: 'refused.eu_sales' },
];

function statsLine(s: Record<string, unknown>): string {
  const n = (k: string): number => (typeof s[k] === 'number' ? (s[k] as number) : 0);
  const parts = [`${n('bytesScanned').toLocaleString('en-US')} bytes scanned`, `${n('objectsRead')} objects`, `${n('kmsCalls')} KMS calls`];
  if (n('partitionsTotal') > 0) parts.push(`${n('partitionsPruned')}/${n('partitionsTotal')} partitions pruned`);
  parts.push(`${Math.round(n('elapsedMs'))} ms`);
  return `  [${parts.join(', ')}]`;
}

async function ensureWarehouse(rt: AegisRuntime, rebuild: boolean, say: (t: string) => Promise<void>): Promise<void> {
  // A build killed half-way lacks its last table: it is built again, over what is there.
  if (!rebuild && rt.catalog.getTable(DEMO_LAST_TABLE.database, DEMO_LAST_TABLE.name)) return;
  if (rt.config.storage !== 'local') {
    throw new AegisError('NOT_SUPPORTED', 'aegis demo builds its sample warehouse in the embedded store; run it without --storage s3.');
  }
  await say(`Building the sample warehouse in ${rt.config.warehouse} …\n`);
  const t0 = performance.now();
  const euStore = new LocalStore(localStoreOptions(rt.config, rt.kms, 'eu-west-1'));
  try {
    await buildDemoWarehouse({
      store: rt.store,
      euStore,
      kms: rt.kms,
      createKey: () => keyByAlias(rt, DEMO_KEY_ALIAS, 'aegis demo data key'),
      sql: (s) => rt.engine.execute(s),
    });
  } finally {
    // Closing checkpoints the object index out of its WAL file.
    await euStore.close();
  }
  await say(`Built in ${Math.round(performance.now() - t0)} ms.\n`);
}

/** The ARN of the key with this alias, creating it on first use. */
async function keyByAlias(rt: AegisRuntime, alias: string, description: string): Promise<string> {
  try {
    return (await rt.kms.describeKey(alias)).arn;
  } catch (e) {
    if (!isAegisError(e, 'NOT_FOUND')) throw e;
    return (await rt.kms.createKey({ alias, description })).arn;
  }
}

const resultKey = (rt: AegisRuntime): Promise<string> => keyByAlias(rt, DEMO_RESULT_KEY_ALIAS, 'aegis demo result key');

/**
 * A CSE-KMS source (tpch.lineitem, data key under alias/aegis-demo) queried with SSE_KMS results
 * under another key: the result object's HEAD next to the source's shows that the source's
 * encryption never decides the result's.
 */
async function resultsStep(rt: AegisRuntime, say: (t: string) => Promise<void>): Promise<void> {
  const sql = 'SELECT l_returnflag, l_linestatus, count(*) AS count_order FROM tpch.lineitem GROUP BY 1, 2 ORDER BY 1, 2';
  const key = await resultKey(rt);
  await say(`\n== Results are encrypted independently of the source: CSE-KMS data, SSE_KMS result under ${DEMO_RESULT_KEY_ALIAS}\n   ${sql}\n\n`);
  const x = await rt.execute(sql, { resultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: key } } });
  await say(renderResult(x.result, 'table'));
  const table = rt.catalog.getTable('tpch', 'lineitem')!;
  const { bucket, prefix } = splitLocation(table.storage.location);
  const first = (await rt.store.list(bucket, { prefix })).objects.find((o) => !o.key.endsWith('.instruction'))!;
  const source = await probeObject(rt.store, bucket, first.key, { engineRegion: rt.config.region, principal: rt.config.principal });
  const dataKey = (await rt.kms.describeKey(DEMO_KEY_ALIAS)).arn;
  const { bucket: rb, key: rk } = parseS3Uri(x.written.uri);
  const result = await rt.store.head(rb, rk);
  await say(`   source  s3://${bucket}/${first.key}\n`);
  await say(`           ${source.descriptor.mode} (${source.head.metadata['x-amz-wrap-alg'] ?? '-'}, ${source.head.metadata['x-amz-cek-alg'] ?? '-'}), data key wrapped by ${dataKey}\n`);
  await say(`   result  ${x.written.uri}\n`);
  await say(`           x-amz-server-side-encryption: ${result.sse.serverSideEncryption ?? '-'}, key ${result.sse.kmsKeyId ?? '-'}\n`);
  await say(`   query ${x.queryId}: 'aegis result ${x.queryId}' reads it back\n`);
}

async function run(ctx: CommandContext): Promise<number> {
  ctx.flags.only(['rebuild']);
  const config = ctx.config();
  const rt = openEngine(config);
  const say = (t: string): Promise<void> => ctx.io.out(t);
  try {
    await ensureWarehouse(rt, ctx.flags.bool('rebuild'), say);
    for (const step of TOUR) {
      await say(`\n== ${step.title}\n${step.sql.replace(/^/gm, '   ')}\n\n`);
      const r = (await rt.execute(step.sql)).result;
      await say(renderResult(r, 'table'));
      await say(statsLine(r.stats as unknown as Record<string, unknown>) + '\n');
    }
    await resultsStep(rt, say);
    for (const step of REFUSALS) {
      const sql = `SELECT count(*) FROM ${step.table}`;
      await say(`\n== Refused — ${step.title}\n   ${sql}\n`);
      try {
        await rt.engine.execute(sql);
        throw new AegisError('INTERNAL_ERROR', `${step.table} was expected to be refused but was read`);
      } catch (e) {
        if (!(e instanceof AegisError) || e.code === 'INTERNAL_ERROR') throw e;
        await say(`   ${e.toLine()}\n`);
      }
    }
    await say('\n== Preflight of refused.sse_c_sales (every object and its verdict, no data read)\n');
    const meta = rt.catalog.getTable('refused', 'sse_c_sales')!;
    for (const e of await preflightTable(meta, rt.catalog, rt.store, { engineRegion: config.region, principal: config.principal, kms: rt.kms })) {
      await say(`   ${e.uri}  ${e.mode}  ${e.verdict}${e.code ? ` (${e.code})` : ''}\n`);
    }
    return 0;
  } finally {
    await rt.close();
  }
}

export const demoCommand: CommandGroup = {
  name: 'demo',
  summary: 'build a sample warehouse (if missing) and tour it',
  usage: USAGE,
  booleanFlags: ['rebuild'],
  run,
};
