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

/** A row offered to a {@link TopNSelector}: its key values, its place in row order, and what to keep. */
export interface TopNEntry<T> {
  readonly key: Value[];
  readonly seq: number;
  readonly payload: T;
}

/**
 * Keeps the first `limit` rows by the keys, ties in row order (`seq`), buffering at most about
 * twice the limit: rows that cannot make the top are turned away by {@link wants} before their
 * payload is built.
 */
export class TopNSelector<T> {
  private buf: TopNEntry<T>[] = [];
  private threshold: TopNEntry<T> | undefined;

  constructor(private readonly keys: ScanTopN['keys'], private readonly limit: number) {}

  private cmpKeys(a: Value[], b: Value[]): number {
    const keys = this.keys;
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
  }

  private readonly cmp = (a: TopNEntry<T>, b: TopNEntry<T>): number => this.cmpKeys(a.key, b.key) || a.seq - b.seq;

  /** Whether a row with these keys, coming after every row offered so far, may make the top. */
  wants(key: Value[]): boolean {
    // Not before the worst row kept (a tie comes later in row order): cannot make the top.
    return this.threshold === undefined || this.cmpKeys(key, this.threshold.key) < 0;
  }

  add(key: Value[], seq: number, payload: T): void {
    this.buf.push({ key, seq, payload });
    if (this.buf.length >= this.limit * 2 + 64) {
      this.buf.sort(this.cmp);
      this.buf = this.buf.slice(0, this.limit);
      this.threshold = this.buf[this.buf.length - 1];
    }
  }

  /** The top rows, in order. */
  result(): TopNEntry<T>[] {
    this.buf.sort(this.cmp);
    return this.buf.slice(0, this.limit);
  }
}

export async function* splitTopN(batches: AsyncIterable<Batch>, topN: ScanTopN): AsyncGenerator<Batch> {
  const { keys, limit } = topN;
  const top = new TopNSelector<Value[]>(keys, limit);
  const scratch = new Array<Value>(keys.length);
  let seq = 0;
  let types: Column['type'][] | undefined;
  for await (const b of batches) {
    types ??= b.columns.map((c) => c.type);
    const keyCols = keys.map((k) => b.columns[k.column]!);
    for (let r = 0; r < b.length; r++, seq++) {
      for (let i = 0; i < keyCols.length; i++) scratch[i] = columnGet(keyCols[i]!, r);
      if (top.wants(scratch)) top.add(scratch.slice(), seq, b.columns.map((c) => columnGet(c, r)));
    }
  }
  const rows = top.result();
  if (types === undefined || rows.length === 0) return;
  yield {
    length: rows.length,
    columns: types.map((t, j) => valuesColumn(t, rows.map((e) => e.payload[j] ?? null))),
  };
}
