/**
 * Shared pieces of the table suites: TPC-H SF 0.01 generated once per test process, DuckDB loaded
 * with the same rows from plaintext Parquet files, engines opened through `openEngine` over a
 * LocalStore warehouse or over Ceph RGW + moto KMS, and the check of one TPC-H query.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openEngine, type AegisRuntime, type OpenEngineOptions } from '../../../src/api/open-engine.js';
import { resolveConfig } from '../../../src/config.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { formatType } from '../../../src/types/sql-type.js';
import { generateTpch, type GeneratedTable } from '../../../datasets/tpch/generate.js';
import { tpchQuery } from '../../../datasets/tpch/queries.js';
import { DuckOracle } from '../../util/duckdb-oracle.js';
import type { Canon } from '../../util/compare-results.js';
import { alignExpected, canonResult, compareAnswer, orderSpecOf, TRINO_DECIMALS, withoutLimit } from './tpch-compare.js';

export const TPCH_SCALE = 0.01;

let generated: Record<string, GeneratedTable> | undefined;

/** The TPC-H tables at {@link TPCH_SCALE} (deterministic; generated once per process). */
export function tpchTables(): Record<string, GeneratedTable> {
  return (generated ??= generateTpch(TPCH_SCALE));
}

/** DuckDB holding the TPC-H plaintext, with each query's answer computed once. */
export class TpchOracle {
  private readonly answers = new Map<string, Promise<Canon[][]>>();

  private constructor(readonly duck: DuckOracle) {}

  /** Writes the tables as plaintext Parquet under `dir` and loads them into DuckDB. */
  static async open(dir: string): Promise<TpchOracle> {
    const duck = await DuckOracle.open();
    for (const [name, t] of Object.entries(tpchTables())) {
      const file = join(dir, `${name}.parquet`);
      writeFileSync(file, writeParquet(t.columns, [t.batch]));
      await duck.run(`CREATE TABLE ${name} AS SELECT * FROM read_parquet('${file}')`);
    }
    return new TpchOracle(duck);
  }

  answer(sql: string): Promise<Canon[][]> {
    let a = this.answers.get(sql);
    if (!a) {
      a = this.duck.query(sql).then((r) => r.rows);
      this.answers.set(sql, a);
    }
    return a;
  }

  close(): void {
    this.duck.close();
  }
}

/** An engine over a LocalStore warehouse in `dir`. */
export function openLocal(dir: string, workers: number, opts: OpenEngineOptions = {}): AegisRuntime {
  const config = resolveConfig({ warehouse: dir, workers: String(workers), region: 'us-east-1', principal: 'analyst' }, { env: {}, cwd: dir });
  return openEngine(config, opts);
}

/** Endpoints of the servers the global test setup started (undefined when it started none). */
export const servers = {
  rgw: process.env.AEGIS_TEST_RGW,
  rgwEu: process.env.AEGIS_TEST_RGW_EU,
  moto: process.env.AEGIS_TEST_MOTO,
};

/**
 * An engine over Ceph RGW (S3Store, path style) with moto as KMS (AwsKms). The SDK's credentials
 * come from the environment, set here before any client (or worker thread) is created: RGW's
 * test user; moto accepts any.
 */
export function openRgw(dir: string, workers: number, endpoint = servers.rgw!, region = 'us-east-1'): AegisRuntime {
  process.env.AWS_ACCESS_KEY_ID = 'AKIATEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'testsecret';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const config = resolveConfig(
    {
      warehouse: dir,
      storage: 's3',
      kms: 'aws',
      's3-endpoint': endpoint,
      'kms-endpoint': servers.moto!,
      's3-path-style': true,
      region,
      workers: String(workers),
      principal: 'analyst',
    },
    { env: {}, cwd: dir },
  );
  return openEngine(config);
}

/**
 * Runs TPC-H query `id` in `database` and asserts it equals DuckDB's answer (see
 * tpch-compare.ts), plus Trino's decimal type where DuckDB answers a double. Returns the result.
 */
export async function expectTpchMatches(rt: AegisRuntime, database: string, id: number, oracle: TpchOracle): Promise<Awaited<ReturnType<AegisRuntime['engine']['execute']>>> {
  const sql = tpchQuery(id);
  const result = await rt.engine.execute(sql, { database });
  const actual = canonResult(result);
  for (const [col, type] of Object.entries(TRINO_DECIMALS[id] ?? {})) {
    const c = result.columns.find((x) => x.name.toLowerCase() === col);
    expect(c && formatType(c.type), `Q${id} ${col}`).toBe(type);
  }
  const types = result.columns.map((c) => c.type);
  const spec = orderSpecOf(sql);
  const expected = alignExpected(await oracle.answer(sql), actual.rows, types);
  expect(expected.length, `Q${id}: DuckDB's answer is empty, the check would prove nothing`).toBeGreaterThan(0);
  const unlimited = spec?.limit !== undefined ? alignExpected(await oracle.answer(withoutLimit(sql)), [], types) : undefined;
  expect(actual.columns.length, `Q${id} column count`).toBe((expected[0] ?? []).length);
  const diff = compareAnswer(actual, expected, spec, unlimited);
  expect(diff, `Q${id} differs from DuckDB`).toBeNull();
  return result;
}
