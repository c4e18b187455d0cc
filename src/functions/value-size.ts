/**
 * The largest single varchar, char, varbinary or json value a function may produce:
 * MAX_VALUE_SIZE characters (UTF-16 code units) or bytes — 32 MiB, Athena's maximum row and
 * column size. Past it a function fails with INVALID_FUNCTION_ARGUMENT instead of building a
 * multi-gigabyte value (`lpad('x', 100000000, 'ab')` would otherwise take gigabytes of heap).
 * Every scalar function whose result type is a string or binary is checked after it returns
 * (signature.ts `res`); functions that would allocate the value in one go (lpad, rpad) check the
 * requested size first.
 */
import { AegisError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';

export const MAX_VALUE_SIZE = 32 * 1024 * 1024;

/** The error for a value of `size` characters or bytes. */
export function valueTooLarge(size: number, unit: 'characters' | 'bytes' = 'characters'): AegisError {
  return new AegisError(
    'INVALID_FUNCTION_ARGUMENT',
    `The result would be ${size} ${unit} long; one value holds at most ${MAX_VALUE_SIZE} ${unit} (32 MiB)`,
    { size, limit: MAX_VALUE_SIZE },
  );
}

/** Throws unless a value of `size` fits. */
export function checkValueSize(size: number, unit: 'characters' | 'bytes' = 'characters'): void {
  if (size > MAX_VALUE_SIZE) throw valueTooLarge(size, unit);
}

/** Whether results of type `t` are checked (strings, binaries, json). */
export function isSizedType(t: SqlType): boolean {
  return t.kind === 'varchar' || t.kind === 'char' || t.kind === 'varbinary' || t.kind === 'json';
}

/** `v` unchanged if it fits. */
export function checkedValue(v: Value): Value {
  if (typeof v === 'string') checkValueSize(v.length);
  else if (v instanceof Uint8Array) checkValueSize(v.length, 'bytes');
  return v;
}
