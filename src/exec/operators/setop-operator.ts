/**
 * UNION / INTERSECT / EXCEPT, ALL or DISTINCT. Inputs are already coerced to the output types
 * (the binder adds projections). Rows compare as in GROUP BY: NULLs are equal to each other.
 * INTERSECT ALL keeps min(m, n) copies of a row; EXCEPT ALL keeps max(m − n, 0).
 */
import type { SetOpNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { Value } from '../../types/value.js';
import { rowAt, rowsToBatches } from '../batch-util.js';
import { encodeKey } from '../key-encoding.js';
import { batchBytes, reservationOf, type MemoryReservation, type QueryMemory } from '../query-memory.js';

export async function* runSetOp(node: SetOpNode, inputs: AsyncIterable<Batch>[], memory?: QueryMemory): AsyncGenerator<Batch> {
  // The rows seen (and INTERSECT/EXCEPT's output) are held: past the budget, EXCEEDED_MEMORY_LIMIT.
  const mem = reservationOf(memory, node.op === 'union' ? 'UNION DISTINCT' : node.op === 'intersect' ? 'INTERSECT' : 'EXCEPT');
  try {
    yield* setOpRows(node, inputs, mem);
  } finally {
    mem.free();
  }
}

async function* setOpRows(node: SetOpNode, inputs: AsyncIterable<Batch>[], mem: MemoryReservation): AsyncGenerator<Batch> {
  const types = node.columns.map((c) => c.type);
  const retype = (b: Batch): Batch => ({ length: b.length, columns: b.columns.map((c, j) => ({ ...c, type: types[j]! }) as typeof c) });
  if (node.op === 'union' && node.all) {
    for (const input of inputs) for await (const b of input) yield retype(b);
    return;
  }
  if (node.op === 'union') {
    const seen = new Set<string>();
    for (const input of inputs) {
      for await (const b of input) {
        const rows: Value[][] = [];
        for (let r = 0; r < b.length; r++) {
          const row = rowAt(b, r);
          const k = encodeKey(row);
          if (seen.has(k)) continue;
          mem.grow(64 + 2 * k.length);
          seen.add(k);
          rows.push(row);
        }
        if (rows.length > 0) yield* rowsToBatches(types, rows);
      }
    }
    return;
  }
  // INTERSECT / EXCEPT are binary and left-associative (the binder nests them).
  const [leftIn, rightIn] = inputs as [AsyncIterable<Batch>, AsyncIterable<Batch>];
  const rightCounts = new Map<string, number>();
  for await (const b of rightIn) {
    for (let r = 0; r < b.length; r++) {
      const k = encodeKey(rowAt(b, r));
      const had = rightCounts.get(k);
      if (had === undefined) mem.grow(64 + 2 * k.length);
      rightCounts.set(k, (had ?? 0) + 1);
    }
  }
  const out: Value[][] = [];
  const emitted = new Set<string>();
  for await (const b of leftIn) {
    mem.grow(batchBytes(b));
    for (let r = 0; r < b.length; r++) {
      const row = rowAt(b, r);
      const k = encodeKey(row);
      const inRight = rightCounts.get(k) ?? 0;
      if (node.all) {
        if (node.op === 'intersect') {
          if (inRight > 0) {
            out.push(row);
            rightCounts.set(k, inRight - 1);
          }
        } else if (inRight > 0) rightCounts.set(k, inRight - 1);
        else out.push(row);
      } else {
        if (emitted.has(k)) continue;
        if ((node.op === 'intersect') === inRight > 0) {
          emitted.add(k);
          out.push(row);
        }
      }
    }
  }
  yield* rowsToBatches(types, out);
}
