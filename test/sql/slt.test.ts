/**
 * Runs every test/sql/**\/*.slt file, each in a fresh Engine (see slt-runner.ts for the format).
 * test/sql/ddl/ holds the catalog's own records, run by test/unit/catalog/ddl-slt.test.ts with
 * its whitespace-insensitive comparison, so they are skipped here.
 * SLT_FILTER=substring limits the run to matching paths.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSltFile } from './slt-runner.js';

const root = new URL('.', import.meta.url).pathname;

function findSlt(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (p !== join(root, 'ddl')) out.push(...findSlt(p));
    }
    else if (name.endsWith('.slt')) out.push(p);
  }
  return out;
}

const filter = process.env['SLT_FILTER'];
const files = findSlt(root).filter((f) => !filter || f.includes(filter));

describe('sqllogictest', () => {
  for (const file of files) {
    it(relative(root, file), async () => {
      const { records, failures } = await runSltFile(file);
      const report = failures.map((f) => `line ${f.line}: ${f.message}\n  SQL: ${f.sql.replace(/\n/g, '\n       ')}`).join('\n\n');
      expect(records).toBeGreaterThan(0);
      expect(report).toBe('');
    });
  }
});
