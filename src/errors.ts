/**
 * The one error family of aegis. Every failure a user can see carries a stable `code`
 * (documented in README), a message a person can act on, and — where it applies — the object
 * URI or SQL position it concerns.
 */
export type ErrorCode =
  | 'UNSUPPORTED_ENCRYPTION'
  | 'CROSS_REGION'
  | 'ACCESS_DENIED'
  | 'SYNTAX_ERROR'
  | 'TYPE_MISMATCH'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'INVALID_ARGUMENT'
  | 'NOT_SUPPORTED'
  | 'DECRYPTION_FAILED'
  | 'ENCRYPTION_REQUIRED'
  | 'INVALID_CIPHERTEXT'
  | 'KMS_DISABLED'
  | 'KMS_INVALID_STATE'
  | 'KMS_ERROR'
  | 'STORAGE_ERROR'
  | 'PRECONDITION_FAILED'
  | 'NUMERIC_OVERFLOW'
  | 'DIVISION_BY_ZERO'
  | 'INVALID_CAST'
  | 'INVALID_FUNCTION_ARGUMENT'
  | 'BAD_DATA'
  | 'QUERY_CANCELLED'
  | 'INVALID_WINDOW_FRAME'
  | 'EXCEEDED_MEMORY_LIMIT'
  | 'QUERY_TIMEOUT'
  | 'QUERY_TOO_COMPLEX'
  | 'BYTES_SCANNED_CUTOFF'
  | 'HIVE_PATH_ALREADY_EXISTS'
  /** No warehouse at the path a read-only command was given (nothing is created). */
  | 'WAREHOUSE_NOT_FOUND'
  /** The warehouse path is a file, not writable, or on a read-only file system. */
  | 'WAREHOUSE_UNUSABLE'
  | 'INTERNAL_ERROR';

export interface ErrorDetails {
  /** The object the error concerns, as `s3://bucket/key`. */
  uri?: string;
  /** 1-based SQL position. */
  line?: number;
  column?: number;
  /** Free-form, non-secret details (mode, key id, regions…). Never key material. */
  [k: string]: unknown;
}

export class AegisError extends Error {
  override readonly name = 'AegisError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The CLI's one-line form: `ERROR <CODE>: message`. */
  toLine(): string {
    return `ERROR ${this.code}: ${this.message}`;
  }
}

export function isAegisError(e: unknown, code?: ErrorCode): e is AegisError {
  return e instanceof AegisError && (code === undefined || e.code === code);
}

/** Longest stretch of user input (SQL text, a pattern, a value) an error message quotes. */
export const MAX_QUOTED_INPUT = 200;

/**
 * User input quoted for an error message: `'…'`, at most MAX_QUOTED_INPUT characters (then an
 * ellipsis and the full length), so a 2 MB statement or pattern never ends up in a message.
 */
export function quoteInput(s: string, max = MAX_QUOTED_INPUT): string {
  if (s.length <= max) return `'${s}'`;
  // Cut at a code point, not inside a surrogate pair.
  const head = Array.from(s.slice(0, max * 2)).slice(0, max).join('');
  return `'${head}…' (${s.length} characters)`;
}

/**
 * The process exit code for a failure, the same for a statement from argv and from a script:
 * 1 for errors of the input or environment (every coded error), 2 for internal ones (bugs).
 */
export function exitCodeOf(e: unknown): 1 | 2 {
  return e instanceof AegisError && e.code !== 'INTERNAL_ERROR' ? 1 : 2;
}
