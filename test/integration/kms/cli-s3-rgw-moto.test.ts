/**
 * The built CLI with `--storage s3 --kms aws` against real servers: Ceph RGW (two regions;
 * AEGIS_TEST_RGW / AEGIS_TEST_RGW_EU) and moto's KMS (AEGIS_TEST_MOTO). SSE-KMS on RGW uses its
 * `testing` KMS backend (key `testkey-1`); CSE-KMS wraps data keys with a moto key.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aegis, buildCli, type CliResult } from '../../unit/cli/run-cli.js';

const rgw = process.env.AEGIS_TEST_RGW;
const rgwEu = process.env.AEGIS_TEST_RGW_EU;
const moto = process.env.AEGIS_TEST_MOTO;

describe.skipIf(!rgw || !rgwEu || !moto)('aegis bucket/object over Ceph RGW with moto KMS', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-cli-s3-'));
  const suffix = `${process.pid}-${Date.now() % 1_000_000}`;
  const env = (s3: string | undefined, region: string): Record<string, string> => ({
    AEGIS_STORAGE: 's3',
    AEGIS_KMS: 'aws',
    AWS_ENDPOINT_URL_S3: s3 ?? '',
    AWS_ENDPOINT_URL_KMS: moto ?? '',
    AEGIS_S3_PATH_STYLE: '1',
    AWS_ACCESS_KEY_ID: 'AKIATEST',
    AWS_SECRET_ACCESS_KEY: 'testsecret',
    AWS_REGION: region,
    AEGIS_WAREHOUSE: join(dir, 'wh'),
  });
  const us = env(rgw, 'us-east-1');
  const eu = env(rgwEu, 'eu-west-1');
  const run = (args: string[], e = us): CliResult => aegis(args, { env: e, cwd: dir });
  const data = Buffer.concat([Buffer.from('a,b\n1,2\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i))]);
  const file = join(dir, 'payload.bin');

  beforeAll(() => {
    buildCli();
    writeFileSync(file, data);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips plain, SSE-KMS (RGW) and CSE-KMS (moto) objects and refuses SSE-C and cross-region reads', () => {
    const bucket = `cli-us-${suffix}`;
    expect(run(['bucket', 'create', `s3://${bucket}`]).stdout).toBe(`created s3://${bucket} in us-east-1\n`);
    expect(run(['bucket', 'ls']).stdout).toMatch(new RegExp(`^${bucket}\\s`, 'm'));
    const key = JSON.parse(run(['kms', 'create-key', '--description', 'cli cse']).stdout) as { arn: string };

    const puts: [string, string[], string][] = [
      ['plain', [], 'NONE'],
      ['sse-kms', ['--sse', 'SSE_KMS', '--kms-key', 'testkey-1'], 'SSE_KMS'],
      ['cse-kms', ['--cse-kms', '--kms-key', key.arn], 'CSE_KMS'],
    ];
    for (const [name, flags, mode] of puts) {
      const p = run(['object', 'put', `s3://${bucket}/${name}`, file, ...flags]);
      expect(p.stderr, name).toBe('');
      const g = run(['object', 'get', `s3://${bucket}/${name}`]);
      expect(g.stderr, name).toBe('');
      expect(g.stdoutBytes.equals(data), name).toBe(true);
      const h = JSON.parse(run(['object', 'head', `s3://${bucket}/${name}`]).stdout) as { mode: string; decision: { action: string } };
      expect(h.mode, name).toBe(mode);
      expect(h.decision.action, name).toBe('read');
    }
    const sseKms = JSON.parse(run(['object', 'head', `s3://${bucket}/sse-kms`]).stdout) as { keyId: string };
    expect(sseKms.keyId).toBe('testkey-1');

    const keyFile = join(dir, 'ssec.key');
    writeFileSync(keyFile, Buffer.alloc(32, 3));
    expect(run(['object', 'put', `s3://${bucket}/ssec`, file, '--sse', 'SSE_C', '--sse-c-key-file', keyFile]).code).toBe(0);
    const ssec = run(['object', 'get', `s3://${bucket}/ssec`]);
    expect(ssec.code).toBe(1);
    expect(ssec.stdout).toBe('');
    expect(ssec.stderr).toMatch(/^ERROR UNSUPPORTED_ENCRYPTION: s3:\/\/cli-us-[^ ]+\/ssec .*SSE-C/);

    const euBucket = `cli-eu-${suffix}`;
    expect(run(['bucket', 'create', `s3://${euBucket}`], eu).code).toBe(0);
    expect(run(['object', 'put', `s3://${euBucket}/x`, file], eu).code).toBe(0);
    expect(run(['object', 'get', `s3://${euBucket}/x`], eu).stdoutBytes.equals(data)).toBe(true);
    const cross = run(['object', 'get', `s3://${euBucket}/x`]);
    expect(cross.code).toBe(1);
    expect(cross.stderr).toMatch(/^ERROR CROSS_REGION: .*eu-west-1.*us-east-1/);
    expect(cross.stderr.trim().split('\n').length).toBe(1);
  });
});
