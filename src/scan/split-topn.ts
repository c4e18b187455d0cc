/**
 * A split's own TopN (a TopN pushed into the scan, see ScanTopN): of the rows a split decodes it
 * keeps only the first `limit` by the keys — ties in the split's row order — so a worker sends a
 * few rows instead of all of them. The TopN above, which sees the splits in order, picks the same
 * rows it would from the whole input.
 */
import type { ScanTopN } from '../plan/table-source.js';
import { columnGet, valuesColumn, type Batch, type Column } from '../types/batch.js';
import { compareNullable } from '../types/compare.js';
import type { Value } from '../types/value.js';

interface Entry {
  key: Value[];
  row: Value[];
  seq: number;
}

export async function* splitTopN(batches: AsyncIterable<Batch>, topN: ScanTopN): AsyncGenerator<Batch> {
  const { keys, limit } = topN;
  const cmpKeys = (a: Value[], b: Value[]): number => {
    for (let i = 0; i < keys.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      let c: number;
      if (x === null || y === null) c = compareNullable(x, y, keys[i]!.nullsFirst);
      else {
        c = compareNullable(x, y, false);
        if (!keys[i]!.ascending) c = -c;
      }
      if (c !== 0) return c;
    }
    return 0;
  };
  const cmp = (a: Entry, b: Entry): number => cmpKeys(a.key, b.key) || a.seq - b.seq;
  const scratch = new Array<Value>(keys.length);
  let buf: Entry[] = [];
  let threshold: Entry | undefined;
  let seq = 0;
  let types: Column['type'][] | undefined;
  for await (const b of batches) {
    types ??= b.columns.map((c) => c.type);
    const keyCols = keys.map((k) => b.columns[k.column]!);
    for (let r = 0; r < b.length; r++, seq++) {
      for (let i = 0; i < keyCols.length; i++) scratch[i] = columnGet(keyCols[i]!, r);
      // Not before the worst row kept (a tie comes later in row order): cannot make the top.
      if (threshold !== undefined && cmpKeys(scratch, threshold.key) >= 0) continue;
      const e: Entry = { key: scratch.slice(), row: b.columns.map((c) => columnGet(c, r)), seq };
      buf.push(e);
      if (buf.length >= limit * 2 + 64) {
        buf.sort(cmp);
        buf = buf.slice(0, limit);
        threshold = buf[buf.length - 1];
      }
    }
  }
  if (types === undefined || buf.length === 0) return;
  buf.sort(cmp);
  const rows = buf.slice(0, limit);
  yield {
    length: rows.length,
    columns: types.map((t, j) => valuesColumn(t, rows.map((e) => e.row[j] ?? null))),
  };
}
