/**
 * The README's main job: `aegis demo` on a fresh warehouse builds the sample data and tours it,
 * then the warehouse serves ordinary `aegis query` / `aegis preflight` calls.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../unit/cli/run-cli.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let warehouse: string;

function aegis(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/aegis.js'), ...args, '--warehouse', warehouse, '--workers', '2'], {
    cwd: warehouse,
    env: { PATH: process.env.PATH ?? '', HOME: warehouse },
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

beforeAll(() => {
  buildCli();
  warehouse = mkdtempSync(join(tmpdir(), 'aegis-demo-'));
});

afterAll(() => rmSync(warehouse, { recursive: true, force: true }));

describe('aegis demo', () => {
  it('builds the sample warehouse, tours every readable mode and shows the three refusals', () => {
    const r = aegis('demo');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Building the sample warehouse/);
    // Q1 over the CSE-KMS lineitem table: four flag/status groups.
    expect(r.stdout).toMatch(/ A +\| F +\|/);
    expect(r.stdout).toMatch(/ R +\| F +\|/);
    // The same sales data read as CSV, JSON and Parquet agree row for row.
    const totals = [...r.stdout.matchAll(/^ (csv|json|parquet) +\| +(\d+) +\| +([\d.]+)$/gm)].map((m) => `${m[2]} ${m[3]}`);
    expect(totals).toHaveLength(3);
    expect(new Set(totals).size).toBe(1);
    expect(r.stdout).toMatch(/ERROR UNSUPPORTED_ENCRYPTION: s3:\/\/aegis-demo\/refused\/sse_c\/customer-key\.parquet is encrypted with SSE-C/);
    expect(r.stdout).toMatch(/ERROR UNSUPPORTED_ENCRYPTION: s3:\/\/aegis-demo\/refused\/cse_c\/client-key\.parquet is client-side encrypted with a client master key/);
    expect(r.stdout).toMatch(/ERROR CROSS_REGION: .*eu-west-1.*us-east-1/);
    expect(r.stdout).toMatch(/customer-key\.parquet +SSE_C +refused \(UNSUPPORTED_ENCRYPTION\)/);
    // The results step: a CSE-KMS source, an SSE_KMS result under another key.
    const src = /source  s3:\/\/\S+\n +CSE_KMS \(kms\+context, AES\/GCM\/NoPadding\), data key wrapped by (arn:aws:kms:\S+)\n/.exec(r.stdout);
    const res = /result  (s3:\/\/aegis-results-us-east-1\/[0-9a-f-]{36}\.csv)\n +x-amz-server-side-encryption: aws:kms, key (arn:aws:kms:\S+)\n/.exec(r.stdout);
    expect(src, 'source HEAD shown').not.toBeNull();
    expect(res, 'result HEAD shown').not.toBeNull();
    expect(res![2]).not.toBe(src![1]);
    const id = /query ([0-9a-f-]{36}): 'aegis result/.exec(r.stdout)![1]!;
    const back = aegis('result', id, '--format', 'csv');
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/^"l_returnflag","l_linestatus","count_order"\n"A","F","\d+"\n/);
  });

  it('reuses the warehouse on a second run and answers queries on it', () => {
    const again = aegis('demo');
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/Building the sample warehouse/);

    const q = aegis('query', "SELECT count(*) AS n, count(DISTINCT dt) AS days FROM sales.sales_json WHERE dt >= '2024-01-05'", '--format', 'csv');
    expect(q.stderr).toMatch(/^query [0-9a-f-]{36} → s3:\/\/aegis-results-us-east-1\/[0-9a-f-]{36}\.csv \(SSE_S3\)\n$/);
    expect(q.stdout).toBe('"n","days"\n"1200","6"\n');

    const refused = aegis('query', 'SELECT * FROM refused.cse_c_sales');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^ERROR UNSUPPORTED_ENCRYPTION: s3:\/\/aegis-demo\/refused\/cse_c\/client-key\.parquet /);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    const pf = aegis('preflight', 'tpch.lineitem', '--json');
    expect(pf.code).toBe(0);
    const entries = JSON.parse(pf.stdout) as { uri: string; mode: string; verdict: string }[];
    expect(entries.map((e) => [e.mode, e.verdict])).toEqual([['CSE_KMS', 'readable']]);
  });

  it('--rebuild rebuilds over the existing warehouse, and a warehouse check finds it consistent', () => {
    const r = aegis('demo', '--rebuild');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Building the sample warehouse/);
    expect(r.stdout).toMatch(/ERROR CROSS_REGION: /);
    const check = aegis('warehouse', 'check');
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/consistent\n$/);
  });

  it('a demo killed while it builds is finished by the next run', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'aegis-demo-kill-'));
    try {
      const child = spawn(process.execPath, [join(root, 'bin/aegis.js'), 'demo', '--warehouse', fresh, '--workers', '1'], { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH ?? '', HOME: fresh } });
      const exited = new Promise((res) => child.once('exit', res));
      // Kill it once it has begun writing the warehouse: as soon as its first objects are on
      // disk, long before the last table (a fixed delay raced the build on a fast machine).
      await new Promise<void>((res) => child.stdout.on('data', (d: Buffer) => d.toString().includes('Building') && res()));
      const buckets = join(fresh, 'buckets');
      const written = (): number => (existsSync(buckets) ? readdirSync(buckets, { recursive: true }).length : 0);
      for (let i = 0; i < 4000 && written() < 8; i++) await new Promise((res) => setTimeout(res, 5));
      child.kill('SIGKILL');
      await exited;
      const prior = warehouse;
      warehouse = fresh;
      try {
        const again = aegis('demo');
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toMatch(/Building the sample warehouse/);
        expect(again.stdout).toMatch(/ A +\| F +\|/);
        expect(aegis('demo').stdout).not.toMatch(/Building the sample warehouse/);
        expect(aegis('warehouse', 'check').code).toBe(0);
      } finally {
        warehouse = prior;
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 600_000);
});
