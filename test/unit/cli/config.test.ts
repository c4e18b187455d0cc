import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKms, openStore } from '../../../src/backends.js';
import { resolveConfig } from '../../../src/config.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import { S3Store } from '../../../src/storage/s3-store.js';
import { isAegisError } from '../../../src/errors.js';
import { AwsKms } from '../../../src/kms/aws-kms.js';
import { LocalKms } from '../../../src/kms/local-kms.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'aegis-cfg-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isAegisError(e) ? e.code : 'not-aegis';
  }
  return undefined;
}

describe('resolveConfig', () => {
  it('uses the documented defaults', () => {
    const cwd = tmp();
    const c = resolveConfig({}, { env: {}, cwd });
    expect(c).toMatchObject({
      warehouse: join(cwd, 'warehouse'),
      storage: 'local',
      kms: 'local',
      region: 'us-east-1',
      principal: userInfo().username,
      s3PathStyle: false,
      account: '000000000000',
    });
    expect(c.workers).toBeGreaterThanOrEqual(1);
    expect(c.s3Endpoint).toBeUndefined();
    expect(c.sources.warehouse).toBe('default');
  });

  it('flags beat env, env beats aegis.config.json, the file beats defaults', () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'aegis.config.json'), JSON.stringify({ warehouse: 'from-file', region: 'eu-west-1', principal: 'filer', workers: 3, s3PathStyle: true }));
    const env = { AEGIS_WAREHOUSE: '/env/wh', AWS_REGION: 'ap-south-1', AWS_ENDPOINT_URL_KMS: 'http://127.0.0.1:9', AEGIS_S3_PATH_STYLE: '0' };
    const c = resolveConfig({ warehouse: '/flag/wh', kms: 'aws' }, { env, cwd });
    expect(c.warehouse).toBe('/flag/wh');
    expect(c.region).toBe('ap-south-1');
    expect(c.principal).toBe('filer');
    expect(c.workers).toBe(3);
    expect(c.kms).toBe('aws');
    expect(c.kmsEndpoint).toBe('http://127.0.0.1:9');
    expect(c.s3PathStyle).toBe(false);
    expect(c.sources).toMatchObject({ warehouse: 'flag', region: 'env', principal: 'file', storage: 'default' });
    const fileOnly = resolveConfig({}, { env: {}, cwd });
    expect(fileOnly.warehouse).toBe(join(cwd, 'from-file'));
    expect(fileOnly.s3PathStyle).toBe(true);
  });

  it('rejects bad values and unknown config-file settings with INVALID_ARGUMENT', () => {
    const cwd = tmp();
    expect(codeOf(() => resolveConfig({ storage: 'ftp' }, { env: {}, cwd }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => resolveConfig({ workers: '0' }, { env: {}, cwd }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => resolveConfig({ region: 'mars' }, { env: {}, cwd }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => resolveConfig({}, { env: { AEGIS_S3_PATH_STYLE: 'maybe' }, cwd }))).toBe('INVALID_ARGUMENT');
    writeFileSync(join(cwd, 'aegis.config.json'), '{"warehose": "x"}');
    expect(codeOf(() => resolveConfig({}, { env: {}, cwd }))).toBe('INVALID_ARGUMENT');
    writeFileSync(join(cwd, 'aegis.config.json'), '{not json');
    expect(codeOf(() => resolveConfig({}, { env: {}, cwd }))).toBe('INVALID_ARGUMENT');
  });

  it('openKms opens LocalKms in the warehouse or AwsKms at the endpoint', async () => {
    const cwd = tmp();
    const local = openKms(resolveConfig({ principal: 'p1', region: 'eu-west-1' }, { env: {}, cwd }));
    expect(local).toBeInstanceOf(LocalKms);
    const k = await local.createKey({});
    expect(k.arn.startsWith('arn:aws:kms:eu-west-1:000000000000:key/')).toBe(true);
    expect((local as LocalKms).dir).toBe(join(cwd, 'warehouse', 'kms'));
    const aws = openKms(resolveConfig({ kms: 'aws', 'kms-endpoint': 'http://127.0.0.1:1' }, { env: {}, cwd }));
    expect(aws).toBeInstanceOf(AwsKms);
    expect((aws as AwsKms).endpoint).toBe('http://127.0.0.1:1');
  });

  it('openStore opens LocalStore in the warehouse or S3Store at the endpoint', async () => {
    const cwd = tmp();
    const cfg = resolveConfig({ region: 'eu-west-1' }, { env: {}, cwd });
    const local = openStore(cfg, openKms(cfg));
    expect(local).toBeInstanceOf(LocalStore);
    expect(local.region).toBe('eu-west-1');
    await local.createBucket('bkt1');
    expect(await local.listBuckets()).toEqual([{ name: 'bkt1', region: 'eu-west-1' }]);
    await local.close?.();
    const s3cfg = resolveConfig({ storage: 's3', 's3-path-style': true }, { env: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1' }, cwd });
    const s3 = openStore(s3cfg, openKms(s3cfg));
    expect(s3).toBeInstanceOf(S3Store);
    expect(s3.region).toBe('us-east-1');
    expect(await (s3 as S3Store).client.config.forcePathStyle).toBe(true);
    const ep = await (s3 as S3Store).client.config.endpoint?.();
    expect(ep?.hostname).toBe('127.0.0.1');
    expect(ep?.port).toBe(1);
    await s3.close?.();
  });
});
