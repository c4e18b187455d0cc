/**
 * The Snowball English ("Porter2") stemmer, the one Trino's word_stem(word) runs (Lucene's
 * EnglishStemmer): exception words, regions R1/R2, steps 1a–5. Input is taken as written
 * (Snowball expects lower case; upper-case letters count as consonants, as in Trino).
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const isV = (c: string | undefined): boolean => c !== undefined && VOWELS.has(c);
const DOUBLES = ['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt'];
const LI_ENDING = new Set(['c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't']);

const EXCEPTION1: Record<string, string> = {
  skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie',
  idly: 'idl', gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl',
  sky: 'sky', news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes',
};
const EXCEPTION2 = new Set(['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed']);

/** The longest of `suffixes` that `w` ends with, or undefined. */
function longest(w: string, suffixes: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const s of suffixes) if (w.endsWith(s) && (!best || s.length > best.length)) best = s;
  return best;
}

/** Position after the first non-vowel that follows a vowel, at or after `from`. */
function regionAfter(w: string, from: number): number {
  for (let i = from; i < w.length - 1; i++) if (isV(w[i]) && !isV(w[i + 1])) return i + 2;
  return w.length;
}

/** Does `w` (up to `end`) end with a short syllable? */
function endsShort(w: string, end = w.length): boolean {
  const a = w[end - 3];
  const b = w[end - 2];
  const c = w[end - 1];
  if (c === undefined || b === undefined) return false;
  if (end >= 3 && !isV(a) && isV(b) && !isV(c) && c !== 'w' && c !== 'x' && c !== 'Y') return true;
  return end === 2 && isV(b) && !isV(c);
}

export function stemEnglish(input: string): string {
  if (Object.hasOwn(EXCEPTION1, input)) return EXCEPTION1[input]!;
  if ([...input].length < 3) return input;
  let w = input.startsWith("'") ? input.slice(1) : input;
  // Prelude: initial y and y after a vowel are consonants (Y).
  let chars = [...w];
  for (let i = 0; i < chars.length; i++) if (chars[i] === 'y' && (i === 0 || isV(chars[i - 1]))) chars[i] = 'Y';
  w = chars.join('');
  const prefix = ['gener', 'commun', 'arsen'].find((p) => w.startsWith(p));
  const p1 = prefix ? prefix.length : regionAfter(w, 0);
  const p2 = regionAfter(w, p1);
  const inR1 = (suffix: string): boolean => w.length - suffix.length >= p1;
  const inR2 = (suffix: string): boolean => w.length - suffix.length >= p2;
  const replace = (suffix: string, by: string): void => {
    w = w.slice(0, w.length - suffix.length) + by;
  };

  // Step 0 and 1a.
  const s0 = longest(w, ["'", "'s", "'s'"]);
  if (s0) replace(s0, '');
  const s1a = longest(w, ['sses', 'ied', 'ies', 's', 'us', 'ss']);
  if (s1a === 'sses') replace(s1a, 'ss');
  else if (s1a === 'ied' || s1a === 'ies') replace(s1a, w.length - 3 >= 2 ? 'i' : 'ie');
  else if (s1a === 's' && [...w.slice(0, -2)].some(isV)) replace('s', '');

  if (!EXCEPTION2.has(w)) {
    // Step 1b.
    const s1b = longest(w, ['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly']);
    if (s1b === 'eed' || s1b === 'eedly') {
      if (inR1(s1b)) replace(s1b, 'ee');
    } else if (s1b && [...w.slice(0, w.length - s1b.length)].some(isV)) {
      replace(s1b, '');
      if (longest(w, ['at', 'bl', 'iz'])) w += 'e';
      else if (longest(w, DOUBLES)) w = w.slice(0, -1);
      else if (w.length === p1 && endsShort(w)) w += 'e';
    }
    // Step 1c.
    if ((w.endsWith('y') || w.endsWith('Y')) && w.length > 2 && !isV(w[w.length - 2])) replace('y', 'i');
    // Step 2.
    const step2: Record<string, string> = {
      tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize', ization: 'ize',
      ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al', alli: 'al', fulness: 'ful',
      ousli: 'ous', ousness: 'ous', iveness: 'ive', iviti: 'ive', biliti: 'ble', bli: 'ble', ogi: 'og',
      fulli: 'ful', lessli: 'less', li: '',
    };
    const s2 = longest(w, Object.keys(step2));
    if (s2 && inR1(s2)) {
      const before = w[w.length - s2.length - 1];
      if (s2 === 'ogi') {
        if (before === 'l') replace(s2, 'og');
      } else if (s2 === 'li') {
        if (before !== undefined && LI_ENDING.has(before)) replace(s2, '');
      } else replace(s2, step2[s2]!);
    }
    // Step 3.
    const step3: Record<string, string> = {
      tional: 'tion', ational: 'ate', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic', ful: '', ness: '', ative: '',
    };
    const s3 = longest(w, Object.keys(step3));
    if (s3 && inR1(s3)) {
      if (s3 !== 'ative' || inR2(s3)) replace(s3, step3[s3]!);
    }
    // Step 4.
    const s4 = longest(w, ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ism', 'ate',
      'iti', 'ous', 'ive', 'ize', 'ion']);
    if (s4 && inR2(s4)) {
      if (s4 !== 'ion') replace(s4, '');
      else if (['s', 't'].includes(w[w.length - 4] ?? '')) replace(s4, '');
    }
    // Step 5.
    if (w.endsWith('e')) {
      if (inR2('e') || (inR1('e') && !endsShort(w, w.length - 1))) replace('e', '');
    } else if (w.endsWith('l')) {
      if (inR2('l') && w[w.length - 2] === 'l') replace('l', '');
    }
  }
  chars = [...w];
  return chars.map((c) => (c === 'Y' ? 'y' : c)).join('');
}
