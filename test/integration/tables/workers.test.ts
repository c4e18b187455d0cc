/**
 * Scans give the same answers wherever they run: in the coordinator thread, on a pool of one
 * worker thread, and on a pool of four. Three engines over one LocalStore warehouse (TPC-H in
 * Parquet, a partitioned sales table in Parquet and JSON, objects under SSE-S3 / SSE-KMS /
 * CSE-KMS) run the same queries; rows and scan counters must agree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AegisRuntime } from '../../../src/api/open-engine.js';
import { writeJsonLines } from '../../../src/formats/json/json-writer.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { generateSales, SALES_COLUMNS } from '../../../datasets/events/generate.js';
import { loadTpch, putWithMode, type TpchMode } from '../../../benchmarks/tpch-warehouse.js';
import { tpchQuery } from '../../../datasets/tpch/queries.js';
import { compareResults } from '../../util/compare-results.js';
import { canonResult, orderSpecOf } from './tpch-compare.js';
import { openLocal, tpchTables } from './tpch-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-workers-'));
const MODES: TpchMode[] = ['SSE_S3', 'SSE_KMS', 'CSE_KMS'];
const engines: { name: string; rt: AegisRuntime }[] = [];

beforeAll(async () => {
  const inProcess = openLocal(dir, 1, { inProcess: true });
  engines.push({ name: 'in-process', rt: inProcess });
  const rt = inProcess;
  await rt.store.createBucket('lake');
  const cmk = (await rt.kms.createKey({ alias: 'alias/workers' })).arn;
  await loadTpch({
    store: rt.store, kms: rt.kms, sql: (s) => rt.engine.execute(s), tables: tpchTables(), bucket: 'lake', prefix: 'tpch',
    database: 'tpch', format: 'parquet', modes: MODES, sseKmsKey: cmk, cseKmsKey: cmk,
  });
  // Large enough (several MB) that scans are worth a thread hop and really run on the pools.
  const days = generateSales(8, 10_000);
  const cols = SALES_COLUMNS.map(({ name, type }) => ({ name, type }));
  const ddl = SALES_COLUMNS.map((c) => `${c.name} ${c.hiveType}`).join(', ');
  for (const [table, ext, write, storage] of [
    ['sales_parquet', 'parquet', (i: number) => writeParquet(cols, [days[i]!.batch], { rowGroupSize: 2000 }), 'STORED AS PARQUET'],
    ['sales_json', 'json', (i: number) => writeJsonLines(cols, [days[i]!.batch]), "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' STORED AS TEXTFILE"],
  ] as const) {
    for (let i = 0; i < days.length; i++) {
      await putWithMode(rt.store, rt.kms, 'lake', `sales/${ext}/dt=${days[i]!.dt}/part-00000.${ext}`, write(i), MODES[i % 3]!, { sseKmsKey: cmk, cseKmsKey: cmk });
    }
    await rt.engine.execute(`CREATE EXTERNAL TABLE ${table} (${ddl}) PARTITIONED BY (dt string) ${storage} LOCATION 's3://lake/sales/${ext}/'`); // mixed SSE/CSE: not has_encrypted_data
    await rt.engine.execute(`MSCK REPAIR TABLE ${table}`);
  }
  // The pools open after the tables exist; they share the warehouse (catalog, keyring, store).
  engines.push({ name: 'workers=1', rt: openLocal(dir, 1) });
  engines.push({ name: 'workers=4', rt: openLocal(dir, 4) });
}, 300_000);

afterAll(async () => {
  for (const e of engines) await e.rt.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUERIES: { name: string; sql: string; database: string }[] = [
  ...[1, 3, 6, 12, 14, 18].map((id) => ({ name: `TPC-H Q${id}`, sql: tpchQuery(id), database: 'tpch' })),
  {
    name: 'sales per day (Parquet)',
    database: 'default',
    sql: 'SELECT dt, count(*) AS n, sum(quantity * price) AS revenue, min(sold_at) AS first, max(sold_at) AS last FROM sales_parquet GROUP BY dt ORDER BY dt',
  },
  {
    name: 'sales by customer and product over selected days (JSON)',
    database: 'default',
    sql: "SELECT customer, product, count(*) AS n, sum(price) AS total FROM sales_json WHERE dt BETWEEN '2024-01-03' AND '2024-01-06' AND discounted GROUP BY customer, product",
  },
  {
    name: 'rows with arrays and $path (Parquet, row-group pruning)',
    database: 'default',
    sql: 'SELECT sale_id, tags, "$path" FROM sales_parquet WHERE sale_id > 65000 AND sale_id % 7 = 0',
  },
  {
    name: 'JSON and Parquet copies agree row by row',
    database: 'default',
    sql: 'SELECT count(*) FROM sales_json j JOIN sales_parquet p ON j.sale_id = p.sale_id AND j.dt = p.dt WHERE j.price = p.price AND j.sold_at = p.sold_at AND j.tags = p.tags',
  },
];

/** Splits the engine's worker pool has run (`tasksRun`, else piscina's `completed`); 0 without a pool. */
function poolTasks(rt: AegisRuntime): number {
  const pool = rt.scan.pool as unknown as { tasksRun?: number; pool?: { completed?: number } } | undefined;
  if (!pool) return 0;
  if (typeof pool.tasksRun === 'number') return pool.tasksRun;
  // A pool that starts its threads lazily has no piscina pool before its first split.
  return pool.pool?.completed ?? 0;
}

const COUNTERS = ['objectsRead', 'kmsCalls', 'bytesScanned', 'partitionsPruned', 'rowGroupsRead', 'rowGroupsSkipped', 'rowsRead'] as const;

describe('the same answers in-process, on one worker and on four', () => {
  for (const q of QUERIES) {
    it(q.name, async () => {
      const ordered = orderSpecOf(q.sql) !== undefined;
      const results = [];
      for (const e of engines) {
        const before = poolTasks(e.rt);
        results.push({ name: e.name, r: await e.rt.engine.execute(q.sql, { database: q.database }) });
        // The pooled engines really ran splits on their worker threads.
        if (e.rt.scan.pool) expect(poolTasks(e.rt) - before, `${e.name}: splits run on the pool`).toBeGreaterThan(0);
      }
      const [base, ...others] = results;
      expect(base!.r.rows.length, `${q.name}: empty answers would prove nothing`).toBeGreaterThan(0);
      for (const o of others) {
        expect(compareResults(canonResult(o.r).rows, canonResult(base!.r).rows, ordered), `${o.name} vs ${base!.name}`).toBeNull();
        expect(o.r.columns).toEqual(base!.r.columns);
        for (const k of COUNTERS) expect(o.r.stats[k], `${o.name} ${k}`).toBe(base!.r.stats[k]);
      }
    }, 300_000);
  }

  it('a TopN pushed into the scan (each split keeps its own top rows) picks exactly the rows and order of a full TopN', async () => {
    const cases = [
      ['sale_id, customer, price, dt FROM sales_parquet ORDER BY price DESC, customer', 'price + 0 DESC, customer || \'\''],
      ['sale_id, customer, quantity FROM sales_json ORDER BY quantity, customer DESC NULLS FIRST', 'quantity * 1, customer || \'\' DESC NULLS FIRST'],
      ['l_orderkey, l_linenumber, l_shipdate FROM lineitem ORDER BY l_shipdate DESC', 'date_add(\'day\', 0, l_shipdate) DESC'],
    ];
    for (const e of engines) {
      for (const [query, unpushedKeys] of cases) {
        const [select, order] = query!.split(' ORDER BY ');
        const database = select!.includes('lineitem') ? 'tpch' : 'default';
        for (const tail of ['LIMIT 7', 'OFFSET 3 LIMIT 40']) {
          const pushed = await e.rt.engine.execute(`SELECT ${select} ORDER BY ${order} ${tail}`, { database });
          // Keys that are expressions, not scan columns: the TopN stays above the scan alone.
          const full = await e.rt.engine.execute(`SELECT ${select} ORDER BY ${unpushedKeys} ${tail}`, { database });
          expect(pushed.rows.length, `${e.name}: ${query} ${tail}`).toBeGreaterThan(0);
          expect(pushed.rows, `${e.name}: ${query} ${tail}`).toEqual(full.rows);
          // The splits sent up only their top rows.
          expect(pushed.stats.rowsRead, `${e.name}: ${query} ${tail}`).toBeLessThan(full.stats.rowsRead);
        }
      }
    }
  }, 300_000);

  it('the JSON and Parquet copies of sales are the same rows', async () => {
    const r = await engines[0]!.rt.engine.execute(QUERIES.at(-1)!.sql);
    expect(r.rows).toEqual([[80_000n]]);
  });
});
