/**
 * String functions (Trino's docs/functions/string.md). Positions and lengths count Unicode code
 * points, 1-based (JS strings are UTF-16: '😀'.length is 2, Trino's length('😀') is 1).
 * substr with a negative start counts from the end (substr('hello', -3) = 'llo'); start 0 gives ''.
 */
import { MAX_VALUE_SIZE, valueTooLarge } from './value-size.js';
import type { Value } from '../types/value.js';
import { resolveConcat } from './operators.js';
import { registerAlias } from './function-table.js';
import { BIGINT, BOOL, INT, V, VARBINARY, arrayOf, defineFunction, defineGeneric, invalidArg, plainTypes, res } from './signature.js';

const SURROGATE = /[\uD800-\uDFFF]/;

/** Code points of a string (fast path for strings without surrogates). */
export function codePoints(s: string): string[] {
  return SURROGATE.test(s) ? Array.from(s) : s.split('');
}

export function cpLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Trino substr: 1-based; negative start from the end; out of range → ''. */
export function substr(s: string, start: number, length?: number): string {
  if (!SURROGATE.test(s)) {
    // One UTF-16 unit per code point: index directly.
    const n = s.length;
    if (start === 0 || (length !== undefined && length <= 0)) return '';
    const from = start > 0 ? start - 1 : n + start;
    if (from < 0 || from >= n) return '';
    return length === undefined ? s.substring(from) : s.substring(from, Math.min(n, from + length));
  }
  const cps = codePoints(s);
  const n = cps.length;
  if (start === 0) return '';
  let from = start > 0 ? start - 1 : n + start;
  if (from < 0 || from >= n) return '';
  let to = length === undefined ? n : Math.min(n, from + length);
  if (length !== undefined && length <= 0) return '';
  if (from < 0) from = 0;
  if (to < from) to = from;
  return cps.slice(from, to).join('');
}

const num = (v: Value): number => Number(v as bigint);

// ---- concat, length, case ----------------------------------------------------------------------

defineGeneric('concat', ['concat(varchar...)', 'concat(array(T)...)', 'concat(varbinary...)'], (args) => {
  const ts = plainTypes(args);
  return ts ? resolveConcat(ts, 'concat') : undefined;
});

defineGeneric('length', ['length(varchar)', 'length(char(n))', 'length(varbinary)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1) return undefined;
  const t = ts[0]!;
  // Trino: length(char(n)) is n, the declared length.
  if (t.kind === 'char') return res(BIGINT, [t], () => BigInt(t.length));
  if (t.kind === 'varbinary') return res(BIGINT, [t], ([b]) => BigInt((b as Uint8Array).length));
  if (t.kind === 'varchar' || t.kind === 'unknown') return res(BIGINT, [V], ([s]) => BigInt(cpLength(s as string)));
  return undefined;
});

/**
 * Trino maps case code point by code point (Character.toUpperCase/toLowerCase), without the
 * one-to-many or context rules JS applies: upper('straße') = 'STRAßE' (JS: 'STRASSE'),
 * lower('ΑΣ') = 'ασ' (JS: 'ας').
 */
const caseCache = new Map<string, string>();
function mapCase(s: string, upper: boolean): string {
  // ASCII-only strings: the JS mapping is the same.
  if (/^[\x00-\x7f]*$/.test(s)) return upper ? s.toUpperCase() : s.toLowerCase();
  let out = '';
  for (const ch of s) {
    const key = (upper ? 'U' : 'L') + ch;
    let m = caseCache.get(key);
    if (m === undefined) {
      const r = upper ? ch.toUpperCase() : ch.toLowerCase();
      const cps = Array.from(r);
      // One-to-many mappings: Java's single-code-point mapping keeps the character for upper
      // case (ß) and yields the base letter for lower case (İ → i).
      m = cps.length === 1 ? r : upper ? ch : cps[0]!;
      caseCache.set(key, m);
    }
    out += m;
  }
  return out;
}
defineFunction('lower', [{ args: [V], returns: V, impl: ([s]) => mapCase(s as string, false) }]);
defineFunction('upper', [{ args: [V], returns: V, impl: ([s]) => mapCase(s as string, true) }]);

// ---- trim --------------------------------------------------------------------------------------

/** Trino trims Java's Character.isWhitespace set (no-break spaces are not whitespace). */
const WS = '\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000';
const LEAD_WS = new RegExp(`^[${WS}]+`, 'u');
const TRAIL_WS = new RegExp(`[${WS}]+$`, 'u');
function trimChars(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  const set = chars === undefined ? undefined : new Set(codePoints(chars));
  if (!set) {
    let r = s;
    if (left) r = r.replace(LEAD_WS, '');
    if (right) r = r.replace(TRAIL_WS, '');
    return r;
  }
  const cps = codePoints(s);
  let a = 0;
  let b = cps.length;
  if (left) while (a < b && set.has(cps[a]!)) a++;
  if (right) while (b > a && set.has(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}
for (const [name, l, r] of [['trim', true, true], ['ltrim', true, false], ['rtrim', false, true]] as const) {
  defineFunction(name, [
    { args: [V], returns: V, impl: ([s]) => trimChars(s as string, undefined, l, r) },
    { args: [V, V], returns: V, impl: ([s, c]) => trimChars(s as string, c as string, l, r) },
  ]);
}

// ---- padding, replace, reverse -----------------------------------------------------------------

function pad(s: string, size: bigint, padding: string, left: boolean): string {
  if (size < 0n) throw invalidArg('Target length must be in the range [0..2147483647]');
  if (padding === '') throw invalidArg('Padding string must not be empty');
  const n = Number(size);
  // Refused before a fill of n code points is built (value-size.ts).
  if (n > MAX_VALUE_SIZE) throw valueTooLarge(n);
  const cps = codePoints(s);
  if (cps.length >= n) return cps.slice(0, n).join('');
  const p = codePoints(padding);
  const need = n - cps.length;
  const fill = padding.repeat(Math.floor(need / p.length)) + p.slice(0, need % p.length).join('');
  return left ? fill + s : s + fill;
}
defineFunction('lpad', [{ args: [V, BIGINT, V], returns: V, impl: ([s, n, p]) => pad(s as string, n as bigint, p as string, true) }]);
defineFunction('rpad', [{ args: [V, BIGINT, V], returns: V, impl: ([s, n, p]) => pad(s as string, n as bigint, p as string, false) }]);

function replaceAll(s: string, search: string, rep: string): string {
  if (search === '') {
    // Java's String.replace("", r): r before every character and at the end.
    return rep + codePoints(s).join(rep) + (s === '' ? '' : rep);
  }
  return s.split(search).join(rep);
}
defineFunction('replace', [
  { args: [V, V], returns: V, impl: ([s, f]) => replaceAll(s as string, f as string, '') },
  { args: [V, V, V], returns: V, impl: ([s, f, r]) => replaceAll(s as string, f as string, r as string) },
]);

defineGeneric('reverse', ['reverse(varchar)', 'reverse(varbinary)', 'reverse(array(T))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1) return undefined;
  const t = ts[0]!;
  if (t.kind === 'varchar' || t.kind === 'char' || t.kind === 'unknown') return res(V, [V], ([s]) => codePoints(s as string).reverse().join(''));
  if (t.kind === 'varbinary') return res(t, [t], ([b]) => Uint8Array.from(b as Uint8Array).reverse());
  if (t.kind === 'array') return res(t, [t], ([a]) => [...(a as Value[])].reverse());
  return undefined;
});

// ---- split, positions, substrings --------------------------------------------------------------

function split(s: string, delim: string, limit?: bigint): Value[] {
  if (delim === '') throw invalidArg('The delimiter may not be the empty string');
  if (limit !== undefined) {
    if (limit <= 0n) throw invalidArg('Limit must be positive');
    const parts = s.split(delim);
    const n = Number(limit);
    if (parts.length <= n) return parts;
    return [...parts.slice(0, n - 1), parts.slice(n - 1).join(delim)];
  }
  return s.split(delim);
}
defineFunction('split', [
  { args: [V, V], returns: arrayOf(V), impl: ([s, d]) => split(s as string, d as string) },
  { args: [V, V, BIGINT], returns: arrayOf(V), impl: ([s, d, l]) => split(s as string, d as string, l as bigint) },
]);

defineFunction('split_part', [{
  args: [V, V, BIGINT], returns: V,
  impl: ([s, d, i]) => {
    const idx = i as bigint;
    if (idx <= 0n) throw invalidArg('Index must be greater than zero');
    const delim = d as string;
    if (delim === '') {
      const cps = codePoints(s as string);
      return idx <= BigInt(cps.length) ? cps[Number(idx) - 1]! : null;
    }
    const parts = (s as string).split(delim);
    return idx <= BigInt(parts.length) ? parts[Number(idx) - 1]! : null;
  },
}]);

/** 1-based code-point position of the n-th occurrence (negative n: from the end), 0 if absent. */
function strpos(s: string, sub: string, instance = 1n): bigint {
  if (instance === 0n) throw invalidArg('\'instance\' must be a positive or negative number.');
  if (sub === '') return 1n;
  let idx = -1;
  if (instance > 0n) {
    let from = 0;
    for (let k = 0n; k < instance; k++) {
      idx = s.indexOf(sub, from);
      if (idx < 0) return 0n;
      from = idx + 1;
    }
  } else {
    let from = s.length;
    for (let k = 0n; k > instance; k--) {
      idx = s.lastIndexOf(sub, from);
      if (idx < 0) return 0n;
      from = idx - 1;
      if (from < 0 && k - 1n > instance) return 0n;
    }
  }
  return BigInt(cpLength(s.slice(0, idx)) + 1);
}
defineFunction('strpos', [
  { args: [V, V], returns: BIGINT, impl: ([s, f]) => strpos(s as string, f as string) },
  { args: [V, V, BIGINT], returns: BIGINT, impl: ([s, f, n]) => strpos(s as string, f as string, n as bigint) },
]);
/** `position(sub IN s)`: the parser passes (sub, s). */
defineFunction('position', [{ args: [V, V], returns: BIGINT, impl: ([f, s]) => strpos(s as string, f as string) }]);

defineFunction('substr', [
  { args: [V, BIGINT], returns: V, impl: ([s, a]) => substr(s as string, num(a)) },
  { args: [V, BIGINT, BIGINT], returns: V, impl: ([s, a, l]) => substr(s as string, num(a), num(l)) },
  {
    args: [VARBINARY, BIGINT], returns: VARBINARY,
    impl: ([b, a]) => binSubstr(b as Uint8Array, num(a)),
  },
  {
    args: [VARBINARY, BIGINT, BIGINT], returns: VARBINARY,
    impl: ([b, a, l]) => binSubstr(b as Uint8Array, num(a), num(l)),
  },
]);
registerAlias('substring', 'substr');

function binSubstr(b: Uint8Array, start: number, length?: number): Uint8Array {
  const n = b.length;
  if (start === 0) return new Uint8Array(0);
  const from = start > 0 ? start - 1 : n + start;
  if (from < 0 || from >= n || (length !== undefined && length <= 0)) return new Uint8Array(0);
  return b.slice(from, length === undefined ? n : Math.min(n, from + length));
}

defineFunction('starts_with', [{ args: [V, V], returns: BOOL, impl: ([s, p]) => (s as string).startsWith(p as string) }]);
defineFunction('ends_with', [{ args: [V, V], returns: BOOL, impl: ([s, p]) => (s as string).endsWith(p as string) }]);

// ---- characters, distances ---------------------------------------------------------------------

defineFunction('chr', [{
  args: [BIGINT], returns: V,
  impl: ([c]) => {
    const n = c as bigint;
    if (n < 0n || n > 0x10ffffn || (n >= 0xd800n && n <= 0xdfffn)) throw invalidArg(`Not a valid Unicode code point: ${n}`);
    return String.fromCodePoint(Number(n));
  },
}]);
defineFunction('codepoint', [{
  args: [V], returns: INT,
  impl: ([s]) => {
    const cps = codePoints(s as string);
    if (cps.length !== 1) throw invalidArg('Input string must be a single character string');
    return cps[0]!.codePointAt(0)!;
  },
}]);

defineFunction('levenshtein_distance', [{
  args: [V, V], returns: BIGINT,
  impl: ([a, b]) => {
    const x = codePoints(a as string);
    const y = codePoints(b as string);
    if (x.length * y.length > 1_000_000) throw invalidArg('The combined inputs for Levenshtein distance are too large');
    let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
      const cur = [i];
      for (let j = 1; j <= y.length; j++) {
        cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return BigInt(prev[y.length]!);
  },
}]);
defineFunction('hamming_distance', [{
  args: [V, V], returns: BIGINT,
  impl: ([a, b]) => {
    const x = codePoints(a as string);
    const y = codePoints(b as string);
    if (x.length !== y.length) throw invalidArg('The input strings to hamming_distance function must have the same length');
    let d = 0;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) d++;
    return BigInt(d);
  },
}]);

defineFunction('translate', [{
  args: [V, V, V], returns: V,
  impl: ([s, from, to]) => {
    const f = codePoints(from as string);
    const t = codePoints(to as string);
    const map = new Map<string, string | null>();
    f.forEach((c, i) => {
      if (!map.has(c)) map.set(c, i < t.length ? t[i]! : null);
    });
    return codePoints(s as string).map((c) => (map.has(c) ? map.get(c) ?? '' : c)).join('');
  },
}]);

defineGeneric('concat_ws', ['concat_ws(varchar, varchar...)', 'concat_ws(varchar, array(varchar))'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length < 1) return undefined;
  if (ts.length === 2 && ts[1]!.kind === 'array') {
    return res(V, [V, arrayOf(V)], ([sep, arr]) => (arr as Value[]).filter((x) => x !== null).join(sep as string), { nullOnNull: false });
  }
  if (!ts.every((t) => t.kind === 'varchar' || t.kind === 'char' || t.kind === 'unknown')) return undefined;
  return res(V, ts.map(() => V), ([sep, ...rest]) => (sep === null ? null : rest.filter((x) => x !== null).join(sep as string)), { nullOnNull: false });
});

const NORMAL_FORMS = ['NFD', 'NFC', 'NFKD', 'NFKC'];
// normalize(s, NFD): the parser passes the bare keyword as a string, as Trino's grammar does.
defineFunction('normalize', [
  { args: [V], returns: V, impl: ([s]) => (s as string).normalize('NFC') },
  {
    args: [V, V], returns: V,
    impl: ([s, f]) => {
      const form = (f as string).toUpperCase();
      if (!NORMAL_FORMS.includes(form)) throw invalidArg(`Normalization form must be one of [${NORMAL_FORMS.join(', ')}]`);
      return (s as string).normalize(form);
    },
  },
]);

defineFunction('soundex', [{
  args: [V], returns: V,
  impl: ([s]) => {
    const codes: Record<string, string> = {};
    for (const [d, letters] of [['1', 'BFPV'], ['2', 'CGJKQSXZ'], ['3', 'DT'], ['4', 'L'], ['5', 'MN'], ['6', 'R']] as const) {
      for (const ch of letters) codes[ch] = d;
    }
    const up = (s as string).toUpperCase().replace(/[^A-Z]/g, '');
    if (up === '') return '';
    let out = up[0]!;
    let last = codes[up[0]!] ?? '';
    for (const ch of up.slice(1)) {
      const c = codes[ch] ?? '';
      if (c && c !== last) out += c;
      if (ch !== 'H' && ch !== 'W') last = c;
      if (out.length === 4) break;
    }
    return out.padEnd(4, '0');
  },
}]);
