/**
 * concatColumns, which joins a hash join's build batches into one column each: typed chunks of
 * one kind stay typed with their NULLs at the right rows, anything else becomes a value column,
 * and every row reads back as it was.
 */
import { describe, expect, it } from 'vitest';
import { concatColumns } from '../../../src/exec/batch-util.js';
import { typedColumn } from '../../../src/exec/vector/vec.js';
import { columnGet, lazyDictColumn, valuesColumn, type Column } from '../../../src/types/batch.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const read = (c: Column): Value[] => Array.from({ length: c.length }, (_, i) => columnGet(c, i));

describe('concatColumns', () => {
  const cases: [string, SqlType, Value[][]][] = [
    ['integer with NULLs across chunk boundaries', T.integer, [[1, null, 3], [null], [5, 6, 7, 8, 9, null, 11]]],
    ['bigint, the second chunk without NULLs', T.bigint, [[1n, null], [3n, 4n, 9007199254740993n]]],
    ['double', T.double, [[0.5, -0], [Number.NaN, null, 1e300]]],
    ['boolean', T.boolean, [[true, null, false], [false]]],
    ['decimal(18,2)', T.decimal(18, 2), [[12345n], [null, -99999999999999999n]]],
  ];
  for (const [name, type, chunks] of cases) {
    it(`keeps ${name} typed, row for row`, () => {
      const cols = chunks.map((vals) => typedColumn(type, vals));
      const out = concatColumns(type, cols);
      expect(out.kind).toBe(cols[0]!.kind);
      expect(out.length).toBe(chunks.flat().length);
      expect(read(out)).toEqual(chunks.flat());
    });
  }

  it('joins value, dictionary and mixed chunks as a value column', () => {
    const type = T.varchar;
    const a = valuesColumn(type, ['x', null]);
    const b = lazyDictColumn(type, 3, Int32Array.from([1, 0, 1]), ['p', 'q']);
    const out = concatColumns(type, [a, b]);
    expect(out.kind).toBe('values');
    expect(read(out)).toEqual(['x', null, 'q', 'p', 'q']);
    const mixed = concatColumns(T.integer, [typedColumn(T.integer, [1, null]), valuesColumn(T.integer, [3])]);
    expect(read(mixed)).toEqual([1, null, 3]);
  });
});
