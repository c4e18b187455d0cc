/**
 * UNION / INTERSECT / EXCEPT, ALL or DISTINCT. Inputs are already coerced to the output types
 * (the binder adds projections). Rows compare as in GROUP BY: NULLs are equal to each other, -0
 * equals 0 and every NaN is one value. Whole rows are keyed through a {@link GroupTable} over
 * their typed columns (no key string per row); rows go out as gathered slices of the input
 * batches, typed columns typed. INTERSECT ALL keeps min(m, n) copies of a row; EXCEPT ALL keeps
 * max(m − n, 0). INTERSECT and EXCEPT hold only the right input's keys and stream the left.
 */
import type { SetOpNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import { gatherBatch, grown } from '../batch-util.js';
import { reservationOf, type MemoryReservation, type QueryMemory } from '../query-memory.js';
import { GroupTable } from '../vector/group-table.js';
import { exactColumnVec, type Vec } from '../vector/vec.js';

export async function* runSetOp(node: SetOpNode, inputs: AsyncIterable<Batch>[], memory?: QueryMemory): AsyncGenerator<Batch> {
  // The distinct rows seen (or the right input's rows) are held: past the budget, EXCEEDED_MEMORY_LIMIT.
  const mem = reservationOf(memory, node.op === 'union' ? 'UNION DISTINCT' : node.op === 'intersect' ? 'INTERSECT' : 'EXCEPT');
  try {
    yield* setOpRows(node, inputs, mem);
  } finally {
    mem.free();
  }
}

function keyVecs(b: Batch): Vec[] {
  return b.columns.map((c) => exactColumnVec(c, b.length));
}

async function* setOpRows(node: SetOpNode, inputs: AsyncIterable<Batch>[], mem: MemoryReservation): AsyncGenerator<Batch> {
  const types = node.columns.map((c) => c.type);
  const retype = (b: Batch): Batch => ({ length: b.length, columns: b.columns.map((c, j) => ({ ...c, type: types[j]! }) as typeof c) });
  if (node.op === 'union' && node.all) {
    for (const input of inputs) for await (const b of input) yield retype(b);
    return;
  }
  const table = new GroupTable(types);
  let accounted = 0;
  const account = (extra: number): void => {
    const held = table.bytes + extra;
    if (held > accounted) {
      mem.grow(held - accounted);
      accounted = held;
    }
  };
  if (node.op === 'union') {
    for (const input of inputs) {
      for await (const b of input) {
        if (b.length === 0) continue;
        const before = table.size;
        const gids = table.assign(keyVecs(b), b.length);
        account(0);
        // New groups get ids in row order: the row that made group `next` is its first.
        const sel = new Int32Array(table.size - before);
        let next = before;
        for (let i = 0; i < b.length && next < table.size; i++) if (gids[i] === next) sel[next++ - before] = i;
        if (sel.length > 0) yield retype(gatherBatch(b, sel, sel.length));
      }
    }
    return;
  }
  // INTERSECT / EXCEPT are binary and left-associative (the binder nests them).
  const [leftIn, rightIn] = inputs as [AsyncIterable<Batch>, AsyncIterable<Batch>];
  let counts = new Float64Array(1024);
  for await (const b of rightIn) {
    if (b.length === 0) continue;
    const gids = table.assign(keyVecs(b), b.length);
    counts = grown(counts, table.size);
    for (let i = 0; i < b.length; i++) counts[gids[i]!]!++;
    account(counts.byteLength);
  }
  // EXCEPT (distinct) remembers the left rows it has emitted, so left keys join the table; the
  // other forms only look the left rows up.
  const remember = node.op === 'except' && !node.all;
  let emitted = new Uint8Array(remember ? counts.length : 0);
  const inRight = table.size;
  for await (const b of leftIn) {
    const n = b.length;
    if (n === 0) continue;
    const gids = remember ? table.assign(keyVecs(b), n) : table.lookup(keyVecs(b), n);
    if (remember) {
      emitted = grown(emitted, table.size);
      account(counts.byteLength + emitted.byteLength);
    }
    const sel = new Int32Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const g = gids[i]!;
      const have = g >= 0 && g < inRight ? counts[g]! : 0;
      if (node.all) {
        if (node.op === 'intersect') {
          if (have > 0) {
            sel[m++] = i;
            counts[g] = have - 1;
          }
        } else if (have > 0) counts[g] = have - 1;
        else sel[m++] = i;
      } else if (node.op === 'intersect') {
        // Each right key once: the first left row with it takes it.
        if (have > 0) {
          sel[m++] = i;
          counts[g] = 0;
        }
      } else if (have === 0 && emitted[g] === 0) {
        emitted[g] = 1;
        sel[m++] = i;
      }
    }
    if (m > 0) yield retype(gatherBatch(b, sel, m));
  }
}
