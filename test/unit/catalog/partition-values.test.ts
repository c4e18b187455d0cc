import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ColumnMeta, TableInput } from '../../../src/catalog/catalog.js';
import { formatHiveType } from '../../../src/catalog/hive-type.js';
import { escapePathName, makePartitionName, parsePartitionSegment, unescapePathName } from '../../../src/catalog/partition-name.js';
import { partitionValueToSql } from '../../../src/catalog/partition-value.js';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { selectPartitions } from '../../../src/catalog/table-partitions.js';
import { hiveColumn } from './hive-columns.js';

const t = (hive: string) => hiveColumn('c', hive).type;

describe('Hive types', () => {
  it('parses DDL spellings into SQL types and prints them canonically', () => {
    const ty = (hive: string) => {
      const c = hiveColumn('c', hive);
      return { hive: c.hiveType, type: c.type };
    };
    expect(ty('INT')).toEqual({ hive: 'int', type: { kind: 'integer' } });
    expect(ty('String').type).toEqual({ kind: 'varchar' });
    expect(ty('float').type).toEqual({ kind: 'real' });
    expect(ty('decimal').type).toEqual({ kind: 'decimal', precision: 10, scale: 0 });
    expect(ty('timestamp').type).toEqual({ kind: 'timestamp', precision: 3 });
    expect(ty('MAP < STRING , ARRAY<STRUCT<`Key`:INT, v: VARCHAR(10)>> >').hive).toBe('map<string,array<struct<key:int,v:varchar(10)>>>');
    expect(formatHiveType({ kind: 'row', fields: [{ name: 'a', type: { kind: 'bigint' } }] })).toBe('struct<a:bigint>');
    expect(() => ty('decimal(40,2)')).toThrow(/DECIMAL precision must be in range \[1, 38\]/);
    expect(() => ty('uuid')).toThrow(expect.objectContaining({ code: 'SYNTAX_ERROR' }));
    expect(() => ty('array<int')).toThrow(/Expecting: '>'/);
  });
});

describe('partition names', () => {
  it('escapes like Hive and round-trips', () => {
    expect(escapePathName('a/b=c:d%e#f')).toBe('a%2Fb%3Dc%3Ad%25e%23f');
    expect(unescapePathName('a%2Fb%3Dc%3Ad%25e%23f')).toBe('a/b=c:d%e#f');
    expect(escapePathName('plain-value_1.2 x')).toBe('plain-value_1.2 x');
    expect(makePartitionName(['dt', 'k'], ['2024-01-01', null])).toBe('dt=2024-01-01/k=__HIVE_DEFAULT_PARTITION__');
    expect(parsePartitionSegment('K=a%2Fb')).toEqual({ key: 'k', value: 'a/b' });
    expect(parsePartitionSegment('k=__HIVE_DEFAULT_PARTITION__')).toEqual({ key: 'k', value: null });
    expect(parsePartitionSegment('_temporary')).toBeUndefined();
  });
});

describe('partitionValueToSql', () => {
  it('converts Hive text to the runtime representation of the key type', () => {
    expect(partitionValueToSql('h', '07', t('int'))).toBe(7);
    expect(partitionValueToSql('b', '9007199254740993', t('bigint'))).toBe(9007199254740993n);
    expect(partitionValueToSql('d', '-12.5', t('decimal(10,2)'))).toBe(-1250n);
    expect(partitionValueToSql('d', '3', t('decimal(10,2)'))).toBe(300n);
    expect(partitionValueToSql('dt', '1970-01-11', t('date'))).toBe(10);
    expect(partitionValueToSql('ts', '1970-01-01 00:00:01.5', t('timestamp'))).toBe(1_500_000);
    expect(partitionValueToSql('f', 'TRUE', t('boolean'))).toBe(true);
    expect(partitionValueToSql('s', 'a/b', t('string'))).toBe('a/b');
    expect(partitionValueToSql('s', null, t('int'))).toBeNull();
    expect(() => partitionValueToSql('dt', '2024-02-30', t('date'))).toThrow(expect.objectContaining({ code: 'BAD_DATA' }));
  });
});

describe('selectPartitions', () => {
  let cat: SqliteCatalog;
  beforeEach(() => {
    cat = new SqliteCatalog(':memory:');
  });
  afterEach(() => cat.close());
  const col = (name: string, hive: string): ColumnMeta => hiveColumn(name, hive);
  const base = (name: string, keys: ColumnMeta[], parameters: Record<string, string> = {}): TableInput => ({
    database: 'default',
    name,
    tableType: 'EXTERNAL_TABLE',
    columns: [col('v', 'string')],
    partitionKeys: keys,
    storage: { location: `s3://bucket/${name}/`, serdeProperties: {} },
    parameters,
  });

  it('uses the location, the catalog or projection as the table says', () => {
    cat.createTable(base('flat', []));
    expect(selectPartitions(cat, cat.getTable('default', 'flat')!)).toEqual({
      source: 'unpartitioned',
      partitions: [{ values: [], name: '', location: 's3://bucket/flat/' }],
    });
    cat.createTable(base('cat', [col('n', 'int')]));
    cat.addPartitions('default', 'cat', [{ values: ['10'] }, { values: ['9'] }, { values: ['2'] }]);
    const sel = selectPartitions(cat, cat.getTable('default', 'cat')!, { constraints: [{ op: 'range', key: 'n', low: { value: 5, inclusive: false } }] });
    expect(sel.source).toBe('catalog');
    expect(sel.total).toBe(3);
    expect(sel.partitions.map((p) => p.name)).toEqual(['n=10', 'n=9']);
    cat.createTable(base('proj', [col('n', 'int')], { 'projection.enabled': 'true', 'projection.n.type': 'integer', 'projection.n.range': '1,12' }));
    const p = selectPartitions(cat, cat.getTable('default', 'proj')!, { constraints: [{ op: 'in', key: 'n', values: [12, 3, 40] }] });
    expect(p).toEqual({
      source: 'projection',
      partitions: [
        { values: ['12'], name: 'n=12', location: 's3://bucket/proj/n=12/' },
        { values: ['3'], name: 'n=3', location: 's3://bucket/proj/n=3/' },
      ],
    });
  });
});
