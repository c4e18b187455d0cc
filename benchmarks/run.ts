/**
 * TPC-H benchmark: aegis over encrypted Parquet objects against DuckDB over the same rows as
 * plaintext Parquet, in the same process and run.
 *
 * Generates TPC-H at a scale factor into a temporary warehouse (Parquet objects alternating
 * CSE-KMS and SSE-S3, the large tables split into several objects so workers share the work),
 * writes the plaintext Parquet files DuckDB reads, then times each query: warm-up runs, then
 * `runs` timed runs per engine, reporting medians and the aegis/DuckDB ratio. Numbers are for
 * reading, never asserted by tests.
 *
 * `aegis bench [--sf 0.1]` runs it; so does `npx tsx benchmarks/run.ts --sf 0.1`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openEngine } from '../src/api/open-engine.js';
import { resolveConfig } from '../src/config.js';
import { AegisError } from '../src/errors.js';
import { writeParquet } from '../src/formats/parquet/parquet-writer.js';
import { generateTpch } from '../datasets/tpch/generate.js';
import { tpchQuery } from '../datasets/tpch/queries.js';
import { DuckBaseline } from './duckdb-baseline.js';
import { loadTpch } from './tpch-warehouse.js';

/** Q1, Q3, Q6 and a few more: a scan-heavy aggregate, joins, a selective filter. */
export const BENCH_QUERIES: readonly number[] = [1, 3, 5, 6, 12, 14];

export interface BenchOptions {
  /** TPC-H scale factor (1 ≈ 6M lineitem rows). */
  sf: number;
  /** aegis scan worker threads. */
  workers: number;
  queries?: readonly number[];
  /** Timed runs per query and engine (median reported); default 3. */
  runs?: number;
  /** Untimed runs before them; default 1. */
  warmup?: number;
  /** DuckDB threads; default 2. */
  duckThreads?: number;
  /** Progress lines. */
  progress?: (line: string) => Promise<void>;
  /** Keep the temporary warehouse (its path is in the report). */
  keep?: boolean;
}

export interface BenchRow {
  query: string;
  /** Result rows (aegis); must equal DuckDB's count. */
  rows: number;
  duckRows: number;
  aegisMs: number;
  duckMs: number;
  /** aegis median / DuckDB median. */
  ratio: number;
  aegisRunsMs: number[];
  duckRunsMs: number[];
  /** Counters of aegis's last run. */
  objectsRead: number;
  kmsCalls: number;
  bytesScanned: number;
}

export interface BenchReport {
  sf: number;
  workers: number;
  duckThreads: number;
  runs: number;
  lineitemRows: number;
  generateMs: number;
  loadMs: number;
  warehouse: string;
  rows: BenchRow[];
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
}

export async function runBenchmark(o: BenchOptions): Promise<BenchReport> {
  if (!(o.sf > 0 && o.sf <= 10)) throw new AegisError('INVALID_ARGUMENT', `--sf must be in (0, 10] (got ${o.sf})`);
  const runs = o.runs ?? 3;
  const warmup = o.warmup ?? 1;
  const duckThreads = o.duckThreads ?? 2;
  const queries = o.queries ?? BENCH_QUERIES;
  const say = o.progress ?? (async () => {});
  const dir = mkdtempSync(join(tmpdir(), 'aegis-bench-'));
  const warehouse = join(dir, 'warehouse');
  const plain = join(dir, 'plain');
  mkdirSync(plain);

  const t0 = performance.now();
  // Released once stored, so the generated rows do not weigh on aegis's garbage collector.
  let tables: ReturnType<typeof generateTpch> | undefined = generateTpch(o.sf);
  const generateMs = performance.now() - t0;
  const lineitemRows = tables.lineitem!.batch.length;
  await say(`generated TPC-H SF ${o.sf} (${lineitemRows.toLocaleString('en-US')} lineitem rows) in ${Math.round(generateMs)} ms\n`);

  const config = resolveConfig({ warehouse, workers: String(o.workers), storage: 'local', kms: 'local' }, { env: {}, cwd: dir });
  const rt = openEngine(config);
  let duck: DuckBaseline | undefined;
  try {
    const load = await timed(async () => {
      await rt.store.createBucket('bench');
      const cmk = (await rt.kms.createKey({ alias: 'alias/bench', description: 'aegis bench' })).arn;
      await loadTpch({
        store: rt.store, kms: rt.kms, sql: (s) => rt.engine.execute(s), tables: tables!, bucket: 'bench', prefix: 'tpch',
        database: 'tpch', format: 'parquet', modes: ['CSE_KMS', 'SSE_S3'], sseKmsKey: cmk, cseKmsKey: cmk,
        objectsPerTable: Math.max(2, o.workers),
      });
    });
    await say(`stored as encrypted Parquet objects (CSE-KMS / SSE-S3) in ${Math.round(load.ms)} ms\n`);

    const files: Record<string, string> = {};
    for (const [name, t] of Object.entries(tables)) {
      files[name] = join(plain, `${name}.parquet`);
      writeFileSync(files[name]!, writeParquet(t.columns, [t.batch], { compression: 'SNAPPY' }));
    }
    tables = undefined;
    duck = await DuckBaseline.open(files, duckThreads);

    const rows: BenchRow[] = [];
    for (const id of queries) {
      const sql = tpchQuery(id);
      for (let i = 0; i < warmup; i++) {
        await rt.engine.execute(sql, { database: 'tpch' });
        await duck.run(sql);
      }
      const aegisRuns: number[] = [];
      const duckRuns: number[] = [];
      let result: Awaited<ReturnType<typeof rt.engine.execute>> | undefined;
      let duckRows = 0;
      for (let i = 0; i < runs; i++) {
        const a = await timed(() => rt.engine.execute(sql, { database: 'tpch' }));
        aegisRuns.push(a.ms);
        result = a.value;
        const d = await timed(() => duck!.run(sql));
        duckRuns.push(d.ms);
        duckRows = d.value;
      }
      const aegisMs = median(aegisRuns);
      const duckMs = median(duckRuns);
      const s = result!.stats;
      rows.push({
        query: `Q${id}`,
        rows: result!.rows.length,
        duckRows,
        aegisMs,
        duckMs,
        ratio: aegisMs / duckMs,
        aegisRunsMs: aegisRuns,
        duckRunsMs: duckRuns,
        objectsRead: s.objectsRead ?? 0,
        kmsCalls: s.kmsCalls ?? 0,
        bytesScanned: s.bytesScanned,
      });
      await say(`Q${id}: aegis ${aegisMs.toFixed(1)} ms, DuckDB ${duckMs.toFixed(1)} ms\n`);
    }
    return {
      sf: o.sf, workers: o.workers, duckThreads, runs, lineitemRows,
      generateMs, loadMs: load.ms, warehouse: o.keep ? warehouse : '(removed)', rows,
    };
  } finally {
    duck?.close();
    await rt.close();
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as a text table. */
export function formatReport(r: BenchReport): string {
  const head = ['query', 'rows', 'aegis ms', 'DuckDB ms', 'aegis/DuckDB', 'objects', 'KMS calls', 'bytes scanned'];
  const body = r.rows.map((x) => [
    x.query,
    x.rows === x.duckRows ? String(x.rows) : `${x.rows} (DuckDB ${x.duckRows}!)`,
    x.aegisMs.toFixed(1),
    x.duckMs.toFixed(1),
    `${x.ratio.toFixed(1)}x`,
    String(x.objectsRead),
    String(x.kmsCalls),
    x.bytesScanned.toLocaleString('en-US'),
  ]);
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: string[]): string => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [
    `TPC-H SF ${r.sf} (${r.lineitemRows.toLocaleString('en-US')} lineitem rows): aegis over Parquet objects under CSE-KMS / SSE-S3 ` +
      `(${r.workers} worker${r.workers === 1 ? '' : 's'}) vs DuckDB over plaintext Parquet (${r.duckThreads} threads); median of ${r.runs} run${r.runs === 1 ? '' : 's'}`,
    line(head),
    ...body.map(line),
    `generate ${Math.round(r.generateMs)} ms, encrypt + store ${Math.round(r.loadMs)} ms`,
    '',
  ].join('\n');
}

/** `npx tsx benchmarks/run.ts [--sf N] [--runs N] [--workers N] [--json]` */
async function main(argv: string[]): Promise<void> {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const report = await runBenchmark({
    sf: Number(flag('sf') ?? '0.1'),
    runs: Number(flag('runs') ?? '3'),
    workers: Number(flag('workers') ?? String(availableParallelism())),
    progress: async (l) => void process.stderr.write(l),
  });
  process.stdout.write(argv.includes('--json') ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
