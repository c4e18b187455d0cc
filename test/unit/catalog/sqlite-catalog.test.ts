import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { ColumnMeta, TableInput } from '../../../src/catalog/catalog.js';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { SCHEMA_VERSION } from '../../../src/catalog/sqlite/migrations.js';
import { filterToSql } from '../../../src/catalog/partition-filter.js';
import { hiveColumn } from './hive-columns.js';

function col(name: string, hive: string, comment?: string): ColumnMeta {
  return hiveColumn(name, hive, comment);
}

function table(db: string, name: string, partitionKeys: ColumnMeta[] = []): TableInput {
  return {
    database: db,
    name,
    tableType: 'EXTERNAL_TABLE',
    columns: [col('id', 'int', 'the id'), col('payload', 'struct<a:int,b:array<string>>')],
    partitionKeys,
    storage: { location: `s3://bucket/${name}/`, serdeLib: 'x', serdeProperties: { 'field.delim': ',' } },
    parameters: { classification: 'csv' },
  };
}

describe('SqliteCatalog (in memory)', () => {
  let cat: SqliteCatalog;
  beforeEach(() => {
    cat = new SqliteCatalog(':memory:');
  });
  afterEach(() => cat.close());

  it('starts with the default database and the primary workgroup', () => {
    expect(cat.listDatabases().map((d) => d.name)).toEqual(['default']);
    expect(cat.getWorkgroup('primary')?.state).toBe('ENABLED');
  });

  it('creates databases case-insensitively and refuses duplicates', () => {
    expect(cat.createDatabase({ name: 'Sales', comment: 'c', properties: { owner: 'me' } })).toBe(true);
    expect(cat.getDatabase('SALES')).toMatchObject({ name: 'sales', comment: 'c', properties: { owner: 'me' } });
    expect(() => cat.createDatabase({ name: 'sales' })).toThrow(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
    expect(cat.createDatabase({ name: 'sales' }, { ifNotExists: true })).toBe(false);
  });

  it('round-trips a table with columns, partition keys, storage and properties', () => {
    cat.createDatabase({ name: 'db' });
    cat.createTable(table('DB', 'Events', [col('dt', 'string'), col('hour', 'int')]));
    const t = cat.getTable('db', 'EVENTS')!;
    expect(t.name).toBe('events');
    expect(t.columns.map((c) => [c.name, c.hiveType, c.comment])).toEqual([
      ['id', 'int', 'the id'],
      ['payload', 'struct<a:int,b:array<string>>', undefined],
    ]);
    expect(t.columns[1]!.type).toEqual({
      kind: 'row',
      fields: [
        { name: 'a', type: { kind: 'integer' } },
        { name: 'b', type: { kind: 'array', element: { kind: 'varchar' } } },
      ],
    });
    expect(t.partitionKeys.map((c) => c.name)).toEqual(['dt', 'hour']);
    expect(t.storage).toEqual({ location: 's3://bucket/Events/', serdeLib: 'x', serdeProperties: { 'field.delim': ',' } });
    expect(t.parameters).toEqual({ classification: 'csv' });
    expect(() => cat.createTable(table('db', 'events'))).toThrow(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
    expect(cat.createTable(table('db', 'events'), { ifNotExists: true })).toBe(false);
  });

  it('refuses to drop a non-empty database unless CASCADE, which drops its tables', () => {
    cat.createDatabase({ name: 'db' });
    cat.createTable(table('db', 't', [col('dt', 'string')]));
    cat.addPartitions('db', 't', [{ values: ['2024-01-01'] }]);
    expect(() => cat.dropDatabase('db')).toThrow(expect.objectContaining({ code: 'PRECONDITION_FAILED' }));
    expect(cat.dropDatabase('db', { cascade: true })).toBe(true);
    expect(cat.getDatabase('db')).toBeUndefined();
    expect(() => cat.dropDatabase('db')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(cat.dropDatabase('db', { ifExists: true })).toBe(false);
    expect(() => cat.dropDatabase('default')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('replaces views but not tables, and keeps DROP VIEW / DROP TABLE apart', () => {
    const view = (sql: string): TableInput => ({
      database: 'default',
      name: 'v',
      tableType: 'VIRTUAL_VIEW',
      columns: [col('x', 'int')],
      storage: { location: '', serdeProperties: {} },
      view: { sql },
    });
    cat.createTable(view('SELECT 1 AS x'));
    cat.createTable(view('SELECT 2 AS x'), { replace: true });
    expect(cat.getTable('default', 'v')?.view?.sql).toBe('SELECT 2 AS x');
    cat.createTable(table('default', 't'));
    expect(() => cat.createTable({ ...view('SELECT 1'), name: 't' }, { replace: true })).toThrow(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
    expect(() => cat.dropTable('default', 'v', { tableType: 'EXTERNAL_TABLE' })).toThrow(/is a view/);
    expect(() => cat.dropTable('default', 't', { tableType: 'VIRTUAL_VIEW' })).toThrow(/is a table/);
    expect(cat.listTables('default', { tableType: 'VIRTUAL_VIEW' }).map((t) => t.name)).toEqual(['v']);
    expect(cat.listTables('default').map((t) => t.name)).toEqual(['t', 'v']);
    expect(cat.dropTable('default', 'v', { tableType: 'VIRTUAL_VIEW' })).toBe(true);
  });

  it('adds, lists and drops partitions with default locations, type checks and escaping', () => {
    cat.createTable(table('default', 't', [col('dt', 'date'), col('region', 'string')]));
    const added = cat.addPartitions('default', 't', [
      { values: ['2024-01-02', 'eu/west'] },
      { values: ['2024-01-01', 'us'], location: 's3://other/x/' },
    ]);
    expect(added.map((p) => p.name)).toEqual(['dt=2024-01-02/region=eu%2Fwest', 'dt=2024-01-01/region=us']);
    expect(added[0]!.location).toBe('s3://bucket/t/dt=2024-01-02/region=eu%2Fwest/');
    expect(cat.listPartitions('default', 't').map((p) => p.name)).toEqual(['dt=2024-01-01/region=us', 'dt=2024-01-02/region=eu%2Fwest']);
    expect(cat.listPartitions('default', 't')[1]!.values).toEqual(['2024-01-02', 'eu/west']);
    // A duplicate fails the whole call: nothing of it is added.
    expect(() => cat.addPartitions('default', 't', [{ values: ['2024-01-03', 'us'] }, { values: ['2024-01-01', 'us'] }])).toThrow(
      expect.objectContaining({ code: 'ALREADY_EXISTS' }),
    );
    expect(cat.countPartitions('default', 't')).toBe(2);
    expect(cat.addPartitions('default', 't', [{ values: ['2024-01-01', 'us'] }], { ifNotExists: true })).toEqual([]);
    expect(() => cat.addPartitions('default', 't', [{ values: ['2024-13-01', 'us'] }])).toThrow(expect.objectContaining({ code: 'TYPE_MISMATCH' }));
    expect(cat.dropPartitions('default', 't', [['2024-01-01', 'us']])).toBe(1);
    expect(() => cat.dropPartitions('default', 't', [['2024-01-01', 'us']])).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(cat.dropPartitions('default', 't', [['2024-01-01', 'us']], { ifExists: true })).toBe(0);
    cat.addPartitions('default', 't', [{ values: ['2024-01-02', 'us'] }, { values: ['2024-01-03', 'us'] }]);
    // One filter matching nothing fails the whole drop: nothing is dropped.
    const byDay = (d: string) => ({ constraints: [{ op: 'eq' as const, key: 'dt', value: d }] });
    expect(() => cat.dropPartitionsWhere('default', 't', [byDay('2024-01-02'), byDay('1999-01-01')])).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(cat.countPartitions('default', 't')).toBe(3);
    const partial = { constraints: [{ op: 'eq' as const, key: 'region', value: 'us' }] };
    expect(cat.dropPartitionsWhere('default', 't', [byDay('2024-01-03'), partial])).toBe(2);
    expect(cat.listPartitions('default', 't').map((p) => p.name)).toEqual(['dt=2024-01-02/region=eu%2Fwest']);
  });

  it('stores NULL partition values as __HIVE_DEFAULT_PARTITION__ and filters them with isNull', () => {
    cat.createTable(table('default', 't', [col('k', 'string')]));
    cat.addPartitions('default', 't', [{ values: [null] }, { values: ['a'] }]);
    expect(cat.listPartitions('default', 't', { constraints: [{ op: 'isNull', key: 'k' }] }).map((p) => p.name)).toEqual([
      'k=__HIVE_DEFAULT_PARTITION__',
    ]);
    expect(cat.listPartitions('default', 't', { constraints: [{ op: 'isNotNull', key: 'k' }] }).map((p) => p.values)).toEqual([['a']]);
  });

  it('prunes 20,000 partitions with indexed range, equality and IN filters', () => {
    cat.createTable(table('default', 'big', [col('day', 'int'), col('shard', 'string')]));
    const parts = [];
    for (let day = 1; day <= 2000; day++) for (let s = 0; s < 10; s++) parts.push({ values: [String(day), `s${s}`] });
    expect(cat.addPartitions('default', 'big', parts)).toHaveLength(20_000);
    expect(cat.countPartitions('default', 'big')).toBe(20_000);
    // Numeric comparison for an int key: 100..199 is 100 days (text order would differ).
    const range = { constraints: [{ op: 'range' as const, key: 'day', low: { value: 100, inclusive: true }, high: { value: '200', inclusive: false } }] };
    expect(cat.countPartitions('default', 'big', range)).toBe(1000);
    const both = { constraints: [...range.constraints, { op: 'in' as const, key: 'shard', values: ['s1', 's7'] }] };
    const got = cat.listPartitions('default', 'big', both);
    expect(got).toHaveLength(200);
    expect(got[0]!.name).toBe('day=100/shard=s1');
    expect(cat.countPartitions('default', 'big', { constraints: [{ op: 'eq', key: 'day', value: '1999' }] })).toBe(10);
    expect(cat.countPartitions('default', 'big', { constraints: [{ op: 'eq', key: 'day', value: 'x' }] })).toBe(0);
    // The pruning query is answered from the partition_values index, not a table scan.
    const plan = (cat as unknown as { db: Database.Database }).db
      .prepare('EXPLAIN QUERY PLAN SELECT part_id FROM partition_values WHERE table_id = 1 AND key_idx = 0 AND num >= 100 AND num < 200')
      .all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/USING COVERING INDEX partition_values_by_num/);
    // The whole listing is driven by the filter's matches (rowid lookups), not by the table's partitions.
    const keys = cat.getTable('default', 'big')!.partitionKeys;
    const where = filterToSql(keys, 1, both, 0);
    const full = (cat as unknown as { db: Database.Database }).db
      .prepare(`EXPLAIN QUERY PLAN SELECT p.name FROM partitions p WHERE +p.table_id = ? AND ${where.sql} ORDER BY p.name`)
      .all(1, ...where.params) as { detail: string }[];
    expect(full.map((r) => r.detail).join(' | ')).toMatch(/SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(() => cat.countPartitions('default', 'big', { constraints: [{ op: 'eq', key: 'nope', value: 1 }] })).toThrow(/not a partition key/);
    cat.dropTable('default', 'big');
    expect(cat.getTable('default', 'big')).toBeUndefined();
  });

  it('keeps workgroups with their configuration', () => {
    cat.createWorkgroup({ name: 'wg', configuration: { EnforceWorkGroupConfiguration: true } });
    expect(() => cat.createWorkgroup({ name: 'wg' })).toThrow(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
    cat.updateWorkgroup({ name: 'wg', state: 'DISABLED' });
    expect(cat.getWorkgroup('wg')).toMatchObject({ state: 'DISABLED', configuration: { EnforceWorkGroupConfiguration: true } });
    expect(cat.listWorkgroups().map((w) => w.name)).toEqual(['primary', 'wg']);
    cat.deleteWorkgroup('wg');
    expect(cat.getWorkgroup('wg')).toBeUndefined();
  });
});

describe('SqliteCatalog (file in a warehouse)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aegis-catalog-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('persists across reopen, in WAL mode, with the schema version recorded', () => {
    const a = SqliteCatalog.forWarehouse(dir);
    a.createDatabase({ name: 'db' });
    a.close();
    expect(existsSync(join(dir, 'catalog.db'))).toBe(true);
    const b = SqliteCatalog.forWarehouse(dir);
    expect(b.getDatabase('db')?.name).toBe('db');
    b.close();
    const raw = new Database(join(dir, 'catalog.db'));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: SCHEMA_VERSION });
    raw.close();
  });

  it('two connections see each other’s commits and serialize their writes', () => {
    const a = SqliteCatalog.forWarehouse(dir);
    const b = SqliteCatalog.forWarehouse(dir, { busyTimeoutMs: 50 });
    a.createDatabase({ name: 'x' });
    expect(b.getDatabase('x')).toBeDefined();
    expect(() => b.createDatabase({ name: 'x' })).toThrow(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
    // While one connection holds the write lock, the other's write waits and then fails busy.
    const raw = new Database(join(dir, 'catalog.db'));
    raw.prepare('BEGIN IMMEDIATE').run();
    expect(() => b.createDatabase({ name: 'y' })).toThrow(expect.objectContaining({ code: 'STORAGE_ERROR', message: expect.stringMatching(/is busy/) }));
    // Readers are not blocked by the writer in WAL mode.
    expect(b.getDatabase('x')).toBeDefined();
    raw.prepare('ROLLBACK').run();
    b.createDatabase({ name: 'y' });
    expect(a.getDatabase('y')).toBeDefined();
    raw.close();
    a.close();
    b.close();
  });

  it('migrating is idempotent and refuses a newer schema', () => {
    SqliteCatalog.forWarehouse(dir).close();
    const raw = new Database(join(dir, 'catalog.db'));
    raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION + 1, 0);
    raw.close();
    expect(() => SqliteCatalog.forWarehouse(dir)).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
  });
});
