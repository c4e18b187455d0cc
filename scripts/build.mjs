// Bundles the CLI, the library entry (src/index.ts → dist/index.js) and the scan worker into
// dist/. dt-sql-parser ships ESM with directory imports that plain Node cannot load, so it is
// bundled; everything else stays external (installed as the package's dependencies).
//
// `--pack` (npm's prepack) also emits the library's declarations into dist/types (tsc, slow:
// a minute on two busy cores, so plain builds skip it).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const pack = process.argv.includes('--pack');
if (pack) {
  // Declarations first: the bundle below is then as fresh as possible when npm packs dist/.
  rmSync('dist/types', { recursive: true, force: true });
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
const entryPoints = { cli: 'src/cli/main.ts', index: 'src/index.ts' };
if (existsSync('src/scan/scan-worker.ts')) entryPoints['scan-worker'] = 'src/scan/scan-worker.ts';

const result = await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  // Split at dynamic imports so each CLI command loads only its own code (`aegis kms` does not
  // load the SQL engine). Chunks sit beside the entries, so `new URL('./scan-worker.js',
  // import.meta.url)` inside a chunk still finds dist/scan-worker.js.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  // Every parse in these bundles loads its grammars first (sql/parse.ts loadGrammarsFor), so the
  // Hive grammar of DDL stays in a chunk of its own, loaded by the first DDL statement only
  // (sql/antlr-driver.ts drops its synchronous fallback).
  define: { AEGIS_GRAMMARS_ON_DEMAND: 'true' },
  external: [
    'better-sqlite3',
    'parquet-wasm',
    'piscina',
    'hyparquet',
    'apache-arrow',
    'csv-parse',
    '@aws-sdk/*',
    '@duckdb/*',
  ],
  banner: {
    js: "import { createRequire as __aegisCreateRequire } from 'node:module'; const require = __aegisCreateRequire(import.meta.url);",
  },
});

// Chunk names are content hashes, so every change leaves the old chunks behind (and `npm pack`
// would ship them). Remove those of earlier builds — once they are two minutes old, so a process
// started from the previous build can still load its chunks; when packing, all of them.
const current = new Set(Object.keys(result.metafile.outputs).map((p) => basename(p)));
for (const name of readdirSync('dist')) {
  if (!/^chunk-.*\.js(\.map)?$/.test(name) || current.has(name)) continue;
  const p = join('dist', name);
  if (pack || Date.now() - statSync(p).mtimeMs > 120_000) rmSync(p, { force: true });
}

