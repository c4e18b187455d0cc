/**
 * More of Trino's string.md: luhn_check, title_case, word_stem (English; Trino's other Snowball
 * languages are refused with NOT_SUPPORTED naming the language), and the Teradata functions
 * (teradata.md): char2hexint, index.
 */
import { AegisError } from '../errors.js';
import { BIGINT, BOOL, V, defineFunction, invalidArg } from './signature.js';
import { stemEnglish } from './word-stem.js';

/** Trino's LuhnCheckFunction: '' is false; any non-digit is an error. */
export function luhnCheck(s: string): boolean {
  if (s.length === 0) return false;
  let sum = 0;
  let second = false;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) throw invalidArg('Input contains non-digit character');
    let n = c - 48;
    if (second) n *= 2;
    if (n > 9) n -= 9;
    sum += n;
    second = !second;
  }
  return sum % 10 === 0;
}
defineFunction('luhn_check', [{ args: [V], returns: BOOL, impl: ([s]) => luhnCheck(s as string) }]);

/** Upper-cases the first letter of each word and lower-cases the rest; words end at non-alphanumerics. */
export function titleCase(s: string): string {
  let out = '';
  let start = true;
  for (const ch of s) {
    const alnum = /[\p{L}\p{N}]/u.test(ch);
    out += alnum ? (start ? ch.toUpperCase() : ch.toLowerCase()) : ch;
    start = !alnum;
  }
  return out;
}
defineFunction('title_case', [{ args: [V], returns: V, impl: ([s]) => titleCase(s as string) }]);

/** Languages Trino's word_stem(word, lang) knows (Lucene Snowball stemmers). */
const STEM_LANGUAGES = new Set(['ca', 'da', 'de', 'en', 'es', 'eu', 'fi', 'fr', 'hu', 'hy', 'ir', 'it', 'lt', 'nl', 'no', 'pt', 'ro', 'ru', 'sv', 'tr']);

defineFunction('word_stem', [
  { args: [V], returns: V, impl: ([s]) => stemEnglish(s as string) },
  {
    args: [V, V], returns: V,
    impl: ([s, lang]) => {
      const l = lang as string;
      if (l === 'en') return stemEnglish(s as string);
      if (!STEM_LANGUAGES.has(l)) throw invalidArg(`Unknown stemmer language: ${l}`);
      throw new AegisError('NOT_SUPPORTED', `word_stem for language '${l}' is not supported; aegis stems English ('en') only`, { function: 'word_stem' });
    },
  },
]);

// ---- Teradata ----------------------------------------------------------------------------------

/** char2hexint: the UTF-16BE bytes of the string in upper-case hex. */
defineFunction('char2hexint', [{
  args: [V], returns: V,
  impl: ([s]) => {
    let out = '';
    for (let i = 0; i < (s as string).length; i++) out += (s as string).charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
    return out;
  },
}]);

/** index(string, substring): strpos. */
defineFunction('index', [{
  args: [V, V], returns: BIGINT,
  impl: ([s, sub]) => {
    const idx = (s as string).indexOf(sub as string);
    return idx < 0 ? 0n : BigInt([...(s as string).slice(0, idx)].length + 1);
  },
}]);
