/**
 * The encrypted read path against real servers: moto's KMS (AwsKms over @aws-sdk/client-kms).
 * Skips when the test setup could not start moto (AEGIS_TEST_SERVERS=0 or no moto_server).
 */
import { describe, expect, it } from 'vitest';
import { openObject } from '../../../src/crypto/open-object.js';
import { AwsKms } from '../../../src/kms/aws-kms.js';
import { v2KmsContextGcm } from '../../fixtures/crypto/cse-fixtures.js';
import { MemoryStore } from '../../unit/crypto/support/memory-store.js';
import { PLAINTEXT, registerOpenObjectSuite, rejectionOf } from '../../unit/crypto/support/open-object-suite.js';

const moto = process.env.AEGIS_TEST_MOTO;

function motoKms(): AwsKms {
  return new AwsKms({ endpoint: moto!, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
}

registerOpenObjectSuite('a memory store double + moto KMS', async () => {
  if (!moto) return null;
  const kms = motoKms();
  const key = await kms.createKey({ description: 'aegis crypto suite' });
  const store = new MemoryStore('us-east-1');
  await store.createBucket('data');
  await store.createBucket('far', { region: 'eu-west-1' });
  await store.put('far', 'plain.txt', new TextEncoder().encode('x'));
  return {
    store, kms, keyId: key.arn, bucket: 'data', engineRegion: 'us-east-1', principal: 'testing',
    foreign: { bucket: 'far', region: 'eu-west-1' }, sseKmsKeyId: key.arn, reportsSseS3: true, supportsSseC: true,
  };
});

describe('moto KMS specifics', () => {
  it('a wrong encryption context is INVALID_CIPHERTEXT from KMS, named with the object', async (t) => {
    if (!moto) return t.skip();
    const kms = motoKms();
    const key = await kms.createKey({});
    const store = new MemoryStore();
    await store.createBucket('data');
    const f = await v2KmsContextGcm(kms, key.arn, PLAINTEXT, { userContext: { table: 'a' } });
    const md = { ...f.metadata, 'x-amz-matdesc': JSON.stringify({ 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding', table: 'b' }) };
    await store.put('data', 'o', f.body, { metadata: md });
    const e = await rejectionOf(openObject(store, kms, 'data', 'o'));
    expect(e.code).toBe('INVALID_CIPHERTEXT');
    expect(e.message).toContain('s3://data/o');
    expect(e.details).toMatchObject({ uri: 's3://data/o', kmsError: 'InvalidCiphertextException' });
  });

  // moto 5.2.1 still decrypts under a disabled key, so KMS_DISABLED is proven over LocalKms.

});
