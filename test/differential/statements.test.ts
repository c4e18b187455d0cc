/**
 * Statements that change what later queries see — CREATE TABLE AS, INSERT INTO (VALUES, SELECT,
 * column lists, coercion), CREATE VIEW over tables and views — and parameters (PREPARE/EXECUTE
 * USING, `?` with execute options), applied to aegis and DuckDB alike and then queried in both.
 * Result types of CTAS columns are asserted to be Trino's (DuckDB's CTAS types differ).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/api/engine.js';
import { formatType } from '../../src/types/sql-type.js';
import { canonResult } from '../integration/tables/tpch-compare.js';
import { compareResults } from '../util/compare-results.js';
import { DiffEnv } from './diff-fixture.js';
import { expectSameAnswer } from './diff-query.js';
import { SMALL_TABLES } from './small-tables.js';

let env: DiffEnv;

beforeAll(async () => {
  env = await DiffEnv.open();
  for (const t of SMALL_TABLES) await env.load(t);
}, 120_000);

afterAll(() => env?.close());

/** Runs a statement in aegis (Trino text) and in DuckDB (its text, default the same). */
async function both(sql: string, duck = sql): Promise<void> {
  await env.engine.execute(sql);
  await env.duck.run(duck);
  env.forgetAnswers();
}

async function typesOf(table: string): Promise<string[]> {
  const r = await env.engine.execute(`select * from ${table} limit 0`);
  return r.columns.map((c) => formatType(c.type));
}

describe('CTAS, INSERT and views equal DuckDB', () => {
  it('CREATE TABLE AS keeps Trino types and rows', async () => {
    await both(
      "create table c1 as select id, salary * 2 as s2, salary + amt as sa, bonus / 100 as b100, upper(name) as un, hired + interval '1' day as h1, rating from emp left join ev using (id)",
      "create table c1 as select id, salary * 2 as s2, salary + amt as sa, bonus // 100 as b100, upper(name) as un, cast(hired + interval 1 day as date) as h1, rating from emp left join ev using (id)",
    );
    expect(await typesOf('c1')).toEqual(['integer', 'decimal(20,2)', 'decimal(13,4)', 'integer', 'varchar', 'date', 'double']);
    await expectSameAnswer(env, { id: 'C01', name: 'CTAS rows', sql: 'select * from c1' });
  });

  it('CREATE TABLE AS with column aliases and an aggregate', async () => {
    await both('create table c2 (d, n, total) as select dept, count(*), sum(salary) from emp group by dept');
    expect(await typesOf('c2')).toEqual(['varchar', 'bigint', 'decimal(38,2)']);
    await expectSameAnswer(env, { id: 'C02', name: 'CTAS with column list', sql: 'select * from c2' });
  });

  it('CREATE TABLE AS … WITH NO DATA is empty but typed', async () => {
    await both('create table c3 as select k, x, s from nums with no data', 'create table c3 as select k, x, s from nums limit 0');
    expect(await typesOf('c3')).toEqual(['integer', 'double', 'varchar']);
    await expectSameAnswer(env, { id: 'C03', name: 'empty CTAS', sql: 'select count(*) from c3' });
  });

  it('INSERT VALUES coerces integers and decimals into the column types', async () => {
    await both("insert into c3 values (100, 1, 'int to double'), (101, 2.5, 'decimal to double'), (102, null, null)");
    await both("insert into c2 values ('new', 3, 12), ('new2', 0, 0.5)");
    await expectSameAnswer(env, { id: 'C04', name: 'rows after INSERT VALUES', sql: 'select * from c3' });
    await expectSameAnswer(env, { id: 'C05', name: 'decimal column after INSERT', sql: 'select d, n, total, total * 2 from c2' });
    expect(await typesOf('c2')).toEqual(['varchar', 'bigint', 'decimal(38,2)']);
  });

  it('INSERT … SELECT with a column list fills the rest with NULL', async () => {
    await both('insert into c3 (s, k) select g, k + 200 from nums where v > 0');
    await expectSameAnswer(env, { id: 'C06', name: 'rows after INSERT SELECT with a column list', sql: 'select * from c3' });
  });

  it('INSERT … SELECT from the table itself reads the rows before the insert', async () => {
    await both('insert into c3 select k + 1000, x * 2, s from c3 where k < 300');
    await expectSameAnswer(env, { id: 'C07', name: 'self INSERT SELECT', sql: 'select count(*), sum(k), sum(x), count(s) from c3' });
  });

  it('views over tables and views', async () => {
    await both("create view v1 as select dept, count(*) c, avg(rating) r from emp where dept <> 'hr' group by dept");
    await both('create view v2 as select v1.dept, v1.c, d.floor from v1 join dept d on v1.dept = d.dept');
    await expectSameAnswer(env, { id: 'C08', name: 'view over a view joined', sql: 'select * from v2' });
    await expectSameAnswer(env, { id: 'C09', name: 'view in a subquery and aggregate', sql: 'select sum(c), max(r) from v1 where dept in (select dept from v2 where floor > 2)' });
  });

  it('a view sees rows inserted after it was created', async () => {
    await both('create view v3 as select k, s from c3 where k >= 1000');
    await both("insert into c3 values (5000, 0.25, 'late')");
    await expectSameAnswer(env, { id: 'C10', name: 'view after INSERT', sql: 'select * from v3' });
  });

  it('CREATE OR REPLACE VIEW replaces the definition', async () => {
    await both('create or replace view v3 as select k * 2 as k2 from c3 where k < 5', 'create or replace view v3 as select k * 2 as k2 from c3 where k < 5');
    await expectSameAnswer(env, { id: 'C11', name: 'replaced view', sql: 'select * from v3' });
  });

  it('PREPARE / EXECUTE USING equals the query with the literals', async () => {
    await env.engine.execute('prepare p1 from select k, s from nums where v > ? and g = ?');
    const got = canonResult(await env.engine.execute("execute p1 using 3, 'a'"));
    const want = (await env.duck.query("select k, s from nums where v > 3 and g = 'a'")).rows;
    expect(want.length).toBeGreaterThan(0);
    expect(compareResults(got.rows, want, false)).toBeNull();
    const again = canonResult(await env.engine.execute("execute p1 using -10, 'b'"));
    expect(compareResults(again.rows, (await env.duck.query("select k, s from nums where v > -10 and g = 'b'")).rows, false)).toBeNull();
  });

  it('? parameters passed with execute()', async () => {
    const got = canonResult(await env.engine.execute('select id, salary from emp where bonus >= ? and name <> ?', { parameters: [700, 'Alice'] }));
    const want = (await env.duck.query("select id, salary from emp where bonus >= 700 and name <> 'Alice'")).rows;
    expect(want.length).toBeGreaterThan(0);
    expect(compareResults(got.rows, want, false)).toBeNull();
  });
});

describe('session time zone', () => {
  it('timestamps meet zones through the session zone (Trino/Joda rules, DuckDB ICU instants)', async () => {
    const la = new Engine({ sessionTimeZone: 'America/Los_Angeles' });
    const sql =
      "select current_timezone(), to_unixtime(timestamp '2024-01-01 00:00:00'), hour(from_unixtime(0)), cast(from_unixtime(0) as timestamp), " +
      "cast(cast(timestamp '2024-07-01 12:00:00' as timestamp with time zone) as varchar), to_unixtime(timestamp '2024-03-10 02:30:00'), " +
      "cast(from_unixtime(1710000000) as date), to_unixtime(date_trunc('day', from_unixtime(1710000000))), timestamp '2024-01-01 00:00:00 UTC' = timestamp '2023-12-31 16:00:00'";
    const got = canonResult(await la.execute(sql)).rows;
    // Instants from DuckDB's ICU for the same wall times in America/Los_Angeles; the nonexistent
    // 02:30 of the spring-forward day moves forward to 03:30 PDT, as Joda does.
    const want = (
      await env.duck.query(
        "select 'America/Los_Angeles', epoch(timestamptz '2024-01-01 00:00:00-08'), 16, timestamp '1969-12-31 16:00:00', '2024-07-01 12:00:00.000 America/Los_Angeles', " +
          "epoch(timestamptz '2024-03-10 03:30:00-07'), date '2024-03-09', epoch(timestamptz '2024-03-09 00:00:00-08'), true",
      )
    ).rows;
    expect(compareResults(got, want, true)).toBeNull();
  });
});
