/**
 * The probe loop shared by the hash join and the nested-loop join: the right input is the build
 * side (materialized), the left input streams. For each left batch the caller's `candidates`
 * yields build rows that may match (same equi key, or every row); candidate pairs are assembled
 * into a pair batch in chunks so the residual condition is evaluated vectorized, then rows are
 * emitted according to the join type. NULL keys never match (the caller never offers them).
 */
import type { JoinNode } from '../plan/logical/plan-node.js';
import { columnGet, type Batch, type Column } from '../types/batch.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { BATCH_SIZE, gatherColumn } from './batch-util.js';
import { compileExpr, layoutOf, type CompiledExpr } from './expr/compile-expr.js';
import { RowFrame, type EvalEnv } from './expr/eval-env.js';

export interface BuildSide {
  /** The build side, column-major (one array of values per right column). */
  columns: Value[][];
  /** Instead of `columns`: the build side as (typed) columns, which the probe gathers from. */
  typed?: Column[];
  count: number;
  /** Build rows whose key contained NULL (they can only appear in RIGHT/FULL output or IN marks). */
  hasNullKey: boolean;
}

/** Appends a right batch to the column-major build side. */
export function appendBuild(build: BuildSide, b: Batch): void {
  for (let j = 0; j < b.columns.length; j++) {
    const c = b.columns[j]!;
    const out = (build.columns[j] ??= []);
    if (c.kind === 'values') for (let i = 0; i < b.length; i++) out.push(c.data[i] ?? null);
    else for (let i = 0; i < b.length; i++) out.push(columnGet(c, i));
  }
  build.count += b.length;
}

/**
 * Per left row: calls `visit` with each candidate build row index and returns true, or returns
 * false (visiting nothing) when the left key is NULL.
 */
export type CandidateFn = (r: number, visit: (buildRow: number) => void) => boolean;

export class JoinProbe {
  private readonly frame = new RowFrame();
  private readonly residual: CompiledExpr | undefined;
  private readonly rightTypes: SqlType[];
  private readonly leftWidth: number;
  private readonly buildMatched: Uint8Array;

  constructor(
    private readonly node: JoinNode,
    private readonly build: BuildSide,
    env: EvalEnv,
  ) {
    this.rightTypes = node.right.columns.map((c) => c.type);
    this.leftWidth = node.left.columns.length;
    if (node.residual) {
      const layout = layoutOf([...node.left.columns, ...node.right.columns]);
      this.residual = compileExpr(node.residual, layout, this.frame, env);
    }
    this.buildMatched = new Uint8Array(build.count);
  }

  private rightColumns(idx: number[], n: number): Column[] {
    const typed = this.build.typed;
    if (typed) return typed.map((c) => gatherColumn(c, idx, n));
    return this.rightTypes.map((t, j) => {
      const data = new Array<Value>(n);
      const col = this.build.columns[j]!;
      for (let i = 0; i < n; i++) data[i] = col[idx[i]!] ?? null;
      return { type: t, length: n, kind: 'values', data } as Column;
    });
  }

  private nullColumns(types: SqlType[], n: number): Column[] {
    return types.map((t) => ({ type: t, length: n, kind: 'values', data: new Array<Value>(n).fill(null) }) as Column);
  }

  /** Probes one left batch; yields output batches. */
  async *probe(left: Batch, candidates: CandidateFn): AsyncGenerator<Batch> {
    const type = this.node.joinType;
    const emitPairs = type === 'inner' || type === 'left' || type === 'right' || type === 'full' || type === 'cross';
    const leftMatched = new Uint8Array(left.length);
    const leftNullKey = new Uint8Array(left.length);
    let li: number[] = [];
    let ri: number[] = [];
    const flush = async function* (this: JoinProbe): AsyncGenerator<Batch> {
      const n = li.length;
      if (n === 0) return;
      let pair: Batch = {
        length: n,
        columns: [...left.columns.map((c) => gatherColumn(c, li, n)), ...this.rightColumns(ri, n)],
      };
      let keepIdx: number[] | undefined;
      if (this.residual) {
        if (this.residual.prepare) await this.residual.prepare(pair);
        this.frame.cols = pair.columns;
        keepIdx = [];
        for (let p = 0; p < n; p++) if (this.residual.eval(p) === true) keepIdx.push(p);
      }
      const count = keepIdx ? keepIdx.length : n;
      for (let k = 0; k < count; k++) {
        const p = keepIdx ? keepIdx[k]! : k;
        leftMatched[li[p]!] = 1;
        this.buildMatched[ri[p]!] = 1;
      }
      if (emitPairs && count > 0) {
        if (keepIdx && count < n) pair = { length: count, columns: pair.columns.map((c) => gatherColumn(c, keepIdx!, count)) };
        yield pair;
      }
      li = [];
      ri = [];
    }.bind(this);

    const shortCircuit = !this.residual && !emitPairs;
    let current = 0;
    let full = false;
    const visit = (c: number) => {
      // Semi/anti/mark without residual: one candidate decides.
      if (shortCircuit) {
        leftMatched[current] = 1;
        return;
      }
      li.push(current);
      ri.push(c);
      if (li.length >= BATCH_SIZE) full = true;
    };
    for (let r = 0; r < left.length; r++) {
      current = r;
      if (!candidates(r, visit)) leftNullKey[r] = 1;
      if (full) {
        full = false;
        yield* flush();
      }
    }
    yield* flush();

    const unmatched: number[] = [];
    switch (type) {
      case 'left':
      case 'full':
        for (let r = 0; r < left.length; r++) if (!leftMatched[r]) unmatched.push(r);
        if (unmatched.length > 0) {
          const n = unmatched.length;
          yield {
            length: n,
            columns: [...left.columns.map((c) => gatherColumn(c, unmatched, n)), ...this.nullColumns(this.rightTypes, n)],
          };
        }
        return;
      case 'semi':
      case 'anti': {
        const want = type === 'semi' ? 1 : 0;
        for (let r = 0; r < left.length; r++) if (leftMatched[r] === want) unmatched.push(r);
        if (unmatched.length > 0) yield { length: unmatched.length, columns: left.columns.map((c) => gatherColumn(c, unmatched, unmatched.length)) };
        return;
      }
      case 'mark': {
        const nullAware = this.node.nullAware === true;
        const empty = this.build.count === 0;
        const marks = new Array<Value>(left.length);
        for (let r = 0; r < left.length; r++) {
          if (leftMatched[r]) marks[r] = true;
          else if (nullAware && !empty && (leftNullKey[r] || this.build.hasNullKey)) marks[r] = null;
          else marks[r] = false;
        }
        yield {
          length: left.length,
          columns: [...left.columns, { type: this.node.mark!.type, length: left.length, kind: 'values', data: marks }],
        };
        return;
      }
      default:
        return;
    }
  }

  /** After all probes: RIGHT/FULL joins emit build rows that never matched, with NULL left columns. */
  *finish(leftTypes: SqlType[]): Generator<Batch> {
    const type = this.node.joinType;
    if (type !== 'right' && type !== 'full') return;
    const idx: number[] = [];
    for (let i = 0; i < this.build.count; i++) if (!this.buildMatched[i]) idx.push(i);
    for (let s = 0; s < idx.length; s += BATCH_SIZE) {
      const part = idx.slice(s, s + BATCH_SIZE);
      yield { length: part.length, columns: [...this.nullColumns(leftTypes, part.length), ...this.rightColumns(part, part.length)] };
    }
    void this.leftWidth;
  }
}
