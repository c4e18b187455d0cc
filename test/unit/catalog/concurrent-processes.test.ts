import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';

const run = promisify(execFile);
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('two processes write one warehouse catalog at once without losing or duplicating anything', async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-catalog-mp-'));
  const script = join(__dirname, 'fixtures/catalog-writer.ts');
  const count = 150;
  const startAt = String(Date.now() + 4000);
  const [a, b] = await Promise.all(
    ['a', 'b'].map((p) => run(process.execPath, ['--import', 'tsx', script, dir!, p, String(count), startAt], { cwd: join(__dirname, '../../..') })),
  );
  const ra = JSON.parse(a!.stdout) as { created: number; lost: number };
  const rb = JSON.parse(b!.stdout) as { created: number; lost: number };
  // Each shared name was created by exactly one of the two processes.
  expect(ra.created + rb.created).toBe(count);
  expect(ra.lost + rb.lost).toBe(count);
  const cat = SqliteCatalog.forWarehouse(dir);
  try {
    const names = cat.listTables('default').map((t) => t.name);
    expect(names).toHaveLength(3 * count);
    expect(names.filter((n) => n.startsWith('a_'))).toHaveLength(count);
    expect(names.filter((n) => n.startsWith('b_'))).toHaveLength(count);
    expect(cat.countPartitions('default', 'a_7')).toBe(2);
    expect(cat.listPartitions('default', 'b_149').map((p) => p.name)).toEqual(['k=a', 'k=b']);
  } finally {
    cat.close();
  }
}, 120_000);
