/**
 * The four client result settings of config.ts — output location, result encryption, result KMS
 * key, workgroup — from a flag, the environment and `aegis.config.json` (in that order of
 * precedence), and the client `ResultConfiguration` they give.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientResultConfiguration, GLOBAL_FLAGS, resolveConfig } from '../../../src/config.js';
import { isAegisError } from '../../../src/errors.js';

const dirs: string[] = [];
function cwdWith(file?: Record<string, unknown>): string {
  const d = mkdtempSync(join(tmpdir(), 'aegis-result-cfg-'));
  dirs.push(d);
  if (file) writeFileSync(join(d, 'aegis.config.json'), JSON.stringify(file));
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function errorOf(fn: () => unknown): { code: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (!isAegisError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  return undefined;
}

const SETTINGS = [
  { key: 'outputLocation', flag: 'output-location', env: 'AEGIS_OUTPUT_LOCATION', values: ['s3://flag-b/p/', 's3://env-b/p/', 's3://file-b/p/'] },
  { key: 'resultEncryption', flag: 'result-encryption', env: 'AEGIS_RESULT_ENCRYPTION', values: ['CSE_KMS', 'SSE_KMS', 'NONE'] },
  { key: 'resultKmsKey', flag: 'result-kms-key', env: 'AEGIS_RESULT_KMS_KEY', values: ['alias/flag', 'alias/env', 'alias/file'] },
  { key: 'workgroup', flag: 'workgroup', env: 'AEGIS_WORKGROUP', values: ['wg-flag', 'wg-env', 'wg-file'] },
] as const;

describe('result settings: flag, env, aegis.config.json', () => {
  for (const s of SETTINGS) {
    it(`${s.key}: --${s.flag} beats ${s.env}, which beats the config file`, () => {
      const [flag, env, file] = s.values;
      const cwd = cwdWith({ [s.key]: file });
      const all = resolveConfig({ [s.flag]: flag }, { env: { [s.env]: env }, cwd });
      expect([all[s.key], all.sources[s.key]]).toEqual([flag, 'flag']);
      const noFlag = resolveConfig({}, { env: { [s.env]: env }, cwd });
      expect([noFlag[s.key], noFlag.sources[s.key]]).toEqual([env, 'env']);
      const fileOnly = resolveConfig({}, { env: {}, cwd });
      expect([fileOnly[s.key], fileOnly.sources[s.key]]).toEqual([file, 'file']);
      // An empty variable counts as unset.
      expect(resolveConfig({}, { env: { [s.env]: '' }, cwd })[s.key]).toBe(file);
      expect(GLOBAL_FLAGS).toContain(s.flag);
    });
  }

  it('defaults: workgroup primary, no client result settings', () => {
    const c = resolveConfig({}, { env: {}, cwd: cwdWith() });
    expect(c.workgroup).toBe('primary');
    expect(c.sources.workgroup).toBe('default');
    expect([c.outputLocation, c.resultEncryption, c.resultKmsKey]).toEqual([undefined, undefined, undefined]);
    expect(clientResultConfiguration(c)).toBeUndefined();
  });

  it('normalises values: a trailing slash on the location, the option upper-cased', () => {
    const c = resolveConfig({ 'output-location': 's3://b/results' }, { env: { AEGIS_RESULT_ENCRYPTION: 'sse_kms' }, cwd: cwdWith() });
    expect(c.outputLocation).toBe('s3://b/results/');
    expect(c.resultEncryption).toBe('SSE_KMS');
  });

  it('refuses a bad location or option, naming where it came from', () => {
    const loc = errorOf(() => resolveConfig({}, { env: { AEGIS_OUTPUT_LOCATION: 'https://b/p/' }, cwd: cwdWith() }));
    expect(loc?.code).toBe('INVALID_ARGUMENT');
    expect(loc?.message).toContain("'https://b/p/'");
    expect(loc?.message).toContain('env');
    const opt = errorOf(() => resolveConfig({}, { env: {}, cwd: cwdWith({ resultEncryption: 'DSSE_KMS' }) }));
    expect(opt?.code).toBe('INVALID_ARGUMENT');
    expect(opt?.message).toContain("'DSSE_KMS'");
    expect(errorOf(() => resolveConfig({ workgroup: '' }, { env: {}, cwd: cwdWith() }))?.code).toBe('INVALID_ARGUMENT');
  });

  it('a misspelt result key in aegis.config.json is an error listing the known keys', () => {
    const e = errorOf(() => resolveConfig({}, { env: {}, cwd: cwdWith({ resultKMSKey: 'alias/x' }) }));
    expect(e?.code).toBe('INVALID_ARGUMENT');
    expect(e?.message).toContain("unknown setting 'resultKMSKey'");
    for (const k of ['outputLocation', 'resultEncryption', 'resultKmsKey', 'workgroup']) expect(e?.message).toContain(k);
  });
});

describe('clientResultConfiguration', () => {
  it('carries only what was set', () => {
    const cwd = cwdWith();
    expect(clientResultConfiguration(resolveConfig({ 'output-location': 's3://b/p/' }, { env: {}, cwd }))).toEqual({ OutputLocation: 's3://b/p/' });
    expect(clientResultConfiguration(resolveConfig({ 'result-encryption': 'SSE_S3' }, { env: {}, cwd }))).toEqual({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } });
    expect(clientResultConfiguration(resolveConfig({}, { env: { AEGIS_RESULT_ENCRYPTION: 'CSE_KMS', AEGIS_RESULT_KMS_KEY: 'alias/r', AEGIS_OUTPUT_LOCATION: 's3://r/q' }, cwd }))).toEqual({
      OutputLocation: 's3://r/q/',
      EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: 'alias/r' },
    });
  });

  it('the settings file alone gives a full client configuration', () => {
    const cwd = cwdWith({ outputLocation: 's3://f/out/', resultEncryption: 'SSE_KMS', resultKmsKey: 'alias/f', workgroup: 'analysts' });
    const c = resolveConfig({}, { env: {}, cwd });
    expect(c.workgroup).toBe('analysts');
    expect(clientResultConfiguration(c)).toEqual({ OutputLocation: 's3://f/out/', EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: 'alias/f' } });
  });

  it('a result key without an encryption option is refused (it would silently mean nothing)', () => {
    const e = errorOf(() => clientResultConfiguration(resolveConfig({ 'result-kms-key': 'alias/k' }, { env: {}, cwd: cwdWith() })));
    expect(e?.code).toBe('INVALID_ARGUMENT');
    expect(e?.message).toMatch(/--result-encryption SSE_KMS or CSE_KMS/);
  });
});
