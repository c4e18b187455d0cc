/**
 * Hash aggregation. A single grouping set without DISTINCT or ordered aggregates runs vectorized
 * (keys and arguments as vector kernels, group ids from a typed hash table, typed accumulator
 * state: vector-aggregate.ts). Everything else runs here, row by row, with grouping sets,
 * DISTINCT aggregates, FILTER (WHERE …) and ordered aggregates. Each input row is added to one group per grouping set; keys absent from a set are
 * NULL in its output rows. A grouping set with no keys (a global aggregate, or `()` in ROLLUP /
 * CUBE / GROUPING SETS) yields its row even when the input is empty, as in Trino.
 */
import type { Accumulator } from '../../functions/registry.js';
import type { AggregateNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { T } from '../../types/sql-type.js';
import { columnGet } from '../../types/batch.js';
import { BATCH_SIZE, rowAt, rowsToBatch } from '../batch-util.js';
import { COLLECTING_AGGREGATES, reservationOf, valueBytes } from '../query-memory.js';
import { MAX_SPILL_LEVEL, partitionOf, SpillPartitions, spilledBatches } from '../spill.js';
import { compileExpr, layoutOf, type CompiledExpr } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { encodeKey, encodeValue } from '../key-encoding.js';
import { tupleComparator } from '../sort-keys.js';
import { vectorAggregate } from './vector-aggregate.js';

interface Group {
  keys: Value[];
  setIndex: number;
  accs: Accumulator[];
  /** Per DISTINCT aggregate: argument tuples already added. */
  seen: (Set<string> | undefined)[];
  /** Per ordered aggregate: buffered (sort key, args) pairs, fed in order at the end. */
  buffered: ({ key: Value[]; args: Value[] }[] | undefined)[];
}

/**
 * `level` > 0 aggregates a spilled partition: its rows carry, after the input columns, the index
 * of the one grouping set they are for.
 */
export async function* runAggregate(node: AggregateNode, input: AsyncIterable<Batch>, env: EvalEnv, level = 0): AsyncGenerator<Batch> {
  if (level === 0) {
    const vector = vectorAggregate(node, input, env);
    if (vector) {
      yield* vector;
      return;
    }
  }
  const frame = new RowFrame();
  const layout = layoutOf(node.input.columns);
  const compile = (e: Parameters<typeof compileExpr>[0]) => compileExpr(e, layout, frame, env);
  const keyFns = node.keys.map(compile);
  const sets = node.groupingSets ?? [node.keys.map((_, i) => i)];
  const aggs = node.aggregates.map((a) => ({
    call: a,
    args: a.args.map(compile),
    filter: a.filter ? compile(a.filter) : undefined,
    order: a.orderBy?.map((k) => compile(k.expr)),
    cmp: a.orderBy ? tupleComparator(a.orderBy) : undefined,
  }));
  const all: CompiledExpr[] = [...keyFns, ...aggs.flatMap((a) => [...a.args, ...(a.filter ? [a.filter] : []), ...(a.order ?? [])])];
  const groups = new Map<unknown, Group>();
  const single = sets.length === 1;
  const groupKey = (keys: Value[], s: number): unknown => {
    if (!single) return s + '|' + encodeKey(keys);
    return keys.length === 1 ? encodeValue(keys[0]!) : encodeKey(keys);
  };

  const newGroup = (keys: Value[], setIndex: number): Group => ({
    keys,
    setIndex,
    accs: aggs.map((a) => a.call.fn.create()),
    seen: aggs.map((a) => (a.call.distinct ? new Set<string>() : undefined)),
    buffered: aggs.map((a) => (a.order ? [] : undefined)),
  });
  // Accumulators read their arguments during add(); buffers are reused unless a DISTINCT set
  // or an ORDER BY buffer keeps them.
  const argBufs = aggs.map((a) => new Array<Value>(a.args.length));
  const keeps = aggs.map((a) => a.call.distinct || a.order !== undefined);
  const collects = aggs.map((a) => COLLECTING_AGGREGATES.has(a.call.fn.name));
  const nk = keyFns.length;
  const keyBuf = new Array<Value>(nk);
  const width = node.input.columns.length;
  const spillTypes = [...node.input.columns.map((c) => c.type), T.integer];
  const groupBytes = 160 + aggs.length * 96;
  const mem = reservationOf(env.memory, 'Aggregation');
  // Past the budget, rows of groups not held are written, with their grouping set, to 16
  // encrypted hash partitions (hybrid hash aggregation); the partitions are aggregated after the
  // held groups are emitted. DISTINCT sets and ORDER BY buffers of held groups keep growing up to
  // a quarter of the budget again (or a nearly full heap), then the query fails.
  let spill: SpillPartitions | undefined;
  const spilledSets = new Set<number>();
  const hold = (bytes: number): void => {
    if (mem.growOrSpill(bytes, spill !== undefined, level < MAX_SPILL_LEVEL)) spill ??= new SpillPartitions(mem.spill);
  };

  try {
    for await (const b of input) {
      for (const c of all) if (c.prepare) await c.prepare(b);
      frame.cols = b.columns;
      const setColumn = level > 0 ? b.columns[width]! : undefined;
      for (let r = 0; r < b.length; r++) {
        for (let i = 0; i < nk; i++) keyBuf[i] = keyFns[i]!.eval(r);
        const only = setColumn ? (columnGet(setColumn, r) as number) : -1;
        for (let s = 0; s < sets.length; s++) {
          if (only >= 0 && s !== only) continue;
          const set = sets[s]!;
          const keys = single ? keyBuf : keyBuf.map((v, i) => (set.includes(i) ? v : null));
          const hk = groupKey(keys, s);
          let g = groups.get(hk);
          if (!g) {
            if (spill) {
              const row = rowAt(b, r);
              row.length = width;
              row.push(s);
              spill.add(partitionOf(hk as string | number | boolean, level), row);
              spilledSets.add(s);
              continue;
            }
            g = newGroup(single ? keyBuf.slice() : keys, s);
            groups.set(hk, g);
            hold(groupBytes + valueBytes(g.keys));
          }
          for (let i = 0; i < aggs.length; i++) {
            const a = aggs[i]!;
            if (a.filter && a.filter.eval(r) !== true) continue;
            const args = keeps[i] ? new Array<Value>(a.args.length) : argBufs[i]!;
            for (let j = 0; j < a.args.length; j++) args[j] = a.args[j]!.eval(r);
            const seen = g.seen[i];
            if (seen) {
              const k = encodeKey(args);
              if (seen.has(k)) continue;
              seen.add(k);
              // A hash set doubles its table at powers of two: count the new table up front.
              const size = seen.size;
              hold(64 + 2 * k.length + (size >= 1024 && (size & (size - 1)) === 0 ? size * 48 : 0));
            }
            const buf = g.buffered[i];
            if (buf) {
              const key = a.order!.map((f) => f.eval(r));
              buf.push({ key, args });
              hold(64 + valueBytes(key) + valueBytes(args));
            } else {
              g.accs[i]!.add(args);
              if (collects[i]) hold(16 + valueBytes(args));
            }
          }
        }
      }
    }

    // Grouping sets without keys produce a row even over empty input (once: not per partition).
    if (level === 0) {
      sets.forEach((set, s) => {
        if (set.length > 0 || spilledSets.has(s)) return;
        const keys = node.keys.map(() => null);
        const hk = groupKey(keys, s);
        if (!groups.has(hk)) groups.set(hk, newGroup(keys, s));
      });
    }

    // Emitted a batch at a time: the output rows are never all built at once.
    const types = node.columns.map((c) => c.type);
    let rows: Value[][] = [];
    for (const g of groups.values()) {
      const row = [...g.keys];
      for (let i = 0; i < aggs.length; i++) {
        const buf = g.buffered[i];
        if (buf) {
          const cmp = aggs[i]!.cmp!;
          buf.sort((x, y) => cmp(x.key, y.key));
          for (const e of buf) g.accs[i]!.add(e.args);
        }
        row.push(g.accs[i]!.result());
      }
      if (node.setIndexColumn) row.push(g.setIndex);
      rows.push(row);
      if (rows.length === BATCH_SIZE) {
        yield rowsToBatch(types, rows);
        rows = [];
      }
    }
    if (rows.length > 0) yield rowsToBatch(types, rows);
    groups.clear();
    if (spill === undefined) return;
    mem.free();
    for (const part of spill.partitions()) yield* runAggregate(node, spilledBatches(part, spillTypes), env, level + 1);
  } finally {
    mem.free();
    spill?.close();
  }
}
