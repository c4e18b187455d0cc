import { afterEach, beforeEach, expect, it } from 'vitest';
import { getTableMetadata, listTableMetadata, toAthenaDatabase } from '../../../src/catalog/athena-metadata.js';
import { executeDdl } from '../../../src/catalog/ddl/execute-ddl.js';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { parseStatement } from '../../../src/sql/parse.js';

let catalog: SqliteCatalog;
beforeEach(() => {
  catalog = new SqliteCatalog(':memory:');
});
afterEach(() => catalog.close());

const run = (sql: string) => executeDdl(parseStatement(sql), { catalog, database: 'default' });

it('maps tables and databases to Athena metadata shapes', async () => {
  await run("CREATE DATABASE sales COMMENT 'money' LOCATION 's3://bucket/sales/' WITH DBPROPERTIES ('owner'='fin')");
  expect(toAthenaDatabase(catalog.getDatabase('sales')!)).toEqual({
    Name: 'sales',
    Description: 'money',
    Parameters: { owner: 'fin', location: 's3://bucket/sales/' },
  });
  await run(`CREATE EXTERNAL TABLE sales.orders (id int COMMENT 'key', tags array<string>) PARTITIONED BY (dt string)
    ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://bucket/orders/' TBLPROPERTIES ('classification'='csv')`);
  await run("CREATE EXTERNAL TABLE sales.customers (id int) STORED AS PARQUET LOCATION 's3://bucket/customers/'");
  const m = getTableMetadata(catalog, 'Sales', 'ORDERS');
  expect(m).toMatchObject({
    Name: 'orders',
    TableType: 'EXTERNAL_TABLE',
    Columns: [
      { Name: 'id', Type: 'int', Comment: 'key' },
      { Name: 'tags', Type: 'array<string>' },
    ],
    PartitionKeys: [{ Name: 'dt', Type: 'string' }],
  });
  expect(m.Parameters).toEqual({
    EXTERNAL: 'TRUE',
    location: 's3://bucket/orders/',
    inputformat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputformat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    'serde.serialization.lib': 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
    'serde.param.field.delim': ',',
    'serde.param.serialization.format': ',',
    classification: 'csv',
    transient_lastDdlTime: String(Math.floor(m.CreateTime.getTime() / 1000)),
  });
  expect(listTableMetadata(catalog, 'sales').map((t) => t.Name)).toEqual(['customers', 'orders']);
  expect(listTableMetadata(catalog, 'sales', 'ord.*').map((t) => t.Name)).toEqual(['orders']);
  expect(() => getTableMetadata(catalog, 'sales', 'nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  expect(() => listTableMetadata(catalog, 'nodb')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
});
