/** LocalStore bucket policies and write atomicity. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import { rejection } from './object-store-contract.js';

/** The policy of the classic "deny unencrypted uploads" recipe. */
const requireAes256 = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyIncorrectEncryptionHeader',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::secure-aes/*',
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
    },
    {
      Sid: 'DenyUnEncryptedObjectUploads',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::secure-aes/*',
      Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
    },
  ],
};

const requireKms = {
  Statement: {
    Sid: 'KmsOnly',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: ['s3:PutObject'],
    Resource: ['arn:aws:s3:::secure-kms/*'],
    Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
  },
};

const denyUnencryptedOnly = {
  Statement: [
    {
      Sid: 'NoPlain',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:Put*',
      Resource: 'arn:aws:s3:::secure-any/*',
      Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
    },
  ],
};

describe('LocalStore', () => {
  let root: string;
  let kms: LocalKms;
  let store: LocalStore;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'aegis-writes-'));
    kms = new LocalKms({ warehouse: root, principal: 'alice' });
    await kms.createKey({ alias: 'alias/w' });
    store = new LocalStore({ root, kms, principal: 'alice' });
    await store.createBucket('secure-aes', { policy: requireAes256 });
    await store.createBucket('secure-kms', { policy: JSON.stringify(requireKms) });
    await store.createBucket('secure-any', { policy: denyUnencryptedOnly });
    await store.createBucket('plain');
  });
  afterAll(async () => {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  describe('bucket policy', () => {
    it('denies PutObject without SSE, or with the wrong SSE, naming the statement', async () => {
      const e = await rejection(store.put('secure-aes', 'a.csv', Buffer.from('x')));
      expect(e.code).toBe('ACCESS_DENIED');
      expect(e.details).toMatchObject({ uri: 's3://secure-aes/a.csv', principal: 'alice', action: 's3:PutObject', statement: 'DenyIncorrectEncryptionHeader' });
      const k = await rejection(store.put('secure-aes', 'a.csv', Buffer.from('x'), { sse: { mode: 'SSE_KMS', kmsKeyId: 'alias/w' } }));
      expect(k.code).toBe('ACCESS_DENIED');
      expect((await rejection(store.head('secure-aes', 'a.csv'))).code).toBe('NOT_FOUND');
      await store.put('secure-aes', 'a.csv', Buffer.from('x'), { sse: { mode: 'SSE_S3' } });
      expect((await store.head('secure-aes', 'a.csv')).sse.serverSideEncryption).toBe('AES256');
    });

    it('StringNotEquals aws:kms admits only SSE-KMS', async () => {
      expect((await rejection(store.put('secure-kms', 'k', Buffer.from('x'), { sse: { mode: 'SSE_S3' } }))).code).toBe('ACCESS_DENIED');
      expect((await rejection(store.put('secure-kms', 'k', Buffer.from('x')))).code).toBe('ACCESS_DENIED');
      await store.put('secure-kms', 'k', Buffer.from('x'), { sse: { mode: 'SSE_KMS', kmsKeyId: 'alias/w' } });
    });

    it('Null "true" denies only requests without the SSE header (SSE-C sends none)', async () => {
      expect((await rejection(store.put('secure-any', 'k', Buffer.from('x')))).code).toBe('ACCESS_DENIED');
      expect((await rejection(store.put('secure-any', 'k', Buffer.from('x'), { sse: { mode: 'SSE_C', customerKey: new Uint8Array(32) } }))).code).toBe('ACCESS_DENIED');
      await store.put('secure-any', 'k', Buffer.from('x'), { sse: { mode: 'SSE_S3' } });
      await store.put('secure-any', 'k2', Buffer.from('x'), { sse: { mode: 'SSE_KMS', kmsKeyId: 'alias/w' } });
      // The policy concerns writes only.
      expect(Buffer.from((await store.get('secure-any', 'k')).body).toString()).toBe('x');
    });

    it('can be set and removed later; malformed or unsupported policies are refused', async () => {
      await store.setBucketPolicy('plain', { ...requireAes256, Statement: requireAes256.Statement.map((s) => ({ ...s, Resource: 'arn:aws:s3:::plain/*' })) });
      expect((await rejection(store.put('plain', 'p', Buffer.from('x')))).code).toBe('ACCESS_DENIED');
      await store.setBucketPolicy('plain', undefined);
      await store.put('plain', 'p', Buffer.from('x'));
      for (const bad of ['{not json', { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: '*', Condition: { NumericLessThan: { 's3:x-amz-server-side-encryption': '1' } } }] }, { Statement: [{ Effect: 'Maybe' }] }]) {
        const e = await rejection(store.setBucketPolicy('plain', bad));
        expect(e.code).toBe('INVALID_ARGUMENT');
        expect(e.message).toMatch(/Malformed bucket policy/);
      }
    });
  });

  describe('atomic writes', () => {
    const tmpFiles = (): string[] => readdirSync(join(root, '.store', 'tmp'));
    const dataFiles = (bucket: string): string[] =>
      readdirSync(join(root, 'buckets', bucket), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

    it('readers racing overwrites see one whole version or the other', async () => {
      await store.createBucket('race');
      const versions = [Buffer.alloc(200_000, 'a'), Buffer.alloc(150_000, 'b'), Buffer.alloc(90_000, 'c')];
      await store.put('race', 'obj', versions[0]!, { sse: { mode: 'SSE_S3' } });
      const seen = new Set<string>();
      let writing = true;
      const writer = (async () => {
        for (let i = 1; i <= 30; i++) await store.put('race', 'obj', versions[i % 3]!, { sse: { mode: 'SSE_S3' } });
        writing = false;
      })();
      let reads = 0;
      while (writing || reads < 5) {
        const g = await store.get('race', 'obj');
        const body = Buffer.from(g.body);
        const which = versions.findIndex((v) => v.equals(body));
        expect(which, `read ${reads} returned a mix of versions (${body.length} bytes)`).toBeGreaterThanOrEqual(0);
        expect(g.head.size).toBe(body.length);
        seen.add(String(which));
        reads++;
      }
      await writer;
      expect(seen.size).toBeGreaterThan(1);
      // Replaced versions are removed: one data file for one object, and no temp files.
      expect(dataFiles('race')).toHaveLength(1);
      expect(tmpFiles()).toEqual([]);
    });

    it('a put that fails (KMS refusal) leaves the previous version and no stray files', async () => {
      await store.createBucket('fail');
      await store.put('fail', 'obj', Buffer.from('version 1'));
      const bob = new LocalStore({ root, kms: kms.withPrincipal('bob'), principal: 'bob' });
      try {
        const e = await rejection(bob.put('fail', 'obj', Buffer.from('version 2'), { sse: { mode: 'SSE_KMS', kmsKeyId: 'alias/w' } }));
        expect(e.code).toBe('ACCESS_DENIED');
        expect(e.message).toContain('kms:GenerateDataKey');
      } finally {
        await bob.close();
      }
      expect(Buffer.from((await store.get('fail', 'obj')).body).toString()).toBe('version 1');
      expect(dataFiles('fail')).toHaveLength(1);
      expect(tmpFiles()).toEqual([]);
    });

    it('delete removes the bytes as well as the record', async () => {
      await store.createBucket('gone');
      await store.put('gone', 'obj', Buffer.from('bytes'));
      expect(dataFiles('gone')).toHaveLength(1);
      await store.delete('gone', 'obj');
      expect(dataFiles('gone')).toHaveLength(0);
    });
  });

  describe('buckets and keys', () => {
    it('validates bucket names and keys', async () => {
      for (const bad of ['A-Upper', 'x', '../etc', 'a..b', '-dash']) {
        expect((await rejection(store.createBucket(bad))).code).toBe('INVALID_ARGUMENT');
      }
      expect((await rejection(store.createBucket('plain'))).code).toBe('ALREADY_EXISTS');
      expect((await rejection(store.put('plain', '', Buffer.from('x')))).code).toBe('INVALID_ARGUMENT');
      expect((await rejection(store.put('plain', 'bad\uD800', Buffer.from('x')))).code).toBe('INVALID_ARGUMENT');
      expect((await rejection(store.put('plain', 'k'.repeat(1025), Buffer.from('x')))).code).toBe('INVALID_ARGUMENT');
      await store.put('plain', 'k'.repeat(1024), Buffer.from('x'));
    });

    it('lists buckets with their regions and survives reopening', async () => {
      await store.createBucket('far-away', { region: 'ap-south-1' });
      const again = new LocalStore({ root, kms, principal: 'alice' });
      try {
        expect(await again.listBuckets()).toContainEqual({ name: 'far-away', region: 'ap-south-1' });
        expect(Buffer.from((await again.get('plain', 'p')).body).toString()).toBe('x');
        expect((await again.get('secure-aes', 'a.csv')).head.sse.serverSideEncryption).toBe('AES256');
      } finally {
        await again.close();
      }
    });

    it('rejects a malformed continuation token', async () => {
      expect((await rejection(store.list('plain', { continuationToken: 'garbage!' }))).code).toBe('INVALID_ARGUMENT');
    });
  });
});
