/**
 * Compiles a bound expression into a tree of closures evaluated one row at a time over the
 * current batch of a {@link RowFrame}. This is an interpreter over the typed plan (no generated
 * source text). CASE, AND/OR, COALESCE and TRY evaluate their operands lazily per row, so a
 * branch that is not taken never raises.
 */
import { AegisError } from '../../errors.js';
import type { LambdaFn } from '../../functions/registry.js';
import { isTryCatchable } from '../../functions/try-support.js';
import type { BoundExpr, SubqueryExpr } from '../../plan/bound-expr.js';
import type { Batch, Column } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { castValue, tryCastValue } from '../value-cast.js';
import { encodeValue } from '../key-encoding.js';
import type { EvalEnv, RowFrame } from './eval-env.js';
import { prepareSubquery, type SubqueryState } from './subquery-eval.js';

export type RowFn = (r: number) => Value;

/** A compiled expression; `prepare` must be awaited once per batch before `eval` when present. */
export interface CompiledExpr {
  readonly eval: RowFn;
  readonly prepare?: (batch: Batch) => Promise<void>;
}

/** Column id → position in the operator's input batch. */
export type Layout = ReadonlyMap<number, number>;

export function layoutOf(columns: readonly { id: number }[]): Map<number, number> {
  const m = new Map<number, number>();
  columns.forEach((c, i) => m.set(c.id, i));
  return m;
}

function reader(frame: RowFrame, idx: number): RowFn {
  return (r) => {
    const c: Column = frame.cols[idx]!;
    switch (c.kind) {
      case 'values':
        return c.data[r] ?? null;
      case 'bool':
        return c.valid !== null && (c.valid[r >> 3]! & (1 << (r & 7))) === 0 ? null : c.data[r] !== 0;
      default:
        return c.valid !== null && (c.valid[r >> 3]! & (1 << (r & 7))) === 0 ? null : c.data[r]!;
    }
  };
}

export function compileExpr(expr: BoundExpr, layout: Layout, frame: RowFrame, env: EvalEnv): CompiledExpr {
  const prepares: ((batch: Batch) => Promise<void>)[] = [];
  const fn = compile(expr, layout, frame, env, prepares);
  if (prepares.length === 0) return { eval: fn };
  return {
    eval: fn,
    prepare: async (batch) => {
      for (const p of prepares) await p(batch);
    },
  };
}

function compile(
  e: BoundExpr,
  layout: Layout,
  frame: RowFrame,
  env: EvalEnv,
  prepares: ((batch: Batch) => Promise<void>)[],
): RowFn {
  const sub = (x: BoundExpr): RowFn => compile(x, layout, frame, env, prepares);
  switch (e.kind) {
    case 'const': {
      const v = e.value;
      return () => v;
    }
    case 'column': {
      const idx = layout.get(e.id);
      if (idx !== undefined) return reader(frame, idx);
      if (!env.outer.has(e.id)) {
        throw new AegisError('INTERNAL_ERROR', `Column ${e.name}#${e.id} is not available here`);
      }
      const v = env.outer.get(e.id)!;
      return () => v;
    }
    case 'param': {
      if (e.index >= env.params.length) {
        throw new AegisError('INVALID_ARGUMENT', `No value given for parameter ${e.index + 1}`);
      }
      const v = env.params[e.index]!;
      return () => v;
    }
    case 'call': {
      const args = e.args.map((a) => (a.kind === 'lambda' ? compileLambda(a, layout, frame, env, prepares) : sub(a)));
      const lambdaPos = e.args.map((a) => a.kind === 'lambda');
      const impl = e.fn.impl;
      const nullOnNull = e.fn.nullOnNull;
      const ctx = env.ctx;
      const n = args.length;
      // One argument buffer per call site: implementations read their arguments and return a
      // new value, so the buffer is reused across rows (a lambda argument re-enters the same
      // call site only through nested evaluation, which gets its own buffer below).
      let buf = new Array<Value>(n);
      let busy = false;
      if (n === 2 && nullOnNull && !lambdaPos[0] && !lambdaPos[1]) {
        const [a0, a1] = args as [RowFn, RowFn];
        return (r) => {
          const x = a0(r);
          if (x === null) return null;
          const y = a1(r);
          if (y === null) return null;
          const vals = busy ? new Array<Value>(2) : buf;
          vals[0] = x;
          vals[1] = y;
          busy = true;
          try {
            return impl(vals, ctx);
          } finally {
            busy = false;
          }
        };
      }
      return (r) => {
        const vals = busy ? new Array<Value>(n) : buf;
        for (let i = 0; i < n; i++) {
          const v = args[i]!(r);
          if (v === null && nullOnNull && !lambdaPos[i]) return null;
          vals[i] = v;
        }
        if (vals !== buf) return impl(vals, ctx);
        busy = true;
        try {
          return impl(vals, ctx);
        } finally {
          busy = false;
          buf = vals;
        }
      };
    }
    case 'cast': {
      const arg = sub(e.arg);
      const from = e.arg.type;
      const to = e.type;
      const zone = env.ctx.sessionTimeZone;
      const now = env.ctx.now;
      if (e.safe) return (r) => tryCastValue(arg(r), from, to, zone, now);
      return (r) => castValue(arg(r), from, to, zone, now);
    }
    case 'and': {
      const args = e.args.map(sub);
      return (r) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(r);
          if (v === false) return false;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : true;
      };
    }
    case 'or': {
      const args = e.args.map(sub);
      return (r) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(r);
          if (v === true) return true;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : false;
      };
    }
    case 'not': {
      const arg = sub(e.arg);
      return (r) => {
        const v = arg(r);
        return v === null ? null : !v;
      };
    }
    case 'is_null': {
      const arg = sub(e.arg);
      return e.negated ? (r) => arg(r) !== null : (r) => arg(r) === null;
    }
    case 'case': {
      const whens = e.whens.map((w) => ({ cond: sub(w.cond), result: sub(w.result) }));
      const otherwise = sub(e.else);
      return (r) => {
        for (const w of whens) if (w.cond(r) === true) return w.result(r);
        return otherwise(r);
      };
    }
    case 'in_list': {
      const arg = sub(e.arg);
      const allConst = e.list.every((x) => x.kind === 'const');
      if (allConst) {
        const set = new Set<unknown>();
        let hasNull = false;
        for (const x of e.list) {
          const v = (x as { value: Value }).value;
          if (v === null) hasNull = true;
          else set.add(encodeValue(v));
        }
        return (r) => {
          const v = arg(r);
          if (v === null) return null;
          if (set.has(encodeValue(v))) return true;
          return hasNull ? null : false;
        };
      }
      const list = e.list.map(sub);
      return (r) => {
        const v = arg(r);
        if (v === null) return null;
        const k = encodeValue(v);
        let sawNull = false;
        for (const l of list) {
          const x = l(r);
          if (x === null) sawNull = true;
          else if (encodeValue(x) === k) return true;
        }
        return sawNull ? null : false;
      };
    }
    case 'coalesce': {
      const args = e.args.map(sub);
      return (r) => {
        for (const a of args) {
          const v = a(r);
          if (v !== null) return v;
        }
        return null;
      };
    }
    case 'try': {
      const arg = sub(e.arg);
      return (r) => {
        try {
          return arg(r);
        } catch (err) {
          if (isTryCatchable(err)) return null;
          throw err;
        }
      };
    }
    case 'lambda':
      throw new AegisError('INTERNAL_ERROR', 'A lambda may only appear as a function argument');
    case 'lambda_param': {
      const slot = e.slot;
      return () => frame.lambda[slot] ?? null;
    }
    case 'subquery':
      return compileSubquery(e, layout, frame, env, prepares);
    case 'grouping': {
      const set = sub(e.setIndex);
      const masks = e.masks;
      return (r) => {
        const i = set(r);
        return i === null ? null : BigInt(masks[Number(i)]!);
      };
    }
    case 'row': {
      const args = e.args.map(sub);
      return (r) => args.map((a) => a(r));
    }
    case 'field': {
      const arg = sub(e.arg);
      const index = e.index;
      return (r) => {
        const v = arg(r) as Value[] | null;
        return v === null ? null : (v[index] ?? null);
      };
    }
  }
}

function compileLambda(
  e: Extract<BoundExpr, { kind: 'lambda' }>,
  layout: Layout,
  frame: RowFrame,
  env: EvalEnv,
  prepares: ((batch: Batch) => Promise<void>)[],
): RowFn {
  const body = compile(e.body, layout, frame, env, prepares);
  const slots = e.params.map((p) => p.slot);
  return (r) => {
    const fn: LambdaFn = (...params: Value[]) => {
      const saved = slots.map((s) => frame.lambda[s]);
      for (let i = 0; i < slots.length; i++) frame.lambda[slots[i]!] = params[i] ?? null;
      try {
        return body(r);
      } finally {
        for (let i = 0; i < slots.length; i++) frame.lambda[slots[i]!] = saved[i] ?? null;
      }
    };
    return fn as unknown as Value;
  };
}

function compileSubquery(
  e: SubqueryExpr,
  layout: Layout,
  frame: RowFrame,
  env: EvalEnv,
  prepares: ((batch: Batch) => Promise<void>)[],
): RowFn {
  const outerFns = e.outerRefs.map((o) => compile(o.expr, layout, frame, env, prepares));
  const argFn = e.arg ? compile(e.arg, layout, frame, env, prepares) : undefined;
  const state: SubqueryState = { results: [], cache: new Map() };
  prepares.push((batch) => prepareSubquery(e, batch, frame, env, outerFns, argFn, state));
  return (r) => state.results[r] ?? null;
}
