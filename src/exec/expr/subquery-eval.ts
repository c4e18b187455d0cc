/**
 * Evaluation of subqueries that are still expressions at run time (those the optimizer did not
 * turn into joins). Before each batch, the subquery is run once per distinct tuple of outer
 * values (once in total when uncorrelated) and the per-row answers are stored for `eval`.
 */
import { AegisError } from '../../errors.js';
import type { SubqueryExpr } from '../../plan/bound-expr.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { encodeKey, encodeValue } from '../key-encoding.js';
import type { EvalEnv, RowFrame } from './eval-env.js';

type RowFn = (r: number) => Value;
type Compare = NonNullable<SubqueryExpr['compare']>;

/** What one subquery run tells the rows that share its outer values. */
type Answer =
  | { kind: 'value'; value: Value }
  | { kind: 'set'; keys: Set<unknown>; hasNull: boolean; empty: boolean }
  | { kind: 'quantified'; all: boolean; values: Value[]; compare: Compare };

export interface SubqueryState {
  results: Value[];
  cache: Map<string, Answer>;
}

async function answer(e: SubqueryExpr, env: EvalEnv, outer: ReadonlyMap<number, Value>): Promise<Answer> {
  const rows = await env.runSubquery(e.plan, outer);
  switch (e.mode) {
    case 'exists':
      return { kind: 'value', value: rows.length > 0 };
    case 'scalar':
      if (rows.length > 1) {
        throw new AegisError('INVALID_ARGUMENT', 'Scalar sub-query has returned multiple rows');
      }
      return { kind: 'value', value: rows.length === 0 ? null : rows[0]![0]! };
    case 'in': {
      const keys = new Set<unknown>();
      let hasNull = false;
      for (const row of rows) {
        const v = row[0]!;
        if (v === null) hasNull = true;
        else keys.add(encodeValue(v));
      }
      return { kind: 'set', keys, hasNull, empty: rows.length === 0 };
    }
    case 'any':
    case 'all':
      return { kind: 'quantified', all: e.mode === 'all', values: rows.map((r) => r[0]!), compare: e.compare! };
  }
}

function resolve(a: Answer, arg: Value, env: EvalEnv): Value {
  if (a.kind === 'value') return a.value;
  if (a.kind === 'quantified') {
    // ANY: TRUE if some comparison is TRUE; ALL: FALSE if some is FALSE; else NULL if any NULL.
    let sawNull = false;
    for (const v of a.values) {
      const c = arg === null || v === null ? null : a.compare.impl([arg, v], env.ctx);
      if (c === null) sawNull = true;
      else if (c === !a.all) return c;
    }
    return sawNull ? null : a.all;
  }
  if (a.empty) return false;
  if (arg === null) return null;
  if (a.keys.has(encodeValue(arg))) return true;
  return a.hasNull ? null : false;
}

export async function prepareSubquery(
  e: SubqueryExpr,
  batch: Batch,
  frame: RowFrame,
  env: EvalEnv,
  outerFns: RowFn[],
  argFn: RowFn | undefined,
  state: SubqueryState,
): Promise<void> {
  frame.cols = batch.columns;
  const n = batch.length;
  const results = new Array<Value>(n);
  if (outerFns.length === 0) {
    let a = state.cache.get('');
    if (!a) {
      a = await answer(e, env, env.outer);
      state.cache.set('', a);
    }
    for (let r = 0; r < n; r++) {
      results[r] = resolve(a, argFn ? argFn(r) : null, env);
    }
    state.results = results;
    return;
  }
  for (let r = 0; r < n; r++) {
    frame.cols = batch.columns;
    const vals = outerFns.map((f) => f(r));
    const key = encodeKey(vals);
    let a = state.cache.get(key);
    if (!a) {
      const outer = new Map(env.outer);
      e.outerRefs.forEach((o, i) => outer.set(o.id, vals[i]!));
      a = await answer(e, env, outer);
      state.cache.set(key, a);
    }
    frame.cols = batch.columns;
    results[r] = resolve(a, argFn ? argFn(r) : null, env);
  }
  state.results = results;
}
