/**
 * Implicit coercion (Trino's TypeCoercion): which types a value may silently widen to, and the
 * common super type of two types (for CASE branches, UNION columns, IN lists, comparisons and
 * function overload resolution).
 *
 *   unknown → anything
 *   tinyint → smallint → integer → bigint → real → double; each integer type → decimal(3|5|10|19, 0)
 *   decimal(p,s) → decimal with ≥ integer digits and ≥ scale, → real, → double
 *   varchar(n) → varchar(m ≥ n) / varchar, → char(n) ; char(n) → char(m ≥ n)
 *   date → timestamp(p) [with time zone]; timestamp(p) → timestamp(q ≥ p) [with time zone]
 *   array / map / row: element-wise (rows by position, names kept from the target)
 */
import type { SqlType } from './sql-type.js';
import { typesEqual } from './sql-type.js';

const INT_RANK: Record<string, number> = { tinyint: 1, smallint: 2, integer: 3, bigint: 4 };
const INT_DECIMAL_DIGITS: Record<string, number> = { tinyint: 3, smallint: 5, integer: 10, bigint: 19 };

/** The decimal type an integer type widens to exactly (integer → decimal(10,0)). */
export function integerAsDecimal(t: SqlType): SqlType | undefined {
  const p = INT_DECIMAL_DIGITS[t.kind];
  return p === undefined ? undefined : { kind: 'decimal', precision: p, scale: 0 };
}

/**
 * How far `from` is from `to` under implicit coercion: 0 when equal, a positive cost when
 * coercible (smaller = more specific overload), undefined when not coercible.
 */
export function coercionCost(from: SqlType, to: SqlType): number | undefined {
  if (typesEqual(from, to)) return 0;
  if (from.kind === 'unknown') return 1;
  const fr = INT_RANK[from.kind];
  if (fr !== undefined) {
    const tr = INT_RANK[to.kind];
    if (tr !== undefined) return tr > fr ? tr - fr : undefined;
    if (to.kind === 'decimal') {
      const need = INT_DECIMAL_DIGITS[from.kind]!;
      return to.precision - to.scale >= need ? 5 : undefined;
    }
    if (to.kind === 'real') return 6;
    if (to.kind === 'double') return 7;
    return undefined;
  }
  switch (from.kind) {
    case 'decimal':
      if (to.kind === 'decimal') {
        return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale ? 1 : undefined;
      }
      if (to.kind === 'real') return 2;
      if (to.kind === 'double') return 3;
      return undefined;
    case 'real':
      return to.kind === 'double' ? 1 : undefined;
    case 'varchar':
      if (to.kind === 'varchar') {
        if (to.length === undefined) return 1;
        return from.length !== undefined && from.length <= to.length ? 1 : undefined;
      }
      if (to.kind === 'char') return from.length !== undefined && from.length <= to.length ? 2 : undefined;
      return undefined;
    case 'char':
      return to.kind === 'char' && to.length >= from.length ? 1 : undefined;
    case 'date':
      return to.kind === 'timestamp' ? (to.withTimeZone ? 3 : 2) : undefined;
    case 'timestamp':
      if (to.kind !== 'timestamp' || to.precision < from.precision) return undefined;
      if (from.withTimeZone && !to.withTimeZone) return undefined;
      return to.withTimeZone && !from.withTimeZone ? 2 : 1;
    case 'array':
      return to.kind === 'array' ? coercionCost(from.element, to.element) : undefined;
    case 'map': {
      if (to.kind !== 'map') return undefined;
      const k = coercionCost(from.key, to.key);
      const v = coercionCost(from.value, to.value);
      return k === undefined || v === undefined ? undefined : k + v;
    }
    case 'row': {
      if (to.kind !== 'row' || to.fields.length !== from.fields.length) return undefined;
      let sum = 0;
      for (let i = 0; i < from.fields.length; i++) {
        const c = coercionCost(from.fields[i]!.type, to.fields[i]!.type);
        if (c === undefined) return undefined;
        sum += c;
      }
      return sum;
    }
    default:
      return undefined;
  }
}

/** Whether a value of type `from` may be used where `to` is expected without an explicit CAST. */
export function canCoerce(from: SqlType, to: SqlType): boolean {
  return coercionCost(from, to) !== undefined;
}

function decimalOf(t: SqlType): { precision: number; scale: number } | undefined {
  if (t.kind === 'decimal') return t;
  const d = integerAsDecimal(t);
  return d && d.kind === 'decimal' ? d : undefined;
}

/**
 * The narrowest type both `a` and `b` coerce to, or undefined (Trino: "types are not
 * compatible"). integer + decimal(5,2) → decimal(12,2); bigint + double → double;
 * varchar(3) + varchar(5) → varchar(5); date + timestamp(3) → timestamp(3).
 */
export function commonSuperType(a: SqlType, b: SqlType): SqlType | undefined {
  if (typesEqual(a, b)) return a;
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  const ra = INT_RANK[a.kind];
  const rb = INT_RANK[b.kind];
  if (ra !== undefined && rb !== undefined) return ra >= rb ? a : b;
  if ((a.kind === 'decimal' || ra !== undefined) && (b.kind === 'decimal' || rb !== undefined)) {
    const da = decimalOf(a)!;
    const db = decimalOf(b)!;
    const scale = Math.max(da.scale, db.scale);
    const intDigits = Math.max(da.precision - da.scale, db.precision - db.scale);
    return { kind: 'decimal', precision: Math.min(38, intDigits + scale), scale };
  }
  const numA = ra !== undefined || a.kind === 'decimal' || a.kind === 'real' || a.kind === 'double';
  const numB = rb !== undefined || b.kind === 'decimal' || b.kind === 'real' || b.kind === 'double';
  if (numA && numB) {
    if (a.kind === 'double' || b.kind === 'double') return { kind: 'double' };
    return { kind: 'real' };
  }
  if (a.kind === 'varchar' && b.kind === 'varchar') {
    if (a.length === undefined || b.length === undefined) return { kind: 'varchar' };
    return { kind: 'varchar', length: Math.max(a.length, b.length) };
  }
  if ((a.kind === 'char' || a.kind === 'varchar') && (b.kind === 'char' || b.kind === 'varchar')) {
    const la = a.kind === 'char' ? a.length : a.length;
    const lb = b.kind === 'char' ? b.length : b.length;
    if (la === undefined || lb === undefined) return { kind: 'varchar' };
    return { kind: 'char', length: Math.max(la, lb) };
  }
  if ((a.kind === 'date' || a.kind === 'timestamp') && (b.kind === 'date' || b.kind === 'timestamp')) {
    const pa = a.kind === 'timestamp' ? a.precision : 0;
    const pb = b.kind === 'timestamp' ? b.precision : 0;
    const tz = (a.kind === 'timestamp' && a.withTimeZone) || (b.kind === 'timestamp' && b.withTimeZone);
    const t: SqlType = { kind: 'timestamp', precision: Math.max(pa, pb) };
    if (tz) t.withTimeZone = true;
    return t;
  }
  if (a.kind === 'array' && b.kind === 'array') {
    const e = commonSuperType(a.element, b.element);
    return e && { kind: 'array', element: e };
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const k = commonSuperType(a.key, b.key);
    const v = commonSuperType(a.value, b.value);
    return k && v && { kind: 'map', key: k, value: v };
  }
  if (a.kind === 'row' && b.kind === 'row' && a.fields.length === b.fields.length) {
    const fields: { name?: string; type: SqlType }[] = [];
    for (let i = 0; i < a.fields.length; i++) {
      const fa = a.fields[i]!;
      const fb = b.fields[i]!;
      const t = commonSuperType(fa.type, fb.type);
      if (!t) return undefined;
      const name = fa.name !== undefined && fa.name === fb.name ? fa.name : undefined;
      fields.push(name === undefined ? { type: t } : { name, type: t });
    }
    return { kind: 'row', fields };
  }
  return undefined;
}

/** commonSuperType over a list (e.g. CASE branches); undefined if any pair is incompatible. */
export function commonSuperTypeOf(types: SqlType[]): SqlType | undefined {
  let acc: SqlType = { kind: 'unknown' };
  for (const t of types) {
    const next = commonSuperType(acc, t);
    if (!next) return undefined;
    acc = next;
  }
  return acc;
}
