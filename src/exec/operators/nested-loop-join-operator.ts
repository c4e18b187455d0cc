/**
 * Nested-loop join for CROSS joins and joins without equality keys: every build row is a
 * candidate of every left row; the residual condition (if any) decides. The build side is held
 * whole: past the query's memory budget the join fails with EXCEEDED_MEMORY_LIMIT.
 */
import type { JoinNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { EvalEnv } from '../expr/eval-env.js';
import { appendBuild, JoinProbe, type BuildSide } from '../join-core.js';
import { batchBytes, reservationOf } from '../query-memory.js';

export async function* runNestedLoopJoin(
  node: JoinNode,
  left: AsyncIterable<Batch>,
  right: AsyncIterable<Batch>,
  env: EvalEnv,
): AsyncGenerator<Batch> {
  const build: BuildSide = { columns: node.right.columns.map(() => []), count: 0, hasNullKey: false };
  const mem = reservationOf(env.memory, 'Nested-loop join build side');
  try {
    for await (const b of right) {
      mem.grow(batchBytes(b));
      appendBuild(build, b);
    }
    const probe = new JoinProbe(node, build, env);
    const n = build.count;
    for await (const b of left) {
      yield* probe.probe(b, (_r, visit) => {
        for (let c = 0; c < n; c++) visit(c);
        return true;
      });
    }
    yield* probe.finish(node.left.columns.map((c) => c.type));
  } finally {
    mem.free();
  }
}
