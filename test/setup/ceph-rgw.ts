/**
 * Starts a real Ceph RADOS Gateway for the test run: a one-node cluster (1 mon, 1 memstore OSD)
 * with two zonegroups, us-east-1 and eu-west-1, each served by its own radosgw
 * (scripts/ceph-rgw-up.sh with MULTI=1). Credentials AKIATEST / testsecret, path-style
 * addressing, SSE-KMS keys `testkey-1` and `testkey-2`.
 *
 * - Ports 7480/7481 (and 6789 for the monitor) when free, otherwise free ports chosen by the OS,
 *   so several runs on one machine do not collide.
 * - When `AEGIS_TEST_RGW` and `AEGIS_TEST_RGW_EU` are already set, that gateway is reused and
 *   nothing is started (saves ~20 s when iterating on integration tests).
 * - The daemons outlive a killed test run only briefly: the script's watchdog stops them once
 *   this process is gone.
 * - Returns null only when `radosgw` is not installed; any other failure throws.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CephRgw {
  /** us-east-1 endpoint, e.g. http://127.0.0.1:7480 */
  endpoint: string;
  /** eu-west-1 endpoint */
  endpointEu: string;
  stop: () => Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('../../scripts/ceph-rgw-up.sh', import.meta.url));

function onPath(bin: string): boolean {
  return (process.env.PATH ?? '/usr/bin:/bin').split(delimiter).some((d) => d && existsSync(join(d, bin)));
}

/** Resolves to `port` if it can be bound on 127.0.0.1, else to a free port the OS picks. */
function freePort(preferred: number, taken: Set<number>): Promise<number> {
  const tryPort = (p: number): Promise<number | null> =>
    new Promise((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(null));
      srv.listen(p, '127.0.0.1', () => {
        const got = (srv.address() as { port: number }).port;
        srv.close(() => resolve(got));
      });
    });
  return (async () => {
    const first = taken.has(preferred) ? null : await tryPort(preferred);
    let port = first;
    while (port === null || taken.has(port)) port = await tryPort(0);
    taken.add(port);
    return port;
  })();
}

/** The pids recorded in `dir` (only those in `names` when given). */
function pidsIn(dir: string, names?: string[]): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pid') && (!names || names.includes(f)))
    .map((f) => Number(readFileSync(join(dir, f), 'utf8').trim()))
    .filter((p) => Number.isInteger(p) && p > 1);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM the daemons, gateways first (a radosgw whose monitor is gone can hang on SIGTERM),
 * wait for them (memstore OSDs take a few seconds), SIGKILL stragglers.
 */
async function stopDaemons(dir: string): Promise<void> {
  const all = pidsIn(dir);
  const gateways = pidsIn(dir, ['rgw.pid', 'rgwb.pid', 'watchdog.pid']);
  signal(gateways, 'SIGTERM');
  await waitExit(gateways, 5_000);
  signal(all.filter((p) => !gateways.includes(p)), 'SIGTERM');
  await waitExit(all, 15_000);
  signal(all.filter(alive), 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      /* already gone */
    }
  }
}

async function waitExit(pids: number[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

export async function startCephRgw(): Promise<CephRgw | null> {
  const reuse = process.env.AEGIS_TEST_RGW;
  const reuseEu = process.env.AEGIS_TEST_RGW_EU;
  if (reuse && reuseEu) {
    console.log(`[ceph-rgw] reusing the gateway at ${reuse} (eu-west-1: ${reuseEu})`);
    return { endpoint: reuse, endpointEu: reuseEu, stop: async () => {} };
  }
  if (!onPath('radosgw') || !onPath('ceph-mon') || !onPath('ceph-osd')) {
    console.warn('[ceph-rgw] radosgw/ceph-mon/ceph-osd not installed: S3Store integration suites will be skipped');
    return null;
  }
  try {
    return await launch(true);
  } catch (e) {
    // Another run may have taken the well-known ports between our check and the daemons'
    // bind; try once more on ports the OS picks.
    console.warn(`[ceph-rgw] first start failed, retrying on random ports: ${(e as Error).message.split('\n')[0]}`);
    return await launch(false);
  }
}

async function launch(wellKnownPorts: boolean): Promise<CephRgw> {
  const taken = new Set<number>();
  const rgwPort = await freePort(wellKnownPorts ? 7480 : 0, taken);
  const rgwPortEu = await freePort(wellKnownPorts && rgwPort === 7480 ? 7481 : 0, taken);
  const monPort = await freePort(wellKnownPorts ? 6789 : 0, taken);
  const dir = mkdtempSync(join(tmpdir(), 'aegis-rgw-'));
  const t0 = Date.now();
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        'bash',
        [SCRIPT],
        {
          env: { ...process.env, D: dir, MULTI: '1', OWNER_PID: String(process.pid), RGW_PORT: String(rgwPort), RGW_PORT_EU: String(rgwPortEu), MON_PORT: String(monPort), WAIT_SECS: '150' },
          timeout: 180_000,
          maxBuffer: 4 * 1024 * 1024,
        },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`scripts/ceph-rgw-up.sh failed (${err.message}):\n${stdout}\n${stderr}`.slice(-4000)));
          else resolve();
        },
      );
    });
  } catch (e) {
    await stopDaemons(dir);
    throw e;
  }
  console.log(`[ceph-rgw] up in ${((Date.now() - t0) / 1000).toFixed(1)} s: us-east-1 :${rgwPort}, eu-west-1 :${rgwPortEu}`);
  return {
    endpoint: `http://127.0.0.1:${rgwPort}`,
    endpointEu: `http://127.0.0.1:${rgwPortEu}`,
    stop: () => stopDaemons(dir),
  };
}
