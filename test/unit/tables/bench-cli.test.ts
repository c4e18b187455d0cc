/**
 * `aegis bench` (the built CLI) at a tiny scale: it prints the timing table with every benchmark
 * query, each answered with DuckDB's row count. Timings are printed, never asserted.
 */
import { describe, expect, it } from 'vitest';
import { JOIN_QUERIES } from '../../../benchmarks/run.js';
import { aegis, buildCli } from '../cli/run-cli.js';

describe('aegis bench', () => {
  it('prints the aegis vs DuckDB table for every case', () => {
    buildCli();
    const r = aegis(['bench', '--sf', '0.001', '--runs', '1', '--warmup', '0'], { env: { AEGIS_WORKERS: '2' } });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^TPC-H SF 0\.001 \([\d,]+ lineitem rows\): aegis over encrypted objects \(2 workers, and 1\) vs DuckDB .*median of 1 run$/);
    expect(lines[1]).toMatch(/^query\s+source\s+rows\s+aegis ms\s+DuckDB ms\s+aegis\/DuckDB\s+1 worker ms\s+2w speedup\s+peak RSS MB\s+bytes scanned$/);
    const expected: [string, string][] = [];
    for (const q of ['Q1', 'Q6', 'count\\(\\*\\)']) {
      for (const f of ['Parquet', 'CSV']) for (const m of ['SSE-S3', 'SSE-KMS', 'CSE-KMS']) expected.push([q, `${f} ${m}`]);
    }
    for (const q of JOIN_QUERIES) expected.push([`Q${q}`, 'TPC-H tables']);
    for (const [i, [q, source]] of expected.entries()) {
      // Row count without a "(DuckDB n!)" mismatch note, timings, ratio, speedup, RSS, bytes.
      expect(lines[2 + i], `${q} ${source}`).toMatch(
        new RegExp(`^${q}\\s+${source}\\s+\\d+\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\dx\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\dx\\s+[1-9]\\d*\\s+[1-9][\\d,]*$`),
      );
    }
    expect(lines[2 + expected.length]).toMatch(/^generate \d+ ms, encrypt \+ store \d+ ms$/);
  }, 300_000);

  it('rejects a scale factor out of range with a one-line error', () => {
    buildCli();
    const r = aegis(['bench', '--sf', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("ERROR INVALID_ARGUMENT: --sf must be a number in [0.0001, 10] (got '0')\n");
  });
});
