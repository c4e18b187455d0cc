/** One Athena API operation: validated input in, JSON-able output out. */
import type { Identity } from './sigv4.js';
import type { QueryManager } from './query-manager.js';
import { invalidRequest } from './aws-error.js';

export interface OperationContext {
  readonly identity: Identity;
  readonly manager: QueryManager;
}

export type Operation = (input: Record<string, unknown>, ctx: OperationContext) => Promise<unknown> | unknown;

/** A required string member (InvalidRequestException names it when missing). */
export function str(input: Record<string, unknown>, name: string): string {
  const v = input[name];
  if (typeof v !== 'string' || v === '') throw invalidRequest(`${name} is required and must be a non-empty string.`);
  return v;
}

export function optStr(input: Record<string, unknown>, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidRequest(`${name} must be a string.`);
  return v;
}

export function optInt(input: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalidRequest(`${name} must be an integer from ${min} to ${max}.`);
  return v;
}

export function optObj(input: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidRequest(`${name} must be an object.`);
  return v as Record<string, unknown>;
}

/** Opaque pagination token: an offset. */
export function parseToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const n = Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(n) || n < 0) throw invalidRequest('NextToken is invalid.');
  return n;
}

export function makeToken(offset: number): string {
  return Buffer.from(String(offset), 'utf8').toString('base64url');
}
