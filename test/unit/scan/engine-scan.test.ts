import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type AegisRuntime } from '../../../src/api/open-engine.js';
import { resolveConfig } from '../../../src/config.js';
import { writeCsv } from '../../../src/formats/text/text-writer.js';
import { batchFromRows } from '../../../src/types/batch.js';
import { T } from '../../../src/types/sql-type.js';

let dir: string;
let rt: AegisRuntime;
const cols = [{ name: 'id', type: T.integer }, { name: 'name', type: T.varchar }];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-engine-scan-'));
  rt = openEngine(resolveConfig({ warehouse: dir, workers: '1' }, { cwd: dir, env: {} }), { inProcess: true });
  await rt.store.createBucket('data');
  const csv = (rows: [number, string][]) => writeCsv(cols, [batchFromRows([T.integer, T.varchar], rows)], { properties: { 'field.delim': ',' } });
  await rt.store.put('data', 't/k=1/a.csv', csv([[1, 'one'], [2, 'two']]), { sse: { mode: 'SSE_S3' } });
  await rt.store.put('data', 't/k=2/b.csv', csv([[3, 'three']]), { sse: { mode: 'SSE_KMS' } });
  await rt.engine.execute("CREATE EXTERNAL TABLE t (id int, name string) PARTITIONED BY (k int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://data/t/'");
  await rt.engine.execute('MSCK REPAIR TABLE t');
});

afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SQL over object tables', () => {
  it('SELECT * shows data and partition columns, not pseudo-columns', async () => {
    const r = await rt.engine.execute('SELECT * FROM t ORDER BY id');
    expect(r.columns.map((c) => c.name)).toEqual(['id', 'name', 'k']);
    expect(r.rows).toEqual([[1, 'one', 1], [2, 'two', 1], [3, 'three', 2]]);
  });

  it('"$path" and "$file_size" resolve by name, also through an alias', async () => {
    const r = await rt.engine.execute('SELECT x."$path", "$file_size" > 0, id FROM t x WHERE k = 2');
    expect(r.rows).toEqual([['s3://data/t/k=2/b.csv', true, 3]]);
  });

  it('prunes partitions from the WHERE clause', async () => {
    const r = await rt.engine.execute('SELECT name FROM t WHERE k = 1 ORDER BY name');
    expect(r.rows).toEqual([['one'], ['two']]);
  });
});
