import { readFileSync } from 'node:fs';
import { assertLocalWarehouseExists } from '../api/warehouse-access.js';
import { AegisError } from '../errors.js';
import { openKms } from '../backends.js';
import type { KeyDescription } from '../kms/kms.js';
import { LocalKms } from '../kms/local-kms.js';
import { parsePolicy } from '../kms/key-policy.js';
import { positional } from './args.js';
import { json, table, type CommandContext, type CommandGroup } from './command.js';

const USAGE = `aegis kms <command> — key administration (LocalKms in the warehouse, or AWS KMS with --kms aws)

  create-key [--alias alias/NAME] [--description TEXT] [--policy FILE]   prints the key (JSON)
  list-keys [--json]
  describe <key>
  disable <key> | enable <key> | rotate <key>
  schedule-deletion <key> [--days 7-30]      (default 30)
  cancel-deletion <key>
  grant <key> <principal> <actions>          actions comma-separated, e.g. kms:Decrypt,kms:GenerateDataKey
                                             (principal * = everyone; LocalKms only)
  revoke <key> <principal> [<actions>]       (LocalKms only)
  audit [--tail N] [--key K] [--action A] [--errors]
                                             the audit log as JSON lines (LocalKms only), oldest
                                             first; filters: key (id, ARN or alias as resolved or
                                             as requested), action (Decrypt…), failed calls only

<key> is a key id, key ARN, alias/NAME or alias ARN. A --policy file is
{"grants":[{"principal":"alice","actions":["kms:Decrypt"]}]}; without one, the creating
principal (--principal, default the OS user) may do everything and others nothing.`;

function localOnly(ctx: CommandContext, what: string): LocalKms {
  const kms = openKms(ctx.config());
  if (!(kms instanceof LocalKms)) throw new AegisError('NOT_SUPPORTED', `'aegis kms ${what}' works on the embedded LocalKms only (not --kms aws).`);
  return kms;
}

function keyJson(k: KeyDescription): string {
  return json(k);
}

async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = ctx.args;
  const key = (usage: string): string => positional(rest, 0, '<key>', usage);
  switch (sub) {
    case 'create-key': {
      ctx.flags.only(['alias', 'description', 'policy']);
      const policyFile = ctx.flags.string('policy');
      let policy;
      if (policyFile !== undefined) {
        let doc: unknown;
        try {
          doc = JSON.parse(readFileSync(policyFile, 'utf8'));
        } catch (e) {
          throw new AegisError('INVALID_ARGUMENT', `Cannot read policy file ${policyFile}: ${(e as Error).message}`);
        }
        policy = parsePolicy(doc);
      }
      const alias = ctx.flags.string('alias');
      const description = ctx.flags.string('description');
      const k = await openKms(ctx.config()).createKey({
        ...(alias !== undefined ? { alias: alias.startsWith('alias/') ? alias : `alias/${alias}` } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(policy ? { policy } : {}),
      });
      await ctx.io.out(keyJson(k));
      return 0;
    }
    case 'list-keys': {
      ctx.flags.only(['json']);
      assertLocalWarehouseExists(ctx.config(), 'kms');
      const keys = await openKms(ctx.config()).listKeys();
      if (ctx.flags.bool('json')) {
        await ctx.io.out(json(keys));
        return 0;
      }
      const rows = [['KEY ID', 'STATE', 'VERSIONS', 'ALIASES', 'DESCRIPTION']];
      for (const k of keys) {
        const versions = (k as { keyVersions?: number }).keyVersions;
        rows.push([k.keyId, k.keyState, versions === undefined ? '-' : String(versions), k.aliases.join(',') || '-', k.description ?? '']);
      }
      await ctx.io.out(table(rows));
      return 0;
    }
    case 'describe':
      ctx.flags.only([]);
      await ctx.io.out(keyJson(await openKms(ctx.config()).describeKey(key('aegis kms describe <key>'))));
      return 0;
    case 'disable':
      ctx.flags.only([]);
      await ctx.io.out(keyJson(await openKms(ctx.config()).disableKey(key('aegis kms disable <key>'))));
      return 0;
    case 'enable':
      ctx.flags.only([]);
      await ctx.io.out(keyJson(await openKms(ctx.config()).enableKey(key('aegis kms enable <key>'))));
      return 0;
    case 'rotate':
      ctx.flags.only([]);
      await ctx.io.out(keyJson(await openKms(ctx.config()).rotateKey(key('aegis kms rotate <key>'))));
      return 0;
    case 'schedule-deletion': {
      ctx.flags.only(['days']);
      const k = key('aegis kms schedule-deletion <key> [--days N]');
      const days = ctx.flags.int('days', 7, 30);
      await ctx.io.out(keyJson(await openKms(ctx.config()).scheduleKeyDeletion(k, days)));
      return 0;
    }
    case 'cancel-deletion':
      ctx.flags.only([]);
      await ctx.io.out(keyJson(await openKms(ctx.config()).cancelKeyDeletion(key('aegis kms cancel-deletion <key>'))));
      return 0;
    case 'grant': {
      ctx.flags.only([]);
      const usage = 'aegis kms grant <key> <principal> <actions,comma-separated>';
      const k = key(usage);
      const principal = positional(rest, 1, '<principal>', usage);
      const actions = positional(rest, 2, '<actions>', usage).split(',');
      await ctx.io.out(keyJson(await localOnly(ctx, 'grant').grant(k, principal, actions)));
      return 0;
    }
    case 'revoke': {
      ctx.flags.only([]);
      const usage = 'aegis kms revoke <key> <principal> [<actions>]';
      const k = key(usage);
      const principal = positional(rest, 1, '<principal>', usage);
      const actions = rest[2]?.split(',');
      await ctx.io.out(keyJson(await localOnly(ctx, 'revoke').revoke(k, principal, actions)));
      return 0;
    }
    case 'audit': {
      ctx.flags.only(['tail', 'key', 'action', 'errors']);
      const tail = ctx.flags.int('tail', 1, 1_000_000);
      const keyRef = ctx.flags.string('key');
      const action = ctx.flags.string('action');
      const errorsOnly = ctx.flags.bool('errors');
      const kms = localOnly(ctx, 'audit');
      // Match the key by ARN, so `--key alias/x` also finds calls that named the key by id.
      const keyArn = keyRef === undefined ? undefined : ((await kms.keyArnOf(keyRef)) ?? keyRef);
      let entries = await kms.readAudit();
      const torn = kms.auditSkippedLines;
      if (torn.length > 0) await ctx.io.err(`note: skipped ${torn.length} torn line(s) of ${kms.auditPath} (line ${torn.join(', ')}), left by a process killed while writing\n`);
      entries = entries.filter(
        (e) =>
          (keyRef === undefined || e.keyArn === keyArn || e.requestedKeyId === keyRef) &&
          (action === undefined || e.action.toLowerCase() === action.replace(/^kms:/, '').toLowerCase()) &&
          (!errorsOnly || e.outcome === 'error'),
      );
      if (tail !== undefined) entries = entries.slice(Math.max(0, entries.length - tail));
      await ctx.io.out(entries.map((e) => JSON.stringify(e) + '\n').join(''));
      return 0;
    }
    case undefined:
    case 'help':
      await ctx.io.out(USAGE + '\n');
      return 0;
    default:
      throw new AegisError('INVALID_ARGUMENT', `Unknown command 'aegis kms ${sub}'. Try: aegis kms --help`);
  }
}

export const kmsCommand: CommandGroup = {
  name: 'kms',
  summary: 'create, list, disable/enable, rotate, grant and audit KMS keys',
  usage: USAGE,
  booleanFlags: ['json', 'errors'],
  run,
};
