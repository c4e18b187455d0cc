/**
 * decide: descriptor + context → read, or a typed refusal. The single place where aegis's
 * encryption policy lives (DESIGN.md §2): SSE-C and client-master-key CSE are refused like Athena
 * refuses them; every cross-region read is refused (stricter than Athena, which lets SSE-S3 and
 * SSE-KMS cross regions but not CSE-KMS).
 */
import { AegisError } from '../errors.js';
import { describeEncryption, type EncryptionDescriptor } from './encryption-descriptor.js';

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
}

/** How the bytes become plaintext: as stored, by the store (SSE), or by aegis (CSE-KMS). */
export type ReadDecision =
  | { action: 'read'; decrypt: 'none' }
  | { action: 'read'; decrypt: 'store' }
  | { action: 'read'; decrypt: 'client' };

const REENCRYPT = 're-encrypt it with SSE-KMS or CSE-KMS (S3 Encryption Client with a KMS key, kms+context)';

/**
 * @throws AegisError CROSS_REGION (details: bucketRegion, engineRegion), UNSUPPORTED_ENCRYPTION
 *   (SSE-C, CSE-C; details.mode), NOT_SUPPORTED (S3EC V3 key-committing CSE-KMS),
 *   ACCESS_DENIED (details: principal, keyId) — each naming the object URI.
 */
export function decide(d: EncryptionDescriptor, ctx: DecideContext): ReadDecision {
  const uri = d.uri;
  if (ctx.bucketRegion !== undefined && ctx.bucketRegion !== ctx.engineRegion) {
    throw crossRegionError(uri, ctx.bucketRegion, ctx.engineRegion, describeEncryption(d));
  }
  switch (d.mode) {
    case 'NONE':
      return { action: 'read', decrypt: 'none' };
    case 'SSE_S3':
      return { action: 'read', decrypt: 'store' };
    case 'SSE_KMS':
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
          `${uri} uses the S3 Encryption Client V3 format (x-amz-w 12, key-committing suite ${d.envelope.contentAlg || '?'}), which aegis does not read yet. Write it with the S3 Encryption Client's V2 format (kms+context, AES/GCM/NoPadding) or use SSE-KMS.`,
          { uri, mode: 'CSE_KMS', format: 'v3' },
        );
      }
      if (d.keyId) checkKeyAccess(uri, d.keyId, 'CSE-KMS', ctx);
      return { action: 'read', decrypt: 'client' };
  }
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
    `${uri}: principal '${principal ?? 'unknown'}' is not allowed to kms:Decrypt key ${keyId} (${mode}). Grant kms:Decrypt on the key to this principal (key policy), or run as a principal that has it.`,
    { uri, principal, keyId, mode },
    cause === undefined ? undefined : { cause },
  );
}

function checkKeyAccess(uri: string, keyId: string, mode: string, ctx: DecideContext): void {
  if (ctx.mayDecrypt?.(keyId) === false) throw accessDeniedError(uri, ctx.principal, keyId, mode);
}
