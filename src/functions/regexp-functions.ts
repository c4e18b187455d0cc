/**
 * Regular-expression functions (Trino's regexp.md) over Java-syntax patterns, on the linear-time
 * RE2J engine (java-regex.ts).
 * Replacement strings use Java syntax: `$1`, `${name}`, `\$` for a literal dollar.
 */
import type { Value } from '../types/value.js';
import type { LambdaFn } from './registry.js';
import { compileJavaRegex, groupCount, matchAll, regexFind, type RegexMatch } from './java-regex.js';
import { cpLength } from './string-functions.js';
import { BIGINT, BOOL, INT, V, arrayOf, defineFunction, defineGeneric, invalidArg, isLambda, resLambda } from './signature.js';

function checkGroup(re: ReturnType<typeof compileJavaRegex>, group: bigint): number {
  const n = groupCount(re);
  if (group < 0n || group > BigInt(n)) throw invalidArg(`Pattern has ${n} groups. Cannot access group ${group}`);
  return Number(group);
}

function extract(s: string, p: string, group = 0n): Value {
  const re = compileJavaRegex(p);
  const g = checkGroup(re, group);
  for (const m of matchAll(re, s)) return m[g] ?? null;
  return null;
}

function extractAll(s: string, p: string, group = 0n): Value[] {
  const re = compileJavaRegex(p);
  const g = checkGroup(re, group);
  return [...matchAll(re, s)].map((m) => m[g] ?? null);
}

/** Expands a Java replacement string for one match. */
function expandReplacement(rep: string, m: RegexMatch, groups: number): string {
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i]!;
    if (c === '\\') {
      i++;
      if (i >= rep.length) throw invalidArg('character to be escaped is missing');
      out += rep[i];
    } else if (c === '$') {
      i++;
      if (i >= rep.length) throw invalidArg('Illegal group reference: group index is missing');
      if (rep[i] === '{') {
        const end = rep.indexOf('}', i);
        const name = rep.slice(i + 1, end);
        if (end < 0 || !m.groups || !(name in m.groups)) throw invalidArg(`No group with name {${name}}`);
        out += m.groups[name] ?? '';
        i = end;
      } else {
        if (!/[0-9]/.test(rep[i]!)) throw invalidArg('Illegal group reference');
        let g = Number(rep[i]);
        if (g > groups) throw invalidArg(`No group ${g}`);
        // Java: take more digits while the number still names a group.
        while (i + 1 < rep.length && /[0-9]/.test(rep[i + 1]!) && g * 10 + Number(rep[i + 1]) <= groups) {
          g = g * 10 + Number(rep[++i]);
        }
        out += m[g] ?? '';
      }
    } else out += c;
  }
  return out;
}

function replace(s: string, p: string, rep: string | ((m: RegexMatch) => string)): string {
  const re = compileJavaRegex(p);
  const groups = groupCount(re);
  let out = '';
  let last = 0;
  for (const m of matchAll(re, s)) {
    out += s.slice(last, m.index) + (typeof rep === 'string' ? expandReplacement(rep, m, groups) : rep(m));
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

function split(s: string, p: string): Value[] {
  const re = compileJavaRegex(p);
  const out: Value[] = [];
  let last = 0;
  for (const m of matchAll(re, s)) {
    if (m[0] === '' && (m.index === 0 || m.index >= s.length)) continue;
    out.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

defineFunction('regexp_like', [{
  args: [V, V], returns: BOOL,
  impl: ([s, p]) => {
    return regexFind(compileJavaRegex(p as string), s as string);
  },
}]);
defineFunction('regexp_extract', [
  { args: [V, V], returns: V, impl: ([s, p]) => extract(s as string, p as string) },
  { args: [V, V, BIGINT], returns: V, impl: ([s, p, g]) => extract(s as string, p as string, g as bigint) },
]);
defineFunction('regexp_extract_all', [
  { args: [V, V], returns: arrayOf(V), impl: ([s, p]) => extractAll(s as string, p as string) },
  { args: [V, V, BIGINT], returns: arrayOf(V), impl: ([s, p, g]) => extractAll(s as string, p as string, g as bigint) },
]);
defineFunction('regexp_replace', [
  { args: [V, V], returns: V, impl: ([s, p]) => replace(s as string, p as string, '') },
  { args: [V, V, V], returns: V, impl: ([s, p, r]) => replace(s as string, p as string, r as string) },
]);
// regexp_replace(string, pattern, function(array(varchar), varchar)): the lambda gets the groups.
defineGeneric('regexp_replace', ['regexp_replace(varchar, varchar, function(array(varchar), varchar))'], (args) => {
  if (args.length !== 3 || !isLambda(args[2]!) || args[2].arity !== 1) return undefined;
  const body = args[2].bind([arrayOf(V)]);
  if (body.kind !== 'varchar' && body.kind !== 'char' && body.kind !== 'unknown') return undefined;
  return resLambda(V, [V, V, { kind: 'unknown' }], [undefined, undefined, { params: [arrayOf(V)], body }], ([s, p, f]) => {
    const fn = f as LambdaFn;
    return replace(s as string, p as string, (m) => (fn(m.slice(1).map((g) => g ?? null)) as string | null) ?? '');
  });
});
defineFunction('regexp_split', [{ args: [V, V], returns: arrayOf(V), impl: ([s, p]) => split(s as string, p as string) }]);
defineFunction('regexp_count', [{
  args: [V, V], returns: BIGINT,
  impl: ([s, p]) => BigInt([...matchAll(compileJavaRegex(p as string), s as string)].length),
}]);

function position(s: string, p: string, start = 1n, occurrence = 1n): number {
  if (start < 1n) throw invalidArg('start must be greater than or equal to 1');
  if (occurrence < 1n) throw invalidArg('occurrence must be greater than or equal to 1');
  const re = compileJavaRegex(p);
  const cps = Array.from(s);
  const from = Number(start) - 1;
  if (from > cps.length) return -1;
  const offset = cps.slice(0, from).join('').length;
  let k = 0n;
  for (const m of matchAll(re, s.slice(offset))) {
    if (++k === occurrence) return from + cpLength(s.slice(offset, offset + m.index)) + 1;
  }
  return -1;
}
defineFunction('regexp_position', [
  { args: [V, V], returns: INT, impl: ([s, p]) => position(s as string, p as string) },
  { args: [V, V, BIGINT], returns: INT, impl: ([s, p, a]) => position(s as string, p as string, a as bigint) },
  { args: [V, V, BIGINT, BIGINT], returns: INT, impl: ([s, p, a, o]) => position(s as string, p as string, a as bigint, o as bigint) },
]);
