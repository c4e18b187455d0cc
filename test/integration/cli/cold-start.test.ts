// What a one-shot `aegis query` loads: the built CLI is run under a Node `--import` hook that
// records every module the process loads (ES modules through a loader hook, CommonJS ones from the
// require cache at exit), and the test checks the packages and bundle chunks among them. `SELECT 1`
// over the embedded warehouse needs none of S3, KMS, Parquet, Arrow, the worker pool or the Hive
// grammar of DDL; the statements that do need them load them (which also proves the hook sees
// what is loaded). No timings are asserted: they depend on the machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-cold-start-'));
const warehouse = join(dir, 'warehouse');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const recorder = join(dir, 'record-loads.mjs');
const hooks = join(dir, 'record-loads-hooks.mjs');

beforeAll(() => {
  buildCli();
  // Runs in the loader thread: every module URL loaded through the ES module loader.
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.AEGIS_LOAD_LOG, url + '\\n');
  return next(url, context);
}
`,
  );
  writeFileSync(
    recorder,
    `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register(${JSON.stringify(pathToFileURL(hooks).href)});
// CommonJS modules (the AWS SDK, better-sqlite3 …) and what they require, at exit.
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(process.env.AEGIS_LOAD_LOG, Object.keys(cache).map((f) => f + '\\n').join('')));
`,
  );
}, 180_000);

interface Loaded {
  packages: Set<string>;
  /** dist/ files loaded. */
  bundle: string[];
}

let runs = 0;

/** Runs `aegis query SQL` over the test's warehouse under the recorder. */
function queryLoading(sql: string): Loaded & { stdout: string } {
  const log = join(dir, `loads-${++runs}.txt`);
  writeFileSync(log, '');
  const r = aegis(['query', '--warehouse', warehouse, '--format', 'csv', sql], {
    env: { NODE_OPTIONS: `--import=${pathToFileURL(recorder).href}`, AEGIS_LOAD_LOG: log },
  });
  expect(r.code, r.stderr).toBe(0);
  return { ...loadedFrom(log), stdout: r.stdout };
}

/** The packages and bundle files a recorder's log names. */
function loadedFrom(log: string): Loaded {
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const packages = new Set<string>();
  const bundle: string[] = [];
  for (const l of lines) {
    const path = l.startsWith('file:') ? new URL(l).pathname : l;
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
    if (pkg) packages.add(pkg);
    else if (/\/dist\/[^/]+\.js$/.test(path)) bundle.push(path);
  }
  return { packages, bundle };
}

/** Whether a loaded bundle file holds the Hive grammar's parser. */
function loadsHiveGrammar(l: Loaded): boolean {
  return l.bundle.some((f) => readFileSync(f, 'utf8').includes('HiveSqlParser.decisionsToDFA'));
}

const OBJECT_READ_PACKAGES = ['@aws-sdk/client-s3', '@aws-sdk/client-kms', 'parquet-wasm', 'apache-arrow', 'hyparquet', 'piscina'];

describe('cold start of a one-shot aegis query', () => {
  it('SELECT 1 over the embedded warehouse loads no S3, KMS, Parquet, Arrow, worker pool or Hive grammar', () => {
    const l = queryLoading('SELECT 1');
    expect(l.stdout).toBe('"_col0"\n"1"\n');
    // The recorder works: the CLI bundle and the catalog's SQLite were seen.
    expect(l.bundle.some((f) => f.endsWith('/dist/cli.js'))).toBe(true);
    expect(l.packages.has('better-sqlite3')).toBe(true);
    expect(OBJECT_READ_PACKAGES.filter((p) => l.packages.has(p))).toEqual([]);
    expect(loadsHiveGrammar(l)).toBe(false);
  });

  it('DDL loads the Hive grammar', () => {
    const l = queryLoading('SHOW DATABASES');
    expect(l.stdout).toContain('default');
    expect(loadsHiveGrammar(l)).toBe(true);
  });

  it('writing Parquet loads parquet-wasm and apache-arrow, reading it the object scan (hyparquet)', () => {
    const w = queryLoading("CREATE TABLE cold_pq WITH (format = 'PARQUET') AS SELECT 1 AS a, 'x' AS b");
    expect(w.packages.has('parquet-wasm')).toBe(true);
    expect(w.packages.has('apache-arrow')).toBe(true);
    const r = queryLoading('SELECT a, b FROM cold_pq');
    expect(r.stdout).toBe('"a","b"\n"1","x"\n');
    expect(r.packages.has('hyparquet')).toBe(true);
    // Still nothing of S3 or KMS for the embedded warehouse.
    expect(['@aws-sdk/client-s3', '@aws-sdk/client-kms'].filter((p) => r.packages.has(p))).toEqual([]);
  });

  it('SELECT 1 stays light in a warehouse that holds tables', () => {
    const l = queryLoading('SELECT 1');
    expect(OBJECT_READ_PACKAGES.filter((p) => l.packages.has(p))).toEqual([]);
  });

  it('the library (dist/index.js) loads apache-arrow only for Arrow output', () => {
    const script = join(dir, 'library.mjs');
    const index = fileURLToPath(new URL('../../../dist/index.js', import.meta.url));
    writeFileSync(
      script,
      `const { connect } = await import(${JSON.stringify(pathToFileURL(index).href)});
const db = await connect({ warehouse: ${JSON.stringify(warehouse)} });
const q = db.query('SELECT 1 AS x');
console.log(JSON.stringify(process.argv[2] === 'arrow' ? (await q.toArrow()).numRows : await q.rows()));
await db.close();
`,
    );
    const run = (mode: string): Loaded & { stdout: string } => {
      const log = join(dir, `loads-${++runs}.txt`);
      writeFileSync(log, '');
      const r = spawnSync(process.execPath, [`--import=${pathToFileURL(recorder).href}`, script, mode], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', AEGIS_LOAD_LOG: log },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      return { ...loadedFrom(log), stdout: r.stdout };
    };
    const rows = run('rows');
    expect(rows.stdout).toBe('[{"x":1}]\n');
    expect(OBJECT_READ_PACKAGES.filter((p) => rows.packages.has(p))).toEqual([]);
    const arrow = run('arrow');
    expect(arrow.stdout).toBe('1\n');
    expect(arrow.packages.has('apache-arrow')).toBe(true);
  });
});
