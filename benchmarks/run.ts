/**
 * TPC-H benchmark: aegis over encrypted objects against DuckDB over the same rows as plaintext
 * files, in the same process and run.
 *
 * lineitem is written by DuckDB's own writers (one Parquet file with DuckDB's default row groups,
 * one CSV) and stored under SSE-S3, SSE-KMS and CSE-KMS; Q1, Q6 and count(*) run over each of the
 * six. The join queries (Q3, Q5, Q12, Q14) run over all eight tables stored as Parquet objects
 * (CSE-KMS and SSE-S3 alternating). Every case runs `runs` times after `warmup` runs, with the
 * configured scan workers and with one; the table reports medians, the aegis/DuckDB ratio, the
 * speedup of the workers over one, and the peak RSS while aegis ran. Numbers are for reading,
 * never asserted by tests.
 *
 * `npm run bench` (`aegis bench --sf 1`) runs it; so does `npx tsx benchmarks/run.ts --sf 0.1`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { columnsDdl, loadTpch, putWithMode, type TpchMode } from './tpch-warehouse.js';
import type { SqlType } from '../src/types/sql-type.js';

/** TPC-H queries over the lineitem variants (Parquet and CSV under each encryption). */
export const LINEITEM_QUERIES: readonly number[] = [1, 6];
/** TPC-H queries over all eight tables (joins). */
export const JOIN_QUERIES: readonly number[] = [3, 5, 12, 14];
export const BENCH_QUERIES: readonly number[] = [...LINEITEM_QUERIES, ...JOIN_QUERIES];

const MODES: readonly TpchMode[] = ['SSE_S3', 'SSE_KMS', 'CSE_KMS'];

export interface BenchOptions {
  /** TPC-H scale factor (1 ≈ 6M lineitem rows). */
  sf: number;
  /** aegis scan worker threads (the 1-worker run is timed beside it). */
  workers: number;
  /** TPC-H query numbers; `count` (count(*) over lineitem) is run unless `queries` omits it. */
  queries?: readonly number[];
  count?: boolean;
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
  /** What aegis read: e.g. `Parquet SSE-S3`, `CSV CSE-KMS`, `TPC-H tables`. */
  source: string;
  /** Result rows (aegis); must equal DuckDB's count. */
  rows: number;
  duckRows: number;
  aegisMs: number;
  duckMs: number;
  /** aegis median / DuckDB median. */
  ratio: number;
  /** Median with one scan worker, and its ratio to `aegisMs` (the speedup of `workers` over 1). */
  oneWorkerMs: number;
  speedup: number;
  /** Peak resident set of the process while aegis ran this row (MB; worker threads included). */
  peakRssMb: number;
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

/** Samples the process RSS while `f` runs; returns its result and the peak in MB. */
async function peakRss<T>(f: () => Promise<T>): Promise<{ value: T; mb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    const value = await f();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, mb: peak / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

const label = (m: TpchMode): string => m.replace('_', '-');
const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

interface Case {
  query: string;
  source: string;
  aegis: string;
  duck: string;
}

function casesOf(queries: readonly number[], count: boolean): Case[] {
  const out: Case[] = [];
  const onLineitem = (sql: string, table: string): string => sql.replace(/\blineitem\b/g, table);
  const lineitemSql: { name: string; sql: string }[] = [
    ...LINEITEM_QUERIES.filter((q) => queries.includes(q)).map((q) => ({ name: `Q${q}`, sql: tpchQuery(q) })),
    ...(count ? [{ name: 'count(*)', sql: 'SELECT count(*) FROM lineitem' }] : []),
  ];
  for (const q of lineitemSql) {
    for (const format of ['parquet', 'csv'] as const) {
      for (const mode of MODES) {
        out.push({
          query: q.name,
          source: `${format === 'parquet' ? 'Parquet' : 'CSV'} ${label(mode)}`,
          aegis: onLineitem(q.sql, `bench.lineitem_${format}_${mode.toLowerCase()}`),
          duck: onLineitem(q.sql, `lineitem_${format}`),
        });
      }
    }
  }
  for (const q of JOIN_QUERIES.filter((x) => queries.includes(x))) {
    out.push({ query: `Q${q}`, source: 'TPC-H tables', aegis: tpchQuery(q), duck: tpchQuery(q) });
  }
  return out;
}

/**
 * Generates TPC-H at `sf`; lineitem is written by DuckDB's own writers (one Parquet file with its
 * default row groups, one CSV) and stored as objects under SSE-S3, SSE-KMS and CSE-KMS; all eight
 * tables also go in as Parquet objects (modes alternating) for the join queries. DuckDB reads the
 * same rows as plaintext files. Each case runs in aegis with `workers` scan threads and with one.
 */
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
  const lineitemColumns = tables.lineitem!.columns;
  await say(`generated TPC-H SF ${o.sf} (${lineitemRows.toLocaleString('en-US')} lineitem rows) in ${Math.round(generateMs)} ms\n`);

  const config = resolveConfig({ warehouse, workers: String(o.workers), storage: 'local', kms: 'local' }, { env: {}, cwd: dir });
  const rt = openEngine(config);
  let rt1: ReturnType<typeof openEngine> | undefined;
  let duck: DuckBaseline | undefined;
  try {
    const files: Record<string, string> = {};
    for (const [name, t] of Object.entries(tables)) {
      files[name] = join(plain, `${name}.parquet`);
      writeFileSync(files[name]!, writeParquet(t.columns, [t.batch], { compression: 'SNAPPY' }));
    }
    // lineitem as DuckDB writes it: one Parquet file (its default row groups) and one CSV.
    const liParquet = join(plain, 'lineitem-duckdb.parquet');
    const liCsv = join(plain, 'lineitem-duckdb.csv');
    duck = await DuckBaseline.open(files, duckThreads);
    await duck.exec(`COPY (SELECT * FROM lineitem) TO ${sqlString(liParquet)} (FORMAT parquet)`);
    await duck.exec(`COPY (SELECT * FROM lineitem) TO ${sqlString(liCsv)} (FORMAT csv, HEADER false)`);
    const csvColumns = lineitemColumns.map((c) => `${sqlString(c.name)}: ${sqlString(duckType(c.type))}`).join(', ');
    await duck.exec(`CREATE VIEW lineitem_parquet AS SELECT * FROM read_parquet(${sqlString(liParquet)})`);
    await duck.exec(`CREATE VIEW lineitem_csv AS SELECT * FROM read_csv(${sqlString(liCsv)}, header = false, columns = {${csvColumns}})`);

    const load = await timed(async () => {
      await rt.store.createBucket('bench');
      const cmk = (await rt.kms.createKey({ alias: 'alias/bench', description: 'aegis bench' })).arn;
      await loadTpch({
        store: rt.store, kms: rt.kms, sql: (s) => rt.engine.execute(s), tables: tables!, bucket: 'bench', prefix: 'tpch',
        database: 'tpch', format: 'parquet', modes: ['CSE_KMS', 'SSE_S3'], sseKmsKey: cmk, cseKmsKey: cmk,
        objectsPerTable: Math.max(2, o.workers),
      });
      await rt.engine.execute('CREATE DATABASE IF NOT EXISTS bench');
      const ddl = columnsDdl(lineitemColumns);
      for (const [format, file] of [['parquet', liParquet], ['csv', liCsv]] as const) {
        const body = new Uint8Array(readFileSync(file));
        for (const mode of MODES) {
          const prefix = `lineitem/${format}/${mode.toLowerCase()}`;
          await putWithMode(rt.store, rt.kms, 'bench', `${prefix}/lineitem.${format}`, body, mode, { sseKmsKey: cmk, cseKmsKey: cmk });
          const storage = format === 'parquet' ? 'STORED AS PARQUET' : "ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE";
          const props = mode === 'CSE_KMS' ? " TBLPROPERTIES ('has_encrypted_data'='true')" : '';
          await rt.engine.execute(`CREATE EXTERNAL TABLE bench.lineitem_${format}_${mode.toLowerCase()} (${ddl}) ${storage} LOCATION 's3://bench/${prefix}/'${props}`);
        }
      }
    });
    tables = undefined;
    await say(`stored as encrypted objects in ${Math.round(load.ms)} ms\n`);
    rt1 = openEngine(resolveConfig({ warehouse, workers: '1', storage: 'local', kms: 'local' }, { env: {}, cwd: dir }));

    const rows: BenchRow[] = [];
    for (const c of casesOf(queries, o.count ?? true)) {
      const opts = { database: 'tpch' };
      for (let i = 0; i < warmup; i++) {
        await rt.engine.execute(c.aegis, opts);
        await rt1.engine.execute(c.aegis, opts);
        await duck.run(c.duck);
      }
      const aegisRuns: number[] = [];
      const oneRuns: number[] = [];
      const duckRuns: number[] = [];
      let result: Awaited<ReturnType<typeof rt.engine.execute>> | undefined;
      let duckRows = 0;
      const measured = await peakRss(async () => {
        for (let i = 0; i < runs; i++) {
          const a = await timed(() => rt.engine.execute(c.aegis, opts));
          aegisRuns.push(a.ms);
          result = a.value;
        }
      });
      for (let i = 0; i < runs; i++) {
        oneRuns.push((await timed(() => rt1!.engine.execute(c.aegis, opts))).ms);
        const d = await timed(() => duck!.run(c.duck));
        duckRuns.push(d.ms);
        duckRows = d.value;
      }
      const aegisMs = median(aegisRuns);
      const duckMs = median(duckRuns);
      const oneWorkerMs = median(oneRuns);
      const s = result!.stats;
      rows.push({
        query: c.query, source: c.source, rows: result!.rows.length, duckRows, aegisMs, duckMs, ratio: aegisMs / duckMs,
        oneWorkerMs, speedup: oneWorkerMs / aegisMs, peakRssMb: measured.mb, aegisRunsMs: aegisRuns, duckRunsMs: duckRuns,
        objectsRead: s.objectsRead ?? 0, kmsCalls: s.kmsCalls ?? 0, bytesScanned: s.bytesScanned,
      });
      await say(`${c.query} ${c.source}: aegis ${aegisMs.toFixed(1)} ms (1 worker ${oneWorkerMs.toFixed(1)} ms), DuckDB ${duckMs.toFixed(1)} ms\n`);
    }
    return {
      sf: o.sf, workers: o.workers, duckThreads, runs, lineitemRows,
      generateMs, loadMs: load.ms, warehouse: o.keep ? warehouse : '(removed)', rows,
    };
  } finally {
    duck?.close();
    await rt1?.close();
    await rt.close();
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

function duckType(t: SqlType): string {
  switch (t.kind) {
    case 'decimal':
      return `DECIMAL(${t.precision},${t.scale})`;
    case 'varchar':
      return 'VARCHAR';
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'date':
      return 'DATE';
    case 'double':
      return 'DOUBLE';
    default:
      return t.kind.toUpperCase();
  }
}

/** The report as a text table. */
export function formatReport(r: BenchReport): string {
  const head = ['query', 'source', 'rows', 'aegis ms', 'DuckDB ms', 'aegis/DuckDB', '1 worker ms', `${r.workers}w speedup`, 'peak RSS MB', 'bytes scanned'];
  const body = r.rows.map((x) => [
    x.query,
    x.source,
    x.rows === x.duckRows ? String(x.rows) : `${x.rows} (DuckDB ${x.duckRows}!)`,
    x.aegisMs.toFixed(1),
    x.duckMs.toFixed(1),
    `${x.ratio.toFixed(1)}x`,
    x.oneWorkerMs.toFixed(1),
    `${x.speedup.toFixed(2)}x`,
    String(Math.round(x.peakRssMb)),
    x.bytesScanned.toLocaleString('en-US'),
  ]);
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: string[]): string => row.map((cell, c) => (c <= 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [
    `TPC-H SF ${r.sf} (${r.lineitemRows.toLocaleString('en-US')} lineitem rows): aegis over encrypted objects (${r.workers} worker${r.workers === 1 ? '' : 's'}, ` +
      `and 1) vs DuckDB over the same rows as plaintext files (${r.duckThreads} threads); median of ${r.runs} run${r.runs === 1 ? '' : 's'}`,
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
