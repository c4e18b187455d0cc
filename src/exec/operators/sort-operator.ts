/**
 * Sort: materializes its input column-major, sorts row indexes by the key columns (stable; NULL
 * placement per key), and re-emits the rows in batches.
 */
import type { SortNode } from '../../plan/logical/plan-node.js';
import type { Batch, Column } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { BATCH_SIZE } from '../batch-util.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { appendBuild, type BuildSide } from '../join-core.js';
import { compareNullable } from '../../types/compare.js';

export async function* runSort(node: SortNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const frame = new RowFrame();
  const layout = layoutOf(node.input.columns);
  const keyFns = node.keys.map((k) => compileExpr(k.expr, layout, frame, env));
  const data: BuildSide = { columns: node.input.columns.map(() => []), count: 0, hasNullKey: false };
  const keys: Value[][] = node.keys.map(() => []);
  for await (const b of input) {
    for (const k of keyFns) if (k.prepare) await k.prepare(b);
    frame.cols = b.columns;
    appendBuild(data, b);
    for (let k = 0; k < keyFns.length; k++) {
      const f = keyFns[k]!.eval;
      const out = keys[k]!;
      for (let r = 0; r < b.length; r++) out.push(f(r));
    }
  }
  const asc = node.keys.map((k) => k.ascending);
  const nullsFirst = node.keys.map((k) => k.nullsFirst);
  const nk = keys.length;
  const order = Array.from({ length: data.count }, (_, i) => i);
  order.sort((a, b) => {
    for (let k = 0; k < nk; k++) {
      const col = keys[k]!;
      const x = col[a]!;
      const y = col[b]!;
      let c: number;
      if (x === null || y === null) c = compareNullable(x, y, nullsFirst[k]!);
      else {
        c = compareNullable(x, y, false);
        if (!asc[k]) c = -c;
      }
      if (c !== 0) return c;
    }
    return 0;
  });
  const types = node.columns.map((c) => c.type);
  for (let s = 0; s < order.length; s += BATCH_SIZE) {
    const part = order.slice(s, s + BATCH_SIZE);
    const n = part.length;
    const columns: Column[] = data.columns.map((col, j) => {
      const out = new Array<Value>(n);
      for (let i = 0; i < n; i++) out[i] = col[part[i]!] ?? null;
      return { type: types[j]!, length: n, kind: 'values', data: out };
    });
    yield { length: n, columns };
  }
}
