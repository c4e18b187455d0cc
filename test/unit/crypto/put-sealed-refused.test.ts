/**
 * A CSE put whose object is refused leaves nothing behind: the instruction file written first is
 * removed again, or — when an older object was being replaced — restored to the old envelope,
 * so the old object still decrypts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openObject } from '../../../src/crypto/open-object.js';
import { putSealed } from '../../../src/crypto/seal.js';
import { AegisError } from '../../../src/errors.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { LocalStore } from '../../../src/storage/local-store.js';

let dir: string;
let kms: LocalKms;
let store: LocalStore;
let key: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-sealed-'));
  kms = new LocalKms({ warehouse: dir, principal: 'writer', region: 'us-east-1', account: '000000000000' });
  store = new LocalStore({ root: dir, region: 'us-east-1', kms, principal: 'writer' });
  key = (await kms.createKey({})).arn;
  await store.createBucket('bkt', {
    region: 'us-east-1',
    policy: { Version: '2012-10-17', Statement: [{ Sid: 'NoLocked', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::bkt/data/locked.csv' }] },
  });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('putSealed with an instruction file, refused', () => {
  it('a new object refused: no instruction file is left', async () => {
    const e = await putSealed(store, kms, 'bkt', 'data/locked.csv', Buffer.from('a,b\n'), key, { envelopeLocation: 'instruction-file' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AegisError);
    expect((e as AegisError).code).toBe('ACCESS_DENIED');
    expect((await store.list('bkt', { prefix: 'data/locked' })).objects).toEqual([]);
  });

  it('a replacement refused: the old object keeps its envelope and still decrypts', async () => {
    await putSealed(store, kms, 'bkt', 'data/x.csv', Buffer.from('old\n'), key, { envelopeLocation: 'instruction-file' });
    // Refuse only the object itself from now on.
    await store.setBucketPolicy('bkt', {
      Version: '2012-10-17',
      Statement: [{ Sid: 'NoX', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::bkt/data/x.csv' }],
    });
    const e = await putSealed(store, kms, 'bkt', 'data/x.csv', Buffer.from('new\n'), key, { envelopeLocation: 'instruction-file' }).catch((x: unknown) => x);
    expect((e as AegisError).code).toBe('ACCESS_DENIED');
    const back = await openObject(store, kms, 'bkt', 'data/x.csv', { expectClientSide: true });
    expect(Buffer.from(back.plaintext).toString()).toBe('old\n');
  });
});
