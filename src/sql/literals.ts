/**
 * Literal decoding for both grammars. Trino strings know only `''` (a backslash is an ordinary
 * character, so `'\b'` is two characters); Hive strings use backslash escapes, as Hive's own
 * `unescapeSQLString` decodes them (Athena DDL such as `FIELDS TERMINATED BY '\t'` relies on it).
 */
import type { DecimalLiteral, DoubleLiteral, IntegerLiteral, Pos } from './ast.js';
import { syntaxError } from './walk-context.js';
import { MAX_QUOTED_INPUT, quoteInput } from '../errors.js';

/** `'it''s'` → `it's`. */
export function decodeTrinoString(token: string): string {
  return token.slice(1, -1).replace(/''/g, "'");
}

/**
 * `U&'\0041'` / `U&'#0041' UESCAPE '#'`: `\XXXX` and `\+XXXXXX` code points, `\\` a backslash.
 */
export function decodeUnicodeString(token: string, escapeToken: string | undefined, pos: Pos | undefined): string {
  const body = token.slice(3, -1).replace(/''/g, "'");
  let esc = '\\';
  if (escapeToken !== undefined) {
    esc = decodeTrinoString(escapeToken);
    if ([...esc].length !== 1 || /[0-9a-fA-F+'"\s]/.test(esc)) {
      throw syntaxError(pos, `Invalid Unicode escape character: '${esc}'`);
    }
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== esc) {
      out += c;
      continue;
    }
    if (body[i + 1] === esc) {
      out += esc;
      i++;
      continue;
    }
    const plus = body[i + 1] === '+';
    const len = plus ? 6 : 4;
    const hex = body.slice(i + (plus ? 2 : 1), i + (plus ? 2 : 1) + len);
    if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) {
      throw syntaxError(pos, `Invalid Unicode escape in string literal: expected ${len} hexadecimal digits`);
    }
    const cp = Number.parseInt(hex, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      throw syntaxError(pos, `Invalid Unicode code point in string literal: ${hex}`);
    }
    out += String.fromCodePoint(cp);
    i += (plus ? 1 : 0) + len;
  }
  return out;
}

/** `X'0A 1b'` → `0a1b` (validated: hex digits, even count). */
export function decodeBinaryLiteral(token: string, pos: Pos | undefined): string {
  const hex = token.slice(2, -1).replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw syntaxError(pos, 'Binary literal can only contain hexadecimal digits');
  if (hex.length % 2 !== 0) throw syntaxError(pos, 'Binary literal must contain an even number of digits');
  return hex.toLowerCase();
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Integer literal (decimal, `0x`, `0o`, `0b`, `_` separators), optionally negated. */
export function integerLiteral(text: string, negative: boolean, pos: Pos | undefined): IntegerLiteral {
  const digits = text.replace(/_/g, '').toLowerCase();
  let value = BigInt(digits);
  if (negative) value = -value;
  if (value < INT64_MIN || value > INT64_MAX) {
    const literal = `${negative ? '-' : ''}${text}`;
    throw syntaxError(pos, `Invalid numeric literal: ${literal.length > MAX_QUOTED_INPUT ? quoteInput(literal) : literal}`);
  }
  return { kind: 'integer', text: (negative ? '-' : '') + text, value, pos };
}

/** Decimal literal `1.50` → unscaled 150, precision 3, scale 2 (Trino's typing of the literal). */
export function decimalLiteral(text: string, negative: boolean, pos: Pos | undefined): DecimalLiteral {
  const clean = text.replace(/_/g, '');
  const dot = clean.indexOf('.');
  const intPart = clean.slice(0, dot).replace(/^0+/, '');
  const fracPart = clean.slice(dot + 1);
  const scale = fracPart.length;
  const precision = Math.max(intPart.length + scale, 1);
  if (precision > 38) throw syntaxError(pos, `Decimal literal ${text} exceeds the maximum precision of 38`);
  let unscaled = BigInt((intPart || '0') + fracPart);
  if (negative) unscaled = -unscaled;
  return { kind: 'decimal', text: (negative ? '-' : '') + text, unscaled, precision, scale, pos };
}

/** Double literal with an exponent. */
export function doubleLiteral(text: string, negative: boolean, pos: Pos | undefined): DoubleLiteral {
  const value = Number(text) * (negative ? -1 : 1);
  return { kind: 'double', text: (negative ? '-' : '') + text, value, pos };
}

/**
 * Hive string literal (one or more adjacent `'…'` / `"…"` pieces) decoded like Hive's
 * `BaseSemanticAnalyzer.unescapeSQLString`: `\n \t \r \b \0 \Z \\ \' \"`, octal `\001`,
 * `\uXXXX`; `\%` and `\_` keep their backslash; any other `\x` is `x`.
 */
export function decodeHiveString(token: string): string {
  let out = '';
  let enclosure: string | null = null;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (enclosure === null) {
      if (c === "'" || c === '"') enclosure = c;
      continue;
    }
    if (c === enclosure) {
      enclosure = null;
      continue;
    }
    if (c === '\\' && token[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(token.slice(i + 2, i + 6))) {
      out += String.fromCharCode(Number.parseInt(token.slice(i + 2, i + 6), 16));
      i += 5;
      continue;
    }
    if (c === '\\' && /^[01][0-7][0-7]$/.test(token.slice(i + 1, i + 4))) {
      out += String.fromCharCode(Number.parseInt(token.slice(i + 1, i + 4), 8));
      i += 3;
      continue;
    }
    if (c === '\\' && i + 1 < token.length) {
      const n = token[i + 1];
      const map: Record<string, string> = {
        '0': '\0',
        "'": "'",
        '"': '"',
        b: '\b',
        n: '\n',
        r: '\r',
        t: '\t',
        Z: '\u001a',
        '\\': '\\',
        '%': '\\%',
        _: '\\_',
      };
      out += Object.hasOwn(map, n) ? map[n] : n;
      i++;
      continue;
    }
    out += c;
  }
  return out;
}
