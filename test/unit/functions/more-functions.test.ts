/**
 * Functions added from Trino's catalog: binary encodings, murmur3, distributions, Wilson
 * intervals, vectors, combinations, multimaps, text helpers, and the aggregates checksum,
 * map_union, set_union, entropy. Expected values come from Trino's documentation examples or
 * from the definitions (reference vectors, closed forms). SQL-level records live in
 * test/sql/functions/*.slt.
 */
import { describe, expect, it } from 'vitest';
import { aggregate, call, errorOf } from './call.js';
import type { Arg } from './call.js';
import { resolveAggregate } from '../../../src/functions/registry.js';
import { formatType } from '../../../src/types/sql-type.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { stemEnglish } from '../../../src/functions/word-stem.js';
import { erf, erfInv, regularizedBeta } from '../../../src/functions/special-math.js';

const d = (x: number): Arg => ['double', x];
const n = (x: number): Arg => ['bigint', BigInt(x)];
const v = (s: string): Arg => ['varchar', s];
const bytes = (...b: number[]): Arg => ['varbinary', new Uint8Array(b)];

describe('binary encodings', () => {
  it.each<[string, Arg[], string | null]>([
    ['to_big_endian_32', [['integer', 1]], '00 00 00 01'],
    ['to_big_endian_32', [['integer', -1]], 'ff ff ff ff'],
    ['from_big_endian_32', [bytes(0x80, 0, 0, 0)], '-2147483648'],
    ['to_big_endian_64', [n(258)], '00 00 00 00 00 00 01 02'],
    ['from_big_endian_64', [bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe)], '-2'],
    ['to_ieee754_32', [['real', 1]], '3f 80 00 00'],
    ['from_ieee754_32', [bytes(0xc0, 0, 0, 0)], '-2.0'],
    ['to_ieee754_64', [d(1)], '3f f0 00 00 00 00 00 00'],
    ['from_ieee754_64', [bytes(0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18)], '3.141592653589793'],
    ['to_base32', [['varbinary', new TextEncoder().encode('foobar')]], 'MZXW6YTBOI======'],
    ['from_base32', [v('MZXW6===')], '66 6f 6f'],
    // Trino's documentation example.
    ['murmur3', [['varbinary', new Uint8Array(Buffer.from('aaaaaa', 'base64'))]], 'ba 58 55 63 55 69 b4 2f 49 20 37 2c a0 e3 96 ef'],
    // Trino's TestVarbinaryFunctions vectors.
    ['spooky_hash_v2_32', [['varbinary', new Uint8Array()]], '6b f5 09 19'],
    ['spooky_hash_v2_32', [['varbinary', new TextEncoder().encode('hello')]], 'd3 82 e6 ca'],
    ['spooky_hash_v2_64', [['varbinary', new Uint8Array()]], '23 27 06 fc 6b f5 09 19'],
    ['spooky_hash_v2_64', [['varbinary', new TextEncoder().encode('hello')]], '37 68 82 6a d3 82 e6 ca'],
  ])('%s = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });
  it('decoders demand the exact width', () => {
    expect(errorOf(() => call('from_big_endian_32', bytes(1, 2)))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => call('from_big_endian_64', bytes(1)))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => call('from_ieee754_32', bytes()))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => call('from_ieee754_64', bytes(1, 2, 3, 4)))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});

describe('distributions and intervals', () => {
  it('erf, erfInv and the incomplete beta agree with closed forms', () => {
    expect(erf(0)).toBe(0);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(erfInv(erf(0.5))).toBeCloseTo(0.5, 13);
    expect(regularizedBeta(0.5, 2, 3)).toBeCloseTo(0.6875, 14);
  });
  it.each<[string, Arg[], number]>([
    ['normal_cdf', [d(0), d(1), d(0)], 0.5],
    ['normal_cdf', [d(10), d(9), d(10)], 0.5],
    ['inverse_normal_cdf', [d(0), d(1), d(0.5)], 0],
    ['beta_cdf', [d(1), d(1), d(0.25)], 0.25],
    ['inverse_beta_cdf', [d(1), d(1), d(0.25)], 0.25],
    ['t_cdf', [d(0), d(3)], 0.5],
    ['t_pdf', [d(0), d(1)], 1 / Math.PI],
    ['wilson_interval_lower', [n(0), n(1), d(0)], 0],
    ['wilson_interval_upper', [n(1), n(1), d(0)], 1],
  ])('%s ≈ %d', (name, args, out) => {
    expect(Number(call(name, ...args))).toBeCloseTo(out, 12);
  });
  it('argument checks are INVALID_FUNCTION_ARGUMENT', () => {
    expect(errorOf(() => call('normal_cdf', d(0), d(0), d(1)))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => call('inverse_normal_cdf', d(0), d(1), d(1)))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => call('wilson_interval_lower', n(2), n(1), d(1)))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => call('wilson_interval_upper', n(1), n(0), d(1)))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});

describe('vectors', () => {
  const a: Arg = ['array(double)', [1, 2]];
  const b: Arg = ['array(double)', [3, 4]];
  it('match Trino\'s documentation examples', () => {
    expect(call('cosine_similarity', a, b)).toBe('0.9838699100999074');
    expect(call('cosine_distance', a, b)).toBe('0.01613008990009257');
    expect(call('euclidean_distance', a, b)).toBe('2.8284271247461903');
    expect(call('dot_product', a, b)).toBe('11.0');
  });
  it('different lengths fail', () => {
    expect(errorOf(() => call('dot_product', a, ['array(double)', [1]]))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});

describe('arrays, maps and text', () => {
  it.each<[string, Arg[], string | null]>([
    ['combinations', [['array(integer)', [1, 2, 3]], ['integer', 2]], '[[1, 2], [1, 3], [2, 3]]'],
    ['array_first', [['array(integer)', [7, 8]]], '7'],
    ['array_last', [['array(integer)', []]], null],
    ['array_histogram', [['array(integer)', [42, 7, 42, null]]], '{42=2, 7=1}'],
    ['multimap_from_entries', [['array(row(integer, varchar))', [[1, 'x'], [2, 'y'], [1, 'z']]]], '{1=[x, z], 2=[y]}'],
    ['luhn_check', [v('79927398713')], 'true'],
    ['title_case', [v('hello wORLD')], 'Hello World'],
    ['word_stem', [v('consolingly')], 'consol'],
    ['char2hexint', [v('AB')], '00410042'],
    ['index', [v('high'), v('ig')], '2'],
    // Trino's conversion.md examples.
    ['parse_data_size', [v('2.3MB')], '2411724'],
    ['parse_data_size', [v('1kB')], '1024'],
    ['to_char', [['timestamp(3)', Date.UTC(1988, 3, 8, 14, 15, 16) * 1000], v('yyyy/mm/dd hh24:mi:ss')], '1988/04/08 14:15:16'],
    ['to_date', [v('1988/04/08'), v('yyyy/mm/dd')], '1988-04-08'],
    ['to_timestamp', [v('1988/04/08;02:03:04'), v('yyyy/mm/dd;hh24:mi:ss')], '1988-04-08 02:03:04.000'],
    ['version', [], '0.1.0'],
    // TIME(p): micros since midnight.
    ['hour', [['time(3)', 45_296_789_000]], '12'],
    ['date_trunc', [v('minute'), ['time(3)', 45_296_789_000]], '12:34:00.000'],
  ])('%s = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });
  it('the Porter2 stemmer on the Snowball sample vocabulary', () => {
    const pairs: [string, string][] = [['consign', 'consign'], ['consigned', 'consign'], ['consistency', 'consist'], ['consolatory', 'consolatori'],
      ['generously', 'generous'], ['caresses', 'caress'], ['ponies', 'poni'], ['ties', 'tie'], ['hopping', 'hop'], ['hoping', 'hope'],
      ['cry', 'cri'], ['by', 'by'], ['skies', 'sky'], ['exceeding', 'exceed'], ['abilities', 'abil']];
    for (const [w, s] of pairs) expect(stemEnglish(w)).toBe(s);
  });
  it('map_zip_with passes NULL for a key one side lacks', () => {
    const m = (keys: string[], values: number[]): Arg => ['map(varchar, integer)', { keys, values }];
    const sum: Arg = {
      arity: 3,
      body: (ps: SqlType[]) => ps[1]!,
      lambda: (...[, a, b]: Value[]) => (a === null || b === null ? null : (a as number) + (b as number)),
    };
    expect(call('map_zip_with', m(['a', 'b'], [1, 2]), m(['b', 'c'], [10, 20]), sum)).toBe('{a=null, b=12, c=null}');
  });
  it('combinations limits', () => {
    expect(errorOf(() => call('combinations', ['array(integer)', [1]], ['integer', 6]))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => call('combinations', ['array(integer)', [1]], ['integer', -1]))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});

describe('localtime', () => {
  it('is the session wall-clock time of the query start, time(3)', () => {
    // ctx.now is 2024-01-31 12:34:56.789 UTC.
    expect(call('localtime')).toBe('12:34:56.789');
  });
  it('current_time carries the session zone offset', () => {
    expect(call('current_time')).toBe('12:34:56.789+00:00');
  });
});

describe('aggregates', () => {
  it('reduce_agg types its state from the initial value and the input lambda', () => {
    const int: SqlType = { kind: 'integer' };
    const lambda = { kind: 'lambda' as const, arity: 2, bind: (ps: SqlType[]) => ps[0]! };
    const r = resolveAggregate('reduce_agg', [int, int, lambda, lambda]);
    expect(formatType(r.returnType)).toBe('integer');
    expect(r.lambdas?.[2]?.params.map(formatType)).toEqual(['integer', 'integer']);
  });
  it('entropy (Presto documentation example)', () => {
    expect(aggregate('entropy', ['bigint'], [[1n], [1n], [2n], [1n], [2n]])).toBe('2.2359263506290326');
    expect(aggregate('entropy', ['bigint'], [])).toBe('0.0');
  });
  it('map_union keeps the first value of a repeated key, also across partial states', () => {
    const rows = [[{ keys: [1, 2], values: ['a', 'b'] }], [{ keys: [2, 3], values: ['x', 'c'] }]];
    expect(aggregate('map_union', ['map(integer, varchar)'], rows)).toBe('{1=a, 2=b, 3=c}');
    expect(aggregate('map_union', ['map(integer, varchar)'], rows, true)).toBe('{1=a, 2=b, 3=c}');
  });
  it('numeric_histogram merges the closest pair first (hand-computed Ben-Haim/Tom-Tov steps)', () => {
    const rows = [[2n, 1], [2n, 2], [2n, 3], [2n, 10]];
    expect(aggregate('numeric_histogram', ['bigint', 'double'], rows)).toBe('{2.0=3.0, 10.0=1.0}');
  });
  it('set_union', () => {
    expect(aggregate('set_union', ['array(integer)'], [[[1, 2, 3]], [[2, 3, 4]], [null]])).toBe('[1, 2, 3, 4]');
    expect(aggregate('set_union', ['array(integer)'], [[null]])).toBe('[]');
  });
  it('checksum is order-insensitive, NULL rows count, no rows give NULL', () => {
    const one = aggregate('checksum', ['bigint'], [[1n], [2n], [3n]]);
    expect(aggregate('checksum', ['bigint'], [[3n], [1n], [2n]])).toBe(one);
    expect(aggregate('checksum', ['bigint'], [[3n], [1n], [2n]], true)).toBe(one);
    // A NULL row adds PRIME64 (0x9E3779B185EBCA87), little-endian.
    expect(aggregate('checksum', ['bigint'], [[null]])).toBe('87 ca eb 85 b1 79 37 9e');
    expect(aggregate('checksum', ['bigint'], [])).toBe(null);
  });
});
