/**
 * seal: encrypt bytes as a CSE-KMS object in exactly the S3 Encryption Client V2 format
 * (`kms+context`, AES/GCM/NoPadding), so any official client can read what aegis writes.
 * Per object: GenerateDataKey(AES_256) with context `{"aws:x-amz-cek-alg": "AES/GCM/NoPadding",
 * ...user context}`, a random 12-byte IV, body = ciphertext ‖ 16-byte tag, and the envelope in
 * the object's metadata or in `<key>.instruction`. `putSealed` binds the object to its location
 * (`aegis:object` = `s3://bucket/key` in the context, object-binding.ts), as results are bound.
 */
import { AegisError } from '../errors.js';
import type { Kms } from '../kms/kms.js';
import type { ObjectStore, SseRequest } from '../storage/object-store.js';
import { DATA_KEY_BYTES, encryptGcm, GCM_TAG_BYTES } from './content-cipher.js';
import type { EnvelopeLocation } from './encryption-descriptor.js';
import * as K from './envelope-keys.js';
import { boundContext } from './object-binding.js';
import { SecretBytes } from './secret.js';

export interface SealOptions {
  /** Extra KMS encryption context (must not use the reserved `aws:x-amz-cek-alg`). */
  context?: Record<string, string>;
  /** Where the envelope goes; default `metadata`. */
  envelopeLocation?: EnvelopeLocation;
}

export interface SealedObject {
  /** `ciphertext ‖ tag`. */
  body: Uint8Array;
  /** User metadata for the object (keys without `x-amz-meta-`). */
  metadata: Record<string, string>;
  /** In instruction-file mode: the `<key>.instruction` object to write alongside. */
  instructionFile?: { body: Uint8Array; metadata: Record<string, string> };
  /** ARN of the KMS key that wrapped the data key. */
  keyId: string;
  /** KMS calls made (GenerateDataKey). */
  kmsCalls: number;
}

/**
 * Encrypts `plaintext` under a fresh data key from `kmsKeyId`.
 * @throws AegisError INVALID_ARGUMENT (reserved context key), and KMS errors (ACCESS_DENIED,
 *   NOT_FOUND, KMS_DISABLED, …) as the Kms raises them.
 */
export async function seal(kms: Kms, kmsKeyId: string, plaintext: Uint8Array, opts: SealOptions = {}): Promise<SealedObject> {
  const user = opts.context ?? {};
  if (K.CONTEXT_CEK_ALG in user) {
    throw new AegisError('INVALID_ARGUMENT', `The encryption context key '${K.CONTEXT_CEK_ALG}' is reserved for the S3 Encryption Client.`, { key: K.CONTEXT_CEK_ALG });
  }
  // Reserved key first, as the official client builds it; matdesc is this exact object.
  const context: Record<string, string> = { [K.CONTEXT_CEK_ALG]: K.CEK_GCM, ...user };
  const dk = await kms.generateDataKey(kmsKeyId, context, DATA_KEY_BYTES);
  const key = new SecretBytes(dk.plaintext);
  let sealed: { iv: Uint8Array; body: Uint8Array };
  try {
    sealed = encryptGcm(key, plaintext);
  } finally {
    key.wipe();
  }
  const envelope: Record<string, string> = {
    [K.KEY_V2]: Buffer.from(dk.ciphertextBlob).toString('base64'),
    [K.IV]: Buffer.from(sealed.iv).toString('base64'),
    [K.CEK_ALG]: K.CEK_GCM,
    [K.TAG_LEN]: String(GCM_TAG_BYTES * 8),
    [K.WRAP_ALG]: K.WRAP_KMS_CONTEXT,
    [K.MATDESC]: JSON.stringify(context),
  };
  const lengthMd = { [K.UNENCRYPTED_LENGTH]: String(plaintext.length) };
  if (opts.envelopeLocation === 'instruction-file') {
    return {
      body: sealed.body,
      metadata: lengthMd,
      instructionFile: {
        body: new TextEncoder().encode(JSON.stringify(envelope)),
        metadata: { [K.INSTRUCTION_FILE_MARKER]: '' },
      },
      keyId: dk.keyId,
      kmsCalls: 1,
    };
  }
  return { body: sealed.body, metadata: { ...envelope, ...lengthMd }, keyId: dk.keyId, kmsCalls: 1 };
}

/**
 * Seals and writes an object (instruction file first, so the object never exists without its
 * envelope). `sse` optionally adds server-side encryption underneath. The KMS encryption context
 * binds the object to `s3://bucket/key` (`aegis:object`): a copy of it at another key is refused
 * by aegis's reads, and the official clients decrypt it by passing the stored context back to KMS.
 * @throws as {@link seal}; INVALID_ARGUMENT when `opts.context` binds `aegis:object` elsewhere.
 */
export async function putSealed(
  store: ObjectStore,
  kms: Kms,
  bucket: string,
  key: string,
  plaintext: Uint8Array,
  kmsKeyId: string,
  opts: SealOptions & { sse?: SseRequest; contentType?: string } = {},
): Promise<SealedObject & { etag: string }> {
  const s = await seal(kms, kmsKeyId, plaintext, { ...opts, context: boundContext(bucket, key, opts.context) });
  const base = { ...(opts.sse ? { sse: opts.sse } : {}) };
  const instructionKey = key + K.INSTRUCTION_SUFFIX;
  // An object being replaced keeps its envelope if the new put is refused.
  const previous = s.instructionFile ? await store.get(bucket, instructionKey).catch(() => undefined) : undefined;
  if (s.instructionFile) {
    await store.put(bucket, instructionKey, s.instructionFile.body, { ...base, metadata: s.instructionFile.metadata });
  }
  try {
    const { etag } = await store.put(bucket, key, s.body, { ...base, metadata: s.metadata, ...(opts.contentType ? { contentType: opts.contentType } : {}) });
    return { ...s, etag };
  } catch (e) {
    // The object was refused (policy, region, store failure): its envelope must not linger.
    if (s.instructionFile) {
      const restore = previous
        ? store.put(bucket, instructionKey, previous.body, { ...base, metadata: previous.head.metadata })
        : store.delete(bucket, instructionKey);
      await restore.catch(() => undefined);
    }
    throw e;
  }
}
