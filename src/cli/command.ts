import type { AegisConfig } from '../config.js';
import { FlagReader } from './args.js';

/** What a command group gets: its own arguments (after the group name), flags and config. */
export interface CommandContext {
  /** Positionals after the group name, e.g. `['create-key']` for `aegis kms create-key`. */
  args: string[];
  flags: FlagReader;
  /** Lazily resolved (a bad config must not break `--help`). */
  config(): AegisConfig;
  io: CommandIo;
}

export interface CommandIo {
  out(text: string | Uint8Array): Promise<void>;
  err(text: string): Promise<void>;
}

/**
 * One top-level command (`aegis kms …`, `aegis bucket …`), one file each, registered in
 * main.ts's dispatch table.
 */
export interface CommandGroup {
  name: string;
  /** One line for `aegis --help`. */
  summary: string;
  /** Full usage text for `aegis <name> --help`. */
  usage: string;
  /** Flags of this group that take no value (so the parser does not eat the next word). */
  booleanFlags: readonly string[];
  /** Runs the command and returns the exit code. Throws AegisError for user-visible failures. */
  run(ctx: CommandContext): Promise<number>;
}

/** Writes to a stream and resolves once the data is handed to the OS (so exit cannot cut it). */
export function writeTo(stream: NodeJS.WritableStream, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (e) => (e ? reject(e) : resolve()));
  });
}

/** Stable, pretty JSON for command output (Dates as ISO strings). */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** Left-aligned text columns. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n') + '\n';
}
