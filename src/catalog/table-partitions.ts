/**
 * Which partitions of a table a scan reads, in one place: projection-enabled tables compute
 * them from their properties (no catalog or storage access), other partitioned tables read the
 * catalog with the filter evaluated in SQL, and an unpartitioned table is its location.
 * Results are sorted by partition name so plans are stable.
 */
import type { Catalog, TableMeta } from './catalog.js';
import type { PartitionFilter } from './partition-filter.js';
import { projectionEnabled } from './projection/projection-config.js';
import { projectPartitions, type ProjectOptions } from './projection/project-partitions.js';

export interface SelectedPartition {
  /** Values in partition-key order (Hive text; null = `__HIVE_DEFAULT_PARTITION__`). */
  readonly values: readonly (string | null)[];
  /** `k=v/…`, empty for an unpartitioned table. */
  readonly name: string;
  /** `s3://bucket/prefix/` to list for data files. */
  readonly location: string;
}

export interface PartitionSelection {
  readonly source: 'unpartitioned' | 'catalog' | 'projection';
  readonly partitions: readonly SelectedPartition[];
  /** All partitions in the catalog (for EXPLAIN's "n of m"); absent for projection. */
  readonly total?: number;
}

/**
 * Selects the partitions of `table` that may hold rows matching `filter`.
 * @throws AegisError from projection (an injected key without an equality constraint, too many
 *   partitions) or NOT_FOUND when the table vanished.
 */
export function selectPartitions(catalog: Catalog, table: TableMeta, filter?: PartitionFilter, opts?: ProjectOptions): PartitionSelection {
  if (table.partitionKeys.length === 0) {
    return { source: 'unpartitioned', partitions: [{ values: [], name: '', location: table.storage.location }] };
  }
  if (projectionEnabled(table.parameters)) {
    const parts = projectPartitions(table, filter, opts);
    return { source: 'projection', partitions: [...parts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
  }
  return {
    source: 'catalog',
    partitions: catalog.listPartitions(table.database, table.name, filter),
    total: catalog.countPartitions(table.database, table.name),
  };
}
