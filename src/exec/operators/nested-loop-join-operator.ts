/**
 * Nested-loop join for CROSS joins and joins without equality keys: every build row is a
 * candidate of every left row; the residual condition (if any) decides.
 */
import type { JoinNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import { rowAt } from '../batch-util.js';
import type { EvalEnv } from '../expr/eval-env.js';
import { JoinProbe, type BuildSide } from '../join-core.js';

export async function* runNestedLoopJoin(
  node: JoinNode,
  left: AsyncIterable<Batch>,
  right: AsyncIterable<Batch>,
  env: EvalEnv,
): AsyncGenerator<Batch> {
  const build: BuildSide = { rows: [], hasNullKey: false };
  for await (const b of right) for (let r = 0; r < b.length; r++) build.rows.push(rowAt(b, r));
  const all = build.rows.map((_, i) => i);
  const probe = new JoinProbe(node, build, env);
  for await (const b of left) yield* probe.probe(b, () => all);
  yield* probe.finish(node.left.columns.map((c) => c.type));
}
