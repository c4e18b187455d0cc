/**
 * UNNEST: for each input row, expands its arrays/maps side by side. Arrays of different lengths
 * are padded with NULLs up to the longest; a map yields key and value columns; an array of rows
 * yields one column per row field. WITH ORDINALITY adds a 1-based bigint position. In an outer
 * (LEFT JOIN … ON TRUE) unnest, a row with nothing to expand still yields one row of NULLs.
 */
import type { UnnestNode } from '../../plan/logical/plan-node.js';
import type { Batch, Column } from '../../types/batch.js';
import type { MapValue, Value } from '../../types/value.js';
import { BATCH_SIZE, gatherColumn } from '../batch-util.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';

function isMap(v: Value): v is MapValue {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'keys' in v;
}

export async function* runUnnest(node: UnnestNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const frame = new RowFrame();
  const fns = node.exprs.map((e) => compileExpr(e, layoutOf(node.input.columns), frame, env));
  const inWidth = node.input.columns.length;
  const outTypes = node.columns.slice(inWidth).map((c) => c.type);
  for await (const b of input) {
    for (const f of fns) if (f.prepare) await f.prepare(b);
    frame.cols = b.columns;
    let sel: number[] = [];
    let cols: Value[][] = outTypes.map(() => []);
    const flush = (): Batch => {
      const n = sel.length;
      const out: Column[] = [
        ...b.columns.map((c) => gatherColumn(c, sel, n)),
        ...cols.map((data, j) => ({ type: outTypes[j]!, length: n, kind: 'values', data }) as Column),
      ];
      sel = [];
      cols = outTypes.map(() => []);
      return { length: n, columns: out };
    };
    for (let r = 0; r < b.length; r++) {
      const vals = fns.map((f) => f.eval(r));
      let n = 0;
      for (const v of vals) {
        if (v === null) continue;
        const len = isMap(v) ? v.keys.length : (v as Value[]).length;
        if (len > n) n = len;
      }
      const emptyOuter = n === 0 && node.outer;
      const rowsOut = emptyOuter ? 1 : n;
      for (let i = 0; i < rowsOut; i++) {
        sel.push(r);
        let j = 0;
        vals.forEach((v, k) => {
          const w = node.widths[k]!;
          if (isMap(v)) {
            cols[j++]!.push(i < v.keys.length ? v.keys[i]! : null);
            cols[j++]!.push(i < v.values.length ? v.values[i]! : null);
            return;
          }
          const el = v !== null && i < (v as Value[]).length ? (v as Value[])[i]! : null;
          if (w === 1 && !(isRowExpanded(node, k))) cols[j++]!.push(el);
          else for (let f = 0; f < w; f++) cols[j++]!.push(el === null ? null : ((el as Value[])[f] ?? null));
        });
        if (node.ordinality) cols[j++]!.push(emptyOuter ? null : BigInt(i + 1));
      }
      if (sel.length >= BATCH_SIZE) yield flush();
    }
    if (sel.length > 0) yield flush();
  }
}

/** An array of rows expands its fields even when the row has a single field. */
function isRowExpanded(node: UnnestNode, k: number): boolean {
  const t = node.exprs[k]!.type;
  return t.kind === 'array' && t.element.kind === 'row';
}
