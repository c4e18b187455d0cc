// Literal decoding rules: Trino strings, Unicode strings, binary, numbers, Hive escapes.
import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import {
  decimalLiteral,
  decodeBinaryLiteral,
  decodeHiveString,
  decodeTrinoString,
  decodeUnicodeString,
  integerLiteral,
} from '../../../src/sql/literals.js';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isAegisError(e) ? e.code : String(e);
  }
  return undefined;
}

describe('Trino literals', () => {
  it('strings: only doubled quotes are escapes', () => {
    expect(decodeTrinoString(`'a''b'`)).toBe("a'b");
    expect(decodeTrinoString(`'\\n'`)).toBe('\\n');
    expect(decodeTrinoString(`''`)).toBe('');
  });

  it('Unicode strings: \\XXXX, \\+XXXXXX, escaped escape, custom UESCAPE', () => {
    expect(decodeUnicodeString(`U&'caf\\00E9 \\\\ \\+01F600'`, undefined, undefined)).toBe('café \\ \u{1F600}');
    expect(decodeUnicodeString(`U&'x!0041!!'`, `'!'`, undefined)).toBe('xA!');
    expect(code(() => decodeUnicodeString(`U&'\\12'`, undefined, { line: 1, column: 8 }))).toBe('SYNTAX_ERROR');
    expect(code(() => decodeUnicodeString(`U&'\\D800'`, undefined, undefined))).toBe('SYNTAX_ERROR');
    expect(code(() => decodeUnicodeString(`U&'a'`, `'+'`, undefined))).toBe('SYNTAX_ERROR');
  });

  it('binary: spaces ignored, case folded, odd length and non-hex rejected', () => {
    expect(decodeBinaryLiteral(`X'ab CD 01'`, undefined)).toBe('abcd01');
    expect(decodeBinaryLiteral(`X''`, undefined)).toBe('');
    expect(code(() => decodeBinaryLiteral(`X'abc'`, undefined))).toBe('SYNTAX_ERROR');
  });

  it('integers: bounds of bigint, bases, separators', () => {
    expect(integerLiteral('9223372036854775808', true, undefined).value).toBe(-(2n ** 63n));
    expect(code(() => integerLiteral('9223372036854775808', false, undefined))).toBe('SYNTAX_ERROR');
    expect(integerLiteral('0b101', false, undefined).value).toBe(5n);
    expect(integerLiteral('0o17', false, undefined).value).toBe(15n);
    expect(integerLiteral('1_000_000', false, undefined).value).toBe(1000000n);
  });

  it('decimals: exact unscaled value, precision and scale as Trino types them', () => {
    expect(decimalLiteral('0.00', false, undefined)).toMatchObject({ unscaled: 0n, precision: 2, scale: 2 });
    expect(decimalLiteral('123.', false, undefined)).toMatchObject({ unscaled: 123n, precision: 3, scale: 0 });
    expect(decimalLiteral('1.25', true, undefined)).toMatchObject({ text: '-1.25', unscaled: -125n, precision: 3, scale: 2 });
    expect(decimalLiteral('12345678901234567890.123456789012345678', false, undefined)).toMatchObject({ precision: 38, scale: 18 });
    expect(code(() => decimalLiteral('12345678901234567890.1234567890123456789', false, undefined))).toBe('SYNTAX_ERROR');
  });
});

describe('Hive strings (unescapeSQLString)', () => {
  it('decodes backslash escapes, octal and \\u escapes; keeps \\% and \\_', () => {
    expect(decodeHiveString(`'\\t'`)).toBe('\t');
    expect(decodeHiveString(`'a\\'b'`)).toBe("a'b");
    expect(decodeHiveString(`"say \\"hi\\""`)).toBe('say "hi"');
    expect(decodeHiveString(`'\\001'`)).toBe('\u0001');
    expect(decodeHiveString(`'\\u00e9'`)).toBe('é');
    expect(decodeHiveString(`'\\\\'`)).toBe('\\');
    expect(decodeHiveString(`'50\\%'`)).toBe('50\\%');
    expect(decodeHiveString(`'\\q'`)).toBe('q');
    expect(decodeHiveString(`'a' 'b'`)).toBe('ab');
  });
});
