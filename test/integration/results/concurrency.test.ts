/**
 * Two `aegis query` processes (the built CLI) writing results into one LocalStore warehouse at
 * the same time lose nothing: every execution is SUCCEEDED in the shared history, every result
 * object and metadata file is present, and each holds exactly the CSV its process printed.
 * Rounds: both at the embedded default location of a fresh warehouse (both create its bucket on
 * first use), one CSE_KMS and one SSE_KMS under one LocalKms key, both into one prefix.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredResult } from '../../../src/results/read-result.js';
import { openLocal } from '../tables/tpch-fixture.js';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';
import { listKeys, parseQueryLine, spawnAegis, splitUri } from './results-fixture.js';

const ROWS_PER_BLOCK = 10_000;

/** 20 × 10,000 rows tagged with `tag`, in order: n = 1 … 200,000. */
function query(tag: string): string {
  return `SELECT a.x * ${ROWS_PER_BLOCK} + b.y AS n, '${tag}' AS tag FROM UNNEST(sequence(0, 19)) a(x) CROSS JOIN UNNEST(sequence(1, ${ROWS_PER_BLOCK})) b(y) ORDER BY n`;
}

function expectedCsv(tag: string): string {
  const lines = ['"n","tag"\n'];
  for (let n = 1; n <= 20 * ROWS_PER_BLOCK; n++) lines.push(`"${n}","${tag}"\n`);
  return lines.join('');
}

describe('two processes writing results to one warehouse at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-results-concurrent-'));
  const flags = ['--warehouse', dir, '--principal', 'analyst', '--region', 'us-east-1', '--workers', '1'];

  beforeAll(async () => {
    buildCli();
    const rt = openLocal(dir, 1, { inProcess: true });
    await rt.kms.createKey({ alias: 'alias/shared-results' });
    await rt.store.createBucket('results');
    await rt.close();
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every execution SUCCEEDED, every result present and byte-identical to what its process printed', async () => {
    const rounds: { tag: string; args: string[] }[][] = [
      [
        { tag: 'default-a', args: [] },
        { tag: 'default-b', args: [] },
      ],
      [
        { tag: 'cse', args: ['--output-location', 's3://results/cse/', '--result-encryption', 'CSE_KMS', '--result-kms-key', 'alias/shared-results'] },
        { tag: 'sse-kms', args: ['--output-location', 's3://results/sse-kms/', '--result-encryption', 'SSE_KMS', '--result-kms-key', 'alias/shared-results'] },
      ],
      [
        { tag: 'shared-a', args: ['--output-location', 's3://results/shared/'] },
        { tag: 'shared-b', args: ['--output-location', 's3://results/shared/', '--result-encryption', 'CSE_KMS', '--result-kms-key', 'alias/shared-results'] },
      ],
    ];
    const written: { tag: string; id: string; uri: string; stdout: Buffer }[] = [];
    for (const round of rounds) {
      const running = round.map((r) => ({ ...r, p: spawnAegis(['query', query(r.tag), '--format', 'csv', ...r.args, ...flags]) }));
      for (const r of running) {
        const end = await r.p.done;
        expect(end.code, `${r.tag}: ${end.stderr}`).toBe(0);
        expect(end.stdout.toString('utf8') === expectedCsv(r.tag), `${r.tag} printed the expected rows`).toBe(true);
        const line = parseQueryLine(end.stderr);
        written.push({ tag: r.tag, id: line.id, uri: line.uri, stdout: end.stdout });
      }
    }
    expect(new Set(written.map((w) => w.id)).size).toBe(6);

    const rt = openLocal(dir, 1, { inProcess: true });
    try {
      const history = rt.catalog.listExecutions({ limit: 100 });
      expect(history.map((h) => h.id).sort()).toEqual(written.map((w) => w.id).sort());
      for (const w of written) {
        const rec = rt.catalog.getExecution(w.id)!;
        expect([rec.state, rec.outputLocation, rec.rowCount], w.tag).toEqual(['SUCCEEDED', w.uri, 20 * ROWS_PER_BLOCK]);
        const stored = await readStoredResult(rt.store, rt.kms, w.uri);
        expect(Buffer.from(stored.data).equals(w.stdout), `${w.tag}: stored bytes equal printed bytes`).toBe(true);
      }
      const keysOf = (prefix: string) => written.filter((w) => w.uri.startsWith(prefix)).flatMap((w) => [splitUri(w.uri).key, `${splitUri(w.uri).key}.metadata`]).sort();
      expect(await listKeys(rt, 'aegis-results-us-east-1', '')).toEqual(keysOf('s3://aegis-results-us-east-1/'));
      expect(await listKeys(rt, 'results', '')).toEqual(keysOf('s3://results/'));
    } finally {
      await rt.close();
    }
    const h = aegis(['history', '--json', ...flags]);
    expect(h.code, h.stderr).toBe(0);
    const listed = JSON.parse(h.stdout) as { id: string; state: string }[];
    expect(listed.map((r) => [r.id, r.state]).sort()).toEqual(written.map((w) => [w.id, 'SUCCEEDED']).sort());
  }, 300_000);

  it('two processes opening a brand-new warehouse at once (catalog, master key, default bucket all created in a race) both store their results', async () => {
    for (let round = 0; round < 3; round++) {
      const fresh = join(dir, `fresh-${round}`);
      const freshFlags = ['--warehouse', fresh, '--principal', 'analyst', '--region', 'us-east-1', '--workers', '1'];
      const running = ['x', 'y'].map((tag) => ({ tag, p: spawnAegis(['query', `SELECT '${tag}' AS tag, ${round} AS round`, '--format', 'csv', ...freshFlags]) }));
      const lines: { tag: string; uri: string; id: string; stdout: Buffer }[] = [];
      for (const r of running) {
        const end = await r.p.done;
        expect(end.code, `round ${round} ${r.tag}: ${end.stderr}`).toBe(0);
        expect(end.stdout.toString('utf8')).toBe(`"tag","round"\n"${r.tag}","${round}"\n`);
        lines.push({ tag: r.tag, ...parseQueryLine(end.stderr), stdout: end.stdout });
      }
      const rt = openLocal(fresh, 1, { inProcess: true });
      try {
        for (const l of lines) {
          expect(rt.catalog.getExecution(l.id)?.state, `round ${round} ${l.tag}`).toBe('SUCCEEDED');
          expect(Buffer.from((await readStoredResult(rt.store, rt.kms, l.uri)).data).equals(l.stdout), `round ${round} ${l.tag}`).toBe(true);
        }
      } finally {
        await rt.close();
      }
    }
  }, 300_000);
});
