/**
 * Builds the sample warehouse the demo tours: TPC-H-like tables (SF 0.01) and a partitioned sales
 * table in Parquet, CSV and JSON, stored under every readable encryption mode (SSE-S3, SSE-KMS,
 * CSE-KMS, and mixes within one table), plus a few deliberately unreadable tables (an SSE-C
 * object, a CSE object wrapped with a client-side master key, a bucket in another region).
 * Tables are registered with ordinary Athena DDL through the engine.
 */
import { randomBytes, createCipheriv } from 'node:crypto';
import { putSealed } from '../src/crypto/index.js';
import type { TableColumn } from '../src/formats/format.js';
import { writeJsonLines } from '../src/formats/json/json-writer.js';
import { writeParquet } from '../src/formats/parquet/parquet-writer.js';
import { writeCsv } from '../src/formats/text/text-writer.js';
import type { Kms } from '../src/kms/kms.js';
import { isAegisError } from '../src/errors.js';
import type { ObjectStore, SseRequest } from '../src/storage/object-store.js';
import type { Batch } from '../src/types/batch.js';
import { formatType } from '../src/types/sql-type.js';
import { generateSales, SALES_COLUMNS } from './events/generate.js';
import { generateTpch, TPCH_TABLES } from './tpch/generate.js';

export const DEMO_BUCKET = 'aegis-demo';
export const DEMO_EU_BUCKET = 'aegis-demo-eu';
export const DEMO_KEY_ALIAS = 'alias/aegis-demo';

export type Mode = 'SSE_S3' | 'SSE_KMS' | 'CSE_KMS';

export interface DemoDeps {
  store: ObjectStore;
  /** A store handle in the second region (eu-west-1), to write the cross-region bucket. */
  euStore: ObjectStore;
  kms: Kms;
  /** Creates the demo's customer managed key, returning its ARN. */
  createKey: () => Promise<string>;
  /** Runs one SQL statement (DDL) in the engine. */
  sql: (statement: string) => Promise<unknown>;
  /** TPC-H scale factor (default 0.01). */
  scale?: number;
}

/** Which encryption each TPC-H table's objects get: every readable mode is represented. */
export const TPCH_MODES: Record<string, Mode> = {
  region: 'SSE_S3',
  nation: 'SSE_S3',
  supplier: 'SSE_KMS',
  part: 'SSE_KMS',
  partsupp: 'CSE_KMS',
  customer: 'SSE_S3',
  orders: 'SSE_KMS',
  lineitem: 'CSE_KMS',
};

const HIVE_TYPES: Record<string, string> = { integer: 'int', varchar: 'string', date: 'date' };
function hiveType(c: TableColumn): string {
  return HIVE_TYPES[c.type.kind] ?? formatType(c.type);
}

async function putObject(d: DemoDeps, cmk: string, key: string, body: Uint8Array, mode: Mode): Promise<void> {
  if (mode === 'CSE_KMS') {
    await putSealed(d.store, d.kms, DEMO_BUCKET, key, body, cmk);
    return;
  }
  const sse: SseRequest = mode === 'SSE_S3' ? { mode: 'SSE_S3' } : { mode: 'SSE_KMS', kmsKeyId: cmk };
  await d.store.put(DEMO_BUCKET, key, body, { sse });
}

function tblProps(mode: Mode, extra: Record<string, string> = {}): string {
  const props: Record<string, string> = { ...extra };
  if (mode === 'CSE_KMS') props.has_encrypted_data = 'true';
  const entries = Object.entries(props);
  return entries.length ? ` TBLPROPERTIES (${entries.map(([k, v]) => `'${k}'='${v}'`).join(', ')})` : '';
}

/**
 * An S3 Encryption Client object whose data key is wrapped with a client-side AES master key
 * (`AESWrap`) — what Athena cannot read and aegis refuses.
 */
function clientKeyObject(plaintext: Uint8Array): { body: Uint8Array; metadata: Record<string, string> } {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dataKey, iv);
  const body = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
  const wrapped = randomBytes(40); // stands for the AESWrap output; the master key stays with its owner
  dataKey.fill(0);
  return {
    body,
    metadata: {
      'x-amz-key-v2': wrapped.toString('base64'),
      'x-amz-iv': iv.toString('base64'),
      'x-amz-cek-alg': 'AES/GCM/NoPadding',
      'x-amz-wrap-alg': 'AESWrap',
      'x-amz-matdesc': '{}',
      'x-amz-tag-len': '128',
    },
  };
}

/** Writes every object and registers every table. Idempotence is the caller's concern. */
/** The table created last: its presence means a build finished (a killed one is redone). */
export const DEMO_LAST_TABLE = { database: 'refused', name: 'eu_sales' } as const;

/** Creates a bucket unless it exists (a rebuild, or a build killed half-way, finds them). */
async function ensureBucket(store: ObjectStore, bucket: string, region: string): Promise<void> {
  try {
    await store.createBucket(bucket, { region });
  } catch (e) {
    if (!isAegisError(e, 'ALREADY_EXISTS')) throw e;
  }
}

/**
 * Builds (or rebuilds over whatever is there) the demo warehouse. Idempotent: objects are
 * overwritten, tables dropped and created again, so a build killed at any point is repaired by
 * running it again.
 */
export async function buildDemoWarehouse(d: DemoDeps): Promise<void> {
  await ensureBucket(d.store, DEMO_BUCKET, 'us-east-1');
  await ensureBucket(d.euStore, DEMO_EU_BUCKET, 'eu-west-1');
  const cmk = await d.createKey();
  const table = async (name: string, ddl: string): Promise<void> => {
    await d.sql(`DROP TABLE IF EXISTS ${name}`);
    await d.sql(ddl);
  };

  // TPC-H in Parquet, one encryption mode per table.
  await d.sql('CREATE DATABASE IF NOT EXISTS tpch');
  const tpch = generateTpch(d.scale ?? 0.01);
  for (const name of TPCH_TABLES) {
    const t = tpch[name]!;
    const mode = TPCH_MODES[name]!;
    await putObject(d, cmk, `tpch/${name}/part-00000.parquet`, writeParquet(t.columns, [t.batch], { compression: 'SNAPPY' }), mode);
    const cols = t.columns.map((c) => `${c.name} ${hiveType(c)}`).join(', ');
    await table(`tpch.${name}`, `CREATE EXTERNAL TABLE tpch.${name} (${cols}) STORED AS PARQUET LOCATION 's3://${DEMO_BUCKET}/tpch/${name}/'${tblProps(mode)}`);
  }

  // Sales, partitioned by day, each day under a different mode, in three formats.
  await d.sql('CREATE DATABASE IF NOT EXISTS sales');
  const days = generateSales();
  const modes: Mode[] = ['SSE_S3', 'SSE_KMS', 'CSE_KMS'];
  const salesCols: TableColumn[] = SALES_COLUMNS.map(({ name, type }) => ({ name, type }));
  const colDdl = SALES_COLUMNS.map((c) => `${c.name} ${c.hiveType}`).join(', ');
  const formats: { table: string; ext: string; write: (b: Batch) => Uint8Array; ddl: string }[] = [
    { table: 'sales_parquet', ext: 'parquet', write: (b) => writeParquet(salesCols, [b]), ddl: 'STORED AS PARQUET' },
    {
      table: 'sales_csv',
      ext: 'csv',
      write: (b) => writeCsv(salesCols, [b], { properties: { 'field.delim': ',', 'collection.delim': '|' } }),
      ddl: "ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' COLLECTION ITEMS TERMINATED BY '|' STORED AS TEXTFILE",
    },
    {
      table: 'sales_json',
      ext: 'json',
      write: (b) => writeJsonLines(salesCols, [b]),
      ddl: "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' STORED AS TEXTFILE",
    },
  ];
  for (const f of formats) {
    for (let i = 0; i < days.length; i++) {
      const p = days[i]!;
      await putObject(d, cmk, `sales/${f.ext}/dt=${p.dt}/part-00000.${f.ext}`, f.write(p.batch), modes[i % modes.length]!);
    }
    await table(
      `sales.${f.table}`,
      `CREATE EXTERNAL TABLE sales.${f.table} (${colDdl}) PARTITIONED BY (dt string) ${f.ddl} ` +
        // Partitions mix SSE-S3, SSE-KMS and CSE-KMS, so the table does not claim
        // has_encrypted_data (which requires every object to be CSE-KMS).
        `LOCATION 's3://${DEMO_BUCKET}/sales/${f.ext}/'`,
    );
    await d.sql(`MSCK REPAIR TABLE sales.${f.table}`);
  }

  // Deliberately unreadable tables: each holds readable objects and one that aegis must refuse.
  await d.sql('CREATE DATABASE IF NOT EXISTS refused');
  const sample = days[0]!.batch;
  const parquet = writeParquet(salesCols, [sample]);
  await d.store.put(DEMO_BUCKET, 'refused/sse_c/ok.parquet', parquet, { sse: { mode: 'SSE_S3' } });
  await d.store.put(DEMO_BUCKET, 'refused/sse_c/customer-key.parquet', parquet, { sse: { mode: 'SSE_C', customerKey: randomBytes(32) } });
  await d.store.put(DEMO_BUCKET, 'refused/cse_c/ok.parquet', parquet, { sse: { mode: 'SSE_KMS', kmsKeyId: cmk } });
  const cse = clientKeyObject(parquet);
  await d.store.put(DEMO_BUCKET, 'refused/cse_c/client-key.parquet', cse.body, { metadata: cse.metadata });
  await d.euStore.put(DEMO_EU_BUCKET, 'sales/part-00000.parquet', parquet, { sse: { mode: 'SSE_S3' } });
  for (const [name, location] of [
    ['sse_c_sales', `s3://${DEMO_BUCKET}/refused/sse_c/`],
    ['cse_c_sales', `s3://${DEMO_BUCKET}/refused/cse_c/`],
    ['eu_sales', `s3://${DEMO_EU_BUCKET}/sales/`],
  ] as const) {
    await table(`refused.${name}`, `CREATE EXTERNAL TABLE refused.${name} (${colDdl}) STORED AS PARQUET LOCATION '${location}'`);
  }
}
