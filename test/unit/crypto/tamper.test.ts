/**
 * Tampering never yields plaintext: every single-byte change of ciphertext, tag, IV, wrapped key
 * and matdesc, every truncation, and every swap of envelopes between objects ends in a typed
 * error (DECRYPTION_FAILED, or INVALID_CIPHERTEXT from KMS). Over the memory store double and the
 * real LocalKms (whose blobs bind the encryption context like AWS KMS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openObject } from '../../../src/crypto/open-object.js';
import { AegisError } from '../../../src/errors.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { legacyKms, v2KmsContextGcm, type Fixture } from '../../fixtures/crypto/cse-fixtures.js';
import { MemoryStore } from './support/memory-store.js';
import { keyForms } from './support/open-object-suite.js';

const PT = new TextEncoder().encode('secret,row\n1,alpha\n2,beta\n3,gamma\n');
const ALLOWED = new Set(['DECRYPTION_FAILED', 'INVALID_CIPHERTEXT']);

let wh: string;
let kms: LocalKms;
let keyArn: string;
const store = new MemoryStore();
let n = 0;

beforeAll(async () => {
  wh = mkdtempSync(join(tmpdir(), 'aegis-tamper-'));
  kms = new LocalKms({ warehouse: wh, principal: 'alice' });
  keyArn = (await kms.createKey()).arn;
  await store.createBucket('b');
});
afterAll(() => rmSync(wh, { recursive: true, force: true }));

/** Writes (body, metadata, instruction?) and expects a typed refusal that leaks nothing. */
async function expectRefused(f: Fixture, body: Uint8Array, metadata: Record<string, string>, what: string, instruction?: Record<string, string>): Promise<string> {
  const key = `t/${n++}`;
  if (instruction) await store.put('b', `${key}.instruction`, new TextEncoder().encode(JSON.stringify(instruction)));
  await store.put('b', key, body, { metadata });
  let result: unknown;
  try {
    // With the legacy CBC opt-in: these cases prove the envelope checks behind it (the default
    // refusal of CBC is tested in half-envelope.test.ts).
    result = await openObject(store, kms, 'b', key, { principal: 'alice', policy: { allowLegacyCse: true } });
  } catch (e) {
    if (!(e instanceof AegisError)) throw e;
    expect(ALLOWED.has(e.code), `${what}: ${e.code} ${e.message}`).toBe(true);
    expect(e.message).toContain(`s3://b/${key}`);
    for (const form of keyForms(f.dataKey)) expect(e.message).not.toContain(form);
    expect(e.message).not.toContain('alpha');
    return e.code;
  }
  throw new Error(`${what}: returned plaintext ${JSON.stringify(result).slice(0, 80)}`);
}

function flipB64(s: string, i: number): string {
  const b = Buffer.from(s, 'base64');
  b[i] = b[i]! ^ 0x01;
  return b.toString('base64');
}

describe('tampering with a v2 kms+context GCM object', () => {
  it('the untouched object reads back (control)', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PT);
    await store.put('b', 'control', f.body, { metadata: f.metadata });
    const r = await openObject(store, kms, 'b', 'control');
    expect(Buffer.from(r.plaintext).equals(Buffer.from(PT))).toBe(true);
  });

  it('every flipped bit of ciphertext and tag', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PT);
    for (let i = 0; i < f.body.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const body = Uint8Array.from(f.body);
        body[i] = body[i]! ^ bit;
        expect(await expectRefused(f, body, f.metadata, `body[${i}]^${bit}`)).toBe('DECRYPTION_FAILED');
      }
    }
  });

  it('every truncation, and an appended byte', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PT);
    for (let len = 0; len < f.body.length; len++) {
      await expectRefused(f, f.body.subarray(0, len), f.metadata, `truncated to ${len}`);
    }
    await expectRefused(f, Buffer.concat([f.body, Buffer.from([0])]), f.metadata, 'appended byte');
    // Truncation with the length metadata removed too: the tag still catches it.
    const md = { ...f.metadata };
    delete md['x-amz-unencrypted-content-length'];
    for (const len of [0, 15, 16, f.body.length - 17, f.body.length - 1]) {
      expect(await expectRefused(f, f.body.subarray(0, len), md, `truncated(no length) ${len}`)).toBe('DECRYPTION_FAILED');
    }
  });

  it('every byte of the IV and of the wrapped data key', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PT);
    const iv = f.metadata['x-amz-iv']!;
    for (let i = 0; i < 12; i++) {
      expect(await expectRefused(f, f.body, { ...f.metadata, 'x-amz-iv': flipB64(iv, i) }, `iv[${i}]`)).toBe('DECRYPTION_FAILED');
    }
    const wk = f.metadata['x-amz-key-v2']!;
    const blobLen = Buffer.from(wk, 'base64').length;
    for (let i = 0; i < blobLen; i++) {
      await expectRefused(f, f.body, { ...f.metadata, 'x-amz-key-v2': flipB64(wk, i) }, `wrapped key[${i}]`);
    }
    // Shortened IV, non-base64 characters.
    await expectRefused(f, f.body, { ...f.metadata, 'x-amz-iv': Buffer.from(iv, 'base64').subarray(0, 11).toString('base64') }, 'iv 11 bytes');
    await expectRefused(f, f.body, { ...f.metadata, 'x-amz-key-v2': `${wk.slice(0, 4)}*${wk.slice(5)}` }, 'wrapped key bad base64');
  });

  it('every character of matdesc, and the algorithm fields', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PT, { userContext: { table: 'orders' } });
    const md = f.metadata['x-amz-matdesc']!;
    for (let i = 0; i < md.length; i++) {
      const c = md[i] === 'x' ? 'y' : 'x';
      const changed = md.slice(0, i) + c + md.slice(i + 1);
      await expectRefused(f, f.body, { ...f.metadata, 'x-amz-matdesc': changed }, `matdesc[${i}]`);
    }
    const variants: [string, Record<string, string>][] = [
      ['extra context key', { 'x-amz-matdesc': JSON.stringify({ ...JSON.parse(md), extra: '1' }) }],
      ['context key removed', { 'x-amz-matdesc': JSON.stringify({ 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' }) }],
      ['cek-alg downgraded to CBC', { 'x-amz-cek-alg': 'AES/CBC/PKCS5Padding' }],
      ['wrap alg to legacy kms', { 'x-amz-wrap-alg': 'kms' }],
      ['tag length 96', { 'x-amz-tag-len': '96' }],
      ['wrong plaintext length', { 'x-amz-unencrypted-content-length': String(PT.length + 1) }],
    ];
    for (const [what, change] of variants) await expectRefused(f, f.body, { ...f.metadata, ...change }, what);
  });

  it('swapping envelopes (metadata or instruction files) between two objects', async () => {
    const a = await v2KmsContextGcm(kms, keyArn, PT);
    const b = await v2KmsContextGcm(kms, keyArn, new TextEncoder().encode('another,object\n9,zeta\n0,omega\n123\n'));
    await expectRefused(a, a.body, b.metadata, 'a body + b metadata');
    await expectRefused(b, b.body, a.metadata, 'b body + a metadata');
    const ai = await v2KmsContextGcm(kms, keyArn, PT, { instructionFile: true });
    const bi = await v2KmsContextGcm(kms, keyArn, PT, { instructionFile: true });
    await expectRefused(ai, ai.body, ai.metadata, 'a body + b instruction file', bi.instruction);
    // Only the wrapped key swapped: a different data key.
    await expectRefused(a, a.body, { ...a.metadata, 'x-amz-key-v2': b.metadata['x-amz-key-v2']! }, 'swapped wrapped key');
    await expectRefused(a, a.body, { ...a.metadata, 'x-amz-iv': b.metadata['x-amz-iv']! }, 'swapped iv');
  });

  it('instruction file removed or corrupted', async () => {
    const f = await v2KmsContextGcm(kms, keyArn, PT, { instructionFile: true });
    // No instruction file: the object's metadata says it is client-side encrypted → refuse.
    await expectRefused(f, f.body, f.metadata, 'instruction file missing');
    await expectRefused(f, f.body, f.metadata, 'instruction file flipped IV', { ...f.instruction!, 'x-amz-iv': flipB64(f.instruction!['x-amz-iv']!, 3) });
    const key = `t/${n++}`;
    await store.put('b', `${key}.instruction`, new TextEncoder().encode('{"x-amz-key-v2": '));
    await store.put('b', key, f.body, { metadata: f.metadata });
    await expect(openObject(store, kms, 'b', key)).rejects.toMatchObject({ code: 'DECRYPTION_FAILED' });
  });
});

describe('tampering with legacy kms objects', () => {
  it('GCM: every body byte; CBC: wrapped key, context and truncation (CBC has no tag: see content-cipher.ts)', async () => {
    const g = await legacyKms(kms, keyArn, PT, 'GCM');
    for (let i = 0; i < g.body.length; i++) {
      const body = Uint8Array.from(g.body);
      body[i] = body[i]! ^ 0x10;
      await expectRefused(g, body, g.metadata, `legacy gcm body[${i}]`);
    }
    const c = await legacyKms(kms, keyArn, PT, 'CBC');
    expect(await expectRefused(c, c.body, { ...c.metadata, 'x-amz-matdesc': JSON.stringify({ kms_cmk_id: 'alias/other' }) }, 'cbc context')).toBe('INVALID_CIPHERTEXT');
    const wk = c.metadata['x-amz-key-v2']!;
    for (let i = 0; i < Buffer.from(wk, 'base64').length; i++) {
      await expectRefused(c, c.body, { ...c.metadata, 'x-amz-key-v2': flipB64(wk, i) }, `cbc wrapped key[${i}]`);
    }
    for (let len = 0; len < c.body.length; len++) await expectRefused(c, c.body.subarray(0, len), c.metadata, `cbc truncated ${len}`);
    // Without the length check, a block-aligned truncation of CBC is only caught by padding —
    // which is why the length metadata is enforced when present.
  });
});
