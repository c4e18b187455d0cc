/**
 * The catalog plugged into a real Engine through createCatalogHooks: DDL goes to the handler,
 * names resolve through the CatalogView, views are bound by the engine, USE switches the session.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine, type DdlHandler } from '../../../src/api/engine.js';
import { createCatalogHooks } from '../../../src/api/catalog-hooks.js';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';

describe('createCatalogHooks with Engine', () => {
  let catalog: SqliteCatalog;
  let engine: Engine;
  beforeEach(() => {
    catalog = new SqliteCatalog(':memory:');
    const hooks = createCatalogHooks(catalog);
    // The handler fits the Engine's hook type as is.
    const ddlHandler: DdlHandler = hooks.ddlHandler;
    engine = new Engine({ catalog: hooks.catalogView, ddlHandler });
  });
  afterEach(() => catalog.close());

  it('runs DDL and SHOW through the handler with Athena statement types', async () => {
    const created = await engine.execute("CREATE EXTERNAL TABLE orders (id int, total decimal(10,2)) PARTITIONED BY (dt string) LOCATION 's3://bucket/orders/'");
    expect(created).toMatchObject({ statementType: 'DDL', columns: [], rows: [] });
    expect(catalog.getTable('default', 'orders')?.partitionKeys.map((k) => k.name)).toEqual(['dt']);
    const shown = await engine.execute('SHOW TABLES');
    expect(shown.statementType).toBe('UTILITY');
    expect(shown.columns).toEqual([{ name: 'tab_name', type: { kind: 'varchar' } }]);
    expect(shown.rows).toEqual([['orders']]);
    await expect(engine.execute("CREATE EXTERNAL TABLE orders (id int) LOCATION 's3://bucket/o/'")).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('USE switches the session database for later statements', async () => {
    await engine.execute('CREATE DATABASE sales');
    await engine.execute('USE sales');
    expect(engine.currentDatabase).toBe('sales');
    await engine.execute("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://bucket/t/'");
    expect(catalog.getTable('sales', 't')).toBeDefined();
    expect((await engine.execute('SHOW TABLES')).rows).toEqual([['t']]);
  });

  it('stores views with the columns the engine binds, and queries them', async () => {
    await engine.execute("CREATE EXTERNAL TABLE orders (id int, total double) LOCATION 's3://bucket/orders/'");
    await engine.execute('CREATE VIEW doubled AS SELECT id, total * 2 AS twice FROM orders');
    expect((await engine.execute('DESCRIBE doubled')).rows).toEqual([
      ['id', 'int', ''],
      ['twice', 'double', ''],
    ]);
    // Binding proves the view valid before it is stored.
    await expect(engine.execute('CREATE VIEW broken AS SELECT nope FROM orders')).rejects.toMatchObject({ code: expect.any(String) });
    expect(catalog.getTable('default', 'broken')).toBeUndefined();
    await engine.execute("CREATE VIEW consts AS SELECT 1 AS one, 'a' AS letter");
    const r = await engine.execute('SELECT letter, one + 1 AS two FROM consts');
    expect(r.rows).toEqual([['a', 2]]);
    // The binder sees the table's columns (data columns, then partition keys) through the resolver.
    const res = createCatalogHooks(catalog).catalogView.resolveTable('default', 'ORDERS');
    expect(res).toMatchObject({ kind: 'table', database: 'default', name: 'orders', columns: [{ name: 'id' }, { name: 'total' }] });
    expect(createCatalogHooks(catalog).catalogView.resolveTable('default', 'consts')).toMatchObject({ kind: 'view', sql: "SELECT 1 AS one, 'a' AS letter" });
  });

  it('without a source factory a table binds but its scan says NOT_SUPPORTED', async () => {
    await engine.execute("CREATE EXTERNAL TABLE t (id int) LOCATION 's3://bucket/t/'");
    await expect(engine.execute('SELECT id FROM t WHERE id > 1')).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });

  it('answers information_schema queries from the catalog', async () => {
    await engine.execute('CREATE DATABASE sales');
    await engine.execute("CREATE EXTERNAL TABLE sales.orders (id int COMMENT 'key', tags array<string>) PARTITIONED BY (dt date) LOCATION 's3://bucket/o/'");
    await engine.execute("CREATE VIEW sales.recent AS SELECT 1 AS one");
    const tables = await engine.execute("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'sales' ORDER BY table_name");
    expect(tables.rows).toEqual([
      ['orders', 'BASE TABLE'],
      ['recent', 'VIEW'],
    ]);
    const cols = await engine.execute(
      "SELECT column_name, ordinal_position, data_type, comment, extra_info FROM information_schema.columns WHERE table_schema = 'sales' AND table_name = 'orders' ORDER BY ordinal_position",
    );
    expect(cols.rows).toEqual([
      ['id', 1n, 'integer', 'key', null],
      ['tags', 2n, 'array(varchar)', null, null],
      ['dt', 3n, 'date', null, 'partition key'],
    ]);
    const schemata = await engine.execute('SELECT schema_name FROM information_schema.schemata ORDER BY schema_name');
    expect(schemata.rows).toEqual([['default'], ['information_schema'], ['sales']]);
    const views = await engine.execute('SELECT table_name, view_definition FROM information_schema.views');
    expect(views.rows).toEqual([['recent', 'SELECT 1 AS one']]);
  });

  it('leaves DROP of names the catalog lacks to the engine (its CREATE TABLE AS tables)', async () => {
    await engine.execute('CREATE TABLE scratch AS SELECT 1 AS x');
    expect((await engine.execute('SELECT x FROM scratch')).rows).toEqual([[1]]);
    await engine.execute('DROP TABLE scratch');
    await expect(engine.execute('SELECT x FROM scratch')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(engine.execute('DROP TABLE scratch')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await engine.execute('DROP TABLE IF EXISTS scratch');
    // A catalog table of the same name is still dropped by the catalog.
    await engine.execute("CREATE EXTERNAL TABLE scratch (id int) LOCATION 's3://bucket/s/'");
    await engine.execute('DROP TABLE scratch');
    expect(catalog.getTable('default', 'scratch')).toBeUndefined();
  });
});
