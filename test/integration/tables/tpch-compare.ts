/**
 * How an aegis TPC-H answer is checked against DuckDB's:
 *
 * - Types: where Trino (and so Athena) answers a decimal and DuckDB a double — `avg(decimal)`,
 *   decimal division — the double is rounded HALF_UP to the decimal's scale and then compared
 *   exactly; the decimal types themselves are asserted separately (see `TRINO_DECIMALS`).
 * - Order: rows are compared in order only on the ORDER BY keys. Rows whose keys tie may come in
 *   any order, so each run of equal keys is compared as a multiset. With LIMIT, the last run may
 *   have been cut: its rows must be a sub-multiset of all rows with that key in DuckDB's answer
 *   without the LIMIT.
 */
import type { SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { canonAegis, compareResults, decimalText, showRow, type Canon } from '../../util/compare-results.js';

/** ORDER BY output column names and LIMIT of a query whose last clauses are ORDER BY [LIMIT]. */
export interface OrderSpec {
  keys: string[];
  limit?: number;
}

/** Reads the trailing `order by … [limit n]` of a query text; undefined without ORDER BY. */
export function orderSpecOf(sql: string): OrderSpec | undefined {
  const m = /^[\s\S]*\border\s+by\s+([\s\S]*?)(?:\blimit\s+(\d+)\s*)?$/i.exec(sql);
  if (!m || /\)/.test(m[1]!)) return undefined;
  const keys = m[1]!
    .split(',')
    .map((k) => k.trim().replace(/\s+(asc|desc)$/i, '').toLowerCase())
    .filter((k) => k !== '');
  return { keys, ...(m[2] ? { limit: Number(m[2]) } : {}) };
}

/** The query without its trailing LIMIT (for the tie check at the LIMIT boundary). */
export function withoutLimit(sql: string): string {
  return sql.replace(/\blimit\s+\d+\s*$/i, '');
}

/** Rounds a double HALF_UP (away from zero) to `scale` decimals as exact decimal text. */
function roundedText(x: number, scale: number): { text: string; tie: boolean } | undefined {
  const scaled = Math.abs(x) * 10 ** scale;
  if (!Number.isFinite(scaled) || scaled > 2 ** 52) return undefined;
  const frac = scaled - Math.floor(scaled);
  const unscaled = BigInt(Math.floor(scaled) + (frac >= 0.5 ? 1 : 0)) * (x < 0 ? -1n : 1n);
  return { text: decimalText(unscaled, scale), tie: Math.abs(frac - 0.5) < 1e-6 };
}

/**
 * DuckDB's rows brought to aegis's column types: a double where aegis has decimal(p, s) becomes
 * the decimal rounded to scale s. Near a rounding tie (the double cannot say which way the exact
 * value rounds) aegis's cell is accepted when it is within half a unit of the double.
 */
export function alignExpected(expected: Canon[][], actual: Canon[][], types: readonly SqlType[]): Canon[][] {
  return expected.map((row, i) =>
    row.map((c, j) => {
      const t = types[j];
      if (!t || t.kind !== 'decimal' || c === null || c.t !== 'num' || c.exact !== undefined) return c;
      const r = roundedText(c.approx, t.scale);
      if (!r) return c;
      const mine = actual[i]?.[j];
      if (r.tie && mine && mine.t === 'num' && Math.abs(mine.approx - c.approx) <= 0.5 * 10 ** -t.scale * (1 + 1e-9)) return mine;
      return { t: 'num', exact: r.text, approx: Number(r.text) };
    }),
  );
}

const rowsEqual = (a: Canon[], b: Canon[]): boolean => compareResults([a], [b], true) === null;

/** Removes from `pool` one row equal to each row of `rows`; false when one has no partner. */
function takeAll(rows: Canon[][], pool: Canon[][]): boolean {
  const left = [...pool];
  for (const r of rows) {
    const i = left.findIndex((x) => rowsEqual(x, r));
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

export interface Answer {
  columns: string[];
  rows: Canon[][];
}

/**
 * Null when aegis's answer matches DuckDB's, else a readable description of the difference.
 * `expectedUnlimited` is DuckDB's answer without the LIMIT (needed only when `spec.limit`).
 */
export function compareAnswer(actual: Answer, expected: Canon[][], spec: OrderSpec | undefined, expectedUnlimited?: Canon[][]): string | null {
  if (!spec) return compareResults(actual.rows, expected, false);
  const keyIdx = spec.keys.map((k) => {
    const i = actual.columns.findIndex((c) => c.toLowerCase() === k);
    if (i < 0) throw new Error(`ORDER BY key '${k}' is not an output column (${actual.columns.join(', ')})`);
    return i;
  });
  const keysOf = (rows: Canon[][]): Canon[][] => rows.map((r) => keyIdx.map((i) => r[i]!));
  const keyDiff = compareResults(keysOf(actual.rows), keysOf(expected), true);
  if (keyDiff) return `ORDER BY keys differ (${spec.keys.join(', ')}):\n${keyDiff}`;
  // Runs of equal keys (keys are equal row by row now, so expected's runs are actual's runs).
  const ek = keysOf(expected);
  for (let start = 0; start < expected.length; ) {
    let end = start + 1;
    while (end < expected.length && rowsEqual(ek[end]!, ek[start]!)) end++;
    const got = actual.rows.slice(start, end);
    const cut = spec.limit !== undefined && end === expected.length && expected.length === spec.limit;
    if (cut) {
      if (!expectedUnlimited) throw new Error('a LIMIT query needs DuckDB\'s answer without the LIMIT');
      const tied = expectedUnlimited.filter((r) => rowsEqual(keyIdx.map((i) => r[i]!), ek[start]!));
      if (!takeAll(got, tied)) return `rows ${start}..${end - 1} (key ${showRow(ek[start]!)}) are not among DuckDB's rows with that key:\n${got.map(showRow).join('\n')}`;
    } else {
      const d = compareResults(got, expected.slice(start, end), false);
      if (d) return `rows ${start}..${end - 1} (key ${showRow(ek[start]!)}):\n${d}`;
    }
    start = end;
  }
  return null;
}

/** An aegis result in canonical form. */
export function canonResult(r: { columns: { name: string; type: SqlType }[]; rows: Value[][] }): Answer {
  return { columns: r.columns.map((c) => c.name), rows: r.rows.map((row) => row.map((v, i) => canonAegis(v, r.columns[i]!.type))) };
}

/**
 * Result columns where Trino's type is a decimal but DuckDB's a double, with Trino's type:
 * avg(decimal(p, s)) is decimal(p, s); a decimal quotient has scale max(s1, s2).
 */
export const TRINO_DECIMALS: Readonly<Record<number, Readonly<Record<string, string>>>> = {
  1: { avg_qty: 'decimal(15,2)', avg_price: 'decimal(15,2)', avg_disc: 'decimal(15,2)' },
  8: { mkt_share: 'decimal(38,4)' },
  14: { promo_revenue: 'decimal(38,6)' },
  17: { avg_yearly: 'decimal(38,2)' },
};
