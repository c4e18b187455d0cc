/**
 * `ALTER TABLE t DROP [IF EXISTS] PARTITION (k='v', …)[, PARTITION (…)]…`. A spec naming only
 * some keys drops every partition matching it (as Hive does). Only metadata is removed.
 */
import { AegisError } from '../../errors.js';
import type { DropPartitionsStatement } from '../../sql/ast.js';
import type { KeyConstraint } from '../partition-filter.js';
import { makePartitionName } from '../partition-name.js';
import { atPos, emptyResult, qualify, requireTable, type DdlContext, type DdlResult } from './ddl-context.js';
import { specValues } from './partition-spec.js';

export function dropPartitions(stmt: DropPartitionsStatement, ctx: DdlContext): DdlResult {
  return atPos(stmt.pos, () => {
    const table = requireTable(ctx, stmt.table);
    const q = qualify(stmt.table, ctx);
    const toDrop = new Map<string, (string | null)[]>();
    for (const spec of stmt.partitions) {
      const values = specValues(table, spec);
      const constraints = table.partitionKeys.flatMap((k, i): KeyConstraint[] => {
        const v = values[i];
        return v === undefined ? [] : v === null ? [{ op: 'isNull' as const, key: k.name }] : [{ op: 'eq' as const, key: k.name, value: v }];
      });
      const matches = ctx.catalog.listPartitions(q.database, q.name, { constraints });
      if (matches.length === 0 && !stmt.ifExists) {
        const shown = spec.map((kv) => `${kv.key}=${kv.value}`).join(', ');
        throw new AegisError('NOT_FOUND', `No partition matches (${shown}) in ${q.database}.${q.name}`, { database: q.database, table: q.name });
      }
      for (const m of matches) toDrop.set(makePartitionName(table.partitionKeys.map((k) => k.name), m.values), [...m.values]);
    }
    ctx.catalog.dropPartitions(q.database, q.name, [...toDrop.values()], { ifExists: true });
    return emptyResult('DDL');
  });
}
