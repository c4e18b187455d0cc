/**
 * Catalog statements end to end: SQL text → parser → DDL handler → SqliteCatalog (and LocalStore
 * for LOCATION checks and MSCK REPAIR), asserting result rows and error codes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executeDdl } from '../../../src/catalog/ddl/execute-ddl.js';
import type { DdlContext, DdlResult } from '../../../src/catalog/ddl/ddl-context.js';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { parseStatement } from '../../../src/sql/parse.js';
import { LocalStore } from '../../../src/storage/local-store.js';

let dir: string;
let store: LocalStore;
let catalog: SqliteCatalog;
let database = 'default';

async function run(sql: string, extra: Partial<DdlContext> = {}): Promise<DdlResult> {
  const r = await executeDdl(parseStatement(sql), { catalog, database, store, checkLocationBucket: true, ...extra });
  if (r.setDatabase) database = r.setDatabase;
  return r;
}

/** The rows of a one-column result. */
async function lines(sql: string): Promise<(string | null)[]> {
  return (await run(sql)).rows.map((r) => r[0]!);
}

async function fails(sql: string, code: string, message?: RegExp): Promise<void> {
  const p = run(sql);
  await expect(p).rejects.toMatchObject({ code });
  if (message) await expect(p).rejects.toThrow(message);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-ddl-'));
  store = new LocalStore({ root: join(dir, 'store') });
  await store.createBucket('bucket');
  await store.createBucket('other');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  catalog?.close();
  catalog = new SqliteCatalog(':memory:');
  database = 'default';
});

describe('databases', () => {
  it('CREATE / SHOW / USE / DROP DATABASE', async () => {
    await run("CREATE DATABASE sales COMMENT 'money' WITH DBPROPERTIES ('owner'='me')");
    await fails('CREATE DATABASE Sales', 'ALREADY_EXISTS', /Database sales already exists/);
    await run('CREATE SCHEMA IF NOT EXISTS sales');
    await run('CREATE DATABASE staging');
    expect(await lines('SHOW DATABASES')).toEqual(['default', 'sales', 'staging']);
    expect(await lines("SHOW SCHEMAS LIKE 's*'")).toEqual(['sales', 'staging']);
    expect(await lines("SHOW DATABASES LIKE 'def*|stag*'")).toEqual(['default', 'staging']);
    expect(catalog.getDatabase('sales')).toMatchObject({ comment: 'money', properties: { owner: 'me' } });
    const use = await run('USE sales');
    expect(use).toMatchObject({ statementType: 'UTILITY', setDatabase: 'sales' });
    await fails('USE nope', 'NOT_FOUND', /Database does not exist: nope/);
    await run("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://bucket/t/'");
    await fails('DROP DATABASE sales', 'PRECONDITION_FAILED', /not empty/);
    await run('DROP DATABASE sales CASCADE');
    await fails('DROP DATABASE sales', 'NOT_FOUND');
    await run('DROP SCHEMA IF EXISTS sales');
    expect(catalog.getTable('sales', 't')).toBeUndefined();
  });
});

describe('CREATE EXTERNAL TABLE', () => {
  it('maps ROW FORMAT DELIMITED to LazySimpleSerDe and prints it back with SHOW CREATE TABLE', async () => {
    await run(`CREATE EXTERNAL TABLE IF NOT EXISTS Events (
        id INT COMMENT 'event id',
        tags ARRAY<STRING>,
        attrs MAP<STRING, BIGINT>,
        amount DECIMAL(12,2))
      COMMENT 'raw events'
      PARTITIONED BY (dt STRING, hour INT)
      ROW FORMAT DELIMITED
        FIELDS TERMINATED BY ','
        ESCAPED BY '\\\\'
        COLLECTION ITEMS TERMINATED BY '|'
        MAP KEYS TERMINATED BY ':'
        LINES TERMINATED BY '\\n'
        NULL DEFINED AS 'NULL'
      LOCATION 's3://bucket/events'
      TBLPROPERTIES ('skip.header.line.count'='1', 'classification'='csv')`);
    const t = catalog.getTable('default', 'events')!;
    expect(t.storage).toEqual({
      location: 's3://bucket/events/',
      inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      serdeLib: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      serdeProperties: {
        'field.delim': ',',
        'escape.delim': '\\',
        'collection.delim': '|',
        'mapkey.delim': ':',
        'line.delim': '\n',
        'serialization.null.format': 'NULL',
        'serialization.format': ',',
      },
    });
    expect(t.columns.map((c) => [c.name, c.hiveType])).toEqual([
      ['id', 'int'],
      ['tags', 'array<string>'],
      ['attrs', 'map<string,bigint>'],
      ['amount', 'decimal(12,2)'],
    ]);
    expect(t.columns[3]!.type).toEqual({ kind: 'decimal', precision: 12, scale: 2 });
    expect(await lines('SHOW CREATE TABLE events')).toEqual([
      'CREATE EXTERNAL TABLE `default`.`events`(',
      "  `id` int COMMENT 'event id',",
      '  `tags` array<string>,',
      '  `attrs` map<string,bigint>,',
      '  `amount` decimal(12,2))',
      "COMMENT 'raw events'",
      'PARTITIONED BY (',
      '  `dt` string,',
      '  `hour` int)',
      'ROW FORMAT DELIMITED',
      "  FIELDS TERMINATED BY ',' ESCAPED BY '\\\\'",
      "  COLLECTION ITEMS TERMINATED BY '|'",
      "  MAP KEYS TERMINATED BY ':'",
      "  LINES TERMINATED BY '\\n'",
      "  NULL DEFINED AS 'NULL'",
      'STORED AS INPUTFORMAT',
      "  'org.apache.hadoop.mapred.TextInputFormat'",
      'OUTPUTFORMAT',
      "  'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
      'LOCATION',
      "  's3://bucket/events/'",
      'TBLPROPERTIES (',
      "  'classification'='csv',",
      "  'skip.header.line.count'='1')",
    ]);
  });

  it('records STORED AS formats and known SerDes as Hive does', async () => {
    await run("CREATE EXTERNAL TABLE p (id bigint) STORED AS PARQUET LOCATION 's3://bucket/p/' TBLPROPERTIES ('parquet.compression'='SNAPPY')");
    expect(catalog.getTable('default', 'p')!.storage).toMatchObject({
      inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      serdeLib: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    });
    expect((await lines('SHOW CREATE TABLE p')).slice(2, 4)).toEqual(['ROW FORMAT SERDE', "  'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'"]);
    await run(`CREATE EXTERNAL TABLE j (a string)
      ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
      LOCATION 's3://bucket/j/'`);
    expect(catalog.getTable('default', 'j')!.storage).toMatchObject({
      serdeLib: 'org.openx.data.jsonserde.JsonSerDe',
      serdeProperties: { 'ignore.malformed.json': 'true' },
      inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    });
    expect((await lines('SHOW CREATE TABLE j')).slice(2, 7)).toEqual([
      'ROW FORMAT SERDE',
      "  'org.openx.data.jsonserde.JsonSerDe'",
      'WITH SERDEPROPERTIES (',
      "  'ignore.malformed.json'='true')",
      'STORED AS INPUTFORMAT',
    ]);
    await run("CREATE EXTERNAL TABLE o (a string) STORED AS ORC LOCATION 's3://bucket/o/'");
    expect(catalog.getTable('default', 'o')!.storage.serdeLib).toBe('org.apache.hadoop.hive.ql.io.orc.OrcSerde');
    await run(`CREATE EXTERNAL TABLE c (a string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
      STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
      LOCATION 's3://bucket/c/'`);
    expect(catalog.getTable('default', 'c')!.storage.serdeLib).toBe('org.apache.hadoop.hive.serde2.OpenCSVSerde');
  });

  it('refuses what Athena refuses, with the error naming the culprit', async () => {
    await fails("CREATE TABLE t (id int) LOCATION 's3://bucket/t/'", 'NOT_SUPPORTED', /Only external table creation is supported/);
    await fails("CREATE EXTERNAL TABLE t (id int) ROW FORMAT SERDE 'com.example.MySerDe' LOCATION 's3://bucket/t/'", 'NOT_SUPPORTED', /Unknown SerDe 'com.example.MySerDe'/);
    await fails("CREATE EXTERNAL TABLE t (id int) LOCATION 'hdfs://nn/t/'", 'INVALID_ARGUMENT', /LOCATION 'hdfs:\/\/nn\/t\/' is invalid/);
    await fails("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://Bad_Bucket/t/'", 'INVALID_ARGUMENT', /'Bad_Bucket' is not a valid bucket name/);
    await fails("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://bucket/t/*.csv'", 'INVALID_ARGUMENT', /wildcards/);
    await fails("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://no-such-bucket/t/'", 'NOT_FOUND', /no-such-bucket/);
    await fails('CREATE EXTERNAL TABLE t (id int)', 'INVALID_ARGUMENT', /requires LOCATION/);
    await fails("CREATE EXTERNAL TABLE t (id int, ID string) LOCATION 's3://bucket/t/'", 'INVALID_ARGUMENT', /Duplicate column name 'id'/);
    await fails("CREATE EXTERNAL TABLE t (id int) PARTITIONED BY (id string) LOCATION 's3://bucket/t/'", 'INVALID_ARGUMENT', /repeated in partitioning/);
    await fails("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://bucket/t/' TBLPROPERTIES ('skip.header.line.count'='one')", 'INVALID_ARGUMENT', /'skip.header.line.count'/);
    await fails("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://bucket/t/' TBLPROPERTIES ('encryption_option'='CSE_KMS')", 'INVALID_ARGUMENT', /requires 'kms_key'/);
    await fails("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://bucket/t/' TBLPROPERTIES ('has_encrypted_data'='yes')", 'INVALID_ARGUMENT', /'has_encrypted_data'/);
    await fails(
      "CREATE EXTERNAL TABLE t (id int) PARTITIONED BY (dt string) LOCATION 's3://bucket/t/' TBLPROPERTIES ('projection.enabled'='true', 'projection.dt.type'='date', 'projection.dt.range'='2024-01-01,NOW')",
      'INVALID_ARGUMENT',
      /'projection.dt.format'/,
    );
    await run("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://bucket/t/' TBLPROPERTIES ('has_encrypted_data'='true')");
    await fails("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://bucket/t/'", 'ALREADY_EXISTS', /Table default.t already exists/);
    await run("CREATE EXTERNAL TABLE IF NOT EXISTS t (x string) LOCATION 's3://bucket/other/'");
    expect(catalog.getTable('default', 't')!.columns.map((c) => c.name)).toEqual(['id']);
    await fails("CREATE EXTERNAL TABLE nodb.t (id int) LOCATION 's3://bucket/t/'", 'NOT_FOUND', /Database does not exist: nodb/);
  });
});

describe('partitions', () => {
  beforeEach(async () => {
    await run("CREATE EXTERNAL TABLE logs (msg string) PARTITIONED BY (dt date, hour int) STORED AS TEXTFILE LOCATION 's3://bucket/logs/'");
  });

  it('ADD / SHOW / DROP PARTITION with type checks and default locations', async () => {
    await run("ALTER TABLE logs ADD PARTITION (dt='2024-01-02', hour=3) PARTITION (hour=10, dt='2024-01-01') LOCATION 's3://other/x'");
    expect(await lines('SHOW PARTITIONS logs')).toEqual(['dt=2024-01-01/hour=10', 'dt=2024-01-02/hour=3']);
    const parts = catalog.listPartitions('default', 'logs');
    expect(parts.map((p) => p.location)).toEqual(['s3://other/x/', 's3://bucket/logs/dt=2024-01-02/hour=3/']);
    await fails("ALTER TABLE logs ADD PARTITION (dt='2024-01-02', hour=3)", 'ALREADY_EXISTS');
    await run("ALTER TABLE logs ADD IF NOT EXISTS PARTITION (dt='2024-01-02', hour=3) PARTITION (dt='2024-01-02', hour=4)");
    await fails("ALTER TABLE logs ADD PARTITION (dt='yesterday', hour=1)", 'TYPE_MISMATCH', /'yesterday' for partition key 'dt' \(type date\)/);
    await fails("ALTER TABLE logs ADD PARTITION (dt='2024-01-05', hour='x1')", 'TYPE_MISMATCH', /'hour'/);
    await fails("ALTER TABLE logs ADD PARTITION (dt='2024-01-05')", 'INVALID_ARGUMENT', /missing partition key\(s\): hour/);
    await fails("ALTER TABLE logs ADD PARTITION (dt='2024-01-05', hour=1, region='eu')", 'INVALID_ARGUMENT', /'region' is not a partition key/);
    await run("ALTER TABLE logs DROP PARTITION (dt='2024-01-02')");
    expect(await lines('SHOW PARTITIONS logs')).toEqual(['dt=2024-01-01/hour=10']);
    await fails("ALTER TABLE logs DROP PARTITION (dt='2024-01-02', hour=3)", 'NOT_FOUND');
    await run("ALTER TABLE logs DROP IF EXISTS PARTITION (dt='2024-01-02', hour=3)");
    await run("CREATE EXTERNAL TABLE flat (a int) LOCATION 's3://bucket/flat/'");
    await fails('SHOW PARTITIONS flat', 'INVALID_ARGUMENT', /not a partitioned table/);
  });

  it('MSCK REPAIR TABLE adds Hive-style prefixes it finds and never drops stale ones', async () => {
    const put = (key: string) => store.put('bucket', key, new TextEncoder().encode('x\n'));
    await put('logs/dt=2024-01-01/hour=1/a.txt');
    await put('logs/dt=2024-01-01/hour=2/a.txt');
    await put('logs/dt=2024-01-02/hour=1/part-0.txt');
    await put('logs/dt=2024-01-02/hour=1/part-1.txt');
    await put('logs/dt=not-a-date/hour=1/a.txt');
    await put('logs/_temporary/x.txt');
    await put('logs/dt=2024-01-03/misc/a.txt');
    await run("ALTER TABLE logs ADD PARTITION (dt='2024-01-01', hour=1) PARTITION (dt='2023-12-31', hour=0)");
    const out = await lines('MSCK REPAIR TABLE logs');
    expect(out).toEqual([
      'Partitions not in metastore:\tlogs:dt=2024-01-01/hour=2\tlogs:dt=2024-01-02/hour=1',
      'Partitions missing from filesystem:\tlogs:dt=2023-12-31/hour=0',
      'Skipped invalid partition path: s3://bucket/logs/dt=not-a-date/',
      'Repair: Added partition to metastore logs:dt=2024-01-01/hour=2',
      'Repair: Added partition to metastore logs:dt=2024-01-02/hour=1',
    ]);
    expect(await lines('SHOW PARTITIONS logs')).toEqual(['dt=2023-12-31/hour=0', 'dt=2024-01-01/hour=1', 'dt=2024-01-01/hour=2', 'dt=2024-01-02/hour=1']);
    expect(await lines('MSCK REPAIR TABLE logs')).toEqual([
      'Partitions missing from filesystem:\tlogs:dt=2023-12-31/hour=0',
      'Skipped invalid partition path: s3://bucket/logs/dt=not-a-date/',
    ]);
  });
});

describe('SHOW and DESCRIBE', () => {
  beforeEach(async () => {
    await run(`CREATE EXTERNAL TABLE orders (id int COMMENT 'key', total double) PARTITIONED BY (dt string COMMENT 'day')
      STORED AS PARQUET LOCATION 's3://bucket/orders/' TBLPROPERTIES ('classification'='parquet', 'projection.enabled'='false')`);
    await run("CREATE EXTERNAL TABLE order_items (id int) LOCATION 's3://bucket/order_items/'");
    await run("CREATE EXTERNAL TABLE customers (id int) LOCATION 's3://bucket/customers/'");
  });

  it('SHOW TABLES with Hive wildcards, SHOW COLUMNS, SHOW TBLPROPERTIES', async () => {
    expect(await lines('SHOW TABLES')).toEqual(['customers', 'order_items', 'orders']);
    expect(await lines("SHOW TABLES 'order*'")).toEqual(['order_items', 'orders']);
    expect(await lines("SHOW TABLES IN default LIKE 'cust*|orders'")).toEqual(['customers', 'orders']);
    await fails('SHOW TABLES IN nope', 'NOT_FOUND');
    expect(await lines('SHOW COLUMNS IN orders')).toEqual(['id', 'total', 'dt']);
    const props = await run('SHOW TBLPROPERTIES orders');
    expect(props.columns.map((c) => c.name)).toEqual(['prpt_name', 'prpt_value']);
    expect(props.rows).toEqual([
      ['classification', 'parquet'],
      ['projection.enabled', 'false'],
    ]);
    expect(await lines("SHOW TBLPROPERTIES orders('classification')")).toEqual(['parquet']);
    expect(await lines("SHOW TBLPROPERTIES orders('nope')")).toEqual(['Table default.orders does not have property: nope']);
    await fails('SHOW COLUMNS IN missing', 'NOT_FOUND', /Table default.missing does not exist/);
  });

  it('DESCRIBE lists columns then the partition section; DESCRIBE col and FORMATTED', async () => {
    const d = await run('DESCRIBE orders');
    expect(d.columns.map((c) => c.name)).toEqual(['col_name', 'data_type', 'comment']);
    expect(d.rows).toEqual([
      ['id', 'int', 'key'],
      ['total', 'double', ''],
      ['dt', 'string', 'day'],
      ['', '', ''],
      ['# Partition Information', '', ''],
      ['# col_name', 'data_type', 'comment'],
      ['', '', ''],
      ['dt', 'string', 'day'],
    ]);
    expect((await run('DESCRIBE orders total')).rows).toEqual([['total', 'double', '']]);
    await fails('DESCRIBE orders nope', 'NOT_FOUND');
    const f = (await run('DESCRIBE FORMATTED orders')).rows;
    expect(f).toContainEqual(['Location:', 's3://bucket/orders/', '']);
    expect(f).toContainEqual(['Table Type:', 'EXTERNAL_TABLE', '']);
    expect(f).toContainEqual(['SerDe Library:', 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', '']);
  });

  it('views: CREATE [OR REPLACE] VIEW with bound columns, SHOW VIEWS, DESCRIBE, DROP VIEW', async () => {
    const bindView = () => [
      { name: 'id', type: { kind: 'integer' } as const },
      { name: 'n', type: { kind: 'bigint' } as const },
    ];
    await run('CREATE VIEW big_orders AS SELECT id, count(*) AS n FROM orders GROUP BY id', { bindView });
    await fails('CREATE VIEW big_orders AS SELECT 1', 'ALREADY_EXISTS', /View default.big_orders already exists/);
    await run('CREATE OR REPLACE VIEW big_orders AS SELECT id, 2 AS n FROM orders', { bindView });
    await fails('CREATE OR REPLACE VIEW orders AS SELECT 1 AS x', 'ALREADY_EXISTS', /Table default.orders already exists/);
    expect(await lines('SHOW VIEWS')).toEqual(['big_orders']);
    expect(await lines('SHOW TABLES')).toEqual(['big_orders', 'customers', 'order_items', 'orders']);
    expect((await run('DESCRIBE big_orders')).rows).toEqual([
      ['id', 'int', ''],
      ['n', 'bigint', ''],
    ]);
    expect(await lines('SHOW CREATE VIEW big_orders')).toEqual(['CREATE VIEW "default"."big_orders" AS', 'SELECT id, 2 AS n FROM orders']);
    await fails('SHOW CREATE TABLE big_orders', 'INVALID_ARGUMENT', /is a view/);
    await fails('DROP TABLE big_orders', 'INVALID_ARGUMENT', /use DROP VIEW/);
    await fails('DROP VIEW orders', 'INVALID_ARGUMENT', /use DROP TABLE/);
    await run('DROP VIEW big_orders');
    await fails('DROP VIEW big_orders', 'NOT_FOUND');
    await run('DROP VIEW IF EXISTS big_orders');
    await run('DROP TABLE orders');
    await fails('DROP TABLE orders', 'NOT_FOUND');
    await run('DROP TABLE IF EXISTS orders');
  });
});
