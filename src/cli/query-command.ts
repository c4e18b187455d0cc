import { openEngine } from '../api/open-engine.js';
import { describeEncryption } from '../results/result-configuration.js';
import { positional } from './args.js';
import type { CommandContext, CommandGroup } from './command.js';
import { parseResultFormat, renderResult } from './result-format.js';

const USAGE = `aegis query "SQL" [--database D] [--format table|csv|json] [--stats]
            [--workgroup W] [--output-location s3://bucket/prefix/]
            [--result-encryption SSE_S3|SSE_KMS|CSE_KMS] [--result-kms-key KEY]

Runs one statement against the configured warehouse (embedded by default) and prints its result
on stdout. Every statement is a query execution: its result is also written, encrypted, to
<output location><query id>.csv (.txt for DDL), and stderr says where:
  query <id> → s3://aegis-results-us-east-1/<id>.csv (SSE_S3)
The workgroup's settings apply unless the flags override them (a workgroup that enforces its
configuration wins). 'aegis result <id>' reads a stored result back; 'aegis history' lists them.
--stats prints bytes scanned, objects read, partitions pruned and KMS calls to stderr.`;

async function run(ctx: CommandContext): Promise<number> {
  ctx.flags.only(['database', 'format', 'stats']);
  const sql = positional(ctx.args, 0, '"SQL"', USAGE);
  const format = parseResultFormat(ctx.flags.string('format'));
  const database = ctx.flags.string('database');
  const rt = openEngine(ctx.config(), database ? { database } : {});
  try {
    // A failure stays the one `ERROR <CODE>: …` line; 'aegis history' shows its query id.
    const x = await rt.execute(sql);
    await ctx.io.out(renderResult(x.result, format));
    const enc = x.written.kmsKeyArn ? { option: x.resultConfiguration.encryption.option, kmsKey: x.written.kmsKeyArn } : x.resultConfiguration.encryption;
    await ctx.io.err(`query ${x.queryId} → ${x.written.uri} (${describeEncryption(enc)})\n`);
    if (ctx.flags.bool('stats')) await ctx.io.err(JSON.stringify(x.result.stats) + '\n');
    return 0;
  } finally {
    await rt.close();
  }
}

export const queryCommand: CommandGroup = {
  name: 'query',
  summary: 'run one SQL statement, print its result and store it encrypted',
  usage: USAGE,
  booleanFlags: ['stats'],
  run,
};
