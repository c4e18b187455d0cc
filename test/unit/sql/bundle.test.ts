// The parser works when bundled by esbuild and run by plain Node (dt-sql-parser's own ESM cannot
// be imported by Node directly, so green in-process tests alone would not prove the CLI works).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'aegis-sql-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundled parser', () => {
  it('parses under plain Node after an esbuild bundle (same settings as scripts/build.mjs)', async () => {
    const out = join(dir, 'parse.mjs');
    await build({
      stdin: {
        contents: `import { parseStatement } from './src/sql/parse.ts';
          const results = process.argv.slice(2).map((sql) => {
            try { return parseStatement(sql); } catch (e) { return { error: e.code, message: e.message }; }
          });
          console.log(JSON.stringify(results, (k, v) => (typeof v === 'bigint' ? v.toString() + 'n' : k === 'pos' ? undefined : v)));`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      outfile: out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'silent',
      banner: { js: "import { createRequire as __aegisCreateRequire } from 'node:module'; const require = __aegisCreateRequire(import.meta.url);" },
    });
    const stdout = execFileSync(process.execPath, [out, 'SELECT a FROM t WHERE x = ANY (SELECT 1)', 'SHOW TABLES IN db', 'SELECT FROM t'], { encoding: 'utf8' });
    const [q, show, bad] = JSON.parse(stdout);
    expect(q.body.where).toMatchObject({ kind: 'quantified_comparison', quantifier: 'any' });
    expect(show).toEqual({ kind: 'show_tables', database: 'db' });
    expect(bad).toMatchObject({ error: 'SYNTAX_ERROR' });
    expect(bad.message).toMatch(/^line 1:8: mismatched input 'FROM'/);
  }, 60_000);
});
