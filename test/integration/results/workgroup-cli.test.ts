/**
 * The built CLI's result settings end to end over a LocalStore warehouse:
 * - `aegis workgroup create|get|update|list|delete` and their refusals;
 * - `aegis query` taking the workgroup and the result settings from flags, the environment and
 *   `aegis.config.json` (the file in the working directory), a flag beating the file;
 * - `aegis history` newest first, filtered by workgroup, state and limit.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredResult } from '../../../src/results/read-result.js';
import { openLocal } from '../tables/tpch-fixture.js';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';
import { parseQueryLine, splitUri } from './results-fixture.js';

describe('workgroups, result settings and history through the built CLI', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-results-cli-'));
  const wh = join(dir, 'wh');
  const flags = ['--warehouse', wh, '--principal', 'analyst', '--region', 'us-east-1', '--workers', '1'];
  const cli = (args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) => aegis([...args, ...flags], opts);
  let keyArn: string;

  beforeAll(async () => {
    buildCli();
    const rt = openLocal(wh, 1, { inProcess: true });
    keyArn = (await rt.kms.createKey({ alias: 'alias/cli-results' })).arn;
    for (const b of ['team-results', 'env-results', 'file-results', 'flag-results']) await rt.store.createBucket(b);
    await rt.close();
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('create, get, update (only the options given), list and delete a workgroup', () => {
    const c = cli(['workgroup', 'create', 'team', '--output-location', 's3://team-results/q', '--result-encryption', 'CSE_KMS', '--result-kms-key', 'alias/cli-results', '--enforce', '--description', 'the team']);
    expect([c.code, c.stdout, c.stderr]).toEqual([0, 'created workgroup team\n', '']);
    const get = () => JSON.parse(cli(['workgroup', 'get', 'team', '--json']).stdout) as Record<string, unknown>;
    expect(get()).toMatchObject({
      Name: 'team',
      State: 'ENABLED',
      Description: 'the team',
      Configuration: { EnforceWorkGroupConfiguration: true, ResultConfiguration: { OutputLocation: 's3://team-results/q/', EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: 'alias/cli-results' } } },
    });
    expect(cli(['workgroup', 'update', 'team', '--enforce=false', '--bytes-scanned-cutoff', '1000000', '--state', 'disabled']).code).toBe(0);
    expect(get()).toMatchObject({
      State: 'DISABLED',
      Description: 'the team',
      Configuration: { EnforceWorkGroupConfiguration: false, BytesScannedCutoffPerQuery: 1_000_000, ResultConfiguration: { OutputLocation: 's3://team-results/q/', EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: 'alias/cli-results' } } },
    });
    expect(cli(['workgroup', 'update', 'team', '--bytes-scanned-cutoff', 'none', '--state', 'ENABLED', '--minimum-encryption', 'SSE_KMS']).code).toBe(0);
    const after = get() as { State: string; Configuration: Record<string, unknown> };
    expect(after.State).toBe('ENABLED');
    expect(after.Configuration.BytesScannedCutoffPerQuery).toBeUndefined();
    expect(after.Configuration).toMatchObject({ EnableMinimumEncryptionConfiguration: true, ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: 'alias/cli-results' } } });
    const list = JSON.parse(cli(['workgroup', 'list', '--json']).stdout) as { Name: string }[];
    expect(list.map((w) => w.Name).sort()).toEqual(['primary', 'team']);
    expect(cli(['workgroup', 'create', 'gone']).code).toBe(0);
    expect(cli(['workgroup', 'delete', 'gone']).stdout).toBe('deleted workgroup gone\n');
    expect(cli(['workgroup', 'get', 'gone']).stderr).toContain('NOT_FOUND');
  });

  it('refuses what cannot be: deleting primary, duplicates, bad names, CSE_KMS without a key, a minimum differing from the encryption', () => {
    const refused = (args: string[], code: string, text: string) => {
      const r = cli(['workgroup', ...args]);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toContain(code);
      expect(r.stderr, args.join(' ')).toContain(text);
    };
    refused(['delete', 'primary'], 'INVALID_ARGUMENT', 'primary');
    refused(['create', 'team'], 'ALREADY_EXISTS', 'team');
    refused(['create', 'bad name'], 'INVALID_ARGUMENT', 'bad name');
    refused(['create', 'nokey', '--result-encryption', 'CSE_KMS'], 'INVALID_ARGUMENT', 'CSE_KMS needs --result-kms-key');
    refused(['create', 'mixed', '--result-encryption', 'SSE_S3', '--minimum-encryption', 'CSE_KMS', '--result-kms-key', 'k'], 'INVALID_ARGUMENT', '--minimum-encryption');
    refused(['create', 'weird', '--result-encryption', 'CSE_C'], 'INVALID_ARGUMENT', "'CSE_C'");
    refused(['update', 'nobody', '--state', 'DISABLED'], 'NOT_FOUND', 'nobody');
    refused(['create', 'cut', '--bytes-scanned-cutoff', '-5'], 'INVALID_ARGUMENT', '--bytes-scanned-cutoff');
  });

  it('aegis query takes the workgroup and result settings from a flag, the environment or aegis.config.json', async () => {
    // The file in the working directory: a workgroup and a client location + encryption.
    const cwd = join(dir, 'project');
    rmSync(cwd, { recursive: true, force: true });
    aegis(['workgroup', 'create', 'filed', ...flags]);
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, 'aegis.config.json'), JSON.stringify({ warehouse: wh, principal: 'analyst', workers: 1, workgroup: 'filed', outputLocation: 's3://file-results/out', resultEncryption: 'SSE_KMS', resultKmsKey: 'alias/cli-results' }));
    const runIn = (args: string[], env: Record<string, string> = {}) => aegis(['query', 'SELECT 42 AS answer', '--format', 'csv', ...args], { cwd, env });

    const fromFile = runIn([]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const f = parseQueryLine(fromFile.stderr);
    expect(f.uri).toBe(`s3://file-results/out/${f.id}.csv`);
    expect(f.encryption).toBe(`SSE_KMS ${keyArn}`);

    const fromEnv = runIn([], { AEGIS_OUTPUT_LOCATION: 's3://env-results/e/', AEGIS_RESULT_ENCRYPTION: 'CSE_KMS', AEGIS_RESULT_KMS_KEY: keyArn, AEGIS_WORKGROUP: 'primary' });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    const e = parseQueryLine(fromEnv.stderr);
    expect([e.uri, e.encryption]).toEqual([`s3://env-results/e/${e.id}.csv`, `CSE_KMS ${keyArn}`]);

    const fromFlags = runIn(['--output-location', 's3://flag-results/f/', '--result-encryption', 'SSE_S3', '--workgroup', 'primary'], { AEGIS_OUTPUT_LOCATION: 's3://env-results/e/' });
    expect(fromFlags.code, fromFlags.stderr).toBe(0);
    const g = parseQueryLine(fromFlags.stderr);
    expect([g.uri, g.encryption]).toEqual([`s3://flag-results/f/${g.id}.csv`, 'SSE_S3']);

    // An enforcing workgroup named on the command line overrides the file's client settings.
    const enforced = runIn(['--workgroup', 'team2']);
    expect(enforced.code).not.toBe(0);
    expect(enforced.stderr).toContain('WorkGroup team2 is not found');
    expect(cli(['workgroup', 'create', 'team2', '--output-location', 's3://team-results/t2/', '--result-encryption', 'CSE_KMS', '--result-kms-key', keyArn, '--enforce']).code).toBe(0);
    const t = parseQueryLine(runIn(['--workgroup', 'team2']).stderr);
    expect([t.uri, t.encryption]).toEqual([`s3://team-results/t2/${t.id}.csv`, `CSE_KMS ${keyArn}`]);

    const rt = openLocal(wh, 1, { inProcess: true });
    try {
      for (const [line, option] of [[f, 'SSE_KMS'], [e, 'CSE_KMS'], [g, 'SSE_S3'], [t, 'CSE_KMS']] as const) {
        const stored = await readStoredResult(rt.store, rt.kms, line.uri);
        expect(Buffer.from(stored.data).toString('utf8')).toBe('"answer"\n"42"\n');
        expect(stored.metadata.encryption.option).toBe(option);
        const { bucket, key } = splitUri(line.uri);
        const head = await rt.store.head(bucket, key);
        if (option === 'SSE_KMS') expect(head.sse).toEqual({ serverSideEncryption: 'aws:kms', kmsKeyId: keyArn });
        if (option === 'SSE_S3') expect(head.sse).toEqual({ serverSideEncryption: 'AES256' });
        if (option === 'CSE_KMS') expect(head.metadata['x-amz-wrap-alg']).toBe('kms+context');
      }
      expect(rt.catalog.getExecution(f.id)?.workgroup).toBe('filed');
      expect(rt.catalog.getExecution(t.id)?.workgroup).toBe('team2');
    } finally {
      await rt.close();
    }
  });

  it('aegis history lists newest first and filters by workgroup, state and limit', () => {
    const q = (sql: string, ...args: string[]) => cli(['query', sql, ...args]);
    expect(q('SELECT 1', '--workgroup', 'team').code).toBe(0);
    expect(q('SELECT 1/0', '--workgroup', 'team').code).not.toBe(0);
    expect(q('SELECT 2', '--workgroup', 'team').code).toBe(0);
    const list = (...args: string[]) => JSON.parse(cli(['history', '--json', ...args]).stdout) as { query: string; state: string; workgroup: string; errorCode?: string }[];
    expect(list('--workgroup', 'team').map((r) => [r.query, r.state])).toEqual([
      ['SELECT 2', 'SUCCEEDED'],
      ['SELECT 1/0', 'FAILED'],
      ['SELECT 1', 'SUCCEEDED'],
    ]);
    expect(list('--workgroup', 'team', '--state', 'failed').map((r) => [r.query, r.errorCode])).toEqual([['SELECT 1/0', 'DIVISION_BY_ZERO']]);
    expect(list('--workgroup', 'team', '--limit', '1').map((r) => r.query)).toEqual(['SELECT 2']);
    expect(list().length).toBeGreaterThanOrEqual(7);
    const bad = cli(['history', '--state', 'DONE']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--state must be one of');
  });
});

