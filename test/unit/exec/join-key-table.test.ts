/**
 * The hash join's key table against a Map: number keys (integers, fractions, huge, negative,
 * 0) through growth, with strings, booleans and NaN beside them; chains of repeated keys.
 */
import { describe, expect, it } from 'vitest';
import { JoinKeyTable, TupleTable } from '../../../src/exec/join-key-table.js';

describe('JoinKeyTable', () => {
  it('answers as a Map of key → last row, through growth', () => {
    const table = new JoinKeyTable();
    const ref = new Map<string | number | boolean, number>();
    const keys: (string | number | boolean)[] = [];
    for (let i = 0; i < 5000; i++) keys.push(i * 7919, -i, i + 0.5, 2 ** 52 + i, `s${i % 300}`);
    keys.push(true, false, Number.NaN, 0, Number.MAX_VALUE, -Number.MAX_VALUE);
    let row = 0;
    for (let round = 0; round < 2; round++) {
      for (const k of keys) {
        const prev = table.set(k, row);
        expect(prev).toBe(ref.get(k) ?? -1);
        ref.set(k, row++);
      }
    }
    for (const k of [...keys, 12345.25, 'absent', -7919 * 3 - 1]) expect(table.get(k), String(k)).toBe(ref.get(k) ?? -1);
    const entries = [...table.entries()];
    expect(entries.length).toBe(ref.size);
    for (const [k, v] of entries) expect(ref.get(k)).toBe(v);
    table.clear();
    expect(table.get(0)).toBe(-1);
    expect(table.get('s1')).toBe(-1);
    expect([...table.entries()]).toEqual([]);
  });
});

describe('TupleTable', () => {
  it('interns number tuples as dense ids, as a Map of their encodings would, through growth', () => {
    for (const width of [2, 3]) {
      const table = new TupleTable(width);
      const ref = new Map<string, number>();
      const t = new Float64Array(width);
      const tuples: number[][] = [];
      for (let i = 0; i < 4000; i++) {
        // Tuples that share parts, differ in one place, or hold fractions and huge values.
        tuples.push([i % 97, Math.floor(i / 97), i * 0.5].slice(0, width));
        tuples.push([2 ** 52 + i, -i, 1e300].slice(0, width));
      }
      for (let round = 0; round < 2; round++) {
        for (const tu of tuples) {
          t.set(tu);
          const key = tu.join(',');
          const id = table.add(t);
          if (!ref.has(key)) {
            expect(id).toBe(ref.size);
            ref.set(key, id);
          }
          expect(id, key).toBe(ref.get(key));
          expect(table.get(t)).toBe(id);
          expect(table.hashOf(id)).toBe(table.hash(t));
        }
      }
      for (const tu of [[0.25, 1, 2], [-1, -1, -1], [97, 0, 0]].map((x) => x.slice(0, width))) {
        t.set(tu);
        expect(table.get(t), tu.join(',')).toBe(ref.get(tu.join(',')) ?? -1);
      }
    }
  });

  it('hashes equal tuples equally in another table (spilled joins partition by it)', () => {
    const a = new TupleTable(2);
    const b = new TupleTable(2);
    for (let i = 0; i < 100; i++) b.add(Float64Array.of(i, i));
    const t = Float64Array.of(42, 7);
    expect(a.hash(t)).toBe(b.hash(t));
    expect(a.hash(t)).not.toBe(a.hash(Float64Array.of(7, 42)));
  });
});
