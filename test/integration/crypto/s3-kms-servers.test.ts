/**
 * The encrypted read path against real servers: S3Store over Ceph RGW (two regions, SSE-KMS with
 * RGW's `testing` KMS backend, SSE-C) and AwsKms over moto's KMS; plus moto's KMS under the store
 * double. Skips what the test setup could not start (AEGIS_TEST_SERVERS=0, no moto_server/radosgw).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openObject } from '../../../src/crypto/open-object.js';
import { AwsKms } from '../../../src/kms/aws-kms.js';
import { v2KmsContextGcm } from '../../fixtures/crypto/cse-fixtures.js';
import { S3Store } from '../../../src/storage/s3-store.js';
import { MemoryStore } from '../../unit/crypto/support/memory-store.js';
import { PLAINTEXT, registerOpenObjectSuite, rejectionOf } from '../../unit/crypto/support/open-object-suite.js';

const moto = process.env.AEGIS_TEST_MOTO;
const rgw = process.env.AEGIS_TEST_RGW;
const rgwEu = process.env.AEGIS_TEST_RGW_EU;
const RGW_CREDS = { accessKeyId: 'AKIATEST', secretAccessKey: 'testsecret' };

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

registerOpenObjectSuite('S3Store on Ceph RGW + moto KMS', async () => {
  if (!moto || !rgw) return null;
  const kms = motoKms();
  const key = await kms.createKey({ description: 'aegis crypto suite (RGW)' });
  const store = new S3Store({ endpoint: rgw, region: 'us-east-1', forcePathStyle: true, credentials: RGW_CREDS });
  const bucket = `crypto-${randomBytes(4).toString('hex')}`;
  await store.createBucket(bucket);
  let foreign: { bucket: string; region: string } | undefined;
  if (rgwEu) {
    const eu = new S3Store({ endpoint: rgwEu, region: 'eu-west-1', forcePathStyle: true, credentials: RGW_CREDS });
    const far = `crypto-eu-${randomBytes(4).toString('hex')}`;
    await eu.createBucket(far, { region: 'eu-west-1' });
    await eu.put(far, 'plain.txt', new TextEncoder().encode('x'));
    foreign = { bucket: far, region: 'eu-west-1' };
  }
  return {
    store, kms, keyId: key.arn, bucket, engineRegion: 'us-east-1', principal: 'AKIATEST',
    ...(foreign ? { foreign } : {}),
    // RGW's `testing` KMS backend knows static key ids only; SSE-S3 (AES256) is ignored by Pacific.
    sseKmsKeyId: 'testkey-1', reportsSseS3: false, supportsSseC: true,
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
