/**
 * Errors of the Athena API in AWS JSON 1.1 form: HTTP 400 (500 for internal), body
 * `{"__type": "<Name>", "Message": "…", …}` — the AWS SDKs read `__type` for the exception class
 * and `message`/`Message` for its text.
 */
import { AegisError, type ErrorCode } from '../errors.js';

export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { __type: this.type, Message: this.message, message: this.message, ...this.fields };
  }
}

/** Athena's `InvalidRequestException` carrying aegis's code as `AthenaErrorCode`. */
export function invalidRequest(message: string, code = 'INVALID_INPUT'): AwsServiceError {
  return new AwsServiceError('InvalidRequestException', message, 400, { AthenaErrorCode: code });
}

export function resourceNotFound(message: string, resourceName?: string): AwsServiceError {
  return new AwsServiceError('ResourceNotFoundException', message, 400, resourceName ? { ResourceName: resourceName } : {});
}

/** Codes that are the caller's fault (ErrorCategory 2); everything else is a system error (1). */
const USER_CODES = new Set<ErrorCode>([
  'SYNTAX_ERROR', 'TYPE_MISMATCH', 'NOT_FOUND', 'ALREADY_EXISTS', 'INVALID_ARGUMENT', 'NOT_SUPPORTED', 'ACCESS_DENIED',
  'UNSUPPORTED_ENCRYPTION', 'CROSS_REGION', 'NUMERIC_OVERFLOW', 'DIVISION_BY_ZERO', 'INVALID_CAST', 'INVALID_FUNCTION_ARGUMENT',
  'INVALID_WINDOW_FRAME', 'QUERY_TOO_COMPLEX', 'BYTES_SCANNED_CUTOFF', 'HIVE_PATH_ALREADY_EXISTS', 'KMS_DISABLED', 'QUERY_CANCELLED',
  'EXCEEDED_MEMORY_LIMIT', 'QUERY_TIMEOUT', 'BAD_DATA', 'DECRYPTION_FAILED',
]);

export function errorCategory(code: string): 1 | 2 {
  return USER_CODES.has(code as ErrorCode) ? 2 : 1;
}

/** Maps an error raised while handling a request (not a query's own failure) to an AWS error. */
export function toServiceError(e: unknown): AwsServiceError {
  if (e instanceof AwsServiceError) return e;
  if (e instanceof AegisError) {
    if (e.code === 'NOT_FOUND') return resourceNotFound(e.message);
    if (e.code === 'INTERNAL_ERROR' || e.code === 'STORAGE_ERROR' || e.code === 'KMS_ERROR') {
      return new AwsServiceError('InternalServerException', e.message, 500);
    }
    return invalidRequest(e.message, e.code);
  }
  return new AwsServiceError('InternalServerException', e instanceof Error ? e.message : String(e), 500);
}
