// Bundles the CLI and the scan worker into dist/. dt-sql-parser ships ESM with directory
// imports that plain Node cannot load, so it is bundled; everything else stays external.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entryPoints = { cli: 'src/cli/main.ts' };
if (existsSync('src/exec/scan-worker.ts')) entryPoints['scan-worker'] = 'src/exec/scan-worker.ts';

await build({
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
  logLevel: 'warning',
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
