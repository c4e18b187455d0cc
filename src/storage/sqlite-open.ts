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
