/**
 * numeric_histogram(buckets, value [, weight]) → map(double, double) (Trino's aggregate.md): the
 * streaming histogram of Ben-Haim and Tom-Tov as Trino's NumericHistogram computes it — values
 * buffered up to buckets + 100 entries, then equal values merged and the closest neighbouring
 * pair (smallest penalty, ties by position) merged repeatedly until `buckets` remain. Same
 * buffer size, penalty and merge order as Trino, so the same input order gives the same buckets.
 */
import { AegisError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import type { MapValue, Value } from '../types/value.js';
import { aggregateOf, defineAggregate } from './aggregate-support.js';
import { BIGINT, DOUBLE, REAL, mapOf } from './signature.js';

const ENTRY_BUFFER_SIZE = 100;

interface Entry {
  id: number;
  value: number;
  weight: number;
  penalty: number;
  valid: boolean;
  left: Entry | null;
  right: Entry | null;
}

function penaltyOf(v1: number, w1: number, v2: number, w2: number): number {
  const weight = w1 + w2;
  const squaredDifference = (v1 - v2) * (v1 - v2);
  const proportionsProduct = (w1 * w2) / ((w1 + w2) * (w1 + w2));
  return weight * squaredDifference * proportionsProduct;
}

function entry(id: number, value: number, weight: number, left: Entry | null, right: Entry | null): Entry {
  const e: Entry = { id, value, weight, penalty: Infinity, valid: true, left, right };
  if (right) {
    right.left = e;
    e.penalty = penaltyOf(value, weight, right.value, right.weight);
  }
  if (left) left.right = e;
  return e;
}

/** A binary min-heap on (penalty, id), as java.util.PriorityQueue with Trino's Entry order. */
class Heap {
  readonly items: Entry[] = [];
  private less(a: Entry, b: Entry): boolean {
    return a.penalty < b.penalty || (a.penalty === b.penalty && a.id < b.id);
  }
  add(e: Entry): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  poll(): Entry {
    const h = this.items;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

interface HistState {
  max: number;
  values: number[];
  weights: number[];
}

function sortPairs(values: number[], weights: number[]): void {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const v = order.map((i) => values[i]!);
  const w = order.map((i) => weights[i]!);
  values.splice(0, values.length, ...v);
  weights.splice(0, weights.length, ...w);
}

function mergeSame(values: number[], weights: number[]): void {
  sortPairs(values, weights);
  let current = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[current] === values[i]) weights[current]! += weights[i]!;
    else {
      current++;
      values[current] = values[i]!;
      weights[current] = weights[i]!;
    }
  }
  values.length = Math.min(values.length, current + 1);
  weights.length = values.length;
}

function mergeBuckets(values: number[], weights: number[], target: number): void {
  let count = values.length;
  const heap = new Heap();
  let right = entry(count - 1, values[count - 1]!, weights[count - 1]!, null, null);
  heap.add(right);
  for (let i = count - 2; i >= 0; i--) {
    const current = entry(i, values[i]!, weights[i]!, null, right);
    heap.add(current);
    right = current;
  }
  while (count > target) {
    const current = heap.poll();
    if (!current.valid) continue;
    count--;
    const r = current.right!;
    const newWeight = current.weight + r.weight;
    const newValue = (current.value * current.weight + r.value * r.weight) / newWeight;
    r.valid = false;
    const merged = entry(current.id, newValue, newWeight, null, r.right);
    heap.add(merged);
    const left = current.left;
    if (left) {
      left.valid = false;
      heap.add(entry(left.id, left.value, left.weight, left.left, merged));
    }
  }
  values.length = 0;
  weights.length = 0;
  for (const e of heap.items) {
    if (!e.valid) continue;
    values.push(e.value);
    weights.push(e.weight);
  }
  sortPairs(values, weights);
}

function compact(s: HistState): void {
  mergeSame(s.values, s.weights);
  if (s.values.length > s.max) mergeBuckets(s.values, s.weights, s.max);
}

function defineHistogram(weighted: boolean): void {
  defineAggregate('numeric_histogram', [weighted ? 'numeric_histogram(bigint, double, double)' : 'numeric_histogram(bigint, double)'], (args) => {
    if (args.length !== (weighted ? 3 : 2)) return undefined;
    const numeric = (t: SqlType): boolean => ['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal', 'unknown'].includes(t.kind);
    if (!['tinyint', 'smallint', 'integer', 'bigint', 'unknown'].includes(args[0]!.kind) || !args.slice(1).every(numeric)) return undefined;
    const vt = args[1]!.kind === 'real' ? REAL : DOUBLE;
    return aggregateOf(mapOf(vt, vt), weighted ? [BIGINT, vt, vt] : [BIGINT, vt], {
      init: (): HistState => ({ max: 0, values: [], weights: [] }),
      add: (s, row) => {
        const [buckets, v] = row;
        const w = weighted ? row[2]! : 1;
        if (v === null || w === null || buckets === null) return;
        if (s.max === 0) {
          const b = Number(buckets as bigint);
          if (b < 2) throw new AegisError('INVALID_FUNCTION_ARGUMENT', 'numeric_histogram bucket count must be greater than one');
          s.max = b;
        }
        if (s.values.length === s.max + ENTRY_BUFFER_SIZE) compact(s);
        s.values.push(v as number);
        s.weights.push(w as number);
      },
      merge: (a, b) => {
        if (b.values.length === 0) return;
        a.max ||= b.max;
        a.values.push(...b.values);
        a.weights.push(...b.weights);
        compact(a);
      },
      result: (s) => {
        if (s.values.length === 0) return null;
        compact(s);
        // A real histogram is computed in double and narrowed at the end, as Trino's.
        const out = vt.kind === 'real' ? Math.fround : (x: number): number => x;
        return { keys: s.values.map(out), values: s.weights.map(out) } satisfies MapValue as Value;
      },
    });
  });
}
defineHistogram(false);
defineHistogram(true);
