import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { SERDE } from '../../../src/catalog/storage-format.js';
import { putSealed } from '../../../src/crypto/index.js';
import { runSplit, type ScanContext } from '../../../src/plan/table-source.js';
import { writeCsv } from '../../../src/formats/text/text-writer.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { ObjectTableSource } from '../../../src/scan/object-table-source.js';
import type { ObjectSplit } from '../../../src/scan/object-split.js';
import { registerScanEnvironment } from '../../../src/scan/scan-environment.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import { batchFromRows, batchToRows } from '../../../src/types/batch.js';
import { T } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

let dir: string;
let store: LocalStore;
let kms: LocalKms;
let catalog: SqliteCatalog;
const cols = [{ name: 'id', type: T.integer }, { name: 'word', type: T.varchar }];
// Rows of uneven length so range boundaries fall inside records.
const rows: Value[][] = Array.from({ length: 3000 }, (_, i) => [i, 'w'.repeat((i * 7919) % 23) + `-${i}`]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-ranges-'));
  kms = new LocalKms({ warehouse: dir, principal: 'p', region: 'us-east-1', account: '000000000000' });
  store = new LocalStore({ root: dir, region: 'us-east-1', kms, principal: 'p' });
  catalog = new SqliteCatalog(':memory:');
  await store.createBucket('bkt');
  const body = writeCsv(cols, [batchFromRows([T.integer, T.varchar], rows)], { properties: { 'field.delim': ',' } });
  await store.put('bkt', 'sse/data.csv', body, { sse: { mode: 'SSE_KMS' } });
  const key = (await kms.createKey()).arn;
  await putSealed(store, kms, 'bkt', 'cse/data.csv', body, key);
  for (const [name, prefix] of [['sse', 'sse/'], ['cse', 'cse/']] as const) {
    catalog.createTable({
      database: 'default',
      name,
      tableType: 'EXTERNAL_TABLE',
      columns: [{ name: 'id', hiveType: 'int', type: T.integer }, { name: 'word', hiveType: 'string', type: T.varchar }],
      storage: { location: `s3://bkt/${prefix}`, serdeLib: SERDE.lazySimple, serdeProperties: { 'field.delim': ',' } },
      parameters: name === 'cse' ? { has_encrypted_data: 'true' } : {},
    });
  }
});

afterAll(() => {
  catalog?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function scan(name: string): Promise<{ splits: ObjectSplit[]; rows: Value[][]; bytes: number }> {
  const env = registerScanEnvironment({ store, kms, region: 'us-east-1', principal: 'p', textSplitBytes: 4096 });
  const src = new ObjectTableSource(catalog.getTable('default', name)!, catalog, env);
  const ctx: ScanContext = { eval: { sessionTimeZone: 'UTC', now: new Date(), random: Math.random } as ScanContext['eval'], stats: { bytesScanned: 0, splitsRun: 0, rowsRead: 0 } };
  const req = { columns: [0, 1], filters: [] };
  const splits = (await src.planSplits(req, ctx)) as unknown as ObjectSplit[];
  const out: Value[][] = [];
  for (const s of splits) for await (const b of runSplit(s, req, ctx)) out.push(...batchToRows(b));
  return { splits, rows: out, bytes: ctx.stats.bytesScanned };
}

describe('byte-range splits of text objects', () => {
  it('splits a large SSE object into ranges that yield every record exactly once', async () => {
    const r = await scan('sse');
    expect(r.splits.length).toBeGreaterThan(5);
    expect(r.splits.every((s) => s.range !== undefined)).toBe(true);
    expect(r.rows).toEqual(rows);
  });

  it('reads a client-side encrypted object whole, in one split', async () => {
    const r = await scan('cse');
    expect(r.splits.length).toBe(1);
    expect(r.splits[0]!.range).toBeUndefined();
    expect(r.rows).toEqual(rows);
  });
});
