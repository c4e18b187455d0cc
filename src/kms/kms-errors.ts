import { AegisError, type ErrorCode } from '../errors.js';

/**
 * The AWS KMS exception names aegis distinguishes, mapped to stable aegis codes (see kms.ts).
 * Both backends raise errors through {@link kmsError} so `details.kmsError` always carries the
 * AWS name, whether the failure came from moto/AWS or from the embedded keyring.
 */
const CODE_BY_EXCEPTION: Record<string, ErrorCode> = {
  InvalidCiphertextException: 'INVALID_CIPHERTEXT',
  IncorrectKeyException: 'INVALID_CIPHERTEXT',
  DisabledException: 'KMS_DISABLED',
  KMSInvalidStateException: 'KMS_INVALID_STATE',
  NotFoundException: 'NOT_FOUND',
  AccessDeniedException: 'ACCESS_DENIED',
  ValidationException: 'INVALID_ARGUMENT',
  InvalidKeyUsageException: 'INVALID_ARGUMENT',
  AlreadyExistsException: 'ALREADY_EXISTS',
};

/** The aegis code for an AWS KMS exception name (`KMS_ERROR` when not distinguished). */
export function codeForKmsException(name: string): ErrorCode {
  return CODE_BY_EXCEPTION[name] ?? 'KMS_ERROR';
}

/** Builds the typed error for a KMS failure; `details` must never contain key material. */
export function kmsError(
  exception: string,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): AegisError {
  return new AegisError(codeForKmsException(exception), message, { ...details, kmsError: exception }, cause === undefined ? undefined : { cause });
}
