import { runSltFile } from './slt-runner.js';
for (const file of process.argv.slice(2)) {
  const r = await runSltFile(file);
  console.log(`${file}: ${r.records} records, ${r.failures.length} failures`);
  for (const f of r.failures) console.log(`line ${f.line}: ${f.message}\n  ${f.sql}`);
}
