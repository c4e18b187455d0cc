/**
 * date_diff over calendar units against a reference built from date_add: the forward difference
 * from a to b is the largest n with date_add(unit, n, a) <= b (Joda's field difference, end-of-month
 * rule included), and a backward difference is minus the forward one. Seeded, so it is repeatable.
 */
import { describe, expect, it } from 'vitest';
import { addMonthsToMicros, MICROS_PER_DAY } from '../../../src/types/datetime.js';
import { callRaw } from './call.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const MONTHS = { month: 1, quarter: 3, year: 12 } as const;

/** Largest n ≥ 0 with a + n·unit ≤ b (a ≤ b), by stepping from a lower estimate. */
function forward(unit: keyof typeof MONTHS, a: number, b: number): number {
  const step = MONTHS[unit];
  let n = 0;
  while (addMonthsToMicros(a, (n + 1) * step) <= b) n++;
  return n;
}

function reference(unit: keyof typeof MONTHS, a: number, b: number): number {
  return a <= b ? forward(unit, a, b) : -forward(unit, b, a);
}

describe('date_diff(month|quarter|year) = the date_add reference', () => {
  it('over 3,000 seeded pairs of timestamps near month ends and leap days', () => {
    const next = rng(20240229);
    const base = Date.UTC(2019, 0, 1) * 1000;
    const mismatches: string[] = [];
    for (let i = 0; i < 3000; i++) {
      // Days cluster at month ends (28–31) half the time; times of day at whole hours.
      const pick = (): number => {
        const month = addMonthsToMicros(base, Math.floor(next() * 72));
        const day = next() < 0.5 ? 27 + Math.floor(next() * 4) : Math.floor(next() * 31);
        const t = month + day * MICROS_PER_DAY + Math.floor(next() * 3) * 12 * 3_600_000_000;
        return t;
      };
      const a = pick();
      const b = pick();
      for (const unit of ['month', 'quarter', 'year'] as const) {
        const got = callRaw('date_diff', [['varchar', unit], ['timestamp(3)', a], ['timestamp(3)', b]]).value;
        const want = reference(unit, a, b);
        if (got !== BigInt(want)) mismatches.push(`${unit} ${new Date(a / 1000).toISOString()} → ${new Date(b / 1000).toISOString()}: ${String(got)} ≠ ${want}`);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
