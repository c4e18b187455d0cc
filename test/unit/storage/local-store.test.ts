import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import { objectStoreContract } from './object-store-contract.js';

objectStoreContract('LocalStore', async () => {
  const root = mkdtempSync(join(tmpdir(), 'aegis-localstore-'));
  const kms = new LocalKms({ warehouse: root, principal: 'alice' });
  const key = await kms.createKey({ alias: 'alias/contract' });
  const store = new LocalStore({ root, region: 'us-east-1', kms, principal: 'alice' });
  let n = 0;
  return {
    store,
    newBucket: async () => {
      const b = `bucket-${n++}-${randomBytes(3).toString('hex')}`;
      await store.createBucket(b);
      return b;
    },
    kms: { keyId: 'alias/contract', reportedKeyId: key.arn },
    foreignBucket: async () => {
      const b = `eu-bucket-${randomBytes(3).toString('hex')}`;
      // Another engine, running in eu-west-1 over the same warehouse, owns this bucket.
      const eu = new LocalStore({ root, region: 'eu-west-1', kms, principal: 'alice' });
      await eu.createBucket(b, { region: 'eu-west-1' });
      await eu.put(b, 'data.csv', Buffer.from('id\n1\n'));
      await eu.close();
      return { bucket: b, region: 'eu-west-1' };
    },
    reportsSseS3: true,
    cleanup: async () => {
      await store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
});
