/**
 * Partition rows of the SQLite catalog. Each partition is one `partitions` row (name, values,
 * location) plus one `partition_values` row per key, which the pruning indexes cover; a filter
 * compiles to indexed subqueries (see partition-filter.ts), so listing a range out of tens of
 * thousands of partitions reads only the matching index entries.
 *
 * Methods run inside the caller's transaction.
 */
import type Database from 'better-sqlite3';
import { AegisError } from '../../errors.js';
import type { ColumnMeta, PartitionInput, PartitionMeta, TableMeta } from '../catalog.js';
import { comparesNumerically, constraintConditions, filterToSql, numericValue, type PartitionFilter } from '../partition-filter.js';
import { checkPartitionValue, makePartitionName } from '../partition-name.js';

interface PartitionRow {
  id: number;
  name: string;
  values_json: string;
  location: string;
  create_time: number;
}

export class PartitionStore {
  constructor(private readonly db: Database.Database) {}

  add(tableId: number, table: TableMeta, parts: readonly PartitionInput[], ifNotExists: boolean): PartitionMeta[] {
    const keys = requirePartitioned(table);
    const keyNames = keys.map((k) => k.name);
    const exists = this.db.prepare('SELECT 1 FROM partitions WHERE table_id = ? AND name = ?');
    const insPart = this.db.prepare('INSERT INTO partitions (table_id, name, values_json, location, create_time) VALUES (?, ?, ?, ?, ?)');
    const insValue = this.db.prepare('INSERT INTO partition_values (table_id, part_id, key_idx, value, num) VALUES (?, ?, ?, ?, ?)');
    const numeric = keys.map((k) => comparesNumerically(k.type));
    const added: PartitionMeta[] = [];
    const now = Date.now();
    for (const p of parts) {
      const values = normalizeValues(table, keys, p.values);
      const name = makePartitionName(keyNames, values);
      if (exists.get(tableId, name)) {
        if (ifNotExists) continue;
        throw new AegisError('ALREADY_EXISTS', `Partition already exists: ${table.database}.${table.name} ${name}`, {
          database: table.database,
          table: table.name,
          partition: name,
        });
      }
      const location = p.location ?? `${table.storage.location}${name}/`;
      const id = Number(insPart.run(tableId, name, JSON.stringify(values), location, now).lastInsertRowid);
      values.forEach((v, i) => insValue.run(tableId, id, i, v, numeric[i] ? (numericValue(v) ?? null) : null));
      added.push({ values, name, location, createTime: new Date(now) });
    }
    return added;
  }

  drop(tableId: number, table: TableMeta, valueLists: readonly (string | null)[][], ifExists: boolean): number {
    const keys = requirePartitioned(table);
    const del = this.db.prepare('DELETE FROM partitions WHERE table_id = ? AND name = ?');
    let n = 0;
    for (const raw of valueLists) {
      const values = normalizeValues(table, keys, raw);
      const name = makePartitionName(
        keys.map((k) => k.name),
        values,
      );
      const changes = del.run(tableId, name).changes;
      if (changes === 0 && !ifExists) {
        throw new AegisError('NOT_FOUND', `Partition does not exist: ${table.database}.${table.name} ${name}`, {
          database: table.database,
          table: table.name,
          partition: name,
        });
      }
      n += changes;
    }
    return n;
  }

  /** Deletes partitions by name; returns how many existed. */
  dropByName(tableId: number, names: readonly string[]): number {
    const del = this.db.prepare('DELETE FROM partitions WHERE table_id = ? AND name = ?');
    let n = 0;
    for (const name of names) n += del.run(tableId, name).changes;
    return n;
  }

  list(tableId: number, keys: readonly ColumnMeta[], filter?: PartitionFilter): PartitionMeta[] {
    const where = filterToSql(keys, tableId, filter, this.mostSelective(tableId, keys, filter));
    const rows = this.db
      .prepare(`SELECT p.id, p.name, p.values_json, p.location, p.create_time FROM partitions p WHERE ${tableCond(filter)} AND ${where.sql} ORDER BY p.name`)
      .all(tableId, ...where.params) as PartitionRow[];
    return rows.map((r) => ({
      values: JSON.parse(r.values_json) as (string | null)[],
      name: r.name,
      location: r.location,
      createTime: new Date(r.create_time),
    }));
  }

  count(tableId: number, keys: readonly ColumnMeta[], filter?: PartitionFilter): number {
    const where = filterToSql(keys, tableId, filter, this.mostSelective(tableId, keys, filter));
    const row = this.db.prepare(`SELECT COUNT(*) AS n FROM partitions p WHERE ${tableCond(filter)} AND ${where.sql}`).get(tableId, ...where.params) as {
      n: number;
    };
    return row.n;
  }

  /**
   * With several constraints, counts each one's matches (a covering-index range count, cheap)
   * and returns the index of the smallest, to drive the query: SQLite keeps no statistics on
   * these values, so it cannot make this choice itself.
   */
  private mostSelective(tableId: number, keys: readonly ColumnMeta[], filter?: PartitionFilter): number {
    const conds = constraintConditions(keys, filter);
    if (conds.length < 2) return 0;
    let best = 0;
    let bestCount = Infinity;
    conds.forEach((c, i) => {
      const sql = `SELECT COUNT(*) AS n FROM partition_values WHERE table_id = ? AND key_idx = ? AND ${c.cond}`;
      const n = (this.db.prepare(sql).get(tableId, c.keyIdx, ...c.params) as { n: number }).n;
      if (n < bestCount) {
        best = i;
        bestCount = n;
      }
    });
    return best;
  }
}

/**
 * The table condition on `partitions p`. With a filter, the unary `+` keeps SQLite from driving
 * the query by the table's partitions (the table_id index) instead of by the filter's matches.
 */
function tableCond(filter: PartitionFilter | undefined): string {
  return filter && filter.constraints.length > 0 ? '+p.table_id = ?' : 'p.table_id = ?';
}

function requirePartitioned(table: TableMeta): readonly ColumnMeta[] {
  if (table.partitionKeys.length === 0) {
    throw new AegisError('INVALID_ARGUMENT', `Table ${table.database}.${table.name} is not partitioned`, {
      database: table.database,
      table: table.name,
    });
  }
  return table.partitionKeys;
}

/** Checks arity and types; the empty string is Hive's NULL partition. */
function normalizeValues(table: TableMeta, keys: readonly ColumnMeta[], values: readonly (string | null)[]): (string | null)[] {
  if (values.length !== keys.length) {
    throw new AegisError(
      'INVALID_ARGUMENT',
      `Partition spec for ${table.database}.${table.name} must give all partition keys (${keys.map((k) => k.name).join(', ')}), got ${values.length} value(s)`,
      { database: table.database, table: table.name },
    );
  }
  return values.map((v, i) => {
    const value = v === '' ? null : v;
    checkPartitionValue(keys[i]!, value);
    return value;
  });
}
