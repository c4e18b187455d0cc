import { BENCH_QUERIES, formatReport, runBenchmark } from '../../benchmarks/run.js';
import { AegisError } from '../errors.js';
import { json, type CommandContext, type CommandGroup } from './command.js';

const USAGE = `aegis bench [--sf 0.1] [--runs 3] [--warmup 1] [--queries 1,3,6] [--json] [--keep]

Generates TPC-H at scale factor --sf into a temporary warehouse (Parquet objects under CSE-KMS
and SSE-S3), runs TPC-H queries ${BENCH_QUERIES.map((q) => `Q${q}`).join(', ')} in aegis (--workers
scan threads, default the CPU count) and in DuckDB over the same rows as plaintext Parquet
(2 threads), and prints the median time of --runs runs per engine and the aegis/DuckDB ratio.
--keep leaves the temporary warehouse in place.`;

function number(ctx: CommandContext, name: string, dflt: number, min: number, max: number): number {
  const v = ctx.flags.string(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new AegisError('INVALID_ARGUMENT', `--${name} must be a number in [${min}, ${max}] (got '${v}')`);
  return n;
}

async function run(ctx: CommandContext): Promise<number> {
  ctx.flags.only(['sf', 'runs', 'warmup', 'queries', 'json', 'keep']);
  const queries = ctx.flags.string('queries')?.split(',').map((q) => {
    const n = Number(q.trim().replace(/^q/i, ''));
    if (!Number.isInteger(n) || n < 1 || n > 22) throw new AegisError('INVALID_ARGUMENT', `--queries takes TPC-H query numbers 1–22 (got '${q}')`);
    return n;
  });
  const asJson = ctx.flags.bool('json');
  const report = await runBenchmark({
    sf: number(ctx, 'sf', 0.1, 0.0001, 10),
    runs: Math.round(number(ctx, 'runs', 3, 1, 100)),
    warmup: Math.round(number(ctx, 'warmup', 1, 0, 100)),
    workers: ctx.config().workers,
    keep: ctx.flags.bool('keep'),
    ...(queries ? { queries } : {}),
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
