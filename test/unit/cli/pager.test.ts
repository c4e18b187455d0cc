import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { page } from '../../../src/cli/pager.js';

describe('$PAGER for tall results', () => {
  it('text taller than the terminal goes whole through the pager; shorter text, or no pager, is left to the caller', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aegis-pager-'));
    try {
      const out = join(dir, 'paged.txt');
      const tall = Array.from({ length: 50 }, (_, i) => `row ${i}`).join('\n') + '\n';
      expect(page(tall, { pager: `cat > '${out}'`, rows: 24 })).toBe(true);
      expect(readFileSync(out, 'utf8')).toBe(tall);
      expect(page('one\ntwo\n', { pager: `cat > '${join(dir, 'short.txt')}'`, rows: 24 })).toBe(false);
      expect(page(tall, { pager: undefined, rows: 24 })).toBe(false);
      expect(page(tall, { pager: 'exit 3', rows: 24 })).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
