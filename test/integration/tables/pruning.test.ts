/**
 * Pruning is visible: EXPLAIN names the partitions a query selects and prunes and the row-group
 * filters it pushes into Parquet scans; `result.stats` reports partitions pruned, objects read,
 * KMS calls, bytes scanned and row groups read/skipped — each checked against numbers computed
 * independently from the stored objects and the generated rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AegisRuntime } from '../../../src/api/open-engine.js';
import { gatherBatch } from '../../../src/exec/batch-util.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { generateSales, SALES_COLUMNS } from '../../../datasets/events/generate.js';
import { columnsDdl, putWithMode, type TpchMode } from '../../../benchmarks/tpch-warehouse.js';
import { openLocal, tpchTables } from './tpch-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-pruning-'));
let rt: AegisRuntime;
const MODES: TpchMode[] = ['SSE_S3', 'SSE_KMS', 'CSE_KMS'];
const days = generateSales(10, 200);
const dayMode = (i: number): TpchMode => MODES[i % MODES.length]!;

/** lineitem sorted by ship date, 5,000-row row groups: min/max statistics then separate dates. */
const GROUP_ROWS = 5000;
const li = tpchTables().lineitem!;
const shipCol = li.columns.findIndex((c) => c.name === 'l_shipdate');
const qtyCol = li.columns.findIndex((c) => c.name === 'l_quantity');
const order = Array.from({ length: li.batch.length }, (_, i) => i);
const ship = li.batch.columns[shipCol]!.data as Int32Array;
order.sort((a, b) => ship[a]! - ship[b]! || a - b);
const sorted = gatherBatch(li.batch, order, order.length);
const sortedShip = sorted.columns[shipCol]!.data as Int32Array;
const sortedQty = sorted.columns[qtyCol]!.data as BigInt64Array;
const groups = Math.ceil(sorted.length / GROUP_ROWS);
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

beforeAll(async () => {
  rt = openLocal(dir, 2);
  await rt.store.createBucket('lake');
  const cmk = (await rt.kms.createKey({ alias: 'alias/pruning' })).arn;
  const keys = { sseKmsKey: cmk, cseKmsKey: cmk };
  const salesCols = SALES_COLUMNS.map(({ name, type }) => ({ name, type }));
  for (let i = 0; i < days.length; i++) {
    const body = writeParquet(salesCols, [days[i]!.batch], { rowGroupSize: 50 });
    await putWithMode(rt.store, rt.kms, 'lake', `sales/dt=${days[i]!.dt}/part-00000.parquet`, body, dayMode(i), keys);
  }
  await rt.engine.execute(
    `CREATE EXTERNAL TABLE sales (${SALES_COLUMNS.map((c) => `${c.name} ${c.hiveType}`).join(', ')}) PARTITIONED BY (dt string) ` +
      // Mixed SSE/CSE partitions: not has_encrypted_data (that requires every object to be CSE-KMS).
      `STORED AS PARQUET LOCATION 's3://lake/sales/'`,
  );
  await rt.engine.execute('MSCK REPAIR TABLE sales');
  const body = writeParquet(li.columns, [sorted], { rowGroupSize: GROUP_ROWS });
  await putWithMode(rt.store, rt.kms, 'lake', 'lineitem_by_ship/part-00000.parquet', body, 'CSE_KMS', keys);
  await rt.engine.execute(
    `CREATE EXTERNAL TABLE lineitem_by_ship (${columnsDdl(li.columns)}) STORED AS PARQUET LOCATION 's3://lake/lineitem_by_ship/' TBLPROPERTIES ('has_encrypted_data'='true')`,
  );
}, 300_000);

afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function explain(sql: string): Promise<string> {
  return (await rt.engine.execute(`EXPLAIN ${sql}`)).rows.map((r) => r[0]).join('\n');
}

async function objectSize(key: string): Promise<number> {
  return (await rt.store.head('lake', key)).size;
}

describe('partition pruning', () => {
  it('EXPLAIN shows the partitions an IN list selects, and the stats count exactly what was read', async () => {
    const sql = "SELECT count(*), sum(quantity) FROM sales WHERE dt IN ('2024-01-02', '2024-01-03')";
    expect(await explain(sql)).toMatch(/Scan\[table=default\.sales, .*partitions: 2\/10 selected, 8 pruned/);
    const r = await rt.engine.execute(sql);
    const want = [1, 2].flatMap((i) => days[i]!.batch.columns[4]!.data as number[]);
    expect(r.rows).toEqual([[400n, BigInt(want.reduce((a, b) => a + b, 0))]]);
    expect(r.stats.partitionsTotal).toBe(10);
    expect(r.stats.partitionsPruned).toBe(8);
    expect(r.stats.objectsRead).toBe(2);
    // Day 1 is SSE-KMS (the store's KMS, not the engine's), day 2 CSE-KMS: one Decrypt.
    expect([dayMode(1), dayMode(2)]).toEqual(['SSE_KMS', 'CSE_KMS']);
    expect(r.stats.kmsCalls).toBe(1);
    const sizes = (await objectSize('sales/dt=2024-01-02/part-00000.parquet')) + (await objectSize('sales/dt=2024-01-03/part-00000.parquet'));
    expect(r.stats.bytesScanned).toBe(sizes);
    expect(r.stats.rowsRead).toBe(400);
  });

  it('a range on the partition key prunes too; no filter selects every partition', async () => {
    expect(await explain("SELECT sale_id FROM sales WHERE dt >= '2024-01-08'")).toMatch(/partitions: 3\/10 selected, 7 pruned/);
    const r = await rt.engine.execute("SELECT count(*) FROM sales WHERE dt >= '2024-01-08'");
    expect(r.rows).toEqual([[600n]]);
    expect([r.stats.partitionsPruned, r.stats.objectsRead, r.stats.kmsCalls]).toEqual([7, 3, days.slice(7).filter((_, i) => dayMode(i + 7) === 'CSE_KMS').length]);
    expect(await explain('SELECT count(*) FROM sales')).toMatch(/partitions: 10\/10 selected, 0 pruned/);
    const all = await rt.engine.execute('SELECT count(*) FROM sales');
    expect(all.rows).toEqual([[2000n]]);
    expect([all.stats.partitionsPruned, all.stats.objectsRead]).toEqual([0, 10]);
  });

  it('EXPLAIN ANALYZE reports the counters of the run', async () => {
    const text = await explain("ANALYZE SELECT count(*) FROM sales WHERE dt = '2024-01-05'");
    expect(text).toMatch(/objects read: 1, partitions: 1\/10 selected, 9 pruned, row groups: 4 read, 0 skipped, KMS calls: \d+, bytes scanned: \d+/);
  });
});

describe('Parquet row-group pruning', () => {
  const threshold = '1998-06-01';
  const t = dayOf(threshold);
  /** Row groups whose largest ship date is below the threshold (sorted data: a prefix). */
  const skippedGroups = Array.from({ length: groups }, (_, g) => g).filter((g) => sortedShip[Math.min((g + 1) * GROUP_ROWS, sorted.length) - 1]! < t);

  it('writes a multi-row-group object (precondition)', () => {
    expect(groups).toBe(Math.ceil(li.batch.length / GROUP_ROWS));
    expect(groups).toBeGreaterThanOrEqual(10);
    expect(skippedGroups.length).toBeGreaterThan(0);
    expect(skippedGroups.length).toBeLessThan(groups);
  });

  it('skips the row groups whose statistics exclude a date range, with the same answer', async () => {
    const sql = `SELECT count(*), sum(l_quantity) FROM lineitem_by_ship WHERE l_shipdate >= DATE '${threshold}'`;
    expect(await explain(sql)).toMatch(new RegExp(`Scan\\[table=default\\.lineitem_by_ship, .*row-group filters: \\[l_shipdate >= DATE '${threshold}'\\]`));
    const r = await rt.engine.execute(sql);
    let n = 0;
    let qty = 0n;
    for (let i = 0; i < sorted.length; i++) {
      if (sortedShip[i]! >= t) {
        n++;
        qty += sortedQty[i]!;
      }
    }
    expect(r.rows).toEqual([[BigInt(n), qty]]);
    expect(r.stats.rowGroupsSkipped).toBe(skippedGroups.length);
    expect(r.stats.rowGroupsRead).toBe(groups - skippedGroups.length);
    expect(r.stats.rowsRead).toBe(sorted.length - skippedGroups.length * GROUP_ROWS);
    expect(r.stats.kmsCalls).toBe(1);
    const analyzed = await explain(`ANALYZE ${sql}`);
    expect(analyzed).toContain(`row groups: ${groups - skippedGroups.length} read, ${skippedGroups.length} skipped`);
  });

  it('a filter no row group can satisfy reads none; no filter reads all', async () => {
    const none = await rt.engine.execute("SELECT count(*) FROM lineitem_by_ship WHERE l_shipdate < DATE '1900-01-01'");
    expect(none.rows).toEqual([[0n]]);
    expect([none.stats.rowGroupsRead, none.stats.rowGroupsSkipped, none.stats.rowsRead]).toEqual([0, groups, 0]);
    const all = await rt.engine.execute('SELECT count(*) FROM lineitem_by_ship');
    expect(all.rows).toEqual([[BigInt(sorted.length)]]);
    expect([all.stats.rowGroupsRead, all.stats.rowGroupsSkipped]).toEqual([groups, 0]);
  });

  it('prunes sales row groups by sale_id inside the selected partitions', async () => {
    // Day 2 holds sale_id 401..600 in four 50-row groups; < 460 keeps the first two.
    const r = await rt.engine.execute("SELECT count(*) FROM sales WHERE dt = '2024-01-03' AND sale_id < 460");
    expect(r.rows).toEqual([[59n]]);
    expect([r.stats.partitionsPruned, r.stats.rowGroupsRead, r.stats.rowGroupsSkipped]).toEqual([9, 2, 2]);
  });
});
