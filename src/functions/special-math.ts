/**
 * Special functions behind the distribution functions: erf / erfInv and the regularized
 * incomplete gamma and beta functions, following Apache Commons Math (which Trino calls): the
 * same series, continued fractions (modified Lentz) and Giles' erfinv polynomials, so results
 * agree with Trino's to about 1e-14.
 */

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9). */
export function logGamma(x: number): number {
  if (Number.isNaN(x) || x <= 0) return NaN;
  if (x === 0.5) return 0.5723649429247001; // log √π, the case erf needs, exactly
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let a = c[0]!;
  const t = z + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log B(a, b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Modified Lentz evaluation of a continued fraction a0 + b1/(a1 + b2/(a2 + …)). */
function continuedFraction(getA: (n: number) => number, getB: (n: number) => number, epsilon: number, maxIterations: number): number {
  const small = 1e-50;
  let hPrev = getA(0);
  if (Math.abs(hPrev) <= small) hPrev = small;
  let dPrev = 0;
  let cPrev = hPrev;
  let hN = hPrev;
  for (let n = 1; n < maxIterations; n++) {
    const a = getA(n);
    const b = getB(n);
    let dN = a + b * dPrev;
    if (Math.abs(dN) <= small) dN = small;
    let cN = a + b / cPrev;
    if (Math.abs(cN) <= small) cN = small;
    dN = 1 / dN;
    const delta = cN * dN;
    hN = hPrev * delta;
    if (!Number.isFinite(hN)) return NaN;
    if (Math.abs(delta - 1) < epsilon) break;
    dPrev = dN;
    cPrev = cN;
    hPrev = hN;
  }
  return hN;
}

/** P(a, x), the regularized lower incomplete gamma function. */
export function regularizedGammaP(a: number, x: number, epsilon = 1e-15, maxIterations = 10000): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 0;
  if (x >= a + 1) return 1 - regularizedGammaQ(a, x, epsilon, maxIterations);
  let n = 0;
  let an = 1 / a;
  let sum = an;
  while (Math.abs(an / sum) > epsilon && n < maxIterations && sum < Infinity) {
    n += 1;
    an *= x / (a + n);
    sum += an;
  }
  if (!Number.isFinite(sum)) return 1;
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * sum;
}

/** Q(a, x) = 1 − P(a, x). */
export function regularizedGammaQ(a: number, x: number, epsilon = 1e-15, maxIterations = 10000): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 1;
  if (x < a + 1) return 1 - regularizedGammaP(a, x, epsilon, maxIterations);
  const cf = continuedFraction((n) => 2 * n + 1 - a + x, (n) => n * (a - n), epsilon, maxIterations);
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) / cf;
}

/** The error function. */
export function erf(x: number): number {
  if (Math.abs(x) > 40) return x > 0 ? 1 : -1;
  const r = regularizedGammaP(0.5, x * x);
  return x < 0 ? -r : r;
}

/** The inverse error function (Giles' double-precision approximation). */
export function erfInv(x: number): number {
  let w = -Math.log((1 - x) * (1 + x));
  let p: number;
  if (w < 6.25) {
    w -= 3.125;
    p = -3.6444120640178196996e-21;
    for (const c of [-1.685059138182016589e-19, 1.2858480715256400167e-18, 1.115787767802518096e-17, -1.333171662854620906e-16,
      2.0972767875968561637e-17, 6.6376381343583238325e-15, -4.0545662729752068639e-14, -8.1519341976054721522e-14,
      2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11, 1.051212273321532285e-9,
      -4.1126339803469836976e-9, -2.9070369957882005086e-8, 4.2347877827932403518e-7, -1.3654692000834678645e-6,
      -1.3882523362786468719e-5, 0.0001867342080340571352, -0.00074070253416626697512, -0.0060336708714301490533,
      0.24015818242558961693, 1.6536545626831027356]) p = c + p * w;
  } else if (w < 16) {
    w = Math.sqrt(w) - 3.25;
    p = 2.2137376921775787049e-9;
    for (const c of [9.0756561938885390979e-8, -2.7517406297064545428e-7, 1.8239629214389227755e-8, 1.5027403968909827627e-6,
      -4.013867526981545969e-6, 2.9234449089955446044e-6, 1.2475304481671778723e-5, -4.7318229009055733981e-5,
      6.8284851459573175448e-5, 2.4031110387097893999e-5, -0.0003550375203628474796, 0.00095328937973738049703,
      -0.0016882755560235047313, 0.0024914420961078508066, -0.0037512085075692412107, 0.005370914553590063617,
      1.0052589676941592334, 3.0838856104922207635]) p = c + p * w;
  } else if (Number.isFinite(w)) {
    w = Math.sqrt(w) - 5;
    p = -2.7109920616438573243e-11;
    for (const c of [-2.5556418169965252055e-10, 1.5076572693500548083e-9, -3.7894654401267369937e-9, 7.6157012080783393804e-9,
      -1.4960026627149240478e-8, 2.9147953450901080826e-8, -6.7711997758452339498e-8, 2.2900482228026654717e-7,
      -9.9298272942317002539e-7, 4.5260625972231537039e-6, -1.9681778105531670567e-5, 7.5995277030017761139e-5,
      -0.00021503011930044477347, -0.00013871931833623122026, 1.0103004648645343977, 4.8499064014085844221]) p = c + p * w;
  } else {
    p = Infinity;
  }
  return p * x;
}

/** I_x(a, b), the regularized incomplete beta function. */
export function regularizedBeta(x: number, a: number, b: number, epsilon = 1e-14, maxIterations = 1e6): number {
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b) || x < 0 || x > 1 || a <= 0 || b <= 0) return NaN;
  if (x > (a + 1) / (2 + b + a) && 1 - x <= (b + 1) / (2 + b + a)) return 1 - regularizedBeta(1 - x, b, a, epsilon, maxIterations);
  const getB = (n: number): number => {
    if (n % 2 === 0) {
      const m = n / 2;
      return (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    }
    const m = (n - 1) / 2;
    return -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
  };
  const cf = continuedFraction(() => 1, getB, epsilon, maxIterations);
  return Math.exp(a * Math.log(x) + b * Math.log1p(-x) - Math.log(a) - logBeta(a, b)) / cf;
}

/** The Beta(a, b) cumulative distribution at v (0 below the support, 1 above). */
export function betaCdf(a: number, b: number, v: number): number {
  if (v <= 0) return 0;
  if (v >= 1) return 1;
  return regularizedBeta(v, a, b);
}

/** Inverse of {@link betaCdf} by bisection (Trino's solver is accurate to 1e-9; this to 1e-15). */
export function inverseBetaCdf(a: number, b: number, p: number): number {
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-16; i++) {
    const mid = (lo + hi) / 2;
    if (betaCdf(a, b, mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Student's t cumulative distribution with `df` degrees of freedom. */
export function tCdf(x: number, df: number): number {
  if (x === 0) return 0.5;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const t = regularizedBeta(df / (df + x * x), 0.5 * df, 0.5);
  return x < 0 ? 0.5 * t : 1 - 0.5 * t;
}

/** Student's t probability density with `df` degrees of freedom. */
export function tPdf(x: number, df: number): number {
  const n = df;
  return Math.exp(logGamma((n + 1) / 2) - logGamma(n / 2) - 0.5 * (Math.log(Math.PI) + Math.log(n)) - ((n + 1) / 2) * Math.log(1 + (x * x) / n));
}
