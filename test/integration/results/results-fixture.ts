/**
 * Shared pieces of the query-result suites: one small table stored in each source encryption mode
 * (none, SSE-S3, SSE-KMS under key A, CSE-KMS under key C), the result encryptions to write with
 * (SSE_S3, SSE_KMS under key B, CSE_KMS under key D), over a LocalStore warehouse with LocalKms or
 * over Ceph RGW with moto KMS; the query every cell runs and the exact CSV it must give; and the
 * built CLI run as a child process that can be killed or run two at a time.
 *
 * On RGW, SSE-KMS uses its `testing` backend keys (A = testkey-1, B = testkey-2), SSE-S3 is
 * accepted but neither applied nor reported by Pacific (measured-here.md), CSE keys are moto's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AegisRuntime } from '../../../src/api/open-engine.js';
import { putSealed } from '../../../src/crypto/seal.js';
import type { EncryptionConfiguration } from '../../../src/results/result-configuration.js';
import type { ObjectHead, SseRequest } from '../../../src/storage/object-store.js';
import { openLocal, openRgw, servers } from '../tables/tpch-fixture.js';

export { servers };

export const SOURCE_MODES = ['none', 'sse_s3', 'sse_kms', 'cse_kms'] as const;
export type SourceMode = (typeof SOURCE_MODES)[number];
export const RESULT_OPTIONS = ['SSE_S3', 'SSE_KMS', 'CSE_KMS'] as const;
export type ResultOption = (typeof RESULT_OPTIONS)[number];

/** The source rows as Hive text, in two objects (`\N` is NULL, an empty field is ''). */
const SOURCE_OBJECTS = ['1,plain,1.50\n2,say "hi",20.00\n3,,0.05\n', '4,\\N,3.00\n5,ünïcødé €,100.25\n'];
const COLUMNS = 'id int, name string, price decimal(10,2)';

/** The query each matrix cell runs over `src.t_<mode>`: NULL, '', quotes, newlines, decimals. */
export function matrixQuery(mode: SourceMode): string {
  return `SELECT id, name, price, price * 2 AS doubled, NULL AS nothing, '' AS blank, concat(coalesce(name, 'null'), chr(10), 'line 2') AS multi FROM src.t_${mode} ORDER BY id`;
}

/** The exact bytes of that query's result, whatever the source's encryption. */
export const MATRIX_CSV =
  '"id","name","price","doubled","nothing","blank","multi"\n' +
  '"1","plain","1.50","3.00",,"","plain\nline 2"\n' +
  '"2","say ""hi""","20.00","40.00",,"","say ""hi""\nline 2"\n' +
  '"3","","0.05","0.10",,"","\nline 2"\n' +
  '"4",,"3.00","6.00",,"","null\nline 2"\n' +
  '"5","ünïcødé €","100.25","200.50",,"","ünïcødé €\nline 2"\n';

export interface ResultBackend {
  readonly name: 'local' | 'rgw';
  readonly dir: string;
  readonly rt: AegisRuntime;
  /** Source tables' bucket and the results bucket. */
  readonly lake: string;
  readonly results: string;
  /** Source key A (SSE-KMS) and C (CSE-KMS) as configured, plus every spelling of them. */
  readonly sourceKeyIds: string[];
  /** How the source objects of each mode are stored. */
  readonly sourceSse: Record<Exclude<SourceMode, 'cse_kms'>, SseRequest>;
  readonly keyA: string;
  readonly keyC: string;
  /** Result keys: B (SSE_KMS) and D (CSE_KMS, an ARN). */
  readonly keyB: string;
  readonly keyD: string;
  /** What HEAD reports as the key of an SSE_KMS object under B. */
  readonly headKeyB: string;
  /** Whether the store reports SSE-S3 (`AES256`) on HEAD. */
  readonly reportsSseS3: boolean;
  /** Environment and flags the built CLI needs for the same warehouse and servers. */
  readonly cliEnv: Record<string, string>;
  readonly cliFlags: string[];
  encryption(option: ResultOption): EncryptionConfiguration;
}

function encryptionOf(b: Pick<ResultBackend, 'keyB' | 'keyD'>, option: ResultOption): EncryptionConfiguration {
  return option === 'SSE_S3' ? { EncryptionOption: 'SSE_S3' } : option === 'SSE_KMS' ? { EncryptionOption: 'SSE_KMS', KmsKey: b.keyB } : { EncryptionOption: 'CSE_KMS', KmsKey: b.keyD };
}

/** An ARN and its bare key id (`arn:…:key/<id>` → both). */
const spellings = (arn: string): string[] => [arn, arn.slice(arn.lastIndexOf('/') + 1)];

/** Writes the four source tables (database `src`). */
async function writeSources(b: ResultBackend): Promise<void> {
  const { rt, lake } = b;
  await rt.engine.execute('CREATE DATABASE src');
  for (const mode of SOURCE_MODES) {
    for (const [i, text] of SOURCE_OBJECTS.entries()) {
      const key = `t_${mode}/part-${i}.csv`;
      const body = Buffer.from(text, 'utf8');
      if (mode === 'cse_kms') await putSealed(rt.store, rt.kms, lake, key, body, b.keyC);
      else await rt.store.put(lake, key, body, { sse: b.sourceSse[mode] });
    }
    const props = mode === 'cse_kms' ? " TBLPROPERTIES ('has_encrypted_data'='true')" : '';
    await rt.engine.execute(`CREATE EXTERNAL TABLE src.t_${mode} (${COLUMNS}) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://${lake}/t_${mode}/'${props}`);
  }
}

/** A LocalStore warehouse with LocalKms keys A–D (principal `analyst`) and the source tables. */
export async function openLocalBackend(prefix: string): Promise<ResultBackend> {
  const dir = mkdtempSync(join(tmpdir(), `aegis-${prefix}-`));
  const rt = openLocal(dir, 1, { inProcess: true });
  const key = async (alias: string) => (await rt.kms.createKey({ alias, description: `results suite ${alias}` })).arn;
  const [keyA, keyB, keyC, keyD] = [await key('alias/source-a'), await key('alias/result-b'), await key('alias/source-c'), await key('alias/result-d')];
  await rt.store.createBucket('lake');
  await rt.store.createBucket('results');
  const b: ResultBackend = {
    name: 'local',
    dir,
    rt,
    lake: 'lake',
    results: 'results',
    sourceKeyIds: [...spellings(keyA), ...spellings(keyC), 'alias/source-a', 'alias/source-c'],
    sourceSse: { none: { mode: 'NONE' }, sse_s3: { mode: 'SSE_S3' }, sse_kms: { mode: 'SSE_KMS', kmsKeyId: keyA } },
    keyA,
    keyC,
    keyB,
    keyD,
    headKeyB: keyB,
    reportsSseS3: true,
    cliEnv: {},
    cliFlags: ['--warehouse', dir, '--principal', 'analyst', '--region', 'us-east-1', '--workers', '1'],
    encryption: (o) => encryptionOf(b, o),
  };
  await writeSources(b);
  return b;
}

/** Ceph RGW + moto KMS: SSE-KMS keys testkey-1 (A) / testkey-2 (B), CSE keys C / D from moto. */
export async function openRgwBackend(prefix: string): Promise<ResultBackend> {
  const dir = mkdtempSync(join(tmpdir(), `aegis-${prefix}-rgw-`));
  const rt = openRgw(join(dir, 'wh'), 1);
  const suffix = `${process.pid}-${Date.now() % 1_000_000}`;
  const keyC = (await rt.kms.createKey({ description: 'results suite source C' })).arn;
  const keyD = (await rt.kms.createKey({ description: 'results suite result D' })).arn;
  const b: ResultBackend = {
    name: 'rgw',
    dir,
    rt,
    lake: `${prefix}-lake-${suffix}`,
    results: `${prefix}-results-${suffix}`,
    sourceKeyIds: ['testkey-1', ...spellings(keyC)],
    sourceSse: { none: { mode: 'NONE' }, sse_s3: { mode: 'SSE_S3' }, sse_kms: { mode: 'SSE_KMS', kmsKeyId: 'testkey-1' } },
    keyA: 'testkey-1',
    keyC,
    keyB: 'testkey-2',
    keyD,
    headKeyB: 'testkey-2',
    reportsSseS3: false,
    cliEnv: {
      AEGIS_WAREHOUSE: join(dir, 'wh'),
      AEGIS_STORAGE: 's3',
      AEGIS_KMS: 'aws',
      AWS_ENDPOINT_URL_S3: servers.rgw!,
      AWS_ENDPOINT_URL_KMS: servers.moto!,
      AEGIS_S3_PATH_STYLE: '1',
      AWS_ACCESS_KEY_ID: 'AKIATEST',
      AWS_SECRET_ACCESS_KEY: 'testsecret',
      AWS_REGION: 'us-east-1',
      AEGIS_PRINCIPAL: 'analyst',
      AEGIS_WORKERS: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    cliFlags: [],
    encryption: (o) => encryptionOf(b, o),
  };
  await rt.store.createBucket(b.lake);
  await rt.store.createBucket(b.results);
  await writeSources(b);
  return b;
}

/** Splits `s3://bucket/key`. */
export function splitUri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not an object URI: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

/** Every key under a prefix (pages followed). */
export async function listKeys(rt: AegisRuntime, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await rt.store.list(bucket, { prefix, ...(token ? { continuationToken: token } : {}) });
    keys.push(...page.objects.map((o) => o.key));
    token = page.nextContinuationToken;
  } while (token);
  return keys.sort();
}

/** Everything a HEAD says about encryption, as one string to search for key ids. */
export function headText(h: ObjectHead): string {
  return JSON.stringify({ sse: h.sse, metadata: h.metadata });
}

// ---- the built CLI as a child process --------------------------------------------------------

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface RunningCli {
  child: ChildProcess;
  /** Resolves when the process has exited (and been reaped). */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: Buffer; stderr: string }>;
}

/** Starts `node bin/aegis.js …args` without waiting (see test/unit/cli/run-cli.ts for the sync form). */
export function spawnAegis(args: string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [`${root}/bin/aegis.js`, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c));
  child.stderr!.on('data', (c: Buffer) => err.push(c));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: Buffer; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
  });
  return { child, done };
}

/** `query <id> → <uri> (<encryption>)` from `aegis query`'s stderr. */
export function parseQueryLine(stderr: string): { id: string; uri: string; encryption: string } {
  const m = /^query ([0-9a-f-]{36}) → (s3:\/\/\S+) \((.+)\)$/m.exec(stderr);
  if (!m) throw new Error(`no 'query <id> → <uri> (<encryption>)' line in stderr:\n${stderr}`);
  return { id: m[1]!, uri: m[2]!, encryption: m[3]! };
}
