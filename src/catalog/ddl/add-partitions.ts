/**
 * `ALTER TABLE t ADD [IF NOT EXISTS] PARTITION (k='v', …) [LOCATION '…'] [PARTITION …]…`.
 * All partitions are added in one transaction; without IF NOT EXISTS one existing partition
 * fails the statement and adds none. The default location is `<table location>k=v/…/`.
 */
import type { AddPartitionsStatement } from '../../sql/ast.js';
import { normalizeLocation } from '../location.js';
import { atPos, emptyResult, qualify, requireTable, type DdlContext, type DdlResult } from './ddl-context.js';
import { fullSpecValues } from './partition-spec.js';

export function addPartitions(stmt: AddPartitionsStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    const table = requireTable(ctx, stmt.table);
    const q = qualify(stmt.table, ctx);
    const parts = stmt.partitions.map((p) => ({
      values: fullSpecValues(table, p.spec),
      ...(p.location !== undefined ? { location: normalizeLocation(p.location, 'Partition LOCATION') } : {}),
    }));
    ctx.catalog.addPartitions(q.database, q.name, parts, { ifNotExists: stmt.ifNotExists });
    return emptyResult('DDL');
  });
}
