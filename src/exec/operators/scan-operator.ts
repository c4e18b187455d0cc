/**
 * Scan: asks the table source for splits (with the projected columns, pushed filters and limit)
 * and runs them in order through the registered split runners.
 */
import type { ScanNode } from '../../plan/logical/plan-node.js';
import type { Batch } from '../../types/batch.js';
import type { ExecContext } from '../exec-context.js';
import { runSplit, type ScanContext, type ScanRequest } from '../table-source.js';

export function scanRequestOf(node: ScanNode): ScanRequest {
  const req: { columns: number[]; filters: ScanNode['pushedFilters']; limit?: number } = {
    columns: node.ordinals,
    filters: node.pushedFilters,
  };
  if (node.limit !== undefined) req.limit = node.limit;
  return req;
}

export async function* runScan(node: ScanNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const req = scanRequestOf(node);
  const sctx: ScanContext = { eval: ctx.eval, stats: ctx.stats, ...(ctx.signal ? { signal: ctx.signal } : {}) };
  const splits = await node.source.planSplits(req, sctx);
  let remaining = node.limit ?? Infinity;
  for (const split of splits) {
    if (remaining <= 0) return;
    ctx.stats.splitsRun++;
    for await (const b of runSplit(split, req, sctx)) {
      if (b.length === 0) continue;
      ctx.stats.rowsRead += b.length;
      if (b.length > remaining) {
        const n = remaining;
        remaining = 0;
        yield { length: n, columns: b.columns.map((c) => sliceColumn(c, n)) };
        return;
      }
      remaining -= b.length;
      yield b;
    }
  }
}

function sliceColumn(c: Batch['columns'][number], n: number): Batch['columns'][number] {
  if (c.kind === 'values') return { ...c, length: n, data: c.data.slice(0, n) };
  return { ...c, length: n, data: c.data.subarray(0, n) } as Batch['columns'][number];
}
