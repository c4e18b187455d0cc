/**
 * `ALTER TABLE t DROP [IF EXISTS] PARTITION (k='v', …)[, PARTITION (…)]…`. A spec naming only
 * some keys drops every partition matching it (as Hive does), all specs in one transaction.
 * Only metadata is removed.
 */
import type { DropPartitionsStatement } from '../../sql/ast.js';
import type { KeyConstraint, PartitionFilter } from '../partition-filter.js';
import { atPos, emptyResult, qualify, requireTable, type DdlContext, type DdlResult } from './ddl-context.js';
import { specValues } from './partition-spec.js';

export function dropPartitions(stmt: DropPartitionsStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    const table = requireTable(ctx, stmt.table);
    const q = qualify(stmt.table, ctx);
    const filters: PartitionFilter[] = stmt.partitions.map((spec) => {
      const values = specValues(table, spec);
      return {
        constraints: table.partitionKeys.flatMap((k, i): KeyConstraint[] => {
          const v = values[i];
          return v === undefined ? [] : v === null ? [{ op: 'isNull', key: k.name }] : [{ op: 'eq', key: k.name, value: v }];
        }),
      };
    });
    ctx.catalog.dropPartitionsWhere(q.database, q.name, filters, { ifExists: stmt.ifExists });
    return emptyResult('DDL');
  });
}
