/**
 * Compiles a bound expression into column-at-a-time kernels over {@link Vec}s: one loop per
 * operator over the selected rows of a batch, on typed arrays, with no boxed value or BigInt per
 * row. Comparisons, arithmetic, AND/OR/NOT, IS NULL, IN lists, CASE, COALESCE and numeric casts
 * have kernels; any other node runs the row interpreter (compile-expr.ts) at the selected rows,
 * so every expression compiles.
 *
 * Exactness: a kernel never rounds and never raises. When a batch holds a value it cannot
 * compute exactly (a BIGINT/DECIMAL beyond ±2^52, an integer overflow, a division by zero), it
 * throws {@link VecFallback} and the whole expression is evaluated for that batch by the row
 * interpreter, which gives the exact answer or Trino's error.
 *
 * Laziness: CASE, AND, OR and COALESCE evaluate an operand only at the rows that need it when the
 * operand may raise (it contains a row-interpreted node); kernel-only operands are evaluated at
 * every row, since a kernel cannot raise.
 */
import type { BoundExpr } from '../../plan/bound-expr.js';
import type { Batch } from '../../types/batch.js';
import type { SqlType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import { roundMicros } from '../../types/datetime.js';
import { compileExpr, type Layout } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { encodeValue } from '../key-encoding.js';
import { asBool, asNum, columnVec, copyU8, EXACT, f64, f64z, FALLBACK, isNumericType, THREAD_ARENA, u8, u8z, valueAt, VecFallback, withArena, type Vec } from './vec.js';

/** The rows an expression is evaluated at: `sel` (all `n` rows of the batch when null). */
interface Ctx {
  readonly batch: Batch;
  readonly sel: Int32Array | null;
  readonly n: number;
  /** Column vectors read in this context, by batch position. */
  readonly cols: (Vec | undefined)[];
  /** Results of shared subexpressions in this context. */
  readonly memo: Map<number, Vec>;
}

interface Node {
  readonly run: (ctx: Ctx) => Vec;
  /** Whether evaluating at extra rows is harmless (kernels only: they never raise). */
  readonly safe: boolean;
}

/** Compiled vector expressions of one operator, evaluated together over a batch. */
export interface VectorProgram {
  /**
   * Each expression at `sel` (or the first `n` rows when null), dense. With `reuse`, these
   * vectors are overwritten when this or any other `reuse` program is next evaluated on the
   * thread: read them, synchronously, before that.
   */
  eval(batch: Batch, sel: Int32Array | null, n: number): Vec[];
}

type NumVec = Extract<Vec, { kind: 'num' }>;
type BoolVec = Extract<Vec, { kind: 'bool' }>;

/** Whether an expression can be compiled to vectors (no subqueries or lambdas inside). */
export function vectorizable(e: BoundExpr): boolean {
  switch (e.kind) {
    case 'subquery':
    case 'lambda':
    case 'lambda_param':
    case 'grouping':
      return false;
    case 'call':
      return e.args.every(vectorizable);
    case 'cast':
    case 'not':
    case 'is_null':
    case 'try':
    case 'field':
      return vectorizable(e.arg);
    case 'and':
    case 'or':
    case 'coalesce':
    case 'row':
      return e.args.every(vectorizable);
    case 'case':
      return e.whens.every((w) => vectorizable(w.cond) && vectorizable(w.result)) && vectorizable(e.else);
    case 'in_list':
      return vectorizable(e.arg) && e.list.every(vectorizable);
    default:
      return true;
  }
}

/**
 * Compiles `exprs` over batches laid out as `layout`, sharing identical subexpressions (and column
 * reads) between them; undefined when one is not {@link vectorizable}.
 */
export function compileVectors(exprs: readonly BoundExpr[], layout: Layout, env: EvalEnv, opts: { reuse?: boolean } = {}): VectorProgram | undefined {
  if (!vectorsEnabled || !exprs.every(vectorizable)) return undefined;
  const frame = new RowFrame();
  const c = new Compiler(layout, env, frame, new Map());
  const nodes = exprs.map((e) => c.compile(e));
  const rowFns = exprs.map((e) => compileExpr(e, layout, frame, env).eval);
  // With `reuse`, each evaluation's vectors live in the thread's arena: the next evaluation of
  // any such program overwrites them.
  const arena = opts.reuse ? THREAD_ARENA : null;
  const evalAll = (batch: Batch, sel: Int32Array | null, n: number): Vec[] => {
    const ctx: Ctx = { batch, sel, n, cols: [], memo: new Map() };
    return nodes.map((node, k) => {
      try {
        return node.run(ctx);
      } catch (err) {
        if (!(err instanceof VecFallback)) throw err;
        // Exactly as the row interpreter computes it (or fails).
        frame.cols = batch.columns;
        const f = rowFns[k]!;
        const data = new Array<Value>(n);
        for (let i = 0; i < n; i++) data[i] = f(sel === null ? i : sel[i]!);
        return { kind: 'val', data };
      }
    });
  };
  return {
    eval(batch, sel, n) {
      arena?.reset();
      return withArena(arena, () => evalAll(batch, sel, n));
    },
  };
}

let vectorsEnabled = true;

/**
 * Turns vector execution on or off for the process (on by default). Off, every operator runs
 * the row interpreter: the differential tests compare the two.
 */
export function setVectorExecution(enabled: boolean): void {
  vectorsEnabled = enabled;
}

/** Whether vector execution is on (see {@link setVectorExecution}). */
export function vectorExecution(): boolean {
  return vectorsEnabled;
}

let memoIds = 0;

const ARITH = new Set(['$add', '$subtract', '$multiply', '$divide', '$modulus']);
const CMP = new Set(['$eq', '$ne', '$lt', '$le', '$gt', '$ge']);
const INT_RANGE: Record<string, [number, number]> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};

function isIntegral(t: SqlType): boolean {
  return t.kind === 'tinyint' || t.kind === 'smallint' || t.kind === 'integer' || t.kind === 'bigint';
}

function sameType(a: SqlType, b: SqlType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'decimal' && b.kind === 'decimal') return a.scale === b.scale;
  if (a.kind === 'timestamp' && b.kind === 'timestamp') return !a.withTimeZone && !b.withTimeZone && a.precision <= 6 && b.precision <= 6;
  return true;
}

/** 10^k for k ≤ 22 (exact doubles). */
function p10(k: number): number {
  return 10 ** k;
}

/** A context for the rows `idx` (positions within `ctx`). */
function subCtx(ctx: Ctx, idx: Int32Array, m: number): Ctx {
  const sel = new Int32Array(m);
  for (let j = 0; j < m; j++) sel[j] = ctx.sel === null ? idx[j]! : ctx.sel[idx[j]!]!;
  return { batch: ctx.batch, sel, n: m, cols: [], memo: new Map() };
}

class Compiler {
  constructor(
    private readonly layout: Layout,
    private readonly env: EvalEnv,
    private readonly frame: RowFrame,
    private readonly shared: Map<string, Node>,
  ) {}

  compile(e: BoundExpr): Node {
    const key = keyOf(e);
    if (key === undefined) return this.build(e);
    const hit = this.shared.get(key);
    if (hit) return hit;
    const inner = this.build(e);
    if (e.kind === 'const' || e.kind === 'column') {
      this.shared.set(key, inner);
      return inner;
    }
    const id = memoIds++;
    const node: Node = {
      safe: inner.safe,
      run: (ctx) => {
        const m = ctx.memo.get(id);
        if (m) return m;
        const v = inner.run(ctx);
        ctx.memo.set(id, v);
        return v;
      },
    };
    this.shared.set(key, node);
    return node;
  }

  /** The row interpreter at the selected rows. */
  private rows(e: BoundExpr): Node {
    const fn = compileExpr(e, this.layout, this.frame, this.env).eval;
    const frame = this.frame;
    return {
      safe: false,
      run: (ctx) => {
        frame.cols = ctx.batch.columns;
        const data = new Array<Value>(ctx.n);
        const sel = ctx.sel;
        for (let i = 0; i < ctx.n; i++) data[i] = fn(sel === null ? i : sel[i]!);
        return { kind: 'val', data };
      },
    };
  }

  private constant(v: Value, t: SqlType): Node {
    if (v !== null && isNumericType(t) && (typeof v === 'number' || (typeof v === 'bigint' && v < 4503599627370496n && v > -4503599627370496n))) {
      const x = Number(v);
      return { safe: true, run: (ctx) => ({ kind: 'num', data: f64(ctx.n).fill(x), nulls: null }) };
    }
    if (typeof v === 'boolean') {
      const x = v ? 1 : 0;
      return { safe: true, run: (ctx) => ({ kind: 'bool', data: u8(ctx.n).fill(x), nulls: null }) };
    }
    return { safe: true, run: (ctx) => ({ kind: 'val', data: new Array<Value>(ctx.n).fill(v) }) };
  }

  private build(e: BoundExpr): Node {
    switch (e.kind) {
      case 'const':
        return this.constant(e.value, e.type);
      case 'param':
        return e.index < this.env.params.length ? this.constant(this.env.params[e.index]!, e.type) : this.rows(e);
      case 'column': {
        const idx = this.layout.get(e.id);
        if (idx === undefined) return this.env.outer.has(e.id) ? this.constant(this.env.outer.get(e.id)!, e.type) : this.rows(e);
        return {
          safe: true,
          run: (ctx) => (ctx.cols[idx] ??= columnVec(ctx.batch.columns[idx]!, ctx.sel, ctx.n)),
        };
      }
      case 'call':
        return this.call(e) ?? this.rows(e);
      case 'cast':
        return this.cast(e.arg, e.type) ?? this.rows(e);
      case 'and':
      case 'or':
        return this.logical(e.kind, e.args.map((a) => this.compile(a)));
      case 'not': {
        const a = this.compile(e.arg);
        return {
          safe: a.safe,
          run: (ctx) => {
            const v = asBool(a.run(ctx));
            const out = u8(ctx.n);
            for (let i = 0; i < ctx.n; i++) out[i] = v.data[i]! ^ 1;
            return { kind: 'bool', data: out, nulls: v.nulls };
          },
        };
      }
      case 'is_null': {
        const a = this.compile(e.arg);
        const neg = e.negated ? 1 : 0;
        return {
          safe: a.safe,
          run: (ctx) => {
            const v = a.run(ctx);
            const out = u8(ctx.n);
            if (v.kind === 'val') for (let i = 0; i < ctx.n; i++) out[i] = (v.data[i] === null ? 1 : 0) ^ neg;
            else if (v.nulls === null) out.fill(neg);
            else for (let i = 0; i < ctx.n; i++) out[i] = v.nulls[i]! ^ neg;
            return { kind: 'bool', data: out, nulls: null };
          },
        };
      }
      case 'in_list':
        return this.inList(e) ?? this.rows(e);
      case 'case':
        return this.caseWhen(e);
      case 'coalesce':
        return this.coalesce(e.args.map((a) => this.compile(a)), e.type);
      default:
        return this.rows(e);
    }
  }

  private call(e: Extract<BoundExpr, { kind: 'call' }>): Node | undefined {
    const name = e.fn.name;
    if (ARITH.has(name) && e.args.length === 2) return this.arithmetic(name, e.args[0]!, e.args[1]!, e.type);
    if (CMP.has(name) && e.args.length === 2) return this.compare(name, e.args[0]!, e.args[1]!);
    if (name === '$negate' && e.args.length === 1 && isNumericType(e.type) && e.type.kind !== 'real') {
      const a = this.compile(e.args[0]!);
      const float = e.type.kind === 'double';
      const range = INT_RANGE[e.type.kind];
      return {
        safe: a.safe,
        run: (ctx) => {
          const v = asNum(a.run(ctx));
          const out = f64(ctx.n);
          for (let i = 0; i < ctx.n; i++) {
            const x = v.data[i]!;
            if (range && x === range[0] && (v.nulls === null || v.nulls[i] === 0)) throw FALLBACK;
            out[i] = float ? -x : x === 0 ? 0 : -x;
          }
          return { kind: 'num', data: out, nulls: v.nulls };
        },
      };
    }
    return undefined;
  }

  private arithmetic(name: string, ea: BoundExpr, eb: BoundExpr, rt: SqlType): Node | undefined {
    const at = ea.type;
    const bt = eb.type;
    const a = this.compile(ea);
    const b = this.compile(eb);
    const safe = a.safe && b.safe;
    const op = name.slice(1);
    if (rt.kind === 'double' && at.kind === 'double' && bt.kind === 'double') {
      return { safe, run: (ctx) => floatArith(asNum(a.run(ctx)), asNum(b.run(ctx)), ctx.n, op) };
    }
    const range = INT_RANGE[rt.kind];
    if (range && sameType(at, rt) && sameType(bt, rt) && (op === 'add' || op === 'subtract' || op === 'multiply')) {
      const [lo, hi] = range;
      const f = floatKernel(op);
      return {
        safe,
        run: (ctx) => numBinary(asNum(a.run(ctx)), asNum(b.run(ctx)), ctx.n, (x, y) => {
          const r = f(x, y);
          if (r < lo || r > hi) throw FALLBACK;
          return r;
        }),
      };
    }
    // A constant operand is used as a number, not as a vector of copies.
    const ca = numericConstant(ea);
    const cb = numericConstant(eb);
    const exact = (code: 0 | 1 | 2, fa: number, fb: number, limit: number): Node => {
      if (cb !== undefined) return { safe, run: (ctx) => exactArithConst(asNum(a.run(ctx)), cb, false, ctx.n, code, fa, fb, limit) };
      if (ca !== undefined) return { safe, run: (ctx) => exactArithConst(asNum(b.run(ctx)), ca, true, ctx.n, code, fa, fb, limit) };
      return { safe, run: (ctx) => exactArith(asNum(a.run(ctx)), asNum(b.run(ctx)), ctx.n, code, fa, fb, limit) };
    };
    if (rt.kind === 'bigint' && at.kind === 'bigint' && bt.kind === 'bigint' && (op === 'add' || op === 'subtract' || op === 'multiply')) {
      return exact(op === 'add' ? 0 : op === 'subtract' ? 1 : 2, 1, 1, EXACT);
    }
    if (rt.kind === 'decimal' && (at.kind === 'decimal' || isIntegral(at)) && (bt.kind === 'decimal' || isIntegral(bt))) {
      const as = at.kind === 'decimal' ? at.scale : 0;
      const bs = bt.kind === 'decimal' ? bt.scale : 0;
      const limit = rt.precision < 16 ? p10(rt.precision) : EXACT;
      const fits = (r: number): number => {
        if (r >= limit || r <= -limit || r >= EXACT || r <= -EXACT) throw FALLBACK;
        return r;
      };
      if (op === 'add' || op === 'subtract') {
        if (rt.scale < as || rt.scale < bs || rt.scale - as > 15 || rt.scale - bs > 15) return undefined;
        const fa = p10(rt.scale - as);
        const fb = p10(rt.scale - bs);
        return exact(op === 'add' ? 0 : 1, fa, fb, limit);
      }
      if (op === 'multiply' && rt.scale === as + bs) return exact(2, 1, 1, limit);
    }
    return undefined;
  }

  private compare(name: string, ea: BoundExpr, eb: BoundExpr): Node | undefined {
    const at = ea.type;
    const bt = eb.type;
    const a = this.compile(ea);
    const b = this.compile(eb);
    const safe = a.safe && b.safe;
    const op = name.slice(1);
    if (isNumericType(at) && sameType(at, bt) && at.kind !== 'real') {
      // Against a constant: one loop over the column, no broadcast vector.
      const cb = numericConstant(eb);
      if (cb !== undefined) return { safe, run: (ctx) => numCompareConst(asNum(a.run(ctx)), cb, ctx.n, op) };
      const ca = numericConstant(ea);
      if (ca !== undefined) return { safe, run: (ctx) => numCompareConst(asNum(b.run(ctx)), ca, ctx.n, FLIPPED[op] ?? op) };
      return { safe, run: (ctx) => numCompare(asNum(a.run(ctx)), asNum(b.run(ctx)), ctx.n, op) };
    }
    if (at.kind === 'varchar' && bt.kind === 'varchar' && (op === 'eq' || op === 'ne')) {
      const eq = op === 'eq' ? 1 : 0;
      return {
        safe,
        run: (ctx) => {
          const x = a.run(ctx);
          const y = b.run(ctx);
          if (x.kind !== 'val' || y.kind !== 'val') throw FALLBACK;
          const out = u8z(ctx.n);
          let nulls: Uint8Array | null = null;
          for (let i = 0; i < ctx.n; i++) {
            const p = x.data[i];
            const q = y.data[i];
            if (p === null || q === null) (nulls ??= u8z(ctx.n))[i] = 1;
            else out[i] = p === q ? eq : eq ^ 1;
          }
          return { kind: 'bool', data: out, nulls };
        },
      };
    }
    return undefined;
  }

  private cast(ea: BoundExpr, to: SqlType): Node | undefined {
    const from = ea.type;
    if (!isNumericType(from) || !isNumericType(to) || from.kind === 'real' || to.kind === 'real') return undefined;
    const a = this.compile(ea);
    const map = (f: (x: number) => number): Node => ({
      safe: a.safe,
      run: (ctx) => {
        const v = asNum(a.run(ctx));
        const out = f64z(ctx.n);
        for (let i = 0; i < ctx.n; i++) if (v.nulls === null || v.nulls[i] === 0) out[i] = f(v.data[i]!);
        return { kind: 'num', data: out, nulls: v.nulls };
      },
    });
    // Same representation: the vector passes through. A change of representation (integer to
    // BIGINT: number to bigint) must not pass a `val` vector on unchanged: it becomes `num`.
    // timestamp(p) → timestamp(q < p) rounds the micros half up to q digits (as the row path).
    if (from.kind === 'timestamp' && to.kind === 'timestamp' && sameType(from, to) && to.precision < from.precision) {
      return map((x) => roundMicros(x, to.precision));
    }
    if (sameType(from, to) && (from.kind !== 'decimal' || (to.kind === 'decimal' && to.precision >= from.precision))) return a;
    const asIs: Node = { safe: a.safe, run: (ctx) => asNum(a.run(ctx)) };
    if (isIntegral(from) && isIntegral(to)) {
      const range = INT_RANGE[to.kind];
      if (!range) return asIs;
      return map((x) => {
        if (x < range[0] || x > range[1]) throw FALLBACK;
        return x;
      });
    }
    if ((isIntegral(from) || from.kind === 'decimal') && to.kind === 'decimal') {
      const fs = from.kind === 'decimal' ? from.scale : 0;
      const limit = to.precision < 16 ? p10(to.precision) : EXACT;
      const fits = (r: number): number => {
        if (r >= limit || r <= -limit) throw FALLBACK;
        return r;
      };
      if (to.scale >= fs) {
        if (to.scale - fs > 15) return undefined;
        const f = p10(to.scale - fs);
        return map((x) => fits(x * f));
      }
      if (fs - to.scale > 15) return undefined;
      const d = p10(fs - to.scale);
      return map((x) => fits(divideHalfUp(x, d)));
    }
    if (isIntegral(from) && to.kind === 'double') return asIs;
    if (from.kind === 'decimal' && to.kind === 'double') {
      if (from.scale > 22) return undefined;
      const d = p10(from.scale);
      return map((x) => x / d);
    }
    return undefined;
  }

  private logical(kind: 'and' | 'or', args: Node[]): Node {
    // AND: FALSE decides; OR: TRUE decides. NULL wins over the other value.
    const decide = kind === 'and' ? 0 : 1;
    const safe = args.every((a) => a.safe);
    return {
      safe,
      run: (ctx) => {
        const n = ctx.n;
        const out = u8(n).fill(decide ^ 1);
        let nulls: Uint8Array | null = null;
        // Positions still undecided; null = all of them.
        let open: Int32Array | null = null;
        let m = n;
        for (const a of args) {
          if (m === 0) break;
          const sub = open === null || a.safe ? ctx : subCtx(ctx, open, m);
          const v = asBool(a.run(sub));
          const next = new Int32Array(m);
          let k = 0;
          for (let j = 0; j < m; j++) {
            const i = open === null ? j : open[j]!;
            const vi = sub === ctx ? i : j;
            if (v.nulls !== null && v.nulls[vi] === 1) {
              (nulls ??= u8z(n))[i] = 1;
              next[k++] = i;
            } else if (v.data[vi] === decide) {
              out[i] = decide;
              if (nulls !== null) nulls[i] = 0;
            } else next[k++] = i;
          }
          open = next;
          m = k;
        }
        return { kind: 'bool', data: out, nulls };
      },
    };
  }

  private inList(e: Extract<BoundExpr, { kind: 'in_list' }>): Node | undefined {
    if (!e.list.every((x) => x.kind === 'const')) return undefined;
    const values = e.list.map((x) => (x as { value: Value }).value);
    const hasNull = values.includes(null);
    const t = e.arg.type;
    const a = this.compile(e.arg);
    const numeric = isNumericType(t) && t.kind !== 'double' && t.kind !== 'real';
    if (!numeric && t.kind !== 'varchar') return undefined;
    const set = new Set<number | string>();
    for (const v of values) {
      if (v === null) continue;
      if (numeric) {
        if (typeof v === 'bigint' && (v >= 4503599627370496n || v <= -4503599627370496n)) return undefined;
        set.add(Number(v));
      } else set.add(v as string);
    }
    const miss = hasNull ? 2 : 0;
    return {
      safe: a.safe,
      run: (ctx) => {
        const n = ctx.n;
        const out = u8z(n);
        let nulls: Uint8Array | null = null;
        const v = numeric ? asNum(a.run(ctx)) : a.run(ctx);
        for (let i = 0; i < n; i++) {
          let r: number;
          if (v.kind === 'val') {
            const x = v.data[i];
            r = x === null ? 2 : set.has(x as string) ? 1 : miss;
          } else r = v.nulls !== null && v.nulls[i] === 1 ? 2 : set.has(v.data[i]!) ? 1 : miss;
          if (r === 2) (nulls ??= u8z(n))[i] = 1;
          else out[i] = r;
        }
        return { kind: 'bool', data: out, nulls };
      },
    };
  }

  private caseWhen(e: Extract<BoundExpr, { kind: 'case' }>): Node {
    const whens = e.whens.map((w) => ({ cond: this.compile(w.cond), result: this.compile(w.result) }));
    const otherwise = this.compile(e.else);
    const type = e.type;
    const safe = whens.every((w) => w.cond.safe && w.result.safe) && otherwise.safe;
    return {
      safe,
      run: (ctx) => {
        const n = ctx.n;
        // Which branch each row takes: index into whens, or whens.length for ELSE.
        const branch = new Int32Array(n).fill(-1);
        let open: Int32Array | null = null;
        let m = n;
        for (let w = 0; w < whens.length && m > 0; w++) {
          const sub = open === null ? ctx : subCtx(ctx, open, m);
          const c = asBool(whens[w]!.cond.run(sub));
          const next = new Int32Array(m);
          let k = 0;
          for (let j = 0; j < m; j++) {
            const i = open === null ? j : open[j]!;
            if (c.data[j] === 1 && (c.nulls === null || c.nulls[j] === 0)) branch[i] = w;
            else next[k++] = i;
          }
          open = next;
          m = k;
        }
        if (open === null) {
          open = new Int32Array(n);
          for (let i = 0; i < n; i++) open[i] = i;
        }
        for (let j = 0; j < m; j++) branch[open[j]!] = whens.length;
        const results = [...whens.map((w) => w.result), otherwise];
        return gatherBranches(ctx, branch, results, type);
      },
    };
  }

  private coalesce(args: Node[], type: SqlType): Node {
    const safe = args.every((a) => a.safe);
    return {
      safe,
      run: (ctx) => {
        const n = ctx.n;
        const parts: Vec[] = [];
        const from = new Int32Array(n).fill(-1);
        let open: Int32Array | null = null;
        let m = n;
        const subs: (Int32Array | null)[] = [];
        for (let k = 0; k < args.length && m > 0; k++) {
          const sub = open === null ? ctx : subCtx(ctx, open, m);
          const v = args[k]!.run(sub);
          parts.push(v);
          subs.push(open === null ? null : open.subarray(0, m));
          const next = new Int32Array(m);
          let q = 0;
          for (let j = 0; j < m; j++) {
            const i = open === null ? j : open[j]!;
            if (vecIsNull(v, j)) next[q++] = i;
            else from[i] = k;
          }
          open = next;
          m = q;
        }
        return mergeParts(n, parts, subs, from, type);
      },
    };
  }
}

function vecIsNull(v: Vec, i: number): boolean {
  return v.kind === 'val' ? v.data[i] === null : v.nulls !== null && v.nulls[i] === 1;
}

/** Position of row i within part k's context (identity when the part ran at every row). */
function mergeParts(n: number, parts: Vec[], subs: (Int32Array | null)[], from: Int32Array, type: SqlType): Vec {
  // Index of each row within the part its value comes from.
  const within = new Int32Array(n);
  subs.forEach((s, k) => {
    if (s === null) return;
    for (let j = 0; j < s.length; j++) if (from[s[j]!] === k) within[s[j]!] = j;
  });
  const pos = (k: number, i: number): number => (subs[k] === null ? i : within[i]!);
  if (parts.length > 0 && parts.every((p) => p.kind === 'num')) {
    const out = f64z(n);
    let nulls: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      const k = from[i]!;
      if (k < 0) (nulls ??= u8z(n))[i] = 1;
      else out[i] = (parts[k] as NumVec).data[pos(k, i)]!;
    }
    return { kind: 'num', data: out, nulls };
  }
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) {
    const k = from[i]!;
    out[i] = k < 0 ? null : valueAt(parts[k]!, pos(k, i), type);
  }
  return { kind: 'val', data: out };
}

/** Evaluates each branch at the rows that take it and merges the results. */
function gatherBranches(ctx: Ctx, branch: Int32Array, results: Node[], type: SqlType): Vec {
  const n = ctx.n;
  const parts: Vec[] = [];
  const subs: (Int32Array | null)[] = [];
  for (let k = 0; k < results.length; k++) {
    let m = 0;
    for (let i = 0; i < n; i++) if (branch[i] === k) m++;
    if (m === 0) {
      parts.push({ kind: 'val', data: [] });
      subs.push(new Int32Array(0));
      continue;
    }
    if (m === n) {
      parts.push(results[k]!.run(ctx));
      subs.push(null);
      continue;
    }
    const idx = new Int32Array(m);
    let q = 0;
    for (let i = 0; i < n; i++) if (branch[i] === k) idx[q++] = i;
    parts.push(results[k]!.run(subCtx(ctx, idx, m)));
    subs.push(idx);
  }
  // A branch's NULL result is NULL; mergeParts treats `from` < 0 as NULL.
  const from = new Int32Array(n);
  const within = new Int32Array(n);
  subs.forEach((s) => s && s.forEach((i, j) => (within[i] = j)));
  for (let i = 0; i < n; i++) {
    const k = branch[i]!;
    from[i] = vecIsNull(parts[k]!, subs[k] === null ? i : within[i]!) ? -1 : k;
  }
  const nonEmpty = parts.filter((p, k) => subs[k] === null || subs[k]!.length > 0);
  if (nonEmpty.length > 0 && nonEmpty.every((p) => p.kind === 'num')) {
    const out = f64z(n);
    let nulls: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      const k = from[i]!;
      if (k < 0) (nulls ??= u8z(n))[i] = 1;
      else out[i] = (parts[k] as NumVec).data[subs[k] === null ? i : within[i]!]!;
    }
    return { kind: 'num', data: out, nulls };
  }
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) {
    const k = from[i]!;
    out[i] = k < 0 ? null : valueAt(parts[k]!, subs[k] === null ? i : within[i]!, type);
  }
  return { kind: 'val', data: out };
}

function floatKernel(op: string): (x: number, y: number) => number {
  switch (op) {
    case 'add':
      return (x, y) => x + y;
    case 'subtract':
      return (x, y) => x - y;
    case 'multiply':
      return (x, y) => x * y;
    case 'divide':
      return (x, y) => x / y;
    default:
      return (x, y) => x % y;
  }
}

function nullsOf(a: NumVec, b: NumVec, n: number): Uint8Array | null {
  const an = a.nulls;
  const bn = b.nulls;
  if (an === null && bn === null) return null;
  const nulls = u8(n);
  for (let i = 0; i < n; i++) nulls[i] = (an === null ? 0 : an[i]!) | (bn === null ? 0 : bn[i]!);
  return nulls;
}

/** IEEE arithmetic on doubles, one loop per operator. */
function floatArith(a: NumVec, b: NumVec, n: number, op: string): NumVec {
  const out = f64(n);
  const x = a.data;
  const y = b.data;
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) out[i] = x[i]! + y[i]!;
      break;
    case 'subtract':
      for (let i = 0; i < n; i++) out[i] = x[i]! - y[i]!;
      break;
    case 'multiply':
      for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
      break;
    case 'divide':
      for (let i = 0; i < n; i++) out[i] = x[i]! / y[i]!;
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = x[i]! % y[i]!;
  }
  return { kind: 'num', data: out, nulls: nullsOf(a, b, n) };
}

/**
 * Exact integer arithmetic (BIGINT, DECIMAL's unscaled values): op 0 is `x·fa + y·fb`, 1 is
 * `x·fa − y·fb`, 2 is `x·y`. Every intermediate must stay below 2^52 (so no double rounds) and
 * the result below `limit` (the result type's 10^precision when that is smaller); otherwise the
 * batch falls back to the row interpreter, which computes exactly or raises Trino's error.
 */
function exactArith(a: NumVec, b: NumVec, n: number, op: 0 | 1 | 2, fa: number, fb: number, limit: number): NumVec {
  const out = f64(n);
  const nulls = nullsOf(a, b, n);
  const x = a.data;
  const y = b.data;
  const bound = Math.min(limit, EXACT);
  // One loop per operator over every position, NULL ones included (their data is unspecified):
  // an out-of-range value only flags the batch, and the flagged batch is checked again below.
  let flagged = false;
  if (op === 2) {
    for (let i = 0; i < n; i++) {
      const r = x[i]! * y[i]!;
      out[i] = r;
      if (r >= bound || r <= -bound) flagged = true;
    }
  } else {
    const sign = op === 0 ? 1 : -1;
    for (let i = 0; i < n; i++) {
      const p = x[i]! * fa;
      const q = y[i]! * fb;
      const r = p + sign * q;
      out[i] = r;
      if (p >= EXACT || p <= -EXACT || q >= EXACT || q <= -EXACT || r >= bound || r <= -bound) flagged = true;
    }
  }
  if (flagged) {
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const p = op === 2 ? x[i]! : x[i]! * fa;
      const q = op === 2 ? y[i]! : y[i]! * fb;
      if (op !== 2 && (p >= EXACT || p <= -EXACT || q >= EXACT || q <= -EXACT)) throw FALLBACK;
      const r = out[i]!;
      if (r >= bound || r <= -bound) throw FALLBACK;
    }
  }
  return { kind: 'num', data: out, nulls };
}

/**
 * {@link exactArith} with one operand the constant `c` (the first operand when `constFirst`):
 * each result is `x·m·s + k` (`k` the constant's scaled term, `s` the sign of x's term) or `x·c`.
 */
function exactArithConst(v: NumVec, c: number, constFirst: boolean, n: number, op: 0 | 1 | 2, fa: number, fb: number, limit: number): NumVec {
  const out = f64(n);
  const nulls = v.nulls;
  const x = v.data;
  const bound = Math.min(limit, EXACT);
  let m = c;
  let s = 1;
  let k = 0;
  if (op !== 2) {
    m = constFirst ? fb : fa;
    k = constFirst ? c * fa : c * fb;
    if (k >= EXACT || k <= -EXACT) throw FALLBACK;
    if (op === 1) {
      if (constFirst) s = -1;
      else k = -k;
    }
  }
  let flagged = false;
  for (let i = 0; i < n; i++) {
    const p = x[i]! * m;
    const r = s * p + k;
    out[i] = r;
    if (p >= EXACT || p <= -EXACT || r >= bound || r <= -bound) flagged = true;
  }
  if (flagged) {
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const p = x[i]! * m;
      const r = out[i]!;
      if ((op !== 2 && (p >= EXACT || p <= -EXACT)) || r >= bound || r <= -bound) throw FALLBACK;
    }
  }
  return { kind: 'num', data: out, nulls };
}

function numBinary(a: NumVec, b: NumVec, n: number, f: (x: number, y: number) => number): NumVec {
  const out = f64z(n);
  const nulls = nullsOf(a, b, n);
  const x = a.data;
  const y = b.data;
  if (nulls === null) for (let i = 0; i < n; i++) out[i] = f(x[i]!, y[i]!);
  else for (let i = 0; i < n; i++) if (nulls[i] === 0) out[i] = f(x[i]!, y[i]!);
  return { kind: 'num', data: out, nulls };
}

/** A comparison of numbers (JS semantics: NaN compares false, as SQL's), one loop per operator. */
/** `c op x` as `x FLIPPED[op] c`. */
const FLIPPED: Record<string, string> = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };

/** The number a non-null numeric constant holds in `num` vectors, if it is exact there. */
function numericConstant(e: BoundExpr): number | undefined {
  if (e.kind !== 'const' || e.value === null || !isNumericType(e.type)) return undefined;
  const v = e.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' && v < 4503599627370496n && v > -4503599627370496n) return Number(v);
  return undefined;
}

/** A numeric vector compared with a constant (NULL where the vector is NULL). */
function numCompareConst(a: NumVec, c: number, n: number, op: string): BoolVec {
  const out = u8(n);
  const x = a.data;
  switch (op) {
    case 'eq':
      for (let i = 0; i < n; i++) out[i] = x[i] === c ? 1 : 0;
      break;
    case 'ne':
      for (let i = 0; i < n; i++) out[i] = x[i] !== c ? 1 : 0;
      break;
    case 'lt':
      for (let i = 0; i < n; i++) out[i] = x[i]! < c ? 1 : 0;
      break;
    case 'le':
      for (let i = 0; i < n; i++) out[i] = x[i]! <= c ? 1 : 0;
      break;
    case 'gt':
      for (let i = 0; i < n; i++) out[i] = x[i]! > c ? 1 : 0;
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = x[i]! >= c ? 1 : 0;
  }
  const an = a.nulls;
  return { kind: 'bool', data: out, nulls: an === null ? null : copyU8(an, n) };
}

function numCompare(a: NumVec, b: NumVec, n: number, op: string): BoolVec {
  const out = u8(n);
  const x = a.data;
  const y = b.data;
  switch (op) {
    case 'eq':
      for (let i = 0; i < n; i++) out[i] = x[i] === y[i] ? 1 : 0;
      break;
    case 'ne':
      for (let i = 0; i < n; i++) out[i] = x[i] !== y[i] ? 1 : 0;
      break;
    case 'lt':
      for (let i = 0; i < n; i++) out[i] = x[i]! < y[i]! ? 1 : 0;
      break;
    case 'le':
      for (let i = 0; i < n; i++) out[i] = x[i]! <= y[i]! ? 1 : 0;
      break;
    case 'gt':
      for (let i = 0; i < n; i++) out[i] = x[i]! > y[i]! ? 1 : 0;
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = x[i]! >= y[i]! ? 1 : 0;
  }
  return { kind: 'bool', data: out, nulls: nullsOf(a, b, n) };
}

/** x / d rounded half away from zero, exactly (x an integer below 2^52, d a power of ten). */
function divideHalfUp(x: number, d: number): number {
  let q = Math.trunc(x / d);
  let r = x - q * d;
  // x / d may round across an integer; correct with the exact remainder.
  if (x >= 0) {
    while (r < 0) { q -= 1; r += d; }
    while (r >= d) { q += 1; r -= d; }
    return r * 2 >= d ? q + 1 : q;
  }
  while (r > 0) { q += 1; r -= d; }
  while (r <= -d) { q -= 1; r += d; }
  return -r * 2 >= d ? q - 1 : q;
}

/** A structural key for sharing identical deterministic subexpressions; undefined: not shared. */
function keyOf(e: BoundExpr): string | undefined {
  switch (e.kind) {
    case 'column':
      return `#${e.id}`;
    case 'const': {
      if (e.value !== null && typeof e.value === 'object') return undefined;
      const v = e.value;
      return `c${typeKey(e.type)}:${typeof v === 'string' ? JSON.stringify(v) : String(encodeValue(v))}`;
    }
    case 'call': {
      if (!e.fn.deterministic) return undefined;
      const args = e.args.map(keyOf);
      if (args.some((a) => a === undefined)) return undefined;
      return `${e.fn.name}:${typeKey(e.type)}(${args.join(',')})`;
    }
    case 'cast': {
      const a = keyOf(e.arg);
      return a === undefined ? undefined : `cast${e.safe ? '?' : ''}(${a}:${typeKey(e.type)})`;
    }
    default:
      return undefined;
  }
}

function typeKey(t: SqlType): string {
  return JSON.stringify(t);
}
