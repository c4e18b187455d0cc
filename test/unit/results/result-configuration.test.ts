/**
 * The result configuration a query runs with (results/result-configuration.ts), as a table:
 * EnforceWorkGroupConfiguration on/off × the client's and the workgroup's settings set/unset ×
 * EnableMinimumEncryptionConfiguration. The source's encryption takes no part, so it is not an
 * input at all.
 */
import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import {
  defaultOutputLocation,
  describeEncryption,
  effectiveResultConfiguration,
  normalizeOutputLocation,
  parseEncryptionOption,
  type EncryptionConfiguration,
  type ResultConfiguration,
  type WorkGroupConfiguration,
} from '../../../src/results/result-configuration.js';

const REGION = 'eu-central-1';
const CLIENT_LOC = 's3://client-bucket/mine/';
const WG_LOC = 's3://wg-bucket/team/';
const KEY_C = 'arn:aws:kms:eu-central-1:000000000000:key/client-key';
const KEY_W = 'arn:aws:kms:eu-central-1:000000000000:key/workgroup-key';

const wg = (configuration: WorkGroupConfiguration, name = 'team') => ({ name, state: 'ENABLED' as const, configuration });

function errorOf(fn: () => unknown): { code: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (!isAegisError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  return undefined;
}

describe('effectiveResultConfiguration: location and encryption precedence', () => {
  const clientEnc: EncryptionConfiguration = { EncryptionOption: 'SSE_KMS', KmsKey: KEY_C };
  const wgEnc: EncryptionConfiguration = { EncryptionOption: 'CSE_KMS', KmsKey: KEY_W };

  // enforce, client set?, workgroup set? → expected location, option, key, where the encryption came from
  const table: [boolean, boolean, boolean, string, string, string | undefined, string][] = [
    [false, false, false, defaultOutputLocation(REGION), 'SSE_S3', undefined, 'default'],
    [false, true, false, CLIENT_LOC, 'SSE_KMS', KEY_C, 'client'],
    [false, false, true, WG_LOC, 'CSE_KMS', KEY_W, 'workgroup'],
    [false, true, true, CLIENT_LOC, 'SSE_KMS', KEY_C, 'client'],
    [true, false, false, defaultOutputLocation(REGION), 'SSE_S3', undefined, 'default'],
    // Enforced: the client is ignored even where the workgroup sets nothing (Athena).
    [true, true, false, defaultOutputLocation(REGION), 'SSE_S3', undefined, 'default'],
    [true, false, true, WG_LOC, 'CSE_KMS', KEY_W, 'workgroup'],
    [true, true, true, WG_LOC, 'CSE_KMS', KEY_W, 'workgroup'],
  ];
  for (const [enforce, clientSet, wgSet, location, option, key, from] of table) {
    it(`enforce ${enforce ? 'on' : 'off'}, client ${clientSet ? 'set' : 'unset'}, workgroup ${wgSet ? 'set' : 'unset'} → ${location} ${option}`, () => {
      const client: ResultConfiguration | undefined = clientSet ? { OutputLocation: CLIENT_LOC, EncryptionConfiguration: clientEnc } : undefined;
      const w = wg({
        EnforceWorkGroupConfiguration: enforce,
        ...(wgSet ? { ResultConfiguration: { OutputLocation: WG_LOC, EncryptionConfiguration: wgEnc } } : {}),
      });
      const eff = effectiveResultConfiguration(client, w, REGION);
      expect(eff.outputLocation).toBe(location);
      expect(eff.encryption).toEqual(key ? { option, kmsKey: key } : { option });
      expect(eff.encryptionFrom).toBe(from);
      expect(eff.defaultLocation).toBe(location === defaultOutputLocation(REGION));
    });
  }

  it('not enforced, fields are taken one by one: a workgroup that sets only the encryption keeps the client\'s location', () => {
    const eff = effectiveResultConfiguration({ OutputLocation: CLIENT_LOC }, wg({ ResultConfiguration: { EncryptionConfiguration: wgEnc } }), REGION);
    expect([eff.outputLocation, eff.encryption.option, eff.encryption.kmsKey]).toEqual([CLIENT_LOC, 'CSE_KMS', KEY_W]);
  });

  it('enforced, the client\'s settings are ignored: its location and its NONE give way to the embedded default', () => {
    const enforced = wg({ EnforceWorkGroupConfiguration: true, ResultConfiguration: { EncryptionConfiguration: wgEnc } });
    expect(effectiveResultConfiguration({ OutputLocation: CLIENT_LOC }, enforced, REGION).outputLocation).toBe(defaultOutputLocation(REGION));
    const locationOnly = wg({ EnforceWorkGroupConfiguration: true, ResultConfiguration: { OutputLocation: WG_LOC } });
    const eff = effectiveResultConfiguration({ OutputLocation: CLIENT_LOC, EncryptionConfiguration: { EncryptionOption: 'NONE' } }, locationOnly, REGION);
    expect([eff.outputLocation, eff.encryption, eff.encryptionFrom]).toEqual([WG_LOC, { option: 'SSE_S3' }, 'default']);
  });

  it('an enforcing workgroup overrides a client asking for a weaker option (SSE_S3 asked, CSE_KMS written)', () => {
    const eff = effectiveResultConfiguration(
      { OutputLocation: CLIENT_LOC, EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
      wg({ EnforceWorkGroupConfiguration: true, ResultConfiguration: { OutputLocation: WG_LOC, EncryptionConfiguration: wgEnc } }),
      REGION,
    );
    expect(eff).toMatchObject({ outputLocation: WG_LOC, encryption: { option: 'CSE_KMS', kmsKey: KEY_W }, encryptionFrom: 'workgroup' });
  });

  it('the embedded default is the region\'s aegis-results bucket with SSE_S3', () => {
    expect(defaultOutputLocation('us-east-1')).toBe('s3://aegis-results-us-east-1/');
    const eff = effectiveResultConfiguration(undefined, wg({}), 'us-east-1');
    expect(eff).toEqual({ outputLocation: 's3://aegis-results-us-east-1/', encryption: { option: 'SSE_S3' }, defaultLocation: true, encryptionFrom: 'default' });
  });

  it('SSE_KMS without a key uses the AWS-managed S3 key; CSE_KMS without a key is refused', () => {
    expect(effectiveResultConfiguration({ EncryptionConfiguration: { EncryptionOption: 'SSE_KMS' } }, wg({}), REGION).encryption).toEqual({ option: 'SSE_KMS', kmsKey: 'alias/aws/s3' });
    const e = errorOf(() => effectiveResultConfiguration({ EncryptionConfiguration: { EncryptionOption: 'CSE_KMS' } }, wg({}), REGION));
    expect(e?.code).toBe('INVALID_ARGUMENT');
    expect(e?.message).toMatch(/CSE_KMS results need a KMS key/);
  });

  it('a key given with SSE_S3 is not carried into the effective encryption', () => {
    expect(effectiveResultConfiguration({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3', KmsKey: KEY_C } }, wg({}), REGION).encryption).toEqual({ option: 'SSE_S3' });
  });

  it('ExpectedBucketOwner and AclConfiguration follow the same precedence', () => {
    const client = { ExpectedBucketOwner: '111111111111', AclConfiguration: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' } };
    const w = { ExpectedBucketOwner: '222222222222' };
    expect(effectiveResultConfiguration(client, wg({ ResultConfiguration: w }), REGION)).toMatchObject({ expectedBucketOwner: '111111111111', acl: { S3AclOption: 'BUCKET_OWNER_FULL_CONTROL' } });
    const enforced = effectiveResultConfiguration(client, wg({ EnforceWorkGroupConfiguration: true, ResultConfiguration: w }), REGION);
    expect(enforced.expectedBucketOwner).toBe('222222222222');
    expect(enforced.acl).toBeUndefined();
  });
});

describe('effectiveResultConfiguration: EnableMinimumEncryptionConfiguration', () => {
  const ORDER = ['NONE', 'SSE_S3', 'SSE_KMS', 'CSE_KMS'] as const;
  const withKey = (o: (typeof ORDER)[number]): EncryptionConfiguration => (o === 'SSE_KMS' || o === 'CSE_KMS' ? { EncryptionOption: o, KmsKey: KEY_C } : { EncryptionOption: o });

  for (const min of ['SSE_S3', 'SSE_KMS', 'CSE_KMS'] as const) {
    for (const asked of ORDER) {
      const weaker = ORDER.indexOf(asked) < ORDER.indexOf(min);
      it(`minimum ${min}, client asks ${asked} → ${weaker ? 'refused' : asked}`, () => {
        const w = wg({ EnableMinimumEncryptionConfiguration: true, ResultConfiguration: { EncryptionConfiguration: withKey(min) } }, 'floor');
        const run = () => effectiveResultConfiguration({ EncryptionConfiguration: withKey(asked) }, w, REGION);
        if (weaker) {
          const e = errorOf(run);
          expect(e?.code).toBe('INVALID_ARGUMENT');
          expect(e?.message).toContain(`Workgroup floor requires result encryption of at least ${min}`);
          expect(e?.message).toContain(`asked for ${asked}`);
        } else {
          expect(run().encryption.option).toBe(asked);
        }
      });
    }
  }

  it('a client that sets no encryption gets the workgroup\'s (the minimum itself)', () => {
    const w = wg({ EnableMinimumEncryptionConfiguration: true, ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: KEY_W } } });
    expect(effectiveResultConfiguration({ OutputLocation: CLIENT_LOC }, w, REGION).encryption).toEqual({ option: 'SSE_KMS', kmsKey: KEY_W });
  });

  it('without the minimum flag a weaker client setting wins (no enforcement)', () => {
    const w = wg({ ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: KEY_W } } });
    expect(effectiveResultConfiguration({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } }, w, REGION).encryption).toEqual({ option: 'SSE_S3' });
  });

  it('with enforcement on, the minimum never refuses: the workgroup\'s own encryption is used', () => {
    const w = wg({ EnforceWorkGroupConfiguration: true, EnableMinimumEncryptionConfiguration: true, ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'CSE_KMS', KmsKey: KEY_W } } });
    expect(effectiveResultConfiguration({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } }, w, REGION).encryption).toEqual({ option: 'CSE_KMS', kmsKey: KEY_W });
  });

  it('a minimum without a workgroup encryption is SSE_S3: NONE is refused, SSE_S3 accepted', () => {
    const w = wg({ EnableMinimumEncryptionConfiguration: true });
    expect(errorOf(() => effectiveResultConfiguration({ EncryptionConfiguration: { EncryptionOption: 'NONE' } }, w, REGION))?.code).toBe('INVALID_ARGUMENT');
    expect(effectiveResultConfiguration({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } }, w, REGION).encryption.option).toBe('SSE_S3');
  });
});

describe('result setting values', () => {
  it('encryption options parse case-insensitively; anything else names the setting', () => {
    expect(['sse_s3', 'Sse_Kms', 'CSE_KMS', 'none'].map((v) => parseEncryptionOption(v, 'x'))).toEqual(['SSE_S3', 'SSE_KMS', 'CSE_KMS', 'NONE']);
    const e = errorOf(() => parseEncryptionOption('CSE_C', '--result-encryption'));
    expect(e?.code).toBe('INVALID_ARGUMENT');
    expect(e?.message).toContain('--result-encryption must be one of SSE_S3, SSE_KMS, CSE_KMS');
    expect(e?.message).toContain("'CSE_C'");
  });

  it('output locations get their trailing slash; non-s3 URIs are refused', () => {
    expect(normalizeOutputLocation('s3://b')).toBe('s3://b/');
    expect(normalizeOutputLocation('s3://b/p')).toBe('s3://b/p/');
    expect(normalizeOutputLocation('s3://b/p/')).toBe('s3://b/p/');
    for (const bad of ['b/p/', 'https://b/p/', 's3://', 's3:///p']) expect(errorOf(() => normalizeOutputLocation(bad))?.code, bad).toBe('INVALID_ARGUMENT');
  });

  it('describeEncryption names the key when there is one', () => {
    expect(describeEncryption({ option: 'SSE_S3' })).toBe('SSE_S3');
    expect(describeEncryption({ option: 'CSE_KMS', kmsKey: KEY_W })).toBe(`CSE_KMS ${KEY_W}`);
  });
});
