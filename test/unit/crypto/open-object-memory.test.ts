/**
 * The encrypted read path over an in-memory store double and the real LocalKms (key policies,
 * AAD-bound blobs). The same suite runs over LocalStore and over Ceph RGW + moto elsewhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { MemoryStore } from './support/memory-store.js';
import { registerOpenObjectSuite } from './support/open-object-suite.js';

registerOpenObjectSuite('a memory store double + LocalKms', async () => {
  const wh = mkdtempSync(join(tmpdir(), 'aegis-crypto-'));
  const kms = new LocalKms({ warehouse: wh, principal: 'alice' });
  const key = await kms.createKey({ alias: 'alias/data' });
  const store = new MemoryStore('us-east-1');
  await store.createBucket('data');
  await store.createBucket('far', { region: 'eu-west-1' });
  await store.put('far', 'plain.txt', new TextEncoder().encode('x'));
  return {
    store,
    kms,
    keyId: key.arn,
    bucket: 'data',
    engineRegion: 'us-east-1',
    principal: 'alice',
    foreign: { bucket: 'far', region: 'eu-west-1' },
    sseKmsKeyId: key.arn,
    reportsSseS3: true,
    supportsSseC: true,
    cleanup: async () => rmSync(wh, { recursive: true, force: true }),
  };
});
