/**
 * Hash join on equality keys (all join types; see join-core.ts for the probe). The right input
 * is built into a hash table keyed by its equi-key tuple; rows with a NULL key never enter it.
 */
import type { JoinNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { rowAt } from '../batch-util.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { JoinProbe, type BuildSide } from '../join-core.js';
import { encodeKey, encodeValue } from '../key-encoding.js';

const NO_ROWS: readonly number[] = [];

export async function* runHashJoin(
  node: JoinNode,
  left: AsyncIterable<Batch>,
  right: AsyncIterable<Batch>,
  env: EvalEnv,
): AsyncGenerator<Batch> {
  const single = node.equi.length === 1;
  const keyOf = (vals: Value[]): unknown => (single ? encodeValue(vals[0]!) : encodeKey(vals));

  const rframe = new RowFrame();
  const rlayout = layoutOf(node.right.columns);
  const rkeys = node.equi.map((k) => compileExpr(k.right, rlayout, rframe, env));
  const table = new Map<unknown, number[]>();
  const build: BuildSide = { rows: [], hasNullKey: false };
  for await (const b of right) {
    for (const k of rkeys) if (k.prepare) await k.prepare(b);
    rframe.cols = b.columns;
    for (let r = 0; r < b.length; r++) {
      const idx = build.rows.length;
      build.rows.push(rowAt(b, r));
      const vals = rkeys.map((k) => k.eval(r));
      if (vals.includes(null)) {
        build.hasNullKey = true;
        continue;
      }
      const key = keyOf(vals);
      const list = table.get(key);
      if (list) list.push(idx);
      else table.set(key, [idx]);
    }
  }

  const probe = new JoinProbe(node, build, env);
  const lframe = new RowFrame();
  const llayout = layoutOf(node.left.columns);
  const lkeys = node.equi.map((k) => compileExpr(k.left, llayout, lframe, env));
  const vals = new Array<Value>(lkeys.length);
  for await (const b of left) {
    for (const k of lkeys) if (k.prepare) await k.prepare(b);
    lframe.cols = b.columns;
    yield* probe.probe(b, (r) => {
      lframe.cols = b.columns;
      for (let i = 0; i < lkeys.length; i++) {
        const v = lkeys[i]!.eval(r);
        if (v === null) return null;
        vals[i] = v;
      }
      return table.get(keyOf(vals)) ?? NO_ROWS;
    });
  }
  yield* probe.finish(node.left.columns.map((c) => c.type));
}
