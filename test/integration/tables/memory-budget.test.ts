/**
 * Bounded memory, as a user meets it: the built `aegis query` under a small V8 heap
 * (`--max-old-space-size=128`) either spills and answers exactly as it does with a large heap, or
 * stops with `ERROR EXCEEDED_MEMORY_LIMIT` naming the operator — never a V8 heap abort (exit 134).
 * Spill files, caught while the query runs, hold none of the rows' values, and are gone after.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../unit/cli/run-cli.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'aegis-memory-'));
const warehouse = join(dir, 'wh');
beforeAll(() => buildCli(), 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stats: Record<string, number> | undefined;
  /** Contents of every spill file seen while the query ran. */
  spilled: Buffer[];
}

/** Runs `aegis query --stats` with a `heapMb` V8 heap, watching `spillDir` for spill files. */
function query(sql: string, heapMb: number, spillDir: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${root}/bin/aegis.js`, 'query', '--stats', '--warehouse', warehouse, '--workers', '1', '--spill-dir', spillDir, sql], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, NODE_OPTIONS: `--max-old-space-size=${heapMb}`, ...env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const seen = new Map<string, Buffer>();
    const watch = setInterval(() => {
      for (const p of spillFiles(spillDir)) {
        try {
          const b = readFileSync(p);
          if (b.length > (seen.get(p)?.length ?? -1)) seen.set(p, b);
        } catch {
          // removed between the listing and the read
        }
      }
    }, 20);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(watch);
      const stderr = Buffer.concat(err).toString('utf8');
      const statsLine = stderr.split('\n').find((l) => l.startsWith('{'));
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr, stats: statsLine ? (JSON.parse(statsLine) as Record<string, number>) : undefined, spilled: [...seen.values()] });
    });
  });
}

function spillFiles(spillDir: string): string[] {
  if (!existsSync(spillDir)) return [];
  const out: string[] = [];
  for (const d of readdirSync(spillDir)) {
    const p = join(spillDir, d);
    if (!statSync(p).isDirectory()) continue;
    for (const f of readdirSync(p)) out.push(join(p, f));
  }
  return out;
}

/** The result table's lines (what the user reads), without the stats and `query … →` lines. */
const table = (r: Run): string => r.stdout;

const ROWS = (n: number, m: number) => `UNNEST(sequence(1, ${n})) a(i) CROSS JOIN UNNEST(sequence(1, ${m})) b(j)`;

describe('a query past its memory budget (built binary, 128 MB heap)', { timeout: 600_000 }, () => {
  it('a many-group GROUP BY spills to encrypted partitions and answers as with a large heap', async () => {
    const sql = `SELECT count(*) AS groups, sum(c) AS total, max(k) AS top, min(s) AS lo FROM (SELECT 'key_' || CAST((i * 1000 + j) % 1200000 AS varchar) AS s, (i * 1000 + j) % 1200000 AS k, count(*) AS c FROM ${ROWS(3000, 1000)} GROUP BY 1, 2)`;
    const spill = join(dir, 'spill-group');
    const small = await query(sql, 128, spill);
    expect(small.signal).toBeNull();
    expect(small.code, small.stderr).toBe(0);
    expect(small.stats!.spillFiles).toBeGreaterThan(0);
    const large = await query(sql, 2048, join(dir, 'spill-large'));
    expect(large.code, large.stderr).toBe(0);
    expect(large.stats!.spillFiles ?? 0).toBe(0);
    expect(table(small)).toBe(table(large));
    expect(table(small)).toContain('1200000');
    expect(small.spilled.length).toBeGreaterThan(0);
    for (const b of small.spilled) expect(b.includes(Buffer.from('key_1'))).toBe(false);
    expect(spillFiles(spill)).toEqual([]);
  });

  it('a large DISTINCT spills and answers as with a large heap', async () => {
    const sql = `SELECT count(*) AS n, max(s) AS hi FROM (SELECT DISTINCT 'row_' || CAST((i * 1000 + j) % 1000000 AS varchar) AS s FROM ${ROWS(2500, 1000)})`;
    const small = await query(sql, 128, join(dir, 'spill-distinct'), { AEGIS_MAX_QUERY_MEMORY: '32MB' });
    expect(small.code, small.stderr).toBe(0);
    expect(small.stats!.spillFiles).toBeGreaterThan(0);
    expect(small.stats!.peakMemoryBytes).toBeLessThan(48 * 1024 * 1024);
    const large = await query(sql, 2048, join(dir, 'spill-large'));
    expect(table(small)).toBe(table(large));
    for (const b of small.spilled) expect(b.includes(Buffer.from('row_'))).toBe(false);
  });

  it('a join whose build side does not fit partitions both sides and answers as with a large heap', async () => {
    const sql = `SELECT count(*) AS n, count(b.s) AS matched, max(b.s) AS hi FROM (SELECT i * 1000 + j AS k FROM ${ROWS(1500, 1000)}) a LEFT JOIN (SELECT i * 1000 + j + 500000 AS k, 'val_' || CAST(i AS varchar) AS s FROM ${ROWS(1500, 1000)}) b ON a.k = b.k`;
    const small = await query(sql, 128, join(dir, 'spill-join'));
    expect(small.code, small.stderr).toBe(0);
    expect(small.stats!.spillFiles).toBeGreaterThan(0);
    const large = await query(sql, 2048, join(dir, 'spill-large'));
    expect(table(small)).toBe(table(large));
    for (const b of small.spilled) expect(b.includes(Buffer.from('val_1'))).toBe(false);
  });

  it('a SELECT * cross join too large to hold stops with EXCEEDED_MEMORY_LIMIT, prints no rows', async () => {
    const r = await query(`SELECT a.x, b.y, 'name_' || CAST(a.x AS varchar) AS s FROM UNNEST(sequence(1, 5000)) a(x) CROSS JOIN UNNEST(sequence(1, 4500)) b(y)`, 128, join(dir, 'spill-cross'));
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR EXCEEDED_MEMORY_LIMIT: .*result buffer.*UNLOAD/m);
    expect(r.stdout).toBe('');
  });

  it('a window over more than the budget stops with EXCEEDED_MEMORY_LIMIT naming it', async () => {
    const r = await query(`SELECT max(r) FROM (SELECT row_number() OVER (PARTITION BY i % 10 ORDER BY j) AS r FROM ${ROWS(3000, 1000)})`, 128, join(dir, 'spill-window'));
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR EXCEEDED_MEMORY_LIMIT: .* in Window /m);
  });

  it('a DISTINCT set beside another aggregate (it cannot spill) stops with EXCEEDED_MEMORY_LIMIT, no abort', async () => {
    const r = await query(`SELECT count(DISTINCT 'k' || CAST(i * 1000 + j AS varchar)) AS d, count(*) AS n FROM ${ROWS(3000, 1000)}`, 128, join(dir, 'spill-mixed'));
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR EXCEEDED_MEMORY_LIMIT: .* in Aggregation /m);
  });

  it('array_agg groups larger than the budget stop with EXCEEDED_MEMORY_LIMIT, no abort', async () => {
    const r = await query(`SELECT k, cardinality(array_agg(s)) AS n FROM (SELECT i % 100 AS k, 'val_' || CAST(i * 1000 + j AS varchar) AS s FROM ${ROWS(3000, 1000)}) GROUP BY k`, 128, join(dir, 'spill-collect'));
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR EXCEEDED_MEMORY_LIMIT: .* in Aggregation /m);
  });

  it('refuses a budget that is not a data size', async () => {
    const r = await query('SELECT 1', 128, join(dir, 'spill-bad'), { AEGIS_MAX_QUERY_MEMORY: 'lots' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ERROR INVALID_ARGUMENT: AEGIS_MAX_QUERY_MEMORY must be a data size/);
  });
});
