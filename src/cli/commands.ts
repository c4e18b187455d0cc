import type { CommandGroup } from './command.js';

/**
 * A dispatch-table entry. Command modules are imported only when their command runs, so
 * `aegis kms …` does not load the SQL engine and `--help` loads nothing (the build splits the
 * bundle at these dynamic imports).
 */
export interface CommandEntry {
  /** One line for `aegis --help` (the module's own `summary`, repeated here to avoid loading it). */
  summary: string;
  load: () => Promise<CommandGroup>;
}

/** Dispatch table: `aegis <name> …` runs the group `COMMANDS[name].load()` returns. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  repl: { summary: 'interactive SQL shell (the default); runs a script from stdin', load: async () => (await import('./repl-command.js')).replCommand },
  query: { summary: 'run one SQL statement, print its result and store it encrypted', load: async () => (await import('./query-command.js')).queryCommand },
  history: { summary: 'list query executions, newest first', load: async () => (await import('./history-command.js')).historyCommand },
  result: { summary: 'read a stored query result back (decrypting it)', load: async () => (await import('./result-command.js')).resultCommand },
  serve: { summary: 'serve the Athena API (AWS JSON 1.1) for the AWS SDKs, CLI and boto3', load: async () => (await import('./serve-command.js')).serveCommand },
  'access-key': { summary: "create, list and delete the keys that sign requests to 'aegis serve'", load: async () => (await import('./access-key-command.js')).accessKeyCommand },
  warehouse: { summary: 'check (and repair) the embedded warehouse: every object authenticates, no orphans', load: async () => (await import('./warehouse-command.js')).warehouseCommand },
  workgroup: { summary: 'create, update, list and delete workgroups (result location, encryption, limits)', load: async () => (await import('./workgroup-command.js')).workgroupCommand },
  preflight: { summary: 'list every object of a table with its encryption and verdict', load: async () => (await import('./preflight-command.js')).preflightCommand },
  demo: { summary: 'build a sample warehouse (if missing) and tour it', load: async () => (await import('./demo-command.js')).demoCommand },
  bench: { summary: 'TPC-H over encrypted objects, timed against DuckDB', load: async () => (await import('./bench-command.js')).benchCommand },
  kms: { summary: 'create, list, disable/enable, rotate, grant and audit KMS keys', load: async () => (await import('./kms-command.js')).kmsCommand },
  bucket: { summary: 'create and list buckets', load: async () => (await import('./bucket-command.js')).bucketCommand },
  object: { summary: 'head (encryption report), get (decrypt), put (SSE/CSE-KMS), ls', load: async () => (await import('./object-command.js')).objectCommand },
};

