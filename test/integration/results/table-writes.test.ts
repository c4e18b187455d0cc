/**
 * CREATE TABLE AS, INSERT INTO and UNLOAD write real objects: each format (PARQUET, TEXTFILE,
 * JSON), partitioned and not, round-trips across engine instances on one warehouse (as two
 * processes would); DuckDB reads aegis's Parquet files and gets the same rows; a failing or
 * over-partitioned write leaves no object and registers nothing; CSE_KMS results make a
 * client-side encrypted table. LocalStore + LocalKms.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AegisRuntime } from '../../../src/api/open-engine.js';
import { AegisError } from '../../../src/errors.js';
import { renderResult } from '../../../src/cli/result-format.js';
import { parseS3Uri } from '../../../src/storage/object-store.js';
import { canonAegis } from '../../util/compare-results.js';
import { DuckOracle } from '../../util/duckdb-oracle.js';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';
import { openLocal } from '../tables/tpch-fixture.js';

/** A source with NULLs and the types tables hold: integers, decimal, double, varchar, date, timestamp, boolean, array. */
const SOURCE = `
  SELECT x AS id,
         CAST(x * 1.25 AS decimal(12,2)) AS amount,
         CASE WHEN x % 7 = 0 THEN NULL ELSE x / 3.0E0 END AS ratio,
         CASE WHEN x % 5 = 0 THEN NULL WHEN x % 5 = 1 THEN '' ELSE 'name_' || CAST(x AS varchar) END AS name,
         date_add('day', x, DATE '2024-01-01') AS d,
         CAST(TIMESTAMP '2024-01-01 00:00:00.123' + x * INTERVAL '1' HOUR AS timestamp(3)) AS ts,
         x % 2 = 0 AS even,
         ARRAY[x, x + 1] AS pair,
         CAST(x % 4 AS varchar) AS part
  FROM UNNEST(sequence(1, 60)) t(x)`;
const COLS = 'id, amount, ratio, name, d, ts, even, pair, part';

let dir: string;
let rtA: AegisRuntime;
let rtB: AegisRuntime;

async function csv(rt: AegisRuntime, sql: string): Promise<string> {
  return renderResult((await rt.execute(sql)).result, 'csv');
}

async function failure(p: Promise<unknown>): Promise<AegisError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AegisError);
    return e as AegisError;
  }
  throw new Error('expected the statement to fail');
}

async function keys(rt: AegisRuntime, location: string): Promise<string[]> {
  const { bucket, key } = parseS3Uri(location);
  return (await rt.store.list(bucket, { prefix: key })).objects.map((o) => o.key);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-writes-'));
  rtA = openLocal(dir, 1, { inProcess: true });
  await rtA.store.createBucket('lake', { region: 'us-east-1' });
  rtB = openLocal(dir, 1, { inProcess: true });
});

afterAll(async () => {
  await rtA?.close();
  await rtB?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['PARQUET', "format = 'PARQUET'"],
  ['TEXTFILE', "format = 'TEXTFILE', field_delimiter = '|'"],
  ['JSON', "format = 'JSON'"],
])('%s', (format, props) => {
  for (const partitioned of [false, true]) {
    const name = `${format.toLowerCase()}_${partitioned ? 'parted' : 'flat'}`;
    const location = `s3://lake/${name}/`;
    it(`${partitioned ? 'partitioned' : 'unpartitioned'}: CTAS, read in another engine, INSERT, DESCRIBE`, async () => {
      const with_ = `${props}, external_location = '${location}'${partitioned ? ", partitioned_by = ARRAY['part']" : ''}`;
      const ctas = await rtA.execute(`CREATE TABLE ${name} WITH (${with_}) AS ${SOURCE}`);
      expect(ctas.result.updateCount).toBe(60);
      const files = await keys(rtA, location);
      expect(files.length).toBeGreaterThan(0);
      if (partitioned) expect(new Set(files.map((k) => k.split('/')[1]))).toEqual(new Set(['part=0', 'part=1', 'part=2', 'part=3']));
      // A second engine on the same warehouse sees the table, its partitions and its rows.
      const expected = await csv(rtA, `SELECT ${COLS} FROM (${SOURCE}) ORDER BY id`);
      expect(await csv(rtB, `SELECT ${COLS} FROM ${name} ORDER BY id`)).toBe(expected);
      expect(await csv(rtB, 'SHOW TABLES')).toContain(`"${name}"`);
      const desc = await csv(rtB, `DESCRIBE ${name}`);
      expect(desc).toContain('amount');
      expect(desc).toContain('decimal(12,2)');
      if (partitioned) expect(await csv(rtB, `SHOW PARTITIONS ${name}`)).toBe('"partition"\n"part=0"\n"part=1"\n"part=2"\n"part=3"\n');
      const created = await csv(rtB, `SHOW CREATE TABLE ${name}`);
      expect(created).toContain(location);
      // INSERT from the other engine: new objects, a new partition registered, all rows readable.
      const shifted = `id + 1000 AS id, amount, ratio, name, d, ts, even, pair, CASE WHEN part = '0' THEN 'new' ELSE part END AS part`;
      const ins = await rtB.execute(`INSERT INTO ${name} SELECT ${shifted} FROM ${name}`);
      expect(ins.result.updateCount).toBe(60);
      expect(await csv(rtA, `SELECT count(*), count(DISTINCT id), sum(amount) FROM ${name}`)).toBe(
        await csv(rtA, `SELECT count(*) * 2, count(*) * 2, sum(amount) * 2 FROM (${SOURCE})`),
      );
      expect(await csv(rtA, `SELECT ${COLS} FROM ${name} WHERE id > 1000 ORDER BY id`)).toBe(
        await csv(rtA, `SELECT ${shifted} FROM (${SOURCE}) ORDER BY id`),
      );
      if (partitioned) expect(await csv(rtB, `SHOW PARTITIONS ${name}`)).toContain('"part=new"');
    });
  }

  it('UNLOAD writes files an external table over the location reads back', async () => {
    const location = `s3://lake/unload_${format.toLowerCase()}/`;
    const u = await rtA.execute(`UNLOAD (SELECT id, amount, name, d FROM (${SOURCE})) TO '${location}' WITH (${props.replace("field_delimiter = '|'", "field_delimiter = ','")})`);
    expect(u.result.updateCount).toBe(60);
    expect((await keys(rtA, location)).length).toBeGreaterThan(0);
    const stored = format === 'PARQUET' ? 'STORED AS PARQUET' : format === 'JSON' ? "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'" : "ROW FORMAT DELIMITED FIELDS TERMINATED BY ','";
    await rtA.execute(`CREATE EXTERNAL TABLE unl_${format.toLowerCase()} (id bigint, amount decimal(12,2), name string, d date) ${stored} LOCATION '${location}'`);
    expect(await csv(rtB, `SELECT id, amount, name, d FROM unl_${format.toLowerCase()} ORDER BY id`)).toBe(await csv(rtB, `SELECT id, amount, name, d FROM (${SOURCE}) ORDER BY id`));
    // The target must be empty, as Athena requires.
    expect((await failure(rtA.execute(`UNLOAD (SELECT 1 AS a) TO '${location}'`))).code).toBe('HIVE_PATH_ALREADY_EXISTS');
  });
});

describe('Parquet files aegis writes are ordinary Parquet', () => {
  it('DuckDB reads the plaintext of CTAS objects and returns the same rows', async () => {
    await rtA.execute(`CREATE TABLE duck_check WITH (external_location = 's3://lake/duck_check/', write_compression = 'ZSTD') AS SELECT id, amount, ratio, name, d, ts, even FROM (${SOURCE})`);
    const duck = await DuckOracle.open();
    try {
      const files: string[] = [];
      for (const k of await keys(rtA, 's3://lake/duck_check/')) {
        const f = join(dir, `duck-${files.length}.parquet`);
        writeFileSync(f, (await rtA.store.get('lake', k)).body);
        files.push(`'${f}'`);
      }
      const d = await duck.query(`SELECT id, amount, ratio, name, d, ts, even FROM read_parquet([${files.join(', ')}]) ORDER BY id`);
      const a = (await rtA.execute('SELECT id, amount, ratio, name, d, ts, even FROM duck_check ORDER BY id')).result;
      expect(d.rows.length).toBe(60);
      expect(d.rows).toEqual(a.rows.map((r) => r.map((v, j) => canonAegis(v, a.columns[j]!.type))));
    } finally {
      duck.close();
    }
  });
});

describe('properties, refusals and failures', () => {
  it('refuses unknown properties (listing the valid ones), ORC, bucketing and unsupported compressions', async () => {
    const e = await failure(rtA.execute("CREATE TABLE bad1 WITH (foo = 'bar') AS SELECT 1 AS a"));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/'foo'.*external_location.*partitioned_by/);
    expect((await failure(rtA.execute("CREATE TABLE bad2 WITH (format = 'ORC') AS SELECT 1 AS a"))).code).toBe('NOT_SUPPORTED');
    expect((await failure(rtA.execute("CREATE TABLE bad3 WITH (bucketed_by = ARRAY['a'], bucket_count = 4) AS SELECT 1 AS a"))).code).toBe('NOT_SUPPORTED');
    expect((await failure(rtA.execute("CREATE TABLE bad4 WITH (format = 'TEXTFILE', write_compression = 'SNAPPY') AS SELECT 1 AS a"))).code).toBe('NOT_SUPPORTED');
    expect((await failure(rtA.execute("CREATE TABLE bad5 WITH (partitioned_by = ARRAY['a']) AS SELECT 1 AS a, 2 AS b"))).message).toMatch(/last columns/);
    expect(await csv(rtA, "SHOW TABLES LIKE 'bad*'")).toBe('"tab_name"\n');
  });

  it('a statement failing after files were written removes them and registers nothing', async () => {
    // 200,000 rows fill the first file before the division by zero at x = 300,000.
    const e = await failure(rtA.execute("CREATE TABLE boom WITH (external_location = 's3://lake/boom/') AS SELECT x, 1 / (x - 300000) AS y FROM (SELECT (i - 1) * 400 + j AS x FROM UNNEST(sequence(1, 1000)) a(i) CROSS JOIN UNNEST(sequence(1, 400)) b(j))"));
    expect(e.code).toBe('DIVISION_BY_ZERO');
    expect(await keys(rtA, 's3://lake/boom/')).toEqual([]);
    expect(await csv(rtB, "SHOW TABLES LIKE 'boom'")).toBe('"tab_name"\n');
    const hist = rtA.catalog.getExecution(e.details.queryId as string)!;
    expect(hist.state).toBe('FAILED');
    expect(hist.errorCode).toBe('DIVISION_BY_ZERO');
  });

  it('more than 100 partitions is refused and leaves nothing', async () => {
    const e = await failure(rtA.execute("CREATE TABLE many WITH (external_location = 's3://lake/many/', partitioned_by = ARRAY['p']) AS SELECT x, x AS p FROM UNNEST(sequence(1, 101)) t(x)"));
    expect(e.message).toMatch(/HIVE_TOO_MANY_OPEN_PARTITIONS/);
    expect(await keys(rtA, 's3://lake/many/')).toEqual([]);
    expect(await csv(rtA, "SHOW TABLES LIKE 'many'")).toBe('"tab_name"\n');
  });

  it('WITH NO DATA creates the table only; the default location is <OutputLocation>tables/<id>/', async () => {
    const x = await rtA.execute('CREATE TABLE empty_one AS SELECT 1 AS a, CAST(NULL AS varchar) AS b WITH NO DATA');
    expect(await csv(rtB, 'SELECT count(*) FROM empty_one')).toBe('"_col0"\n"0"\n');
    const created = await csv(rtB, 'SHOW CREATE TABLE empty_one');
    expect(created).toContain(`s3://aegis-results-us-east-1/tables/${x.queryId}/`);
  });

  it('CSE_KMS results make a client-side encrypted table; INSERT into it needs CSE_KMS too', async () => {
    const key = (await rtA.kms.createKey({})).arn;
    const cse = { EncryptionConfiguration: { EncryptionOption: 'CSE_KMS' as const, KmsKey: key } };
    await rtA.execute("CREATE TABLE secret WITH (external_location = 's3://lake/secret/') AS SELECT x, 'v' || CAST(x AS varchar) AS v FROM UNNEST(sequence(1, 20)) t(x)", { resultConfiguration: cse });
    const [k] = await keys(rtA, 's3://lake/secret/');
    const head = await rtA.store.head('lake', k!);
    expect(head.metadata['x-amz-wrap-alg']).toBe('kms+context');
    expect(head.metadata['x-amz-key-v2']).toBeTruthy();
    expect(Buffer.from((await rtA.store.get('lake', k!)).body).includes(Buffer.from('PAR1'))).toBe(false);
    expect(await csv(rtB, 'SELECT count(*), max(v) FROM secret')).toBe('"_col0","_col1"\n"20","v9"\n');
    expect(await csv(rtB, "SHOW TBLPROPERTIES secret('has_encrypted_data')")).toContain('true');
    const refused = await failure(rtB.execute('INSERT INTO secret VALUES (21, \'v21\')', { resultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } } }));
    expect(refused.message).toMatch(/has_encrypted_data/);
    await rtB.execute("INSERT INTO secret VALUES (21, 'v21')", { resultConfiguration: cse });
    expect(await csv(rtA, 'SELECT count(*) FROM secret')).toBe('"_col0"\n"21"\n');
  });

  it('a table created by the CLI is there for the next CLI process', () => {
    buildCli();
    const w = ['--warehouse', join(dir, 'cli-wh')];
    expect(aegis(['bucket', 'create', 's3://cli-lake', ...w]).code).toBe(0);
    const c = aegis(['query', "CREATE TABLE t WITH (format = 'JSON', external_location = 's3://cli-lake/t/') AS SELECT 1 AS a, 'x' AS b", ...w]);
    expect(c.code, c.stderr).toBe(0);
    const r = aegis(['query', 'SELECT a, b FROM t', '--format', 'csv', ...w]);
    expect(r.stdout).toBe('"a","b"\n"1","x"\n');
  });
});

describe('crashes', () => {
  it('kill -9 during a CTAS leaves no table, and the next open removes the files it had written', async () => {
    buildCli();
    const wh = join(dir, 'kill-wh');
    const w = ['--warehouse', wh];
    expect(aegis(['bucket', 'create', 's3://kill-lake', ...w]).code).toBe(0);
    // 2,000,000 rows over 4 partitions: files appear as each partition fills, long before the end.
    const sql =
      "CREATE TABLE big WITH (external_location = 's3://kill-lake/big/', partitioned_by = ARRAY['p']) AS " +
      'SELECT x, x * 2 AS y, x % 4 AS p FROM (SELECT (i - 1) * 1000 + j AS x FROM UNNEST(sequence(1, 2000)) a(i) CROSS JOIN UNNEST(sequence(1, 1000)) b(j))';
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/aegis.js'), 'query', sql, ...w, '--workers', '1'], { stdio: 'ignore' });
    const rt = openLocal(wh, 1, { inProcess: true });
    try {
      let written: string[] = [];
      for (let i = 0; i < 600 && written.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        written = await keys(rt, 's3://kill-lake/big/');
      }
      expect(written.length, 'the CTAS wrote files before it was killed').toBeGreaterThan(0);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    } finally {
      await rt.close();
    }
    const after = openLocal(wh, 1, { inProcess: true });
    try {
      await after.execute('SELECT 1'); // waits for the sweep of abandoned writes
      expect(await keys(after, 's3://kill-lake/big/')).toEqual([]);
      expect(await csv(after, "SHOW TABLES LIKE 'big'")).toBe('"tab_name"\n');
      const ctas = after.catalog.listExecutions({ limit: 10 }).find((e) => e.query.startsWith('CREATE TABLE big'))!;
      expect(ctas.state).toBe('FAILED');
      expect(after.catalog.abandonedWrites()).toEqual([]);
    } finally {
      await after.close();
    }
  }, 120_000);
});
