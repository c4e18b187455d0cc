/**
 * `$PAGER` for tall results of `aegis query` on a terminal (psql's pager): text taller than the
 * terminal goes through the user's pager; with no `$PAGER`, or not on a terminal, the caller
 * prints it (and on a terminal cuts it to a head and tail instead).
 */
import { spawnSync } from 'node:child_process';

export interface PagerTarget {
  /** `$PAGER` (a shell command line, e.g. `less -S`); empty or undefined: no pager. */
  pager: string | undefined;
  /** Terminal rows; the pager is used only for text with more lines than this. */
  rows: number;
}

/**
 * Shows `text` through the pager when it is taller than the terminal.
 * @returns true when the pager showed it (exit status 0), false when the caller should print it.
 */
export function page(text: string, t: PagerTarget): boolean {
  if (!t.pager || t.pager.trim() === '') return false;
  const lines = text.split('\n').length - 1;
  if (lines <= t.rows) return false;
  const r = spawnSync(t.pager, { input: text, stdio: ['pipe', 'inherit', 'inherit'], shell: true });
  return r.error === undefined && r.status === 0;
}
