/**
 * Number text as Trino prints it. Trino is Java: a double prints as `Double.toString` — shortest
 * round-trip digits (JDK 19+), plain notation for 10^-3 ≤ |x| < 10^7 with at least one fractional
 * digit (`1.0`, `0.001`, `1234567.5`), computerized scientific notation otherwise (`1.0E7`,
 * `1.0E-4`, `1.2345E10`); `NaN`, `Infinity`, `-Infinity`, `-0.0`. Athena's console and result
 * CSV show doubles the same way (e.g. `1.0E10`). `real` prints as `Float.toString` (shortest
 * digits that round-trip through float32).
 */

/** Shortest digits and decimal exponent: x = 0.d1d2… × 10^exp10 … expressed as d1.d2… × 10^e. */
function javaStyle(digits: string, e: number, negative: boolean): string {
  const sign = negative ? '-' : '';
  if (e >= -3 && e < 7) {
    if (e >= 0) {
      const intPart = digits.slice(0, e + 1).padEnd(e + 1, '0');
      const frac = digits.slice(e + 1);
      return `${sign}${intPart}.${frac === '' ? '0' : frac}`;
    }
    return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  }
  const frac = digits.slice(1);
  return `${sign}${digits[0]}.${frac === '' ? '0' : frac}E${e}`;
}

function splitExponential(s: string): { digits: string; e: number } {
  // s like "1.2345e+10" or "5e-7"
  const [mant, exp] = s.split('e') as [string, string];
  return { digits: mant.replace('.', '').replace(/0+$/, '') || '0', e: Number(exp) };
}

/** Java's Double.toString. */
export function javaDoubleToString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const { digits, e } = splitExponential(Math.abs(x).toExponential());
  return javaStyle(digits, e, x < 0);
}

/** Java's Float.toString for a value already rounded to float32. */
export function javaFloatToString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const a = Math.abs(x);
  let s = a.toExponential(8);
  for (let p = 0; p <= 8; p++) {
    const cand = a.toExponential(p);
    if (Math.fround(Number(cand)) === Math.fround(a)) {
      s = cand;
      break;
    }
  }
  const { digits, e } = splitExponential(s);
  return javaStyle(digits, e, x < 0);
}
