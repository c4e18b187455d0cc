/**
 * Regular expressions and LIKE cannot be made to run for minutes: `regexp_*` run on re2js (RE2J,
 * linear time) and LIKE on a segment matcher that never backtracks. Answers equal Trino's; an
 * invalid pattern is INVALID_FUNCTION_ARGUMENT quoting at most ~200 characters of it.
 */
import { describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import { likeMatches, parseLike } from '../../../src/functions/like-pattern.js';
import { call, callRaw } from './call.js';
import type { Arg } from './call.js';

const v = (s: string | null): Arg => ['varchar', s];

function errorOf(fn: () => unknown): AegisError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AegisError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('regular expressions on a linear-time engine', () => {
  it("regexp_like('aaaa…a!', '^(a|a)*$') answers false (catastrophic for a backtracking engine)", () => {
    const s = `${'a'.repeat(30_000)}!`;
    expect(call('regexp_like', v(s), v('^(a|a)*$'))).toBe('false');
    expect(call('regexp_like', v(s), v('^(a+)+$'))).toBe('false');
    expect(call('regexp_like', v(s), v('(x+x+)+y'))).toBe('false');
    expect(call('regexp_like', v('a'.repeat(30_000)), v('^(a|a)*$'))).toBe('true');
    expect(call('regexp_replace', v(s), v('(a|aa)+$'), v('x'))).toBe(s);
  });

  it('invalid patterns, and what RE2J refuses, are INVALID_FUNCTION_ARGUMENT', () => {
    for (const p of ['(', '[a-', 'a{2000}', '(a)\\1', '(?=a)', '(?<!a)b', '[a-z&&[^b]]', '\\p{NoSuchScript}', '*a']) {
      const e = errorOf(() => call('regexp_like', v('abc'), v(p)));
      expect(e.code, p).toBe('INVALID_FUNCTION_ARGUMENT');
      expect(e.message, p).toContain('Invalid regular expression');
    }
  });

  it('an invalid 1 MB pattern is quoted to at most ~200 characters', () => {
    const p = `(${'x'.repeat(1_000_000)}`;
    const e = errorOf(() => call('regexp_like', v('abc'), v(p)));
    expect(e.code).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(e.message.length).toBeLessThan(600);
    expect(e.message).toContain('(1000001 characters)');
  });

  it('RE2J semantics where they differ from Java (documented)', () => {
    // `$` without (?m) is the very end of the input, not before a final line break.
    expect(call('regexp_like', v('abc\n'), v('abc$'))).toBe('false');
    expect(call('regexp_like', v('abc\n'), v('(?m)abc$'))).toBe('true');
    expect(call('regexp_like', v('abc\n'), v('abc\\Z'))).toBe('true');
    // (?i) folds beyond ASCII.
    expect(call('regexp_like', v('ΣΊΣΥΦΟΣ'), v('(?i)σίσυφος'))).toBe('true');
    // Possessive and atomic forms read as greedy (RE2 never backtracks).
    expect(call('regexp_extract', v('aaab'), v('(?>a+)b'))).toBe('aaab');
    expect(call('regexp_extract_all', v('a1b22c333'), v('\\d++'))).toBe('[1, 22, 333]');
  });

  it('empty matches advance one code point, as Java and Trino', () => {
    expect(call('regexp_extract_all', v('baac'), v('a*'))).toBe('[, aa, , ]');
    expect(call('regexp_replace', v('😀x'), v(''), v('-'))).toBe('-😀-x-');
    expect(call('regexp_split', v('a1b2c'), v('\\d'))).toBe('[a, b, c]');
    expect(call('regexp_position', v('😀ab😀ab'), v('b'), ['bigint', 4n])).toBe('6');
  });
});

describe('LIKE without backtracking', () => {
  it('a 50,000-%a pattern matches and fails correctly', () => {
    const pattern = '%a'.repeat(50_000);
    expect(callRaw('$like', [v('a'.repeat(50_000)), v(pattern)]).value).toBe(true);
    expect(callRaw('$like', [v('a'.repeat(49_999)), v(pattern)]).value).toBe(false);
    expect(callRaw('$like', [v(`${'a'.repeat(50_000)}b`), v(pattern)]).value).toBe(false);
    expect(callRaw('$like', [v(`${'a'.repeat(50_000)}b`), v(`${pattern}%`)]).value).toBe(true);
  });

  it('pathological mixes of % and _ stay fast and agree with a reference', () => {
    const s = 'a'.repeat(20_000);
    expect(callRaw('$like', [v(s), v(`${'%_'.repeat(5_000)}%b`)]).value).toBe(false);
    expect(callRaw('$like', [v(s), v(`${'%_'.repeat(5_000)}%`)]).value).toBe(true);
    expect(callRaw('$like', [v(s), v(`${'%a_'.repeat(10_001)}`)]).value).toBe(false);
  });

  it.each<[string, string, string | undefined, boolean]>([
    ['', '', undefined, true],
    ['', '%', undefined, true],
    ['abc', 'a_c', undefined, true],
    ['abc', 'a%%c', undefined, true],
    ['ac', 'a%_c', undefined, false],
    ['a😀c', 'a_c', undefined, true],
    ['50%', '50#%', '#', true],
    ['501', '50#%', '#', false],
    ['a_b', '%#_%', '#', true],
    ['ab', '%#_%', '#', false],
    ['abcabd', '%abd', undefined, true],
    ['abab', 'ab%ab', undefined, true],
    ['aba', 'ab%ab', undefined, false],
  ])('%j LIKE %j (escape %j) = %j', (s, p, esc, want) => {
    expect(likeMatches(parseLike(p, esc), s)).toBe(want);
  });

  it('a bad escape is INVALID_FUNCTION_ARGUMENT', () => {
    expect(errorOf(() => parseLike('a#b', '#')).code).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => parseLike('a', '##')).code).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});
