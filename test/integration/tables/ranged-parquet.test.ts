/**
 * Plain and SSE Parquet objects are read by byte ranges: the footer, then only the projected
 * column chunks (a `count(*)` reads the footer alone). The answers equal a whole-object read of
 * the same file under CSE-KMS (which must be read whole to be authenticated: once per scan, its
 * row-group splits sharing the plaintext), and the bytes scanned show what was fetched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AegisRuntime } from '../../../src/api/open-engine.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { putWithMode } from '../../../benchmarks/tpch-warehouse.js';
import { openLocal, tpchTables } from './tpch-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-ranged-'));
let rt: AegisRuntime;
let size = 0;

beforeAll(async () => {
  rt = openLocal(dir, 2);
  await rt.store.createBucket('lake');
  const cmk = (await rt.kms.createKey({ alias: 'alias/ranged' })).arn;
  const li = tpchTables().lineitem!;
  const body = writeParquet(li.columns, [li.batch], { compression: 'SNAPPY', rowGroupSize: 20_000 });
  size = body.byteLength;
  const ddl = li.columns.map((c) => `${c.name} ${c.type.kind === 'decimal' ? `decimal(${c.type.precision},${c.type.scale})` : c.type.kind === 'varchar' ? 'string' : c.type.kind}`).join(', ');
  for (const mode of ['SSE_S3', 'SSE_KMS', 'CSE_KMS'] as const) {
    await putWithMode(rt.store, rt.kms, 'lake', `${mode}/part-0.parquet`, body, mode, { sseKmsKey: cmk, cseKmsKey: cmk });
    await rt.engine.execute(`CREATE EXTERNAL TABLE li_${mode.toLowerCase()} (${ddl}) STORED AS PARQUET LOCATION 's3://lake/${mode}/'`);
  }
}, 120_000);

afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ranged Parquet reads', () => {
  const q = (t: string) => `SELECT l_returnflag, count(*), sum(l_quantity), sum(l_extendedprice) FROM ${t} WHERE l_shipdate <= DATE '1998-09-02' GROUP BY 1 ORDER BY 1`;

  it('SSE objects fetch only the projected column chunks, with the answer of a whole read', async () => {
    const whole = await rt.engine.execute(q('li_cse_kms'));
    expect(whole.stats.bytesScanned).toBeGreaterThanOrEqual(size);
    for (const t of ['li_sse_s3', 'li_sse_kms']) {
      const r = await rt.engine.execute(q(t));
      expect(r.rows).toEqual(whole.rows);
      // 4 of 16 columns (and the footer): well under half the object.
      expect(r.stats.bytesScanned).toBeGreaterThan(0);
      expect(r.stats.bytesScanned).toBeLessThan(size / 2);
    }
  });

  it('row-group splits of one object give the rows of a whole read, each row group read once', async () => {
    // The CSE-KMS object, shared by its splits, is decrypted in 4 parts on the 2 threads.
    const split = openLocal(dir, 2, { parquetSplitBytes: Math.ceil(size / 4), csePartBytes: Math.ceil(size / 8) });
    try {
      for (const t of ['li_sse_s3', 'li_sse_kms']) {
        const whole = await rt.engine.execute(q(t));
        const r = await split.engine.execute(q(t));
        expect(r.rows).toEqual(whole.rows);
        expect(r.stats.splitsPlanned).toBeGreaterThanOrEqual(3);
        expect(r.stats.objectsRead).toBe(1);
        expect(r.stats.rowGroupsRead! + r.stats.rowGroupsSkipped!).toBe(whole.stats.rowGroupsRead! + whole.stats.rowGroupsSkipped!);
        expect(r.stats.rowsRead).toBe(whole.stats.rowsRead);
        const count = await split.engine.execute(`SELECT count(*) FROM ${t}`);
        expect(count.rows).toEqual([[BigInt(tpchTables().lineitem!.batch.length)]]);
        // No data column wanted: one split reads the footer, however small the split size.
        expect(count.stats.splitsPlanned).toBe(1);
        expect(count.stats.bytesScanned).toBeLessThan(size / 4);
      }
      // A CSE-KMS object is read, decrypted and authenticated once per scan (in parts on the
      // threads, their tags combined); its row-group splits share the plaintext.
      const wholeCse = await rt.engine.execute(q('li_cse_kms'));
      const pool = split.scan.pool as unknown as { gcmPartsRun: number };
      const partsBefore = pool.gcmPartsRun;
      const cse = await split.engine.execute(q('li_cse_kms'));
      expect(pool.gcmPartsRun - partsBefore).toBe(4);
      expect(cse.rows).toEqual(wholeCse.rows);
      expect(cse.stats.splitsPlanned).toBeGreaterThanOrEqual(3);
      expect(cse.stats.objectsRead).toBe(1);
      expect(cse.stats.kmsCalls).toBe(wholeCse.stats.kmsCalls);
      expect(cse.stats.bytesScanned).toBe(wholeCse.stats.bytesScanned);
      expect(cse.stats.rowsRead).toBe(wholeCse.stats.rowsRead);
      expect(cse.stats.rowGroupsRead! + cse.stats.rowGroupsSkipped!).toBe(wholeCse.stats.rowGroupsRead! + wholeCse.stats.rowGroupsSkipped!);
    } finally {
      await split.close();
    }
  });

  it('a TopN over wide rows decodes the keys first, then the other columns of the winning row groups only', async () => {
    for (const t of ['li_sse_s3', 'li_cse_kms']) {
      for (const [order, unpushed] of [
        ['l_orderkey DESC, l_linenumber', 'l_orderkey + 0 DESC, l_linenumber + 0'],
        ['l_shipdate, l_orderkey, l_linenumber', "date_add('day', 0, l_shipdate), l_orderkey + 0, l_linenumber + 0"],
        ['l_comment DESC NULLS FIRST', "l_comment || '' DESC NULLS FIRST"],
      ]) {
        const pushed = await rt.engine.execute(`SELECT * FROM ${t} ORDER BY ${order} LIMIT 7`);
        // Keys that are expressions: the TopN stays above a full scan.
        const full = await rt.engine.execute(`SELECT * FROM ${t} ORDER BY ${unpushed} LIMIT 7`);
        expect(pushed.rows.length).toBe(7);
        expect(pushed.rows, `${t} ${order}`).toEqual(full.rows);
        expect(pushed.stats.rowsRead, `${t} ${order}`).toBeLessThan(full.stats.rowsRead);
        if (t === 'li_sse_s3' && order!.startsWith('l_orderkey')) {
          // The winners sit in the last of 3 row groups: 2 key columns of every row group plus
          // that row group's 16 columns are fetched, not every column of all three.
          expect(pushed.stats.bytesScanned, `${full.stats.bytesScanned}`).toBeLessThan(full.stats.bytesScanned * 0.6);
        }
      }
    }
  });

  it('count(*) reads the footer only', async () => {
    const whole = await rt.engine.execute('SELECT count(*) FROM li_cse_kms');
    const r = await rt.engine.execute('SELECT count(*) FROM li_sse_s3');
    expect(r.rows).toEqual(whole.rows);
    expect(r.rows[0]![0]).toBe(BigInt(tpchTables().lineitem!.batch.length));
    expect(r.stats.bytesScanned).toBeLessThanOrEqual(Math.min(size, 512 * 1024));
  });
});
