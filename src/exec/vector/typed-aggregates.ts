/**
 * Aggregate state in typed arrays indexed by group id, updated in one loop per batch (in the
 * spirit of DataFusion's `GroupsAccumulator`): count, sum and avg over exact numbers and doubles.
 * Any other aggregate keeps one registry `Accumulator` per group, fed row by row.
 *
 * Exact sums: a group's sum is `big + hi·2^32 + lo` with `lo` kept below 2^52 in magnitude, so
 * adding an input (below 2^52, see vec.ts) never rounds; `lo` carries into `hi`, and `hi` into a
 * bigint only past 2^52 (billions of rows). Results are computed exactly as the registry's
 * accumulators compute them (aggregates-basic.ts), overflow errors included.
 */
import { AegisError } from '../../errors.js';
import type { Accumulator } from '../../functions/registry.js';
import type { AggregateCall } from '../../plan/bound-expr.js';
import { checkDecimal, divideHalfUp } from '../../types/decimal.js';
import type { SqlType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import { grown } from '../batch-util.js';
import { EXACT, valueAt, type Vec } from './vec.js';

export interface GroupsAccumulator {
  /** Adds the rows of a batch: row i belongs to group `gids[i]`; rows with `skip[i]` set are ignored. */
  add(gids: Int32Array, n: number, args: readonly Vec[], skip: Uint8Array | null): void;
  /** Makes room for groups below `size`. */
  grow(size: number): void;
  result(g: number): Value;
  /** Estimated heap bytes of one group's state. */
  readonly groupBytes: number;
  /** Types of the columns a partial aggregation (in a scan split) emits for this aggregate. */
  readonly stateTypes: readonly SqlType[];
  /** Appends group `g`'s partial state, one value per state column. */
  state(g: number, out: Value[]): void;
  /** Folds partial states into groups: the state in row i of `states` into group `gids[i]` (none when negative). */
  merge(gids: Int32Array, n: number, states: readonly Vec[]): void;
}

/** Calls `f(g, i, n)` for each partial state row i of a held group g (>= 0) whose count n is not 0. */
function eachCounted(gids: Int32Array, rows: number, counts: Vec, f: (g: number, i: number, n: number) => void): void {
  for (let i = 0; i < rows; i++) {
    const n = numberAt(counts, i);
    const g = gids[i]!;
    if (n !== 0 && g >= 0) f(g, i, n);
  }
}

const BIGINT: SqlType = { kind: 'bigint' };
const DOUBLE: SqlType = { kind: 'double' };
/** An exact sum's state: the unscaled sum, which may pass 64 bits before the final check. */
const WIDE: SqlType = { kind: 'decimal', precision: 38, scale: 0 };
const STATE: SqlType = { kind: 'unknown' };

/** A count or double state at row i as a number (0 for NULL). */
function numberAt(v: Vec, i: number): number {
  if (v.kind === 'num') return v.nulls !== null && v.nulls[i] === 1 ? 0 : v.data[i]!;
  const x = v.kind === 'val' ? v.data[i] : null;
  return x === null || x === undefined ? 0 : Number(x);
}

const TWO32 = 4294967296;
const BIG_MAX = 9223372036854775807n;
const BIG_MIN = -9223372036854775808n;

function isIntegral(t: SqlType): boolean {
  return t.kind === 'tinyint' || t.kind === 'smallint' || t.kind === 'integer' || t.kind === 'bigint';
}

class CountAcc implements GroupsAccumulator {
  readonly groupBytes = 8;
  private n = new Float64Array(16);
  constructor(private readonly star: boolean) {}
  grow(size: number): void {
    this.n = grown(this.n, size);
  }
  add(gids: Int32Array, rows: number, args: readonly Vec[], skip: Uint8Array | null): void {
    const n = this.n;
    const a = this.star ? undefined : args[0]!;
    if (skip === null && (a === undefined || (a.kind !== 'val' && a.nulls === null))) {
      for (let i = 0; i < rows; i++) n[gids[i]!]++;
      return;
    }
    for (let i = 0; i < rows; i++) {
      if (skip !== null && skip[i] === 1) continue;
      if (a !== undefined && (a.kind === 'val' ? a.data[i] === null : a.nulls !== null && a.nulls[i] === 1)) continue;
      n[gids[i]!]++;
    }
  }
  result(g: number): Value {
    return BigInt(this.n[g]!);
  }
  readonly stateTypes = [BIGINT];
  state(g: number, out: Value[]): void {
    out.push(BigInt(this.n[g]!));
  }
  merge(gids: Int32Array, rows: number, states: readonly Vec[]): void {
    const c = states[0]!;
    for (let i = 0; i < rows; i++) if (gids[i]! >= 0) this.n[gids[i]!] += numberAt(c, i);
  }
}

type SumMode = 'sum-int' | 'sum-dec' | 'avg-int' | 'avg-dec';

class ExactSumAcc implements GroupsAccumulator {
  readonly groupBytes = 48;
  private lo = new Float64Array(16);
  private hi = new Float64Array(16);
  private count = new Float64Array(16);
  private big: bigint[] = [];
  constructor(private readonly mode: SumMode) {}
  grow(size: number): void {
    this.lo = grown(this.lo, size);
    this.hi = grown(this.hi, size);
    this.count = grown(this.count, size);
  }
  private carry(g: number): void {
    const q = Math.trunc(this.lo[g]! / TWO32);
    this.hi[g] += q;
    this.lo[g] -= q * TWO32;
    if (this.hi[g]! >= EXACT || this.hi[g]! <= -EXACT) {
      this.big[g] = (this.big[g] ?? 0n) + BigInt(this.hi[g]!) * 4294967296n;
      this.hi[g] = 0;
    }
  }
  add(gids: Int32Array, rows: number, args: readonly Vec[], skip: Uint8Array | null): void {
    const a = args[0]!;
    const lo = this.lo;
    const count = this.count;
    if (a.kind === 'num') {
      const d = a.data;
      const nulls = a.nulls;
      if (skip === null && nulls === null) {
        // Every row counts: the loop of the common case, without the per-row checks (and with
        // the state arrays in locals: carry() updates the same arrays).
        for (let i = 0; i < rows; i++) {
          const g = gids[i]!;
          const s = lo[g]! + d[i]!;
          lo[g] = s;
          count[g]++;
          if (s >= EXACT || s <= -EXACT) this.carry(g);
        }
        return;
      }
      for (let i = 0; i < rows; i++) {
        if ((skip !== null && skip[i] === 1) || (nulls !== null && nulls[i] === 1)) continue;
        this.addExact(gids[i]!, d[i]!);
      }
      return;
    }
    for (let i = 0; i < rows; i++) {
      if (skip !== null && skip[i] === 1) continue;
      const v = a.kind === 'val' ? a.data[i] : null;
      if (v === null || v === undefined) continue;
      const g = gids[i]!;
      count[g]++;
      if (typeof v === 'bigint') this.big[g] = (this.big[g] ?? 0n) + v;
      else {
        lo[g] += v as number;
        this.carry(g);
      }
    }
  }
  /** Adds an input below 2^52 in magnitude to group g (see the module comment). */
  private addExact(g: number, x: number): void {
    const s = this.lo[g]! + x;
    this.lo[g] = s;
    this.count[g]++;
    if (s >= EXACT || s <= -EXACT) this.carry(g);
  }
  private sum(g: number): bigint {
    return (this.big[g] ?? 0n) + BigInt(this.hi[g]!) * 4294967296n + BigInt(this.lo[g]!);
  }
  readonly stateTypes = [WIDE, BIGINT];
  state(g: number, out: Value[]): void {
    out.push(this.sum(g), BigInt(this.count[g]!));
  }
  merge(gids: Int32Array, rows: number, states: readonly Vec[]): void {
    const [sums, counts] = states as [Vec, Vec];
    eachCounted(gids, rows, counts, (g, i, n) => {
      this.count[g] += n;
      const s = valueAt(sums, i, WIDE) as bigint;
      const small = Number(s);
      if (Math.abs(small) < EXACT) {
        this.lo[g] += small;
        if (this.lo[g]! >= EXACT || this.lo[g]! <= -EXACT) this.carry(g);
      } else this.big[g] = (this.big[g] ?? 0n) + s;
    });
  }
  result(g: number): Value {
    const n = this.count[g]!;
    if (n === 0) return null;
    const s = this.sum(g);
    switch (this.mode) {
      case 'sum-int':
        if (s > BIG_MAX || s < BIG_MIN) throw new AegisError('NUMERIC_OVERFLOW', 'bigint addition overflow');
        return s;
      case 'sum-dec':
        return checkDecimal(s, 38);
      case 'avg-int':
        return Number(s) / n;
      case 'avg-dec':
        return divideHalfUp(s, BigInt(n));
    }
  }
}

/** sum/avg over DOUBLE: summed in input order per group, as the registry's accumulator does. */
class DoubleSumAcc implements GroupsAccumulator {
  readonly groupBytes = 24;
  private sum = new Float64Array(16);
  private count = new Float64Array(16);
  constructor(private readonly avg: boolean) {}
  grow(size: number): void {
    this.sum = grown(this.sum, size);
    this.count = grown(this.count, size);
  }
  add(gids: Int32Array, rows: number, args: readonly Vec[], skip: Uint8Array | null): void {
    const a = args[0]!;
    for (let i = 0; i < rows; i++) {
      if (skip !== null && skip[i] === 1) continue;
      let x: number;
      if (a.kind === 'num') {
        if (a.nulls !== null && a.nulls[i] === 1) continue;
        x = a.data[i]!;
      } else {
        const v = a.kind === 'val' ? a.data[i] : null;
        if (v === null || v === undefined) continue;
        x = v as number;
      }
      const g = gids[i]!;
      this.sum[g] += x;
      this.count[g]++;
    }
  }
  result(g: number): Value {
    const n = this.count[g]!;
    if (n === 0) return null;
    return this.avg ? this.sum[g]! / n : this.sum[g]!;
  }
  readonly stateTypes = [DOUBLE, BIGINT];
  state(g: number, out: Value[]): void {
    out.push(this.sum[g]!, BigInt(this.count[g]!));
  }
  merge(gids: Int32Array, rows: number, states: readonly Vec[]): void {
    const [sums, counts] = states as [Vec, Vec];
    eachCounted(gids, rows, counts, (g, i, n) => {
      this.sum[g] += numberAt(sums, i);
      this.count[g] += n;
    });
  }
}

/** Any aggregate: one registry accumulator per group, fed row by row. */
class RowAcc implements GroupsAccumulator {
  readonly groupBytes = 160;
  private readonly accs: Accumulator[] = [];
  private readonly buf: Value[];
  constructor(private readonly call: AggregateCall) {
    this.buf = new Array<Value>(call.args.length);
  }
  grow(size: number): void {
    while (this.accs.length < size) this.accs.push(this.call.fn.create());
  }
  add(gids: Int32Array, rows: number, args: readonly Vec[], skip: Uint8Array | null): void {
    const types = this.call.args.map((a) => a.type);
    const buf = this.buf;
    for (let i = 0; i < rows; i++) {
      if (skip !== null && skip[i] === 1) continue;
      for (let j = 0; j < args.length; j++) buf[j] = valueAt(args[j]!, i, types[j]!);
      this.accs[gids[i]!]!.add(buf);
    }
  }
  result(g: number): Value {
    return this.accs[g]!.result();
  }
  readonly stateTypes = [STATE];
  state(g: number, out: Value[]): void {
    // Structured-clone-safe by the registry's contract (it crosses threads as is).
    out.push(this.accs[g]!.save() as Value);
  }
  merge(gids: Int32Array, rows: number, states: readonly Vec[]): void {
    const v = states[0]!;
    for (let i = 0; i < rows; i++) if (gids[i]! >= 0) this.accs[gids[i]!]!.merge(this.call.fn.load(valueAt(v, i, STATE)));
  }
}

/** The typed accumulator for a call (DISTINCT and ordered aggregates are not handled here). */
export function groupsAccumulatorFor(call: AggregateCall): GroupsAccumulator {
  const name = call.fn.name;
  const at = call.args[0]?.type;
  const rt = call.fn.returnType;
  if (name === 'count' && call.args.length <= 1) return new CountAcc(call.args.length === 0);
  if ((name === 'sum' || name === 'avg') && call.args.length === 1 && at) {
    if (isIntegral(at)) {
      if (name === 'sum' && rt.kind === 'bigint') return new ExactSumAcc('sum-int');
      if (name === 'avg' && rt.kind === 'double') return new ExactSumAcc('avg-int');
    }
    if (at.kind === 'decimal' && rt.kind === 'decimal') {
      if (name === 'sum' && rt.precision === 38 && rt.scale === at.scale) return new ExactSumAcc('sum-dec');
      if (name === 'avg' && rt.scale === at.scale) return new ExactSumAcc('avg-dec');
    }
    if (at.kind === 'double' && rt.kind === 'double') return new DoubleSumAcc(name === 'avg');
  }
  return new RowAcc(call);
}
