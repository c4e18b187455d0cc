/**
 * The encrypted read path over the real embedded backends: LocalStore (segmented SSE at rest,
 * SSE-C refusal, regions) and LocalKms (key policies, context-bound blobs, audit log).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openObject } from '../../../src/crypto/open-object.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import { v2KmsContextGcm } from '../../fixtures/crypto/cse-fixtures.js';
import { PLAINTEXT, registerOpenObjectSuite, rejectionOf } from './support/open-object-suite.js';

const dirs: string[] = [];
function warehouse(): string {
  const d = mkdtempSync(join(tmpdir(), 'aegis-crypto-local-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

registerOpenObjectSuite('LocalStore + LocalKms', async () => {
  const wh = warehouse();
  const kms = new LocalKms({ warehouse: wh, principal: 'alice' });
  const key = await kms.createKey({ alias: 'alias/data' });
  const store = new LocalStore({ root: wh, kms, principal: 'alice', region: 'us-east-1' });
  await store.createBucket('data');
  await store.createBucket('far-away', { region: 'eu-west-1' });
  return {
    store,
    kms,
    keyId: key.arn,
    bucket: 'data',
    engineRegion: 'us-east-1',
    principal: 'alice',
    // LocalStore refuses objects of a foreign bucket, so the object need not exist.
    foreign: { bucket: 'far-away', region: 'eu-west-1' },
    sseKmsKeyId: key.arn,
    reportsSseS3: true,
    supportsSseC: true,
  };
});

describe('LocalStore + LocalKms: principals', () => {
  it('CSE-KMS: a principal without kms:Decrypt gets ACCESS_DENIED naming principal and key; the audit log records it', async () => {
    const wh = warehouse();
    const alice = new LocalKms({ warehouse: wh, principal: 'alice' });
    const key = await alice.createKey({ alias: 'alias/private' });
    const store = new LocalStore({ root: wh, kms: alice, principal: 'alice' });
    await store.createBucket('data');
    const f = await v2KmsContextGcm(alice, key.arn, PLAINTEXT);
    await store.put('data', 'o.csv', f.body, { metadata: f.metadata });

    const bob = alice.withPrincipal('bob');
    const err = await rejectionOf(openObject(store, bob, 'data', 'o.csv', { principal: 'bob' }));
    expect(err.code).toBe('ACCESS_DENIED');
    expect(err.message).toContain('s3://data/o.csv');
    expect(err.message).toContain("'bob'");
    expect(err.message).toContain(key.arn);
    expect(err.details).toMatchObject({ uri: 's3://data/o.csv', principal: 'bob', keyId: key.arn, mode: 'CSE-KMS' });

    await alice.grant(key.keyId, 'bob', ['kms:Decrypt']);
    const ok = await openObject(store, bob, 'data', 'o.csv', { principal: 'bob' });
    expect(Buffer.from(ok.plaintext).equals(Buffer.from(PLAINTEXT))).toBe(true);
    expect(ok.descriptor).toMatchObject({ mode: 'CSE_KMS', keyId: key.arn });
    const audit = readFileSync(join(wh, 'kms', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const decrypts = audit.filter((a) => a.action === 'Decrypt' || a.action === 'kms:Decrypt');
    expect(decrypts.length).toBe(2);
    expect(JSON.stringify(decrypts)).toContain('bob');
  });

  it('SSE-KMS: the store refuses a principal without kms:Decrypt; aegis names principal and key', async () => {
    const wh = warehouse();
    const alice = new LocalKms({ warehouse: wh, principal: 'alice' });
    const key = await alice.createKey({ alias: 'alias/sse' });
    const aliceStore = new LocalStore({ root: wh, kms: alice, principal: 'alice' });
    await aliceStore.createBucket('data');
    await aliceStore.put('data', 's.csv', PLAINTEXT, { sse: { mode: 'SSE_KMS', kmsKeyId: key.arn } });
    aliceStore.close?.();
    const bob = alice.withPrincipal('bob');
    const bobStore = new LocalStore({ root: wh, kms: bob, principal: 'bob' });
    const err = await rejectionOf(openObject(bobStore, bob, 'data', 's.csv', { principal: 'bob' }));
    expect(err.code).toBe('ACCESS_DENIED');
    expect(err.message).toContain("'bob'");
    expect(err.message).toContain(key.arn);
    expect(err.details).toMatchObject({ uri: 's3://data/s.csv', principal: 'bob', mode: 'SSE-KMS' });
  });

  it('a disabled key gives KMS_DISABLED naming the object; re-enabled, it reads', async () => {
    const wh = warehouse();
    const kms = new LocalKms({ warehouse: wh, principal: 'alice' });
    const key = await kms.createKey();
    const store = new LocalStore({ root: wh, kms, principal: 'alice' });
    await store.createBucket('data');
    const f = await v2KmsContextGcm(kms, key.arn, PLAINTEXT);
    await store.put('data', 'o.csv', f.body, { metadata: f.metadata });
    await kms.disableKey(key.keyId);
    const e = await rejectionOf(openObject(store, kms, 'data', 'o.csv'));
    expect(e.code).toBe('KMS_DISABLED');
    expect(e.message).toContain('s3://data/o.csv');
    await kms.enableKey(key.keyId);
    expect((await openObject(store, kms, 'data', 'o.csv')).plaintext.length).toBe(PLAINTEXT.length);
  });
});
