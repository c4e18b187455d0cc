/** Runs the BUILT `aegis` binary (bin/aegis.js → dist/cli.js), as a user would. */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let built = false;

/** Builds dist/ once per test file (esbuild; about a second). */
export function buildCli(): void {
  if (built) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
  built = true;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/** Runs `node bin/aegis.js …args` in `cwd` with a clean, explicit environment. */
export function aegis(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliResult {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...opts.env };
  const r = spawnSync(process.execPath, [`${root}/bin/aegis.js`, ...args], {
    cwd: opts.cwd ?? root,
    env,
    input: opts.input,
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), stdoutBytes: r.stdout };
}
