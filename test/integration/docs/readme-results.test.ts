/**
 * The README's results / workgroups / history examples run as written, in order, on a fresh
 * warehouse with the built CLI, and say what the README says they say.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../unit/cli/run-cli.js';

const ROOT = join(import.meta.dirname, '../../..');

function exampleBlock(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- results-example -->\n```sh\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README has no results-example block');
  return m[1]!;
}

let dir: string;
beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'aegis-readme-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README: results, workgroups and history', () => {
  it('runs every example in order, and each does what its comment says', () => {
    const script = `set -euo pipefail\naegis() { node ${JSON.stringify(join(ROOT, 'bin/aegis.js'))} "$@"; }\n${exampleBlock()}`;
    let out: string;
    try {
      out = execFileSync('bash', ['-c', script], {
        cwd: dir,
        env: { ...process.env, AEGIS_WAREHOUSE: join(dir, 'warehouse'), AEGIS_WORKERS: '1', AEGIS_PRINCIPAL: 'readme' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 240_000,
      });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`README example failed:\n${err.stdout}\n${err.stderr}`);
    }
    // The CSE_KMS result of "SELECT 3" read back through `aegis result`.
    expect(out).toContain('"three"\n"3"\n');
    expect(out).toContain('refused, as it should be');
    // The partitioned CTAS plus the INSERT: 5 even squares (220), 6 odd ones (165 + 121).
    expect(out).toMatch(/ false +\| +5 +\| +220\n true +\| +6 +\| +286\n/);
    expect(out).toMatch(/s3:\/\/my-results\/unload\/\S+\.json\.gz/);
    expect(out).toMatch(/secure +ENABLED +s3:\/\/my-results\/secure\/ +CSE_KMS alias\/results +yes/);
    // A refusal before the query runs records no execution (as Athena's StartQueryExecution
    // fails without one), so `history --state FAILED` does not list it.
    expect(out).not.toMatch(/SELECT 5 AS five/);
  }, 300_000);
});
