import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryFile } from '../../../src/cli/repl-history.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-repl-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('REPL history file', () => {
  it('lives in the warehouse, is created 0600, skips blanks and repeats', () => {
    const h = HistoryFile.forWarehouse(join(dir, 'wh'));
    expect(h.path).toBe(join(dir, 'wh', '.aegis_history'));
    expect(h.load()).toEqual([]);
    for (const l of ['SELECT 1;', 'SELECT 1;', '   ', 'USE sales;', 'SELECT 1;']) h.add(l);
    expect(readFileSync(h.path, 'utf8')).toBe('SELECT 1;\nUSE sales;\nSELECT 1;\n');
    expect(statSync(h.path).mode & 0o777).toBe(0o600);
  });

  it('loads most recent first, cuts the file back to the limit and restores mode 0600', () => {
    const path = join(dir, 'cut_history');
    writeFileSync(path, 'a\nb\nc\nd\ne\n', { mode: 0o644 });
    const h = new HistoryFile(path, 3);
    expect(h.load()).toEqual(['e', 'd', 'c']);
    expect(readFileSync(path, 'utf8')).toBe('c\nd\ne\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    h.add('e');
    h.add('f');
    expect(readFileSync(path, 'utf8')).toBe('c\nd\ne\nf\n');
  });
});
