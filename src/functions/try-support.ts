import { isAegisError } from '../errors.js';

/**
 * Whether `TRY(expr)` turns this error into NULL. Trino's TRY swallows division by zero, invalid
 * casts, invalid function arguments and numeric overflow (its DIVISION_BY_ZERO,
 * INVALID_CAST_ARGUMENT, INVALID_FUNCTION_ARGUMENT, NUMERIC_VALUE_OUT_OF_RANGE); every other
 * error (I/O, decryption, type errors found at plan time) still fails the query.
 */
export function isTryCatchable(e: unknown): boolean {
  return (
    isAegisError(e) &&
    (e.code === 'DIVISION_BY_ZERO' ||
      e.code === 'INVALID_CAST' ||
      e.code === 'INVALID_FUNCTION_ARGUMENT' ||
      e.code === 'NUMERIC_OVERFLOW')
  );
}
