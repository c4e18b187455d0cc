/**
 * The typed group table: rows with equal key tuples get one group id, whatever shape the key
 * vectors come in — plain values, or dictionary codes (mapped straight from the code tuple when
 * every key is dictionary-encoded), across batches with different dictionaries, NULL codes and
 * dictionaries that repeat a value.
 */
import { describe, expect, it } from 'vitest';
import { GroupTable } from '../../../src/exec/vector/group-table.js';
import type { Vec } from '../../../src/exec/vector/vec.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { encodeKey } from '../../../src/exec/key-encoding.js';

const VARCHAR: SqlType = { kind: 'varchar' } as SqlType;

function dictVec(values: Value[], codes: number[]): Vec {
  const c = Int32Array.from(codes);
  return { kind: 'val', data: codes.map((k) => (k < 0 ? null : values[k]!)), dict: { codes: c, values } };
}
function plainVec(data: Value[]): Vec {
  return { kind: 'val', data };
}

/** Groups rows by their key tuples the slow, obvious way: the expected partition of row indexes. */
function expectedGroups(rows: Value[][]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) if (!m.has(encodeKey(r))) m.set(encodeKey(r), m.size);
  return m;
}

describe('group table', () => {
  it('maps equal key tuples to one group across dictionary and plain batches', () => {
    const t = new GroupTable([VARCHAR, VARCHAR]);
    const seen = new Map<string, number>();
    const all: Value[][] = [];
    const check = (a: Vec, b: Vec, n: number) => {
      const gids = Array.from(t.assign([a, b], n).subarray(0, n));
      for (let i = 0; i < n; i++) {
        const row = [a.data[i] ?? null, b.data[i] ?? null];
        all.push(row);
        const k = encodeKey(row);
        if (seen.has(k)) expect(gids[i], JSON.stringify(row)).toBe(seen.get(k));
        else {
          expect([...seen.values()]).not.toContain(gids[i]);
          seen.set(k, gids[i]!);
        }
        expect(t.keyValues(gids[i]!)).toEqual(row);
      }
    };
    // Two batches over one pair of dictionaries (the cache is reused), a repeated value, NULL codes.
    const d1 = ['A', 'N', 'R', 'A'];
    const d2 = ['F', 'O'];
    check(dictVec(d1, [0, 1, 2, 3, -1, 0, 3]), dictVec(d2, [0, 1, 0, 0, 1, -1, 0]), 7);
    check(dictVec(d1, [3, 3, 2, -1, -1]), dictVec(d2, [0, 1, 0, 1, -1]), 5);
    // New dictionaries with the same values in another order, then plain values.
    check(dictVec(['R', 'A'], [0, 1, 1]), dictVec(['O', 'F'], [1, 1, 0]), 3);
    check(plainVec(['A', null, 'R', 'N']), plainVec(['F', null, 'O', 'O']), 4);
    expect(t.size).toBe(expectedGroups(all).size);
  });
});
