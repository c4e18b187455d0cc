/**
 * Random SQL over one table of awkward values (NULLs, BIGINT/DECIMAL beyond 2^52, NaN, -0): the
 * rows for `VALUES … AS v(i1, i2, b1, d1, d2, x1, s1, s2, f1, dt)` and typed expression trees over
 * those columns. The differential suites run the same SQL two ways and compare.
 */
import { Rng } from '../differential/random-expr-gen.js';

export { Rng };

export type K = 'int' | 'big' | 'dec' | 'dbl' | 'str' | 'bool' | 'date';

export const COLS: Record<K, string[]> = {
  int: ['i1', 'i2'],
  big: ['b1'],
  dec: ['d1', 'd2'],
  dbl: ['x1'],
  str: ['s1', 's2'],
  bool: ['f1'],
  date: ['dt'],
};

export function rows(rng: Rng, n: number): string {
  const out: string[] = [];
  const maybe = (s: string): string => (rng.chance(0.15) ? 'NULL' : s);
  for (let r = 0; r < n; r++) {
    const big = rng.chance(0.1) ? `${rng.pick(['', '-'])}900719925474099${rng.int(0, 9)}` : String(rng.int(-50, 50));
    const dec = (wide: boolean): string =>
      wide && rng.chance(0.1) ? `${rng.pick(['', '-'])}99999999999999${rng.int(10, 99)}.${rng.int(10, 99)}` : `${rng.int(-999, 999)}.${rng.int(0, 99)}`;
    const dbl = rng.pick(['nan()', '-0e0', '0e0', `${rng.int(-100, 100)}.5e0`, `${rng.int(-9, 9)}e0`, '1e300', 'infinity()']);
    out.push(
      `(${maybe(String(rng.int(-20, 20)))}, ${maybe(String(rng.pick([2147483647, -2147483648, rng.int(-9, 9)])))}, ` +
        `${maybe(`BIGINT '${big}'`)}, ${maybe(`CAST(${dec(true)} AS DECIMAL(18,2))`)}, ${maybe(`CAST(${dec(false)} AS DECIMAL(7,3))`)}, ` +
        `${maybe(dbl)}, ${maybe(`'${rng.pick(['a', 'b', 'c', 'é', ''])}'`)}, ${maybe(`'${rng.pick(['x', 'y'])}'`)}, ` +
        `${maybe(rng.pick(['true', 'false']))}, ${maybe(`DATE '2024-0${rng.int(1, 9)}-1${rng.int(0, 9)}'`)})`,
    );
  }
  return out.join(', ');
}

export class Gen {
  constructor(private readonly rng: Rng) {}

  expr(k: K, depth: number): string {
    const r = this.rng;
    if (depth <= 0 || r.chance(0.3)) return this.leaf(k);
    const d = depth - 1;
    if (r.chance(0.12)) return `CASE WHEN ${this.expr('bool', d)} THEN ${this.expr(k, d)} ELSE ${this.expr(k, d)} END`;
    if (r.chance(0.1)) return `coalesce(${this.expr(k, d)}, ${this.expr(k, d)}, ${this.leaf(k)})`;
    switch (k) {
      case 'int':
        return r.pick([
          () => `(${this.expr('int', d)} ${r.pick(['+', '-', '*'])} ${this.expr('int', d)})`,
          () => `(${this.expr('int', d)} / ${this.expr('int', d)})`,
          () => `(-${this.expr('int', d)})`,
          () => `CAST(${this.expr('dec', d)} AS INTEGER)`,
        ])();
      case 'big':
        return r.pick([
          () => `(${this.expr('big', d)} ${r.pick(['+', '-', '*'])} ${this.expr(r.pick(['big', 'int']), d)})`,
          () => `CAST(${this.expr('int', d)} AS BIGINT)`,
        ])();
      case 'dec':
        return r.pick([
          () => `(${this.expr('dec', d)} ${r.pick(['+', '-'])} ${this.expr(r.pick(['dec', 'int']), d)})`,
          () => `(${this.expr('dec', d)} * ${this.leaf(r.pick(['int', 'dec']))})`,
          () => `CAST(${this.expr(r.pick(['dec', 'int', 'big']), d)} AS DECIMAL(${r.pick(['18,2', '10,1', '38,4', '20,0', '5,3'])}))`,
        ])();
      case 'dbl':
        return r.pick([
          () => `(${this.expr('dbl', d)} ${r.pick(['+', '-', '*', '/'])} ${this.expr('dbl', d)})`,
          () => `CAST(${this.expr(r.pick(['int', 'dec', 'big']), d)} AS DOUBLE)`,
        ])();
      case 'str':
        return r.pick([() => `lower(${this.expr('str', d)})`, () => `(${this.expr('str', d)} || ${this.leaf('str')})`])();
      case 'date':
        return `(${this.expr('date', d)} + INTERVAL '${r.int(1, 40)}' DAY)`;
      case 'bool': {
        const t = r.pick<K>(['int', 'big', 'dec', 'dbl', 'str', 'date']);
        return r.pick([
          () => `(${this.expr(t, d)} ${r.pick(['=', '<>', '<', '<=', '>', '>='])} ${this.expr(t, d)})`,
          () => `(${this.expr('bool', d)} ${r.pick(['AND', 'OR'])} ${this.expr('bool', d)})`,
          () => `(NOT ${this.expr('bool', d)})`,
          () => `(${this.expr(t, d)} IS ${r.pick(['', 'NOT '])}NULL)`,
          () => `(${this.expr('int', d)} IN (1, 2, ${r.pick(['NULL', '3'])}))`,
          () => `(${this.expr('str', d)} IN ('a', 'b'))`,
          () => `(${this.expr('int', d)} BETWEEN ${this.leaf('int')} AND ${this.leaf('int')})`,
        ])();
      }
    }
  }

  leaf(k: K): string {
    const r = this.rng;
    if (r.chance(0.7)) return r.pick(COLS[k]);
    switch (k) {
      case 'int':
        return String(r.int(-3, 3));
      case 'big':
        return r.pick(['BIGINT \'9007199254740993\'', '5']);
      case 'dec':
        return r.pick(['1.5', '0.01', '-2.25']);
      case 'dbl':
        return r.pick(['0.5e0', 'nan()', '-0e0']);
      case 'str':
        return r.pick(["'a'", "'x'", 'NULL']);
      case 'bool':
        return r.pick(['true', 'false', 'NULL']);
      case 'date':
        return "DATE '2024-03-01'";
    }
  }
}

export const show = (v: unknown): string => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'number' && !Number.isFinite(x) ? String(x) : Object.is(x, -0) ? '-0' : x));

