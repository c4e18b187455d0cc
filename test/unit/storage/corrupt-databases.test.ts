/**
 * A damaged object index or catalog file is a typed STORAGE_ERROR naming the file — never an
 * INTERNAL_ERROR, never an empty warehouse.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { AegisError } from '../../../src/errors.js';
import { LocalStore } from '../../../src/storage/local-store.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-corrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(fn: () => unknown): AegisError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AegisError);
    return e as AegisError;
  }
  throw new Error('expected an error');
}

describe('damaged warehouse files', () => {
  it('an object index that is not a database names the file', async () => {
    const root = join(dir, 'wh-index');
    const store = new LocalStore({ root });
    await store.close();
    writeFileSync(join(root, '.store', 'index.sqlite'), Buffer.alloc(8192, 0x5a));
    const e = failure(() => new LocalStore({ root }));
    expect(e.code).toBe('STORAGE_ERROR');
    expect(e.message).toContain(join(root, '.store', 'index.sqlite'));
    expect(e.message).toMatch(/damaged/);
  });

  it('a catalog that is not a database names the file', () => {
    const path = join(dir, 'catalog.db');
    writeFileSync(path, Buffer.alloc(8192, 0x33));
    const e = failure(() => new SqliteCatalog(path));
    expect(e.code).toBe('STORAGE_ERROR');
    expect(e.message).toContain(path);
  });
});
