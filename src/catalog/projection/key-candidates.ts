/**
 * The candidate values of one projected partition key, narrowed by the query's constraints on
 * that key *before* anything is enumerated: an `integer` range of a billion values with
 * `WHERE id = 5` yields one candidate, not a billion strings. Equality / IN constraints pick
 * values directly; range constraints clamp integer ranges (numeric keys) and date ranges
 * (formats that sort chronologically as text). What cannot be narrowed is enumerated only if it
 * fits the limit. The caller still filters the candidates by every constraint.
 */
import { AegisError } from '../../errors.js';
import { isNumeric, type SqlType } from '../../types/sql-type.js';
import { numericValue, type KeyConstraint } from '../partition-filter.js';
import { addUnits, type ChronoUnit } from './date-format.js';
import type { ColumnProjection, DateBound } from './projection-config.js';

const FIXED_MS: Partial<Record<ChronoUnit, number>> = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000 };

/** Values given by eq / IN constraints (their intersection), or undefined when none. */
export function equalityValues(cs: readonly KeyConstraint[]): string[] | undefined {
  let values: string[] | undefined;
  for (const c of cs) {
    const vs = c.op === 'eq' ? [String(c.value)] : c.op === 'in' ? c.values.map(String) : undefined;
    if (vs) values = values === undefined ? [...new Set(vs)] : values.filter((v) => vs.includes(v));
  }
  return values;
}

/**
 * Candidates for a non-injected key.
 * @throws AegisError INVALID_ARGUMENT when more than `limit` values would have to be enumerated.
 */
export function keyCandidates(key: string, keyType: SqlType, spec: Exclude<ColumnProjection, { type: 'injected' }>, cs: readonly KeyConstraint[], now: Date, limit: number): string[] {
  const eq = equalityValues(cs);
  switch (spec.type) {
    case 'enum':
      return spec.values;
    case 'integer': {
      const fmt = (n: number): string => (spec.digits === undefined ? String(n) : `${n < 0 ? '-' : ''}${String(Math.abs(n)).padStart(spec.digits, '0')}`);
      if (eq) {
        return eq.flatMap((v) => {
          const n = numericValue(v);
          const ok = n !== undefined && Number.isInteger(n) && n >= spec.min && n <= spec.max && (n - spec.min) % spec.interval === 0;
          return ok ? [fmt(n)] : [];
        });
      }
      let lo = spec.min;
      let hi = spec.max;
      if (isNumeric(keyType)) {
        for (const c of cs) {
          if (c.op !== 'range') continue;
          const l = c.low ? numericValue(c.low.value) : undefined;
          const h = c.high ? numericValue(c.high.value) : undefined;
          if (l !== undefined) lo = Math.max(lo, Math.ceil(l));
          if (h !== undefined) hi = Math.min(hi, Math.floor(h));
        }
        // Re-align the lower end to the interval grid.
        lo = spec.min + Math.ceil((lo - spec.min) / spec.interval) * spec.interval;
      }
      if (lo > hi) return [];
      checkLimit(key, Math.floor((hi - lo) / spec.interval) + 1, limit);
      const out: string[] = [];
      for (let v = lo; v <= hi; v += spec.interval) out.push(fmt(v));
      return out;
    }
    case 'date': {
      const start = spec.format.truncate(resolveBound(spec.start, now));
      let end = spec.format.truncate(resolveBound(spec.end, now));
      const onGrid = (d: Date): boolean => {
        const k = stepsBetween(start, d, spec.interval, spec.unit);
        return k >= 0 && addUnits(start, k * spec.interval, spec.unit).getTime() === d.getTime();
      };
      if (eq) {
        return eq.filter((v) => {
          const d = spec.format.parse(v);
          return d !== undefined && spec.format.format(d) === v && d.getTime() <= end.getTime() && onGrid(d);
        });
      }
      let first = 0;
      if (spec.format.sortsChronologically()) {
        for (const c of cs) {
          if (c.op !== 'range') continue;
          const l = c.low ? spec.format.parse(String(c.low.value)) : undefined;
          const h = c.high ? spec.format.parse(String(c.high.value)) : undefined;
          if (l && l.getTime() > start.getTime()) first = Math.max(first, stepsBetween(start, l, spec.interval, spec.unit));
          if (h && h.getTime() < end.getTime()) end = h;
        }
      }
      const count = Math.max(0, stepsBetween(start, end, spec.interval, spec.unit) - first + 1);
      checkLimit(key, count, limit);
      const out: string[] = [];
      for (let i = first; ; i++) {
        const d = addUnits(start, i * spec.interval, spec.unit);
        if (d.getTime() > end.getTime()) break;
        out.push(spec.format.format(d));
      }
      return out;
    }
  }
}

/** Whole steps of `interval` units from `a` to `b` (floor), without stepping one by one. */
function stepsBetween(a: Date, b: Date, interval: number, unit: ChronoUnit): number {
  const fixed = FIXED_MS[unit];
  let units: number;
  if (fixed !== undefined) units = (b.getTime() - a.getTime()) / fixed;
  else if (unit === 'DAYS' || unit === 'WEEKS') {
    // Calendar days in UTC are 86,400,000 ms exactly.
    units = (b.getTime() - a.getTime()) / 86_400_000 / (unit === 'WEEKS' ? 7 : 1);
  } else {
    const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
    units = unit === 'MONTHS' ? months : months / 12;
    // A partial month/year does not count as a step.
    if (addUnits(a, Math.floor(units), unit).getTime() > b.getTime()) units = Math.floor(units) - 1;
  }
  return Math.floor(Math.floor(units) / interval);
}

function resolveBound(b: DateBound, now: Date): Date {
  return b.kind === 'fixed' ? b.date : addUnits(now, b.amount, b.unit);
}

function checkLimit(key: string, count: number, limit: number): void {
  if (count > limit) {
    throw new AegisError(
      'INVALID_ARGUMENT',
      `Partition projection for key '${key}' would enumerate ${count} values, more than the limit of ${limit}. Add predicates on '${key}'.`,
      { partitionKey: key, values: count },
    );
  }
}

