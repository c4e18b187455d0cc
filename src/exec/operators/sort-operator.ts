/**
 * Sort: holds its input batches (typed columns stay typed), sorts row indexes by the key columns
 * (stable; NULL placement per key), and re-emits the rows in batches gathered from the held
 * columns. Past the query's memory budget it sorts
 * what it holds into a run, spills the run to an encrypted file and goes on; at the end the runs
 * are merged (external merge sort). Ties keep input order: runs are merged in the order they were
 * written.
 */
import type { SortNode } from '../../plan/logical/plan-node.js';
import { columnGet, type Batch, type Column } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { BATCH_SIZE, concatColumns, gatherColumn } from '../batch-util.js';
import { compileExpr, layoutOf } from '../expr/compile-expr.js';
import { RowFrame, type EvalEnv } from '../expr/eval-env.js';
import { batchBytes, reservationOf } from '../query-memory.js';
import { sortKeyAt, tupleComparator, type TupleComparator } from '../sort-keys.js';
import { compileVectors } from '../vector/compile-vector.js';
import type { SortKey } from '../../plan/bound-expr.js';
import { compareNumbers } from '../../types/compare.js';
import type { SpillFile } from '../spill.js';

export async function* runSort(node: SortNode, input: AsyncIterable<Batch>, env: EvalEnv): AsyncGenerator<Batch> {
  const frame = new RowFrame();
  const layout = layoutOf(node.input.columns);
  // Keys column-at-a-time by the vector kernels (the row interpreter when one does not compile).
  const program = compileVectors(node.keys.map((k) => k.expr), layout, env, { reuse: true });
  const keyFns = program ? [] : node.keys.map((k) => compileExpr(k.expr, layout, frame, env));
  const nk = node.keys.length;
  const width = node.input.columns.length;
  const types = node.columns.map((c) => c.type);
  const cmp = tupleComparator(node.keys);
  const mem = reservationOf(env.memory, 'Sort');
  const inputTypes = node.input.columns.map((c) => c.type);
  let data: Held = { batches: [], count: 0 };
  let keys: Value[][] = node.keys.map(() => []);
  const runs: SpillFile[] = [];
  try {
    for await (const b of input) {
      const keyStart = keys[0]?.length ?? 0;
      if (program) {
        const vecs = program.eval(b, null, b.length);
        for (let k = 0; k < nk; k++) {
          const v = vecs[k]!;
          const out = keys[k]!;
          for (let r = 0; r < b.length; r++) out.push(sortKeyAt(v, r));
        }
      } else {
        for (const k of keyFns) if (k.prepare) await k.prepare(b);
        frame.cols = b.columns;
        for (let k = 0; k < nk; k++) {
          const f = keyFns[k]!.eval;
          const out = keys[k]!;
          for (let r = 0; r < b.length; r++) out.push(f(r));
        }
      }
      const bytes = batchBytes(b) + keyBytes(keys, keyStart) + 8 * b.length;
      if (!mem.tryGrow(bytes)) {
        if (!mem.canSpill || data.count === 0) throw mem.exceeded(bytes);
        // Spill what is held as one sorted run (this batch's keys go with the next run).
        const pending = keys.map((col) => col.splice(keyStart));
        const run = mem.spill.file();
        runs.push(run);
        for (const rows of sortedFrames(data, inputTypes, keys, cmp, node.keys)) run.append(rows);
        mem.free();
        data = { batches: [], count: 0 };
        keys = pending;
        mem.grow(bytes);
      }
      data.batches.push(b);
      data.count += b.length;
    }
    if (runs.length === 0) {
      yield* emitSorted(data, inputTypes, keys, cmp, types, node.keys);
      return;
    }
    const sources: Iterator<Value[][]>[] = [...runs.map((r) => r.read()), sortedFrames(data, inputTypes, keys, cmp, node.keys)];
    yield* merge(sources, cmp, types, nk, width);
  } finally {
    mem.free();
    for (const r of runs) r.close();
  }
}

function keyBytes(keys: Value[][], from: number): number {
  let s = 0;
  for (const col of keys) {
    const n = col.length - from;
    if (n <= 0) continue;
    const v = col[from + (n >> 1)] ?? null;
    s += n * (typeof v === 'string' ? 8 : typeof v === 'number' || v === null || typeof v === 'boolean' ? 16 : 48);
  }
  return s;
}

/** A key column as doubles when every value is a number or a BIGINT/DECIMAL within 2^53. */
function numericKey(col: readonly Value[]): Float64Array | undefined {
  const out = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (v === null) continue;
    if (typeof v === 'number') out[i] = v;
    else if (typeof v === 'bigint' && v >= -9007199254740991n && v <= 9007199254740991n) out[i] = Number(v);
    else return undefined;
  }
  return out;
}

/** Row indexes of the held rows in key order (stable). */
function sortedOrder(count: number, keys: Value[][], cmp: TupleComparator, sortKeys: readonly SortKey[]): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const nk = keys.length;
  const nums = keys.map(numericKey);
  if (nums.every((n) => n !== undefined)) {
    // Numeric keys: compared as doubles, as compareNullable compares them, without a tuple per
    // comparison or a BigInt comparison.
    const asc = sortKeys.map((k) => k.ascending);
    const nullsFirst = sortKeys.map((k) => k.nullsFirst);
    order.sort((x, y) => {
      for (let k = 0; k < nk; k++) {
        const col = keys[k]!;
        const xn = col[x] === null;
        const yn = col[y] === null;
        if (xn || yn) {
          if (xn && yn) continue;
          return xn === nullsFirst[k] ? -1 : 1;
        }
        const c = compareNumbers(nums[k]![x]!, nums[k]![y]!);
        if (c !== 0) return asc[k] ? c : -c;
      }
      return x - y;
    });
    return order;
  }
  const a = new Array<Value>(nk);
  const b = new Array<Value>(nk);
  order.sort((x, y) => {
    for (let k = 0; k < nk; k++) {
      a[k] = keys[k]![x]!;
      b[k] = keys[k]![y]!;
    }
    return cmp(a, b) || x - y;
  });
  return order;
}

/** The input batches a sort holds, in arrival order. */
interface Held {
  batches: Batch[];
  count: number;
}

/** The held rows as one (typed where possible) column per input column. */
function heldColumns(data: Held, types: readonly Column['type'][]): Column[] {
  return types.map((t, j) => concatColumns(t, data.batches.map((b) => b.columns[j]!)));
}

function* emitSorted(data: Held, inputTypes: readonly Column['type'][], keys: Value[][], cmp: TupleComparator, types: Column['type'][], sortKeys: readonly SortKey[]): Generator<Batch> {
  const order = sortedOrder(data.count, keys, cmp, sortKeys);
  if (order.length === 0) return;
  const held = heldColumns(data, inputTypes);
  data.batches = [];
  for (let s = 0; s < order.length; s += BATCH_SIZE) {
    const part = order.slice(s, s + BATCH_SIZE);
    const n = part.length;
    yield { length: n, columns: held.map((c, j) => ({ ...gatherColumn(c, part, n), type: types[j]! }) as Column) };
  }
}

/** The held rows in key order as frames of `[...keys, ...row]` tuples. */
function* sortedFrames(data: Held, inputTypes: readonly Column['type'][], keys: Value[][], cmp: TupleComparator, sortKeys: readonly SortKey[]): Generator<Value[][]> {
  const order = sortedOrder(data.count, keys, cmp, sortKeys);
  if (order.length === 0) return;
  const held = heldColumns(data, inputTypes);
  const nk = keys.length;
  for (let s = 0; s < order.length; s += BATCH_SIZE) {
    const part = order.slice(s, s + BATCH_SIZE);
    yield part.map((i) => {
      const row = new Array<Value>(nk + held.length);
      for (let k = 0; k < nk; k++) row[k] = keys[k]![i] ?? null;
      for (let j = 0; j < held.length; j++) row[nk + j] = columnGet(held[j]!, i);
      return row;
    });
  }
}

/** Merges sorted runs of `[...keys, ...row]` tuples; equal keys come out in run order. */
function* merge(sources: Iterator<Value[][]>[], cmp: TupleComparator, types: Column['type'][], nk: number, width: number): Generator<Batch> {
  const frames: Value[][][] = sources.map(() => []);
  const pos: number[] = sources.map(() => 0);
  const load = (s: number): boolean => {
    for (;;) {
      const r = sources[s]!.next();
      if (r.done) return false;
      if (r.value.length > 0) {
        frames[s] = r.value;
        pos[s] = 0;
        return true;
      }
    }
  };
  const heap: number[] = [];
  const less = (x: number, y: number) => {
    const c = cmp(frames[x]![pos[x]!]!, frames[y]![pos[y]!]!);
    return c < 0 || (c === 0 && x < y);
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let s = 0; s < sources.length; s++) if (load(s)) heap.push(s);
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  let out: Value[][] = [];
  const flush = (): Batch => {
    const n = out.length;
    const columns: Column[] = [];
    for (let j = 0; j < width; j++) {
      const d = new Array<Value>(n);
      for (let i = 0; i < n; i++) d[i] = out[i]![nk + j] ?? null;
      columns.push({ type: types[j]!, length: n, kind: 'values', data: d });
    }
    out = [];
    return { length: n, columns };
  };
  while (heap.length > 0) {
    const s = heap[0]!;
    out.push(frames[s]![pos[s]!]!);
    if (++pos[s]! >= frames[s]!.length && !load(s)) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    if (heap.length > 0) down(0);
    if (out.length >= BATCH_SIZE) yield flush();
  }
  if (out.length > 0) yield flush();
}
