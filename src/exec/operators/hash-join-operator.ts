/**
 * Hash join on equality keys (all join types; see join-core.ts for the probe). The right input
 * is built into a hash table keyed by its equi-key tuple; rows with a NULL key never enter it.
 * Past the query's memory budget both sides are hash-partitioned to encrypted spill files and
 * joined partition by partition (Grace hash join; a mark join cannot and fails instead).
 */
import type { JoinNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import type { BoundExpr, PlanColumn } from '../../plan/bound-expr.js';
import { compileExpr, layoutOf, type CompiledExpr } from '../expr/compile-expr.js';
import { compileVectors, type VectorProgram } from '../vector/compile-vector.js';
import type { Vec } from '../vector/vec.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { JoinProbe, type BuildSide } from '../join-core.js';
import { JoinKeyTable, TupleTable } from '../join-key-table.js';
import { encodeKey, encodeValue } from '../key-encoding.js';
import { batchBytes, reservationOf } from '../query-memory.js';
import { MAX_SPILL_LEVEL, partitionOf, SpillPartitions, spilledBatches } from '../spill.js';
import { concatColumns, rowAt } from '../batch-util.js';

const BUILD_ROW_BYTES = 128;

type Key = string | number | boolean;

const MIN_SAFE = -9007199254740991n;
const MAX_SAFE = 9007199254740991n;

/**
 * The hash key of a single-column join key: a BIGINT/DECIMAL that fits a double exactly is keyed
 * as that number, the way the vector kernels read it, so typed and row-computed keys agree.
 */
function singleKey(v: Value): Key {
  return typeof v === 'bigint' && v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : encodeValue(v);
}

/**
 * How a multi-column key whose parts are all numbers is keyed: `add` interns it (the build
 * side), `get` looks it up (the probe side; -1 when absent), `hash` gives its hash (a spilled
 * join partitions by it).
 */
type KeyMode = 'add' | 'get' | 'hash';

/** Per batch, the hash key of every row (null when a key part is NULL). */
class JoinKeys {
  private readonly frame = new RowFrame();
  private readonly fns: CompiledExpr[];
  private readonly vals: Value[];
  /** The keys computed column-at-a-time (no value boxed, no row interpreted). */
  private readonly program: VectorProgram | undefined;
  private readonly tuple: Float64Array;

  /**
   * @param tuples the interned all-number tuples of a multi-column key; the probe side's keys
   *   take the build side's table.
   */
  constructor(
    exprs: readonly BoundExpr[],
    columns: readonly PlanColumn[],
    env: EvalEnv,
    readonly tuples: TupleTable | undefined = exprs.length > 1 ? new TupleTable(exprs.length) : undefined,
  ) {
    const layout = layoutOf(columns);
    this.fns = exprs.map((e) => compileExpr(e, layout, this.frame, env));
    this.vals = new Array<Value>(exprs.length);
    // Keys are read out of the vectors before the next batch's are evaluated.
    this.program = compileVectors(exprs, layout, env, { reuse: true });
    this.tuple = new Float64Array(exprs.length);
  }

  /** The key a spilled join partitions by, for a key {@link of} gave in `add` mode. */
  partitionKey(key: Key): Key {
    return this.tuples && typeof key === 'number' ? this.tuples.hashOf(key) : key;
  }

  async of(b: Batch, mode: KeyMode): Promise<(Key | null)[]> {
    const n = b.length;
    const out = new Array<Key | null>(n);
    if (this.program && !this.tuples) {
      const v = this.program.eval(b, null, n)[0]!;
      if (v.kind === 'num') {
        const d = v.data;
        // -0 and 0 are one key, as encodeValue has them.
        for (let i = 0; i < n; i++) out[i] = v.nulls !== null && v.nulls[i] === 1 ? null : d[i]! === 0 ? 0 : d[i]!;
      } else if (v.kind === 'bool') {
        for (let i = 0; i < n; i++) out[i] = v.nulls !== null && v.nulls[i] === 1 ? null : v.data[i] === 1;
      } else {
        const d = v.data;
        for (let i = 0; i < n; i++) out[i] = d[i] === null || d[i] === undefined ? null : singleKey(d[i]!);
      }
      return out;
    }
    if (this.program) return this.tupleKeys(this.program.eval(b, null, n), n, mode, out);
    for (const f of this.fns) if (f.prepare) await f.prepare(b);
    this.frame.cols = b.columns;
    const { fns, vals } = this;
    rows: for (let r = 0; r < n; r++) {
      for (let i = 0; i < fns.length; i++) {
        const x = fns[i]!.eval(r);
        if (x === null) {
          out[r] = null;
          continue rows;
        }
        vals[i] = x;
      }
      out[r] = fns.length === 1 ? singleKey(vals[0]!) : this.tupleKey(mode);
    }
    return out;
  }

  /** Multi-column keys from their vectors. */
  private tupleKeys(vecs: readonly Vec[], n: number, mode: KeyMode, out: (Key | null)[]): (Key | null)[] {
    const w = vecs.length;
    const { vals } = this;
    rows: for (let r = 0; r < n; r++) {
      for (let i = 0; i < w; i++) {
        const v = vecs[i]!;
        let x: Value;
        if (v.kind === 'val') x = v.data[r] ?? null;
        else if (v.nulls !== null && v.nulls[r] === 1) x = null;
        else x = v.kind === 'num' ? v.data[r]! : v.data[r] === 1;
        if (x === null) {
          out[r] = null;
          continue rows;
        }
        vals[i] = x;
      }
      out[r] = this.tupleKey(mode);
    }
    return out;
  }

  /**
   * The key of the tuple in `vals`, however its parts were computed: all parts numbers (a
   * BIGINT/DECIMAL exactly as a double, -0 as 0) → through the tuple table; otherwise the
   * tuple's string encoding, over the same normalized parts.
   */
  private tupleKey(mode: KeyMode): Key {
    const { vals, tuple } = this;
    let numbers = true;
    for (let i = 0; i < vals.length; i++) {
      let x = vals[i]!;
      if (typeof x === 'bigint' && x >= MIN_SAFE && x <= MAX_SAFE) vals[i] = x = Number(x);
      if (typeof x === 'number' && x === x) tuple[i] = vals[i] = x === 0 ? 0 : x;
      else numbers = false;
    }
    if (!numbers) return encodeKey(vals);
    const t = this.tuples!;
    return mode === 'add' ? t.add(tuple) : mode === 'get' ? t.get(tuple) : t.hash(tuple);
  }
}

/**
 * An INNER join whose build (right) side holds more than `buildRows` rows reads its probe (left)
 * side too, up to `probeRows`: when the left side ends first, the sides swap and the smaller one
 * is built. (The written order builds the right side, whatever its size: `FROM part, lineitem
 * WHERE …` would hash lineitem.)
 */
const swapAt = { buildRows: 200_000, probeRows: 200_000 };
let swaps = 0;

/** Sets when an INNER join compares its sides (tests force swaps with buildRows 0). */
export function setJoinSwap(at: { buildRows: number; probeRows: number }): void {
  swapAt.buildRows = at.buildRows;
  swapAt.probeRows = at.probeRows;
}

/** Joins of this process that built their left side (for tests). */
export function joinSwapCount(): number {
  return swaps;
}

/** An iterator's buffered batches, then the rest of it; closing it closes the iterator. */
async function* replay(buffered: readonly Batch[], rest: AsyncIterator<Batch> | undefined): AsyncGenerator<Batch> {
  try {
    yield* buffered;
    if (!rest) return;
    for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
  } finally {
    await rest?.return?.();
  }
}

/** Reads `it` until it ends (returns undefined as the rest) or holds more than `limit` rows. */
async function readUpTo(it: AsyncIterator<Batch>, limit: number): Promise<{ batches: Batch[]; rest: AsyncIterator<Batch> | undefined }> {
  const batches: Batch[] = [];
  let rows = 0;
  while (rows <= limit) {
    const r = await it.next();
    if (r.done) return { batches, rest: undefined };
    batches.push(r.value);
    rows += r.value.length;
  }
  return { batches, rest: it };
}

export async function* runHashJoin(
  node: JoinNode,
  left: AsyncIterable<Batch>,
  right: AsyncIterable<Batch>,
  env: EvalEnv,
  level = 0,
  sidesChosen = false,
): AsyncGenerator<Batch> {
  if (level === 0 && !sidesChosen && node.joinType === 'inner' && !node.lateral) {
    const rightIt = right[Symbol.asyncIterator]();
    const leftIt = left[Symbol.asyncIterator]();
    let r: Awaited<ReturnType<typeof readUpTo>> | undefined;
    let l: Awaited<ReturnType<typeof readUpTo>> | undefined;
    try {
      r = await readUpTo(rightIt, swapAt.buildRows);
      if (r.rest) l = await readUpTo(leftIt, swapAt.probeRows);
    } catch (e) {
      await Promise.allSettled([rightIt.return?.(), leftIt.return?.()]);
      throw e;
    }
    if (l && !l.rest) {
      // The left side ended first: build it, probe the right, and put the columns back.
      swaps++;
      const swapped: JoinNode = {
        ...node,
        left: node.right,
        right: node.left,
        equi: node.equi.map((k) => ({ left: k.right, right: k.left })),
        columns: [...node.right.columns, ...node.left.columns],
      };
      const width = node.right.columns.length;
      for await (const b of runHashJoin(swapped, replay(r.batches, r.rest), replay(l.batches, undefined), env, 0, true)) {
        yield { length: b.length, columns: [...b.columns.slice(width), ...b.columns.slice(0, width)] };
      }
      return;
    }
    right = replay(r.batches, r.rest);
    left = l ? replay(l.batches, l.rest) : replay([], leftIt);
  }
  const rkeys = new JoinKeys(node.equi.map((k) => k.right), node.right.columns, env);
  const mem = reservationOf(env.memory, 'Hash join build side');
  // Hash table as chains: head[key] = last build row with that key, next[row] = previous one.
  const head = new JoinKeyTable();
  const next: number[] = [];
  const build: BuildSide = { columns: [], count: 0, hasNullKey: false };
  // The build side's batches as they came; joined into one typed column each before the probe.
  let built: Batch[] = [];
  // Past the budget the build side goes to 16 encrypted hash partitions, the probe side after it
  // (Grace hash join), and each pair of partitions is joined on its own.
  let spill: { build: SpillPartitions; probe: SpillPartitions } | undefined;
  const rightTypes = node.right.columns.map((c) => c.type);
  const leftTypes = node.left.columns.map((c) => c.type);
  try {
    for await (const b of right) {
      let keys = await rkeys.of(b, spill === undefined ? 'add' : 'hash');
      if (spill === undefined) {
        // Per row: its chain link and hash-table entry, counted twice for the table's doubling.
        const bytes = batchBytes(b) + BUILD_ROW_BYTES * b.length;
        if (!mem.tryGrow(bytes)) {
          // A mark join's NULL semantics need the whole build side: it cannot partition.
          if (!mem.canSpill || node.joinType === 'mark' || level >= MAX_SPILL_LEVEL) throw mem.exceeded(bytes);
          spill = { build: new SpillPartitions(mem.spill), probe: new SpillPartitions(mem.spill) };
          spillBuild(built, build.count, head, next, spill.build, level, (k) => rkeys.partitionKey(k));
          built = [];
          head.clear();
          next.length = 0;
          mem.free();
          keys = await rkeys.of(b, 'hash');
        }
      }
      if (spill !== undefined) {
        for (let r = 0; r < b.length; r++) {
          const key = keys[r]!;
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
        const key = keys[r]!;
        if (key === null) {
          build.hasNullKey = true;
          next[idx] = -1;
          continue;
        }
        next[idx] = head.set(key, idx);
      }
    }

    const lkeys = new JoinKeys(node.equi.map((k) => k.left), node.left.columns, env, rkeys.tuples);
    if (spill !== undefined) {
      for await (const b of left) {
        const keys = await lkeys.of(b, 'hash');
        for (let r = 0; r < b.length; r++) {
          const key = keys[r]!;
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
      const keys = await lkeys.of(b, 'get');
      yield* probe.probe(b, (r, visit) => {
        const key = keys[r]!;
        if (key === null) return false;
        for (let c = head.get(key); c >= 0; c = next[c]!) visit(c);
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
function spillBuild(
  built: readonly Batch[],
  count: number,
  head: JoinKeyTable,
  next: number[],
  out: SpillPartitions,
  level: number,
  partitionKey: (k: Key) => Key,
): void {
  const part = new Int8Array(count); // NULL-key rows (never chained) stay in partition 0
  for (const [key, last] of head.entries()) {
    const p = partitionOf(partitionKey(key), level);
    for (let c = last; c >= 0; c = next[c]!) part[c] = p;
  }
  let i = 0;
  for (const b of built) for (let r = 0; r < b.length; r++) out.add(part[i++]!, rowAt(b, r));
}
