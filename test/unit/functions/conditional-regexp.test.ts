import { describe, expect, it } from 'vitest';
import { call, errorOf, typeOf } from './call.js';
import type { Arg } from './call.js';
import type { Value } from '../../../src/types/value.js';
import { isTryCatchable } from '../../../src/functions/registry.js';
import { AegisError } from '../../../src/errors.js';

const v = (s: string | null): Arg => ['varchar', s];
const n = (x: number): Arg => ['bigint', BigInt(x)];

describe('conditional functions', () => {
  it.each<[string, Arg[], string | null]>([
    ['if', [['boolean', true], ['integer', 1], ['integer', 2]], '1'],
    ['if', [['boolean', null], ['integer', 1], ['integer', 2]], '2'],
    ['if', [['boolean', false], ['integer', 1]], null],
    ['if', [['boolean', true], ['integer', 1], ['double', 2.5]], '1.0'],
    ['coalesce', [['integer', null], ['bigint', 7n], ['integer', 3]], '7'],
    ['coalesce', [['integer', null], ['unknown', null]], null],
    ['nullif', [['integer', 1], ['integer', 1]], null],
    ['nullif', [['integer', 1], ['bigint', 2n]], '1'],
    ['nullif', [['integer', null], ['integer', 1]], null],
    ['typeof', [['decimal(10,2)', null]], 'decimal(10,2)'],
    ['typeof', [['unknown', null]], 'unknown'],
    ['typeof', [['array(row(a integer))', null]], 'array(row(a integer))'],
    ['try', [['integer', 5]], '5'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });
  it('types', () => {
    expect(typeOf('coalesce', 'integer', 'decimal(5,2)')).toBe('decimal(12,2)');
    expect(typeOf('nullif', 'integer', 'bigint')).toBe('integer');
    expect(errorOf(() => typeOf('coalesce', 'integer', 'varchar'))).toBe('TYPE_MISMATCH');
  });
  it('TRY swallows value errors only', () => {
    expect(isTryCatchable(new AegisError('DIVISION_BY_ZERO', 'x'))).toBe(true);
    expect(isTryCatchable(new AegisError('INVALID_CAST', 'x'))).toBe(true);
    expect(isTryCatchable(new AegisError('NUMERIC_OVERFLOW', 'x'))).toBe(true);
    expect(isTryCatchable(new AegisError('INVALID_FUNCTION_ARGUMENT', 'x'))).toBe(true);
    expect(isTryCatchable(new AegisError('ACCESS_DENIED', 'x'))).toBe(false);
    expect(isTryCatchable(new Error('x'))).toBe(false);
  });
});

describe('regexp functions (Java syntax)', () => {
  it.each<[string, Arg[], string | null]>([
    ['regexp_like', [v('1a 2b 14m'), v('\\d+b')], 'true'],
    ['regexp_like', [v('abc'), v('^b')], 'false'],
    ['regexp_like', [v('ABC'), v('(?i)abc')], 'true'],
    ['regexp_like', [v('a.b'), v('a\\.b')], 'true'],
    ['regexp_like', [v('x#y'), v('x\\#y')], 'true'], // escaped punctuation (invalid in JS u-mode)
    ['regexp_like', [v('a+b'), v('\\Qa+b\\E')], 'true'],
    ['regexp_like', [v('abc'), v('\\Aabc\\z')], 'true'],
    ['regexp_like', [v('Hello'), v('^\\p{Upper}\\p{Lower}+$')], 'true'],
    ['regexp_like', [v('aaa'), v('a++')], 'true'],
    ['regexp_like', [v('Ωmega'), v('^\\p{IsAlphabetic}+$')], 'true'],
    ['regexp_like', [v('Ωmega'), v('^\\p{L}+$')], 'true'],
    ['regexp_like', [v('Ω'), v('\\p{IsGreek}')], 'true'],
    ['regexp_like', [v('1'), v('\\P{L}')], 'true'],
    ['regexp_extract', [v('1a 2b 14m'), v('\\d+')], '1'],
    ['regexp_extract', [v('1a 2b 14m'), v('(\\d+)([a-z]+)'), n(2)], 'a'],
    ['regexp_extract', [v('abc'), v('\\d')], null],
    ['regexp_extract_all', [v('1a 2b 14m'), v('\\d+')], '[1, 2, 14]'],
    ['regexp_extract_all', [v('1a 2b 14m'), v('(\\d+)([a-z]+)'), n(2)], '[a, b, m]'],
    ['regexp_extract_all', [v('abc'), v('x*')], '[, , , ]'],
    ['regexp_replace', [v('1a 2b 14m'), v('\\d+[ab] ')], '14m'],
    ['regexp_replace', [v('1a 2b 14m'), v('(\\d+)([ab]) '), v('3c$2 ')], '3ca 3cb 14m'],
    ['regexp_replace', [v('new york'), v('(\\w)(\\w*)'), v('$2$1')], 'ewn orky'],
    ['regexp_replace', [v('a.b'), v('\\.'), v('\\$')], 'a$b'],
    ['regexp_replace', [v('john smith'), v('(?<first>\\w+) (?<last>\\w+)'), v('${last}, ${first}')], 'smith, john'],
    ['regexp_split', [v('1a 2b 14m'), v('\\s*[a-z]+\\s*')], '[1, 2, 14, ]'],
    ['regexp_split', [v('a1b2c'), v('(\\d)')], '[a, b, c]'],
    ['regexp_count', [v('1a 2b 14m'), v('\\s*[a-z]+\\s*')], '3'],
    ['regexp_position', [v('I have 23 apples, 5 pears'), v('\\d+')], '8'],
    ['regexp_position', [v('I have 23 apples, 5 pears'), v('\\d+'), n(10)], '19'],
    ['regexp_position', [v('I have 23 apples, 5 pears'), v('\\d+'), n(1), n(2)], '19'],
    ['regexp_position', [v('abc'), v('z')], '-1'],
    ['regexp_like', [v('😀x'), v('^.x$')], 'true'], // code points
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });

  it('lambda replacement', () => {
    const upper = { arity: 1, body: () => ({ kind: 'varchar' }) as const, lambda: (g: Value) => ((g as string[])[0] ?? '').toUpperCase() };
    expect(call('regexp_replace', v('new york'), v('(\\w)(\\w*)'), upper)).toBe('N Y');
  });

  it.each<[string, Arg[]]>([
    ['regexp_like', [v('a'), v('(')]],
    ['regexp_extract', [v('a'), v('a'), n(1)]],
    ['regexp_replace', [v('a'), v('a'), v('$2')]],
    ['regexp_like', [v('a'), v('[a')]],
  ])('%s(%s) → INVALID_FUNCTION_ARGUMENT', (name, args) => {
    expect(errorOf(() => call(name, ...args))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});
