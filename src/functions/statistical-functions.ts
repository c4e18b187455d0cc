/**
 * Statistical and vector functions of Trino's math.md: normal_cdf, inverse_normal_cdf, beta_cdf,
 * inverse_beta_cdf, t_cdf, t_pdf, wilson_interval_lower/upper, and cosine_similarity,
 * cosine_distance (dense arrays and sparse varchar→double maps), euclidean_distance, dot_product.
 * Argument checks and messages are Trino's (INVALID_FUNCTION_ARGUMENT).
 */
import type { MapValue, Value } from '../types/value.js';
import { betaCdf, erf, erfInv, inverseBetaCdf, tCdf, tPdf } from './special-math.js';
import { BIGINT, DOUBLE, V, arrayOf, defineFunction, invalidArg, mapOf } from './signature.js';

const d3 = (f: (a: number, b: number, c: number) => number) => ({
  args: [DOUBLE, DOUBLE, DOUBLE], returns: DOUBLE,
  impl: ([a, b, c]: Value[]) => f(a as number, b as number, c as number),
});

defineFunction('normal_cdf', [d3((mean, sd, v) => {
  if (!(sd > 0)) throw invalidArg('standardDeviation must be > 0');
  return 0.5 * (1 + erf((v - mean) / (sd * Math.sqrt(2))));
})]);

defineFunction('inverse_normal_cdf', [d3((mean, sd, p) => {
  if (!(p > 0 && p < 1)) throw invalidArg('p must be 0 > p > 1');
  if (!(sd > 0)) throw invalidArg('sd must be > 0');
  return mean + sd * 1.4142135623730951 * erfInv(2 * p - 1);
})]);

defineFunction('beta_cdf', [d3((a, b, v) => {
  if (!(v >= 0 && v <= 1)) throw invalidArg('value must be in the interval [0, 1]');
  if (!(a > 0 && b > 0)) throw invalidArg('a, b must be > 0');
  return betaCdf(a, b, v);
})]);

defineFunction('inverse_beta_cdf', [d3((a, b, p) => {
  if (!(p >= 0 && p <= 1)) throw invalidArg('p must be in the interval [0, 1]');
  if (!(a > 0 && b > 0)) throw invalidArg('a, b must be > 0');
  return inverseBetaCdf(a, b, p);
})]);

function checkDf(df: number): void {
  if (!(df > 0)) throw invalidArg('degrees of freedom must be greater than 0');
}
defineFunction('t_cdf', [{
  args: [DOUBLE, DOUBLE], returns: DOUBLE,
  impl: ([x, df]) => {
    checkDf(df as number);
    return tCdf(x as number, df as number);
  },
}]);
defineFunction('t_pdf', [{
  args: [DOUBLE, DOUBLE], returns: DOUBLE,
  impl: ([x, df]) => {
    checkDf(df as number);
    return tPdf(x as number, df as number);
  },
}]);

/** Wilson score interval bound (`sign` −1 lower, +1 upper), as Trino's WilsonInterval. */
function wilson(successes: bigint, trials: bigint, z: number, sign: number): number {
  if (successes < 0n) throw invalidArg('number of successes must not be negative');
  if (trials <= 0n) throw invalidArg('number of trials must be positive');
  if (successes > trials) throw invalidArg('number of successes must not be larger than number of trials');
  if (!(z >= 0)) throw invalidArg('z-score must not be negative');
  const p = (Number(successes) * 1.0) / Number(trials);
  const n = Number(trials);
  return (p + (z * z) / (2 * n) + sign * z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
}
defineFunction('wilson_interval_lower', [{
  args: [BIGINT, BIGINT, DOUBLE], returns: DOUBLE,
  impl: ([s, n, z]) => wilson(s as bigint, n as bigint, z as number, -1),
}]);
defineFunction('wilson_interval_upper', [{
  args: [BIGINT, BIGINT, DOUBLE], returns: DOUBLE,
  impl: ([s, n, z]) => wilson(s as bigint, n as bigint, z as number, 1),
}]);

// ---- vectors -----------------------------------------------------------------------------------

function dense(a: Value, b: Value): [number[], number[]] {
  const x = a as Value[];
  const y = b as Value[];
  if (x.length !== y.length) throw invalidArg('The arguments must have the same length');
  if (x.some((v) => v === null) || y.some((v) => v === null)) throw invalidArg('Vectors must not contain nulls');
  return [x as number[], y as number[]];
}

function denseCosine(a: Value, b: Value): number | null {
  const [x, y] = dense(a, b);
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < x.length; i++) {
    dot += x[i]! * y[i]!;
    nx += x[i]! * x[i]!;
    ny += y[i]! * y[i]!;
  }
  return dot / (Math.sqrt(nx) * Math.sqrt(ny));
}

/** Sparse vectors: NULL when a value is NULL (Trino's mapL2Norm), the dot product over shared keys. */
function sparseCosine(a: Value, b: Value): number | null {
  const l = a as MapValue;
  const r = b as MapValue;
  const norm = (m: MapValue): number | null => {
    let s = 0;
    for (const v of m.values) {
      if (v === null) return null;
      s += (v as number) * (v as number);
    }
    return Math.sqrt(s);
  };
  const nl = norm(l);
  const nr = norm(r);
  if (nl === null || nr === null) return null;
  const right = new Map<string, number>();
  r.keys.forEach((k, i) => right.set(k as string, r.values[i] as number));
  let dot = 0;
  l.keys.forEach((k, i) => {
    const v = right.get(k as string);
    if (v !== undefined) dot += (l.values[i] as number) * v;
  });
  return dot / (nl * nr);
}

const SPARSE = mapOf(V, DOUBLE);
const DENSE = arrayOf(DOUBLE);
defineFunction('cosine_similarity', [
  { args: [DENSE, DENSE], returns: DOUBLE, impl: ([a, b]) => denseCosine(a!, b!) },
  { args: [SPARSE, SPARSE], returns: DOUBLE, impl: ([a, b]) => sparseCosine(a!, b!) },
]);
const distance = (s: number | null): number | null => (s === null ? null : 1 - s);
defineFunction('cosine_distance', [
  { args: [DENSE, DENSE], returns: DOUBLE, impl: ([a, b]) => distance(denseCosine(a!, b!)) },
  { args: [SPARSE, SPARSE], returns: DOUBLE, impl: ([a, b]) => distance(sparseCosine(a!, b!)) },
]);
defineFunction('euclidean_distance', [{
  args: [DENSE, DENSE], returns: DOUBLE,
  impl: ([a, b]) => {
    const [x, y] = dense(a!, b!);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += (x[i]! - y[i]!) ** 2;
    return Math.sqrt(s);
  },
}]);
defineFunction('dot_product', [{
  args: [DENSE, DENSE], returns: DOUBLE,
  impl: ([a, b]) => {
    const [x, y] = dense(a!, b!);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
    return s;
  },
}]);
