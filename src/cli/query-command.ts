import { openEngine } from '../api/open-engine.js';
import { positional } from './args.js';
import type { CommandContext, CommandGroup } from './command.js';
import { parseResultFormat, renderResult } from './result-format.js';

const USAGE = `aegis query "SQL" [--database D] [--format table|csv|json] [--stats]

Runs one statement against the configured warehouse (embedded by default) and prints its result.
--stats prints bytes scanned, objects read, partitions pruned and KMS calls to stderr.`;

async function run(ctx: CommandContext): Promise<number> {
  ctx.flags.only(['database', 'format', 'stats']);
  const sql = positional(ctx.args, 0, '"SQL"', USAGE);
  const format = parseResultFormat(ctx.flags.string('format'));
  const database = ctx.flags.string('database');
  const rt = openEngine(ctx.config(), database ? { database } : {});
  try {
    const r = await rt.engine.execute(sql);
    await ctx.io.out(renderResult(r, format));
    if (ctx.flags.bool('stats')) await ctx.io.err(JSON.stringify(r.stats) + '\n');
    return 0;
  } finally {
    await rt.close();
  }
}

export const queryCommand: CommandGroup = {
  name: 'query',
  summary: 'run one SQL statement and print its result',
  usage: USAGE,
  booleanFlags: ['stats'],
  run,
};
