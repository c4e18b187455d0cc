/**
 * The Engine contract: result shape and statement types, `?` parameters from the API, no
 * partial results from a query that fails after producing rows, session database, stats.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/api/engine.js';
import { isAegisError } from '../../../src/errors.js';

describe('Engine', () => {
  it('returns typed columns, DML statement type and stats for a query', async () => {
    const e = new Engine();
    const r = await e.execute("SELECT 1 AS a, 'x' AS b");
    expect(r.columns).toEqual([
      { name: 'a', type: { kind: 'integer' } },
      { name: 'b', type: { kind: 'varchar', length: 1 } },
    ]);
    expect(r.rows).toEqual([[1, 'x']]);
    expect(r.statementType).toBe('DML');
    expect(r.stats.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('binds ? parameters from ExecuteOptions.parameters by position', async () => {
    const e = new Engine();
    await e.execute('CREATE TABLE t AS SELECT * FROM (VALUES (1, 10), (2, 20), (3, 30)) AS v(k, v)');
    const r = await e.execute('SELECT v FROM t WHERE k >= ? AND v < ? ORDER BY v', { parameters: [2, 100n] });
    expect(r.rows).toEqual([[20], [30]]);
    const missing = await e.execute('SELECT v FROM t WHERE k = ?').catch((x: unknown) => x);
    expect(isAegisError(missing, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('reports update counts for CREATE TABLE AS and INSERT', async () => {
    const e = new Engine();
    const c = await e.execute('CREATE TABLE t AS SELECT * FROM UNNEST(ARRAY[1, 2, 3]) AS u(x)');
    expect(c.updateCount).toBe(3);
    expect(c.statementType).toBe('DDL');
    const i = await e.execute('INSERT INTO t SELECT x + 10 FROM t');
    expect(i.updateCount).toBe(3);
    expect((await e.execute('SELECT count(*) FROM t')).rows).toEqual([[6n]]);
  });

  it('fails a query as a whole when an error occurs after rows were produced', async () => {
    const e = new Engine({ memoryChunkRows: 100 });
    // The zero sits in the last chunk: earlier batches have already passed through the plan.
    await e.execute('CREATE TABLE t AS SELECT 10000 - x AS d FROM UNNEST(sequence(1, 10000)) AS u(x)');
    const err = await e.execute('SELECT 1 / d FROM t').catch((x: unknown) => x);
    expect(isAegisError(err, 'DIVISION_BY_ZERO')).toBe(true);
  });

  it('keeps the session database across statements (USE)', async () => {
    const e = new Engine();
    await e.execute('CREATE DATABASE sales');
    await e.execute('CREATE TABLE sales.orders AS SELECT 7 AS id');
    await e.execute('USE sales');
    expect(e.currentDatabase).toBe('sales');
    expect((await e.execute('SELECT id FROM orders')).rows).toEqual([[7]]);
    expect((await e.execute('SELECT id FROM orders', { database: 'default' }).catch((x: unknown) => x)) instanceof Error).toBe(true);
  });

  it('EXPLAIN returns one varchar row per plan line', async () => {
    const e = new Engine();
    const r = await e.execute('EXPLAIN SELECT 1');
    expect(r.columns).toEqual([{ name: 'Query Plan', type: { kind: 'varchar' } }]);
    expect(r.rows.map((x) => x[0])).toEqual(['Project[_col0 := 1]', '  Values[rows=1, columns=[]]']);
    expect(r.statementType).toBe('UTILITY');
  });
});

describe('Engine cancellation', () => {
  it('fails with QUERY_CANCELLED when the signal is aborted', async () => {
    const e = new Engine({ memoryChunkRows: 100 });
    await e.execute('CREATE TABLE t AS SELECT x FROM UNNEST(sequence(1, 1000)) AS u(x)');
    const ac = new AbortController();
    ac.abort();
    const err = await e.execute('SELECT count(*) FROM t', { signal: ac.signal }).catch((x: unknown) => x);
    expect(isAegisError(err, 'QUERY_CANCELLED')).toBe(true);
  });
});
