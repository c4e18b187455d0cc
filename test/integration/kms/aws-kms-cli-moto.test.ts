/** The admin CLI with `--kms aws` against moto's KMS (AEGIS_TEST_MOTO), built binary. */
import { describe, expect, it, beforeAll } from 'vitest';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';

const endpoint = process.env.AEGIS_TEST_MOTO;

describe.skipIf(!endpoint)('aegis kms --kms aws against moto', { timeout: 300_000 }, () => {
  beforeAll(() => buildCli(), 120_000);
  const env = { AWS_ENDPOINT_URL_KMS: endpoint ?? '', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AEGIS_KMS: 'aws' };

  it('creates, describes, disables and lists keys; LocalKms-only commands say NOT_SUPPORTED', () => {
    const alias = `alias/cli-${Date.now()}`;
    const c = aegis(['kms', 'create-key', '--alias', alias, '--description', 'via cli'], { env });
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    const key = JSON.parse(c.stdout) as { keyId: string; arn: string; aliases: string[] };
    expect(key.arn).toBe(`arn:aws:kms:us-east-1:123456789012:key/${key.keyId}`);
    expect(key.aliases).toEqual([alias]);
    const d = JSON.parse(aegis(['kms', 'describe', alias], { env }).stdout) as { arn: string; aliases: string[]; description: string };
    expect(d).toMatchObject({ arn: key.arn, aliases: [alias], description: 'via cli' });
    expect((JSON.parse(aegis(['kms', 'disable', key.keyId], { env }).stdout) as { keyState: string }).keyState).toBe('Disabled');
    const ls = aegis(['kms', 'list-keys'], { env });
    expect(ls.stdout).toMatch(new RegExp(`^${key.keyId}\\s+Disabled\\s+-\\s+${alias}\\s+via cli$`, 'm'));
    const g = aegis(['kms', 'grant', alias, 'bob', 'kms:Decrypt'], { env });
    expect(g.code).toBe(1);
    expect(g.stderr).toMatch(/^ERROR NOT_SUPPORTED: 'aegis kms grant' works on the embedded LocalKms only/);
    const nf = aegis(['kms', 'describe', 'alias/none-such-here'], { env });
    expect(nf.code).toBe(1);
    expect(nf.stderr).toMatch(/^ERROR NOT_FOUND: KMS NotFoundException for key alias\/none-such-here/);
    expect(nf.stderr.trim().split('\n').length).toBe(1);
  });
});
