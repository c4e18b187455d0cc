/** classify and decide as pure functions: HEAD shapes → descriptors → decisions / typed refusals. */
import { describe, expect, it } from 'vitest';
import { classify, needsInstructionFile } from '../../../src/crypto/classify.js';
import { decide } from '../../../src/crypto/decide.js';
import type { EncryptionDescriptor } from '../../../src/crypto/encryption-descriptor.js';
import { AegisError } from '../../../src/errors.js';
import type { ObjectHead } from '../../../src/storage/object-store.js';

function head(metadata: Record<string, string> = {}, sse: ObjectHead['sse'] = {}, extra: Partial<ObjectHead> = {}): ObjectHead {
  return { bucket: 'b', key: 'k.csv', size: 10, etag: '"e"', lastModified: new Date(0), metadata, sse, ...extra };
}

const V2 = {
  'x-amz-key-v2': 'AQIDBA==',
  'x-amz-iv': 'AAAAAAAAAAAAAAAA',
  'x-amz-cek-alg': 'AES/GCM/NoPadding',
  'x-amz-wrap-alg': 'kms+context',
  'x-amz-matdesc': '{"aws:x-amz-cek-alg":"AES/GCM/NoPadding","t":"1"}',
  'x-amz-tag-len': '128',
};

function refusal(fn: () => unknown): AegisError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AegisError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('classify', () => {
  it('plain, SSE-S3, SSE-KMS, DSSE-KMS', () => {
    expect(classify(head())).toEqual({ uri: 's3://b/k.csv', mode: 'NONE' });
    expect(classify(head({}, { serverSideEncryption: 'AES256' }))).toEqual({ uri: 's3://b/k.csv', mode: 'SSE_S3', algorithm: 'AES256' });
    expect(classify(head({}, { serverSideEncryption: 'aws:kms', kmsKeyId: 'arn:aws:kms:us-east-1:1:key/k1' }))).toEqual({
      uri: 's3://b/k.csv', mode: 'SSE_KMS', algorithm: 'aws:kms', keyId: 'arn:aws:kms:us-east-1:1:key/k1',
    });
    expect(classify(head({}, { serverSideEncryption: 'aws:kms:dsse', kmsKeyId: 'k2' }))).toMatchObject({ mode: 'SSE_KMS', algorithm: 'aws:kms:dsse', keyId: 'k2' });
  });

  it('SSE-C from headers or from the store refusing HEAD', () => {
    expect(classify(head({}, { customerAlgorithm: 'AES256', customerKeyMd5: 'x' }))).toMatchObject({ mode: 'SSE_C' });
    expect(classify(head({}, {}, { sseCustomerKeyRequired: true }))).toMatchObject({ mode: 'SSE_C' });
    // SSE-C wins over an envelope: the store will not hand out the bytes at all.
    expect(classify(head(V2, { customerAlgorithm: 'AES256' }))).toMatchObject({ mode: 'SSE_C' });
  });

  it('CSE-KMS v2 kms+context: context, envelope fields, and SSE underneath', () => {
    const d = classify(head({ ...V2, 'x-amz-unencrypted-content-length': '42' }, { serverSideEncryption: 'aws:kms', kmsKeyId: 'kk' }));
    expect(d).toEqual({
      uri: 's3://b/k.csv',
      mode: 'CSE_KMS',
      envelopeLocation: 'metadata',
      envelope: {
        format: 'v2', wrapAlg: 'kms+context', contentAlg: 'AES/GCM/NoPadding',
        encryptionContext: { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding', t: '1' },
        matdescText: V2['x-amz-matdesc'], wrappedKeyB64: 'AQIDBA==', ivB64: 'AAAAAAAAAAAAAAAA', tagLengthBits: 128, plaintextLength: 42,
      },
      serverSide: { algorithm: 'aws:kms', kmsKeyId: 'kk' },
    });
  });

  it('legacy kms names the key from kms_cmk_id; a missing cek-alg means CBC', () => {
    const md: Record<string, string> = { ...V2, 'x-amz-wrap-alg': 'kms', 'x-amz-matdesc': '{"kms_cmk_id":"alias/old"}' };
    delete md['x-amz-cek-alg'];
    const d = classify(head(md));
    expect(d).toMatchObject({ mode: 'CSE_KMS', keyId: 'alias/old', envelope: { wrapAlg: 'kms', contentAlg: 'AES/CBC/PKCS5Padding', encryptionContext: { kms_cmk_id: 'alias/old' } } });
  });

  it('CSE-C for every client-master-key form', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'x-amz-key': 'AAAA', 'x-amz-iv': 'AAAA', 'x-amz-matdesc': '{}' }, /V1 envelope \(x-amz-key\)/],
      [{ ...V2, 'x-amz-wrap-alg': 'AESWrap' }, /AESWrap/],
      [{ ...V2, 'x-amz-wrap-alg': 'AES/GCM' }, /AES\/GCM/],
      [{ ...V2, 'x-amz-wrap-alg': 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding' }, /RSA-OAEP-SHA256/],
      [{ ...V2, 'x-amz-wrap-alg': 'RSA-OAEP-SHA1' }, /RSA-OAEP-SHA1/],
      [{ 'x-amz-c': '115', 'x-amz-3': 'AAAA', 'x-amz-w': '02', 'x-amz-d': 'x', 'x-amz-i': 'y' }, /V3 wrap algorithm 02/],
      [{ 'x-amz-c': '115', 'x-amz-3': 'AAAA', 'x-amz-w': '22', 'x-amz-d': 'x', 'x-amz-i': 'y' }, /V3 wrap algorithm 22/],
    ];
    for (const [md, reason] of cases) {
      const d = classify(head(md));
      expect(d.mode).toBe('CSE_C');
      expect(d.mode === 'CSE_C' && d.reason).toMatch(reason);
    }
    const noWrap: Record<string, string> = { ...V2 };
    delete noWrap['x-amz-wrap-alg'];
    expect(classify(head(noWrap)).mode).toBe('CSE_C');
  });

  it('V3 kms+context (12): CSE_KMS v3, envelope split between metadata and instruction file', () => {
    const stay = { 'x-amz-c': '115', 'x-amz-d': 'ZA==', 'x-amz-i': 'aQ==' };
    const rest = { 'x-amz-3': 'AQID', 'x-amz-w': '12', 'x-amz-t': '{"a":"b"}' };
    expect(needsInstructionFile(head(stay))).toBe(true);
    const d = classify(head(stay), rest);
    expect(d).toMatchObject({ mode: 'CSE_KMS', envelopeLocation: 'instruction-file', envelope: { format: 'v3', contentAlg: '115', encryptionContext: { a: 'b' }, wrappedKeyB64: 'AQID' } });
  });

  it('instruction file: used only when the metadata has no envelope', () => {
    expect(needsInstructionFile(head())).toBe(false);
    expect(needsInstructionFile(head(), true)).toBe(true);
    expect(needsInstructionFile(head({ 'x-amz-unencrypted-content-length': '5' }))).toBe(true);
    expect(needsInstructionFile(head(V2))).toBe(false);
    expect(needsInstructionFile(head({}, {}, { key: 'k.csv.instruction' }), true)).toBe(false);
    const d = classify(head({ 'x-amz-unencrypted-content-length': '5' }), V2);
    expect(d).toMatchObject({ mode: 'CSE_KMS', envelopeLocation: 'instruction-file', envelope: { plaintextLength: 5 } });
    expect(classify(head(V2), { ...V2, 'x-amz-wrap-alg': 'AESWrap' })).toMatchObject({ mode: 'CSE_KMS', envelopeLocation: 'metadata' });
  });

  it('malformed or unknown envelopes are typed errors, not guesses', () => {
    expect(refusal(() => classify(head({ ...V2, 'x-amz-wrap-alg': 'rot13' }))).code).toBe('UNSUPPORTED_ENCRYPTION');
    expect(refusal(() => classify(head({ ...V2, 'x-amz-cek-alg': 'AES/CTR/NoPadding' }))).code).toBe('UNSUPPORTED_ENCRYPTION');
    expect(refusal(() => classify(head({ ...V2, 'x-amz-matdesc': '{not json' }))).code).toBe('DECRYPTION_FAILED');
    expect(refusal(() => classify(head({ ...V2, 'x-amz-matdesc': '{"a":1}' }))).code).toBe('DECRYPTION_FAILED');
    expect(refusal(() => classify(head({ ...V2, 'x-amz-tag-len': '12x' }))).code).toBe('DECRYPTION_FAILED');
    const noIv: Record<string, string> = { ...V2 };
    delete noIv['x-amz-iv'];
    expect(refusal(() => classify(head(noIv))).code).toBe('DECRYPTION_FAILED');
  });
});

describe('decide', () => {
  const ctx = { engineRegion: 'us-east-1', bucketRegion: 'us-east-1', principal: 'alice' };
  const uri = 's3://b/k.csv';

  it('reads plain, SSE and v2 CSE-KMS; says who decrypts', () => {
    expect(decide({ uri, mode: 'NONE' }, ctx)).toEqual({ action: 'read', decrypt: 'none' });
    expect(decide({ uri, mode: 'SSE_S3', algorithm: 'AES256' }, ctx)).toEqual({ action: 'read', decrypt: 'store' });
    expect(decide({ uri, mode: 'SSE_KMS', algorithm: 'aws:kms', keyId: 'k' }, ctx)).toEqual({ action: 'read', decrypt: 'store' });
    expect(decide(classify(head(V2)), ctx)).toEqual({ action: 'read', decrypt: 'client' });
  });

  it('SSE-C and CSE-C: UNSUPPORTED_ENCRYPTION with URI, mode and remedy', () => {
    const ssec = refusal(() => decide({ uri, mode: 'SSE_C', reason: 'customer algorithm AES256' }, ctx));
    expect(ssec.code).toBe('UNSUPPORTED_ENCRYPTION');
    expect(ssec.details).toEqual({ uri, mode: 'SSE_C' });
    expect(ssec.message).toBe(
      's3://b/k.csv is encrypted with SSE-C (customer-provided key; customer algorithm AES256). Athena and aegis cannot read SSE-C objects: re-encrypt it with SSE-KMS or CSE-KMS (S3 Encryption Client with a KMS key, kms+context), or with SSE-S3.',
    );
    const csec = refusal(() => decide(classify(head({ ...V2, 'x-amz-wrap-alg': 'AESWrap' })), ctx));
    expect(csec.code).toBe('UNSUPPORTED_ENCRYPTION');
    expect(csec.details).toEqual({ uri, mode: 'CSE_C', wrapAlg: 'AESWrap' });
    expect(csec.message).toContain('s3://b/k.csv is client-side encrypted with a client master key (CSE-C: wrap algorithm AESWrap');
    expect(csec.message).toContain('re-encrypt it with SSE-KMS or CSE-KMS');
  });

  it('CROSS_REGION for every mode, naming both regions', () => {
    const modes: EncryptionDescriptor[] = [
      { uri, mode: 'NONE' },
      { uri, mode: 'SSE_S3', algorithm: 'AES256' },
      { uri, mode: 'SSE_KMS', algorithm: 'aws:kms' },
      classify(head(V2)),
    ];
    for (const d of modes) {
      const e = refusal(() => decide(d, { ...ctx, bucketRegion: 'eu-west-1' }));
      expect(e.code).toBe('CROSS_REGION');
      expect(e.details).toEqual({ uri, bucketRegion: 'eu-west-1', engineRegion: 'us-east-1' });
      expect(e.message).toMatch(/^s3:\/\/b\/k\.csv: the bucket is in region eu-west-1 but the engine runs in us-east-1; aegis refuses cross-region reads/);
    }
  });

  it('ACCESS_DENIED names principal and key when the oracle says no', () => {
    const e = refusal(() => decide({ uri, mode: 'SSE_KMS', algorithm: 'aws:kms', keyId: 'arn:k1' }, { ...ctx, mayDecrypt: (k) => k !== 'arn:k1' }));
    expect(e.code).toBe('ACCESS_DENIED');
    expect(e.details).toEqual({ uri, principal: 'alice', keyId: 'arn:k1', mode: 'SSE-KMS' });
    expect(e.message).toContain("principal 'alice' is not allowed to kms:Decrypt key arn:k1");
    const legacy = classify(head({ ...V2, 'x-amz-wrap-alg': 'kms', 'x-amz-matdesc': '{"kms_cmk_id":"arn:k2"}' }));
    expect(refusal(() => decide(legacy, { ...ctx, mayDecrypt: () => false })).details).toMatchObject({ keyId: 'arn:k2', mode: 'CSE-KMS' });
    expect(decide({ uri, mode: 'SSE_KMS', algorithm: 'aws:kms', keyId: 'arn:k1' }, { ...ctx, mayDecrypt: () => undefined })).toEqual({ action: 'read', decrypt: 'store' });
  });

  it('V3 CSE-KMS: NOT_SUPPORTED', () => {
    const d = classify(head({ 'x-amz-c': '115', 'x-amz-3': 'AQID', 'x-amz-w': '12', 'x-amz-t': '{}', 'x-amz-d': 'x', 'x-amz-i': 'y' }));
    const e = refusal(() => decide(d, ctx));
    expect(e.code).toBe('NOT_SUPPORTED');
    expect(e.details).toEqual({ uri, mode: 'CSE_KMS', format: 'v3' });
  });
});

describe('classify over arbitrary envelopes', () => {
  it('returns a descriptor or throws a typed AegisError — never anything else', () => {
    // A small deterministic generator (xorshift) so a failure reproduces.
    let seed = 0x9e3779b9;
    const rnd = (n: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const keys = ['x-amz-key', 'x-amz-key-v2', 'x-amz-iv', 'x-amz-matdesc', 'x-amz-cek-alg', 'x-amz-wrap-alg', 'x-amz-tag-len',
      'x-amz-unencrypted-content-length', 'x-amz-c', 'x-amz-3', 'x-amz-w', 'x-amz-t', 'x-amz-m', 'x-amz-d', 'x-amz-i'];
    const values = ['', 'AA==', 'kms', 'kms+context', 'AESWrap', 'AES/GCM', 'RSA-OAEP-SHA1', 'AES/GCM/NoPadding', 'AES/CBC/PKCS5Padding',
      '{}', '{"a":"b"}', '{"aws:x-amz-cek-alg":"AES/GCM/NoPadding"}', '[1]', 'null', '{', '128', '-1', '12', '02', '22', '115', '\u0000'];
    const codes = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const md: Record<string, string> = {};
      // n = 0 now and then, so plain and SSE-only objects are reached too.
      const n = rnd(7);
      for (let j = 0; j < n; j++) md[keys[rnd(keys.length)]!] = values[rnd(values.length)]!;
      const sse = rnd(4) === 0 ? { serverSideEncryption: 'aws:kms', kmsKeyId: 'k' } : {};
      const instruction = rnd(3) === 0 ? { 'x-amz-key-v2': 'AA==', 'x-amz-iv': 'AA==', 'x-amz-wrap-alg': values[rnd(values.length)]!, 'x-amz-matdesc': '{}' } : undefined;
      try {
        const d = classify(head(md, sse), instruction);
        expect(['NONE', 'SSE_S3', 'SSE_KMS', 'SSE_C', 'CSE_KMS', 'CSE_C']).toContain(d.mode);
        // Any envelope key (or an instruction file) means client-side: never read as plain/SSE.
        if (n > 0 || instruction) expect(['CSE_KMS', 'CSE_C'], JSON.stringify(md)).toContain(d.mode);
        codes.add(d.mode);
      } catch (e) {
        expect(e, JSON.stringify(md)).toBeInstanceOf(AegisError);
        expect(['UNSUPPORTED_ENCRYPTION', 'DECRYPTION_FAILED']).toContain((e as AegisError).code);
        codes.add((e as AegisError).code);
      }
    }
    // The generator reached every outcome, so the loop tested something.
    expect([...codes].sort()).toEqual(['CSE_C', 'CSE_KMS', 'DECRYPTION_FAILED', 'NONE', 'SSE_KMS', 'UNSUPPORTED_ENCRYPTION']);
  });
});
