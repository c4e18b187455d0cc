import { SqliteCatalog } from '../catalog/sqlite-catalog.js';
import { AegisError } from '../errors.js';
import { createAccessKey } from '../server/access-keys.js';
import { positional } from './args.js';
import { json, table, type CommandContext, type CommandGroup } from './command.js';

const USAGE = `aegis access-key <command> — keys that sign requests to 'aegis serve'

  create --principal NAME   a new key pair for NAME (the secret is shown once; stored wrapped by the warehouse key)
  list [--json]             key ids and principals
  delete ACCESS_KEY_ID`;

async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = ctx.args;
  if (sub === undefined || sub === 'help') {
    await ctx.io.out(USAGE + '\n');
    return 0;
  }
  const config = ctx.config();
  const catalog = SqliteCatalog.forWarehouse(config.warehouse);
  try {
    switch (sub) {
      case 'create': {
        ctx.flags.only(['json']);
        // --principal is a global setting: here it names the key's principal.
        if (config.sources.principal === 'default') throw new AegisError('INVALID_ARGUMENT', 'aegis access-key create needs --principal NAME.');
        const k = createAccessKey(catalog, config.warehouse, config.principal, config.keyringPassphrase);
        if (ctx.flags.bool('json')) await ctx.io.out(json({ AccessKeyId: k.accessKeyId, SecretAccessKey: k.secretAccessKey, Principal: k.principal }));
        else await ctx.io.out(`AccessKeyId      ${k.accessKeyId}\nSecretAccessKey  ${k.secretAccessKey}\nPrincipal        ${k.principal}\n`);
        return 0;
      }
      case 'list': {
        ctx.flags.only(['json']);
        const keys = catalog.listAccessKeys().map((k) => ({ AccessKeyId: k.accessKeyId, Principal: k.principal, CreateTime: k.createTime.toISOString() }));
        if (ctx.flags.bool('json')) await ctx.io.out(json(keys));
        else await ctx.io.out(table([['ACCESS KEY ID', 'PRINCIPAL', 'CREATED'], ...keys.map((k) => [k.AccessKeyId, k.Principal, k.CreateTime])]));
        return 0;
      }
      case 'delete': {
        ctx.flags.only([]);
        const id = positional(rest, 0, 'ACCESS_KEY_ID', 'aegis access-key delete ACCESS_KEY_ID');
        if (!catalog.deleteAccessKey(id)) throw new AegisError('NOT_FOUND', `Access key ${id} is not found in the warehouse at ${config.warehouse}.`);
        await ctx.io.out(`deleted ${id}\n`);
        return 0;
      }
      default:
        throw new AegisError('INVALID_ARGUMENT', `Unknown command 'aegis access-key ${sub}'. Try: aegis access-key --help`);
    }
  } finally {
    catalog.close();
  }
}

export const accessKeyCommand: CommandGroup = {
  name: 'access-key',
  summary: "create, list and delete the keys that sign requests to 'aegis serve'",
  usage: USAGE,
  booleanFlags: ['json'],
  run,
};
