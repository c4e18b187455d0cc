/**
 * The executor's single entry point for CAST / TRY_CAST. Conversions themselves belong to
 * src/types (Trino's cast rules); this module only adapts their signature for compiled
 * expressions, so the cast implementation can evolve without touching operators.
 */
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { castValue as typesCast, tryCastValue as typesTryCast } from '../types/cast.js';

/** CAST(v AS to) in the session `zone` at query start `now`; throws AegisError INVALID_CAST / NUMERIC_OVERFLOW as src/types decides. */
export function castValue(v: Value, from: SqlType, to: SqlType, zone?: string, now?: Date): Value {
  if (v === null) return null;
  return typesCast(v, from, to, zone || now ? { sessionTimeZone: zone, now } : undefined);
}

/** TRY_CAST: NULL where CAST would fail. */
export function tryCastValue(v: Value, from: SqlType, to: SqlType, zone?: string, now?: Date): Value {
  if (v === null) return null;
  return typesTryCast(v, from, to, zone || now ? { sessionTimeZone: zone, now } : undefined);
}
