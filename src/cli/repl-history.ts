/**
 * The REPL's line history, kept in the warehouse (`<warehouse>/.aegis_history`) rather than the
 * working directory, readable by its owner only (0600): queries name tables, buckets and keys a
 * user may not want other local accounts to see. Key material never travels through SQL in
 * aegis, so the lines themselves are stored as typed.
 *
 * One entry per line of the file: a single-line entry as typed, a multi-line statement as one
 * JSON string (`"SELECT 1\nFROM t"`), so it comes back whole.
 */
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The history file name inside the warehouse. */
export const HISTORY_FILE = '.aegis_history';

export class HistoryFile {
  private last: string | undefined;

  /**
   * @param path the history file (created on the first recorded line)
   * @param limit lines kept; the file is cut back to this many on open
   */
  constructor(
    readonly path: string,
    readonly limit = 1000,
  ) {}

  static forWarehouse(warehouse: string): HistoryFile {
    return new HistoryFile(join(warehouse, HISTORY_FILE));
  }

  /**
   * The recorded lines, most recent first (readline's `history` order), cutting the file back to
   * {@link limit} lines and restoring its 0600 mode. A missing or unreadable file is an empty
   * history: history is a convenience and never stops the REPL.
   */
  load(): string[] {
    try {
      if (!existsSync(this.path)) return [];
      chmodSync(this.path, 0o600);
      const lines = readFileSync(this.path, 'utf8').split('\n').filter((l) => l !== '');
      const kept = lines.slice(-this.limit);
      if (kept.length < lines.length) writeFileSync(this.path, kept.join('\n') + '\n', { mode: 0o600 });
      const entries = kept.map(decodeEntry);
      this.last = entries.at(-1);
      return entries.reverse();
    } catch {
      return [];
    }
  }

  /**
   * Appends one entry — an input line or a whole multi-line statement (blank entries and
   * immediate repeats are skipped, as readline does).
   */
  add(line: string): void {
    if (line.trim() === '' || line === this.last) return;
    this.last = line;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      appendFileSync(this.path, encodeEntry(line) + '\n', { mode: 0o600 });
    } catch {
      // A read-only warehouse loses history, not the session.
    }
  }
}

/** A multi-line entry as a JSON string on one line; a one-line entry as is. */
function encodeEntry(entry: string): string {
  return /[\r\n]/.test(entry) ? JSON.stringify(entry.replace(/\r\n?/g, '\n')) : entry;
}

/** The entry a history line holds (a line that is not a JSON string is taken as typed). */
function decodeEntry(line: string): string {
  if (!line.startsWith('"') || !line.endsWith('"') || !line.includes('\\n')) return line;
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'string' ? v : line;
  } catch {
    return line;
  }
}
