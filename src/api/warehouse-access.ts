/**
 * The warehouse directory as users get it wrong: a mistyped path, a file, a directory they may
 * not write, a read-only file system. Each gets its own code and a message naming the path
 * (never INTERNAL_ERROR from a failed mkdir or SQLite open), commands that only read never create
 * a warehouse, and a table or database that is not found names the warehouse it was looked for in.
 */
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AegisError } from '../errors.js';

/** The file that makes a directory a warehouse (the catalog). */
const CATALOG_FILE = 'catalog.db';

const HOW_TO_CREATE = 'Run a command that writes (e.g. `aegis demo`, or `aegis query "CREATE DATABASE d"`) to create one there, or point --warehouse / AEGIS_WAREHOUSE at an existing one';

function unusable(dir: string, why: string, cause?: unknown): AegisError {
  return new AegisError('WAREHOUSE_UNUSABLE', `The warehouse ${dir} ${why}.`, { warehouse: dir }, cause ? { cause } : undefined);
}

function writable(path: string): NodeJS.ErrnoException | undefined {
  try {
    accessSync(path, constants.W_OK);
    return undefined;
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}

function notWritable(dir: string, path: string, e: NodeJS.ErrnoException): AegisError {
  const where = path === dir ? '' : ` (${path})`;
  if (e.code === 'EROFS') return unusable(dir, `is on a read-only file system${where}; choose a writable location with --warehouse`, e);
  return unusable(dir, `is not writable${where}: ${e.code ?? e.message}; fix its permissions or choose another --warehouse`, e);
}

/**
 * Checks that `dir` can hold a warehouse (existing or to be created): not a file, writable, not
 * on a read-only file system — or, when missing, that its nearest existing parent is.
 * @throws AegisError WAREHOUSE_UNUSABLE naming the path and what is wrong.
 */
export function assertWarehouseUsable(dir: string): void {
  let path = dir;
  // The nearest existing ancestor decides whether the warehouse can be created.
  while (!existsSync(path)) {
    const up = dirname(path);
    if (up === path) break;
    path = up;
  }
  const st = statSync(path, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) {
    throw unusable(dir, path === dir ? 'is a file, not a directory' : `cannot be created: ${path} is a file`);
  }
  const e = writable(path);
  if (e) throw notWritable(dir, path, e);
  if (path === dir) {
    const catalog = join(dir, CATALOG_FILE);
    const ce = existsSync(catalog) ? writable(catalog) : undefined;
    if (ce) throw notWritable(dir, catalog, ce);
  }
}

/** For commands that only read the embedded store (`storage`) or KMS (`kms`), when that backend is the local one. */
export function assertLocalWarehouseExists(config: { warehouse: string; storage: string; kms: string }, backend: 'storage' | 'kms'): void {
  if (config[backend] === 'local') assertWarehouseExists(config.warehouse);
}

/**
 * For commands that only read: the warehouse must exist (nothing is created).
 * @throws AegisError WAREHOUSE_NOT_FOUND saying none exists at the path and how to make one;
 *   WAREHOUSE_UNUSABLE as {@link assertWarehouseUsable}.
 */
export function assertWarehouseExists(dir: string): void {
  const st = statSync(dir, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw unusable(dir, 'is a file, not a directory');
  // Any content (catalog, buckets, keyring) makes it a warehouse; a missing or empty directory is not one.
  if (!st || readdirSync(dir).length === 0) {
    throw new AegisError('WAREHOUSE_NOT_FOUND', `No warehouse exists at ${dir} (nothing was created). ${HOW_TO_CREATE}.`, { warehouse: dir });
  }
  assertWarehouseUsable(dir);
}

/** A table, view or database NOT_FOUND message: the warehouse names where it was looked for. */
const CATALOG_NOT_FOUND = /\b(Table|View|Database|Schema)\b[^]*\b(does not exist|cannot be resolved|not found)|Database does not exist/i;

/** `e`, or for a table/database NOT_FOUND the same error naming the warehouse it looked in. */
export function namingWarehouse(e: unknown, dir: string): unknown {
  if (!(e instanceof AegisError) || e.code !== 'NOT_FOUND' || e.message.includes(dir) || !CATALOG_NOT_FOUND.test(e.message)) return e;
  const named = new AegisError(e.code, `${e.message} (warehouse ${dir})`, { ...e.details, warehouse: dir }, { cause: e });
  return named;
}
