import { describe, expect, it } from 'vitest';
import { FlagReader, parseArgs } from '../../../src/cli/args.js';
import { isAegisError } from '../../../src/errors.js';

const bools = new Set(['json', 's3-path-style']);

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isAegisError(e) ? e.code : 'not-aegis';
  }
  return undefined;
}

describe('parseArgs', () => {
  it('takes --flag value, --flag=value, booleans, -- and positionals in order', () => {
    const p = parseArgs(['kms', '--warehouse', '/w', 'create-key', '--alias=a/b=c', '--json', 'x', '--', '--not-a-flag', '-'], bools);
    expect(p.positionals).toEqual(['kms', 'create-key', 'x', '--not-a-flag', '-']);
    expect([...p.flags]).toEqual([
      ['warehouse', '/w'],
      ['alias', 'a/b=c'],
      ['json', true],
    ]);
  });
  it('a boolean flag does not eat the next word; last repeat wins; -h is help', () => {
    const p = parseArgs(['--s3-path-style', 'ls', '--region', 'a', '--region', 'b', '-h'], bools);
    expect(p.positionals).toEqual(['ls']);
    expect(p.flags.get('region')).toBe('b');
    expect(p.flags.get('help')).toBe(true);
  });
  it('a value flag without a value is INVALID_ARGUMENT', () => {
    expect(code(() => parseArgs(['--region'], bools))).toBe('INVALID_ARGUMENT');
    expect(code(() => parseArgs(['--region', '--json'], bools))).toBe('INVALID_ARGUMENT');
    expect(code(() => parseArgs(['--Bad_Name'], bools))).toBe('INVALID_ARGUMENT');
  });
});

describe('FlagReader', () => {
  it('rejects unknown flags but always accepts the global ones', () => {
    const f = new FlagReader(parseArgs(['--days', '9', '--warehouse', 'w'], bools).flags, 'aegis kms x', ['warehouse']);
    expect(f.only(['days']).int('days', 7, 30)).toBe(9);
    expect(code(() => f.only([]))).toBe('INVALID_ARGUMENT');
    const g = new FlagReader(parseArgs(['--days', '3', '--json=false'], bools).flags, 'x');
    expect(code(() => g.int('days', 7, 30))).toBe('INVALID_ARGUMENT');
    expect(g.bool('json')).toBe(false);
    expect(g.bool('absent')).toBe(false);
  });
});
