/**
 * The package as a user gets it: `npm pack` (prepack builds the bundle and the declarations),
 * the tarball installed into a fresh project, the TypeScript example type-checked by `tsc`
 * (strict, NodeNext resolution, no skipLibCheck) and both examples run against a new warehouse.
 *
 * Offline: the tarball's dependencies are linked from this checkout's node_modules (only the
 * closure of its runtime dependencies) and npm installs with --offline --ignore-scripts, so it
 * neither fetches anything nor runs scripts in the linked packages.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../unit/cli/run-cli.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;
let project: string;
let tarball: string;

/** Runtime dependencies of `name` and theirs, as hoisted in the checkout's node_modules. */
function dependencyClosure(names: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...names];
  while (todo.length > 0) {
    const n = todo.pop()!;
    if (seen.has(n)) continue;
    const pkg = join(root, 'node_modules', n, 'package.json');
    if (!existsSync(pkg)) continue; // nested under its dependant, travels with it
    seen.add(n);
    const p = JSON.parse(readFileSync(pkg, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    todo.push(...Object.keys(p.dependencies ?? {}), ...Object.keys(p.optionalDependencies ?? {}));
  }
  return seen;
}

function run(cmd: string, args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, AEGIS_WAREHOUSE: '', AWS_REGION: '' } });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'aegis-pack-'));
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  tarball = join(dir, out.trim().split('\n').at(-1)!);
  project = join(dir, 'project');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'aegis-consumer', private: true, type: 'module' }));
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const link = (n: string): void => {
    mkdirSync(dirname(join(project, 'node_modules', n)), { recursive: true });
    symlinkSync(join(root, 'node_modules', n), join(project, 'node_modules', n));
  };
  for (const n of dependencyClosure(Object.keys(own.dependencies))) link(n);
  execFileSync('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--silent', tarball], { cwd: project, stdio: 'pipe' });
  // What any TypeScript project on Node has (the example uses `process`); npm would prune it above.
  for (const n of dependencyClosure(['@types/node'])) link(n);
  for (const f of ['query.ts', 'query.mjs']) copyFileSync(join(root, 'examples', f), join(project, f));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, outDir: 'build', types: ['node'] },
      files: ['query.ts'],
    }),
  );
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm pack → npm install <tarball> → import { connect } from "aegis"', { timeout: 300_000 }, () => {
  it('ships the bundle, the declarations and the binary, every chunk they import, and no sources', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/cli.js');
    expect(files).toContain('package/dist/scan-worker.js');
    expect(files).toContain('package/dist/types/index.d.ts');
    expect(files).toContain('package/bin/aegis.js');
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
    // Every chunk the entries import (transitively) is there.
    const installed = join(project, 'node_modules', 'aegis', 'dist');
    const referenced = new Set<string>();
    const visit = (f: string): void => {
      if (referenced.has(f)) return;
      referenced.add(f);
      for (const m of readFileSync(join(installed, f), 'utf8').matchAll(/["']\.\/(chunk-[A-Z0-9]+\.js)["']/g)) visit(m[1]!);
    };
    for (const entry of ['cli.js', 'index.js', 'scan-worker.js']) visit(entry);
    expect([...referenced].filter((f) => !existsSync(join(installed, f)))).toEqual([]);
    expect(referenced.size).toBeGreaterThan(3);
    // Chunks of earlier builds are pruned when packing (dist/ of a working checkout holds
    // hundreds of megabytes of them).
    expect(statSync(tarball).size).toBeLessThan(10 * 1024 * 1024);
  });

  it('type-checks the TypeScript example with tsc (strict, NodeNext, library declarations checked)', () => {
    const r = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(project, 'build', 'query.js'))).toBe(true);
  });

  it('runs the TypeScript example (compiled): SSE-KMS CTAS, streamed rows with JS-native values, Arrow, preflight, AegisError', () => {
    const r = run(process.execPath, ['build/query.js', join(dir, 'wh-ts')], project);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '1 ann balance=12.50 opened=2024-01-31 points=9007199254740993',
        '2 李小龍 balance=-0.05 opened=2023-12-01 points=null',
        'columns id integer, name varchar(3), balance decimal(4,2), opened date, points bigint',
        'scanned 1434 bytes in 1 object(s); result at true',
        'count/sum 2n 12.45',
        'arrow 2 id:integer, balance:decimal(4,2)',
        'preflight SSE_KMS readable',
        'error NOT_FOUND',
        '',
      ].join('\n'),
    );
  });

  it('runs the JavaScript example: ARRAY/MAP/ROW/TIMESTAMP values, cancel mid-stream, Arrow batches', () => {
    const r = run(process.execPath, ['query.mjs', join(dir, 'wh-js')], project);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'array [1,2] map 1.5 row {"n":7,"word":"seven"} timestamp 2024-01-31T12:00:00.250',
        'query id string 36',
        'cancelled QUERY_CANCELLED after 10 rows',
        'arrow rows 1',
        '',
      ].join('\n'),
    );
  });

  it('the installed binary runs too (aegis --version)', () => {
    const r = run(process.execPath, [join(project, 'node_modules', 'aegis', 'bin', 'aegis.js'), '--version'], project);
    expect(r.stdout).toBe('aegis 0.1.0\n');
  });
});
