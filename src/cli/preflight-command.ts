import { openEngine } from '../api/open-engine.js';
import { preflightNamedTable } from '../api/preflight-table.js';
import { assertWarehouseExists } from '../api/warehouse-access.js';
import { positional } from './args.js';
import { json, table, type CommandContext, type CommandGroup } from './command.js';

const USAGE = `aegis preflight <[db.]table> [--json]

Lists every object of a table with its encryption mode, key, bucket region and verdict
(readable, or refused and why), without running a query. Exit code 0 when every object is
readable, 1 when at least one would be refused.`;

async function run(ctx: CommandContext): Promise<number> {
  ctx.flags.only(['json', 'database']);
  const name = positional(ctx.args, 0, '<table>', USAGE);
  const config = ctx.config();
  // Reading only: a mistyped --warehouse is reported, not created.
  assertWarehouseExists(config.warehouse);
  const rt = openEngine(config, { inProcess: true });
  try {
    // The same check the library's db.preflight() and the shell's \preflight run.
    const entries = await preflightNamedTable(rt, name, ctx.flags.string('database') ?? 'default');
    if (ctx.flags.bool('json')) {
      await ctx.io.out(json(entries));
    } else {
      const rows = [['OBJECT', 'MODE', 'KEY', 'REGION', 'VERDICT']];
      for (const e of entries) rows.push([e.uri, e.mode, e.keyId ?? '-', e.region ?? '-', e.verdict === 'readable' ? 'readable' : `refused ${e.code}: ${e.reason}`]);
      await ctx.io.out(table(rows));
      const refused = entries.filter((e) => e.verdict === 'refused').length;
      await ctx.io.out(`${entries.length} object(s): ${entries.length - refused} readable, ${refused} refused\n`);
    }
    return entries.some((e) => e.verdict === 'refused') ? 1 : 0;
  } finally {
    await rt.close();
  }
}

export const preflightCommand: CommandGroup = {
  name: 'preflight',
  summary: 'list every object of a table with its encryption and verdict',
  usage: USAGE,
  booleanFlags: ['json'],
  run,
};
