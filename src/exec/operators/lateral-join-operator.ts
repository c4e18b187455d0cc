/**
 * LATERAL join: the right side is a plan that reads columns of the left row. It runs once per
 * distinct tuple of those columns (cached), and each left row is joined with the rows of its own
 * run — through the same probe as other joins, so the ON condition and LEFT semantics hold.
 */
import type { JoinNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { gatherBatch, rowsToBatch } from '../batch-util.js';
import { layoutOf } from '../expr/compile-expr.js';
import type { EvalEnv } from '../expr/eval-env.js';
import { appendBuild, JoinProbe, type BuildSide } from '../join-core.js';
import { encodeKey } from '../key-encoding.js';
import { columnGet } from '../../types/batch.js';

export async function* runLateralJoin(node: JoinNode, left: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const layout = layoutOf(node.left.columns);
  const refs = node.lateral!.map((id) => ({ id, pos: layout.get(id)! }));
  const rightTypes = node.right.columns.map((c) => c.type);
  const cache = new Map<string, BuildSide>();
  for await (const b of left) {
    for (let r = 0; r < b.length; r++) {
      const vals: Value[] = refs.map((x) => columnGet(b.columns[x.pos]!, r));
      const key = encodeKey(vals);
      let build = cache.get(key);
      if (!build) {
        const outer = new Map(env.outer);
        refs.forEach((x, i) => outer.set(x.id, vals[i]!));
        const rows = await env.runSubquery(node.right, outer);
        build = { columns: rightTypes.map(() => []), count: 0, hasNullKey: false };
        appendBuild(build, rowsToBatch(rightTypes, rows));
        cache.set(key, build);
      }
      const n = build.count;
      const probe = new JoinProbe(node, build, env);
      yield* probe.probe(gatherBatch(b, [r], 1), (_row, visit) => {
        for (let c = 0; c < n; c++) visit(c);
        return true;
      });
    }
  }
}
