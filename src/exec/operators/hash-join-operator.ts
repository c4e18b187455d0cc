/**
 * Hash join on equality keys (all join types; see join-core.ts for the probe). The right input
 * is built into a hash table keyed by its equi-key tuple; rows with a NULL key never enter it.
 */
import type { JoinNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { appendBuild, JoinProbe, type BuildSide } from '../join-core.js';
import { encodeKey, encodeValue } from '../key-encoding.js';

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
  // Hash table as chains: head[key] = last build row with that key, next[row] = previous one.
  const head = new Map<unknown, number>();
  const next: number[] = [];
  const build: BuildSide = { columns: node.right.columns.map(() => []), count: 0, hasNullKey: false };
  const rvals = new Array<Value>(rkeys.length);
  for await (const b of right) {
    for (const k of rkeys) if (k.prepare) await k.prepare(b);
    rframe.cols = b.columns;
    const base = build.count;
    appendBuild(build, b);
    for (let r = 0; r < b.length; r++) {
      const idx = base + r;
      let hasNull = false;
      for (let i = 0; i < rkeys.length; i++) {
        const v = rkeys[i]!.eval(r);
        if (v === null) hasNull = true;
        rvals[i] = v;
      }
      if (hasNull) {
        build.hasNullKey = true;
        next[idx] = -1;
        continue;
      }
      const key = keyOf(rvals);
      const prev = head.get(key);
      next[idx] = prev === undefined ? -1 : prev;
      head.set(key, idx);
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
    yield* probe.probe(b, (r, visit) => {
      lframe.cols = b.columns;
      for (let i = 0; i < lkeys.length; i++) {
        const v = lkeys[i]!.eval(r);
        if (v === null) return false;
        vals[i] = v;
      }
      for (let c = head.get(keyOf(vals)) ?? -1; c >= 0; c = next[c]!) visit(c);
      return true;
    });
  }
  yield* probe.finish(node.left.columns.map((c) => c.type));
}
