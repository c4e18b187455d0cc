// Golden ASTs for Trino-routed statements: EXPLAIN, CTAS, INSERT, UNLOAD, prepared statements,
// views, USE; and refusal of statements Athena does not run.
import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../../src/errors.js';
import type { Query } from '../../../src/sql/ast.js';
import { parseStatement } from '../../../src/sql/parse.js';
import { ast, cmp, col, id, int, item, query, select, star, str, table } from './ast-builders.js';

const select1 = query(select([item(int(1))]));

describe('EXPLAIN', () => {
  it('EXPLAIN, EXPLAIN ANALYZE [VERBOSE], EXPLAIN (TYPE …, FORMAT …)', () => {
    expect(ast('EXPLAIN SELECT 1')).toEqual({ kind: 'explain', analyze: false, verbose: false, statement: select1 });
    expect(ast('EXPLAIN ANALYZE VERBOSE SELECT 1')).toEqual({ kind: 'explain', analyze: true, verbose: true, statement: select1 });
    expect(ast('EXPLAIN (TYPE DISTRIBUTED, FORMAT JSON) SELECT 1')).toEqual({
      kind: 'explain',
      analyze: false,
      verbose: false,
      type: 'distributed',
      format: 'json',
      statement: select1,
    });
  });
});

describe('CREATE TABLE AS, INSERT, UNLOAD', () => {
  it('CTAS with WITH (props) and WITH NO DATA', () => {
    expect(
      ast(`CREATE TABLE IF NOT EXISTS db.new WITH (format = 'PARQUET', external_location = 's3://b/p/', partitioned_by = ARRAY['dt'], bucket_count = 4) AS SELECT * FROM t WITH NO DATA`),
    ).toEqual({
      kind: 'create_table_as',
      name: { schema: 'db', name: 'new' },
      orReplace: false,
      ifNotExists: true,
      properties: [
        { name: 'format', value: str('PARQUET') },
        { name: 'external_location', value: str('s3://b/p/') },
        { name: 'partitioned_by', value: { kind: 'array', elements: [str('dt')] } },
        { name: 'bucket_count', value: int(4) },
      ],
      query: query(select([star], table('t'))),
      withData: false,
    });
  });

  it('CTAS with column names, comment, parenthesised query and WITH DATA', () => {
    expect(ast(`CREATE TABLE t2 (x, y) COMMENT 'c' AS (SELECT 1, 2) WITH DATA`)).toEqual({
      kind: 'create_table_as',
      name: { name: 't2' },
      orReplace: false,
      ifNotExists: false,
      columns: [id('x'), id('y')],
      comment: 'c',
      properties: [],
      query: query(select([item(int(1)), item(int(2))])),
      withData: true,
    });
  });

  it('INSERT INTO t [(cols)] SELECT | VALUES', () => {
    expect(ast('INSERT INTO db.t (a, "B") SELECT 1, 2')).toEqual({
      kind: 'insert',
      table: { schema: 'db', name: 't' },
      columns: [id('a'), id('B', true)],
      query: query(select([item(int(1)), item(int(2))])),
    });
    expect(ast(`INSERT INTO t VALUES (1, 'x')`)).toEqual({
      kind: 'insert',
      table: { name: 't' },
      query: query({ kind: 'values', rows: [[int(1), str('x')]] }),
    });
  });

  it('UNLOAD (query) TO location WITH (props), with parameters numbered across both parts', () => {
    expect(ast(`UNLOAD (SELECT * FROM t WHERE a = ?) TO 's3://bucket/prefix/' WITH (format = 'JSON', compression = ?)`)).toEqual({
      kind: 'unload',
      query: query(select([star], table('t'), { where: cmp('=', col('a'), { kind: 'parameter', index: 0 }) })),
      location: 's3://bucket/prefix/',
      properties: [
        { name: 'format', value: str('JSON') },
        { name: 'compression', value: { kind: 'parameter', index: 1 } },
      ],
    });
    expect(ast(`unload (VALUES 1) to 's3://b/x/'`)).toEqual({
      kind: 'unload',
      query: query({ kind: 'values', rows: [[int(1)]] }),
      location: 's3://b/x/',
      properties: [],
    });
  });

  it('UNLOAD keeps error positions of its query exact', () => {
    try {
      parseStatement(`UNLOAD (SELECT a FROM t WHERE) TO 's3://b/'`);
      expect.unreachable();
    } catch (e) {
      expect(isAegisError(e, 'SYNTAX_ERROR')).toBe(true);
      expect((e as Error).message).toMatch(/^line 1:30: mismatched input '\)'/);
    }
  });
});

describe('prepared statements', () => {
  it('PREPARE name FROM statement keeps the body text; EXECUTE … USING; DEALLOCATE PREPARE', () => {
    expect(ast('PREPARE my_select FROM SELECT * FROM t WHERE a = ? AND b = ?')).toEqual({
      kind: 'prepare',
      name: id('my_select'),
      statement: query(
        select([star], table('t'), {
          where: {
            kind: 'logical',
            op: 'and',
            left: cmp('=', col('a'), { kind: 'parameter', index: 0 }),
            right: cmp('=', col('b'), { kind: 'parameter', index: 1 }),
          },
        }),
      ),
      sql: 'SELECT * FROM t WHERE a = ? AND b = ?',
    });
    expect(ast(`EXECUTE my_select USING 1, 'x'`)).toEqual({ kind: 'execute', name: id('my_select'), args: [int(1), str('x')] });
    expect(ast('EXECUTE my_select')).toEqual({ kind: 'execute', name: id('my_select'), args: [] });
    expect(ast('DEALLOCATE PREPARE my_select')).toEqual({ kind: 'deallocate', name: id('my_select') });
  });

  it('PREPARE of an UNLOAD and of a CTAS', () => {
    expect(ast(`PREPARE "U1" FROM UNLOAD (SELECT 1) TO 's3://b/x/'`)).toEqual({
      kind: 'prepare',
      name: id('U1', true),
      statement: { kind: 'unload', query: select1, location: 's3://b/x/', properties: [] },
      sql: `UNLOAD (SELECT 1) TO 's3://b/x/'`,
    });
    expect(ast('PREPARE c FROM CREATE TABLE x AS SELECT 1')).toMatchObject({ kind: 'prepare', statement: { kind: 'create_table_as', query: select1 } });
  });
});

describe('views and USE', () => {
  it('CREATE [OR REPLACE] VIEW stores the query text; DROP VIEW; SHOW CREATE VIEW', () => {
    expect(ast('CREATE OR REPLACE VIEW db.v COMMENT \'c\' AS SELECT a FROM t  -- trailing')).toEqual({
      kind: 'create_view',
      name: { schema: 'db', name: 'v' },
      orReplace: true,
      comment: 'c',
      query: query(select([item(col('a'))], table('t'))),
      sql: 'SELECT a FROM t',
    });
    expect(ast('DROP VIEW IF EXISTS v')).toEqual({ kind: 'drop_view', name: { name: 'v' }, ifExists: true });
    expect(ast('SHOW CREATE VIEW v')).toEqual({ kind: 'show_create', object: 'view', name: { name: 'v' } });
  });

  it('USE db / USE catalog.db', () => {
    expect(ast('USE sales')).toEqual({ kind: 'use', schema: 'sales' });
    expect(ast('USE awsdatacatalog.sales')).toEqual({ kind: 'use', catalog: 'awsdatacatalog', schema: 'sales' });
  });
});

describe('WITH RECURSIVE', () => {
  it('parses with the recursive flag (the binder unrolls it; see test/sql/select/with-recursive.slt)', () => {
    const q = parseStatement('WITH RECURSIVE r (n) AS (SELECT 1) SELECT * FROM r') as Query;
    expect(q.with?.recursive).toBe(true);
    expect(q.with?.ctes.map((c) => c.name.name)).toEqual(['r']);
    expect((parseStatement('WITH r (n) AS (SELECT 1) SELECT * FROM r') as Query).with?.recursive).toBe(false);
  });
});

describe('refusals', () => {
  it.each([
    ['DELETE FROM t WHERE a = 1', 'line 1:1: Statement DELETE is not supported'],
    ['UPDATE t SET a = 1', 'line 1:1: Statement UPDATE is not supported'],
    ['CREATE MATERIALIZED VIEW v AS SELECT 1', 'line 1:1: Statement CREATE MATERIALIZED VIEW is not supported'],
    ['SELECT * FROM t MATCH_RECOGNIZE (PATTERN (A) DEFINE A AS true)', 'line 1:15: MATCH_RECOGNIZE is not supported'],
    ['SELECT CAST(a AS ipaddress) FROM t', "line 1:18: Type 'ipaddress' is not supported"],
    ['SELECT * FROM TABLE(sequence(1, 3))', 'line 1:15: Table functions is not supported'],
  ])('%s → NOT_SUPPORTED', (sql, message) => {
    try {
      parseStatement(sql);
      expect.unreachable();
    } catch (e) {
      expect(isAegisError(e, 'NOT_SUPPORTED')).toBe(true);
      expect((e as Error).message).toBe(message);
    }
  });

  it('keeps the statement position in the NOT_SUPPORTED details', () => {
    try {
      parseStatement('\n\n   DELETE FROM t');
      expect.unreachable();
    } catch (e) {
      expect(isAegisError(e, 'NOT_SUPPORTED') && e.details).toEqual({ line: 3, column: 4 });
    }
  });
});

describe('positions', () => {
  it('nodes carry 1-based line/column of their first token', () => {
    const q = parseStatement('SELECT a,\n       b + 1\nFROM t') as Query;
    expect(q.pos).toEqual({ line: 1, column: 1 });
    const body = q.body as Extract<Query['body'], { kind: 'select' }>;
    expect(body.items[1].pos).toEqual({ line: 2, column: 8 });
    expect(body.items[1].kind === 'select_expr' && body.items[1].expr.pos).toEqual({ line: 2, column: 8 });
    expect(body.from?.pos).toEqual({ line: 3, column: 6 });
  });
});
