/**
 * SQLite's "this file is damaged" answers, for the warehouse's SQLite files (object index,
 * catalog): one typed error naming the file, instead of an INTERNAL_ERROR from deep inside.
 */
import Database from 'better-sqlite3';
import { AegisError } from '../errors.js';

const CORRUPT = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_IOERR_SHORT_READ']);

/** Whether an error is SQLite reporting a damaged database file. */
export function isCorruptDatabase(e: unknown): boolean {
  return e instanceof Database.SqliteError && (CORRUPT.has(e.code) || e.code.startsWith('SQLITE_CORRUPT'));
}

/** The typed error for a damaged warehouse file. */
export function corruptDatabase(path: string, what: string, cause: unknown): AegisError {
  return new AegisError(
    'STORAGE_ERROR',
    `The ${what} ${path} is damaged (${(cause as Error).message}). Restore it from a backup; 'aegis warehouse check' reports what else is affected.`,
    { path },
    { cause },
  );
}

const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED_SHAREDCACHE']);

/**
 * Runs the opening steps of a warehouse SQLite file, retrying while another process holds a
 * lock. Two processes opening a brand-new warehouse race to create the file and switch it to WAL;
 * some of those steps answer SQLITE_BUSY at once, without waiting on the busy timeout.
 */
export function openingWithRetry<T>(fn: () => T, totalMs = 30_000): T {
  const deadline = Date.now() + totalMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof Database.SqliteError) || !BUSY.has(e.code) || Date.now() >= deadline) throw e;
      Atomics.wait(pause, 0, 0, wait);
    }
  }
}
