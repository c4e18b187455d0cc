/**
 * The TPC-H answer check itself: it must accept every correct answer (ties in any order, Trino's
 * rounded decimals) and reject wrong ones (wrong order, wrong value, a wrong row at a LIMIT cut).
 */
import { describe, expect, it } from 'vitest';
import { TPCH_QUERIES } from '../../../datasets/tpch/queries.js';
import type { Canon } from '../../util/compare-results.js';
import { alignExpected, compareAnswer, orderSpecOf, withoutLimit } from '../../integration/tables/tpch-compare.js';
import { T } from '../../../src/types/sql-type.js';

const s = (v: string): Canon => ({ t: 'str', v });
const n = (x: number): Canon => ({ t: 'num', exact: String(x), approx: x });
const d = (x: number): Canon => ({ t: 'num', approx: x });

describe('ORDER BY / LIMIT of the TPC-H texts', () => {
  it('reads the keys and limits of all 22 queries', () => {
    const specs = Object.fromEntries(TPCH_QUERIES.map((q) => [q.id, orderSpecOf(q.sql)]));
    expect(specs[1]).toEqual({ keys: ['l_returnflag', 'l_linestatus'] });
    expect(specs[2]).toEqual({ keys: ['s_acctbal', 'n_name', 's_name', 'p_partkey'], limit: 100 });
    expect(specs[3]).toEqual({ keys: ['revenue', 'o_orderdate'], limit: 10 });
    expect(specs[13]).toEqual({ keys: ['custdist', 'c_count'] });
    expect(specs[21]).toEqual({ keys: ['numwait', 's_name'], limit: 100 });
    for (const id of [6, 14, 17, 19]) expect(specs[id], `Q${id}`).toBeUndefined();
    expect(Object.values(specs).filter((x) => x?.limit !== undefined).length).toBe(5);
    expect(withoutLimit(TPCH_QUERIES[2]!.sql)).not.toMatch(/limit/i);
  });
});

describe('compareAnswer', () => {
  const spec = { keys: ['k'] };
  const cols = ['k', 'v'];

  it('accepts rows that tie on the ORDER BY keys in any order, and rejects a wrong key order', () => {
    const expected = [[n(1), s('a')], [n(1), s('b')], [n(2), s('c')]];
    expect(compareAnswer({ columns: cols, rows: [[n(1), s('b')], [n(1), s('a')], [n(2), s('c')]] }, expected, spec)).toBeNull();
    expect(compareAnswer({ columns: cols, rows: [[n(2), s('c')], [n(1), s('a')], [n(1), s('b')]] }, expected, spec)).toMatch(/ORDER BY keys differ/);
    expect(compareAnswer({ columns: cols, rows: [[n(1), s('a')], [n(1), s('x')], [n(2), s('c')]] }, expected, spec)).toMatch(/rows 0\.\.1/);
  });

  it('at a LIMIT cut accepts any of the tied rows and nothing else', () => {
    const limited = { keys: ['k'], limit: 2 };
    const unlimited = [[n(1), s('a')], [n(2), s('b')], [n(2), s('c')], [n(3), s('d')]];
    const expected = unlimited.slice(0, 2);
    expect(compareAnswer({ columns: cols, rows: [[n(1), s('a')], [n(2), s('c')]] }, expected, limited, unlimited)).toBeNull();
    expect(compareAnswer({ columns: cols, rows: [[n(1), s('a')], [n(2), s('z')]] }, expected, limited, unlimited)).toMatch(/not among DuckDB's rows/);
  });

  it('compares unordered answers as multisets', () => {
    expect(compareAnswer({ columns: cols, rows: [[n(2), s('b')], [n(1), s('a')]] }, [[n(1), s('a')], [n(2), s('b')]], undefined)).toBeNull();
    expect(compareAnswer({ columns: cols, rows: [[n(1), s('a')], [n(1), s('a')]] }, [[n(1), s('a')], [n(2), s('b')]], undefined)).not.toBeNull();
  });
});

describe('alignExpected', () => {
  it('rounds DuckDB doubles HALF_UP to the scale of aegis decimals, then compares exactly', () => {
    const types = [T.decimal(15, 2), T.double];
    const aligned = alignExpected([[d(25.312033864140293), d(0.1)], [d(-0.125000001), d(1)]], [], types);
    expect(aligned).toEqual([
      [{ t: 'num', exact: '25.31', approx: 25.31 }, d(0.1)],
      [{ t: 'num', exact: '-0.13', approx: -0.13 }, d(1)],
    ]);
    // A wrong rounding by aegis is caught.
    expect(compareAnswer({ columns: ['a', 'b'], rows: [[n(25.32), d(0.1)]] }, aligned.slice(0, 1), undefined)).not.toBeNull();
  });

  it('near a rounding tie accepts aegis within half a unit, not further', () => {
    const types = [T.decimal(10, 1)];
    const tie = [[d(0.25)]];
    expect(alignExpected(tie, [[n(0.2)]], types)).toEqual([[n(0.2)]]);
    expect(alignExpected(tie, [[n(0.3)]], types)).toEqual([[n(0.3)]]);
    expect(alignExpected(tie, [[n(0.4)]], types)).toEqual([[{ t: 'num', exact: '0.3', approx: 0.3 }]]);
  });
});
