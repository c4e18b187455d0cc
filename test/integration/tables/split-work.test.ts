/**
 * Filters and partial aggregation run inside the scan splits (exec/push-split-work.ts) give the
 * answers of the coordinator running them: the same queries over Parquet and CSV objects with
 * NULLs in every column (SSE-KMS and CSE-KMS), BIGINT and DECIMAL values beyond 2^53, a split holding more groups than
 * a partial aggregation keeps (it flushes and the final aggregation merges repeated groups), and
 * errors raised inside a split. Three engines: in the coordinator thread with split work, on two
 * worker threads over small splits with split work, and in the coordinator thread without it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AegisRuntime } from '../../../src/api/open-engine.js';
import { isAegisError } from '../../../src/errors.js';
import { setSplitWork } from '../../../src/exec/push-split-work.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { batchFromRows } from '../../../src/types/batch.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { putWithMode } from '../../../benchmarks/tpch-warehouse.js';
import { compareResults } from '../../util/compare-results.js';
import { canonResult } from './tpch-compare.js';
import { openLocal } from './tpch-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-split-work-'));
const ROWS = 150_000;

const COLUMNS: { name: string; type: SqlType; hive: string }[] = [
  { name: 'id', type: { kind: 'bigint' }, hive: 'bigint' },
  { name: 'g', type: { kind: 'varchar' }, hive: 'string' },
  { name: 'x', type: { kind: 'integer' }, hive: 'int' },
  { name: 'big', type: { kind: 'bigint' }, hive: 'bigint' },
  { name: 'd', type: { kind: 'decimal', precision: 18, scale: 2 }, hive: 'decimal(18,2)' },
  { name: 'f', type: { kind: 'double' }, hive: 'double' },
  { name: 's', type: { kind: 'varchar' }, hive: 'string' },
  { name: 'b', type: { kind: 'boolean' }, hive: 'boolean' },
];

/** Deterministic rows: NULLs at different strides per column, wide values now and then. */
function rows(): Value[][] {
  const out: Value[][] = [];
  for (let i = 0; i < ROWS; i++) {
    const wide = i % 997 === 0;
    out.push([
      BigInt(i),
      i % 7 === 0 ? null : ['north', 'south', 'east', 'west', 'élan'][i % 5]!,
      i % 11 === 0 ? null : (i * 37) % 1000 - 500,
      i % 13 === 0 ? null : wide ? 9_007_199_254_740_993n + BigInt(i) : BigInt((i * 7919) % 100_000),
      i % 17 === 0 ? null : wide ? 9_999_999_999_999_999n - BigInt(i) : BigInt((i * 31) % 200_001 - 100_000),
      i % 19 === 0 ? null : ((i * 13) % 1000) / 8,
      i % 23 === 0 ? null : `s${(i * 101) % 3001}`,
      i % 5 === 0 ? null : i % 3 === 0,
    ]);
  }
  return out;
}

function csvOf(data: Value[][]): Uint8Array {
  const text = data
    .map((r) =>
      r
        .map((v, j) => {
          if (v === null) return '\\N';
          if (COLUMNS[j]!.type.kind === 'decimal') {
            const n = v as bigint;
            const a = n < 0n ? -n : n;
            return `${n < 0n ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
          }
          return String(v);
        })
        .join(','),
    )
    .join('\n');
  return new TextEncoder().encode(`${text}\n`);
}

const engines: { name: string; rt: AegisRuntime; splitWork: boolean }[] = [];

beforeAll(async () => {
  const inProcess = openLocal(dir, 1, { inProcess: true });
  const rt = inProcess;
  await rt.store.createBucket('lake');
  const data = rows();
  const cols = COLUMNS.map(({ name, type }) => ({ name, type }));
  const parquet = writeParquet(cols, [batchFromRows(COLUMNS.map((c) => c.type), data)], { rowGroupSize: 10_000 });
  const cmk = (await rt.kms.createKey({ alias: 'alias/split-work' })).arn;
  const keys = { sseKmsKey: cmk, cseKmsKey: cmk };
  await putWithMode(rt.store, rt.kms, 'lake', 'facts/parquet/part-0.parquet', parquet, 'SSE_KMS', keys);
  // Client-side encrypted: one split, authenticated whole.
  await putWithMode(rt.store, rt.kms, 'lake', 'facts/csv/part-0.csv', csvOf(data), 'CSE_KMS', keys);
  const ddl = COLUMNS.map((c) => `${c.name} ${c.hive}`).join(', ');
  await rt.engine.execute(`CREATE EXTERNAL TABLE facts_parquet (${ddl}) STORED AS PARQUET LOCATION 's3://lake/facts/parquet/'`);
  await rt.engine.execute(`CREATE EXTERNAL TABLE facts_csv (${ddl}) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE LOCATION 's3://lake/facts/csv/'`);
  engines.push({ name: 'coordinator, split work', rt: inProcess, splitWork: true });
  // Small splits: each object is read by several splits on two threads.
  engines.push({ name: 'two workers, small splits, split work', rt: openLocal(dir, 2, { parquetSplitBytes: 256 * 1024, textSplitBytes: 512 * 1024 }), splitWork: true });
  engines.push({ name: 'coordinator, no split work', rt: inProcess, splitWork: false });
}, 120_000);

afterAll(async () => {
  setSplitWork(true);
  await engines[0]?.rt.close();
  await engines[1]?.rt.close();
  rmSync(dir, { recursive: true, force: true });
});

type Outcome = { ok: true; r: Awaited<ReturnType<AegisRuntime['engine']['execute']>> } | { ok: false; code: string };

async function run(e: (typeof engines)[number], sql: string): Promise<Outcome> {
  setSplitWork(e.splitWork);
  try {
    return { ok: true, r: await e.rt.engine.execute(sql) };
  } catch (err) {
    if (!isAegisError(err)) throw err;
    return { ok: false, code: err.code };
  } finally {
    setSplitWork(true);
  }
}

const AGGREGATES = [
  'count(*) AS n',
  'count(d) AS nd',
  'sum(d) AS sd',
  'avg(d) AS ad',
  'sum(x) AS sx',
  'avg(x) AS ax',
  'sum(big) AS sb',
  'sum(f) AS sf',
  'avg(f) AS af',
  'min(s) AS mins',
  'max(s) AS maxs',
  'min(d) AS mind',
  'max(f) AS maxf',
  'count_if(b) AS cb',
  'bool_and(b) AS band',
  'bool_or(x > 400) AS bor',
  'max_by(id, x) AS maxby',
  'min_by(s, d) AS minby',
  'approx_distinct(s) AS ad_s',
  'sum(d * 2 + 1) FILTER (WHERE b) AS sdf',
  'count(*) FILTER (WHERE x < 0) AS nneg',
  'bitwise_xor_agg(x) AS bx',
  'geometric_mean(f + 1) AS gm',
].join(', ');

/** Queries whose aggregation runs in the splits (`splitsAggregated`) or only a filter (`splitsFiltered`). */
const CASES: { name: string; sql: (t: string) => string; pushed: 'splitsAggregated' | 'splitsFiltered' | 'none' }[] = [
  { name: 'every mergeable aggregate, grouped', sql: (t) => `SELECT g, ${AGGREGATES} FROM ${t} GROUP BY g`, pushed: 'splitsAggregated' },
  { name: 'every mergeable aggregate, global, filtered', sql: (t) => `SELECT ${AGGREGATES} FROM ${t} WHERE x BETWEEN -100 AND 300 AND s LIKE 's1%'`, pushed: 'splitsAggregated' },
  { name: 'a global aggregate over no rows', sql: (t) => `SELECT count(*), sum(d), avg(f), max(s), count_if(b) FROM ${t} WHERE id < 0`, pushed: 'splitsAggregated' },
  { name: 'expression keys with more groups than a split keeps', sql: (t) => `SELECT id % 90000 AS k, g IS NULL AS gn, count(*) AS n, sum(d) AS sd, max(s) AS ms FROM ${t} GROUP BY 1, 2`, pushed: 'splitsAggregated' },
  { name: 'a HAVING and ORDER BY above the final aggregation', sql: (t) => `SELECT s, count(*) AS n, sum(x) AS sx FROM ${t} WHERE b GROUP BY s HAVING count(*) > 20 ORDER BY n DESC, s LIMIT 25`, pushed: 'splitsAggregated' },
  { name: 'the session clock inside a split', sql: (t) => `SELECT count(*) FROM ${t} WHERE date_add('day', x, current_date) > current_date`, pushed: 'splitsAggregated' },
  { name: 'a filter alone', sql: (t) => `SELECT id, s, d FROM ${t} WHERE d > 5000 AND s IS NOT NULL AND NOT b`, pushed: 'splitsFiltered' },
  { name: 'a projection over a filter', sql: (t) => `SELECT id * 2 AS id2, upper(s) AS us, d + 1 AS d1 FROM ${t} WHERE x BETWEEN 3 AND 9 OR g = 'élan'`, pushed: 'splitsFiltered' },
  { name: 'a DISTINCT aggregate (its inner GROUP BY runs in the splits)', sql: (t) => `SELECT g, count(DISTINCT s) AS n FROM ${t} GROUP BY g`, pushed: 'splitsAggregated' },
  { name: 'DISTINCT beside another aggregate stays on the coordinator', sql: (t) => `SELECT g, count(DISTINCT s) AS n, sum(x) AS sx FROM ${t} GROUP BY g`, pushed: 'none' },
  { name: 'collecting aggregates stay on the coordinator', sql: (t) => `SELECT g, cardinality(array_agg(id)) AS n FROM ${t} WHERE x > 0 GROUP BY g`, pushed: 'none' },
  { name: 'random() stays on the coordinator', sql: (t) => `SELECT count(*) FROM ${t} WHERE random() >= 0`, pushed: 'none' },
];

describe('split work gives the coordinator’s answers', () => {
  for (const table of ['facts_parquet', 'facts_csv']) {
    for (const c of CASES) {
      it(`${c.name} (${table})`, async () => {
        const sql = c.sql(table);
        const outcomes = [];
        for (const e of engines) outcomes.push({ e, o: await run(e, sql) });
        const base = outcomes.at(-1)!.o;
        if (!base.ok) throw new Error(`${sql}: ${base.code}`);
        expect(base.r.rows.length).toBeGreaterThan(0);
        expect(base.r.stats.splitsAggregated ?? 0).toBe(0);
        expect(base.r.stats.splitsFiltered ?? 0).toBe(0);
        for (const { e, o } of outcomes.slice(0, -1)) {
          if (!o.ok) throw new Error(`${e.name}: ${sql}: ${o.code}`);
          expect(compareResults(canonResult(o.r).rows, canonResult(base.r).rows, /ORDER BY/.test(sql)), `${e.name}: ${sql}`).toBeNull();
          expect(o.r.columns).toEqual(base.r.columns);
          expect(o.r.stats.rowsRead, `${e.name}: rows read`).toBe(base.r.stats.rowsRead);
          if (c.pushed === 'none') {
            expect(o.r.stats.splitsAggregated ?? 0).toBe(0);
            expect(o.r.stats.splitsFiltered ?? 0).toBe(0);
          } else expect(o.r.stats[c.pushed], `${e.name}: ${c.pushed}`).toBeGreaterThan(0);
        }
      }, 120_000);
    }
  }

  it('reads each table in several splits on the pooled engine, a CSE-KMS object decrypted once (precondition)', async () => {
    for (const t of ['facts_parquet', 'facts_csv']) {
      const o = await run(engines[1]!, `SELECT count(*) FROM ${t} WHERE x > 0`);
      const one = await run(engines[2]!, `SELECT count(*) FROM ${t} WHERE x > 0`);
      if (!o.ok || !one.ok) throw new Error(`${t} failed`);
      expect(o.r.stats.splitsAggregated, t).toBeGreaterThan(2);
      expect(o.r.stats.splitsPlanned, t).toBeGreaterThan(2);
      expect(o.r.rows).toEqual(one.r.rows);
      for (const k of ['objectsRead', 'rowsRead'] as const) expect(o.r.stats[k], `${t} ${k}`).toBe(one.r.stats[k]);
      // The shared CSE plaintext: its data key unwrapped once, its bytes scanned once.
      if (t === 'facts_csv') for (const k of ['kmsCalls', 'bytesScanned'] as const) expect(o.r.stats[k], `${t} ${k}`).toBe(one.r.stats[k]);
    }
  });

  it('a tampered CSE-KMS object shared by several splits fails the query before any row', async () => {
    const rt = engines[0]!.rt;
    const key = 'facts/csv/part-0.csv';
    const original = await rt.store.get('lake', key);
    const body = Uint8Array.from(original.body);
    body[body.length >> 1]! ^= 0x01;
    await rt.store.put('lake', key, body, { metadata: original.head.metadata });
    try {
      for (const sql of ['SELECT count(*) FROM facts_csv', 'SELECT id, s FROM facts_csv WHERE x > 0', 'SELECT id FROM facts_csv LIMIT 5']) {
        const o = await run(engines[1]!, sql);
        expect(o.ok ? 'rows' : o.code, sql).toBe('DECRYPTION_FAILED');
      }
    } finally {
      await rt.store.put('lake', key, original.body, { metadata: original.head.metadata });
    }
    const again = await run(engines[1]!, 'SELECT count(*) FROM facts_csv');
    expect(again.ok && again.r.rows).toEqual([[BigInt(ROWS)]]);
  });

  it('an error raised inside a split is the error the coordinator raises', async () => {
    for (const sql of [
      'SELECT count(*) FROM facts_parquet WHERE 100 / (x - x) > 1',
      'SELECT g, sum(big * 500) FROM facts_csv GROUP BY g',
      "SELECT CAST(s AS integer) FROM facts_parquet WHERE g = 'north'",
    ]) {
      const codes = [];
      for (const e of engines) {
        const o = await run(e, sql);
        codes.push(o.ok ? 'ok' : o.code);
      }
      expect(codes[2], sql).not.toBe('ok');
      expect(codes, sql).toEqual([codes[2], codes[2], codes[2]]);
    }
  });

  it('min and max over whole row groups come from the footers where exact; otherwise the rows are decoded', async () => {
    const fromFooter = 'SELECT min(x), max(x), min(d), min(d), min(big), max(big), max(id), min(s), max(s), min(g) FROM facts_parquet';
    const decoded = [
      // Doubles (NaN is left out of statistics), decimals beyond 2^53 (the footer reader rounds
      // their statistics), a filter, a key, another aggregate beside them.
      'SELECT min(f), max(x) FROM facts_parquet',
      'SELECT max(d), max(x) FROM facts_parquet',
      'SELECT min(x), max(d) FROM facts_parquet WHERE b',
      'SELECT g, min(x), max(d) FROM facts_parquet GROUP BY g',
      'SELECT min(x), max(d), count(*) FROM facts_parquet',
    ];
    for (const sql of [fromFooter, ...decoded]) {
      const outcomes = [];
      for (const e of engines) outcomes.push(await run(e, sql));
      const base = outcomes[2]!;
      if (!base.ok) throw new Error(`${sql}: ${base.code}`);
      for (const [i, o] of outcomes.slice(0, 2).entries()) {
        if (!o.ok) throw new Error(`${engines[i]!.name}: ${sql}: ${o.code}`);
        expect(compareResults(canonResult(o.r).rows, canonResult(base.r).rows, false), `${engines[i]!.name}: ${sql}`).toBeNull();
        expect(o.r.stats.rowsRead, `${engines[i]!.name}: ${sql}: rows read`).toBe(base.r.stats.rowsRead);
        // Footers only (each split reads the footer); decoding reads the columns' chunks.
        if (sql === fromFooter) expect(o.r.stats.bytesScanned, `${engines[i]!.name}: ${sql}`).toBeLessThan(base.r.stats.bytesScanned / 3);
        else expect(o.r.stats.bytesScanned, `${engines[i]!.name}: ${sql}`).toBeGreaterThan(base.r.stats.bytesScanned / 2);
      }
    }
    // The answer is the rows' extremes (the values are known from the generator).
    const r = await run(engines[1]!, fromFooter);
    if (!r.ok) throw new Error(r.code);
    const data = rows();
    const col = (j: number): Value[] => data.map((row) => row[j]!).filter((v) => v !== null);
    const ext = (j: number): [Value, Value] => {
      const vs = col(j).sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0));
      return [vs[0]!, vs.at(-1)!];
    };
    const [minX, maxX] = ext(2);
    const [minD, maxD] = ext(4);
    const [minB, maxB] = ext(3);
    const [minS, maxS] = ext(6);
    expect(r.r.rows[0]!.slice(0, 2)).toEqual([minX, maxX]);
    expect(r.r.rows[0]![6]).toBe(BigInt(ROWS - 1));
    expect([r.r.rows[0]![4], r.r.rows[0]![5]]).toEqual([minB, maxB]);
    expect(r.r.rows[0]![7]).toBe(minS);
    expect(r.r.rows[0]![8]).toBe(maxS);
    expect(r.r.rows[0]![9]).toBe('east');
    // DECIMAL values are their unscaled integers.
    expect(r.r.rows[0]![2]).toBe(minD);
    expect(r.r.rows[0]![3]).toBe(minD);
    expect(maxD).toBeGreaterThan(2n ** 53n);
  });

  it('EXPLAIN ANALYZE counts the rows the splits read and their filter kept', async () => {
    for (const e of engines.slice(0, 2)) {
      setSplitWork(true);
      const r = await e.rt.engine.execute('EXPLAIN ANALYZE SELECT g, count(*) FROM facts_parquet WHERE x > 0 GROUP BY g');
      const text = r.rows.map((row) => row.join(' ')).join('\n');
      const kept = await e.rt.engine.execute('SELECT count(*) FROM facts_parquet WHERE x > 0');
      expect(text, e.name).toMatch(new RegExp(`Filter\\[[^\\n]*→ ${kept.rows[0]![0]} rows`));
      expect(text, e.name).toMatch(new RegExp(`Scan\\[[^\\n]*→ ${ROWS} rows`));
    }
  });
});
