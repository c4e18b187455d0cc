/**
 * Regular expressions for the `regexp_*` functions, on a linear-time engine: re2js, the
 * JavaScript port of RE2J — the engine Trino offers with `regex-library=RE2J`. Matching takes
 * time linear in the input whatever the pattern, so `regexp_like(s, '^(a|a)*$')` cannot hang a
 * query the way a backtracking engine (Java's, V8's, Trino's default JONI) can.
 *
 * Semantics are RE2J's, documented in README (regular expressions): patterns are Java syntax as
 * far as RE2 has it. Translated here: `\h`, `\Z`, `\e`, `\uhhhh`, POSIX classes (`\p{Alpha}`…),
 * `\p{IsLatin}`-style names, possessive quantifiers and atomic groups (as greedy / plain groups —
 * RE2 never backtracks, so the difference is only in what they would have excluded). Refused as
 * INVALID_FUNCTION_ARGUMENT, as RE2J refuses them: backreferences, lookaround, class
 * intersections (`&&`), repeat counts over 1000. `(?i)` is Unicode-aware; `$` without `(?m)`
 * matches only at the very end (RE2), not before a final line break (Java).
 */
import { RE2JS } from 're2js';
import { AegisError, quoteInput } from '../errors.js';

/** POSIX classes (ASCII, as Java's `\p{Alpha}` without UNICODE_CHARACTER_CLASS). */
const POSIX: Record<string, string> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r',
};
/** Java binary properties RE2 lacks, as the nearest RE2 classes. */
const PROPERTIES: Record<string, string> = {
  Alphabetic: '\\p{L}\\p{Nl}', Letter: '\\p{L}', Digit: '\\p{Nd}', White_Space: '\\s\\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}',
  Uppercase: '\\p{Lu}', Lowercase: '\\p{Ll}', Punctuation: '\\p{P}', Ideographic: '\\p{Han}',
};
const H_CLASS = ' \\t\\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}';
const CATEGORY = /^(L|Lu|Ll|Lt|Lm|Lo|M|Mn|Mc|Me|N|Nd|Nl|No|P|Pc|Pd|Ps|Pe|Pi|Pf|Po|S|Sm|Sc|Sk|So|Z|Zs|Zl|Zp|C|Cc|Cf|Co|Cs)$/;

class Unsupported extends Error {}

/** `\p{…}` / `\P{…}` in Java spelling → RE2 syntax (`inClass`: the body of a class). */
function property(negate: boolean, rawName: string, inClass: boolean): string {
  const posix = POSIX[rawName.replace(/^Is/, '')];
  const name = rawName.replace(/^(Is|general_category=|gc=|script=|sc=)/i, '');
  const set = posix ?? PROPERTIES[name] ?? (CATEGORY.test(name) || /^[A-Z][a-z_]+$/.test(name) ? `\\p{${name}}` : undefined);
  if (set === undefined) throw new Unsupported(`unknown character property \\p{${rawName}}`);
  if (inClass) {
    if (negate && (posix !== undefined || PROPERTIES[name] !== undefined)) throw new Unsupported(`\\P{${rawName}} inside a character class`);
    return negate ? `\\P{${name}}` : set;
  }
  return `[${negate ? '^' : ''}${set}]`;
}

function translate(s: string): string {
  let out = '';
  let inClass = false;
  let afterQuantifier = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const quantified = afterQuantifier;
    afterQuantifier = false;
    if (c === '\\') {
      const n = s[i + 1];
      if (n === undefined) throw new Unsupported('trailing backslash');
      if (n === 'Q') {
        // Quoted literal up to \E: RE2 has \Q…\E too, but spelling it out also works in classes.
        const end = s.indexOf('\\E', i + 2);
        const lit = end < 0 ? s.slice(i + 2) : s.slice(i + 2, end);
        out += inClass ? lit.replace(/[\\\]\[^-]/g, '\\$&') : RE2JS.quote(lit);
        i = end < 0 ? s.length : end + 1;
        continue;
      }
      if (n === 'Z' && !inClass) { out += '(?:\\n?\\z)'; i++; continue; }
      if (n === 'h') { out += inClass ? H_CLASS : `[${H_CLASS}]`; i++; continue; }
      if (n === 'H') { out += `[^${H_CLASS}]`; i++; continue; }
      if (n === 'e') { out += '\\x{1B}'; i++; continue; }
      if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) { out += `\\x{${s.slice(i + 2, i + 6)}}`; i += 5; continue; }
      if ((n === 'p' || n === 'P') && s[i + 2] === '{') {
        const end = s.indexOf('}', i + 3);
        if (end < 0) throw new Unsupported('unclosed \\p{');
        out += property(n === 'P', s.slice(i + 3, end), inClass);
        i = end;
        continue;
      }
      if (/[1-9]/.test(n) && !inClass) throw new Unsupported(`backreference \\${n} (RE2 does not support backreferences)`);
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[') { out += '\\['; continue; }
      else if (c === '&' && s[i + 1] === '&') throw new Unsupported('character class intersection (&&)');
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
    if (c === '+' && quantified) continue; // possessive → greedy
    if (c === '?' && quantified) { out += c; continue; } // lazy
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
  return out;
}

const cache = new Map<string, RE2JS>();

function invalid(pattern: string, why: string): AegisError {
  return new AegisError('INVALID_FUNCTION_ARGUMENT', `Invalid regular expression ${quoteInput(pattern)}: ${why.slice(0, 200)}`);
}

/**
 * Compiles a Java-syntax pattern on the linear-time engine (cached).
 * @throws AegisError INVALID_FUNCTION_ARGUMENT for a pattern RE2J would refuse.
 */
export function compileJavaRegex(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = RE2JS.compile(translate(pattern));
  } catch (e) {
    if (e instanceof AegisError) throw e;
    throw invalid(pattern, e instanceof Error ? e.message : String(e));
  }
  if (cache.size > 500) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Number of capturing groups of a compiled pattern. */
export function groupCount(re: RE2JS): number {
  return re.groupCount();
}

/** One match: `[0]` the matched text, `[i]` group i (undefined when it did not take part). */
export type RegexMatch = [string, ...(string | undefined)[]] & {
  /** UTF-16 offset of the match in the input. */
  index: number;
  /** Named groups, when the pattern has any. */
  groups?: Record<string, string | undefined>;
};

/** All matches, advancing past empty matches as Java's Matcher.find does. */
export function* matchAll(re: RE2JS, s: string): Generator<RegexMatch> {
  const m = re.matcher(s);
  const n = re.groupCount();
  while (m.find()) {
    const out = [m.group(0) ?? ''] as RegexMatch;
    for (let g = 1; g <= n; g++) out.push(m.group(g) ?? undefined);
    out.index = m.start();
    const named = m.getNamedGroups();
    if (Object.keys(named).length > 0) out.groups = Object.fromEntries(Object.entries(named).map(([k, v]) => [k, v ?? undefined]));
    yield out;
  }
}

/** Whether `re` matches anywhere in `s`. */
export function regexFind(re: RE2JS, s: string): boolean {
  return re.test(s);
}
