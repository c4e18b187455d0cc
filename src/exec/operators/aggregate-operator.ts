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
import { rowsToBatches } from '../batch-util.js';
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

export async function* runAggregate(node: AggregateNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const vector = vectorAggregate(node, input, env);
  if (vector) {
    yield* vector;
    return;
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
  const nk = keyFns.length;
  const keyBuf = new Array<Value>(nk);

  for await (const b of input) {
    for (const c of all) if (c.prepare) await c.prepare(b);
    frame.cols = b.columns;
    for (let r = 0; r < b.length; r++) {
      for (let i = 0; i < nk; i++) keyBuf[i] = keyFns[i]!.eval(r);
      for (let s = 0; s < sets.length; s++) {
        const set = sets[s]!;
        const keys = single ? keyBuf : keyBuf.map((v, i) => (set.includes(i) ? v : null));
        const hk = groupKey(keys, s);
        let g = groups.get(hk);
        if (!g) {
          g = newGroup(single ? keyBuf.slice() : keys, s);
          groups.set(hk, g);
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
          }
          const buf = g.buffered[i];
          if (buf) buf.push({ key: a.order!.map((f) => f.eval(r)), args });
          else g.accs[i]!.add(args);
        }
      }
    }
  }

  // Grouping sets without keys produce a row even over empty input.
  sets.forEach((set, s) => {
    if (set.length > 0) return;
    const keys = node.keys.map(() => null);
    const hk = groupKey(keys, s);
    if (!groups.has(hk)) groups.set(hk, newGroup(keys, s));
  });

  const rows: Value[][] = [];
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
  }
  yield* rowsToBatches(
    node.columns.map((c) => c.type),
    rows,
  );
}
