/**
 * A filter predicate as vector kernels, evaluated conjunct by conjunct: each conjunct of
 * `a AND b AND …` runs only at the rows where no earlier one was FALSE (a selection vector), so
 * a selective first conjunct spares the rest most of the batch. That is also exactly where AND,
 * evaluated left to right with its short circuit, evaluates it: a row where an earlier conjunct
 * is NULL still evaluates the later ones (they may fail, or be FALSE), but is never kept. A row
 * is kept when every conjunct is TRUE.
 */
import { conjuncts } from '../../plan/expr-utils.js';
import type { BoundExpr } from '../../plan/bound-expr.js';
import type { Batch } from '../../types/batch.js';
import type { Layout } from '../expr/compile-expr.js';
import type { EvalEnv } from '../expr/eval-env.js';
import { compileVectors, type VectorProgram } from './compile-vector.js';
import type { Vec } from './vec.js';

export interface VectorFilter {
  /**
   * The rows of `b` the predicate keeps: `n` of them, at `sel[0..n)`, or every row when `sel` is
   * null. `sel` is reused by the next call.
   */
  select(b: Batch): { sel: Int32Array | null; n: number };
}

export function compileVectorFilter(predicate: BoundExpr, layout: Layout, env: EvalEnv): VectorFilter | undefined {
  const programs: VectorProgram[] = [];
  for (const c of conjuncts(predicate)) {
    // Each conjunct's vector is read into the selection before the next evaluation.
    const p = compileVectors([c], layout, env, { reuse: true });
    if (!p) return undefined;
    programs.push(p);
  }
  let bufs = [new Int32Array(0), new Int32Array(0)];
  let nulls = new Uint8Array(0);
  let marks = new Uint8Array(0);
  return {
    select(b) {
      const rows = b.length;
      if (bufs[0]!.length < rows) {
        bufs = [new Int32Array(rows), new Int32Array(rows)];
        nulls = new Uint8Array(rows);
        marks = new Uint8Array(rows);
      }
      let sel: Int32Array | null = null;
      let n = rows;
      let k = 0;
      // marks[i]: the i-th selected row had a NULL conjunct (kept for evaluation, not output).
      let anyNull = false;
      for (const p of programs) {
        if (n === 0) break;
        const out = bufs[k++ & 1]!;
        const m = selectNotFalse(p.eval(b, sel, n)[0]!, sel, anyNull ? marks : null, out, nulls);
        n = m.n;
        anyNull = m.anyNull;
        if (anyNull) [marks, nulls] = [nulls, marks];
        sel = out;
      }
      if (anyNull) {
        // Drop the rows some conjunct left NULL.
        let j = 0;
        for (let i = 0; i < n; i++) if (marks[i] === 0) sel![j++] = sel![i]!;
        n = j;
      }
      return { sel: sel !== null && n === rows ? null : sel, n };
    },
  };
}

/**
 * Writes into `out` the positions (through `sel`) where `v` is TRUE or NULL, and into
 * `outMarks` whether each is NULL (or was marked in `marks`); FALSE drops the row.
 */
function selectNotFalse(v: Vec, sel: Int32Array | null, marks: Uint8Array | null, out: Int32Array, outMarks: Uint8Array): { n: number; anyNull: boolean } {
  let k = 0;
  let anyNull = false;
  const n = v.data.length;
  if (v.kind === 'val') {
    for (let i = 0; i < n; i++) {
      const x = v.data[i];
      if (x === false) continue;
      const mark = x !== true || (marks !== null && marks[i] === 1) ? 1 : 0;
      out[k] = sel === null ? i : sel[i]!;
      outMarks[k++] = mark;
      if (mark) anyNull = true;
    }
    return { n: k, anyNull };
  }
  if (v.kind !== 'bool') return { n: 0, anyNull: false };
  const d = v.data;
  const nl = v.nulls;
  if (nl === null && marks === null) {
    for (let i = 0; i < n; i++) if (d[i] === 1) out[k++] = sel === null ? i : sel[i]!;
    return { n: k, anyNull: false };
  }
  for (let i = 0; i < n; i++) {
    const isNull = nl !== null && nl[i] === 1;
    if (!isNull && d[i] === 0) continue;
    const mark = isNull || (marks !== null && marks[i] === 1) ? 1 : 0;
    out[k] = sel === null ? i : sel[i]!;
    outMarks[k++] = mark;
    if (mark) anyNull = true;
  }
  return { n: k, anyNull };
}
