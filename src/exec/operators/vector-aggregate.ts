/**
 * Vectorized hash aggregation for one grouping set without DISTINCT or ordered aggregates: per
 * batch, the keys, arguments and FILTER clauses are evaluated as vector kernels (sharing common
 * subexpressions), the typed group table maps the rows to group ids, and each aggregate updates
 * its typed state in one loop (vector/typed-aggregates.ts).
 *
 * Past the query's memory budget it keeps aggregating the groups it holds and writes the rows of
 * any other group to 16 encrypted hash partitions (hybrid hash aggregation); after emitting the
 * held groups it aggregates each partition the same way, partitioning again with fresh hash bits
 * when one does not fit.
 */
import type { BoundExpr, PlanColumn } from '../../plan/bound-expr.js';
import type { AggregateNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import type { SqlType } from '../../types/sql-type.js';
import { BATCH_SIZE, rowAt, rowsToBatch } from '../batch-util.js';
import { encodeKey } from '../key-encoding.js';
import { COLLECTING_AGGREGATES, reservationOf, valueBytes } from '../query-memory.js';
import { MAX_SPILL_LEVEL, partitionOf, SpillPartitions, spilledBatches } from '../spill.js';
import { layoutOf } from '../expr/compile-expr.js';
import type { EvalEnv } from '../expr/eval-env.js';
import { compileVectors, type VectorProgram } from '../vector/compile-vector.js';
import { GroupTable } from '../vector/group-table.js';
import { groupsAccumulatorFor } from '../vector/typed-aggregates.js';
import { valueAt, type Vec } from '../vector/vec.js';
import { compileVectorFilter, type VectorFilter } from '../vector/vector-filter.js';

/**
 * `single`: input rows in, results out. `partial` (in a scan split): input rows in, the keys and
 * each aggregate's partial state out (see {@link partialColumnTypes}), flushed every
 * {@link PARTIAL_FLUSH_GROUPS} groups so a split holds bounded state. `final`: partial states in
 * (several rows of one group are merged), results out.
 */
export type AggregateMode = 'single' | 'partial' | 'final';

/** A partial aggregation emits its groups and starts over past this many. */
const PARTIAL_FLUSH_GROUPS = 1 << 16;

/** A Filter fused below the aggregation: its predicate, and a counter of the rows it keeps. */
export interface FusedFilter {
  readonly predicate: BoundExpr;
  readonly count?: (rows: number) => void;
}

export interface VectorAggregateOptions {
  /** `input` is this filter's input; only rows whose predicate is TRUE are aggregated. */
  readonly filter?: FusedFilter;
  /** The recursion level of spilled partitions (their hash bits). */
  readonly level?: number;
  readonly mode?: AggregateMode;
  /** The input's columns (with `filter`: the filter's input's), when not `node.input`'s. */
  readonly inputColumns?: readonly PlanColumn[];
}

/** What the vectorized aggregation reads of an aggregate node. */
export type AggregateSpec = Pick<AggregateNode, 'keys' | 'aggregates' | 'groupingSets' | 'setIndexColumn' | 'columns'> & {
  readonly input: { readonly columns: readonly PlanColumn[] };
};

/** The vectorized aggregation of `node`, or undefined when it needs the row operator. */
export function vectorAggregate(
  node: AggregateSpec,
  input: AsyncIterable<Batch> | (() => AsyncIterable<Batch>),
  env: EvalEnv,
  opts: VectorAggregateOptions = {},
): AsyncGenerator<Batch> | undefined {
  const { filter, level = 0, mode = 'single' } = opts;
  if (!vectorAggregatable(node)) return undefined;
  const exprs: BoundExpr[] = [];
  const argAt: number[][] = [];
  const filterAt: (number | undefined)[] = [];
  let inputColumns: readonly PlanColumn[];
  if (mode === 'final') {
    // The input is the partial batches: keys, then each aggregate's state columns.
    inputColumns = partialColumnTypes(node).map((type, id) => ({ id, name: `$${id}`, type }));
    const ref = (id: number): BoundExpr => ({ kind: 'column', id, name: `$${id}`, type: inputColumns[id]!.type });
    node.keys.forEach((_, i) => exprs.push(ref(i)));
    for (const a of node.aggregates) {
      argAt.push(groupsAccumulatorFor(a).stateTypes.map(() => exprs.push(ref(exprs.length)) - 1));
      filterAt.push(undefined);
    }
  } else {
    exprs.push(...node.keys);
    for (const a of node.aggregates) {
      argAt.push(a.args.map((x) => exprs.push(x) - 1));
      filterAt.push(a.filter ? exprs.push(a.filter) - 1 : undefined);
    }
    inputColumns = opts.inputColumns ?? node.input.columns;
  }
  const layout = layoutOf(inputColumns);
  // Every batch's vectors are folded into the groups before the next batch is evaluated.
  const program = compileVectors(exprs, layout, env, { reuse: true });
  if (!program) return undefined;
  let predicate: VectorFilter | undefined;
  if (filter) {
    predicate = compileVectorFilter(filter.predicate, layout, env);
    if (!predicate) return undefined;
  }
  const types = inputColumns.map((c) => c.type);
  return run(node, typeof input === 'function' ? input() : input, program, argAt, filterAt, predicate, filter?.count, env, types, level, mode, opts.inputColumns);
}

/** Whether the vectorized aggregation handles `node` (one grouping set, no DISTINCT or ORDER BY). */
export function vectorAggregatable(node: AggregateSpec): boolean {
  const sets = node.groupingSets;
  if (sets && (sets.length !== 1 || sets[0]!.length !== node.keys.length || sets[0]!.some((k, i) => k !== i))) return false;
  return !node.aggregates.some((a) => a.distinct || a.orderBy);
}

/** The columns of a partial aggregation's output: the keys, then each aggregate's state. */
export function partialColumnTypes(node: Pick<AggregateNode, 'keys' | 'aggregates'>): SqlType[] {
  return [...node.keys.map((k) => k.type), ...node.aggregates.flatMap((a) => groupsAccumulatorFor(a).stateTypes)];
}

async function* run(
  node: AggregateSpec,
  input: AsyncIterable<Batch>,
  program: VectorProgram,
  argAt: number[][],
  filterAt: (number | undefined)[],
  predicate: VectorFilter | undefined,
  count: ((rows: number) => void) | undefined,
  env: EvalEnv,
  inputTypes: readonly SqlType[],
  level: number,
  mode: AggregateMode,
  inputColumns: readonly PlanColumn[] | undefined,
): AsyncGenerator<Batch> {
  const nk = node.keys.length;
  const keyTypes = node.keys.map((k) => k.type);
  let table = new GroupTable(keyTypes);
  let accs = node.aggregates.map(groupsAccumulatorFor);
  const outTypes = mode === 'partial' ? partialColumnTypes(node) : node.columns.map((c) => c.type);
  const output = function* (): Generator<Batch> {
    // Emitted a batch at a time: the output rows are never all built at once.
    for (let start = 0; start < table.size; start += BATCH_SIZE) {
      const end = Math.min(table.size, start + BATCH_SIZE);
      const rows: Value[][] = [];
      for (let g = start; g < end; g++) {
        const row = table.keyValues(g);
        if (mode === 'partial') for (const a of accs) a.state(g, row);
        else {
          for (const a of accs) row.push(a.result(g));
          if (node.setIndexColumn) row.push(0);
        }
        rows.push(row);
      }
      yield rowsToBatch(outTypes, rows);
    }
  };
  const groupBytes = accs.reduce((s, a) => s + a.groupBytes, 0);
  const collects = node.aggregates.map((a) => COLLECTING_AGGREGATES.has(a.fn.name));
  const argTypes = node.aggregates.map((a) => a.args.map((x) => x.type));
  const mem = reservationOf(env.memory, 'Aggregation');
  // Past the budget, rows of groups not held are written to hash partitions (hybrid hash
  // aggregation); each partition is aggregated after the held groups are emitted.
  let spill: SpillPartitions | undefined;
  let accounted = 0;
  // A global aggregate has its one group even over empty input.
  if (nk === 0) {
    table.assign([], 0);
    for (const a of accs) a.grow(1);
  }
  let skip = new Uint8Array(0);
  let absent = new Uint8Array(0);
  try {
    for await (const b of input) {
      let n = b.length;
      if (n === 0) continue;
      let at: Int32Array | null = null;
      if (predicate) {
        const kept = predicate.select(b);
        count?.(kept.n);
        if (kept.n === 0) continue;
        at = kept.sel;
        n = kept.n;
      }
      const vecs = program.eval(b, at, n);
      const keyVecs = vecs.slice(0, nk);
      let gids: Int32Array;
      let missing: Uint8Array | null = null;
      if (spill === undefined) {
        gids = table.assign(keyVecs, n);
        if (nk > 0) {
          const held = table.bytes + table.size * groupBytes;
          if (held > accounted) {
            // This batch's groups are built already: past the budget they count, and no new ones come.
            if (mem.growOrSpill(held - accounted, false, level < MAX_SPILL_LEVEL)) spill = new SpillPartitions(mem.spill);
            accounted = held;
          }
        }
      } else {
        gids = table.lookup(keyVecs, n);
        if (absent.length < n) absent = new Uint8Array(n);
        missing = absent;
        const key = new Array<Value>(nk);
        for (let i = 0; i < n; i++) {
          if (gids[i]! >= 0) {
            missing[i] = 0;
            continue;
          }
          missing[i] = 1;
          for (let j = 0; j < nk; j++) key[j] = valueAt(keyVecs[j]!, i, keyTypes[j]!);
          spill.add(partitionOf(encodeKey(key), level), rowAt(b, at === null ? i : at[i]!));
        }
      }
      for (let i = 0; i < accs.length; i++) {
        const acc = accs[i]!;
        acc.grow(table.size);
        const f = filterAt[i];
        let mask: Uint8Array | null = missing;
        if (f !== undefined) {
          if (skip.length < n) skip = new Uint8Array(n);
          mask = skip;
          filterMask(vecs[f]!, n, mask);
          if (missing !== null) for (let r = 0; r < n; r++) mask[r]! |= missing[r]!;
        }
        const args = argAt[i]!.map((j) => vecs[j]!);
        if (mode === 'final') {
          // Rows of groups not held (spilled) have a negative group id; merge skips them.
          acc.merge(gids, n, args);
          continue;
        }
        acc.add(gids, n, args, mask);
        if (collects[i]) {
          // The state keeps the rows' arguments: count them (sampled at the first row).
          let added = 0;
          for (let r = 0; r < n; r++) if (mask === null || mask[r] === 0) added++;
          const sample = args.map((v, j) => valueAt(v, 0, argTypes[i]![j]!));
          const bytes = added * (16 + valueBytes(sample));
          if (mem.growOrSpill(bytes, spill !== undefined, level < MAX_SPILL_LEVEL)) spill ??= new SpillPartitions(mem.spill);
        }
      }
      if (mode === 'partial' && table.size >= PARTIAL_FLUSH_GROUPS) {
        // The final aggregation merges repeated groups: emit these and start over.
        yield* output();
        table = new GroupTable(keyTypes);
        accs = node.aggregates.map(groupsAccumulatorFor);
      }
    }
    yield* output();
    if (spill === undefined) return;
    // Let go of the held groups before the partitions are aggregated.
    accs.length = 0;
    table = new GroupTable([]);
    mem.free();
    for (const part of spill.partitions()) {
      const again = vectorAggregate(node, spilledBatches(part, inputTypes), env, { level: level + 1, mode, ...(inputColumns ? { inputColumns } : {}) });
      if (!again) throw mem.exceeded();
      yield* again;
    }
  } finally {
    mem.free();
    spill?.close();
  }
}

/** skip[i] = 1 where the FILTER clause is not TRUE. */
function filterMask(v: Vec, n: number, skip: Uint8Array): void {
  if (v.kind === 'val') {
    for (let i = 0; i < n; i++) skip[i] = v.data[i] === true ? 0 : 1;
    return;
  }
  if (v.kind === 'num') {
    skip.fill(1, 0, n);
    return;
  }
  for (let i = 0; i < n; i++) skip[i] = v.data[i] === 1 && (v.nulls === null || v.nulls[i] === 0) ? 0 : 1;
}
