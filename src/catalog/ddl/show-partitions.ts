/**
 * `SHOW PARTITIONS t`: one `partition` row per catalog partition (`k=v/k2=v2`), sorted. Like
 * Athena, partitions computed by projection are not listed (they are not in the catalog).
 */
import { AegisError } from '../../errors.js';
import type { ShowPartitionsStatement } from '../../sql/ast.js';
import { atPos, requireTable, textResult, type DdlContext, type DdlResult } from './ddl-context.js';

export function showPartitions(stmt: ShowPartitionsStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    const t = requireTable(ctx, stmt.table);
    if (t.partitionKeys.length === 0) {
      throw new AegisError('INVALID_ARGUMENT', `Table ${t.database}.${t.name} is not a partitioned table`, { database: t.database, table: t.name });
    }
    return textResult(
      ['partition'],
      ctx.catalog.listPartitions(t.database, t.name).map((p) => [p.name]),
    );
  });
}
