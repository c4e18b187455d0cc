#!/usr/bin/env node
// Entry point of the `aegis` command; the CLI is bundled into dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('ERROR INTERNAL_ERROR: aegis is not built. Run `npm run build` first.\n');
  process.exit(2);
}
await import(cli);
