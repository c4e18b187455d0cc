import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../../src/api/open-engine.js';
import { resolveConfig } from '../../../src/config.js';
import { AegisError, connect, type Database } from '../../../src/index.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-client-'));
  db = await connect({ warehouse: join(dir, 'wh'), workers: 0, region: 'us-east-1', principal: 'alice' });
});

afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The execution record as `aegis history` sees it (a second engine on the warehouse). */
function execution(id: string) {
  const rt = openEngine(resolveConfig({ warehouse: join(dir, 'wh') }, { env: {}, cwd: dir }), { inProcess: true });
  try {
    return rt.catalog.getExecution(id);
  } finally {
    void rt.close();
  }
}

describe('connect() → db.query(): JS-native values per SQL type', () => {
  it('converts every scalar type as documented', async () => {
    const q = db.query(`SELECT true AS b, TINYINT '1' AS ti, SMALLINT '2' AS si, 3 AS i, BIGINT '9007199254740993' AS bi,
      REAL '1.5' AS r, DOUBLE '2.25' AS d, DECIMAL '1.50' AS dec, DECIMAL '-0.05' AS neg, CAST('x' AS CHAR(3)) AS c, 'é' AS v,
      X'6162' AS bin, DATE '2024-01-31' AS dt, TIMESTAMP '2024-01-31 12:00:00.123456' AS ts,
      TIMESTAMP '2024-07-01 12:00:00.5 America/New_York' AS tz, TIMESTAMP '2024-01-31 12:00:00 UTC' AS utc,
      INTERVAL '2' DAY AS ids, INTERVAL '3' MONTH AS iym, JSON '{"a":1}' AS j, NULL AS n`);
    const rows = await q.rows();
    expect(rows).toEqual([
      {
        b: true,
        ti: 1,
        si: 2,
        i: 3,
        bi: 9007199254740993n,
        r: 1.5,
        d: 2.25,
        dec: '1.50',
        neg: '-0.05',
        c: 'x  ',
        v: 'é',
        bin: new Uint8Array([0x61, 0x62]),
        dt: '2024-01-31',
        ts: '2024-01-31T12:00:00.123456',
        tz: '2024-07-01T12:00:00.5-04:00',
        utc: '2024-01-31T12:00:00Z',
        ids: 172_800_000,
        iym: 3,
        j: '{"a":1}',
        n: null,
      },
    ]);
    expect(new Date(rows[0]!.tz as string).toISOString()).toBe('2024-07-01T16:00:00.500Z');
  });

  it("TIME → 'HH:MM:SS.fff', TIME WITH TIME ZONE with its offset; Arrow Time64(µs) and its text", async () => {
    const q = db.query("SELECT TIME '12:34:56.789' AS t, TIME '01:02:03 +05:30' AS tz");
    expect(await q.rows()).toEqual([{ t: '12:34:56.789', tz: '01:02:03+05:30' }]);
    const a = await db.query("SELECT TIME '12:34:56.789' AS t, TIME '01:02:03 +05:30' AS tz").toArrow();
    expect(a.getChild('t')!.data[0]!.values[0]).toBe(45_296_789_000n);
    expect(a.getChild('tz')!.get(0)).toBe('01:02:03+05:30');
  });

  it('ARRAY → array, MAP → Map, ROW → object (nested, NULLs inside)', async () => {
    const [row] = await db
      .query(
        `SELECT ARRAY[DECIMAL '1.10', NULL] AS a, MAP(ARRAY['k', 'l'], ARRAY[ARRAY[DATE '2024-01-01'], NULL]) AS m,
                CAST(ROW(1, ROW('x')) AS ROW(n BIGINT, sub ROW(s VARCHAR))) AS r, ROW(1, 'a') AS anon`,
      )
      .rows();
    expect(row!.a).toEqual(['1.10', null]);
    expect(row!.m).toEqual(new Map([['k', ['2024-01-01']], ['l', null]]));
    expect(row!.r).toEqual({ n: 1n, sub: { s: "x" } });
    expect(row!.anon).toEqual({ field0: 1, field1: 'a' });
  });

  it("rowMode 'array', parameters, columns with SQL types, queryId and stats", async () => {
    const q = db.query('SELECT x, x * ? AS y FROM (VALUES 1, 2, 3) t(x) WHERE x > ? ORDER BY x', { rowMode: 'array', parameters: [10, 1] });
    expect(q.queryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(q.stats).toBeUndefined();
    expect(await q.rows()).toEqual([
      [2, 20],
      [3, 30],
    ]);
    expect(await q.columns).toEqual([
      { name: 'x', type: 'integer' },
      { name: 'y', type: 'integer' },
    ]);
    expect(q.stats).toMatchObject({ rows: 2, DataScannedInBytes: 0, kmsCalls: 0, outputLocation: `s3://aegis-results-us-east-1/${q.queryId}.csv` });
    expect(execution(q.queryId)).toMatchObject({ state: 'SUCCEEDED', rowCount: 2 });
  });

  it('streams with for await; errors are AegisError with a code, thrown by the reader', async () => {
    const seen: unknown[] = [];
    for await (const r of db.query('SELECT x FROM UNNEST(sequence(1, 5)) t(x)')) seen.push(r.x);
    expect(seen).toEqual([1n, 2n, 3n, 4n, 5n]); // sequence() is array(bigint)
    const bad = db.query('SELECT * FROM nowhere');
    const e = await bad.rows().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AegisError);
    expect((e as AegisError).code).toBe('NOT_FOUND');
    await expect(bad.columns).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(execution(bad.queryId)?.state).toBe('FAILED');
  });

  it('a result is read once', async () => {
    const q = db.query('SELECT 1');
    await q.rows();
    await expect(q.rows()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('Arrow: batches() and toArrow() with exact decimals, µs timestamps, nested types and SQL types in metadata', async () => {
    const t = await db
      .query(
        `SELECT x, DECIMAL '12345678901234567890.12' AS d, TIMESTAMP '2024-01-31 12:00:00.123456' AS ts, DATE '1970-01-02' AS dt,
                ARRAY['a', NULL] AS a, MAP(ARRAY[1], ARRAY['one']) AS m, CAST(ROW(x, 'r') AS ROW(p INTEGER, q VARCHAR)) AS r
           FROM (VALUES 1, 2) t(x) ORDER BY x`,
      )
      .toArrow();
    expect(t.numRows).toBe(2);
    expect(t.schema.fields.map((f) => `${f.name}:${f.metadata.get('aegis.sql_type')}`)).toEqual([
      'x:integer',
      'd:decimal(22,2)',
      'ts:timestamp(6)',
      'dt:date',
      'a:array(varchar(1))',
      'm:map(integer, varchar(3))',
      'r:row(p integer, q varchar)',
    ]);
    // Survives an IPC round trip (the buffers are well-formed).
    const back = tableFromIPC(tableToIPC(t));
    const d = back.getChild('d')!.get(0) as Uint32Array;
    const unscaled = [...d].reduceRight((acc, w) => (acc << 32n) | BigInt(w), 0n);
    expect(unscaled).toBe(1234567890123456789012n);
    expect(back.getChild('ts')!.type.toString()).toBe('Timestamp<MICROSECOND>');
    expect(back.getChild('ts')!.data[0]!.values[0]).toBe(1706702400123456n);
    expect(back.getChild('dt')!.data[0]!.values[0]).toBe(1);
    expect(back.getChild('a')!.get(1)!.toArray()).toEqual(['a', null]);
    expect(back.getChild('r')!.get(1)!.toJSON()).toEqual({ p: 2, q: 'r' });
    expect(back.getChild('m')!.get(0)!.toJSON()).toEqual({ 1: 'one' });

    let n = 0;
    for await (const b of db.query('SELECT x FROM UNNEST(sequence(1, 3)) t(x)').batches()) n += b.numRows;
    expect(n).toBe(3);
    const empty = await db.query('SELECT 1 AS one WHERE false').toArrow();
    expect([empty.numRows, empty.schema.fields.map((f) => f.name)]).toEqual([0, ['one']]);
  });
});

describe('cancel', () => {
  const BIG = 'SELECT a * 10000 + b AS n FROM UNNEST(sequence(1, 100)) x(a) CROSS JOIN UNNEST(sequence(1, 10000)) y(b)';

  it('q.cancel() mid-stream: the reader gets QUERY_CANCELLED, the execution is CANCELLED with no result object', async () => {
    const q = db.query(BIG);
    let seen = 0;
    const e = await (async () => {
      for await (const _ of q) if (++seen === 3) await q.cancel();
    })().catch((x: unknown) => x);
    expect((e as AegisError).code).toBe('QUERY_CANCELLED');
    expect(seen).toBe(3);
    const rec = execution(q.queryId);
    expect(rec?.state).toBe('CANCELLED');
    expect(rec?.outputLocation).toBeUndefined();
  });

  it('leaving a for-await loop early cancels the query; an AbortSignal does too', async () => {
    const q = db.query(BIG);
    for await (const _ of q) break;
    expect(execution(q.queryId)?.state).toBe('CANCELLED');

    const ac = new AbortController();
    const q2 = db.query(BIG, { signal: ac.signal });
    const it2 = q2[Symbol.asyncIterator]();
    await it2.next();
    ac.abort();
    await expect(it2.next()).rejects.toMatchObject({ code: 'QUERY_CANCELLED' });
    await q2.cancel();
    expect(execution(q2.queryId)?.state).toBe('CANCELLED');
  });
});

describe('bounded memory', () => {
  it('a reader that stops reading pauses the query: it stays RUNNING until read or cancelled', async () => {
    const q = db.query('SELECT a * 10000 + b AS n FROM UNNEST(sequence(1, 100)) x(a) CROSS JOIN UNNEST(sequence(1, 10000)) y(b)', { rowMode: 'array' });
    const it = q[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual([10001n]);
    // Unread, a million rows would finish in a few seconds; held back, the query cannot finish.
    await new Promise((r) => setTimeout(r, 1500));
    expect(execution(q.queryId)?.state).toBe('RUNNING');
    expect(q.stats).toBeUndefined();
    await it.return!();
    expect(execution(q.queryId)?.state).toBe('CANCELLED');
  });
});

describe('settings and lifecycle', () => {
  it('defaults as on the CLI: a bad setting is INVALID_ARGUMENT naming it', async () => {
    await expect(connect({ warehouse: join(dir, 'wh'), region: 'mars' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("'mars'") });
  });

  it('workgroup and resultConfiguration apply per connection and per query', async () => {
    const db2 = await connect({ warehouse: join(dir, 'wh'), workers: 0, resultConfiguration: { OutputLocation: 's3://aegis-results-us-east-1/lib/' } });
    try {
      const q = db2.query('SELECT 1');
      await q.rows();
      expect(q.stats?.outputLocation).toBe(`s3://aegis-results-us-east-1/lib/${q.queryId}.csv`);
      const q2 = db2.query('SELECT 1', { resultConfiguration: { OutputLocation: 's3://aegis-results-us-east-1/other/' } });
      await q2.rows();
      expect(q2.stats?.outputLocation).toBe(`s3://aegis-results-us-east-1/other/${q2.queryId}.csv`);
      await expect(db2.query('SELECT 1', { workgroup: 'nope' }).rows()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await db2.close();
    }
  });

  it('close() cancels running queries and later calls are refused', async () => {
    const db2 = await connect({ warehouse: join(dir, 'wh'), workers: 0 });
    const q = db2.query('SELECT a * 10000 + b FROM UNNEST(sequence(1, 100)) x(a) CROSS JOIN UNNEST(sequence(1, 10000)) y(b)');
    await db2.close();
    await expect(q.rows()).rejects.toMatchObject({ code: 'QUERY_CANCELLED' });
    expect(() => db2.query('SELECT 1')).toThrow(AegisError);
    await db2.close();
  });

  it('preflight lists objects with their verdicts; an unknown table is NOT_FOUND naming the warehouse', async () => {
    await db.query("CREATE TABLE pf WITH (format = 'PARQUET') AS SELECT 1 AS x").rows();
    const entries = await db.preflight('default.pf');
    expect(entries.map((e) => [e.mode, e.verdict])).toEqual([['SSE_S3', 'readable']]);
    await expect(db.preflight('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(join(dir, 'wh')) });
  });
});
