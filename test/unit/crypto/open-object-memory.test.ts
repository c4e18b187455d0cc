/**
 * The encrypted read path over an in-memory store double and the real LocalKms (key policies,
 * AAD-bound blobs). The same suite runs over LocalStore and over Ceph RGW + moto elsewhere.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openObject } from '../../../src/crypto/open-object.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { legacyKms, v2KmsContextGcm } from '../../fixtures/crypto/cse-fixtures.js';
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

describe('openObject: multi-chunk bodies', () => {
  it('an independent 9 MiB GCM object and CBC object decrypt byte-identical (crosses the 8 MiB chunk)', async () => {
    const wh = mkdtempSync(join(tmpdir(), 'aegis-crypto-big-'));
    try {
      const kms = new LocalKms({ warehouse: wh, principal: 'alice' });
      const { arn } = await kms.createKey();
      const store = new MemoryStore();
      await store.createBucket('data');
      const big = randomBytes(9 * 1024 * 1024 + 5);
      for (const f of [await v2KmsContextGcm(kms, arn, big), await legacyKms(kms, arn, big, 'CBC')]) {
        await store.put('data', 'big', f.body, { metadata: f.metadata });
        const r = await openObject(store, kms, 'data', 'big', { policy: { allowLegacyCse: true } });
        expect(Buffer.from(r.plaintext).equals(big), f.name).toBe(true);
      }
    } finally {
      rmSync(wh, { recursive: true, force: true });
    }
  });
});
