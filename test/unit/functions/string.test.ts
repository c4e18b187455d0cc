import { describe, expect, it } from 'vitest';
import { call, errorOf } from './call.js';
import type { Arg } from './call.js';

const v = (s: string | null): Arg => ['varchar', s];
const n = (x: number): Arg => ['bigint', BigInt(x)];
const bin = (s: string): Arg => ['varbinary', new TextEncoder().encode(s)];

describe('string functions', () => {
  it.each<[string, Arg[], string | null]>([
    ['concat', [v('a'), v('b'), v('c')], 'abc'],
    ['concat', [v('a'), v(null)], null],
    ['concat', [['array(integer)', [1]], ['array(integer)', [2, 3]]], '[1, 2, 3]'],
    ['length', [v('héllo')], '5'],
    ['length', [v('😀a')], '2'], // code points (JS .length is 3)
    ['length', [['char(5)', 'ab   ']], '5'],
    ['lower', [v('ÀBC')], 'àbc'],
    // Trino maps case per code point: no ß → SS expansion, no final-sigma rule (JS does both)
    ['upper', [v('straße')], 'STRAßE'],
    ['lower', [v('ΑΣ')], 'ασ'],
    ['lower', [v('İ')], 'i'],
    ['upper', [v('abc')], 'ABC'],
    ['trim', [v('  a b  ')], 'a b'],
    ['trim', [v('\t\n a \r')], 'a'],
    ['trim', [v('\u00a0a\u00a0')], '\u00a0a\u00a0'], // NBSP is not Java whitespace
    ['ltrim', [v('  a  ')], 'a  '],
    ['rtrim', [v('  a  ')], '  a'],
    ['trim', [v('xxaxx'), v('x')], 'a'],
    ['lpad', [v('7'), n(3), v('0')], '007'],
    ['lpad', [v('hello'), n(3), v('0')], 'hel'],
    ['rpad', [v('ab'), n(5), v('xy')], 'abxyx'],
    ['replace', [v('banana'), v('an')], 'ba'],
    ['replace', [v('banana'), v('an'), v('AN')], 'bANANa'],
    ['replace', [v('ab'), v(''), v('-')], '-a-b-'],
    ['reverse', [v('a😀b')], 'b😀a'],
    ['reverse', [['array(integer)', [1, 2, 3]]], '[3, 2, 1]'],
    ['split', [v('a,b,,c'), v(',')], '[a, b, , c]'],
    ['split', [v('a,b,c'), v(','), n(2)], '[a, b,c]'],
    ['split_part', [v('a,b,c'), v(','), n(2)], 'b'],
    ['split_part', [v('a,b,c'), v(','), n(4)], null],
    ['strpos', [v('hello'), v('l')], '3'],
    ['strpos', [v('hello'), v('l'), n(2)], '4'],
    ['strpos', [v('hello'), v('l'), n(-1)], '4'],
    ['strpos', [v('hello'), v('z')], '0'],
    ['strpos', [v('😀ab'), v('b')], '3'],
    ['position', [v('l'), v('hello')], '3'],
    ['substr', [v('hello'), n(2)], 'ello'],
    ['substr', [v('hello'), n(2), n(3)], 'ell'],
    ['substr', [v('hello'), n(-3)], 'llo'], // negative start counts from the end
    ['substr', [v('hello'), n(-3), n(2)], 'll'],
    ['substr', [v('hello'), n(0)], ''], // start 0 → empty (DuckDB treats 0 like 1)
    ['substr', [v('hello'), n(10)], ''],
    ['substring', [v('hello'), n(1), n(100)], 'hello'],
    ['starts_with', [v('hello'), v('he')], 'true'],
    ['chr', [n(65)], 'A'],
    ['chr', [n(0x1f600)], '😀'],
    ['codepoint', [['varchar(1)', 'A']], '65'],
    ['levenshtein_distance', [v('kitten'), v('sitting')], '3'],
    ['hamming_distance', [v('abc'), v('abd')], '1'],
    ['translate', [v('abcd'), v('bd'), v('B')], 'aBc'],
    ['concat_ws', [v(','), v('a'), v(null), v('b')], 'a,b'],
    ['format', [v('%s=%d'), v('x'), ['integer', 5]], 'x=5'],
    ['format', [v('%.2f|%5s|%-4d|%05d'), ['double', 3.14159], v('ab'), ['integer', 7], ['integer', 42]], '3.14|   ab|7   |00042'],
    ['format', [v('%,d'), ['bigint', 1234567n]], '1,234,567'],
    // Trino's docs examples
    ['format', [v('%s%%'), ['integer', 123]], '123%'],
    ['format', [v('%03d'), ['integer', 8]], '008'],
    ['format', [v('%,.2f'), ['double', 1234567.89]], '1,234,567.89'],
    ['format', [v('%-7s,%7s'), v('hello'), v('world')], 'hello  ,  world'],
    ['format', [v('%2$s %3$s %1$s'), v('a'), v('b'), v('c')], 'b c a'],
    ['format', [v('%1$tA, %1$tB %1$te, %1$tY'), ['date', 13333]], 'Tuesday, July 4, 2006'],
    ['format', [v('%tF %<tT'.replace('%<', '%1$')), ['timestamp(3)', Date.UTC(2006, 6, 4, 13, 5, 9) * 1000]], '2006-07-04 13:05:09'],
    ['to_hex', [bin('abc')], '616263'],
    ['from_utf8', [bin('héllo')], 'héllo'],
    ['from_utf8', [['varbinary', new Uint8Array([0x61, 0xff])]], 'a\uFFFD'],
    ['to_utf8', [v('é')], 'c3 a9'],
    ['from_hex', [v('6162')], '61 62'],
    ['md5', [bin('abc')], '90 01 50 98 3c d2 4f b0 d6 96 3f 7d 28 e1 7f 72'],
    ['to_hex', [['varbinary', null]], null],
    ['crc32', [bin('abc')], '891568578'],
    ['to_base64', [bin('hello')], 'aGVsbG8='],
    ['url_extract_host', [v('https://user@example.com:8080/a/b?x=1&y=2#frag')], 'example.com'],
    ['url_extract_port', [v('https://example.com:8080/a')], '8080'],
    ['url_extract_port', [v('https://example.com/a')], null],
    ['url_extract_path', [v('https://example.com/a/b?x=1')], '/a/b'],
    ['url_extract_protocol', [v('https://example.com/a')], 'https'],
    ['url_extract_query', [v('https://example.com/a?x=1&y=2')], 'x=1&y=2'],
    ['url_extract_fragment', [v('https://example.com/a#top')], 'top'],
    ['url_extract_parameter', [v('https://example.com/a?x=1&y=a%20b'), v('y')], 'a b'],
    ['url_extract_parameter', [v('https://example.com/a?x=1'), v('z')], null],
    ['url_extract_host', [v('not a url')], null],
    ['url_extract_path', [v('/a/b?x=1#f')], '/a/b'], // relative references parse, as java.net.URI
    ['url_extract_query', [v('/a/b?x=1#f')], 'x=1'],
    ['url_extract_host', [v('/a/b?x=1#f')], null],
    ['url_extract_protocol', [v('/a/b')], null],
    ['url_encode', [v('a b&c')], 'a+b%26c'],
    ['url_decode', [v('a+b%26c')], 'a b&c'],
    ['soundex', [v('Robert')], 'R163'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });

  it('sha256 of empty input', () => {
    expect(call('to_hex', ['varbinary', new Uint8Array(0)])).toBe('');
    expect(call('sha256', bin(''))).toBe('e3 b0 c4 42 98 fc 1c 14 9a fb f4 c8 99 6f b9 24 27 ae 41 e4 64 9b 93 4c a4 95 99 1b 78 52 b8 55');
  });

  it.each<[string, Arg[]]>([
    ['split', [v('a'), v('')]],
    ['split_part', [v('a'), v(','), n(0)]],
    ['lpad', [v('a'), n(3), v('')]],
    ['chr', [n(-1)]],
    ['codepoint', [v('ab')]],
    ['from_hex', [v('abc')]],
    ['strpos', [v('a'), v('a'), n(0)]],
  ])('%s(%s) → INVALID_FUNCTION_ARGUMENT', (name, args) => {
    expect(errorOf(() => call(name, ...args))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});
