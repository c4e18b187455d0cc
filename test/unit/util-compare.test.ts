import { describe, expect, it } from 'vitest';
import { canonAegis, compareResults } from '../util/compare-results.js';
import { DuckOracle } from '../util/duckdb-oracle.js';
import { T } from '../../src/types/sql-type.js';

describe('result comparison against DuckDB', () => {
  it('matches equal results and reports a wrong value', async () => {
    const duck = await DuckOracle.open();
    const expected = (await duck.query(`select * from (values (1, 1.25::decimal(15,2), 0.1::double, date '1995-01-02', 'x'), (2, 2.50, 0.2, date '1995-01-03', 'y')) t(a,b,c,d,e)`)).rows;
    duck.close();
    const types = [T.integer, T.decimal(15, 2), T.double, T.date, T.varchar];
    const day = Date.parse('1995-01-02T00:00:00Z') / 86_400_000;
    const good = [
      [2, 250n, 0.2 + 1e-17, day + 1, 'y'],
      [1, 125n, 0.1, day, 'x'],
    ].map((r) => r.map((v, j) => canonAegis(v, types[j]!)));
    expect(compareResults(good, expected, false)).toBeNull();
    expect(compareResults(good, expected, true)).not.toBeNull(); // order matters when ordered
    const wrongDecimal = good.map((r) => [...r]);
    wrongDecimal[1]![1] = canonAegis(126n, T.decimal(15, 2));
    expect(compareResults(wrongDecimal, expected, false)).toMatch(/1\.26/);
    const wrongDouble = good.map((r) => [...r]);
    wrongDouble[0]![2] = canonAegis(0.2000001, T.double);
    expect(compareResults(wrongDouble, expected, false)).not.toBeNull();
    expect(compareResults(good.slice(1), expected, false)).toMatch(/row count/);
  });
});
