import { describe, expect, it } from 'vitest';
import { aggregate, call, errorOf } from './call.js';
import type { Arg } from './call.js';

const v = (s: string): Arg => ['varchar', s];
const bin = (s: string): Arg => ['varbinary', new TextEncoder().encode(s)];

describe('misc functions', () => {
  it('uuid() is a fresh RFC 4122 text each call', () => {
    const a = call('uuid')!;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call('uuid')).not.toBe(a);
  });
  it.each<[string, Arg[], string | null]>([
    ['to_hex', [['varbinary', null]], null],
    ['split_to_map', [v('a=1,b=2'), v(','), v('=')], '{a=1, b=2}'],
    ['split_to_multimap', [v('a=1,b=2,a=3'), v(','), v('=')], '{a=[1, 3], b=[2]}'],
    ['format_number', [['bigint', 123456n]], '123K'],
    ['format_number', [['bigint', 1234567n]], '1.23M'],
    ['format_number', [['double', 12.345]], '12.3'],
    ['parse_duration', [v('3.5d')], '3 12:00:00.000'],
    ['parse_duration', [v('42ms')], '0 00:00:00.042'],
    ['human_readable_seconds', [['double', 96]], '1 minute, 36 seconds'],
    ['human_readable_seconds', [['double', 3762]], '1 hour, 2 minutes, 42 seconds'],
    ['timezone', [['timestamp(3) with time zone', { micros: 0, zone: 'Asia/Tokyo' }]], 'Asia/Tokyo'],
    ['array_has_duplicates', [['array(integer)', [1, 2, 1]]], 'true'],
    ['array_has_duplicates', [['array(integer)', [1, 2]]], 'false'],
    ['ngrams', [['array(varchar)', ['a', 'b', 'c']], ['bigint', 2n]], '[[a, b], [b, c]]'],
    ['contains_sequence', [['array(integer)', [1, 2, 3, 4]], ['array(integer)', [2, 3]]], 'true'],
    ['contains_sequence', [['array(integer)', [1, 2, 3, 4]], ['array(integer)', [3, 2]]], 'false'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });
  it('hmac_sha256 (RFC 4231 case 2)', () => {
    const out = call('to_hex', ['varbinary', null]);
    expect(out).toBeNull();
    const r = call('hmac_sha256', bin('what do ya want for nothing?'), bin('Jefe'))!;
    expect(r.replace(/ /g, '')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
  it('split_to_map rejects duplicate keys and bad entries', () => {
    expect(errorOf(() => call('split_to_map', v('a=1,a=2'), v(','), v('=')))).toBe('INVALID_FUNCTION_ARGUMENT');
    expect(errorOf(() => call('split_to_map', v('a'), v(','), v('=')))).toBe('INVALID_FUNCTION_ARGUMENT');
  });
  it('set_agg', () => {
    expect(aggregate('set_agg', ['integer'], [[3], [1], [3], [null]])).toBe('[3, 1]');
    expect(aggregate('set_agg', ['integer'], [[3], [1], [3], [2]], true)).toBe('[3, 1, 2]');
  });
});
