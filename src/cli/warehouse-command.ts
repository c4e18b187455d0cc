import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { localStoreOptions, openKms } from '../backends.js';
import { AegisError } from '../errors.js';
import { LocalStore } from '../storage/local-store.js';
import { checkLocalStore, deadTempFiles } from '../storage/local-store-check.js';
import { json, type CommandContext, type CommandGroup } from './command.js';

const USAGE = `aegis warehouse check [--repair] [--json]

Verifies the embedded warehouse: the object index and catalog files are sound, every object's
file exists and authenticates (a full read; SSE-KMS objects need kms:Decrypt, SSE-C objects are
counted but cannot be verified without their key), no stored file lacks an index record, and no
temp file of a killed write remains. --repair removes orphan files and dead temp files (never a
record). Exit code 1 when problems remain.`;

async function run(ctx: CommandContext): Promise<number> {
  const [sub] = ctx.args;
  if (sub === undefined || sub === 'help') {
    await ctx.io.out(USAGE + '\n');
    return 0;
  }
  if (sub !== 'check') throw new AegisError('INVALID_ARGUMENT', `Unknown command 'aegis warehouse ${sub}'. Try: aegis warehouse --help`);
  ctx.flags.only(['repair', 'json']);
  const config = ctx.config();
  if (config.storage !== 'local') throw new AegisError('NOT_SUPPORTED', 'aegis warehouse check verifies the embedded warehouse; run it without --storage s3.');
  if (!existsSync(join(config.warehouse, '.store', 'index.sqlite'))) {
    throw new AegisError('NOT_FOUND', `No warehouse at ${config.warehouse}: it has no object index. 'aegis demo' or 'aegis bucket create' makes one.`);
  }
  const dead = deadTempFiles(config.warehouse);
  const kms = openKms(config);
  const store = new LocalStore(localStoreOptions(config, kms));
  let report;
  try {
    report = await checkLocalStore(store, { repair: ctx.flags.bool('repair'), deadTempFiles: dead });
  } finally {
    await store.close();
    await kms.close?.();
  }
  const catalogPath = join(config.warehouse, 'catalog.db');
  if (existsSync(catalogPath)) {
    const db = new Database(catalogPath, { readonly: true });
    try {
      const r = (db.pragma('integrity_check') as { integrity_check: string }[]).map((x) => x.integrity_check).join('; ');
      if (r !== 'ok') report.problems.push({ kind: 'index', where: catalogPath, detail: r });
    } finally {
      db.close();
    }
  }
  const open = report.problems.filter((p) => !p.repaired);
  if (ctx.flags.bool('json')) await ctx.io.out(json(report));
  else {
    const lines = [
      `warehouse ${config.warehouse}: ${report.objects} objects, ${report.verified} verified, ${report.skipped} SSE-C not verifiable without their key`,
      ...report.problems.map((p) => `${p.repaired ? 'repaired' : 'PROBLEM '}  ${p.kind}  ${p.where}  ${p.detail}`),
      open.length === 0 ? 'consistent' : `${open.length} problem(s)${ctx.flags.bool('repair') ? '' : "; 'aegis warehouse check --repair' removes orphan and temp files"}`,
    ];
    await ctx.io.out(lines.join('\n') + '\n');
  }
  return open.length === 0 ? 0 : 1;
}

export const warehouseCommand: CommandGroup = {
  name: 'warehouse',
  summary: 'check (and repair) the embedded warehouse: every object authenticates, no orphans',
  usage: USAGE,
  booleanFlags: ['repair', 'json'],
  run,
};
