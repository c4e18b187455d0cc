/**
 * Statistical aggregates over doubles: stddev/stddev_samp, stddev_pop, variance/var_samp,
 * var_pop, corr, covar_samp, covar_pop, regr_slope, regr_intercept, geometric_mean, kurtosis,
 * skewness. Moments are kept with Welford/Chan updates so partial states merge exactly as
 * Trino's do; sample statistics of fewer than 2 rows are NULL.
 */
import type { SqlType } from '../types/sql-type.js';
import { aggregateOf, defineAggregate } from './aggregate-support.js';
import { registerAlias } from './function-table.js';
import { DOUBLE } from './signature.js';

const NUMERIC = ['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal', 'unknown'];
const numeric = (ts: SqlType[], n: number): boolean => ts.length === n && ts.every((t) => NUMERIC.includes(t.kind));

interface Moments {
  n: number;
  mean: number;
  /** Σ(x − mean)², updated as Trino's VarianceState (Welford): what variance and stddev use. */
  v2: number;
  /** Central moments as Trino's CentralMomentsState: what skewness and kurtosis use. */
  m2: number;
  m3: number;
  m4: number;
}

function addMoment(s: Moments, x: number): void {
  const n1 = s.n;
  s.n++;
  const delta = x - s.mean;
  const dn = delta / s.n;
  const dn2 = dn * dn;
  const t1 = delta * dn * n1;
  s.mean += dn;
  s.v2 += delta * (x - s.mean);
  s.m4 += t1 * dn2 * (s.n * s.n - 3 * s.n + 3) + 6 * dn2 * s.m2 - 4 * dn * s.m3;
  s.m3 += t1 * dn * (s.n - 2) - 3 * dn * s.m2;
  s.m2 += t1;
}

function mergeMoments(a: Moments, b: Moments): void {
  if (b.n === 0) return;
  if (a.n === 0) {
    Object.assign(a, b);
    return;
  }
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  const d2 = delta * delta;
  const m2 = a.m2 + b.m2 + (d2 * a.n * b.n) / n;
  a.v2 += b.v2 + (d2 * b.n * a.n) / n;
  const m3 = a.m3 + b.m3 + (d2 * delta * a.n * b.n * (a.n - b.n)) / (n * n) + (3 * delta * (a.n * b.m2 - b.n * a.m2)) / n;
  const m4 = a.m4 + b.m4 + (d2 * d2 * a.n * b.n * (a.n * a.n - a.n * b.n + b.n * b.n)) / (n * n * n) +
    (6 * d2 * (a.n * a.n * b.m2 + b.n * b.n * a.m2)) / (n * n) + (4 * delta * (a.n * b.m3 - b.n * a.m3)) / n;
  a.mean = (a.n * a.mean + b.n * b.mean) / n;
  a.n = n;
  a.m2 = m2;
  a.m3 = m3;
  a.m4 = m4;
}

const toNum = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

function defineMoment(name: string, result: (s: Moments) => number | null): void {
  defineAggregate(name, [`${name}(double)`], (args) => {
    if (!numeric(args, 1)) return undefined;
    return aggregateOf(DOUBLE, [DOUBLE], {
      init: (): Moments => ({ n: 0, mean: 0, v2: 0, m2: 0, m3: 0, m4: 0 }),
      add: (s, [x]) => {
        if (x !== null) addMoment(s, toNum(x));
      },
      merge: (a, b) => mergeMoments(a, b),
      result: (s) => result(s),
    });
  });
}

defineMoment('stddev_samp', (s) => (s.n < 2 ? null : Math.sqrt(s.v2 / (s.n - 1))));
defineMoment('stddev_pop', (s) => (s.n === 0 ? null : Math.sqrt(s.v2 / s.n)));
defineMoment('var_samp', (s) => (s.n < 2 ? null : s.v2 / (s.n - 1)));
defineMoment('var_pop', (s) => (s.n === 0 ? null : s.v2 / s.n));
defineMoment('skewness', (s) => (s.n < 3 || s.m2 === 0 ? null : (Math.sqrt(s.n) * s.m3) / Math.pow(s.m2, 1.5)));
defineMoment('kurtosis', (s) => {
  if (s.n < 4 || s.m2 === 0) return null;
  const n = s.n;
  const t = (n * (n + 1) * (n - 1) * s.m4) / ((n - 2) * (n - 3) * s.m2 * s.m2);
  return t - (3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3));
});
registerAlias('stddev', 'stddev_samp');
registerAlias('variance', 'var_samp');

interface Co {
  n: number;
  mx: number;
  my: number;
  c: number; // co-moment
  m2x: number;
  m2y: number;
}

function defineCo(name: string, result: (s: Co) => number | null): void {
  defineAggregate(name, [`${name}(double, double)`], (args) => {
    if (!numeric(args, 2)) return undefined;
    return aggregateOf(DOUBLE, [DOUBLE, DOUBLE], {
      init: (): Co => ({ n: 0, mx: 0, my: 0, c: 0, m2x: 0, m2y: 0 }),
      add: (s, [yv, xv]) => {
        if (yv === null || xv === null) return;
        const x = toNum(xv);
        const y = toNum(yv);
        s.n++;
        const dx = x - s.mx;
        s.mx += dx / s.n;
        const dy = y - s.my;
        s.my += dy / s.n;
        s.c += dx * (y - s.my);
        s.m2x += dx * (x - s.mx);
        s.m2y += dy * (y - s.my);
      },
      merge: (a, b) => {
        if (b.n === 0) return;
        if (a.n === 0) {
          Object.assign(a, b);
          return;
        }
        const n = a.n + b.n;
        const dx = b.mx - a.mx;
        const dy = b.my - a.my;
        a.c += b.c + (dx * dy * a.n * b.n) / n;
        a.m2x += b.m2x + (dx * dx * a.n * b.n) / n;
        a.m2y += b.m2y + (dy * dy * a.n * b.n) / n;
        a.mx = (a.n * a.mx + b.n * b.mx) / n;
        a.my = (a.n * a.my + b.n * b.my) / n;
        a.n = n;
      },
      result: (s) => result(s),
    });
  });
}

defineCo('covar_samp', (s) => (s.n < 2 ? null : s.c / (s.n - 1)));
defineCo('covar_pop', (s) => (s.n === 0 ? null : s.c / s.n));
defineCo('corr', (s) => (s.n < 2 || s.m2x === 0 || s.m2y === 0 ? null : s.c / Math.sqrt(s.m2x * s.m2y)));
defineCo('regr_slope', (s) => (s.n < 2 || s.m2x === 0 ? null : s.c / s.m2x));
defineCo('regr_intercept', (s) => (s.n < 2 || s.m2x === 0 ? null : s.my - (s.c / s.m2x) * s.mx));

defineAggregate('geometric_mean', ['geometric_mean(double)'], (args) => {
  if (!numeric(args, 1)) return undefined;
  return aggregateOf(DOUBLE, [DOUBLE], {
    init: () => ({ n: 0, logSum: 0 }),
    add: (s, [x]) => {
      if (x === null) return;
      s.n++;
      s.logSum += Math.log(x as number);
    },
    merge: (a, b) => {
      a.n += b.n;
      a.logSum += b.logSum;
    },
    result: (s) => (s.n === 0 ? null : Math.exp(s.logSum / s.n)),
  });
});
