/**
 * The `aegis` command: global flags (README: Configuration), then a command group from the dispatch
 * table (commands.ts), one file per group. Failures print one line `ERROR <CODE>: message` on stderr and
 * exit non-zero (1 for errors a user can act on, 2 for internal errors).
 */
import { GLOBAL_BOOLEAN_FLAGS, GLOBAL_FLAGS, resolveConfig, type AegisConfig } from '../config.js';
import { AegisError, exitCodeOf } from '../errors.js';
import { FlagReader, parseArgs } from './args.js';
import { writeTo, type CommandIo } from './command.js';
import { COMMANDS } from './commands.js';
import { VERSION } from './version.js';

/** What `aegis` runs when no command is given, if registered. */
const DEFAULT_COMMAND = 'repl';

/** The global flags that take no value (others take the next word). */
const GLOBAL_BOOLEANS = ['help', 'version', ...GLOBAL_BOOLEAN_FLAGS];

/**
 * The command name: the first word that is not a flag or a flag's value. Only global flags may
 * come before it, so only their arity matters here.
 */
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1];
    if (a === '-h') continue;
    if (a.startsWith('--') && a.length > 2 && !/\s/.test(a)) {
      // A flag followed by another flag takes no value (parseArgs agrees), so a command's own
      // boolean before the global flags (`aegis --interactive --warehouse w`) is not taken for a value flag.
      if (!a.includes('=') && !GLOBAL_BOOLEANS.includes(a.slice(2)) && !argv[i + 1]?.startsWith('--')) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

function usage(): string {
  const names = Object.entries(COMMANDS).map(([name, c]) => ({ name, summary: c.summary }));
  const width = Math.max(...names.map((c) => c.name.length));
  return [
    `aegis ${VERSION} — Athena-compatible SQL over (encrypted) S3 objects`,
    '',
    'Usage: aegis <command> [args] [global flags]',
    '',
    ...names.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global flags (else env, else aegis.config.json, else default):',
    '  --warehouse DIR (AEGIS_WAREHOUSE, ./warehouse)   --storage local|s3 (AEGIS_STORAGE)',
    '  --kms local|aws (AEGIS_KMS)   --region R (AWS_REGION, us-east-1)   --principal P (AEGIS_PRINCIPAL, OS user)',
    '  --s3-endpoint URL (AWS_ENDPOINT_URL_S3)   --kms-endpoint URL (AWS_ENDPOINT_URL_KMS)',
    '  --s3-path-style (AEGIS_S3_PATH_STYLE=1)   --workers N (AEGIS_WORKERS, CPU count)',
    '  --max-query-memory SIZE (AEGIS_MAX_QUERY_MEMORY, 40% of the heap; e.g. 512MB, 2GB)',
    '  --spill-dir DIR (AEGIS_SPILL_DIR, <tmpdir>/aegis-spill): encrypted spill files of queries past it',
    '  AEGIS_KEYRING_PASSPHRASE (env or config file only): seals the warehouse\'s own keys; without',
    '  it anyone who can read the warehouse folder can decrypt its data (README: Configuration)',
    '',
    'Run `aegis help <command>` or `aegis <command> --help` for a command\'s usage.',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const requested = commandName(argv);
  // `aegis` alone starts the REPL (the `repl` command, DEFAULT_COMMAND).
  const wantsHelp = argv.includes('--help') || argv.includes('-h') || argv.includes('--version');
  const chosen = requested ?? (!wantsHelp && Object.hasOwn(COMMANDS, DEFAULT_COMMAND) ? DEFAULT_COMMAND : undefined);
  const entry = chosen !== undefined && Object.hasOwn(COMMANDS, chosen) ? COMMANDS[chosen] : undefined;
  const group = entry ? await entry.load() : undefined;
  const parsed = parseArgs(argv, new Set([...GLOBAL_BOOLEANS, ...(group?.booleanFlags ?? [])]));
  const [name, ...args] = requested === undefined && chosen !== undefined ? [chosen, ...parsed.positionals] : parsed.positionals;
  if (parsed.flags.has('version')) {
    await io.out(`aegis ${VERSION}\n`);
    return 0;
  }
  if (name === 'help' && args[0] !== undefined) {
    // `aegis help <command>`: that command's usage, as `aegis <command> --help`.
    const topic = args[0];
    if (!Object.hasOwn(COMMANDS, topic)) {
      throw new AegisError('INVALID_ARGUMENT', `Unknown command '${topic}'. Commands: ${Object.keys(COMMANDS).join(', ')}. Try: aegis --help`);
    }
    await io.out((await COMMANDS[topic]!.load()).usage + '\n');
    return 0;
  }
  if (name === undefined || name === 'help') {
    await io.out(usage());
    return name === undefined && !parsed.flags.has('help') ? 1 : 0;
  }
  if (!group || group.name !== name) {
    throw new AegisError('INVALID_ARGUMENT', `Unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}. Try: aegis --help`);
  }
  if (parsed.flags.has('help')) {
    await io.out(group.usage + '\n');
    return 0;
  }
  const flags = new FlagReader(parsed.flags, `aegis ${name}${args[0] ? ' ' + args[0] : ''}`, GLOBAL_FLAGS);
  let config: AegisConfig | undefined;
  return group.run({ args, flags, io, config: () => (config ??= resolveConfig(flags.record())) });
}

// The AWS SDK warns on stderr, once per process, that future SDK releases will need Node 22.
// That is a note for whoever upgrades dependencies, not for an aegis user, and it would break
// the one-line error contract on stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A reader that stops early (`aegis object get … | head`) closes the pipe: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

const io: CommandIo = { out: (t) => writeTo(process.stdout, t), err: (t) => writeTo(process.stderr, t) };

main(process.argv.slice(2), io).then(
  (code) => process.exit(code),
  async (e: unknown) => {
    if ((e as NodeJS.ErrnoException)?.code === 'EPIPE') process.exit(0);
    const line = e instanceof AegisError ? e.toLine() : `ERROR INTERNAL_ERROR: ${e instanceof Error ? e.message : String(e)}`;
    await io.err(line.replace(/\s*\n\s*/g, ' ') + '\n').catch(() => undefined);
    process.exit(exitCodeOf(e));
  },
);
