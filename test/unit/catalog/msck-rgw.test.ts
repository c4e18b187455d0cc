/**
 * MSCK REPAIR TABLE against a real S3 API (Ceph RGW from test/setup/global-setup.ts, through
 * S3Store): delimiter listings level by level, with more than 1,000 prefixes at one level so the
 * continuation-token pagination is exercised. Skips when no RGW was started.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { executeDdl } from '../../../src/catalog/ddl/execute-ddl.js';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { parseStatement } from '../../../src/sql/parse.js';
import { S3Store } from '../../../src/storage/s3-store.js';

const endpoint = process.env.AEGIS_TEST_RGW;
const skip = endpoint === undefined;
if (skip) console.warn('[msck-rgw] skipped: AEGIS_TEST_RGW unset (no Ceph RGW, or AEGIS_TEST_SERVERS=0)');

const bucket = `aegis-msck-${randomBytes(3).toString('hex')}`;
let store: S3Store;
let catalog: SqliteCatalog;

beforeAll(async () => {
  if (skip) return;
  store = new S3Store({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'testsecret' } });
  catalog = new SqliteCatalog(':memory:');
  await store.createBucket(bucket);
  const keys: string[] = [];
  for (let n = 0; n < 1050; n++) keys.push(`events/n=${n}/region=eu/part-0.csv`);
  keys.push('events/n=7/region=us/part-0.csv', 'events/n=7/region=us/part-1.csv', 'events/n=x/region=us/part-0.csv', 'events/_SUCCESS');
  const body = new TextEncoder().encode('a\n');
  for (let i = 0; i < keys.length; i += 32) await Promise.all(keys.slice(i, i + 32).map((k) => store.put(bucket, k, body)));
}, 180_000);
afterAll(async () => {
  catalog?.close();
  await store?.close();
});

const run = (sql: string) => executeDdl(parseStatement(sql), { catalog, database: 'default', store });

it.skipIf(skip)('MSCK REPAIR TABLE adds every Hive-style prefix found through paginated delimiter listings', async () => {
  await run(`CREATE EXTERNAL TABLE events (a string) PARTITIONED BY (n int, region string) LOCATION 's3://${bucket}/events/'`);
  const out = (await run('MSCK REPAIR TABLE events')).rows.map((r) => r[0]);
  const added = out.filter((l) => l!.startsWith('Repair: Added partition'));
  expect(added).toHaveLength(1051);
  expect(out).toContain(`Skipped invalid partition path: s3://${bucket}/events/n=x/`);
  expect(catalog.countPartitions('default', 'events')).toBe(1051);
  expect(catalog.listPartitions('default', 'events', { constraints: [{ op: 'eq', key: 'n', value: 7 }] }).map((p) => p.name)).toEqual([
    'n=7/region=eu',
    'n=7/region=us',
  ]);
  expect(catalog.listPartitions('default', 'events', { constraints: [{ op: 'range', key: 'n', low: { value: 1040, inclusive: true } }] })).toHaveLength(10);
  // A second run finds nothing new.
  expect((await run('MSCK REPAIR TABLE events')).rows.filter((r) => r[0]!.startsWith('Repair:'))).toEqual([]);
}, 120_000);
