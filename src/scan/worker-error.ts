/**
 * Errors cross the thread boundary as plain data and are rebuilt as `AegisError`s with the same
 * code, message and details on the coordinator side.
 */
import { AegisError, type ErrorCode } from '../errors.js';

export interface SerializedError {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof AegisError) {
    return { code: e.code, message: e.message, details: JSON.parse(JSON.stringify(e.details)) as Record<string, unknown> };
  }
  return { code: 'INTERNAL_ERROR', message: e instanceof Error ? e.message : String(e), details: {} };
}

export function deserializeError(e: SerializedError): AegisError {
  return new AegisError(e.code, e.message, e.details);
}
