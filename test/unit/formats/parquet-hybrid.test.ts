/**
 * The RLE / bit-packed hybrid decoder (dictionary indices and levels) at every bit width 0..32:
 * bit-packed runs written by a reference encoder here (values LSB first, groups of 8), RLE runs,
 * runs cut short by the value count, and truncated input refused. `indicesAt` (the indices at chosen
 * positions only) agrees with a whole decode and checks each index against the dictionary size.
 */
import { describe, expect, it } from 'vitest';
import { indicesAt, readHybrid } from '../../../src/formats/parquet/page-decoder.js';

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** A bit-packed run of `values` (padded to a multiple of 8 with zeros). */
function bitPacked(values: number[], width: number): number[] {
  const groups = Math.ceil(values.length / 8);
  const bytes = new Array<number>(groups * width).fill(0);
  let bit = 0;
  for (let i = 0; i < groups * 8; i++) {
    const v = values[i] ?? 0;
    for (let j = 0; j < width; j++, bit++) if (Math.floor(v / 2 ** j) % 2 === 1) bytes[bit >> 3]! |= 1 << (bit & 7);
  }
  return [...varint(groups * 2 + 1), ...bytes];
}

function rle(value: number, count: number, width: number): number[] {
  const out = varint(count * 2);
  for (let j = 0; j < (width + 7) >> 3; j++) out.push(Math.floor(value / 2 ** (8 * j)) % 256);
  return out;
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('readHybrid', () => {
  for (let width = 0; width <= 32; width++) {
    it(`decodes bit-packed and RLE runs at bit width ${width}`, () => {
      const rnd = random(width + 1);
      const max = 2 ** width;
      const a = Array.from({ length: 37 }, () => Math.floor(rnd() * max));
      const c = Array.from({ length: 21 }, () => Math.floor(rnd() * max));
      const r = Math.floor(rnd() * max);
      // The last run is cut short by the value count (21 of its 24 padded values).
      const bytes = Uint8Array.from([...bitPacked(a.concat(new Array<number>(3).fill(0)), width), ...rle(r, 13, width), ...bitPacked(c, width)]);
      // Runs must be whole groups of 8: `a` was padded, so the decoder is asked for its 40.
      const want = [...a, 0, 0, 0, ...new Array<number>(13).fill(r), ...c];
      const out = new Int32Array(want.length);
      const sum = readHybrid(bytes, 0, bytes.length, width, out);
      expect([...out].map((v) => v >>> 0)).toEqual(want);
      expect(sum).toBe(want.reduce((s, v) => s + v, 0));
      // One byte short of the last run's needed data: refused, never read past.
      const needed = bytes.length - (Math.ceil((24 * width) / 8) - Math.ceil((21 * width) / 8));
      if (width > 0) expect(() => readHybrid(bytes, 0, needed - 1, width, new Int32Array(want.length))).toThrow();
    });
  }
});

describe('indicesAt', () => {
  for (const width of [1, 3, 7, 8, 12, 17, 24, 25, 31, 32]) {
    it(`reads chosen positions of bit-packed and RLE runs at bit width ${width}`, () => {
      const rnd = random(width * 7 + 3);
      const max = 2 ** width;
      const a = Array.from({ length: 40 }, () => Math.floor(rnd() * max));
      const r = Math.floor(rnd() * max);
      const c = Array.from({ length: 21 }, () => Math.floor(rnd() * max));
      const bytes = Uint8Array.from([...bitPacked(a, width), ...rle(r, 13, width), ...bitPacked(c, width)]);
      const all = [...a, ...new Array<number>(13).fill(r), ...c];
      const run = { b: bytes, start: 0, end: bytes.length, width, count: all.length };
      for (let trial = 0; trial < 20; trial++) {
        // Ascending positions, offset by a base (row numbers of a page starting at row 1000).
        const picks = all.map((_, i) => i).filter(() => rnd() < 0.3);
        const sel = Int32Array.from(picks, (i) => i + 1000);
        // A window of the selection, as a page's share of a row group's selection.
        const from = Math.floor(rnd() * (sel.length / 2));
        const got = indicesAt(run, sel, from, sel.length, 1000, max);
        expect([...got].map((v) => v >>> 0)).toEqual(picks.slice(from).map((i) => all[i]));
      }
      // An index at or past the dictionary's size is refused where it is read.
      const big = all.indexOf(Math.max(...all));
      if (all[big]! > 0) expect(() => indicesAt(run, Int32Array.of(big), 0, 1, 0, all[big]!)).toThrow(/out of range/);
      // Positions past the data are refused, never read.
      expect(() => indicesAt({ ...run, end: bytes.length - Math.ceil((21 * width) / 8) }, Int32Array.of(all.length - 1), 0, 1, 0, max)).toThrow();
    });
  }
});

describe('readHybrid with a limit (dictionary indices)', () => {
  for (const width of [2, 9, 24, 30]) {
    it(`refuses an index at or past the dictionary's size at bit width ${width}`, () => {
      const rnd = random(width + 101);
      const max = 2 ** width;
      const a = Array.from({ length: 16 }, () => Math.floor(rnd() * (max / 2)));
      const r = Math.floor(rnd() * (max / 2));
      const bytes = Uint8Array.from([...bitPacked(a, width), ...rle(r, 5, width)]);
      const all = [...a, ...new Array<number>(5).fill(r)];
      const top = Math.max(...all);
      expect([...readHybridInto(bytes, width, all.length, top + 1)]).toEqual(all);
      expect(() => readHybridInto(bytes, width, all.length, top)).toThrow(/out of range/);
      // The RLE run alone past the limit fails too.
      const packedTop = Math.max(...a);
      if (r > packedTop) expect(() => readHybridInto(bytes, width, all.length, packedTop + 1)).toThrow(/out of range/);
    });
  }
});

function readHybridInto(bytes: Uint8Array, width: number, n: number, limit: number): Int32Array {
  const out = new Int32Array(n);
  readHybrid(bytes, 0, bytes.length, width, out, limit);
  return out;
}
