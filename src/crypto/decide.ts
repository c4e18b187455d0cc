/**
 * decide: descriptor + context → read, or a typed refusal. The single place where aegis's
 * encryption policy lives (the README's "What aegis reads"): SSE-C and client-master-key CSE are refused like Athena
 * refuses them; every cross-region read is refused (stricter than Athena, which lets SSE-S3 and
 * SSE-KMS cross regions but not CSE-KMS).
 */
import { AegisError, quoteInput } from '../errors.js';
import { describeEncryption, type EncryptionDescriptor } from './encryption-descriptor.js';
import { CEK_GCM } from './envelope-keys.js';
import { checkObjectBinding } from './object-binding.js';

export interface DecideContext {
  /** The region the engine runs in. */
  engineRegion: string;
  /** The object's bucket region, when known. */
  bucketRegion?: string;
  /** The principal aegis acts as (for messages). */
  principal?: string;
  /**
   * Optional permission oracle: returns false when the principal may not `kms:Decrypt` the key,
   * true when it may, undefined when unknown (the read then finds out from KMS or the store).
   */
  mayDecrypt?: (keyId: string) => boolean | undefined;
  /** What the reader requires of the object's encryption (a table's or the engine's policy). */
  policy?: ReadPolicy;
}

/**
 * Encryption a read requires, beyond what aegis can read at all. Plain data: it crosses threads
 * inside scan splits.
 */
export interface ReadPolicy {
  /**
   * Only CSE-KMS objects are read; plain and SSE-only objects are ENCRYPTION_REQUIRED. The value
   * says why, for the message (e.g. "table sales.t has has_encrypted_data='true'").
   */
  requireClientSide?: string;
  /**
   * Objects stored without any encryption are ENCRYPTION_REQUIRED (the engine's or workgroup's
   * require-encryption setting). The value says why, for the message.
   */
  requireEncryption?: string;
  /**
   * Read legacy AES-CBC CSE-KMS objects. CBC is not authenticated (a flipped byte silently
   * changes the plaintext), so by default they are refused, as the S3 Encryption Client refuses
   * them unless its legacy modes are enabled.
   */
  allowLegacyCse?: boolean;
}

/** The table property that opts a table into reading legacy AES-CBC CSE-KMS objects. */
export const ALLOW_LEGACY_CSE_PROPERTY = 'aegis.allow_legacy_cse';

/** How the bytes become plaintext: as stored, by the store (SSE), or by aegis (CSE-KMS). */
export type ReadDecision =
  | { action: 'read'; decrypt: 'none' }
  | { action: 'read'; decrypt: 'store' }
  | { action: 'read'; decrypt: 'client' };

const REENCRYPT = 're-encrypt it with SSE-KMS or CSE-KMS (S3 Encryption Client with a KMS key, kms+context)';

/**
 * @throws AegisError CROSS_REGION (details: bucketRegion, engineRegion), UNSUPPORTED_ENCRYPTION
 *   (SSE-C, CSE-C, legacy CBC CSE-KMS without the opt-in; details.mode), NOT_SUPPORTED (S3EC V3
 *   key-committing CSE-KMS), ENCRYPTION_REQUIRED (the policy's requirement is not met; details:
 *   mode, required), ACCESS_DENIED (details: principal, keyId), DECRYPTION_FAILED (a CSE-KMS
 *   object whose `aegis:object` binding names another location; details: boundTo) — each naming
 *   the object URI.
 */
export function decide(d: EncryptionDescriptor, ctx: DecideContext): ReadDecision {
  const uri = d.uri;
  if (ctx.bucketRegion !== undefined && ctx.bucketRegion !== ctx.engineRegion) {
    throw crossRegionError(uri, ctx.bucketRegion, ctx.engineRegion, describeEncryption(d));
  }
  const policy = ctx.policy ?? {};
  switch (d.mode) {
    case 'NONE':
      if (policy.requireClientSide) throw encryptionRequired(d, 'CSE_KMS', policy.requireClientSide);
      if (policy.requireEncryption) throw encryptionRequired(d, 'ANY', policy.requireEncryption);
      return { action: 'read', decrypt: 'none' };
    case 'SSE_S3':
      if (policy.requireClientSide) throw encryptionRequired(d, 'CSE_KMS', policy.requireClientSide);
      return { action: 'read', decrypt: 'store' };
    case 'SSE_KMS':
      if (policy.requireClientSide) throw encryptionRequired(d, 'CSE_KMS', policy.requireClientSide);
      if (d.keyId) checkKeyAccess(uri, d.keyId, 'SSE-KMS', ctx);
      return { action: 'read', decrypt: 'store' };
    case 'SSE_C':
      throw new AegisError(
        'UNSUPPORTED_ENCRYPTION',
        `${uri} is encrypted with SSE-C (customer-provided key; ${d.reason}). Athena and aegis cannot read SSE-C objects: ${REENCRYPT}, or with SSE-S3.`,
        { uri, mode: 'SSE_C' },
      );
    case 'CSE_C':
      throw new AegisError(
        'UNSUPPORTED_ENCRYPTION',
        `${uri} is client-side encrypted with a client master key (CSE-C: ${d.reason}). Athena and aegis only read client-side encryption whose data key is wrapped by KMS: ${REENCRYPT}.`,
        { uri, mode: 'CSE_C', ...(d.wrapAlg ? { wrapAlg: d.wrapAlg } : {}) },
      );
    case 'CSE_KMS':
      if (d.envelope.format === 'v3') {
        // Decided: not read. The V3 key-committing suite (HKDF-SHA512 + commitment) has no
        // independent implementation on this machine to prove aegis against, and a CSE reader
        // that is not proven byte-for-byte must not return plaintext.
        throw new AegisError(
          'NOT_SUPPORTED',
          `${uri} uses the S3 Encryption Client V3 format (x-amz-w 12, key-committing suite ${d.envelope.contentAlg ? quoteInput(d.envelope.contentAlg, 60) : '?'}), which aegis does not read yet. Write it with the S3 Encryption Client's V2 format (kms+context, AES/GCM/NoPadding) or use SSE-KMS.`,
          { uri, mode: 'CSE_KMS', format: 'v3' },
        );
      }
      if (d.envelope.contentAlg !== CEK_GCM && !policy.allowLegacyCse) {
        throw new AegisError(
          'UNSUPPORTED_ENCRYPTION',
          `${uri} is legacy client-side encrypted with ${d.envelope.contentAlg}, which is not authenticated: an altered object would be read as altered data. aegis refuses it by default, as the S3 Encryption Client does. Re-encrypt it with AES/GCM (kms+context), or opt in per table with TBLPROPERTIES ('${ALLOW_LEGACY_CSE_PROPERTY}'='true') or for the engine with the scan option allowLegacyCse.`,
          { uri, mode: 'CSE_KMS', contentAlg: d.envelope.contentAlg, optIn: ALLOW_LEGACY_CSE_PROPERTY },
        );
      }
      // A copy or swap of an object aegis bound to another location (object-binding.ts).
      checkObjectBinding(d);
      if (d.keyId) checkKeyAccess(uri, d.keyId, 'CSE-KMS', ctx);
      return { action: 'read', decrypt: 'client' };
  }
}

function encryptionRequired(d: EncryptionDescriptor, required: 'CSE_KMS' | 'ANY', why: string): AegisError {
  const want = required === 'CSE_KMS' ? 'client-side encrypted with KMS (CSE-KMS)' : 'encrypted';
  return new AegisError(
    'ENCRYPTION_REQUIRED',
    `${d.uri} is ${describeEncryption(d)}, but ${why}, so every object must be ${want}. The object was replaced or written without encryption; no rows were read. Restore or re-encrypt the object.`,
    { uri: d.uri, mode: d.mode, required },
  );
}

export function crossRegionError(uri: string, bucketRegion: string, engineRegion: string, mode?: string): AegisError {
  return new AegisError(
    'CROSS_REGION',
    `${uri}: the bucket is in region ${bucketRegion} but the engine runs in ${engineRegion}; aegis refuses cross-region reads${mode ? ` (the object is ${mode})` : ''}. Run aegis with --region ${bucketRegion}, or copy the data to a bucket in ${engineRegion}.`,
    { uri, bucketRegion, engineRegion },
  );
}

export function accessDeniedError(uri: string, principal: string | undefined, keyId: string, mode: string, cause?: unknown): AegisError {
  return new AegisError(
    'ACCESS_DENIED',
    `${uri}: principal '${principal ?? 'unknown'}' is not allowed to kms:Decrypt key ${keyId.length > 300 ? quoteInput(keyId, 200) : keyId} (${mode}). Grant kms:Decrypt on the key to this principal (key policy), or run as a principal that has it.`,
    { uri, principal, keyId, mode },
    cause === undefined ? undefined : { cause },
  );
}

function checkKeyAccess(uri: string, keyId: string, mode: string, ctx: DecideContext): void {
  if (ctx.mayDecrypt?.(keyId) === false) throw accessDeniedError(uri, ctx.principal, keyId, mode);
}
