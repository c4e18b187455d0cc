import { describe, expect, it } from 'vitest';
import { fieldAppender, fieldReader, splitFields, unescape, wordView } from '../../../src/formats/text/lazy-simple-fields.js';
import { ColumnBuilder } from '../../../src/formats/column-builder.js';
import { columnGet } from '../../../src/types/batch.js';
import { lazySimpleOptions } from '../../../src/formats/text/lazy-simple-options.js';
import { parseBigintText, parseDateText, parseDecimalText, parseDoubleText, parseIntText } from '../../../src/formats/text/text-values.js';
import { T } from '../../../src/types/sql-type.js';
import { prng } from './prng.js';

/** Reference splitter: walk characters, an escape protects the next one. */
function naiveSplit(s: string, sep: string, esc: string | null): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (esc !== null && s[i] === esc) {
      cur += s[i]! + (s[i + 1] ?? '');
      i++;
    } else if (s[i] === sep) {
      out.push(cur);
      cur = '';
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

describe('LazySimpleSerDe tokenizer', () => {
  it('splits fields like a reference splitter on 5,000 generated lines (escapes, empty fields, limits)', () => {
    const rnd = prng(31);
    for (let t = 0; t < 5000; t++) {
      const sep = rnd.pick([',', '\t', '\u0001', '|']);
      const esc = rnd.pick([null, '\\']);
      const alphabet = ['a', 'b', ' ', sep, sep, ...(esc ? [esc] : [])];
      const line = Array.from({ length: rnd.int(15) }, () => rnd.pick(alphabet)).join('');
      const buf = Buffer.from(line, 'latin1');
      const expected = naiveSplit(line, sep, esc);
      const max = 1 + rnd.int(8);
      const bounds = new Int32Array(2 * max);
      const n = splitFields(buf, 0, buf.length, sep.charCodeAt(0), esc ? esc.charCodeAt(0) : -1, bounds, max);
      const got = Array.from({ length: n }, (_, i) => buf.toString('latin1', bounds[2 * i]!, bounds[2 * i + 1]!));
      expect(got, JSON.stringify(line)).toEqual(expected.slice(0, max));
      // With last.column.takes.rest the last field runs to the end of the line.
      const m = splitFields(buf, 0, buf.length, sep.charCodeAt(0), esc ? esc.charCodeAt(0) : -1, bounds, max, true);
      if (expected.length > max) expect(buf.toString('latin1', bounds[2 * (m - 1)]!, buf.length)).toBe(line.slice(bounds[2 * (m - 1)]!));
    }
  });

  it('splits four bytes at a time exactly as byte by byte: any separator byte, neighbours one above and below it, every alignment and field limit', () => {
    const rnd = prng(47);
    for (let t = 0; t < 20000; t++) {
      const sep = rnd.pick([0x2c, 0x09, 0x01, 0x7c, 0xfe, 0x80, 0x00, 0xff]);
      // Bytes next to the separator's value catch a borrow between bytes of a word.
      const alphabet = [sep, sep, (sep + 1) & 0xff, (sep + 255) & 0xff, 0x61, 0x00, 0xff, 0x80, 0x7f];
      const pad = rnd.int(8);
      const len = rnd.int(40);
      const bytes = new Uint8Array(pad + len + rnd.int(8));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rnd.pick(alphabet);
      // A view at an odd offset of its buffer, the line inside it at another.
      const buf = Buffer.from(bytes.buffer, 0, bytes.length).subarray(rnd.int(4));
      const s = Math.min(pad, buf.length);
      const e = Math.min(s + len, buf.length);
      const max = 1 + rnd.int(12);
      const plain = new Int32Array(2 * max);
      const fast = new Int32Array(2 * max);
      const n = splitFields(buf, s, e, sep, -1, plain, max);
      const m = splitFields(buf, s, e, sep, -1, fast, max, false, wordView(buf));
      expect(m).toBe(n);
      expect(Array.from(fast.subarray(0, 2 * m))).toEqual(Array.from(plain.subarray(0, 2 * n)));
    }
  });

  it('unescapes \\n and \\r to line breaks and any other escaped byte to itself', () => {
    const b = Buffer.from('a\\nb\\rc\\\\d\\,e\\');
    expect(Buffer.from(unescape(b, 0, b.length, 92)).toString()).toBe('a\nb\rc\\d,e\\');
  });

  it('byte-level fast paths agree with the text parsers on 20,000 generated fields', () => {
    const rnd = prng(8);
    const o = lazySimpleOptions({ 'field.delim': ',' });
    const readers = {
      dec: fieldReader(T.decimal(7, 2), 1, o),
      date: fieldReader(T.date, 1, o),
      dbl: fieldReader(T.double, 1, o),
      int: fieldReader(T.integer, 1, o),
      big: fieldReader(T.bigint, 1, o),
    };
    const chars = ['0', '1', '2', '5', '9', '9', '.', '-', '+', 'e', 'E', ' ', 'x'];
    for (let t = 0; t < 20_000; t++) {
      const s = rnd.next() < 0.2
        ? `${1900 + rnd.int(200)}-${String(rnd.int(14)).padStart(2, '0')}-${String(rnd.int(33)).padStart(2, '0')}`
        : Array.from({ length: rnd.int(12) }, () => rnd.pick(chars)).join('');
      const buf = Buffer.from(s);
      const e = buf.length;
      const orNull = <V>(v: V | undefined): V | null => (s === '' || v === undefined ? null : v);
      expect(readers.dec(buf, 0, e), s).toEqual(orNull(parseDecimalText(s, 7, 2)));
      expect(readers.date(buf, 0, e), s).toEqual(orNull(parseDateText(s)));
      expect(readers.dbl(buf, 0, e), s).toEqual(orNull(parseDoubleText(s)));
      const int = /^[+-]?\d+$/.test(s) && Math.abs(Number(s)) <= 2147483647 + (s.startsWith('-') ? 1 : 0) ? Number(s) + 0 : null; // + 0: no negative zero in SQL integers
      expect(readers.int(buf, 0, e), s).toEqual(int);
      expect(readers.big(buf, 0, e), s).toEqual(/^[+-]?\d+$/.test(s) ? BigInt(s) : null);
      // The string parsers' own fast paths agree with their general paths (a leading space
      // forces the general path, which trims).
      expect(parseDecimalText(s, 7, 2), s).toEqual(parseDecimalText(` ${s}`, 7, 2));
      expect(parseDateText(s), s).toEqual(parseDateText(` ${s}`));
      expect(parseIntText(s, -2147483648, 2147483647), s).toEqual(int ?? undefined);
      expect(parseBigintText(s), s).toEqual(/^[+-]?\d+$/.test(s) ? BigInt(s) : undefined);
    }
  });

  it('column appenders build the columns their readers would, on 20,000 generated fields of each type', () => {
    const rnd = prng(9);
    const o = lazySimpleOptions({ 'field.delim': ',' });
    const types = [T.decimal(7, 2), T.decimal(15, 2), T.decimal(18, 0), T.decimal(30, 4), T.date, T.integer, T.smallint, T.bigint, T.double, T.varchar];
    const chars = ['0', '1', '2', '5', '9', '9', '.', '-', '+', 'e', ' ', 'x', '\\', 'N'];
    const fields = Array.from({ length: 20_000 }, () => {
      const r = rnd.next();
      if (r < 0.2) return `${1900 + rnd.int(200)}-${String(rnd.int(14)).padStart(2, '0')}-${String(rnd.int(33)).padStart(2, '0')}`;
      if (r < 0.3) return rnd.pick(['\\N', '', '-0', '99999.995', '9999999999999999', '-9223372036854775808', '32767', '32768', '2147483648']);
      return Array.from({ length: rnd.int(20) }, () => rnd.pick(chars)).join('');
    });
    for (const type of types) {
      const read = fieldReader(type, 1, o);
      const append = fieldAppender(type, o);
      const viaReader = new ColumnBuilder(type, 16);
      const viaAppender = new ColumnBuilder(type, 16);
      for (const f of fields) {
        const buf = Buffer.from(f);
        viaReader.append(read(buf, 0, buf.length));
        append(buf, 0, buf.length, viaAppender);
      }
      const a = viaReader.finish();
      const b = viaAppender.finish();
      expect(b.kind).toBe(a.kind);
      for (let i = 0; i < fields.length; i++) expect(columnGet(b, i), `${JSON.stringify(fields[i])} as ${type.kind}`).toEqual(columnGet(a, i));
    }
  });
});
