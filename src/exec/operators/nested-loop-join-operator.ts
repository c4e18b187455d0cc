/**
 * Nested-loop join for CROSS joins and joins without equality keys: every build row is a
 * candidate of every left row; the residual condition (if any) decides.
 */
import type { JoinNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { EvalEnv } from '../expr/eval-env.js';
import { appendBuild, JoinProbe, type BuildSide } from '../join-core.js';

export async function* runNestedLoopJoin(
  node: JoinNode,
  left: AsyncIterable<Batch>,
  right: AsyncIterable<Batch>,
  env: EvalEnv,
): AsyncGenerator<Batch> {
  const build: BuildSide = { columns: node.right.columns.map(() => []), count: 0, hasNullKey: false };
  for await (const b of right) appendBuild(build, b);
  const probe = new JoinProbe(node, build, env);
  const n = build.count;
  for await (const b of left) {
    yield* probe.probe(b, (_r, visit) => {
      for (let c = 0; c < n; c++) visit(c);
      return true;
    });
  }
  yield* probe.finish(node.left.columns.map((c) => c.type));
}
