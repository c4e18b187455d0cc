// Golden ASTs for Athena's Hive DDL, SHOW, DESCRIBE and MSCK, and Hive type mapping.
import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import type { CreateTableStatement } from '../../../src/sql/ast.js';
import { parseStatement } from '../../../src/sql/parse.js';
import { ast, id } from './ast-builders.js';

describe('CREATE [EXTERNAL] TABLE', () => {
  it('full Athena form with delimited row format (Hive escapes decoded)', () => {
    const sql = `CREATE EXTERNAL TABLE IF NOT EXISTS db.t (
      a int COMMENT 'the a',
      \`B\` array<struct<x:string,y:decimal(10,2)>>,
      m map<string,bigint>
    )
    COMMENT 'table comment'
    PARTITIONED BY (dt string, h int)
    CLUSTERED BY (a) SORTED BY (a DESC) INTO 4 BUCKETS
    ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' COLLECTION ITEMS TERMINATED BY '\\002'
      MAP KEYS TERMINATED BY ':' LINES TERMINATED BY '\\n' NULL DEFINED AS ''
    STORED AS TEXTFILE
    LOCATION 's3://bucket/path/'
    TBLPROPERTIES ('skip.header.line.count'='1', "classification"="csv")`;
    expect(ast(sql)).toEqual({
      kind: 'create_table',
      external: true,
      ifNotExists: true,
      name: { schema: 'db', name: 't' },
      columns: [
        { name: id('a'), type: { kind: 'integer' }, typeText: 'int', comment: 'the a' },
        {
          name: id('B', true),
          type: {
            kind: 'array',
            element: { kind: 'row', fields: [{ name: 'x', type: { kind: 'varchar' } }, { name: 'y', type: { kind: 'decimal', precision: 10, scale: 2 } }] },
          },
          typeText: 'array<struct<x:string,y:decimal(10,2)>>',
        },
        { name: id('m'), type: { kind: 'map', key: { kind: 'varchar' }, value: { kind: 'bigint' } }, typeText: 'map<string,bigint>' },
      ],
      comment: 'table comment',
      partitionedBy: [
        { name: id('dt'), type: { kind: 'varchar' }, typeText: 'string' },
        { name: id('h'), type: { kind: 'integer' }, typeText: 'int' },
      ],
      clusteredBy: { columns: [id('a')], sortedBy: [{ column: id('a'), order: 'desc' }], buckets: 4 },
      rowFormat: {
        kind: 'row_format_delimited',
        fieldsTerminatedBy: '\t',
        escapedBy: '\\',
        collectionItemsTerminatedBy: '\u0002',
        mapKeysTerminatedBy: ':',
        linesTerminatedBy: '\n',
        nullDefinedAs: '',
      },
      storedAs: { kind: 'stored_as_format', format: 'TEXTFILE' },
      location: 's3://bucket/path/',
      tblProperties: [
        { key: 'skip.header.line.count', value: '1' },
        { key: 'classification', value: 'csv' },
      ],
    });
  });

  it('SERDE with SERDEPROPERTIES, INPUTFORMAT/OUTPUTFORMAT, CSE-KMS table properties', () => {
    const sql = `CREATE EXTERNAL TABLE enc (id bigint, name string)
      ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '"')
      STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
      LOCATION 's3://b/enc/'
      TBLPROPERTIES ('has_encrypted_data'='true', 'encryption_option'='CSE_KMS', 'kms_key'='arn:aws:kms:us-east-1:111122223333:key/k1')`;
    expect(ast(sql)).toEqual({
      kind: 'create_table',
      external: true,
      ifNotExists: false,
      name: { name: 'enc' },
      columns: [
        { name: id('id'), type: { kind: 'bigint' }, typeText: 'bigint' },
        { name: id('name'), type: { kind: 'varchar' }, typeText: 'string' },
      ],
      partitionedBy: [],
      rowFormat: {
        kind: 'row_format_serde',
        serde: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
        properties: [
          { key: 'separatorChar', value: ',' },
          { key: 'quoteChar', value: '"' },
        ],
      },
      storedAs: {
        kind: 'stored_as_io',
        inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      },
      location: 's3://b/enc/',
      tblProperties: [
        { key: 'has_encrypted_data', value: 'true' },
        { key: 'encryption_option', value: 'CSE_KMS' },
        { key: 'kms_key', value: 'arn:aws:kms:us-east-1:111122223333:key/k1' },
      ],
    });
  });

  it('maps every Hive type as Athena does', () => {
    const t = ast(`CREATE EXTERNAL TABLE t (
      a boolean, b tinyint, c smallint, d int, e integer, f bigint, g float, h double, i decimal(38,10),
      j decimal, k char(10), l varchar(255), m string, n binary, o date, p timestamp) STORED AS PARQUET`) as CreateTableStatement;
    expect(t.columns.map((c) => c.type)).toEqual([
      { kind: 'boolean' },
      { kind: 'tinyint' },
      { kind: 'smallint' },
      { kind: 'integer' },
      { kind: 'integer' },
      { kind: 'bigint' },
      { kind: 'real' },
      { kind: 'double' },
      { kind: 'decimal', precision: 38, scale: 10 },
      { kind: 'decimal', precision: 10, scale: 0 },
      { kind: 'char', length: 10 },
      { kind: 'varchar', length: 255 },
      { kind: 'varchar' },
      { kind: 'varbinary' },
      { kind: 'date' },
      { kind: 'timestamp', precision: 3 },
    ]);
    expect(t.storedAs).toEqual({ kind: 'stored_as_format', format: 'PARQUET' });
  });

  it('CREATE TABLE without EXTERNAL and without AS is kept, with external: false', () => {
    expect(ast(`CREATE TABLE t (a int) LOCATION 's3://x/'`)).toEqual({
      kind: 'create_table',
      external: false,
      ifNotExists: false,
      name: { name: 't' },
      columns: [{ name: id('a'), type: { kind: 'integer' }, typeText: 'int' }],
      partitionedBy: [],
      location: 's3://x/',
      tblProperties: [],
    });
  });

  it('Hive strings keep backslash escapes distinct from Trino strings', () => {
    const t = ast(`CREATE EXTERNAL TABLE t (a string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\001' LOCATION 's3://x/it\\'s/'`) as CreateTableStatement;
    expect(t.rowFormat).toEqual({ kind: 'row_format_delimited', fieldsTerminatedBy: '\u0001' });
    expect(t.location).toBe("s3://x/it's/");
  });

  it('refuses what Athena refuses: uniontype, constraints, Hive CTAS', () => {
    const cases: [string, string][] = [
      ['CREATE EXTERNAL TABLE t (a uniontype<int,string>)', 'NOT_SUPPORTED'],
      ['CREATE EXTERNAL TABLE t (a int, PRIMARY KEY (a) DISABLE NOVALIDATE)', 'NOT_SUPPORTED'],
      ['CREATE EXTERNAL TABLE t (a varchar(0))', 'SYNTAX_ERROR'],
      ['CREATE EXTERNAL TABLE t (a decimal(39,1))', 'SYNTAX_ERROR'],
    ];
    for (const [sql, code] of cases) {
      expect(() => parseStatement(sql), sql).toThrow();
      try {
        parseStatement(sql);
      } catch (e) {
        expect(isAegisError(e) && e.code, sql).toBe(code);
      }
    }
  });
});

describe('databases, partitions, MSCK', () => {
  it('CREATE DATABASE|SCHEMA with COMMENT, LOCATION, DBPROPERTIES; DROP with CASCADE', () => {
    expect(ast(`CREATE DATABASE IF NOT EXISTS sales COMMENT 'c' LOCATION 's3://b/sales/' WITH DBPROPERTIES ('creator'='me')`)).toEqual({
      kind: 'create_database',
      name: 'sales',
      ifNotExists: true,
      comment: 'c',
      location: 's3://b/sales/',
      properties: [{ key: 'creator', value: 'me' }],
    });
    expect(ast('CREATE SCHEMA s')).toEqual({ kind: 'create_database', name: 's', ifNotExists: false, properties: [] });
    expect(ast('DROP DATABASE IF EXISTS sales CASCADE')).toEqual({ kind: 'drop_database', name: 'sales', ifExists: true, cascade: true });
    expect(ast('DROP SCHEMA s RESTRICT')).toEqual({ kind: 'drop_database', name: 's', ifExists: false, cascade: false });
    expect(ast('DROP TABLE IF EXISTS db.t')).toEqual({ kind: 'drop_table', name: { schema: 'db', name: 't' }, ifExists: true });
  });

  it('ALTER TABLE ADD / DROP PARTITION, MSCK REPAIR TABLE', () => {
    expect(ast(`ALTER TABLE t ADD IF NOT EXISTS PARTITION (dt='2020-01-01', n=1) LOCATION 's3://b/t/dt=2020-01-01/n=1/' PARTITION (dt='x', n=2)`)).toEqual({
      kind: 'add_partitions',
      table: { name: 't' },
      ifNotExists: true,
      partitions: [
        {
          spec: [
            { key: 'dt', value: '2020-01-01' },
            { key: 'n', value: '1' },
          ],
          location: 's3://b/t/dt=2020-01-01/n=1/',
        },
        {
          spec: [
            { key: 'dt', value: 'x' },
            { key: 'n', value: '2' },
          ],
        },
      ],
    });
    expect(ast(`ALTER TABLE db.t DROP IF EXISTS PARTITION (dt='a'), PARTITION (dt='b')`)).toEqual({
      kind: 'drop_partitions',
      table: { schema: 'db', name: 't' },
      ifExists: true,
      partitions: [[{ key: 'dt', value: 'a' }], [{ key: 'dt', value: 'b' }]],
    });
    expect(ast('MSCK REPAIR TABLE db.t')).toEqual({ kind: 'msck_repair', table: { schema: 'db', name: 't' } });
  });
});

describe('ALTER TABLE forms Athena supports', () => {
  it('SET TBLPROPERTIES, ADD/REPLACE COLUMNS, [PARTITION] SET LOCATION', () => {
    expect(ast(`ALTER TABLE db.t SET TBLPROPERTIES ('projection.enabled'='true')`)).toEqual({
      kind: 'set_tblproperties',
      table: { schema: 'db', name: 't' },
      properties: [{ key: 'projection.enabled', value: 'true' }],
    });
    expect(ast(`ALTER TABLE t ADD COLUMNS (c int COMMENT 'x', d array<string>)`)).toEqual({
      kind: 'add_columns',
      table: { name: 't' },
      columns: [
        { name: id('c'), type: { kind: 'integer' }, typeText: 'int', comment: 'x' },
        { name: id('d'), type: { kind: 'array', element: { kind: 'varchar' } }, typeText: 'array<string>' },
      ],
    });
    expect(ast('ALTER TABLE t REPLACE COLUMNS (c bigint)')).toEqual({
      kind: 'replace_columns',
      table: { name: 't' },
      columns: [{ name: id('c'), type: { kind: 'bigint' }, typeText: 'bigint' }],
    });
    expect(ast(`ALTER TABLE t SET LOCATION 's3://b/new/'`)).toEqual({ kind: 'set_location', table: { name: 't' }, location: 's3://b/new/' });
    expect(ast(`ALTER TABLE t PARTITION (dt='1') SET LOCATION 's3://b/dt=1/'`)).toEqual({
      kind: 'set_location',
      table: { name: 't' },
      partition: [{ key: 'dt', value: '1' }],
      location: 's3://b/dt=1/',
    });
  });

  it('refuses other ALTER TABLE forms with NOT_SUPPORTED and a position', () => {
    for (const [sql, message] of [
      ['ALTER TABLE t RENAME TO u', 'line 1:15: ALTER TABLE RENAME is not supported'],
      [`ALTER TABLE t PARTITION (dt='1') RENAME TO PARTITION (dt='2')`, 'line 1:34: ALTER TABLE … RENAME is not supported'],
    ]) {
      try {
        parseStatement(sql);
        expect.unreachable();
      } catch (e) {
        expect(isAegisError(e, 'NOT_SUPPORTED') && e.message).toBe(message);
      }
    }
  });
});

describe('SHOW and DESCRIBE', () => {
  it.each([
    [`SHOW DATABASES`, { kind: 'show_databases' }],
    [`SHOW SCHEMAS LIKE 'sa*'`, { kind: 'show_databases', like: 'sa*' }],
    [`SHOW TABLES`, { kind: 'show_tables' }],
    [`SHOW TABLES IN sales 'ord*'`, { kind: 'show_tables', database: 'sales', like: 'ord*' }],
    [`SHOW TABLES FROM sales LIKE 'o*'`, { kind: 'show_tables', database: 'sales', like: 'o*' }],
    [`SHOW VIEWS IN sales LIKE 'v*'`, { kind: 'show_views', database: 'sales', like: 'v*' }],
    [`SHOW VIEWS`, { kind: 'show_views' }],
    [`SHOW PARTITIONS db.t`, { kind: 'show_partitions', table: { schema: 'db', name: 't' } }],
    [`SHOW COLUMNS IN t`, { kind: 'show_columns', table: { name: 't' } }],
    [`SHOW COLUMNS FROM t IN sales`, { kind: 'show_columns', table: { schema: 'sales', name: 't' } }],
    [`SHOW CREATE TABLE db.t`, { kind: 'show_create', object: 'table', name: { schema: 'db', name: 't' } }],
    [`SHOW TBLPROPERTIES t`, { kind: 'show_tblproperties', table: { name: 't' } }],
    [`SHOW TBLPROPERTIES t ('classification')`, { kind: 'show_tblproperties', table: { name: 't' }, property: 'classification' }],
    [`DESCRIBE t`, { kind: 'describe', table: { name: 't' }, formatted: false, extended: false }],
    [`DESCRIBE FORMATTED db.t`, { kind: 'describe', table: { schema: 'db', name: 't' }, formatted: true, extended: false }],
    [`DESC EXTENDED t c`, { kind: 'describe', table: { name: 't' }, formatted: false, extended: true, column: 'c' }],
  ])('%s', (sql, expected) => {
    expect(ast(sql)).toEqual(expected);
  });
});
