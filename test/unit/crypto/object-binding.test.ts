/**
 * CSE-KMS objects aegis puts bind their location (`aegis:object` = `s3://bucket/key` in the KMS
 * encryption context, stored in x-amz-matdesc next to the reserved `aws:x-amz-cek-alg`), and
 * reads refuse an object whose binding names another location — over a LocalStore warehouse
 * with LocalKms:
 * - put → read back, envelope in the metadata or in `<key>.instruction`;
 * - the object (body, metadata and instruction file) copied to another key, or two objects
 *   swapped, is DECRYPTION_FAILED naming the object read, before KMS is asked;
 * - the binding edited to the new location is refused by KMS (the context is authenticated);
 * - an object written without the entry (another S3 Encryption Client) still reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openObject, probeObject } from '../../../src/crypto/open-object.js';
import { CONTEXT_OBJECT } from '../../../src/crypto/object-binding.js';
import { putSealed, seal } from '../../../src/crypto/seal.js';
import { AegisError } from '../../../src/errors.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { LocalStore } from '../../../src/storage/local-store.js';

let dir: string;
let kms: LocalKms;
let store: LocalStore;
let keyArn: string;
const B = 'lake';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-binding-'));
  kms = new LocalKms({ warehouse: dir, principal: 'analyst' });
  store = new LocalStore({ root: dir, kms, principal: 'analyst' });
  await store.createBucket(B);
  keyArn = (await kms.createKey({ alias: 'alias/binding' })).arn;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const uriOf = (key: string) => `s3://${B}/${key}`;

/** Copies an object with its metadata and instruction file, as anyone who can write the bucket could. */
async function copyObject(from: string, to: string): Promise<void> {
  const got = await store.get(B, from);
  const instr = await store.get(B, `${from}.instruction`).catch(() => undefined);
  if (instr) await store.put(B, `${to}.instruction`, instr.body, { metadata: instr.head.metadata });
  else await store.delete(B, `${to}.instruction`).catch(() => undefined);
  await store.put(B, to, got.body, { metadata: got.head.metadata });
}

async function refusal(p: Promise<unknown>): Promise<AegisError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof AegisError)) throw new Error(`expected a typed refusal, got ${String(e)}`);
  return e;
}

describe('putSealed binds the object to its location', () => {
  for (const location of ['metadata', 'instruction-file'] as const) {
    it(`${location}: the context holds aegis:object and the cek-alg; the object reads back`, async () => {
      const key = `bind/${location}/a.csv`;
      const s = await putSealed(store, kms, B, key, Buffer.from('1,one\n'), keyArn, { envelopeLocation: location, context: { table: 't' } });
      const env = location === 'metadata' ? s.metadata : (JSON.parse(text(s.instructionFile!.body)) as Record<string, string>);
      expect(JSON.parse(env['x-amz-matdesc']!)).toEqual({ 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding', [CONTEXT_OBJECT]: uriOf(key), table: 't' });
      expect(env['x-amz-wrap-alg']).toBe('kms+context');
      const got = await openObject(store, kms, B, key);
      expect(text(got.plaintext)).toBe('1,one\n');
    });

    it(`${location}: a copy at another key is DECRYPTION_FAILED naming the copy and where it belongs`, async () => {
      const key = `bind/${location}/orig.csv`;
      await putSealed(store, kms, B, key, Buffer.from('2,two\n'), keyArn, { envelopeLocation: location });
      await copyObject(key, `bind/${location}/copy.csv`);
      for (const read of [() => openObject(store, kms, B, `bind/${location}/copy.csv`), () => probeObject(store, B, `bind/${location}/copy.csv`)]) {
        const e = await refusal(read());
        expect(e.code).toBe('DECRYPTION_FAILED');
        expect(e.message).toContain(uriOf(`bind/${location}/copy.csv`));
        expect(e.message).toContain(`binds it to ${uriOf(key)}`);
        expect(e.message).toMatch(/moved, copied or swapped/);
        expect(e.details.boundTo).toBe(uriOf(key));
      }
      // The original still reads.
      expect(text((await openObject(store, kms, B, key)).plaintext)).toBe('2,two\n');
    });
  }

  it('two objects swapped: each is refused, KMS is never asked', async () => {
    await putSealed(store, kms, B, 'swap/a.csv', Buffer.from('a\n'), keyArn);
    await putSealed(store, kms, B, 'swap/b.csv', Buffer.from('b\n'), keyArn, { envelopeLocation: 'instruction-file' });
    const a = await store.get(B, 'swap/a.csv');
    await copyObject('swap/b.csv', 'swap/a.csv');
    await store.delete(B, 'swap/b.csv.instruction');
    await store.put(B, 'swap/b.csv', a.body, { metadata: a.head.metadata });
    const decrypts = async () => (await kms.readAudit()).filter((x) => x.action === 'Decrypt').length;
    const before = await decrypts();
    for (const [key, other] of [['swap/a.csv', 'swap/b.csv'], ['swap/b.csv', 'swap/a.csv']] as const) {
      const e = await refusal(openObject(store, kms, B, key));
      expect(e.code).toBe('DECRYPTION_FAILED');
      expect(e.message).toContain(`${uriOf(key)}: client-side decryption refused: its encryption context binds it to ${uriOf(other)}`);
    }
    expect(await decrypts()).toBe(before);
  });

  it('the binding edited to the new location is refused by KMS (the context is authenticated)', async () => {
    await putSealed(store, kms, B, 'edit/orig.csv', Buffer.from('3,three\n'), keyArn);
    const got = await store.get(B, 'edit/orig.csv');
    const md = { ...got.head.metadata };
    md['x-amz-matdesc'] = JSON.stringify({ ...JSON.parse(md['x-amz-matdesc']!), [CONTEXT_OBJECT]: uriOf('edit/moved.csv') });
    await store.put(B, 'edit/moved.csv', got.body, { metadata: md });
    const e = await refusal(openObject(store, kms, B, 'edit/moved.csv'));
    expect(e.code).toBe('INVALID_CIPHERTEXT');
    expect(e.message).toContain(uriOf('edit/moved.csv'));
  });

  it('an object without aegis:object (another client wrote it) reads, at any key', async () => {
    const s = await seal(kms, keyArn, Buffer.from('4,four\n'));
    expect(JSON.parse(s.metadata['x-amz-matdesc']!)).toEqual({ 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' });
    await store.put(B, 'foreign/x.csv', s.body, { metadata: s.metadata });
    await copyObject('foreign/x.csv', 'foreign/y.csv');
    for (const key of ['foreign/x.csv', 'foreign/y.csv']) expect(text((await openObject(store, kms, B, key)).plaintext)).toBe('4,four\n');
  });

  it('a caller cannot bind the object to another location', async () => {
    const e = await refusal(putSealed(store, kms, B, 'arg/a.csv', Buffer.from('x'), keyArn, { context: { [CONTEXT_OBJECT]: uriOf('arg/b.csv') } }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    await expect(store.head(B, 'arg/a.csv')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
