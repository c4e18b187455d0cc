/**
 * AwsKms against moto's KMS (started by test/setup/global-setup.ts; AEGIS_TEST_MOTO). moto does
 * not enforce key state on crypto calls (a disabled key still encrypts there), so the
 * disabled-key contract is checked against LocalKms and, for AwsKms, by mapping the SDK's own
 * DisabledException.
 */
import { DisabledException, KMSInvalidStateException } from '@aws-sdk/client-kms';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AwsKms, mapAwsKmsError } from '../../../src/kms/aws-kms.js';
import { registerKmsContract, rejection } from '../../unit/kms/kms-contract.js';

const endpoint = process.env.AEGIS_TEST_MOTO;
const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };

describe('AwsKms mapping of SDK exceptions', () => {
  it('keeps the AWS name in details.kmsError and picks the aegis code', () => {
    const meta = { $metadata: {} };
    const d = mapAwsKmsError(new DisabledException({ message: 'key is disabled', ...meta }), 'k1');
    expect(d.code).toBe('KMS_DISABLED');
    expect(d.details).toMatchObject({ kmsError: 'DisabledException', keyId: 'k1' });
    expect(mapAwsKmsError(new KMSInvalidStateException({ message: 'pending', ...meta })).code).toBe('KMS_INVALID_STATE');
    const ad = mapAwsKmsError(Object.assign(new Error('User: x is not authorized'), { name: 'AccessDeniedException' }));
    expect(ad.code).toBe('ACCESS_DENIED');
    expect(mapAwsKmsError(Object.assign(new Error('boom'), { name: 'DependencyTimeoutException' })).code).toBe('KMS_ERROR');
  });
});

describe.skipIf(!endpoint)('AwsKms against moto: KMS contract', () => {
  registerKmsContract({
    kms: () => new AwsKms({ endpoint: endpoint!, region: 'us-east-1', credentials: creds }),
    supportsRotation: true,
    enforcesKeyState: false,
  });

  it('honours AWS_ENDPOINT_URL_KMS when no endpoint option is given', async () => {
    const names = ['AWS_ENDPOINT_URL_KMS', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
    const saved = names.map((n) => process.env[n]);
    try {
      process.env.AWS_ENDPOINT_URL_KMS = endpoint!;
      process.env.AWS_ACCESS_KEY_ID = 'testing';
      process.env.AWS_SECRET_ACCESS_KEY = 'testing';
      const kms = new AwsKms({ region: 'us-east-1' });
      expect(kms.endpoint).toBe(endpoint);
      const key = await kms.createKey({ description: 'via env' });
      expect((await kms.describeKey(key.keyId)).arn).toBe(key.arn);
      expect(inspect(kms)).not.toContain('testing');
      expect(JSON.stringify(kms)).not.toContain('testing');
    } finally {
      names.forEach((n, i) => {
        if (saved[i] === undefined) delete process.env[n];
        else process.env[n] = saved[i];
      });
    }
  });

  it('schedules deletion and reports PendingDeletion', async () => {
    const kms = new AwsKms({ endpoint: endpoint!, region: 'us-east-1', credentials: creds });
    const key = await kms.createKey({});
    const d = await kms.scheduleKeyDeletion(key.keyId, 7);
    expect(d.keyState).toBe('PendingDeletion');
    expect((await kms.cancelKeyDeletion(key.keyId)).keyState).toBe('Disabled');
    await rejection(kms.createKey({ policy: { grants: [] } }), 'NOT_SUPPORTED');
  });
});
