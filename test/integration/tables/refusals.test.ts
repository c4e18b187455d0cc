/**
 * Tables aegis must refuse to read: one holding an SSE-C object, one holding an S3 Encryption
 * Client object wrapped by a client-side master key (CSE-C), one whose bucket lives in another
 * region. Each sits beside readable objects; every query over it fails as a whole with the
 * matching code and the object's URI, returning no rows. `aegis preflight` (the built CLI) lists
 * the verdict of every object. Run over a LocalStore warehouse and over Ceph RGW + moto KMS.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AegisRuntime } from '../../../src/api/open-engine.js';
import { putSealed } from '../../../src/crypto/seal.js';
import { AegisError } from '../../../src/errors.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import type { ObjectStore, SseRequest } from '../../../src/storage/object-store.js';
import { generateSales, SALES_COLUMNS } from '../../../datasets/events/generate.js';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';
import { openLocal, openRgw, servers } from './tpch-fixture.js';

const COLS = SALES_COLUMNS.map((c) => `${c.name} ${c.hiveType}`).join(', ');
const day = generateSales(2, 50);
const parquet = (i: number): Uint8Array => writeParquet(SALES_COLUMNS.map(({ name, type }) => ({ name, type })), [day[i]!.batch]);

/** An S3EC v2 object whose data key is wrapped by a client-side AES master key (`AESWrap`). */
function clientKeyObject(plaintext: Uint8Array): { body: Uint8Array; metadata: Record<string, string> } {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dataKey, iv);
  const body = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
  dataKey.fill(0);
  return {
    body,
    metadata: {
      // Stands for the AESWrap output: the master key never leaves its owner.
      'x-amz-key-v2': randomBytes(40).toString('base64'),
      'x-amz-iv': iv.toString('base64'),
      'x-amz-cek-alg': 'AES/GCM/NoPadding',
      'x-amz-wrap-alg': 'AESWrap',
      'x-amz-matdesc': '{}',
      'x-amz-tag-len': '128',
    },
  };
}

interface Setup {
  rt: AegisRuntime;
  /** Environment and global flags of the built CLI for the same warehouse and servers. */
  cliEnv: Record<string, string>;
  cliFlags: string[];
  bucket: string;
  euBucket: string;
  /** How readable objects are stored: SSE-S3 where the store implements it (RGW Pacific ignores it). */
  okSse: SseRequest;
}

/**
 * Writes the refused tables (database `refused`) plus a partitioned one whose bad object sits in
 * one partition only. `euStore` writes into the bucket of the other region.
 */
async function buildRefusedTables(s: Setup, euStore: ObjectStore): Promise<void> {
  const { rt, bucket, euBucket, okSse } = s;
  await rt.store.put(bucket, 'ssec/ok.parquet', parquet(0), { sse: okSse });
  await rt.store.put(bucket, 'ssec/customer-key.parquet', parquet(1), { sse: { mode: 'SSE_C', customerKey: randomBytes(32) } });
  // A has_encrypted_data table holds CSE-KMS objects only; the readable one is sealed by aegis.
  await putSealed(rt.store, rt.kms, bucket, 'csec/ok.parquet', parquet(0), (await rt.kms.createKey({})).arn);
  const cse = clientKeyObject(parquet(1));
  await rt.store.put(bucket, 'csec/client-key.parquet', cse.body, { metadata: cse.metadata });
  await euStore.put(euBucket, 'sales/ok.parquet', parquet(0), { sse: okSse });
  await rt.store.put(bucket, 'parted/dt=good/ok.parquet', parquet(0), { sse: okSse });
  await rt.store.put(bucket, 'parted/dt=bad/customer-key.parquet', parquet(1), { sse: { mode: 'SSE_C', customerKey: randomBytes(32) } });
  const sql = (q: string) => rt.engine.execute(q);
  await sql('CREATE DATABASE refused');
  await sql(`CREATE EXTERNAL TABLE refused.sse_c (${COLS}) STORED AS PARQUET LOCATION 's3://${bucket}/ssec/'`);
  await sql(`CREATE EXTERNAL TABLE refused.cse_c (${COLS}) STORED AS PARQUET LOCATION 's3://${bucket}/csec/' TBLPROPERTIES ('has_encrypted_data'='true')`);
  await sql(`CREATE EXTERNAL TABLE refused.eu (${COLS}) STORED AS PARQUET LOCATION 's3://${euBucket}/sales/'`);
  await sql(`CREATE EXTERNAL TABLE refused.parted (${COLS}) PARTITIONED BY (dt string) STORED AS PARQUET LOCATION 's3://${bucket}/parted/'`);
  await sql('MSCK REPAIR TABLE refused.parted');
}

async function refusal(rt: AegisRuntime, sql: string): Promise<AegisError> {
  let rows: unknown[] | undefined;
  try {
    rows = (await rt.engine.execute(sql)).rows;
  } catch (e) {
    expect(e).toBeInstanceOf(AegisError);
    return e as AegisError;
  }
  throw new Error(`expected a refusal, got ${rows.length} row(s)`);
}

interface PreflightJson {
  uri: string;
  mode: string;
  verdict: string;
  code?: string;
  region: string | null;
}

function preflight(s: Setup, table: string): { code: number; entries: PreflightJson[]; stderr: string } {
  const r = aegis(['preflight', table, ...s.cliFlags, '--json'], { env: s.cliEnv });
  return { code: r.code, entries: r.stdout ? (JSON.parse(r.stdout) as PreflightJson[]) : [], stderr: r.stderr };
}

/** The assertions, shared by both backends. */
function refusalSuite(get: () => Setup): void {
  const uri = (key: string) => `s3://${get().bucket}/${key}`;
  const okMode = () => get().okSse.mode;

  it('refuses every query over a table with an SSE-C object, naming the object', async () => {
    for (const sql of ['SELECT count(*) FROM refused.sse_c', 'SELECT sale_id FROM refused.sse_c', 'SELECT * FROM refused.sse_c LIMIT 1']) {
      const e = await refusal(get().rt, sql);
      expect(e.code, sql).toBe('UNSUPPORTED_ENCRYPTION');
      expect(e.message, sql).toContain(uri('ssec/customer-key.parquet'));
      expect(e.message, sql).toMatch(/SSE-C/);
    }
  });

  it('refuses a table with a client-side master key object (CSE-C), naming the object', async () => {
    const e = await refusal(get().rt, 'SELECT customer, sum(price) FROM refused.cse_c GROUP BY customer');
    expect(e.code).toBe('UNSUPPORTED_ENCRYPTION');
    expect(e.message).toContain(uri('csec/client-key.parquet'));
    expect(e.details.mode).toBe('CSE_C');
  });

  it('refuses a table whose bucket is in another region, naming the location and both regions', async () => {
    const e = await refusal(get().rt, 'SELECT count(*) FROM refused.eu');
    expect(e.code).toBe('CROSS_REGION');
    expect(e.message).toContain(`s3://${get().euBucket}/`);
    expect(e.message).toMatch(/eu-west-1/);
    expect(e.message).toMatch(/us-east-1/);
  });

  it('reads the partitions pruning keeps and refuses when the bad partition is selected', async () => {
    const ok = await get().rt.engine.execute("SELECT count(*) FROM refused.parted WHERE dt = 'good'");
    expect(ok.rows).toEqual([[50n]]);
    expect(ok.stats.partitionsPruned).toBe(1);
    const e = await refusal(get().rt, 'SELECT count(*) FROM refused.parted');
    expect(e.code).toBe('UNSUPPORTED_ENCRYPTION');
    expect(e.message).toContain(uri('parted/dt=bad/customer-key.parquet'));
  });

  it('aegis preflight lists every object with its mode and verdict', () => {
    const s = get();
    const ssec = preflight(s, 'refused.sse_c');
    expect(ssec.stderr).toBe('');
    expect(ssec.code).toBe(1);
    expect(ssec.entries.map((e) => [e.uri, e.mode, e.verdict, e.code ?? null])).toEqual([
      [uri('ssec/customer-key.parquet'), 'SSE_C', 'refused', 'UNSUPPORTED_ENCRYPTION'],
      [uri('ssec/ok.parquet'), okMode(), 'readable', null],
    ]);
    const csec = preflight(s, 'refused.cse_c');
    expect(csec.code).toBe(1);
    expect(csec.entries.map((e) => [e.uri, e.mode, e.verdict, e.code ?? null])).toEqual([
      [uri('csec/client-key.parquet'), 'CSE_C', 'refused', 'UNSUPPORTED_ENCRYPTION'],
      [uri('csec/ok.parquet'), 'CSE_KMS', 'readable', null],
    ]);
    const eu = preflight(s, 'refused.eu');
    expect(eu.code).toBe(1);
    expect(eu.entries.length).toBeGreaterThan(0);
    for (const e of eu.entries) {
      expect(e.uri.startsWith(`s3://${s.euBucket}/`), e.uri).toBe(true);
      expect([e.verdict, e.code, e.region]).toEqual(['refused', 'CROSS_REGION', 'eu-west-1']);
    }
    const parted = preflight(s, 'refused.parted');
    expect(parted.entries.map((e) => [e.uri, e.mode, e.verdict])).toEqual([
      [uri('parted/dt=bad/customer-key.parquet'), 'SSE_C', 'refused'],
      [uri('parted/dt=good/ok.parquet'), okMode(), 'readable'],
    ]);
  });
}

describe('refused tables over a LocalStore warehouse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-refusals-'));
  let s: Setup;

  beforeAll(async () => {
    buildCli();
    const rt = openLocal(dir, 1, { inProcess: true });
    s = {
      rt,
      bucket: 'lake',
      euBucket: 'far',
      okSse: { mode: 'SSE_S3' },
      cliEnv: {},
      cliFlags: ['--warehouse', dir, '--principal', 'analyst', '--region', 'us-east-1'],
    };
    await rt.store.createBucket('lake');
    await rt.store.createBucket('far', { region: 'eu-west-1' });
    const euStore = new LocalStore({ root: dir, region: 'eu-west-1', kms: rt.kms, principal: 'analyst' });
    await buildRefusedTables(s, euStore);
  }, 300_000);

  afterAll(async () => {
    await s?.rt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  refusalSuite(() => s);
});

describe.skipIf(!servers.rgw || !servers.rgwEu || !servers.moto)('refused tables over Ceph RGW with moto KMS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-refusals-rgw-'));
  const suffix = `${process.pid}-${Date.now() % 1_000_000}`;
  let s: Setup;
  let eu: AegisRuntime;

  beforeAll(async () => {
    buildCli();
    const rt = openRgw(join(dir, 'wh'), 1);
    eu = openRgw(join(dir, 'wh-eu'), 1, servers.rgwEu!, 'eu-west-1');
    s = {
      rt,
      bucket: `refused-${suffix}`,
      euBucket: `refused-eu-${suffix}`,
      okSse: { mode: 'SSE_KMS', kmsKeyId: 'testkey-1' },
      cliEnv: {
        AEGIS_WAREHOUSE: join(dir, 'wh'),
        AEGIS_STORAGE: 's3',
        AEGIS_KMS: 'aws',
        AWS_ENDPOINT_URL_S3: servers.rgw!,
        AWS_ENDPOINT_URL_KMS: servers.moto!,
        AEGIS_S3_PATH_STYLE: '1',
        AWS_ACCESS_KEY_ID: 'AKIATEST',
        AWS_SECRET_ACCESS_KEY: 'testsecret',
        AWS_REGION: 'us-east-1',
        AEGIS_PRINCIPAL: 'analyst',
        AEGIS_WORKERS: '1',
      },
      cliFlags: [],
    };
    await rt.store.createBucket(s.bucket);
    await eu.store.createBucket(s.euBucket);
    await buildRefusedTables(s, eu.store);
  }, 300_000);

  afterAll(async () => {
    await s?.rt.close();
    await eu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  refusalSuite(() => s);
});
