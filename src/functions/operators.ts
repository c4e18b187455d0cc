/**
 * Comparison and other operators: `$eq $ne $lt $le $gt $ge $is_distinct_from $concat $like $not
 * $subscript $at_timezone`.
 *
 * Comparisons coerce both sides to their common super type. SQL equality is three-valued on
 * containers (`ARRAY[1, NULL] = ARRAY[1, NULL]` is NULL) and IEEE on doubles (`NaN = NaN` is
 * false); maps and json compare for equality only.
 */
import { AegisError } from '../errors.js';
import { likeMatches, parseLike } from './like-pattern.js';
import { commonSuperType } from '../types/coercion.js';
import { compareStrings, compareValues } from '../types/compare.js';
import { localToUtc, normalizeZone } from '../types/datetime.js';
import type { SqlType } from '../types/sql-type.js';
import { formatType } from '../types/sql-type.js';
import { zonedValue, type MapValue, type TimestampTzValue, type Value } from '../types/value.js';
import { tsMicros, tsNanos } from '../types/long-timestamp.js';
import { castToVarchar } from '../types/cast.js';
import { BIGINT, BOOL, V, VARBINARY, arrayOf, defineFunction, defineGeneric, plainTypes, res } from './signature.js';

/** SQL `=`: true / false / null (indeterminate because of NULL elements). */
export function sqlEquals(a: Value, b: Value, t: SqlType): boolean | null {
  if (a === null || b === null) return null;
  switch (t.kind) {
    case 'double':
    case 'real':
      return (a as number) === (b as number);
    case 'array': {
      const x = a as Value[];
      const y = b as Value[];
      if (x.length !== y.length) return false;
      let unknown = false;
      for (let i = 0; i < x.length; i++) {
        const e = sqlEquals(x[i]!, y[i]!, t.element);
        if (e === false) return false;
        if (e === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'row': {
      let unknown = false;
      for (let i = 0; i < t.fields.length; i++) {
        const e = sqlEquals((a as Value[])[i]!, (b as Value[])[i]!, t.fields[i]!.type);
        if (e === false) return false;
        if (e === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'map': {
      const x = a as MapValue;
      const y = b as MapValue;
      if (x.keys.length !== y.keys.length) return false;
      let unknown = false;
      for (let i = 0; i < x.keys.length; i++) {
        const j = y.keys.findIndex((k) => compareValues(k, x.keys[i]!, t.key) === 0);
        if (j < 0) return false;
        const e = sqlEquals(x.values[i]!, y.values[j]!, t.value);
        if (e === false) return false;
        if (e === null) unknown = true;
      }
      return unknown ? null : true;
    }
    default:
      return compareValues(a, b, t) === 0;
  }
}

function orderable(t: SqlType): boolean {
  switch (t.kind) {
    case 'map':
    case 'json':
      return false;
    case 'array':
      return orderable(t.element);
    case 'row':
      return t.fields.every((f) => orderable(f.type));
    default:
      return true;
  }
}

/** SQL `<` etc. on doubles is IEEE (NaN compares false); otherwise the total order. */
function sqlCompare(a: Value, b: Value, t: SqlType): number | null {
  if ((t.kind === 'double' || t.kind === 'real') && (Number.isNaN(a) || Number.isNaN(b))) return null;
  if (t.kind === 'array' || t.kind === 'row') {
    const containsNull = (v: Value): boolean => Array.isArray(v) && v.some((e) => e === null);
    if (containsNull(a) || containsNull(b)) {
      throw new AegisError('NOT_SUPPORTED', `${t.kind.toUpperCase()} comparison not supported for values with null elements`);
    }
  }
  return compareValues(a, b, t);
}

type Cmp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/**
 * Direct JS comparisons where they agree with SQL: numbers (IEEE: NaN compares false, as SQL),
 * bigints/decimals, and string equality. String ordering needs code-point order (compareStrings).
 */
function primitiveCompare(t: SqlType, op: Cmp): ((args: Value[]) => Value) | undefined {
  const k = t.kind;
  const numeric = ['tinyint', 'smallint', 'integer', 'real', 'double', 'date', 'interval_day_second', 'interval_year_month', 'bigint', 'decimal'].includes(k) ||
    (k === 'timestamp' && !t.withTimeZone && t.precision <= 6);
  const text = k === 'varchar' || k === 'char';
  if (numeric) {
    switch (op) {
      case 'eq': return ([a, b]) => a === b;
      case 'ne': return ([a, b]) => a !== b;
      case 'lt': return ([a, b]) => (a as number) < (b as number);
      case 'le': return ([a, b]) => (a as number) <= (b as number);
      case 'gt': return ([a, b]) => (a as number) > (b as number);
      case 'ge': return ([a, b]) => (a as number) >= (b as number);
    }
  }
  if (text && (op === 'eq' || op === 'ne')) return op === 'eq' ? ([a, b]) => a === b : ([a, b]) => a !== b;
  return undefined;
}
const TEST: Record<Cmp, (c: number) => boolean> = {
  eq: (c) => c === 0, ne: (c) => c !== 0, lt: (c) => c < 0, le: (c) => c <= 0, gt: (c) => c > 0, ge: (c) => c >= 0,
};

for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as Cmp[]) {
  defineGeneric(`$${op}`, [`$${op}(T, T)`], (args) => {
    const ts = plainTypes(args);
    if (!ts || ts.length !== 2) return undefined;
    const t = commonSuperType(ts[0]!, ts[1]!);
    if (!t) return undefined;
    if (t.kind === 'varchar' && (ts[0]!.kind === 'char' || ts[1]!.kind === 'char')) {
      // char(n) against an unbounded varchar: Trino compares as char(65536), i.e. both sides
      // space-padded; comparing with trailing spaces removed is the same order for text.
      return res(BOOL, [t, t], ([a, b]) => {
        const c = compareStrings((a as string).replace(/ +$/, ''), (b as string).replace(/ +$/, ''));
        return TEST[op](c);
      });
    }
    const fast = primitiveCompare(t, op);
    if (fast) return res(BOOL, [t, t], fast);
    if (op === 'eq' || op === 'ne') {
      return res(BOOL, [t, t], ([a, b]) => {
        const e = sqlEquals(a!, b!, t);
        return e === null ? null : op === 'eq' ? e : !e;
      });
    }
    if (!orderable(t)) return undefined;
    return res(BOOL, [t, t], ([a, b]) => {
      const c = sqlCompare(a!, b!, t);
      return c === null ? false : TEST[op](c);
    });
  });
}

defineGeneric('$is_distinct_from', ['$is_distinct_from(T, T)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2) return undefined;
  const t = commonSuperType(ts[0]!, ts[1]!);
  if (!t) return undefined;
  return res(
    BOOL,
    [t, t],
    ([a, b]) => {
      if (a === null || b === null) return a !== b;
      if ((t.kind === 'double' || t.kind === 'real') && Number.isNaN(a) && Number.isNaN(b)) return false;
      return sqlEquals(a!, b!, t) !== true;
    },
    { nullOnNull: false },
  );
});

defineFunction('$not', [{ args: [BOOL], returns: BOOL, impl: ([x]) => !x }]);

// ---- || ----------------------------------------------------------------------------------------

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** `||` and concat(): strings, varbinary, arrays (array || array, element || array, array || element). */
export function resolveConcat(ts: SqlType[], name: string): ReturnType<typeof res> | undefined {
  if (ts.length < 1) return undefined;
  const isText = (t: SqlType): boolean => t.kind === 'varchar' || t.kind === 'char' || t.kind === 'unknown';
  if (ts.every(isText)) {
    return res(V, ts.map(() => V), (args) => (args as string[]).join(''));
  }
  if (ts.every((t) => t.kind === 'varbinary' || t.kind === 'unknown')) {
    return res(VARBINARY, ts.map(() => VARBINARY), (args) => concatBytes(args as Uint8Array[]));
  }
  if (ts.some((t) => t.kind === 'array')) {
    // Element type: common super type of array elements and bare elements.
    let el: SqlType | undefined = { kind: 'unknown' };
    for (const t of ts) {
      el = el && commonSuperType(el, t.kind === 'array' ? t.element : t);
      if (!el && t.kind === 'array') return undefined;
    }
    if (!el) return undefined;
    if (name === 'concat' && ts.some((t) => t.kind !== 'array' && t.kind !== 'unknown')) return undefined;
    const at = arrayOf(el);
    const argTypes = ts.map((t) => (t.kind === 'array' || t.kind === 'unknown' ? at : el!));
    return res(at, argTypes, (args) => {
      const out: Value[] = [];
      args.forEach((a, i) => {
        if (argTypes[i]!.kind === 'array') out.push(...(a as Value[]));
        else out.push(a);
      });
      return out;
    });
  }
  return undefined;
}

defineGeneric('$concat', ['$concat(varchar, varchar)', '$concat(varbinary, varbinary)', '$concat(array(T), array(T))', '$concat(T, array(T))', '$concat(array(T), T)'], (args) => {
  const ts = plainTypes(args);
  return ts && ts.length === 2 ? resolveConcat(ts, '$concat') : undefined;
});

// ---- LIKE --------------------------------------------------------------------------------------

const matcherCache = new Map<string, (s: string) => boolean>();

/**
 * A matcher for a LIKE pattern: plain `abc`, `abc%`, `%abc`, `%abc%` patterns use string
 * methods (the common cases, e.g. TPC-H's '%green%'); everything else the segment matcher of
 * like-pattern.ts, which never backtracks (a RegExp translation could run for minutes, or fail to
 * compile a 50,000-`%a` pattern).
 * @throws AegisError INVALID_FUNCTION_ARGUMENT for a bad escape.
 */
export function likeMatcher(pattern: string, escape?: string | null): (s: string) => boolean {
  const key = `${escape ?? ''}\u0000${pattern}`;
  let m = matcherCache.get(key);
  if (m) return m;
  const body = pattern.replace(/^%+/, '').replace(/%+$/, '');
  const simple = !escape && !/[%_]/.test(body);
  if (simple) {
    const lead = pattern.startsWith('%');
    const trail = pattern.endsWith('%') && pattern.length > 0;
    if (pattern === '%' || /^%+$/.test(pattern)) m = () => true;
    else if (lead && trail) m = (s) => s.includes(body);
    else if (lead) m = (s) => s.endsWith(body);
    else if (trail) m = (s) => s.startsWith(body);
    else m = (s) => s === body;
  } else {
    const parsed = parseLike(pattern, escape);
    m = (s) => likeMatches(parsed, s);
  }
  if (matcherCache.size > 1000) matcherCache.clear();
  matcherCache.set(key, m);
  return m;
}

defineFunction('$like', [
  { args: [V, V], returns: BOOL, impl: ([v, p]) => likeMatcher(p as string)(v as string) },
  { args: [V, V, V], returns: BOOL, impl: ([v, p, e]) => likeMatcher(p as string, e as string)(v as string) },
]);

// ---- subscript ---------------------------------------------------------------------------------

/** `a[i]` on arrays (1-based; out of range is an error) and `m[k]` on maps (missing key is an error). */
defineGeneric('$subscript', ['$subscript(array(T), bigint)', '$subscript(map(K, V), K)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2) return undefined;
  const [c, k] = ts as [SqlType, SqlType];
  if (c.kind === 'array') {
    if (!['tinyint', 'smallint', 'integer', 'bigint', 'unknown'].includes(k.kind)) return undefined;
    return res(c.element, [c, BIGINT], ([a, i]) => {
      const arr = a as Value[];
      const idx = Number(i as bigint);
      if (idx === 0) throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'SQL array indices start at 1');
      if (idx < 0) throw new AegisError('INVALID_FUNCTION_ARGUMENT', `Array subscript is negative: ${idx}`);
      if (idx > arr.length) {
        throw new AegisError('INVALID_FUNCTION_ARGUMENT', `Array subscript must be less than or equal to array length: ${idx} > ${arr.length}`);
      }
      return arr[idx - 1]!;
    });
  }
  if (c.kind === 'map') {
    // K binds to the common type of the map's key and the subscript; the map widens covariantly.
    const kt = commonSuperType(c.key, k);
    if (!kt) return undefined;
    return res(c.value, [{ kind: 'map', key: kt, value: c.value }, kt], ([m, key]) => {
      const mv = m as MapValue;
      const j = mv.keys.findIndex((x) => compareValues(x, key!, kt) === 0);
      if (j < 0) throw new AegisError('INVALID_FUNCTION_ARGUMENT', `Key not present in map: ${castToVarchar(key!, kt)}`);
      return mv.values[j]!;
    });
  }
  return undefined;
});

// ---- AT TIME ZONE ------------------------------------------------------------------------------

function atZone(ts: SqlType): SqlType {
  return { kind: 'timestamp', precision: ts.kind === 'timestamp' ? ts.precision : 3, withTimeZone: true };
}

defineGeneric('$at_timezone', ['$at_timezone(timestamp(p) with time zone, varchar)', '$at_timezone(timestamp(p), varchar)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2 || (ts[1]!.kind !== 'varchar' && ts[1]!.kind !== 'unknown')) return undefined;
  const t = ts[0]!;
  if (t.kind === 'timestamp' && t.withTimeZone) {
    return res(atZone(t), [t, V], ([v, z]) => ({ ...(v as TimestampTzValue), zone: normalizeZone(z as string) }));
  }
  if (t.kind === 'timestamp' || t.kind === 'date') {
    // A zone-less timestamp is first read in the session zone.
    const src: SqlType = t.kind === 'date' ? { kind: 'timestamp', precision: 0 } : t;
    return res(atZone(src), [src, V], ([v, z], ctx) => zonedValue(localToUtc(tsMicros(v!), ctx.sessionTimeZone), normalizeZone(z as string), tsNanos(v!)));
  }
  return undefined;
});
