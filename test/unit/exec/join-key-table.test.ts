/**
 * The hash join's key table against a Map: number keys (integers, fractions, huge, negative,
 * 0) through growth, with strings, booleans and NaN beside them; chains of repeated keys.
 */
import { describe, expect, it } from 'vitest';
import { JoinKeyTable } from '../../../src/exec/join-key-table.js';

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
