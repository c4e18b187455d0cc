/**
 * How LocalStore keeps the per-object data key of a server-side-encrypted object. Every SSE mode
 * encrypts the object under its own random 256-bit data key (see segment-cipher.ts); the modes
 * differ only in how that key is kept:
 *
 * - SSE_S3: wrapped (AES-256-GCM) by the store master key.
 * - SSE_KMS: the KMS `CiphertextBlob` from GenerateDataKey, with the key ARN and the encryption
 *   context (default `{"aws:s3:arn": "arn:aws:s3:::bucket/key"}`, as S3 uses).
 * - SSE_C: wrapped by a key derived (HKDF-SHA256) from the customer key and a random salt, plus
 *   a salted HMAC-SHA256 of the customer key to tell a wrong key (ACCESS_DENIED) from damage.
 *   The customer key itself, or any unsalted digest of it, is never stored.
 *
 * An envelope holds no plaintext key material and is stored as JSON in the object index.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { AegisError, isAegisError } from '../errors.js';
import type { Kms } from '../kms/kms.js';
import { type MasterKey, unwrapKey, wrapKey } from './master-key.js';
import type { SseInfo, SseRequest } from './object-store.js';

/**
 * `v: 2` envelopes (every object written by this version) bind the object's bucket, key and
 * version into its AEAD (see {@link bindingId}), and a NONE object is sealed too, under a data
 * key wrapped by the master key: no index field can turn an object back into raw bytes.
 * Envelopes without `v` are the older format, read only in warehouses that began with it.
 */
export type Envelope =
  | { mode: 'NONE'; v?: 2; wrappedKey?: string }
  | { mode: 'SSE_S3'; v?: 2; wrappedKey: string }
  | { mode: 'SSE_KMS'; v?: 2; keyArn: string; blob: string; context: Record<string, string> }
  | { mode: 'SSE_C'; v?: 2; salt: string; check: string; wrappedKey: string };

/**
 * The 16 bytes the at-rest AEAD binds for a `v: 2` object: a hash of bucket, key and version id,
 * so a file, record or envelope moved to another key (or another version) fails authentication.
 */
export function bindingId(bucket: string, key: string, objectIdHex: string): Buffer {
  return createHash('sha256').update(`aegis-object-v2\0${bucket}\0${key}\0${objectIdHex}`, 'utf8').digest().subarray(0, 16);
}

export interface EnvelopeDeps {
  masterKey: MasterKey;
  kms?: Kms;
  principal: string;
  /** Key used for SSE_KMS writes that name no key. */
  defaultKmsKeyId: string;
}

/** Where the envelope is used, for AAD binding and error messages. */
export interface ObjectRef {
  bucket: string;
  key: string;
  uri: string;
  objectId: Uint8Array;
}

function aad(mode: string, objectId: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`aegis-${mode}-v1:`, 'ascii'), objectId]);
}

function customerKek(customerKey: Uint8Array, salt: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', customerKey, salt, 'aegis-sse-c-kek-v1', 32));
}

function customerCheck(customerKey: Uint8Array, salt: Uint8Array): Buffer {
  return createHmac('sha256', salt).update('aegis-sse-c-check-v1').update(customerKey).digest();
}

function checkCustomerKey(k: Uint8Array, uri: string): void {
  if (k.length !== 32) {
    throw new AegisError('INVALID_ARGUMENT', `An SSE-C customer key must be 256 bits (32 bytes), got ${k.length} bytes, for ${uri}.`, { uri, mode: 'SSE_C' });
  }
}

/**
 * Creates the envelope for a write and returns it with the plaintext data key (null for NONE).
 * The caller seals the object and then wipes the data key.
 */
export async function createEnvelope(req: SseRequest, deps: EnvelopeDeps, ref: ObjectRef): Promise<{ envelope: Envelope; dataKey: Buffer | null }> {
  switch (req.mode) {
    case 'NONE': {
      // Sealed all the same (as S3 encrypts every object at rest); HEAD reports no encryption.
      const dataKey = randomBytes(32);
      return wipeOnThrow(dataKey, () => ({
        envelope: { mode: 'NONE', v: 2, wrappedKey: deps.masterKey.wrap(dataKey, aad('NONE', ref.objectId)).toString('base64') },
        dataKey,
      }));
    }
    case 'SSE_S3': {
      const dataKey = randomBytes(32);
      return wipeOnThrow(dataKey, () => ({
        envelope: { mode: 'SSE_S3', v: 2, wrappedKey: deps.masterKey.wrap(dataKey, aad('SSE_S3', ref.objectId)).toString('base64') },
        dataKey,
      }));
    }
    case 'SSE_KMS': {
      const kms = requireKms(deps, ref.uri);
      const context = req.context ?? { 'aws:s3:arn': `arn:aws:s3:::${ref.bucket}/${ref.key}` };
      const keyId = req.kmsKeyId ?? deps.defaultKmsKeyId;
      let dk;
      try {
        dk = await kms.generateDataKey(keyId, context, 32);
      } catch (e) {
        throw kmsFailure(e, 'kms:GenerateDataKey', keyId, deps.principal, ref.uri);
      }
      const dataKey = Buffer.from(dk.plaintext);
      dk.plaintext.fill(0);
      return { envelope: { mode: 'SSE_KMS', v: 2, keyArn: dk.keyId, blob: Buffer.from(dk.ciphertextBlob).toString('base64'), context }, dataKey };
    }
    case 'SSE_C': {
      checkCustomerKey(req.customerKey, ref.uri);
      const salt = randomBytes(32);
      const kek = customerKek(req.customerKey, salt);
      const dataKey = randomBytes(32);
      try {
        return wipeOnThrow(dataKey, () => ({
          envelope: {
            mode: 'SSE_C',
            v: 2,
            salt: salt.toString('base64'),
            check: customerCheck(req.customerKey, salt).toString('base64'),
            wrappedKey: wrapKey(kek, dataKey, aad('SSE_C', ref.objectId)).toString('base64'),
          },
          dataKey,
        }));
      } finally {
        kek.fill(0);
      }
    }
  }
}

/**
 * Recovers the plaintext data key of a stored object (null for NONE); the caller wipes it.
 * Throws UNSUPPORTED_ENCRYPTION (SSE-C without key), ACCESS_DENIED (wrong SSE-C key, or KMS
 * refusal naming principal and key), DECRYPTION_FAILED (altered key material).
 */
export async function openEnvelope(env: Envelope, deps: EnvelopeDeps, ref: ObjectRef, customerKey?: Uint8Array): Promise<Buffer | null> {
  switch (env.mode) {
    case 'NONE':
      return env.wrappedKey === undefined ? null : deps.masterKey.unwrap(Buffer.from(env.wrappedKey, 'base64'), aad('NONE', ref.objectId), ref.uri);
    case 'SSE_S3':
      return deps.masterKey.unwrap(Buffer.from(env.wrappedKey, 'base64'), aad('SSE_S3', ref.objectId), ref.uri);
    case 'SSE_KMS': {
      const kms = requireKms(deps, ref.uri);
      let res;
      try {
        res = await kms.decrypt(Buffer.from(env.blob, 'base64'), env.context, env.keyArn);
      } catch (e) {
        throw kmsFailure(e, 'kms:Decrypt', env.keyArn, deps.principal, ref.uri);
      }
      const dataKey = Buffer.from(res.plaintext);
      res.plaintext.fill(0);
      return dataKey;
    }
    case 'SSE_C': {
      verifyCustomerKey(env, ref.uri, customerKey);
      const kek = customerKek(customerKey!, Buffer.from(env.salt, 'base64'));
      try {
        return unwrapKey(kek, Buffer.from(env.wrappedKey, 'base64'), aad('SSE_C', ref.objectId), ref.uri, 'the customer key');
      } finally {
        kek.fill(0);
      }
    }
  }
}

/** Throws unless `customerKey` is the SSE-C key the object was written with. */
export function verifyCustomerKey(env: Extract<Envelope, { mode: 'SSE_C' }>, uri: string, customerKey: Uint8Array | undefined): void {
  if (!customerKey) {
    throw new AegisError(
      'UNSUPPORTED_ENCRYPTION',
      `${uri} is encrypted with a customer-provided key (SSE-C); it can only be read by presenting that key, which aegis does not do (Athena does not read SSE-C either). Re-encrypt the object with SSE-S3 or SSE-KMS.`,
      { uri, mode: 'SSE_C' },
    );
  }
  checkCustomerKey(customerKey, uri);
  const expected = Buffer.from(env.check, 'base64');
  const actual = customerCheck(customerKey, Buffer.from(env.salt, 'base64'));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new AegisError('ACCESS_DENIED', `The SSE-C key presented for ${uri} is not the key the object was written with.`, { uri, mode: 'SSE_C' });
  }
}

/** What HEAD/GET report for an envelope (S3's response headers). */
export function sseInfoOf(env: Envelope, customerKey?: Uint8Array): SseInfo {
  switch (env.mode) {
    case 'NONE':
      return {};
    case 'SSE_S3':
      return { serverSideEncryption: 'AES256' };
    case 'SSE_KMS':
      return { serverSideEncryption: 'aws:kms', kmsKeyId: env.keyArn };
    case 'SSE_C':
      return {
        customerAlgorithm: 'AES256',
        ...(customerKey ? { customerKeyMd5: createHash('md5').update(customerKey).digest('base64') } : {}),
      };
  }
}

/** The value of the `s3:x-amz-server-side-encryption` policy condition key for a request. */
export function sseHeaderValue(req: SseRequest): string | undefined {
  return req.mode === 'SSE_S3' ? 'AES256' : req.mode === 'SSE_KMS' ? 'aws:kms' : undefined;
}

/** Runs `fn`; if it throws, the data key it was building an envelope for is wiped first. */
function wipeOnThrow<T>(dataKey: Buffer, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    dataKey.fill(0);
    throw e;
  }
}

function requireKms(deps: EnvelopeDeps, uri: string): Kms {
  if (!deps.kms) throw new AegisError('NOT_SUPPORTED', `SSE-KMS for ${uri} needs a KMS, and this store was created without one.`, { uri });
  return deps.kms;
}

/** Re-raises a KMS error with the object URI; refusals name the principal and the key. */
function kmsFailure(e: unknown, action: string, keyId: string, principal: string, uri: string): AegisError {
  if (isAegisError(e, 'ACCESS_DENIED')) {
    return new AegisError(
      'ACCESS_DENIED',
      `Principal '${principal}' is not allowed ${action} on KMS key ${keyId}, which ${uri} needs. Ask the key's administrator to grant ${action}.`,
      { ...e.details, uri, principal, kmsKeyId: keyId, action },
      { cause: e },
    );
  }
  if (isAegisError(e, 'INVALID_CIPHERTEXT') && action === 'kms:Decrypt') {
    // The blob and its context are ours, stored beside the object: KMS rejecting them means the
    // stored key material was altered.
    return new AegisError('DECRYPTION_FAILED', `The data key of ${uri} could not be decrypted by KMS key ${keyId}: stored key material was altered (${e.message}).`, { ...e.details, uri, kmsKeyId: keyId }, { cause: e });
  }
  if (isAegisError(e)) return new AegisError(e.code, `${e.message} (object ${uri})`, { ...e.details, uri, kmsKeyId: keyId }, { cause: e });
  return new AegisError('KMS_ERROR', `KMS ${action} on ${keyId} failed for ${uri}: ${(e as Error)?.message ?? String(e)}`, { uri, kmsKeyId: keyId }, { cause: e });
}
