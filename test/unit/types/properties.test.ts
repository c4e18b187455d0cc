/** Property checks over seeded random values: order, identity and hashing agree; text round-trips. */
import { describe, expect, it } from 'vitest';
import { compareValues, hashValue, makeComparator, valuesEqual } from '../../../src/types/compare.js';
import { formatValue, parseValueFromText } from '../../../src/types/format-value.js';
import { parseTypeName as p } from '../../../src/types/type-parser.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const GEN: Record<string, (r: () => number) => Value> = {
  integer: (r) => Math.floor(r() * 2000) - 1000,
  bigint: (r) => BigInt(Math.floor(r() * 2 ** 40)) * (r() < 0.5 ? -1n : 1n) * 100003n,
  double: (r) => [NaN, 0, -0, Infinity, 1e300, -1e-300][Math.floor(r() * 30)] ?? (r() - 0.5) * 10 ** Math.floor(r() * 20 - 10),
  'decimal(20,4)': (r) => BigInt(Math.floor((r() - 0.5) * 1e15)),
  varchar: (r) => Array.from({ length: Math.floor(r() * 4) }, () => ['a', 'b', 'é', '😀', '\uFF5E', ' '][Math.floor(r() * 6)]).join(''),
  date: (r) => Math.floor((r() - 0.5) * 100000),
  'timestamp(6)': (r) => Math.floor((r() - 0.5) * 4e15),
  boolean: (r) => r() < 0.5,
  'array(integer)': (r) => Array.from({ length: Math.floor(r() * 3) }, () => (r() < 0.2 ? null : Math.floor(r() * 3))),
  'row(a integer, b varchar)': (r) => [Math.floor(r() * 3), ['x', 'y'][Math.floor(r() * 2)]!],
};

describe('compare/equal/hash are consistent', () => {
  for (const [typeText, gen] of Object.entries(GEN)) {
    it(typeText, () => {
      const t: SqlType = p(typeText);
      const r = rng(42);
      const vals = Array.from({ length: 300 }, () => gen(r));
      for (let i = 0; i < vals.length; i++) {
        const a = vals[i]!;
        const b = vals[(i * 7 + 3) % vals.length]!;
        const c = vals[(i * 13 + 5) % vals.length]!;
        const ab = compareValues(a, b, t);
        expect(compareValues(b, a, t) + ab).toBe(0); // antisymmetric
        expect(compareValues(a, a, t)).toBe(0);
        if (ab === 0) {
          expect(valuesEqual(a, b, t)).toBe(true);
          expect(hashValue(a, t)).toBe(hashValue(b, t));
        } else expect(valuesEqual(a, b, t)).toBe(false);
        // transitive
        if (ab <= 0 && compareValues(b, c, t) <= 0) expect(compareValues(a, c, t)).toBeLessThanOrEqual(0);
      }
      // sorting is stable under the order
      const sorted = [...vals].sort((x, y) => compareValues(x, y, t));
      for (let i = 1; i < sorted.length; i++) expect(compareValues(sorted[i - 1]!, sorted[i]!, t)).toBeLessThanOrEqual(0);
    });
  }
});

describe('formatValue / parseValueFromText round trip', () => {
  for (const typeText of ['integer', 'bigint', 'double', 'decimal(20,4)', 'date', 'timestamp(6)', 'boolean', 'array(integer)']) {
    it(typeText, () => {
      const t = p(typeText);
      const r = rng(7);
      for (let i = 0; i < 300; i++) {
        const v = GEN[typeText]!(r);
        const back = parseValueFromText(formatValue(v, t), t);
        expect(valuesEqual(back, v, t)).toBe(true);
      }
    });
  }
});

describe('makeComparator agrees with compareValues', () => {
  for (const [typeText, gen] of Object.entries(GEN)) {
    it(typeText, () => {
      const t = p(typeText);
      const cmp = makeComparator(t);
      const r = rng(3);
      for (let i = 0; i < 300; i++) {
        const a = r() < 0.1 ? null : gen(r);
        const b = r() < 0.1 ? null : gen(r);
        expect(Math.sign(cmp(a, b))).toBe(Math.sign(compareValues(a, b, t)));
      }
    });
  }
});
