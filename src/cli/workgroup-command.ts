import { SqliteCatalog } from '../catalog/sqlite-catalog.js';
import { assertWarehouseExists } from '../api/warehouse-access.js';
import type { WorkgroupMeta } from '../catalog/catalog.js';
import { AegisError } from '../errors.js';
import {
  normalizeOutputLocation,
  parseEncryptionOption,
  type EncryptionOption,
  type WorkGroupConfiguration,
} from '../results/result-configuration.js';
import { positional } from './args.js';
import { json, table, type CommandContext, type CommandGroup } from './command.js';

const OPTIONS = `  --output-location s3://bucket/prefix/      where results go
  --result-encryption SSE_S3|SSE_KMS|CSE_KMS  how results are encrypted
  --result-kms-key KEY                        key for SSE_KMS / CSE_KMS results
  --enforce[=false]                           the workgroup's settings override the client's
  --minimum-encryption SSE_S3|SSE_KMS|CSE_KMS refuse clients asking for weaker result encryption
  --bytes-scanned-cutoff BYTES                cancel queries that scan more (0 or 'none' removes it)
  --query-timeout SECONDS                     stop its queries with QUERY_TIMEOUT (0 removes it)
  --require-encryption[=false]                its queries refuse any object stored without
                                              encryption (ENCRYPTION_REQUIRED)
  --state ENABLED|DISABLED                    a disabled workgroup refuses queries
  --description TEXT`;

const USAGE = `aegis workgroup <command> — Athena workgroups: result settings and limits for the queries run in them

  create NAME [options]     a new workgroup
  update NAME [options]     change only the options given
  get NAME [--json]         its configuration
  list [--json]             all workgroups
  delete NAME               (not 'primary')

Options:
${OPTIONS}`;

const FLAGS = ['output-location', 'result-encryption', 'result-kms-key', 'enforce', 'minimum-encryption', 'bytes-scanned-cutoff', 'query-timeout', 'require-encryption', 'state', 'description', 'json'];

function parseState(v: string): 'ENABLED' | 'DISABLED' {
  const s = v.toUpperCase();
  if (s !== 'ENABLED' && s !== 'DISABLED') throw new AegisError('INVALID_ARGUMENT', `--state must be ENABLED or DISABLED (got '${v}').`);
  return s;
}

/** Applies the flags to a configuration (Athena's WorkGroupConfiguration shape). */
function applyFlags(ctx: CommandContext, base: WorkGroupConfiguration): WorkGroupConfiguration {
  const f = ctx.flags;
  const cfg: WorkGroupConfiguration = structuredClone(base);
  const rc = { ...(cfg.ResultConfiguration ?? {}) };
  const location = f.string('output-location');
  if (location !== undefined) rc.OutputLocation = normalizeOutputLocation(location, '--output-location');
  const encFlag = f.string('result-encryption');
  const minFlag = f.string('minimum-encryption');
  const key = f.string('result-kms-key');
  let option: EncryptionOption | undefined = encFlag !== undefined ? parseEncryptionOption(encFlag, '--result-encryption') : undefined;
  if (minFlag !== undefined) {
    // Athena's minimum is the workgroup's own encryption setting, enabled as a floor.
    const min = parseEncryptionOption(minFlag, '--minimum-encryption');
    if (min === 'NONE') throw new AegisError('INVALID_ARGUMENT', '--minimum-encryption must be SSE_S3, SSE_KMS or CSE_KMS.');
    if (option !== undefined && option !== min) {
      throw new AegisError('INVALID_ARGUMENT', `--minimum-encryption ${min} is the workgroup's result encryption; it cannot differ from --result-encryption ${option}.`);
    }
    option = min;
    cfg.EnableMinimumEncryptionConfiguration = true;
  }
  if (option !== undefined) {
    const keep = rc.EncryptionConfiguration?.KmsKey;
    const kmsKey = key ?? (option === 'SSE_KMS' || option === 'CSE_KMS' ? keep : undefined);
    if (option === 'CSE_KMS' && !kmsKey) throw new AegisError('INVALID_ARGUMENT', 'CSE_KMS needs --result-kms-key.');
    rc.EncryptionConfiguration = { EncryptionOption: option, ...(kmsKey ? { KmsKey: kmsKey } : {}) };
  } else if (key !== undefined) {
    if (!rc.EncryptionConfiguration || rc.EncryptionConfiguration.EncryptionOption === 'SSE_S3' || rc.EncryptionConfiguration.EncryptionOption === 'NONE') {
      throw new AegisError('INVALID_ARGUMENT', '--result-kms-key needs --result-encryption SSE_KMS or CSE_KMS.');
    }
    rc.EncryptionConfiguration = { ...rc.EncryptionConfiguration, KmsKey: key };
  }
  if (Object.keys(rc).length > 0) cfg.ResultConfiguration = rc;
  if (f.has('enforce')) cfg.EnforceWorkGroupConfiguration = f.bool('enforce');
  const cutoff = f.string('bytes-scanned-cutoff');
  if (cutoff !== undefined) {
    if (cutoff === '0' || cutoff.toLowerCase() === 'none') delete cfg.BytesScannedCutoffPerQuery;
    else {
      const n = Number(cutoff);
      // Athena's minimum cutoff is 10 MB; aegis accepts any positive size (small tables exist).
      if (!Number.isSafeInteger(n) || n < 1) throw new AegisError('INVALID_ARGUMENT', `--bytes-scanned-cutoff must be a positive number of bytes (got '${cutoff}').`);
      cfg.BytesScannedCutoffPerQuery = n;
    }
  }
  const timeout = f.string('query-timeout');
  if (timeout !== undefined) {
    const n = Number(timeout);
    if (!Number.isFinite(n) || n < 0) throw new AegisError('INVALID_ARGUMENT', `--query-timeout must be a number of seconds (got '${timeout}').`);
    if (n === 0) delete cfg.QueryTimeoutSeconds;
    else cfg.QueryTimeoutSeconds = n;
  }
  // The same flag is the engine-wide switch for query commands; here it is the workgroup's.
  if (f.has('require-encryption')) {
    if (f.bool('require-encryption')) cfg.RequireEncryption = true;
    else delete cfg.RequireEncryption;
  }
  return cfg;
}

function describe(wg: WorkgroupMeta): Record<string, unknown> {
  return {
    Name: wg.name,
    State: wg.state,
    ...(wg.description ? { Description: wg.description } : {}),
    Configuration: wg.configuration,
    CreationTime: wg.createTime.toISOString(),
  };
}

function summaryRow(wg: WorkgroupMeta): string[] {
  const c = wg.configuration as WorkGroupConfiguration;
  const enc = c.ResultConfiguration?.EncryptionConfiguration;
  return [
    wg.name,
    wg.state,
    c.ResultConfiguration?.OutputLocation ?? '(default)',
    enc ? `${enc.EncryptionOption}${enc.KmsKey ? ` ${enc.KmsKey}` : ''}` : '(default SSE_S3)',
    c.EnforceWorkGroupConfiguration ? 'yes' : 'no',
    c.EnableMinimumEncryptionConfiguration ? 'yes' : 'no',
    c.BytesScannedCutoffPerQuery !== undefined ? String(c.BytesScannedCutoffPerQuery) : '-',
    c.RequireEncryption ? 'yes' : 'no',
  ];
}

async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = ctx.args;
  if (sub === undefined || sub === 'help') {
    await ctx.io.out(USAGE + '\n');
    return 0;
  }
  // get and list only read: a mistyped --warehouse is reported, not created.
  if (sub === 'get' || sub === 'list') assertWarehouseExists(ctx.config().warehouse);
  const catalog = SqliteCatalog.forWarehouse(ctx.config().warehouse);
  try {
    switch (sub) {
      case 'create': {
        ctx.flags.only(FLAGS);
        const name = positional(rest, 0, 'NAME', 'aegis workgroup create NAME [options]');
        if (!/^[a-zA-Z0-9._-]{1,128}$/.test(name)) throw new AegisError('INVALID_ARGUMENT', `A workgroup name has 1–128 letters, digits, '.', '_' or '-' (got '${name}').`);
        const state = ctx.flags.string('state');
        const description = ctx.flags.string('description');
        catalog.createWorkgroup({
          name,
          configuration: applyFlags(ctx, {}) as Record<string, unknown>,
          ...(state ? { state: parseState(state) } : {}),
          ...(description !== undefined ? { description } : {}),
        });
        await ctx.io.out(`created workgroup ${name}\n`);
        return 0;
      }
      case 'update': {
        ctx.flags.only(FLAGS);
        const name = positional(rest, 0, 'NAME', 'aegis workgroup update NAME [options]');
        const cur = catalog.getWorkgroup(name);
        if (!cur) throw new AegisError('NOT_FOUND', `WorkGroup ${name} is not found`, { workgroup: name });
        const state = ctx.flags.string('state');
        const description = ctx.flags.string('description');
        catalog.updateWorkgroup({
          name,
          configuration: applyFlags(ctx, cur.configuration as WorkGroupConfiguration) as Record<string, unknown>,
          state: state ? parseState(state) : cur.state,
          ...(description !== undefined ? { description } : cur.description !== undefined ? { description: cur.description } : {}),
        });
        await ctx.io.out(`updated workgroup ${name}\n`);
        return 0;
      }
      case 'get': {
        ctx.flags.only(['json']);
        const name = positional(rest, 0, 'NAME', 'aegis workgroup get NAME');
        const wg = catalog.getWorkgroup(name);
        if (!wg) throw new AegisError('NOT_FOUND', `WorkGroup ${name} is not found`, { workgroup: name });
        await ctx.io.out(json(describe(wg)));
        return 0;
      }
      case 'list': {
        ctx.flags.only(['json']);
        const all = catalog.listWorkgroups();
        if (ctx.flags.bool('json')) await ctx.io.out(json(all.map(describe)));
        else await ctx.io.out(table([['NAME', 'STATE', 'OUTPUT LOCATION', 'ENCRYPTION', 'ENFORCE', 'MINIMUM', 'CUTOFF', 'REQUIRE ENCRYPTION'], ...all.map(summaryRow)]));
        return 0;
      }
      case 'delete': {
        ctx.flags.only([]);
        const name = positional(rest, 0, 'NAME', 'aegis workgroup delete NAME');
        catalog.deleteWorkgroup(name);
        await ctx.io.out(`deleted workgroup ${name}\n`);
        return 0;
      }
      default:
        throw new AegisError('INVALID_ARGUMENT', `Unknown command 'aegis workgroup ${sub}'. Try: aegis workgroup --help`);
    }
  } finally {
    catalog.close();
  }
}

export const workgroupCommand: CommandGroup = {
  name: 'workgroup',
  summary: 'create, update, list and delete workgroups (result location, encryption, limits)',
  usage: USAGE,
  booleanFlags: ['json', 'enforce'],
  run,
};
