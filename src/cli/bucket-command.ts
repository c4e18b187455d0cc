import { readFileSync } from 'node:fs';
import { assertLocalWarehouseExists } from '../api/warehouse-access.js';
import { openKms, openStore } from '../backends.js';
import { AegisError } from '../errors.js';
import { parseS3Uri } from '../storage/s3-uri.js';
import { positional } from './args.js';
import { json, table, type CommandContext, type CommandGroup } from './command.js';

const USAGE = `aegis bucket <command> — buckets of the configured store (embedded warehouse, or S3 with --storage s3)

  create <s3://bucket> [--region R] [--policy FILE]   FILE: an S3 bucket policy (JSON)
  ls [--json]                                         buckets and their regions`;

async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = ctx.args;
  switch (sub) {
    case 'create': {
      ctx.flags.only(['policy']);
      const usage = 'aegis bucket create <s3://bucket> [--region R] [--policy FILE]';
      const { bucket, key } = parseS3Uri(positional(rest, 0, '<s3://bucket>', usage));
      if (key !== '') throw new AegisError('INVALID_ARGUMENT', `A bucket URI has no key: s3://${bucket}/ (got '${rest[0]}').`);
      const policyFile = ctx.flags.string('policy');
      let policy: unknown;
      if (policyFile !== undefined) {
        try {
          policy = JSON.parse(readFileSync(policyFile, 'utf8'));
        } catch (e) {
          throw new AegisError('INVALID_ARGUMENT', `Cannot read bucket policy ${policyFile}: ${(e as Error).message}`);
        }
      }
      const config = ctx.config();
      // --region is a global flag (the engine's region) and also the new bucket's region.
      const store = openStore(config, openKms(config));
      try {
        await store.createBucket(bucket, { region: config.region, ...(policy !== undefined ? { policy } : {}) });
      } finally {
        await store.close?.();
      }
      await ctx.io.out(`created s3://${bucket} in ${config.region}\n`);
      return 0;
    }
    case 'ls': {
      ctx.flags.only(['json']);
      const config = ctx.config();
      assertLocalWarehouseExists(config, 'storage');
      const store = openStore(config, openKms(config));
      let buckets;
      try {
        buckets = await store.listBuckets();
      } finally {
        await store.close?.();
      }
      if (ctx.flags.bool('json')) await ctx.io.out(json(buckets));
      else await ctx.io.out(table([['BUCKET', 'REGION'], ...buckets.map((b) => [b.name, b.region ?? '-'])]));
      return 0;
    }
    case undefined:
    case 'help':
      await ctx.io.out(USAGE + '\n');
      return 0;
    default:
      throw new AegisError('INVALID_ARGUMENT', `Unknown command 'aegis bucket ${sub}'. Try: aegis bucket --help`);
  }
}

export const bucketCommand: CommandGroup = {
  name: 'bucket',
  summary: 'create and list buckets',
  usage: USAGE,
  booleanFlags: ['json'],
  run,
};
