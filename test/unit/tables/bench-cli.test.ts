/**
 * `aegis bench` (the built CLI) at a tiny scale: it prints the timing table with every benchmark
 * query, each answered with DuckDB's row count. Timings are printed, never asserted.
 */
import { describe, expect, it } from 'vitest';
import { BENCH_QUERIES } from '../../../benchmarks/run.js';
import { aegis, buildCli } from '../cli/run-cli.js';

describe('aegis bench', () => {
  it('prints the aegis vs DuckDB table for every query', () => {
    buildCli();
    const r = aegis(['bench', '--sf', '0.001', '--runs', '1', '--warmup', '0'], { env: { AEGIS_WORKERS: '2' } });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^TPC-H SF 0\.001 \([\d,]+ lineitem rows\): aegis over Parquet objects under CSE-KMS \/ SSE-S3 \(2 workers\) vs DuckDB .*median of 1 run$/);
    expect(lines[1]).toMatch(/^query\s+rows\s+aegis ms\s+DuckDB ms\s+aegis\/DuckDB\s+objects\s+KMS calls\s+bytes scanned$/);
    for (const [i, q] of BENCH_QUERIES.entries()) {
      // Row count without a "(DuckDB n!)" mismatch note, two timings, a ratio, at least one
      // object read and one KMS call (every table has a CSE-KMS object).
      expect(lines[2 + i], `Q${q}`).toMatch(new RegExp(`^Q${q}\\s+\\d+\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\dx\\s+[1-9]\\d*\\s+[1-9]\\d*\\s+[\\d,]+$`));
    }
    expect(lines[2 + BENCH_QUERIES.length]).toMatch(/^generate \d+ ms, encrypt \+ store \d+ ms$/);
  }, 300_000);

  it('rejects a scale factor out of range with a one-line error', () => {
    buildCli();
    const r = aegis(['bench', '--sf', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("ERROR INVALID_ARGUMENT: --sf must be a number in [0.0001, 10] (got '0')\n");
  });
});
