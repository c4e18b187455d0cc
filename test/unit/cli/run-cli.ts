/** Runs the BUILT `aegis` binary (bin/aegis.js → dist/cli.js), as a user would. */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let built = false;

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSourceMtime(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  try {
    const dist = statSync(join(root, 'dist', 'cli.js')).mtimeMs;
    const inputs = Math.max(newestSourceMtime(join(root, 'src')), statSync(join(root, 'scripts', 'build.mjs')).mtimeMs, statSync(join(root, 'package.json')).mtimeMs);
    return dist >= inputs;
  } catch {
    return false;
  }
}

/**
 * Makes sure dist/ is built from the current sources. Test files run in parallel and spawn the
 * binary while others might rebuild it (esbuild rewrites dist/cli.js in place, so a process
 * starting mid-write could read half a file): build only when dist/ is older than the sources
 * (`npm test` has just built it, so CI never rebuilds here), under a lock file.
 */
export function buildCli(): void {
  if (built) return;
  const lock = join(root, 'dist', '.build.lock');
  execFileSync('mkdir', ['-p', join(root, 'dist')]);
  const deadline = Date.now() + 120_000;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(lock, 'wx');
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      execFileSync('sleep', ['0.2']);
    }
  }
  try {
    if (!distIsFresh()) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
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
