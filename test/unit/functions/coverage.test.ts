/** The remaining registered functions, one table: every name the registry lists has a test. */
import { describe, expect, it } from 'vitest';
import { aggregate, call, errorOf } from './call.js';
import type { Arg } from './call.js';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listFunctions, resolveWindowFunction } from '../../../src/functions/registry.js';
import { parseTypeName as p } from '../../../src/types/type-parser.js';
import { formatType } from '../../../src/types/sql-type.js';

const d = (x: number): Arg => ['double', x];
const n = (x: number): Arg => ['bigint', BigInt(x)];
const bin = (s: string): Arg => ['varbinary', new TextEncoder().encode(s)];
const hex = (s: string | null): string | null => (s === null ? null : s.replace(/ /g, ''));

describe('remaining scalar functions', () => {
  it.each<[string, Arg[], string | null]>([
    ['acos', [d(1)], '0.0'],
    ['asin', [d(0)], '0.0'],
    ['atan', [d(0)], '0.0'],
    ['atan2', [d(0), d(1)], '0.0'],
    ['cos', [d(0)], '1.0'],
    ['cosh', [d(0)], '1.0'],
    ['sin', [d(0)], '0.0'],
    ['sinh', [d(0)], '0.0'],
    ['tan', [d(0)], '0.0'],
    ['tanh', [d(0)], '0.0'],
    ['radians', [d(180)], '3.141592653589793'],
    ['e', [], '2.718281828459045'],
    ['nan', [], 'NaN'],
    ['is_infinite', [d(-Infinity)], 'true'],
    ['bitwise_left_shift', [n(1), n(3)], '8'],
    ['bitwise_right_shift', [n(-8), n(60)], '15'], // logical: sign bits shift in as zeros
    ['bitwise_right_shift_arithmetic', [n(-8), n(1)], '-4'],
    ['ends_with', [['varchar', 'hello'], ['varchar', 'lo']], 'true'],
    ['normalize', [['varchar', 'e\u0301']], '\u00e9'],
    ['from_base64', [['varchar', 'aGVsbG8=']], '68 65 6c 6c 6f'],
    ['to_base64url', [['varbinary', new Uint8Array([0xfb, 0xff])]], '-_8'],
    ['from_base64url', [['varchar', '-_8']], 'fb ff'],
    ['day_of_month', [['date', 19753]], '31'],
    ['week_of_year', [['date', 19753]], '5'],
    ['yow', [['date', 19753]], '2024'],
    ['from_unixtime_nanos', [n(1_500_000_000)], '1970-01-01 00:00:01.500000000 UTC'],
    ['current_timezone', [], 'UTC'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });

  it.each<[string, string]>([
    ['sha1', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['sha512', 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
  ])('%s(abc)', (name, digest) => {
    expect(hex(call(name, bin('abc')))).toBe(digest);
  });
  it('hmac_md5 / hmac_sha1 / hmac_sha512 (RFC 2202 / 4231 "Jefe" vectors)', () => {
    const data = bin('what do ya want for nothing?');
    const key = bin('Jefe');
    expect(hex(call('hmac_md5', data, key))).toBe('750c783e6ab0b503eaa86e310a5db738');
    expect(hex(call('hmac_sha1', data, key))).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
    expect(hex(call('hmac_sha512', data, key))!.slice(0, 32)).toBe('164b7a7bfcf819e2e395fbe73b56e0a3');
  });
  it('xxhash64 (XXH64 reference vectors, seed 0)', () => {
    expect(hex(call('xxhash64', bin('')))).toBe('ef46db3751d8e999');
    expect(hex(call('xxhash64', bin('abc')))).toBe('44bc2cf5ad770999');
    expect(hex(call('xxhash64', bin('Nobody inspects the spammish repetition')))).toBe('fbcea83c8a378bf1');
  });
  it('shuffle keeps the elements (and uses the context random)', () => {
    const out = call('shuffle', ['array(integer)', [1, 2, 3, 4]])!;
    expect(out.slice(1, -1).split(', ').sort()).toEqual(['1', '2', '3', '4']);
  });
  it('from_base64 rejects bad input', () => {
    expect(errorOf(() => call('from_base64', ['varchar', 'a*b']))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
});

describe('remaining aggregates', () => {
  it.each<[string, string[], unknown[][], string | null]>([
    ['bitwise_and_agg', ['bigint'], [[12n], [10n]], '8'],
    ['bitwise_xor_agg', ['bigint'], [[12n], [10n]], '6'],
    ['var_samp', ['double'], [[1], [2], [3], [4]], '1.6666666666666667'],
  ])('%s', (name, types, rows, out) => {
    expect(aggregate(name, types, rows as never)).toBe(out);
  });
  it('skewness and kurtosis', () => {
    const rows = [[1], [2], [3], [4], [10]];
    expect(Number(aggregate('skewness', ['double'], rows))).toBeCloseTo(1.1384199576606164, 10);
    expect(Number(aggregate('kurtosis', ['double'], rows))).toBeCloseTo(3.152, 8);
    expect(Number(aggregate('kurtosis', ['double'], rows, true))).toBeCloseTo(3.152, 8);
  });
});

describe('remaining window functions', () => {
  it.each<[string, string[], string]>([
    ['dense_rank', [], 'bigint'],
    ['cume_dist', [], 'double'],
    ['lead', ['varchar', 'integer', 'varchar(3)'], 'varchar'],
    ['last_value', ['date'], 'date'],
    ['nth_value', ['double', 'integer'], 'double'],
  ])('%s(%s) : %s', (name, args, type) => {
    expect(formatType(resolveWindowFunction(name, args.map(p)).returnType)).toBe(type);
  });
});

describe('every registered function is exercised by a test', () => {
  it('names in listFunctions() all appear quoted in test/unit/functions', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const text = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(dir + f, 'utf8')).join('\n');
    const missing = listFunctions().map((f) => f.name).filter((name) => !text.includes(`'${name}'`));
    expect(missing).toEqual([]);
  });
});
