/**
 * Starts moto's server (its KMS is what AwsKms is tested against) on a free loopback port.
 * `moto_server` comes with the machine image's Python; when it is not on PATH this returns null
 * and the moto-backed suites skip with a note.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

function onPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, bin);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

export async function startMoto(): Promise<{ endpoint: string; stop: () => Promise<void> } | null> {
  const bin = onPath('moto_server');
  if (!bin) {
    console.warn('note: moto_server is not on PATH; AwsKms suites against moto will be skipped');
    return null;
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // Detached (own process group) so a test runner's signal handling does not take it down early,
  // and so stop() can end moto and any child it forked.
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: 'ignore' });
  child.unref();
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  const deadline = Date.now() + 30_000;
  while (!(await answers(`${endpoint}/moto-api/`))) {
    if (exited !== null) throw new Error(`moto_server exited with code ${exited} before answering on ${endpoint}`);
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async (): Promise<void> => {
    if (exited !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const until = Date.now() + 5000;
    while (exited === null && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    if (exited === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  return { endpoint, stop };
}
