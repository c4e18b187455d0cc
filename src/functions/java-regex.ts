/**
 * Java/Joni regular expressions (what Trino users write) translated to JS RegExp with the `u`
 * flag, so `.` and classes work on code points. Handled: leading inline flags `(?i)`, `(?s)`,
 * `(?m)`, `(?x)` is rejected; `\Q…\E` quoting; `\A`, `\z`, `\Z`; possessive quantifiers and atomic
 * groups (approximated as greedy / non-capturing); POSIX `\p{Alpha}`-style classes; `\h`; escaped
 * punctuation that JS's `u` mode refuses. Invalid patterns → INVALID_FUNCTION_ARGUMENT.
 */
import { AegisError } from '../errors.js';

const POSIX: Record<string, string> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r',
};
const JS_SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

function translate(src: string): { source: string; flags: string } {
  let flags = 'u';
  let s = src;
  // Leading inline flags, e.g. (?i) or (?is).
  const lead = /^\(\?([imsU]+)\)/.exec(s);
  if (lead) {
    for (const f of lead[1]!) if (f !== 'U' && !flags.includes(f)) flags += f;
    s = s.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  let afterQuantifier = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '+' && c !== '?') afterQuantifier = false;
    if (c === '\\') {
      const n = s[i + 1];
      if (n === undefined) throw new Error('trailing backslash');
      if (n === 'Q') {
        const end = s.indexOf('\\E', i + 2);
        const lit = end < 0 ? s.slice(i + 2) : s.slice(i + 2, end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? s.length : end + 1;
        continue;
      }
      if (n === 'A' && !inClass) { out += '(?<![\\s\\S])'; i++; continue; }
      if (n === 'z' && !inClass) { out += '(?![\\s\\S])'; i++; continue; }
      if (n === 'Z' && !inClass) { out += '(?=\\n?(?![\\s\\S]))'; i++; continue; }
      if (n === 'h') { out += inClass ? ' \\t\\xA0' : '[ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]'; i++; continue; }
      if ((n === 'p' || n === 'P') && s[i + 2] === '{') {
        const end = s.indexOf('}', i + 3);
        const name = s.slice(i + 3, end).replace(/^Is/, '');
        const posix = POSIX[name];
        if (posix !== undefined) {
          out += inClass ? posix : n === 'p' ? `[${posix}]` : `[^${posix}]`;
          i = end;
          continue;
        }
        // Unicode categories/properties: Java's `IsAlphabetic`/`IsLatin` are JS's `Alphabetic`/`Script=Latin`.
        const js = /^(L|Lu|Ll|Lt|Lm|Lo|M|Mn|Mc|Me|N|Nd|Nl|No|P|Pc|Pd|Ps|Pe|Pi|Pf|Po|S|Sm|Sc|Sk|So|Z|Zs|Zl|Zp|C|Cc|Cf|Co|Cn)$/.test(name) ||
          /^(Alphabetic|White_Space|Uppercase|Lowercase|Ideographic|Emoji)$/i.test(name)
          ? name
          : `Script=${name}`;
        out += `\\${n}{${js}}`;
        i = end;
        continue;
      }
      if (/[0-9A-Za-z]/.test(n)) { out += c + n; i++; continue; }
      // Escaped punctuation: keep JS syntax characters, spell the others literally.
      if (JS_SYNTAX.has(n) || (inClass && n === '-')) out += c + n;
      else out += `\\u{${n.codePointAt(0)!.toString(16)}}`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      if (c === '[' ) { out += '\\['; continue; }
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (s[i + 1] === '^') { out += '^'; i++; }
      if (s[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (c === '(' && s.startsWith('(?>', i)) { out += '(?:'; i += 2; continue; }
    if (c === '+' && afterQuantifier) { afterQuantifier = false; continue; } // possessive → greedy
    if (c === '?' && afterQuantifier) { afterQuantifier = false; out += c; continue; } // lazy
    if (c === '{') {
      const q = /^\{\d+(,\d*)?\}/.exec(s.slice(i));
      if (q) {
        out += q[0];
        i += q[0].length - 1;
        afterQuantifier = true;
      } else out += '\\{';
      continue;
    }
    if (c === '}') { out += '\\}'; continue; }
    afterQuantifier = c === '*' || c === '+' || c === '?';
    out += c;
  }
  return { source: out, flags };
}

const cache = new Map<string, RegExp>();

/** Compiles a Java-syntax pattern (cached). The returned RegExp has the `g` flag; reset lastIndex. */
export function compileJavaRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    const { source, flags } = translate(pattern);
    re = new RegExp(source, flags + 'g');
  } catch (e) {
    throw new AegisError('INVALID_FUNCTION_ARGUMENT', `Invalid regular expression: ${pattern} (${(e as Error).message})`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Number of capturing groups of a compiled pattern. */
export function groupCount(re: RegExp): number {
  return new RegExp(`${re.source}|`, re.flags.replace('g', '')).exec('')!.length - 1;
}

/** All matches, advancing past empty matches by one code point (as Java's Matcher.find). */
export function* matchAll(re: RegExp, s: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(s);
    if (!m) return;
    yield m;
    if (m[0] === '') {
      const cp = s.codePointAt(re.lastIndex);
      re.lastIndex += cp !== undefined && cp > 0xffff ? 2 : 1;
      if (re.lastIndex > s.length) return;
    }
  }
}
