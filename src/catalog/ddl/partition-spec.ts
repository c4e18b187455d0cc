/**
 * `PARTITION (k = 'v', …)` specs → values in partition-key order, checked against the table:
 * every key must exist, none may repeat, and values must parse as the key's type.
 */
import { AegisError } from '../../errors.js';
import type { PartitionKeyValue } from '../../sql/ast.js';
import { normalizeName, type TableMeta } from '../catalog.js';
import { checkPartitionValue } from '../partition-name.js';

/**
 * Maps a spec to one value per partition key (undefined for keys the spec leaves out).
 * @throws AegisError INVALID_ARGUMENT for an unknown or repeated key or an unpartitioned table,
 *   TYPE_MISMATCH for a value that does not fit its key's type.
 */
export function specValues(table: TableMeta, spec: readonly PartitionKeyValue[]): (string | null | undefined)[] {
  const keys = table.partitionKeys;
  if (keys.length === 0) {
    throw new AegisError('INVALID_ARGUMENT', `Table ${table.database}.${table.name} is not partitioned`, { database: table.database, table: table.name });
  }
  const values: (string | null | undefined)[] = keys.map(() => undefined);
  for (const kv of spec) {
    const k = normalizeName(kv.key);
    const i = keys.findIndex((x) => x.name === k);
    if (i < 0) {
      throw new AegisError('INVALID_ARGUMENT', `'${kv.key}' is not a partition key of ${table.database}.${table.name} (partition keys: ${keys.map((x) => x.name).join(', ')})`, {
        database: table.database,
        table: table.name,
      });
    }
    if (values[i] !== undefined) throw new AegisError('INVALID_ARGUMENT', `Partition key '${k}' is given twice`, { database: table.database, table: table.name });
    const v = kv.value === '' ? null : kv.value;
    checkPartitionValue(keys[i]!, v);
    values[i] = v;
  }
  return values;
}

/** Like {@link specValues} but every key must be given. */
export function fullSpecValues(table: TableMeta, spec: readonly PartitionKeyValue[]): (string | null)[] {
  const values = specValues(table, spec);
  const missing = table.partitionKeys.filter((_, i) => values[i] === undefined).map((k) => k.name);
  if (missing.length > 0) {
    throw new AegisError('INVALID_ARGUMENT', `Partition spec for ${table.database}.${table.name} is missing partition key(s): ${missing.join(', ')}`, {
      database: table.database,
      table: table.name,
    });
  }
  return values as (string | null)[];
}
