/**
 * Implicit coercion as Trino's TypeCoercion: one table (`BASE_COERCIONS`, Trino's
 * `coerceTypeBase`) says which base type coerces to which other base, the exact type it becomes
 * there and how far that step is; widening within one base (decimal digits, varchar/char length,
 * timestamp precision) and the covariant containers (array and map element types, row fields by
 * position) are derived from it. Used for function overload resolution, CASE branches, UNION
 * columns, IN lists and comparisons.
 *
 *   unknown → anything
 *   tinyint → smallint → integer → bigint → real → double; each integer type → decimal(3|5|10|19, 0)
 *   decimal(p,s) → decimal with ≥ integer digits and ≥ scale, → real, → double
 *   varchar(n) → varchar(m ≥ n) / varchar, → char(n) ; char(n) → char(m ≥ n)
 *   date → timestamp(0) [with time zone]; timestamp(p) → timestamp(p) with time zone; precisions widen
 *   array / map / row: element-wise (rows by position, names kept when both sides agree)
 *
 * Deliberate difference: Trino 4xx coerces char(n) to varchar(n) (not varchar to char); aegis
 * keeps the legacy direction (Trino's `deprecated.legacy-char-to-varchar-coercion`).
 */
import type { SqlType } from './sql-type.js';
import { typesEqual } from './sql-type.js';

/** A type's base name; timestamp with time zone is its own base, as in Trino. */
type Base = Exclude<SqlType['kind'], 'timestamp'> | 'timestamp' | 'timestamptz';

function baseOf(t: SqlType): Base {
  return t.kind === 'timestamp' && t.withTimeZone ? 'timestamptz' : t.kind;
}

interface Step {
  /** Distance of the step (smaller = more specific overload). */
  readonly rank: number;
  /** The type the source becomes in the target base, or undefined when this source cannot. */
  readonly to: (from: SqlType) => SqlType | undefined;
}

const fixed = (t: SqlType) => (): SqlType => t;
const decimal = (precision: number): SqlType => ({ kind: 'decimal', precision, scale: 0 });

/** Trino's coerceTypeBase: source base → target base → step. */
const BASE_COERCIONS: { readonly [F in Base]?: { readonly [T in Base]?: Step } } = {
  tinyint: {
    smallint: { rank: 1, to: fixed({ kind: 'smallint' }) },
    integer: { rank: 2, to: fixed({ kind: 'integer' }) },
    bigint: { rank: 3, to: fixed({ kind: 'bigint' }) },
    decimal: { rank: 5, to: fixed(decimal(3)) },
    real: { rank: 6, to: fixed({ kind: 'real' }) },
    double: { rank: 7, to: fixed({ kind: 'double' }) },
  },
  smallint: {
    integer: { rank: 1, to: fixed({ kind: 'integer' }) },
    bigint: { rank: 2, to: fixed({ kind: 'bigint' }) },
    decimal: { rank: 5, to: fixed(decimal(5)) },
    real: { rank: 6, to: fixed({ kind: 'real' }) },
    double: { rank: 7, to: fixed({ kind: 'double' }) },
  },
  integer: {
    bigint: { rank: 1, to: fixed({ kind: 'bigint' }) },
    decimal: { rank: 5, to: fixed(decimal(10)) },
    real: { rank: 6, to: fixed({ kind: 'real' }) },
    double: { rank: 7, to: fixed({ kind: 'double' }) },
  },
  bigint: {
    decimal: { rank: 5, to: fixed(decimal(19)) },
    real: { rank: 6, to: fixed({ kind: 'real' }) },
    double: { rank: 7, to: fixed({ kind: 'double' }) },
  },
  decimal: {
    real: { rank: 2, to: fixed({ kind: 'real' }) },
    double: { rank: 3, to: fixed({ kind: 'double' }) },
  },
  real: {
    double: { rank: 1, to: fixed({ kind: 'double' }) },
  },
  date: {
    timestamp: { rank: 2, to: fixed({ kind: 'timestamp', precision: 0 }) },
    timestamptz: { rank: 3, to: fixed({ kind: 'timestamp', precision: 0, withTimeZone: true }) },
  },
  timestamp: {
    timestamptz: { rank: 2, to: (t) => ({ kind: 'timestamp', precision: (t as { precision: number }).precision, withTimeZone: true }) },
  },
  varchar: {
    char: { rank: 2, to: (t) => (t.kind === 'varchar' && t.length !== undefined ? { kind: 'char', length: t.length } : undefined) },
  },
};

const INT_DECIMAL: Partial<Record<Base, SqlType>> = { tinyint: decimal(3), smallint: decimal(5), integer: decimal(10), bigint: decimal(19) };

/** The decimal type an integer type widens to exactly (integer → decimal(10,0)). */
export function integerAsDecimal(t: SqlType): SqlType | undefined {
  return INT_DECIMAL[baseOf(t)];
}

/** Cost of widening within one base (0 when equal), or undefined. */
function sameBaseCost(from: SqlType, to: SqlType): number | undefined {
  if (typesEqual(from, to)) return 0;
  switch (from.kind) {
    case 'decimal':
      if (to.kind !== 'decimal') return undefined;
      return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale ? 1 : undefined;
    case 'varchar':
      if (to.kind !== 'varchar') return undefined;
      if (to.length === undefined) return 1;
      return from.length !== undefined && from.length <= to.length ? 1 : undefined;
    case 'char':
      return to.kind === 'char' && to.length >= from.length ? 1 : undefined;
    case 'timestamp':
      return to.kind === 'timestamp' && to.precision >= from.precision ? 1 : undefined;
    case 'time':
      // time → time with time zone is implicit; dropping the zone is not.
      if (to.kind !== 'time' || to.precision < from.precision || (from.withTimeZone && !to.withTimeZone)) return undefined;
      return from.withTimeZone === to.withTimeZone ? 1 : 2;
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

/**
 * How far `from` is from `to` under implicit coercion: 0 when equal, a positive cost when
 * coercible (smaller = more specific overload), undefined when not coercible.
 */
export function coercionCost(from: SqlType, to: SqlType): number | undefined {
  if (from.kind === 'unknown') return typesEqual(from, to) ? 0 : 1;
  const fb = baseOf(from);
  const tb = baseOf(to);
  if (fb === tb) return sameBaseCost(from, to);
  const step = BASE_COERCIONS[fb]?.[tb];
  const mid = step?.to(from);
  if (!step || !mid) return undefined;
  // The step lands in the target's base; any further widening there is part of the step.
  return sameBaseCost(mid, to) === undefined ? undefined : step.rank;
}

/** Whether a value of type `from` may be used where `to` is expected without an explicit CAST. */
export function canCoerce(from: SqlType, to: SqlType): boolean {
  return coercionCost(from, to) !== undefined;
}

/** The narrowest common type of two types of one base (Trino's same-base compatibility). */
function sameBaseSuperType(a: SqlType, b: SqlType): SqlType | undefined {
  if (typesEqual(a, b)) return a;
  if (a.kind === 'decimal' && b.kind === 'decimal') {
    const scale = Math.max(a.scale, b.scale);
    const intDigits = Math.max(a.precision - a.scale, b.precision - b.scale);
    // Potential loss of precision above 38 digits, as Trino; overflow is checked by operators.
    return { kind: 'decimal', precision: Math.min(38, intDigits + scale), scale };
  }
  if (a.kind === 'varchar' && b.kind === 'varchar') {
    if (a.length === undefined || b.length === undefined) return { kind: 'varchar' };
    return { kind: 'varchar', length: Math.max(a.length, b.length) };
  }
  if (a.kind === 'char' && b.kind === 'char') return { kind: 'char', length: Math.max(a.length, b.length) };
  if (a.kind === 'timestamp' && b.kind === 'timestamp') {
    const t: SqlType = { kind: 'timestamp', precision: Math.max(a.precision, b.precision) };
    if (a.withTimeZone) t.withTimeZone = true;
    return t;
  }
  if (a.kind === 'time' && b.kind === 'time') {
    const precision = Math.max(a.precision, b.precision);
    return a.withTimeZone || b.withTimeZone ? { kind: 'time', precision, withTimeZone: true } : { kind: 'time', precision };
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

/**
 * The narrowest type both `a` and `b` coerce to, or undefined (Trino: "types are not
 * compatible"). integer + decimal(5,2) → decimal(12,2); bigint + double → double;
 * varchar(3) + varchar(5) → varchar(5); date + timestamp(3) → timestamp(3).
 */
export function commonSuperType(a: SqlType, b: SqlType): SqlType | undefined {
  if (typesEqual(a, b)) return a;
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  const ab = baseOf(a);
  const bb = baseOf(b);
  if (ab === bb) return sameBaseSuperType(a, b);
  // Trino's compatibility: coerce one side into the other's base, then meet there.
  const ta = BASE_COERCIONS[ab]?.[bb]?.to(a);
  if (ta) return sameBaseSuperType(ta, b);
  const tb = BASE_COERCIONS[bb]?.[ab]?.to(b);
  if (tb) return sameBaseSuperType(a, tb);
  // An unbounded varchar meets char as varchar (it has no char(n) to become).
  if ((ab === 'char' && bb === 'varchar') || (ab === 'varchar' && bb === 'char')) return { kind: 'varchar' };
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
