/**
 * Faults of S3 and KMS: a fault-injecting proxy in front of Ceph RGW and moto KMS throws 503
 * SlowDown / throttling, slow answers, connection resets and bodies cut short at a quarter of the
 * requests. Every query then either equals the fault-free answer or fails with a typed error —
 * never different rows, never a hang — and reads of objects never come back short.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type AegisRuntime } from '../../../src/api/open-engine.js';
import { renderResult } from '../../../src/cli/result-format.js';
import { resolveConfig } from '../../../src/config.js';
import { putSealed } from '../../../src/crypto/seal.js';
import { AegisError } from '../../../src/errors.js';
import { writeCsv } from '../../../src/formats/text/text-writer.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { generateSales, SALES_COLUMNS } from '../../../datasets/events/generate.js';
import { startFaultProxy, type FaultProxy } from '../../setup/fault-proxy.js';
import { servers } from '../tables/tpch-fixture.js';

const skip = !servers.rgw || !servers.moto;
const COLS = SALES_COLUMNS.map(({ name, type }) => ({ name, type }));
const DDL = SALES_COLUMNS.map((c) => `${c.name} ${c.hiveType}`).join(', ');

let dir: string;
let s3: FaultProxy;
let kms: FaultProxy;
let rt: AegisRuntime;
const bucket = `faults-${Date.now().toString(36)}`;

const QUERIES = [
  'SELECT count(*) AS n, sum(price) AS total FROM f.csv_plain',
  'SELECT dt, count(*) AS n, max(quantity) AS q FROM f.parquet_kms GROUP BY dt ORDER BY dt',
  'SELECT count(*) AS n, min(price) AS lo, max(price) AS hi FROM f.parquet_cse',
  'SELECT a.dt, count(*) AS n FROM f.parquet_kms a JOIN f.csv_plain b ON a.sale_id = b.sale_id GROUP BY a.dt ORDER BY a.dt',
];

beforeAll(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'aegis-faults-'));
  s3 = await startFaultProxy(servers.rgw!, 20251207);
  kms = await startFaultProxy(servers.moto!, 7);
  process.env.AWS_ACCESS_KEY_ID = 'AKIATEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'testsecret';
  const config = resolveConfig(
    { warehouse: dir, storage: 's3', kms: 'aws', 's3-endpoint': s3.url, 'kms-endpoint': kms.url, 's3-path-style': true, region: 'us-east-1', workers: '2', principal: 'analyst' },
    { env: {}, cwd: dir },
  );
  rt = openEngine(config);
  await rt.store.createBucket(bucket, { region: 'us-east-1' });
  const key = (await rt.kms.createKey({})).arn;
  const days = generateSales(4, 3000);
  for (const [i, d] of days.entries()) {
    await rt.store.put(bucket, `csv/part-${i}.csv`, writeCsv(COLS, [d.batch], { properties: { 'field.delim': ',', 'collection.delim': '|' } }));
    await rt.store.put(bucket, `kms/dt=${d.dt}/part.parquet`, writeParquet(COLS, [d.batch]), { sse: { mode: 'SSE_KMS', kmsKeyId: 'testkey-1' } });
    await putSealed(rt.store, rt.kms, bucket, `cse/part-${i}.parquet`, writeParquet(COLS, [d.batch]), key);
  }
  await rt.execute('CREATE DATABASE f');
  await rt.execute(`CREATE EXTERNAL TABLE f.csv_plain (${DDL}) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' COLLECTION ITEMS TERMINATED BY '|' LOCATION 's3://${bucket}/csv/'`);
  await rt.execute(`CREATE EXTERNAL TABLE f.parquet_kms (${DDL}) PARTITIONED BY (dt string) STORED AS PARQUET LOCATION 's3://${bucket}/kms/'`);
  await rt.execute('MSCK REPAIR TABLE f.parquet_kms');
  await rt.execute(`CREATE EXTERNAL TABLE f.parquet_cse (${DDL}) STORED AS PARQUET LOCATION 's3://${bucket}/cse/' TBLPROPERTIES ('has_encrypted_data'='true')`);
}, 180_000);

afterAll(async () => {
  if (skip) return;
  await rt?.close();
  await s3?.stop();
  await kms?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip)('faults of S3 and KMS (proxy in front of Ceph RGW and moto)', () => {
  it('every query equals the fault-free answer or fails with a typed error', async () => {
    const expected = new Map<string, string>();
    for (const q of QUERIES) expected.set(q, renderResult((await rt.execute(q)).result, 'csv'));
    s3.rate = 0.25;
    kms.rate = 0.25;
    const outcomes: Record<string, number> = { equal: 0 };
    try {
      for (let round = 0; round < 6; round++) {
        for (const q of QUERIES) {
          try {
            const r = await rt.execute(q);
            expect(renderResult(r.result, 'csv'), q).toBe(expected.get(q));
            outcomes.equal!++;
          } catch (e) {
            expect(e, String(e)).toBeInstanceOf(AegisError);
            const code = (e as AegisError).code;
            expect(code, (e as Error).message).not.toBe('INTERNAL_ERROR');
            outcomes[code] = (outcomes[code] ?? 0) + 1;
          }
        }
      }
    } finally {
      s3.rate = 0;
      kms.rate = 0;
    }
    console.log(`fault proxy: S3 ${JSON.stringify(s3.injected)}, KMS ${JSON.stringify(kms.injected)}; outcomes ${JSON.stringify(outcomes)}`);
    for (const f of ['unavailable', 'slow', 'reset', 'truncate'] as const) expect(s3.injected[f], f).toBeGreaterThan(0);
    expect(outcomes.equal).toBeGreaterThan(0);
  }, 600_000);

  it('object reads retry cut-short bodies and resets: whole bytes or a typed error, never short', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
    await rt.store.put(bucket, 'blob.bin', body);
    s3.rate = 0.3;
    let whole = 0;
    try {
      for (let i = 0; i < 20; i++) {
        try {
          const g = await rt.store.get(bucket, 'blob.bin');
          expect(g.body.length).toBe(body.length);
          expect(Buffer.from(g.body).equals(body)).toBe(true);
          const r = await rt.store.get(bucket, 'blob.bin', { range: { start: 1000, end: 2_000_999 } });
          expect(Buffer.from(r.body).equals(body.subarray(1000, 2_001_000))).toBe(true);
          whole++;
        } catch (e) {
          expect(e).toBeInstanceOf(AegisError);
          expect((e as AegisError).code).toBe('STORAGE_ERROR');
          expect((e as AegisError).message).toMatch(/blob\.bin/);
        }
      }
    } finally {
      s3.rate = 0;
    }
    expect(whole).toBeGreaterThan(0);
  }, 300_000);
});
