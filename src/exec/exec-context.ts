/**
 * Per-query execution state handed to every operator.
 */
import type { EvalContext } from '../functions/registry.js';
import type { LogicalPlan } from '../plan/logical/plan-node.js';
import type { Value } from '../types/value.js';
import type { ScanStats } from '../plan/table-source.js';
import type { QueryMemory } from './query-memory.js';

export interface ExecContext {
  readonly eval: EvalContext;
  /** Values of `?` parameters (EXECUTE … USING). */
  readonly params: readonly Value[];
  /** Correlated outer column values when running a subquery per outer row. */
  readonly outer: ReadonlyMap<number, Value>;
  readonly stats: ScanStats;
  readonly signal?: AbortSignal;
  /** Scans fail with BYTES_SCANNED_CUTOFF once `stats.bytesScanned` passes this. */
  readonly bytesScannedCutoff?: number;
  /** EXPLAIN ANALYZE: rows each plan node produced (summed over subquery runs). */
  readonly profile?: Map<LogicalPlan, number>;
  /** The query's memory budget and spill space (none: unbounded). */
  readonly memory?: QueryMemory;
}

export function newScanStats(): ScanStats {
  return { bytesScanned: 0, splitsRun: 0, rowsRead: 0 };
}
