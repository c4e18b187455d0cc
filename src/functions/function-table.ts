/**
 * The registry's tables. Function families register into these at import time; registry.ts
 * imports every family (families.ts) and answers lookups.
 */
import type { SqlType } from '../types/sql-type.js';
import type { ArgDescriptor, ResolvedAggregate, ResolvedScalar } from './registry.js';

/** A registered scalar function: its display signatures and its type rule. */
export interface ScalarDef {
  name: string;
  /** Human signatures for error messages, e.g. `abs(double)`. */
  signatures: string[];
  /** The type rule: a resolution, or undefined if these arguments do not fit. */
  resolve(args: ArgDescriptor[]): Omit<ResolvedScalar, 'name'> | undefined;
}

export interface AggregateDef {
  name: string;
  signatures: string[];
  resolve(args: SqlType[]): Omit<ResolvedAggregate, 'name'> | undefined;
  /** The type rule for calls with lambda arguments (reduce_agg); absent: lambdas never fit. */
  resolveLambdas?(args: ArgDescriptor[]): Omit<ResolvedAggregate, 'name'> | undefined;
}

export const scalars = new Map<string, ScalarDef[]>();
export const aggregates = new Map<string, AggregateDef[]>();
const aliasMap = new Map<string, string>();

/** Registers a scalar function (several defs per name are overload groups tried in order). */
export function registerScalar(def: ScalarDef): void {
  const key = def.name.toLowerCase();
  const list = scalars.get(key) ?? [];
  list.push(def);
  scalars.set(key, list);
}

export function registerAggregate(def: AggregateDef): void {
  const key = def.name.toLowerCase();
  const list = aggregates.get(key) ?? [];
  list.push(def);
  aggregates.set(key, list);
}

/** A documented Trino function aegis refuses: its kind and the reason given with NOT_SUPPORTED. */
export interface Refusal {
  kind: 'scalar' | 'aggregate' | 'window';
  reason: string;
}

/** Refused names (see not-supported.ts). A registered implementation always takes precedence. */
export const refused = new Map<string, Refusal>();

/** Declares a documented function aegis does not implement, with the reason users are given. */
export function registerRefusal(name: string, refusal: Refusal): void {
  refused.set(name.toLowerCase(), refusal);
}

/** `alias` resolves exactly as `target` (e.g. ceiling → ceil). */
export function registerAlias(alias: string, target: string): void {
  aliasMap.set(alias.toLowerCase(), target.toLowerCase());
}

/** All registered aliases as [alias, target]. */
export function aliases(): [string, string][] {
  return [...aliasMap.entries()];
}

export function canonical(name: string): string {
  const n = name.toLowerCase();
  return aliasMap.get(n) ?? n;
}
