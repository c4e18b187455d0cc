/**
 * Conditional functions: if, coalesce, nullif, typeof, try. The evaluator should evaluate
 * `if`/`coalesce` lazily and implement `try` (catching {@link isTryCatchable} errors); the impls
 * here are correct for already-evaluated arguments and give the result types.
 */
import { AegisError } from '../errors.js';
import { commonSuperType, commonSuperTypeOf } from '../types/coercion.js';
import { castValue } from '../types/cast.js';
import type { SqlType } from '../types/sql-type.js';
import { formatType } from '../types/sql-type.js';
import { sqlEquals } from './operators.js';
import { BOOL, V, defineGeneric, plainTypes, res } from './signature.js';

defineGeneric('if', ['if(boolean, T)', 'if(boolean, T, T)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || (ts.length !== 2 && ts.length !== 3)) return undefined;
  if (ts[0]!.kind !== 'boolean' && ts[0]!.kind !== 'unknown') return undefined;
  const t = ts.length === 3 ? commonSuperType(ts[1]!, ts[2]!) : ts[1]!;
  if (!t) return undefined;
  return res(t, ts.length === 3 ? [BOOL, t, t] : [BOOL, t], ([c, a, b]) => (c === true ? a! : b ?? null), { nullOnNull: false });
});

defineGeneric('coalesce', ['coalesce(T, T...)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length < 1) return undefined;
  const t = commonSuperTypeOf(ts);
  if (!t) return undefined;
  return res(t, ts.map(() => t), (vals) => vals.find((x) => x !== null) ?? null, { nullOnNull: false });
});

defineGeneric('nullif', ['nullif(T, T)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2) return undefined;
  const [a, b] = ts as [SqlType, SqlType];
  const t = commonSuperType(a, b);
  if (!t) return undefined;
  // Returns the first argument in its own type; compares in the common type.
  return res(a, [a, b], ([x, y]) => {
    if (x === null || y === null) return x!;
    return sqlEquals(castValue(x, a, t), castValue(y, b, t), t) === true ? null : x;
  }, { nullOnNull: false });
});

defineGeneric('typeof', ['typeof(T)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1) return undefined;
  const name = formatType(ts[0]!);
  return res(V, [ts[0]!], () => name, { nullOnNull: false });
});

defineGeneric('try', ['try(T)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 1) return undefined;
  return res(ts[0]!, [ts[0]!], ([x]) => x!, { nullOnNull: false });
});



/**
 * `$single_value(n, v)`: the value of a decorrelated scalar subquery that matched `n` rows (v is
 * its value when n ≤ 1). More than one row is Trino's error for a scalar subquery.
 */
defineGeneric('$single_value', ['$single_value(bigint, T)'], (args) => {
  const ts = plainTypes(args);
  if (!ts || ts.length !== 2 || ts[0]!.kind !== 'bigint') return undefined;
  return res(ts[1]!, ts, ([n, v]) => {
    if ((n as bigint) > 1n) throw new AegisError('INVALID_ARGUMENT', 'Scalar sub-query has returned multiple rows');
    return v!;
  }, { nullOnNull: false });
});
