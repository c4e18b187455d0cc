import { BENCH_QUERIES, JOIN_QUERIES, formatReport, runBenchmark } from '../../benchmarks/run.js';
import { AegisError } from '../errors.js';
import { json, type CommandContext, type CommandGroup } from './command.js';

const USAGE = `aegis bench [--sf 0.1] [--runs 3] [--warmup 1] [--queries 1,6,count,3] [--json] [--keep]

Generates TPC-H at scale factor --sf into a temporary warehouse. lineitem is written by DuckDB
(one Parquet file, one CSV) and stored under SSE-S3, SSE-KMS and CSE-KMS; Q1, Q6 and count(*) run
over each. ${JOIN_QUERIES.map((q) => `Q${q}`).join(', ')} run over all eight tables as Parquet objects. Each case runs in
aegis with --workers scan threads (default the CPU count) and with one, and in DuckDB over the
same rows as plaintext files (2 threads). Prints the median of --runs runs, the aegis/DuckDB
ratio, the speedup of the workers over one and the peak RSS. --keep leaves the warehouse.
\`npm run bench\` runs it at --sf 1.`;

function number(ctx: CommandContext, name: string, dflt: number, min: number, max: number): number {
  const v = ctx.flags.string(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new AegisError('INVALID_ARGUMENT', `--${name} must be a number in [${min}, ${max}] (got '${v}')`);
  return n;
}

async function run(ctx: CommandContext): Promise<number> {
  ctx.flags.only(['sf', 'runs', 'warmup', 'queries', 'json', 'keep']);
  const picked = ctx.flags.string('queries')?.split(',').map((q) => q.trim().toLowerCase());
  const queries = picked?.filter((q) => q !== 'count' && q !== 'count(*)').map((q) => {
    const n = Number(q.replace(/^q/i, ''));
    if (!Number.isInteger(n) || !BENCH_QUERIES.includes(n)) {
      throw new AegisError('INVALID_ARGUMENT', `--queries takes ${BENCH_QUERIES.map((x) => `${x}`).join(', ')} and count (got '${q}')`);
    }
    return n;
  });
  const count = picked ? picked.some((q) => q === 'count' || q === 'count(*)') : true;
  const asJson = ctx.flags.bool('json');
  const report = await runBenchmark({
    sf: number(ctx, 'sf', 0.1, 0.0001, 10),
    runs: Math.round(number(ctx, 'runs', 3, 1, 100)),
    warmup: Math.round(number(ctx, 'warmup', 1, 0, 100)),
    workers: ctx.config().workers,
    keep: ctx.flags.bool('keep'),
    ...(queries ? { queries } : {}),
    count,
    // Progress goes to stderr so stdout holds only the table (or JSON).
    progress: (line) => ctx.io.err(line),
  });
  await ctx.io.out(asJson ? json(report) : formatReport(report));
  return 0;
}

export const benchCommand: CommandGroup = {
  name: 'bench',
  summary: 'TPC-H over encrypted objects, timed against DuckDB',
  usage: USAGE,
  booleanFlags: ['json', 'keep'],
  run,
};
