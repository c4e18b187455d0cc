/**
 * Decrypts a CSE-KMS (S3 Encryption Client V2 / legacy `kms`) object body: unwrap the data key
 * with KMS under the envelope's encryption context, then run the content cipher over the whole
 * body. Nothing is returned unless every check passes.
 */
import { AegisError, isAegisError, quoteInput } from '../errors.js';
import type { Kms } from '../kms/kms.js';
import { decryptCbc, decryptGcm, GCM_TAG_BYTES } from './content-cipher.js';
import type { DataKeyCache } from './data-key-cache.js';
import { accessDeniedError } from './decide.js';
import type { CseKmsDescriptor } from './encryption-descriptor.js';
import type { SecretBytes } from './secret.js';
import * as K from './envelope-keys.js';

export interface CseDecryptResult {
  plaintext: Uint8Array;
  /** ARN of the KMS key that unwrapped the data key. */
  keyId: string;
  /** 1 when KMS was called, 0 when the data key came from the cache. */
  kmsCalls: number;
}

function fail(uri: string, what: string): AegisError {
  return new AegisError('DECRYPTION_FAILED', `${uri}: client-side decryption failed: ${what}. No data was returned.`, { uri, mode: 'CSE_KMS' });
}

/** Strict base64: Buffer.from silently skips bad characters, which would hide tampering. */
export function decodeBase64Strict(s: string, uri: string, what: string): Uint8Array {
  const t = s.trim();
  if (t.length === 0 || t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) {
    throw fail(uri, `${what} is not valid base64`);
  }
  return new Uint8Array(Buffer.from(t, 'base64'));
}

/** A CSE-KMS object's content key, unwrapped, with what its body needs to decrypt. */
export interface CseContentKey {
  /** The data key; owned by the cache it came from (wiped when the cache is disposed). */
  readonly key: SecretBytes;
  readonly iv: Uint8Array;
  /** AES/GCM/NoPadding (authenticated); otherwise legacy AES/CBC. */
  readonly gcm: boolean;
  /** `x-amz-unencrypted-content-length`, when the envelope has it. */
  readonly plaintextLength?: number;
  /** ARN of the KMS key that unwrapped the data key. */
  readonly keyId: string;
  /** 1 when KMS was called, 0 when the data key came from the cache. */
  readonly kmsCalls: number;
}

/**
 * Checks a CSE-KMS envelope and unwraps its data key with KMS under the envelope's encryption
 * context.
 * @throws AegisError DECRYPTION_FAILED (envelope inconsistent), INVALID_CIPHERTEXT (KMS rejected
 *   the wrapped key or context), ACCESS_DENIED (principal may not decrypt with the key),
 *   KMS_DISABLED / KMS_INVALID_STATE / KMS_ERROR from KMS — each naming the object URI.
 */
export async function unwrapCseKey(kms: Kms, cache: DataKeyCache, d: CseKmsDescriptor, principal?: string): Promise<CseContentKey> {
  const uri = d.uri;
  const env = d.envelope;
  if (env.format !== 'v2') throw new AegisError('NOT_SUPPORTED', `${uri}: CSE-KMS ${env.format} objects are not read by aegis.`, { uri, mode: 'CSE_KMS' });
  const gcm = env.contentAlg === K.CEK_GCM;
  const bound = env.encryptionContext[K.CONTEXT_CEK_ALG];
  if (bound !== undefined && env.wrapAlg !== K.WRAP_KMS_CONTEXT) {
    // Only kms+context writes the reserved key; claiming legacy `kms` for such a key would skip
    // the binding check below.
    throw fail(uri, `x-amz-matdesc carries '${K.CONTEXT_CEK_ALG}' but x-amz-wrap-alg is '${env.wrapAlg}', not '${K.WRAP_KMS_CONTEXT}'`);
  }
  if (env.wrapAlg === K.WRAP_KMS_CONTEXT) {
    // The content algorithm is bound into the KMS context; a mismatch means the metadata was
    // altered to downgrade the cipher (Go's kmsMismatchCEKAlg).
    if (bound !== env.contentAlg) {
      throw fail(uri, `x-amz-matdesc binds content algorithm ${bound === undefined ? '(none)' : quoteInput(bound, 60)} but x-amz-cek-alg is '${env.contentAlg}'`);
    }
  }
  if (gcm && env.tagLengthBits !== undefined && env.tagLengthBits !== GCM_TAG_BYTES * 8) {
    throw fail(uri, `x-amz-tag-len is ${env.tagLengthBits}, expected ${GCM_TAG_BYTES * 8}`);
  }
  const iv = decodeBase64Strict(env.ivB64 ?? '', uri, 'x-amz-iv');
  const wrapped = decodeBase64Strict(env.wrappedKeyB64, uri, 'x-amz-key-v2');

  let unwrapped;
  try {
    unwrapped = await cache.unwrap(kms, wrapped, env.encryptionContext);
  } catch (e) {
    throw kmsFailure(e, uri, d.keyId, principal);
  }
  return {
    key: unwrapped.key,
    iv,
    gcm,
    ...(env.plaintextLength !== undefined ? { plaintextLength: env.plaintextLength } : {}),
    keyId: unwrapped.keyId,
    kmsCalls: unwrapped.kmsCall ? 1 : 0,
  };
}

/** Refuses a plaintext whose length is not the envelope's `x-amz-unencrypted-content-length`. */
export function checkPlaintextLength(uri: string, k: CseContentKey, length: number): void {
  if (k.plaintextLength !== undefined && k.plaintextLength !== length) {
    throw fail(uri, `decrypted ${length} bytes but x-amz-unencrypted-content-length says ${k.plaintextLength}`);
  }
}

/**
 * @throws as {@link unwrapCseKey}, and DECRYPTION_FAILED when the tag, padding or length does
 *   not match.
 */
export async function decryptCseKms(
  kms: Kms,
  cache: DataKeyCache,
  d: CseKmsDescriptor,
  body: Uint8Array,
  principal?: string,
  into?: (length: number) => Uint8Array,
): Promise<CseDecryptResult> {
  const uri = d.uri;
  const k = await unwrapCseKey(kms, cache, d, principal);
  const plaintext = k.gcm ? decryptGcm(k.key, k.iv, body, uri, into) : decryptCbc(k.key, k.iv, body, uri);
  try {
    checkPlaintextLength(uri, k, plaintext.length);
  } catch (e) {
    plaintext.fill(0);
    throw e;
  }
  return { plaintext, keyId: k.keyId, kmsCalls: k.kmsCalls };
}

function kmsFailure(e: unknown, uri: string, keyId: string | undefined, principal: string | undefined): unknown {
  if (!isAegisError(e)) return e;
  if (e.code === 'ACCESS_DENIED') {
    const named = [e.details.keyArn, e.details.keyId].find((v): v is string => typeof v === 'string');
    const k = keyId ?? named ?? 'named by the wrapped data key';
    return accessDeniedError(uri, principal ?? (typeof e.details.principal === 'string' ? e.details.principal : undefined), k, 'CSE-KMS', e);
  }
  if (e.code === 'INTERNAL_ERROR') return e;
  const hint =
    e.code === 'INVALID_CIPHERTEXT'
      ? ' KMS rejected the wrapped data key under the envelope\'s encryption context: the key, its context (x-amz-matdesc) or the object was altered, or belongs to another object.'
      : '';
  return new AegisError(e.code, `${uri}: unwrapping the CSE-KMS data key failed: ${e.message}.${hint}`, { ...e.details, uri, mode: 'CSE_KMS' }, { cause: e });
}
