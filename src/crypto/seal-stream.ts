/**
 * Streamed CSE-KMS writes in the S3 Encryption Client V2 format (`kms+context`,
 * AES/GCM/NoPadding): the envelope is fixed before the first byte (data key, IV, context), the
 * body is `ciphertext ‖ 16-byte tag` produced chunk by chunk, so a result of any size is
 * encrypted without being held in memory. The official clients read it as they read `seal`'s.
 */
import { createCipheriv, randomBytes, type CipherGCM } from 'node:crypto';
import { AegisError } from '../errors.js';
import type { Kms } from '../kms/kms.js';
import type { ObjectStore, ObjectUpload, PutOptions } from '../storage/object-store.js';
import { DATA_KEY_BYTES, GCM_IV_BYTES, GCM_TAG_BYTES } from './content-cipher.js';
import * as K from './envelope-keys.js';
import { boundContext } from './object-binding.js';

export { CONTEXT_OBJECT } from './object-binding.js';

export interface StreamSealer {
  /** User metadata holding the envelope (keys without `x-amz-meta-`). */
  readonly metadata: Record<string, string>;
  /** ARN of the KMS key that wrapped the data key. */
  readonly keyId: string;
  update(plaintext: Uint8Array): Buffer;
  /** The remaining ciphertext and the tag; wipes the data key. */
  final(): Buffer;
  /** Wipes the data key without finishing. */
  dispose(): void;
}

/**
 * Generates a data key under `kmsKeyId` and returns a sealer for one object.
 * @throws KMS errors as the Kms raises them (ACCESS_DENIED naming key and action, KMS_DISABLED, NOT_FOUND).
 */
export async function createStreamSealer(kms: Kms, kmsKeyId: string, context: Record<string, string>): Promise<StreamSealer> {
  if (K.CONTEXT_CEK_ALG in context) {
    throw new AegisError('INVALID_ARGUMENT', `The encryption context key '${K.CONTEXT_CEK_ALG}' is reserved for the S3 Encryption Client.`);
  }
  const full: Record<string, string> = { [K.CONTEXT_CEK_ALG]: K.CEK_GCM, ...context };
  const dk = await kms.generateDataKey(kmsKeyId, full, DATA_KEY_BYTES);
  const key = Buffer.from(dk.plaintext);
  dk.plaintext.fill(0);
  const iv = randomBytes(GCM_IV_BYTES);
  let cipher: CipherGCM | undefined = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  key.fill(0); // the cipher holds its own copy of the key schedule
  const metadata: Record<string, string> = {
    [K.KEY_V2]: Buffer.from(dk.ciphertextBlob).toString('base64'),
    [K.IV]: iv.toString('base64'),
    [K.CEK_ALG]: K.CEK_GCM,
    [K.TAG_LEN]: String(GCM_TAG_BYTES * 8),
    [K.WRAP_ALG]: K.WRAP_KMS_CONTEXT,
    [K.MATDESC]: JSON.stringify(full),
  };
  const live = (): CipherGCM => {
    if (!cipher) throw new AegisError('INTERNAL_ERROR', 'The object sealer is already finished');
    return cipher;
  };
  return {
    metadata,
    keyId: dk.keyId,
    update: (p) => live().update(p),
    final: () => {
      const c = live();
      cipher = undefined;
      return Buffer.concat([c.final(), c.getAuthTag()]);
    },
    dispose: () => {
      cipher = undefined;
    },
  };
}

/**
 * A streamed upload of a CSE-KMS object: the envelope goes into the object's metadata, the body
 * is encrypted as it is written. Aborting (or failing) leaves nothing behind.
 */
export async function createSealedUpload(
  store: ObjectStore,
  kms: Kms,
  bucket: string,
  key: string,
  kmsKeyId: string,
  opts: PutOptions & { context?: Record<string, string> } = {},
): Promise<ObjectUpload & { keyId: string }> {
  const sealer = await createStreamSealer(kms, kmsKeyId, boundContext(bucket, key, opts.context));
  let inner: ObjectUpload;
  try {
    inner = await store.createUpload(bucket, key, {
      ...(opts.sse ? { sse: opts.sse } : {}),
      ...(opts.contentType ? { contentType: opts.contentType } : {}),
      metadata: { ...opts.metadata, ...sealer.metadata },
    });
  } catch (e) {
    sealer.dispose();
    throw e;
  }
  return {
    uri: inner.uri,
    ...(inner.uploadId ? { uploadId: inner.uploadId } : {}),
    keyId: sealer.keyId,
    write: async (chunk) => {
      const c = sealer.update(chunk);
      if (c.length > 0) await inner.write(c);
    },
    complete: async () => {
      await inner.write(sealer.final());
      return inner.complete();
    },
    abort: async () => {
      sealer.dispose();
      await inner.abort();
    },
  };
}
