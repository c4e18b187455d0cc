/**
 * Compares query results exactly enough to catch wrong answers: decimals and integers exactly,
 * doubles within 1e-9 relative, dates/timestamps exactly, strings exactly; rows in order only when
 * the query's ORDER BY fixes it, as multisets otherwise.
 */
import type { SqlType } from '../../src/types/sql-type.js';
import type { Value } from '../../src/types/value.js';

/** A value reduced to a form both aegis and DuckDB results can be brought to. */
export type Canon =
  | null
  | { t: 'num'; exact?: string; approx: number }
  | { t: 'str'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'date'; days: number }
  | { t: 'ts'; micros: number }
  | { t: 'list'; items: Canon[] };

export interface CanonResult {
  rows: Canon[][];
}

/** Exact decimal text without trailing zeros: 150n scale 2 → "1.5". */
export function decimalText(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  let digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  let text = scale > 0 ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}` : digits;
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  digits = text;
  return neg && digits !== '0' ? `-${digits}` : digits;
}

/** Brings an aegis value of the given type to canonical form. */
export function canonAegis(v: Value, type: SqlType): Canon {
  if (v === null) return null;
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'bigint':
      return { t: 'num', exact: BigInt(v as number | bigint).toString(), approx: Number(v) };
    case 'decimal': {
      const text = decimalText(v as bigint, type.scale);
      return { t: 'num', exact: text, approx: Number(text) };
    }
    case 'real':
    case 'double':
      return { t: 'num', approx: v as number };
    case 'boolean':
      return { t: 'bool', v: v as boolean };
    case 'date':
      return { t: 'date', days: v as number };
    case 'timestamp':
      return { t: 'ts', micros: Number(v) };
    case 'array':
      return { t: 'list', items: (v as Value[]).map((x) => canonAegis(x, type.element)) };
    default:
      return { t: 'str', v: String(v) };
  }
}

export interface Mismatch {
  message: string;
}

function cellEqual(a: Canon, b: Canon): boolean {
  if (a === null || b === null) return a === b;
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'num': {
      const bn = b as typeof a;
      if (a.exact !== undefined && bn.exact !== undefined) return a.exact === bn.exact;
      if (Number.isNaN(a.approx) || Number.isNaN(bn.approx)) return Number.isNaN(a.approx) && Number.isNaN(bn.approx);
      if (a.approx === bn.approx) return true;
      const scale = Math.max(Math.abs(a.approx), Math.abs(bn.approx));
      return Math.abs(a.approx - bn.approx) <= 1e-9 * scale;
    }
    case 'str':
      return a.v === (b as typeof a).v;
    case 'bool':
      return a.v === (b as typeof a).v;
    case 'date':
      return a.days === (b as typeof a).days;
    case 'ts':
      return a.micros === (b as typeof a).micros;
    case 'list': {
      const bl = b as typeof a;
      return a.items.length === bl.items.length && a.items.every((x, i) => cellEqual(x, bl.items[i]!));
    }
  }
}

function show(c: Canon): string {
  if (c === null) return 'NULL';
  switch (c.t) {
    case 'num':
      return c.exact ?? String(c.approx);
    case 'str':
      return JSON.stringify(c.v);
    case 'bool':
      return String(c.v);
    case 'date':
      return new Date(c.days * 86_400_000).toISOString().slice(0, 10);
    case 'ts':
      return new Date(c.micros / 1000).toISOString();
    case 'list':
      return `[${c.items.map(show).join(', ')}]`;
  }
}

export const showRow = (r: Canon[]): string => r.map(show).join(' | ');

/** Sort key for multiset comparison; doubles rounded so near-equal values sort together. */
function sortKey(r: Canon[]): string {
  return r
    .map((c) => (c !== null && c.t === 'num' && c.exact === undefined ? Number(c.approx.toPrecision(8)).toString() : show(c)))
    .join('\u0001');
}

/**
 * Returns null when equal, else a readable description of the first differences.
 * `ordered`: compare row by row in order (the query has an ORDER BY that fixes it).
 */
export function compareResults(actual: Canon[][], expected: Canon[][], ordered: boolean): string | null {
  if (actual.length !== expected.length) {
    return `row count differs: got ${actual.length}, expected ${expected.length}\n` +
      `first got:      ${actual.slice(0, 3).map(showRow).join('\n                ')}\n` +
      `first expected: ${expected.slice(0, 3).map(showRow).join('\n                ')}`;
  }
  const a = ordered ? actual : [...actual].sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0));
  const e = ordered ? expected : [...expected].sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0));
  const diffs: string[] = [];
  for (let i = 0; i < a.length && diffs.length < 5; i++) {
    const ra = a[i]!;
    const re = e[i]!;
    if (ra.length !== re.length || !ra.every((c, j) => cellEqual(c, re[j]!))) {
      diffs.push(`row ${i}: got      ${showRow(ra)}\n        expected ${showRow(re)}`);
    }
  }
  return diffs.length ? diffs.join('\n') : null;
}
