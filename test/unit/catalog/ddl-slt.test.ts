/**
 * Runs the catalog's sqllogictest files (test/sql/ddl/*.slt) through the shared sqllogictest
 * runner (test/sql/slt-runner.ts): each file in a fresh Engine wired to an in-memory
 * SqliteCatalog by createCatalogHooks, results compared exactly.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSltFile } from '../../sql/slt-runner.js';

const DIR = join(__dirname, '../../sql/ddl');
const files = readdirSync(DIR).filter((f) => f.endsWith('.slt')).sort();

describe('test/sql/ddl/*.slt', () => {
  it('finds the files', () => expect(files.length).toBeGreaterThanOrEqual(6));
  for (const file of files) {
    it(file, async () => {
      const { records, failures } = await runSltFile(join(DIR, file));
      const report = failures.map((f) => `line ${f.line}: ${f.message}\n  SQL: ${f.sql.replace(/\n/g, '\n       ')}`).join('\n\n');
      expect(records).toBeGreaterThan(0);
      expect(report).toBe('');
    });
  }
});
