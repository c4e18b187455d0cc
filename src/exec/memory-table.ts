/**
 * An in-memory table: rows kept in chunks (each INSERT adds chunks), one split per chunk. It
 * accepts `column <op> constant` filters as `inexact` and prunes chunks whose min/max statistics
 * rule a filter out (like Parquet row-group statistics), so the filter still runs above the scan.
 * Scans give typed columns (i32/i64/f64/bool where the type allows), as Parquet scans do.
 */
import type { BoundExpr } from '../plan/bound-expr.js';
import type { Batch } from '../types/batch.js';
import { compareValues } from '../types/compare.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { typedColumn } from './vector/vec.js';
import { registerSplitRunner, type FilterSupport, type ScanRequest, type Split, type TableSource } from '../plan/table-source.js';

const COMPARISONS = new Set(['$eq', '$lt', '$le', '$gt', '$ge']);

interface Chunk {
  rows: Value[][];
  /** Per column [min, max] over non-null values; undefined when all NULL. */
  stats: ([Value, Value] | undefined)[];
}

/** `column op const` (either side) as a normalized comparison, or undefined. */
function simpleComparison(f: BoundExpr): { ordinal: number; op: string; value: Value } | undefined {
  if (f.kind !== 'call' || !COMPARISONS.has(f.fn.name) || f.args.length !== 2) return undefined;
  const [a, b] = f.args as [BoundExpr, BoundExpr];
  const flip: Record<string, string> = { $eq: '$eq', $lt: '$gt', $le: '$ge', $gt: '$lt', $ge: '$le' };
  if (a.kind === 'column' && b.kind === 'const' && b.value !== null) return { ordinal: a.id, op: f.fn.name, value: b.value };
  if (b.kind === 'column' && a.kind === 'const' && a.value !== null) return { ordinal: b.id, op: flip[f.fn.name]!, value: a.value };
  return undefined;
}

export class MemoryTable implements TableSource {
  private readonly chunks: Chunk[] = [];

  constructor(
    readonly columns: readonly { name: string; type: SqlType }[],
    private readonly chunkRows = 1024,
  ) {}

  get rowCount(): number {
    return this.chunks.reduce((n, c) => n + c.rows.length, 0);
  }

  /** Appends rows (already of the column types); each call starts a new chunk. */
  append(rows: Value[][]): void {
    for (let i = 0; i < rows.length; i += this.chunkRows) {
      const part = rows.slice(i, i + this.chunkRows);
      this.chunks.push({ rows: part, stats: this.columns.map((c, j) => this.statsOf(part, j, c.type)) });
    }
  }

  private statsOf(rows: Value[][], j: number, type: SqlType): [Value, Value] | undefined {
    if (!['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal', 'varchar', 'date', 'timestamp'].includes(type.kind)) {
      return undefined;
    }
    if (type.kind === 'timestamp' && type.withTimeZone) return undefined;
    let min: Value = null;
    let max: Value = null;
    for (const r of rows) {
      const v = r[j]!;
      if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
      if (min === null || compareValues(v, min, type) < 0) min = v;
      if (max === null || compareValues(v, max, type) > 0) max = v;
    }
    return min === null ? undefined : [min, max];
  }

  supportsFilter(f: BoundExpr): FilterSupport {
    const c = simpleComparison(f);
    return c && this.columns[c.ordinal] ? 'inexact' : 'unsupported';
  }

  private mayMatch(chunk: Chunk, filters: readonly BoundExpr[]): boolean {
    for (const f of filters) {
      const c = simpleComparison(f);
      if (!c) continue;
      const type = this.columns[c.ordinal]!.type;
      const st = chunk.stats[c.ordinal];
      if (!st) {
        // No statistics: either not tracked, or every value is NULL (then no comparison holds).
        if (chunk.rows.every((r) => r[c.ordinal] === null) && chunk.rows.length > 0 && this.statsTracked(type)) return false;
        continue;
      }
      const [min, max] = st;
      const lo = compareValues(c.value, min, type);
      const hi = compareValues(c.value, max, type);
      switch (c.op) {
        case '$eq':
          if (lo < 0 || hi > 0) return false;
          break;
        case '$lt':
          if (compareValues(min, c.value, type) >= 0) return false;
          break;
        case '$le':
          if (compareValues(min, c.value, type) > 0) return false;
          break;
        case '$gt':
          if (compareValues(max, c.value, type) <= 0) return false;
          break;
        case '$ge':
          if (compareValues(max, c.value, type) < 0) return false;
          break;
      }
    }
    return true;
  }

  private statsTracked(type: SqlType): boolean {
    return ['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal', 'varchar', 'date'].includes(type.kind);
  }

  private selected(req: ScanRequest): number[] {
    const out: number[] = [];
    this.chunks.forEach((c, i) => {
      if (c.rows.length > 0 && this.mayMatch(c, req.filters)) out.push(i);
    });
    return out;
  }

  async planSplits(req: ScanRequest): Promise<Split[]> {
    const types = req.columns.map((o) => this.columns[o]!.type);
    return this.selected(req).map((i) => ({ kind: 'memory', chunk: i, rows: this.chunks[i]!.rows, types }));
  }

  explain(req: ScanRequest): string {
    const kept = this.selected(req).length;
    return `chunks: ${this.chunks.length - kept}/${this.chunks.length} pruned`;
  }
}

registerSplitRunner('memory', async function* (split, req): AsyncGenerator<Batch> {
  const rows = split['rows'] as Value[][];
  const types = split['types'] as SqlType[];
  // Typed columns, as a Parquet scan would give them, so the vector kernels' typed paths run
  // over in-memory tables too.
  yield {
    length: rows.length,
    columns: req.columns.map((o, j) => typedColumn(types[j]!, rows.map((r) => r[o] ?? null))),
  };
});
