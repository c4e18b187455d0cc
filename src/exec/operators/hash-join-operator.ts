/**
 * Hash join on equality keys (all join types; see join-core.ts for the probe). The right input
 * is built into a hash table keyed by its equi-key tuple; rows with a NULL key never enter it.
 * Past the query's memory budget both sides are hash-partitioned to encrypted spill files and
 * joined partition by partition (Grace hash join; a mark join cannot and fails instead).
 */
import type { JoinNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { compileExpr, layoutOf, type CompiledExpr } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { JoinProbe, type BuildSide } from '../join-core.js';
import { encodeKey, encodeValue } from '../key-encoding.js';
import { batchBytes, reservationOf } from '../query-memory.js';
import { MAX_SPILL_LEVEL, partitionOf, SpillPartitions, spilledBatches } from '../spill.js';
import { concatColumns, rowAt } from '../batch-util.js';

const BUILD_ROW_BYTES = 128;

export async function* runHashJoin(
  node: JoinNode,
  left: AsyncIterable<Batch>,
  right: AsyncIterable<Batch>,
  env: EvalEnv,
  level = 0,
): AsyncGenerator<Batch> {
  const single = node.equi.length === 1;
  const keyOf = (vals: Value[]): string | number | boolean => (single ? encodeValue(vals[0]!) : encodeKey(vals));

  const rframe = new RowFrame();
  const rlayout = layoutOf(node.right.columns);
  const rkeys = node.equi.map((k) => compileExpr(k.right, rlayout, rframe, env));
  const mem = reservationOf(env.memory, 'Hash join build side');
  // Hash table as chains: head[key] = last build row with that key, next[row] = previous one.
  const head = new Map<unknown, number>();
  const next: number[] = [];
  const build: BuildSide = { columns: [], count: 0, hasNullKey: false };
  // The build side's batches as they came; joined into one typed column each before the probe.
  let built: Batch[] = [];
  const rvals = new Array<Value>(rkeys.length);
  // Past the budget the build side goes to 16 encrypted hash partitions, the probe side after it
  // (Grace hash join), and each pair of partitions is joined on its own.
  let spill: { build: SpillPartitions; probe: SpillPartitions } | undefined;
  const rightTypes = node.right.columns.map((c) => c.type);
  const leftTypes = node.left.columns.map((c) => c.type);
  /** The hash key of row r from key functions `fns` (into `vals`), or null when a key is NULL. */
  const keyAt = (fns: readonly CompiledExpr[], vals: Value[], r: number): string | number | boolean | null => {
    for (let i = 0; i < fns.length; i++) {
      const v = fns[i]!.eval(r);
      if (v === null) return null;
      vals[i] = v;
    }
    return keyOf(vals);
  };
  const buildKey = (r: number) => keyAt(rkeys, rvals, r);
  try {
    for await (const b of right) {
      for (const k of rkeys) if (k.prepare) await k.prepare(b);
      rframe.cols = b.columns;
      if (spill === undefined) {
        // Per row: its chain link and hash-table entry, counted twice for the table's doubling.
        const bytes = batchBytes(b) + BUILD_ROW_BYTES * b.length;
        if (!mem.tryGrow(bytes)) {
          // A mark join's NULL semantics need the whole build side: it cannot partition.
          if (!mem.canSpill || node.joinType === 'mark' || level >= MAX_SPILL_LEVEL) throw mem.exceeded(bytes);
          spill = { build: new SpillPartitions(mem.spill), probe: new SpillPartitions(mem.spill) };
          spillBuild(built, build.count, head, next, spill.build, level);
          built = [];
          head.clear();
          next.length = 0;
          mem.free();
        }
      }
      if (spill !== undefined) {
        for (let r = 0; r < b.length; r++) {
          const key = buildKey(r);
          // NULL keys never match: any partition will do (0), where RIGHT/FULL joins emit them.
          spill.build.add(key === null ? 0 : partitionOf(key, level), rowAt(b, r));
        }
        continue;
      }
      const base = build.count;
      built.push(b);
      build.count += b.length;
      for (let r = 0; r < b.length; r++) {
        const idx = base + r;
        const key = buildKey(r);
        if (key === null) {
          build.hasNullKey = true;
          next[idx] = -1;
          continue;
        }
        const prev = head.get(key);
        next[idx] = prev === undefined ? -1 : prev;
        head.set(key, idx);
      }
    }

    const lframe = new RowFrame();
    const llayout = layoutOf(node.left.columns);
    const lkeys = node.equi.map((k) => compileExpr(k.left, llayout, lframe, env));
    const vals = new Array<Value>(lkeys.length);
    const probeKey = (r: number) => keyAt(lkeys, vals, r);
    if (spill !== undefined) {
      for await (const b of left) {
        for (const k of lkeys) if (k.prepare) await k.prepare(b);
        lframe.cols = b.columns;
        for (let r = 0; r < b.length; r++) {
          const key = probeKey(r);
          spill.probe.add(key === null ? 0 : partitionOf(key, level), rowAt(b, r));
        }
      }
      const builds = [...spill.build.partitionFiles()];
      const probes = [...spill.probe.partitionFiles()];
      for (let p = 0; p < builds.length; p++) {
        yield* runHashJoin(node, spilledBatches(probes[p], leftTypes), spilledBatches(builds[p], rightTypes), env, level + 1);
      }
      return;
    }

    build.typed = rightTypes.map((t, j) => concatColumns(t, built.map((b) => b.columns[j]!)));
    built = [];
    const probe = new JoinProbe(node, build, env);
    for await (const b of left) {
      for (const k of lkeys) if (k.prepare) await k.prepare(b);
      lframe.cols = b.columns;
      yield* probe.probe(b, (r, visit) => {
        lframe.cols = b.columns;
        const key = probeKey(r);
        if (key === null) return false;
        for (let c = head.get(key) ?? -1; c >= 0; c = next[c]!) visit(c);
        return true;
      });
    }
    yield* probe.finish(leftTypes);
  } finally {
    mem.free();
    spill?.build.close();
    spill?.probe.close();
  }
}

/** Moves the build rows held so far into the partitions, by the key each was chained under. */
function spillBuild(built: readonly Batch[], count: number, head: Map<unknown, number>, next: number[], out: SpillPartitions, level: number): void {
  const part = new Int8Array(count); // NULL-key rows (never chained) stay in partition 0
  for (const [key, last] of head) {
    const p = partitionOf(key as string | number | boolean, level);
    for (let c = last; c >= 0; c = next[c]!) part[c] = p;
  }
  let i = 0;
  for (const b of built) for (let r = 0; r < b.length; r++) out.add(part[i++]!, rowAt(b, r));
}
