/**
 * Swapped CSE objects over the embedded warehouse, through the `aegis` binary: two partitions of
 * a `has_encrypted_data` table written by `aegis object put --cse-kms` (one envelope in the
 * metadata, one in an instruction file), then swapped whole — bodies, metadata and instruction
 * files — by someone who can write the bucket and has no KMS rights. Each object still decrypts
 * under its own envelope, but its KMS context binds it to the other partition's key, so the query
 * fails with DECRYPTION_FAILED naming the object and prints no rows; swapped back, it reads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../../src/api/open-engine.js';
import { resolveConfig } from '../../../src/config.js';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';

let dir: string;
let wh: string;
const w = () => ['--warehouse', wh, '--region', 'us-east-1'];
const DAY1 = 'sales/dt=2024-01-01/part-0.csv';
const DAY2 = 'sales/dt=2024-01-02/part-0.csv';

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'aegis-swap-'));
  wh = join(dir, 'wh');
  const ok = (args: string[]) => {
    const r = aegis([...args, ...w()]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  ok(['bucket', 'create', 's3://swap']);
  ok(['kms', 'create-key', '--alias', 'alias/swap']);
  writeFileSync(join(dir, 'day1.csv'), '1,jan01_a\n2,jan01_b\n3,jan01_c\n');
  writeFileSync(join(dir, 'day2.csv'), '4,jan02_a\n5,jan02_b\n6,jan02_c\n');
  ok(['object', 'put', `s3://swap/${DAY1}`, join(dir, 'day1.csv'), '--cse-kms', '--kms-key', 'alias/swap']);
  ok(['object', 'put', `s3://swap/${DAY2}`, join(dir, 'day2.csv'), '--cse-kms', '--kms-key', 'alias/swap', '--instruction-file']);
  ok(['query', "CREATE EXTERNAL TABLE sales (id int, name string) PARTITIONED BY (dt string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://swap/sales/' TBLPROPERTIES ('has_encrypted_data'='true')"]);
  ok(['query', 'MSCK REPAIR TABLE sales']);
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Swaps the two objects with their metadata and instruction files. */
async function swap(): Promise<void> {
  const rt = openEngine(resolveConfig({ warehouse: wh, workers: '1' }, { env: {}, cwd: dir }), { inProcess: true });
  try {
    const s = rt.store;
    const grab = async (key: string) => ({
      obj: await s.get('swap', key),
      instr: await s.get('swap', `${key}.instruction`).catch(() => undefined),
    });
    const [a, b] = [await grab(DAY1), await grab(DAY2)];
    for (const [key, from] of [[DAY1, b], [DAY2, a]] as const) {
      if (from.instr) await s.put('swap', `${key}.instruction`, from.instr.body, { metadata: from.instr.head.metadata });
      else await s.delete('swap', `${key}.instruction`).catch(() => undefined);
      await s.put('swap', key, from.obj.body, { metadata: from.obj.head.metadata });
    }
  } finally {
    await rt.close();
  }
}

describe('two CSE objects of a table swapped', () => {
  it('DECRYPTION_FAILED naming the object, no rows; swapped back, the table reads', async () => {
    const all = ['query', 'SELECT dt, id, name FROM sales ORDER BY id', '--format', 'csv'];
    const before = aegis([...all, ...w()]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout.trim().split('\n')).toHaveLength(7);

    await swap();
    for (const sql of ["SELECT id, name FROM sales WHERE dt = '2024-01-02'", 'SELECT count(*) FROM sales', 'SELECT dt, id, name FROM sales ORDER BY id']) {
      const r = aegis(['query', sql, '--format', 'csv', ...w()]);
      expect(r.code, sql).toBe(1);
      expect(r.stdout, sql).toBe('');
      expect(r.stderr, sql).toMatch(/^ERROR DECRYPTION_FAILED: s3:\/\/swap\/sales\/dt=2024-01-0[12]\/part-0\.csv: client-side decryption refused: its encryption context binds it to s3:\/\/swap\/sales\/dt=2024-01-0[12]\/part-0\.csv/m);
      expect(r.stderr, sql).toContain('moved, copied or swapped');
    }
    // Only the second partition selected: its object is named, bound to the first's key.
    const one = aegis(['query', "SELECT id FROM sales WHERE dt = '2024-01-02'", ...w()]);
    expect(one.stderr).toContain(`s3://swap/${DAY2}: client-side decryption refused: its encryption context binds it to s3://swap/${DAY1}`);
    const get = aegis(['object', 'get', `s3://swap/${DAY1}`, ...w()]);
    expect(get.code).toBe(1);
    expect(get.stdout).toBe('');
    expect(get.stderr).toContain(`ERROR DECRYPTION_FAILED: s3://swap/${DAY1}`);

    await swap();
    const after = aegis([...all, ...w()]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toBe(before.stdout);
  }, 180_000);
});
