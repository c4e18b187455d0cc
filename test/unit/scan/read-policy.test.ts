/**
 * The read policy of a scan, from the table's properties and the scan environment:
 * `has_encrypted_data` admits CSE-KMS objects only; the environment's `requireEncryption` refuses
 * unencrypted objects in every table; legacy AES-CBC objects need `'aegis.allow_legacy_cse'` or
 * the environment's `allowLegacyCse`. Refusals come before any split runs, naming the object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableInput } from '../../../src/catalog/catalog.js';
import { SERDE } from '../../../src/catalog/storage-format.js';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { putSealed } from '../../../src/crypto/index.js';
import { runSplit, type ScanContext } from '../../../src/plan/table-source.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { ObjectTableSource } from '../../../src/scan/object-table-source.js';
import { registerScanEnvironment, type ScanEnvironment } from '../../../src/scan/scan-environment.js';
import { tableReadPolicy } from '../../../src/scan/table-read-policy.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import { batchToRows } from '../../../src/types/batch.js';
import { T } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { legacyKms } from '../../fixtures/crypto/cse-fixtures.js';

let dir: string;
let store: LocalStore;
let kms: LocalKms;
let catalog: SqliteCatalog;
const enc = (s: string) => new TextEncoder().encode(s);

function table(name: string, params: Record<string, string>): TableInput {
  return {
    database: 'default',
    name,
    tableType: 'EXTERNAL_TABLE',
    columns: [{ name: 'id', hiveType: 'int', type: T.integer }, { name: 'word', hiveType: 'string', type: T.varchar }],
    storage: { location: `s3://lake/${name}/`, serdeLib: SERDE.lazySimple, serdeProperties: { 'field.delim': ',' } },
    parameters: params,
  };
}

async function scan(env: ScanEnvironment, name: string): Promise<Value[][]> {
  const src = new ObjectTableSource(catalog.getTable('default', name)!, catalog, env);
  const ctx: ScanContext = { eval: { sessionTimeZone: 'UTC', now: new Date(), random: Math.random } as ScanContext['eval'], stats: { bytesScanned: 0, splitsRun: 0, rowsRead: 0 } };
  const req = { columns: [0, 1], filters: [] };
  const rows: Value[][] = [];
  for (const split of await src.planSplits(req, ctx)) for await (const b of runSplit(split, req, ctx)) rows.push(...batchToRows(b));
  return rows.sort((a, b) => (a[0] as number) - (b[0] as number));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-policy-'));
  kms = new LocalKms({ warehouse: dir, principal: 'p' });
  store = new LocalStore({ root: dir, region: 'us-east-1', kms, principal: 'p' });
  catalog = new SqliteCatalog(':memory:');
  await store.createBucket('lake');
  const key = (await kms.createKey()).arn;
  // encrypted: CSE only, then a plaintext object slipped in. mixed: plain + CSE, no flag.
  await putSealed(store, kms, 'lake', 'encrypted/a.csv', enc('1,one\n'), key);
  await store.put('lake', 'encrypted/b.csv', enc('2,two\n'), { sse: { mode: 'SSE_S3' } });
  await store.put('lake', 'mixed/a.csv', enc('1,one\n'));
  await putSealed(store, kms, 'lake', 'mixed/b.csv', enc('2,two\n'), key, { envelopeLocation: 'instruction-file' });
  const cbc = await legacyKms(kms, key, enc('3,three\n'), 'CBC');
  await store.put('lake', 'cbc/a.csv', cbc.body, { metadata: cbc.metadata });
  await store.put('lake', 'cbc_optin/a.csv', cbc.body, { metadata: cbc.metadata });
  catalog.createTable(table('encrypted', { has_encrypted_data: 'TRUE' }));
  catalog.createTable(table('mixed', {}));
  catalog.createTable(table('cbc', {}));
  catalog.createTable(table('cbc_optin', { 'aegis.allow_legacy_cse': 'true' }));
});

afterAll(() => {
  catalog?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scan read policy', () => {
  it('has_encrypted_data refuses an SSE-only object before any row, naming it', async () => {
    const env = registerScanEnvironment({ store, kms, region: 'us-east-1', principal: 'p' });
    await expect(scan(env, 'encrypted')).rejects.toMatchObject({ code: 'ENCRYPTION_REQUIRED', details: { uri: 's3://lake/encrypted/b.csv', mode: 'SSE_S3', required: 'CSE_KMS' } });
  });

  it('without the flag a mixed table reads; with requireEncryption its plaintext object is refused', async () => {
    const open = registerScanEnvironment({ store, kms, region: 'us-east-1', principal: 'p' });
    expect(await scan(open, 'mixed')).toEqual([[1, 'one'], [2, 'two']]);
    const strict = registerScanEnvironment({ store, kms, region: 'us-east-1', principal: 'p', requireEncryption: true });
    await expect(scan(strict, 'mixed')).rejects.toMatchObject({ code: 'ENCRYPTION_REQUIRED', details: { uri: 's3://lake/mixed/a.csv', mode: 'NONE', required: 'ANY' } });
  });

  it('legacy CBC: refused by default, read with the table property or the environment option', async () => {
    const env = registerScanEnvironment({ store, kms, region: 'us-east-1', principal: 'p' });
    await expect(scan(env, 'cbc')).rejects.toMatchObject({ code: 'UNSUPPORTED_ENCRYPTION', details: { uri: 's3://lake/cbc/a.csv', optIn: 'aegis.allow_legacy_cse' } });
    expect(await scan(env, 'cbc_optin')).toEqual([[3, 'three']]);
    const legacy = registerScanEnvironment({ store, kms, region: 'us-east-1', principal: 'p', allowLegacyCse: true });
    expect(await scan(legacy, 'cbc')).toEqual([[3, 'three']]);
  });

  it('tableReadPolicy spells out why', () => {
    expect(tableReadPolicy({ database: 'd', name: 't', parameters: { has_encrypted_data: 'true' } })).toEqual({ requireClientSide: "table d.t has has_encrypted_data='true'" });
    expect(tableReadPolicy({ database: 'd', name: 't', parameters: { encryption_option: 'cse_kms' } }, { requireEncryption: true })).toEqual({
      requireClientSide: "table d.t has encryption_option='CSE_KMS'", requireEncryption: 'the engine requires encryption',
    });
    expect(tableReadPolicy({ database: 'd', name: 't', parameters: { has_encrypted_data: 'false', 'aegis.allow_legacy_cse': 'TRUE' } })).toEqual({ allowLegacyCse: true });
  });
});
