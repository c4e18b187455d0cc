/**
 * A gzip bomb through the built CLI under a small heap: `SELECT count(*)` over a ~0.8 MB .csv.gz
 * that expands to 512 MiB answers the right count with `--max-old-space-size=200`, and the
 * process's peak RSS (VmHWM, read from /proc while it runs) stays far below the expanded size —
 * the object streams through; it is never decompressed whole. A bomb of one endless line fails
 * with BAD_DATA (exit code 1), never a V8 abort (134) or a crash (2).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';

const LINE = '1,abc\n';
const ROWS = Math.floor((512 * 1024 * 1024) / LINE.length);
const EXPANDED = ROWS * LINE.length; // 512 MiB of whole lines
const HEAP_MB = 200;
/** Peak RSS allowed: well under the expanded size (a worker thread's baseline included). */
const RSS_BOUND = (EXPANDED / 8) * 5;

let dir: string;
let wh: string;
const w = (): string[] => ['--warehouse', wh];

/** Writes `total` bytes of `unit` repeated, gzipped, streaming (the test never holds the expansion). */
async function writeGzip(path: string, unit: string, total: number, level = 9): Promise<void> {
  const u = Buffer.from(unit);
  const block = Buffer.alloc(Math.floor((1 << 20) / u.length) * u.length);
  for (let i = 0; i < block.length; i += u.length) u.copy(block, i);
  const gz = createGzip({ level });
  const out = createWriteStream(path);
  gz.pipe(out);
  for (let written = 0; written < total; written += block.length) {
    const piece = block.subarray(0, Math.min(block.length, total - written));
    if (!gz.write(piece)) await once(gz, 'drain');
  }
  gz.end();
  await once(out, 'finish');
}

/** Runs the built CLI with a capped heap, sampling its peak RSS (kB) from /proc while it runs. */
async function runCapped(args: string[]): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; peakKb: number }> {
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, join(process.cwd(), 'bin/aegis.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let peakKb = 0;
  const status = `/proc/${child.pid}/status`;
  const timer = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // the process has just exited
    }
  }, 25);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearInterval(timer);
  return { code, signal, stdout, stderr, peakKb };
}

beforeAll(async () => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'aegis-bomb-'));
  wh = join(dir, 'wh');
  expect(aegis(['bucket', 'create', 's3://bombs', ...w()]).code).toBe(0);
  const bomb = join(dir, 'bomb.csv.gz');
  await writeGzip(bomb, LINE, EXPANDED);
  // Level 1 makes it ~2.3 MB: over the 1 MiB under which a scan stays in the coordinator thread,
  // so this one is decoded on a scan worker.
  const pooled = join(dir, 'pooled.csv.gz');
  await writeGzip(pooled, LINE, EXPANDED, 1);
  const endless = join(dir, 'endless.csv.gz');
  await writeGzip(endless, 'a', 64 * 1024 * 1024);
  for (const [key, file] of [['bomb/part-0.csv.gz', bomb], ['pooled/part-0.csv.gz', pooled], ['endless/part-0.csv.gz', endless]]) {
    const put = aegis(['object', 'put', `s3://bombs/${key}`, file, ...w()]);
    expect(put.code, put.stderr).toBe(0);
  }
  for (const t of ['bomb', 'pooled', 'endless']) {
    const ddl = aegis(['query', `CREATE EXTERNAL TABLE ${t} (a int, b string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://bombs/${t}/'`, ...w()]);
    expect(ddl.code, ddl.stderr).toBe(0);
  }
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a gzip bomb under a small heap', () => {
  it.runIf(existsSync('/proc/self/status'))('counts 512 MiB of expanded CSV with bounded memory', async () => {
    const r = await runCapped(['query', 'SELECT count(*) FROM bomb', '--format', 'csv', ...w()]);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`"_col0"\n"${ROWS}"\n`);
    // Decompressing whole would need the expanded size on top of the process's own ~150 MiB;
    // streaming needs that baseline plus a window and a batch.
    console.log(`gzip bomb: ${EXPANDED} bytes expanded, peak RSS ${Math.round(r.peakKb / 1024)} MiB`);
    expect(r.peakKb * 1024).toBeGreaterThan(0);
    expect(r.peakKb * 1024).toBeLessThan(RSS_BOUND);
  }, 120_000);

  it.runIf(existsSync('/proc/self/status'))('counts it on a scan worker thread with bounded memory too', async () => {
    const r = await runCapped(['query', 'SELECT count(*) FROM pooled', '--format', 'csv', '--workers', '1', ...w()]);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`"_col0"\n"${ROWS}"\n`);
    console.log(`gzip bomb on a worker: peak RSS ${Math.round(r.peakKb / 1024)} MiB`);
    expect(r.peakKb * 1024).toBeLessThan(RSS_BOUND);
  }, 120_000);

  it('an endless line fails with BAD_DATA naming the object, not an abort', async () => {
    const r = await runCapped(['query', 'SELECT count(*) FROM endless', ...w()]);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('BAD_DATA');
    expect(r.stderr).toContain('s3://bombs/endless/part-0.csv.gz');
    expect(r.stderr).toContain('longer than 33554432 bytes');
  }, 120_000);
});
