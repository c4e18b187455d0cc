/**
 * One varchar/varbinary value holds at most MAX_VALUE_SIZE (32 MiB): past it a function fails
 * with INVALID_FUNCTION_ARGUMENT (and TRY turns it into NULL) instead of building gigabytes.
 */
import { describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import { MAX_VALUE_SIZE } from '../../../src/functions/value-size.js';
import { call, callRaw } from './call.js';
import type { Arg } from './call.js';

const v = (s: string): Arg => ['varchar', s];
const n = (x: number): Arg => ['bigint', BigInt(x)];
const b = (s: string): Arg => ['varbinary', new TextEncoder().encode(s)];

function errorOf(fn: () => unknown): AegisError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AegisError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('value size cap', () => {
  it("lpad('x', 100000000, 'ab') is INVALID_FUNCTION_ARGUMENT naming the size and the limit", () => {
    for (const fn of ['lpad', 'rpad']) {
      const e = errorOf(() => call(fn, v('x'), n(100_000_000), v('ab')));
      expect(e.code).toBe('INVALID_FUNCTION_ARGUMENT');
      expect(e.message).toContain('100000000');
      expect(e.message).toContain(String(MAX_VALUE_SIZE));
      expect(errorOf(() => call(fn, b('x'), n(100_000_000), b('ab'))).code).toBe('INVALID_FUNCTION_ARGUMENT');
    }
  });

  it('values up to the limit are built, and correctly', () => {
    const s = callRaw('lpad', [v('x'), n(MAX_VALUE_SIZE), v('ab')]).value as string;
    expect(s.length).toBe(MAX_VALUE_SIZE);
    expect(s.slice(0, 5)).toBe('ababa');
    expect(s.at(-1)).toBe('x');
    expect(call('lpad', v('abc'), n(8), v('😀z'))).toBe('😀z😀z😀abc');
    expect(call('rpad', v('abc'), n(6), v('xy'))).toBe('abcxyx');
  });

  it('results built from pieces are checked too (concat, replace, array_join)', () => {
    const half = 'a'.repeat(MAX_VALUE_SIZE / 2 + 1);
    expect(errorOf(() => call('concat', v(half), v(half))).code).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => call('replace', v('a'.repeat(1_000_000)), v('a'), v('a'.repeat(40)))).code).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => callRaw('array_join', [['array(varchar)', [half, half]], v(',')])).code).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});
