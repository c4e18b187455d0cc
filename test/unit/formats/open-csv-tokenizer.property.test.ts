import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { OpenCsvTokenizer, openCsvDialect } from '../../../src/formats/text/open-csv-tokenizer.js';
import { prng } from './prng.js';

const PLAIN = ['a', 'b', 'Z', '0', '7', ' ', 'é', '日本', '😀', '-', '.', 'x y'];

function tokenizeAll(text: string, props: Record<string, string>): string[][] {
  const tok = new OpenCsvTokenizer(Buffer.from(text, 'utf8'), openCsvDialect(props));
  const out: string[][] = [];
  for (let r = tok.next(); r; r = tok.next()) out.push(r);
  return out;
}

describe('OpenCSV tokenizer agrees with csv-parse', () => {
  it('on 12,000 generated documents (quotes, escapes, embedded separators and newlines, unicode)', () => {
    const rnd = prng(20261126);
    let checked = 0;
    for (let doc = 0; doc < 12_000; doc++) {
      const sep = rnd.pick([',', '\t', '|', ';']);
      const quote = rnd.pick(['"', '"', "'"]);
      // 'doubled': RFC 4180 quote doubling; 'backslash': \" and \\ inside quotes.
      const mode = rnd.pick(['doubled', 'backslash'] as const);
      const eol = rnd.pick(['\n', '\r\n']);
      const special = [sep, quote, '\n', ...(mode === 'backslash' ? ['\\'] : [])];
      const rows: string[][] = [];
      let text = '';
      const nRows = rnd.int(7);
      for (let r = 0; r < nRows; r++) {
        const nCols = 1 + rnd.int(5);
        const row: string[] = [];
        const enc: string[] = [];
        for (let c = 0; c < nCols; c++) {
          const len = rnd.int(6);
          const quoted = rnd.next() < 0.5;
          let v = '';
          for (let k = 0; k < len; k++) v += quoted && rnd.next() < 0.35 ? rnd.pick(special) : rnd.pick(PLAIN);
          row.push(v);
          if (!quoted) enc.push(v);
          else {
            let e = v;
            if (mode === 'backslash') e = e.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`);
            else e = e.replaceAll(quote, quote + quote);
            enc.push(quote + e + quote);
          }
        }
        rows.push(row);
        text += enc.join(sep);
        if (r < nRows - 1 || rnd.next() < 0.5 || (row.length === 1 && row[0] === '')) text += eol;
      }
      const props = { separatorChar: sep, quoteChar: quote, escapeChar: '\\' };
      const ours = tokenizeAll(text, props);
      const oracle = parse(text, {
        delimiter: sep,
        quote,
        escape: mode === 'backslash' ? '\\' : quote,
        relax_column_count: true,
        record_delimiter: eol,
      }) as string[][];
      expect(ours, JSON.stringify(text)).toEqual(oracle);
      expect(ours).toEqual(rows);
      checked++;
    }
    expect(checked).toBe(12_000);
  });

  it('reproduces opencsv quirks outside the common CSV subset', () => {
    const p = { separatorChar: ',', quoteChar: '"', escapeChar: '\\' };
    // An escape before an ordinary character is dropped.
    expect(tokenizeAll('"a\\xb",c', p)).toEqual([['axb', 'c']]);
    // Embedded quotes in the middle of an unquoted field (opencsv's "tricky case").
    expect(tokenizeAll('x,abc"d"ef,g', p)).toEqual([['x', 'abc"d"ef', 'g']]);
    // An unterminated quote runs to the end of input.
    expect(tokenizeAll('a,"b,c\nd', p)).toEqual([['a', 'b,c\nd']]);
    // CR LF inside a quoted field becomes LF.
    expect(tokenizeAll('"a\r\nb",c\r\n', p)).toEqual([['a\nb', 'c']]);
    // An empty line is one empty field.
    expect(tokenizeAll('a\n\nb\n', p)).toEqual([['a'], [''], ['b']]);
  });
});
