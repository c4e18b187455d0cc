/**
 * What aegis knows about how an object is encrypted, derived from HEAD (and, for the S3
 * Encryption Client's instruction-file variant, from `<key>.instruction`). A descriptor names
 * key ids and carries the public envelope (the wrapped key is KMS ciphertext); it never holds
 * plaintext key material, so it is safe to log, print and serialize.
 */

export type EncryptionMode = 'NONE' | 'SSE_S3' | 'SSE_KMS' | 'SSE_C' | 'CSE_KMS' | 'CSE_C';

/** Where the client-side envelope was found. */
export type EnvelopeLocation = 'metadata' | 'instruction-file';

/** Server-side encryption the store applies (and removes) transparently. */
export interface ServerSideInfo {
  /** `x-amz-server-side-encryption`: `AES256`, `aws:kms`, `aws:kms:dsse`, … */
  algorithm: string;
  /** SSE-KMS key ARN or id, when reported. */
  kmsKeyId?: string;
}

/** The CSE-KMS envelope, exactly the public values from metadata or the instruction file. */
export interface CseKmsEnvelope {
  /** `v2` (x-amz-key-v2, including legacy `kms`) or `v3` (x-amz-w `12`, key-committing). */
  format: 'v2' | 'v3';
  /** `kms+context` (current) or `kms` (legacy, context `{kms_cmk_id}`). */
  wrapAlg: 'kms+context' | 'kms';
  /** `AES/GCM/NoPadding`, `AES/CBC/PKCS5Padding` (or PKCS7 spelling), or V3's `115`. */
  contentAlg: string;
  /** The KMS EncryptionContext to decrypt the data key with (parsed matdesc / x-amz-t). */
  encryptionContext: Record<string, string>;
  /** The matdesc text as stored, for messages and tamper checks. */
  matdescText: string;
  /** Base64 KMS CiphertextBlob of the data key (public: only KMS can unwrap it). */
  wrappedKeyB64: string;
  /** Base64 IV (12 bytes GCM, 16 bytes CBC); absent for V3. */
  ivB64?: string;
  /** `x-amz-tag-len` in bits, when present. */
  tagLengthBits?: number;
  /** `x-amz-unencrypted-content-length`, when present. */
  plaintextLength?: number;
}

interface Base {
  /** `s3://bucket/key` of the object. */
  uri: string;
}

export interface PlainDescriptor extends Base {
  mode: 'NONE';
}

export interface SseS3Descriptor extends Base {
  mode: 'SSE_S3';
  /** `AES256`, or another store-managed algorithm (`aws:fsx`, `aws:backup`). */
  algorithm: string;
}

export interface SseKmsDescriptor extends Base {
  mode: 'SSE_KMS';
  algorithm: 'aws:kms' | 'aws:kms:dsse';
  /** The SSE-KMS key ARN (`x-amz-server-side-encryption-aws-kms-key-id`), when reported. */
  keyId?: string;
}

export interface SseCDescriptor extends Base {
  mode: 'SSE_C';
  /** How SSE-C was detected (header, or the store's "must provide the key" answer). */
  reason: string;
}

export interface CseKmsDescriptor extends Base {
  mode: 'CSE_KMS';
  /**
   * The KMS key the data key was wrapped with, when the envelope names it (legacy
   * `kms_cmk_id`); `kms+context` envelopes do not name the key (KMS finds it from the blob).
   */
  keyId?: string;
  envelopeLocation: EnvelopeLocation;
  envelope: CseKmsEnvelope;
  /** Server-side encryption under the client-side layer, if any. */
  serverSide?: ServerSideInfo;
}

export interface CseCDescriptor extends Base {
  mode: 'CSE_C';
  /** Human-readable detection, e.g. "V1 envelope (x-amz-key)" or "wrap algorithm AESWrap". */
  reason: string;
  /** The wrap algorithm as found (`AESWrap`, `AES/GCM`, `RSA-OAEP-SHA1`, V3 `02`…). */
  wrapAlg?: string;
  envelopeLocation: EnvelopeLocation;
}

export type EncryptionDescriptor =
  | PlainDescriptor
  | SseS3Descriptor
  | SseKmsDescriptor
  | SseCDescriptor
  | CseKmsDescriptor
  | CseCDescriptor;

/** One-line human description, for messages and the preflight report. */
export function describeEncryption(d: EncryptionDescriptor): string {
  switch (d.mode) {
    case 'NONE':
      return 'not encrypted';
    case 'SSE_S3':
      return `SSE-S3 (${d.algorithm})`;
    case 'SSE_KMS':
      return `SSE-KMS (${d.algorithm}${d.keyId ? `, key ${d.keyId}` : ''})`;
    case 'SSE_C':
      return `SSE-C (${d.reason})`;
    case 'CSE_KMS': {
      const e = d.envelope;
      const where = d.envelopeLocation === 'instruction-file' ? ', envelope in instruction file' : '';
      return `CSE-KMS (${e.format} ${e.wrapAlg}, ${e.contentAlg.slice(0, 60)}${d.keyId ? `, key ${d.keyId.slice(0, 300)}` : ''}${where})`;
    }
    case 'CSE_C':
      return `CSE-C (${d.reason})`;
  }
}
