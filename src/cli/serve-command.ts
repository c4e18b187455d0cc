import { startAthenaServer } from '../server/athena-server.js';
import type { CommandContext, CommandGroup } from './command.js';

const USAGE = `aegis serve [--host 127.0.0.1] [--port 8088] [--max-concurrent 4] [--max-queued 64]

Serves the Athena API (AWS JSON 1.1) over the configured warehouse, for the AWS SDKs, the aws
CLI and boto3:  aws athena start-query-execution --endpoint-url http://127.0.0.1:8088 …
Requests must be signed (SigV4) with a key from 'aegis access-key create --principal NAME'; while
the warehouse holds none, the server accepts the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY of its
own environment, as --principal. Results follow the result configuration and workgroup rules of
'aegis query'. SIGTERM or SIGINT cancels running queries and exits.`;

async function run(ctx: CommandContext): Promise<number> {
  ctx.flags.only(['host', 'port', 'max-concurrent', 'max-queued']);
  const config = ctx.config();
  const id = process.env.AWS_ACCESS_KEY_ID;
  const secret = process.env.AWS_SECRET_ACCESS_KEY;
  const server = await startAthenaServer(config, {
    host: ctx.flags.string('host') ?? '127.0.0.1',
    port: ctx.flags.int('port', 0, 65535) ?? 8088,
    maxConcurrent: ctx.flags.int('max-concurrent', 1, 256) ?? 4,
    maxQueued: ctx.flags.int('max-queued', 0, 100_000) ?? 64,
    ...(id && secret ? { fallbackCredentials: { accessKeyId: id, secret } } : {}),
  });
  await ctx.io.err(`aegis serve: Athena API on ${server.url} (warehouse ${config.warehouse})\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  await ctx.io.err('aegis serve: stopping; running queries are cancelled\n');
  await server.close();
  return 0;
}

export const serveCommand: CommandGroup = {
  name: 'serve',
  summary: 'serve the Athena API (AWS JSON 1.1) for the AWS SDKs, CLI and boto3',
  usage: USAGE,
  booleanFlags: [],
  run,
};
