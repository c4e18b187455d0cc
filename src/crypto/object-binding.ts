/**
 * object-binding: every CSE-KMS object aegis writes (puts, query results, CTAS / INSERT / UNLOAD
 * data files) carries `aegis:object` = `s3://bucket/key` in its KMS encryption context, as SSE-KMS
 * binds `aws:s3:arn`. The envelope decrypts wherever its bytes are copied, so without the binding
 * anyone who can write the bucket (no KMS rights needed) could swap two objects of a table, or
 * copy one partition's object over another's, and the rows would read as the other location's.
 *
 * The context is part of what KMS authenticates (it is the wrapped key's AAD): editing the entry
 * in `x-amz-matdesc` to match a new location makes KMS Decrypt fail. So a reader compares the
 * stored value with the location it read from before asking KMS, and refuses a mismatch.
 * Objects without the entry (written by other clients) are not bound and read as before.
 */
import { AegisError, quoteInput } from '../errors.js';
import type { CseKmsDescriptor } from './encryption-descriptor.js';
import { CONTEXT_CEK_ALG } from './envelope-keys.js';

/** The encryption-context key that binds an object aegis writes to its location. */
export const CONTEXT_OBJECT = 'aegis:object';

/**
 * The encryption context of an object aegis writes at `s3://bucket/key`: the binding plus the
 * caller's extra entries.
 * @throws AegisError INVALID_ARGUMENT when `extra` sets the reserved `aws:x-amz-cek-alg`, or
 *   binds `aegis:object` to another location.
 */
export function boundContext(bucket: string, key: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const uri = `s3://${bucket}/${key}`;
  if (CONTEXT_CEK_ALG in extra) {
    throw new AegisError('INVALID_ARGUMENT', `The encryption context key '${CONTEXT_CEK_ALG}' is reserved for the S3 Encryption Client.`, { key: CONTEXT_CEK_ALG });
  }
  const given = extra[CONTEXT_OBJECT];
  if (given !== undefined && given !== uri) {
    throw new AegisError('INVALID_ARGUMENT', `The encryption context key '${CONTEXT_OBJECT}' is the object's own location (${uri}); it cannot be set to ${quoteInput(given, 200)}.`, { key: CONTEXT_OBJECT, uri });
  }
  return { [CONTEXT_OBJECT]: uri, ...extra };
}

/**
 * Checks a CSE-KMS object's binding against the location it was read from (`d.uri`).
 * @throws AegisError DECRYPTION_FAILED naming the object and the location it is bound to, when
 *   the envelope's context holds `aegis:object` with another value.
 */
export function checkObjectBinding(d: CseKmsDescriptor): void {
  const bound = d.envelope.encryptionContext[CONTEXT_OBJECT];
  if (bound === undefined || bound === d.uri) return;
  throw new AegisError(
    'DECRYPTION_FAILED',
    `${d.uri}: client-side decryption refused: its encryption context binds it to ${bound.length > 300 ? quoteInput(bound, 200) : bound} (${CONTEXT_OBJECT}), not to this location, so the object was moved, copied or swapped from another location. No data was returned. Restore the object written here, or re-encrypt it at this location (aegis object put --cse-kms).`,
    { uri: d.uri, mode: 'CSE_KMS', boundTo: bound },
  );
}
