/**
 * Interoperability with the official AWS S3 Encryption Client (Ruby, Aws::S3::EncryptionV2 from
 * Debian's ruby-aws-sdk-s3) over real servers: Ceph RGW for S3 and moto for KMS.
 *  - objects the official client writes (envelope in metadata, and in an instruction file, with
 *    and without extra KMS context) are read back by aegis byte-identical;
 *  - objects aegis's `seal` writes are decrypted by the official client byte-identical.
 * Skips when RGW or moto is not running or `ruby` is missing.
 * aegis reads and writes through S3Store on the same RGW.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openObject, probeObject } from '../../../src/crypto/open-object.js';
import { decryptInParts, runGcmPart } from '../../../src/scan/cse-parts.js';
import { AegisError } from '../../../src/errors.js';
import { putSealed, seal } from '../../../src/crypto/seal.js';
import { AwsKms } from '../../../src/kms/aws-kms.js';
import { S3Store } from '../../../src/storage/s3-store.js';

const run = promisify(execFile);
const rgw = process.env.AEGIS_TEST_RGW;
const moto = process.env.AEGIS_TEST_MOTO;
const SCRIPT = new URL('../../fixtures/crypto/s3ec.rb', import.meta.url).pathname;

async function hasRuby(): Promise<boolean> {
  try {
    await run('ruby', ['-e', 'require "aws-sdk-s3"; exit(defined?(Aws::S3::EncryptionV2::Client) ? 0 : 1)']);
    return true;
  } catch {
    return false;
  }
}

describe('official S3 Encryption Client (Ruby) ⇄ aegis, over Ceph RGW + moto KMS', () => {
  let ready = false;
  let dir: string;
  let kms: AwsKms;
  let keyArn: string;
  let s3: S3Store;
  const bucket = `crypto-s3ec-${randomBytes(4).toString('hex')}`;
  const plaintext = Buffer.concat([Buffer.from('id,name\n1,"ünïcode"\n'), randomBytes(200_000)]);

  beforeAll(async () => {
    if (!rgw || !moto || !(await hasRuby())) return;
    dir = mkdtempSync(join(tmpdir(), 'aegis-s3ec-'));
    kms = new AwsKms({ endpoint: moto, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    keyArn = (await kms.createKey({ description: 'aegis s3ec interop' })).arn;
    s3 = new S3Store({ endpoint: rgw, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'testsecret' } });
    await s3.createBucket(bucket);
    writeFileSync(join(dir, 'plaintext.bin'), plaintext);
    ready = true;
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const who = () => ({ kms, region: 'us-east-1', principal: 'testing' });

  async function ruby(cmd: 'put' | 'get' | 'put-v1', key: string, file: string, location: 'metadata' | 'instruction_file', context?: Record<string, string>): Promise<void> {
    const args = [SCRIPT, cmd, bucket, key, file, keyArn, location, ...(context ? [JSON.stringify(context)] : [])];
    await run('ruby', args, {
      timeout: 60_000,
      env: {
        ...process.env,
        S3EC_S3_ENDPOINT: rgw!, S3EC_S3_ACCESS_KEY: 'AKIATEST', S3EC_S3_SECRET_KEY: 'testsecret',
        S3EC_KMS_ENDPOINT: moto!, S3EC_KMS_ACCESS_KEY: 'testing', S3EC_KMS_SECRET_KEY: 'testing', S3EC_REGION: 'us-east-1',
      },
    });
  }

  const cases: { name: string; location: 'metadata' | 'instruction_file'; context?: Record<string, string> }[] = [
    { name: 'envelope in metadata', location: 'metadata' },
    { name: 'envelope in metadata, extra KMS context', location: 'metadata', context: { table: 'orders', tenant: 't-1' } },
    { name: 'envelope in instruction file', location: 'instruction_file' },
    { name: 'envelope in instruction file, extra KMS context', location: 'instruction_file', context: { table: 'orders' } },
  ];

  for (const [i, c] of cases.entries()) {
    it(`aegis reads what the official client wrote: ${c.name}`, async (t) => {
      if (!ready) return t.skip();
      const key = `from-ruby/${i}.bin`;
      await ruby('put', key, join(dir, 'plaintext.bin'), c.location, c.context);
      const head = await s3.head(bucket, key);
      if (c.location === 'metadata') {
        expect(head.metadata).toMatchObject({ 'x-amz-wrap-alg': 'kms+context', 'x-amz-cek-alg': 'AES/GCM/NoPadding', 'x-amz-tag-len': '128' });
      } else {
        expect(head.metadata['x-amz-key-v2']).toBeUndefined();
        expect(head.metadata['x-amz-unencrypted-content-length']).toBe(String(plaintext.length));
      }
      const r = await openObject(s3, kms, bucket, key, { principal: 'testing' });
      expect(Buffer.from(r.plaintext).equals(plaintext)).toBe(true);
      expect(r.kmsCalls).toBe(1);
      // Decrypted in 5 parts by ranged GETs (as the scan threads do), their GHASH terms combined
      // into the tag the official client wrote: the same bytes.
      const probe = await probeObject(s3, bucket, key, { principal: 'testing' });
      let ran = 0;
      const inParts = await decryptInParts(probe, who(), { parts: 5, partBytes: 16 }, (t) => (ran++, runGcmPart(t, s3)));
      expect(ran).toBe(5);
      expect(Buffer.from(inParts.plaintext).equals(plaintext)).toBe(true);
      expect(r.descriptor).toMatchObject({
        mode: 'CSE_KMS',
        keyId: keyArn,
        envelopeLocation: c.location === 'metadata' ? 'metadata' : 'instruction-file',
        envelope: { format: 'v2', wrapAlg: 'kms+context', contentAlg: 'AES/GCM/NoPadding', encryptionContext: { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding', ...(c.context ?? {}) } },
      });
    });

    it(`the official client decrypts what seal wrote: ${c.name}`, async (t) => {
      if (!ready) return t.skip();
      const key = `from-aegis/${i}.bin`;
      await putSealed(s3, kms, bucket, key, plaintext, keyArn, { envelopeLocation: c.location === 'metadata' ? 'metadata' : 'instruction-file', ...(c.context ? { context: c.context } : {}) });
      const out = join(dir, `out-${i}.bin`);
      // putSealed binds the object to its location; the V2 client checks the context it is given
      // against the stored one, so the reader passes aegis:object with its own entries.
      await ruby('get', key, out, c.location, { 'aegis:object': `s3://${bucket}/${key}`, ...c.context });
      expect(readFileSync(out).equals(plaintext)).toBe(true);
    });
  }

  it('an official client object altered in any part, or changed after its probe, is refused when decrypted in parts', async (t) => {
    if (!ready) return t.skip();
    const key = 'from-ruby/parts-tamper.bin';
    await ruby('put', key, join(dir, 'plaintext.bin'), 'metadata');
    const stored = await s3.get(bucket, key);
    const pristine = await probeObject(s3, bucket, key, { principal: 'testing' });
    const body = stored.body;
    // In the first part, the middle, the last part, and the tag.
    for (const at of [3, Math.floor(body.length / 2), body.length - 20, body.length - 1]) {
      const bad = Uint8Array.from(body);
      bad[at]! ^= 0x04;
      await s3.put(bucket, key, bad, { metadata: stored.head.metadata });
      const stale = decryptInParts(pristine, who(), { parts: 5, partBytes: 16 }, (p) => runGcmPart(p, s3));
      await expect(stale, `byte ${at}, stale probe`).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
      const probe = await probeObject(s3, bucket, key, { principal: 'testing' });
      const fresh = decryptInParts(probe, who(), { parts: 5, partBytes: 16 }, (p) => runGcmPart(p, s3));
      await expect(fresh, `byte ${at}`).rejects.toMatchObject({ code: 'DECRYPTION_FAILED' });
    }
    await s3.put(bucket, key, body, { metadata: stored.head.metadata });
    const restored = await probeObject(s3, bucket, key, { principal: 'testing' });
    const ok = await decryptInParts(restored, who(), { parts: 5, partBytes: 16 }, (p) => runGcmPart(p, s3));
    expect(Buffer.from(ok.plaintext).equals(plaintext)).toBe(true);
  });

  // Legacy CBC objects written by the official V1 client: refused by default (CBC is not
  // authenticated), read with the opt-in, and envelope alterations are typed errors either way.
  for (const location of ['metadata', 'instruction_file'] as const) {
    it(`legacy V1 (kms, AES/CBC) objects, envelope in ${location}: refused by default, read with the opt-in, alterations refused`, async (t) => {
      if (!ready) return t.skip();
      const key = `from-ruby-v1/${location}.bin`;
      await ruby('put-v1', key, join(dir, 'plaintext.bin'), location);
      const uri = `s3://${bucket}/${key}`;
      const refused = await openObject(s3, kms, bucket, key, { principal: 'testing' }).then(() => undefined, (e: unknown) => e);
      expect(refused).toMatchObject({ code: 'UNSUPPORTED_ENCRYPTION', details: { uri, contentAlg: 'AES/CBC/PKCS5Padding', optIn: 'aegis.allow_legacy_cse' } });
      const optIn = { principal: 'testing', policy: { allowLegacyCse: true } };
      const r = await openObject(s3, kms, bucket, key, optIn);
      expect(Buffer.from(r.plaintext).equals(plaintext)).toBe(true);
      expect(r.descriptor).toMatchObject({ mode: 'CSE_KMS', envelope: { wrapAlg: 'kms', contentAlg: 'AES/CBC/PKCS5Padding' } });

      // Alter the object as someone with write access could, then read again.
      const head = await s3.head(bucket, key);
      const body = Buffer.from((await s3.get(bucket, key)).body);
      const envelope = location === 'metadata' ? head.metadata : (JSON.parse(new TextDecoder().decode((await s3.get(bucket, `${key}.instruction`)).body)) as Record<string, string>);
      const flip = (b64: string, i: number) => {
        const x = Buffer.from(b64, 'base64');
        x[i] = x[i]! ^ 1;
        return x.toString('base64');
      };
      const alterations: [string, Buffer, Record<string, string>][] = [
        ['last block flipped', Buffer.concat([body.subarray(0, body.length - 1), Buffer.from([body[body.length - 1]! ^ 1])]), envelope],
        ['first block flipped', Buffer.concat([Buffer.from([body[0]! ^ 1]), body.subarray(1)]), envelope],
        ['truncated by a block', body.subarray(0, body.length - 16), envelope],
        ['wrapped key flipped', body, { ...envelope, 'x-amz-key-v2': flip(envelope['x-amz-key-v2']!, 40) }],
        ['relabelled GCM', body, { ...envelope, 'x-amz-cek-alg': 'AES/GCM/NoPadding' }],
        ['key id in matdesc changed', body, { ...envelope, 'x-amz-matdesc': JSON.stringify({ kms_cmk_id: 'alias/other' }) }],
      ];
      for (const [what, b, env] of alterations) {
        const k = `${key}.${what.replace(/ /g, '-')}`;
        if (location === 'metadata') {
          await s3.put(bucket, k, b, { metadata: env });
        } else {
          await s3.put(bucket, `${k}.instruction`, new TextEncoder().encode(JSON.stringify(env)), { metadata: { 'x-amz-crypto-instr-file': '' } });
          await s3.put(bucket, k, b, { metadata: head.metadata });
        }
        // Default: refused before any byte is decrypted, whatever was altered.
        const e1 = await openObject(s3, kms, bucket, k, { principal: 'testing' }).then(() => undefined, (e: unknown) => e);
        expect(e1, what).toBeInstanceOf(AegisError);
        expect(['UNSUPPORTED_ENCRYPTION', 'DECRYPTION_FAILED'], what).toContain((e1 as AegisError).code);
        // With the opt-in, envelope alterations and length changes are still caught (CBC cannot
        // catch an in-place flip of an inner block: that is why it is opt-in).
        if (what === 'first block flipped') continue;
        const e2 = await openObject(s3, kms, bucket, k, optIn).then(() => undefined, (e: unknown) => e);
        expect(e2, what).toBeInstanceOf(AegisError);
        expect(['DECRYPTION_FAILED', 'INVALID_CIPHERTEXT', 'ACCESS_DENIED'], `${what}: ${(e2 as AegisError).message}`).toContain((e2 as AegisError).code);
      }
    });
  }

  it('the official client refuses a seal object whose body was altered (control for the check above)', async (t) => {
    if (!ready) return t.skip();
    const s = await seal(kms, keyArn, plaintext);
    const body = Buffer.from(s.body);
    body[100] = body[100]! ^ 1;
    await s3.put(bucket, 'from-aegis/tampered.bin', body, { metadata: s.metadata });
    await expect(ruby('get', 'from-aegis/tampered.bin', join(dir, 'tampered.out'), 'metadata')).rejects.toThrow(/CipherError|DecryptionError|auth/i);
  });
});
