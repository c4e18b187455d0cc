import { describe, expect, it } from 'vitest';
import { call, errorOf, typeOf } from './call.js';
import type { Arg } from './call.js';

describe('math functions', () => {
  it.each<[string, Arg[], string | null]>([
    ['abs', [['integer', -5]], '5'],
    ['abs', [['decimal(5,2)', -150n]], '1.50'],
    ['abs', [['double', -0.5]], '0.5'],
    ['abs', [['bigint', null]], null],
    ['ceil', [['double', 1.2]], '2.0'],
    ['ceiling', [['decimal(5,2)', -150n]], '-1'],
    ['floor', [['decimal(5,2)', -150n]], '-2'],
    ['floor', [['double', -1.5]], '-2.0'],
    // Trino rounds half away from zero; JS Math.round(-2.5) is -2
    ['round', [['double', 2.5]], '3.0'],
    ['round', [['double', -2.5]], '-3.0'],
    ['round', [['decimal(3,1)', -25n]], '-3'],
    ['round', [['decimal(4,3)', 1235n], ['integer', 2]], '1.240'],
    ['round', [['decimal(4,3)', -1235n], ['integer', 2]], '-1.240'],
    ['round', [['double', 3.14159], ['integer', 2]], '3.14'],
    ['round', [['integer', 125], ['integer', -1]], '130'],
    ['round', [['double', 125], ['integer', -1]], '130.0'],
    ['truncate', [['double', -1.9]], '-1.0'],
    ['truncate', [['decimal(5,2)', 199n]], '1'],
    ['truncate', [['double', 3.14159], ['integer', 3]], '3.141'],
    ['mod', [['integer', -7], ['integer', 3]], '-1'],
    ['mod', [['double', 7.5], ['double', 2]], '1.5'],
    ['mod', [['decimal(4,1)', 75n], ['integer', 2]], '1.5'],
    ['power', [['integer', 2], ['integer', 10]], '1024.0'],
    ['pow', [['double', 4], ['double', 0.5]], '2.0'],
    ['sqrt', [['integer', 16]], '4.0'],
    ['sqrt', [['double', -1]], 'NaN'],
    ['cbrt', [['double', 27]], '3.0'],
    ['ln', [['double', 1]], '0.0'],
    ['log2', [['integer', 8]], '3.0'],
    ['log10', [['integer', 1000]], '3.0'],
    ['log', [['integer', 2], ['integer', 8]], '3.0'],
    ['exp', [['integer', 0]], '1.0'],
    ['sign', [['integer', -9]], '-1'],
    ['sign', [['decimal(5,2)', 150n]], '1'],
    ['sign', [['double', 0]], '0.0'],
    ['degrees', [['double', Math.PI]], '180.0'],
    ['pi', [], '3.141592653589793'],
    ['greatest', [['integer', 1], ['bigint', 5n], ['integer', 3]], '5'],
    ['least', [['varchar', 'b'], ['varchar', 'a']], 'a'],
    ['greatest', [['integer', 1], ['integer', null]], null],
    ['greatest', [['integer', 1], ['decimal(3,1)', 15n]], '1.5'],
    ['is_nan', [['double', NaN]], 'true'],
    ['is_finite', [['double', Infinity]], 'false'],
    ['infinity', [], 'Infinity'],
    ['width_bucket', [['double', 5.3], ['double', 0.2], ['double', 10.6], ['integer', 5]], '3'],
    ['width_bucket', [['double', -1], ['double', 0], ['double', 10], ['integer', 5]], '0'],
    ['width_bucket', [['double', 10], ['double', 0], ['double', 10], ['integer', 5]], '6'],
    ['bitwise_and', [['bigint', 12n], ['bigint', 10n]], '8'],
    ['bitwise_or', [['bigint', 12n], ['bigint', 10n]], '14'],
    ['bitwise_xor', [['bigint', 12n], ['bigint', 10n]], '6'],
    ['bitwise_not', [['bigint', 0n]], '-1'],
    ['bit_count', [['bigint', 9n], ['bigint', 64n]], '2'],
    ['bit_count', [['bigint', -7n], ['bigint', 8n]], '6'],
    ['from_base', [['varchar', 'ff'], ['bigint', 16n]], '255'],
    ['to_base', [['bigint', 255n], ['bigint', 2n]], '11111111'],
  ])('%s(%s) = %s', (name, args, out) => {
    expect(call(name, ...args)).toBe(out);
  });

  it('result types', () => {
    expect(typeOf('round', 'decimal(5,2)')).toBe('decimal(4,0)');
    expect(typeOf('ceil', 'decimal(5,2)')).toBe('decimal(4,0)');
    expect(typeOf('round', 'decimal(5,2)', 'integer')).toBe('decimal(6,2)');
    expect(typeOf('abs', 'integer')).toBe('integer');
    expect(typeOf('sqrt', 'integer')).toBe('double');
    expect(typeOf('mod', 'integer', 'bigint')).toBe('bigint');
    expect(typeOf('greatest', 'integer', 'double')).toBe('double');
  });

  it.each<[string, Arg[], string]>([
    ['abs', [['integer', -2147483648]], 'NUMERIC_OVERFLOW'],
    ['mod', [['integer', 1], ['integer', 0]], 'DIVISION_BY_ZERO'],
    ['greatest', [['double', NaN], ['double', 1]], 'INVALID_FUNCTION_ARGUMENT'],
    ['width_bucket', [['double', 1], ['double', 0], ['double', 0], ['integer', 5]], 'INVALID_FUNCTION_ARGUMENT'],
    ['abs', [['varchar', 'x']], 'TYPE_MISMATCH'],
    ['nosuchfn', [['integer', 1]], 'NOT_FOUND'],
  ])('%s(%s) → %s', (name, args, code) => {
    expect(errorOf(() => call(name, ...args))).toBe(code);
  });

  it('type mismatch message lists signatures', () => {
    expect(() => call('abs', ['varchar', 'x'])).toThrow(/Unexpected parameters \(varchar\) for function abs\. Expected: abs\(tinyint\)/);
    expect(() => call('nosuchfn')).toThrow("Function 'nosuchfn' not registered");
  });

  it('random uses the context and stays in range', () => {
    expect(call('random')).toBe('0.5');
    expect(call('rand', ['integer', 10])).toBe('5');
    expect(call('random', ['bigint', 10n], ['bigint', 20n])).toBe('15');
  });
});
