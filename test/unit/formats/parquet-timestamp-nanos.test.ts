import { Field, RecordBatch, Schema, Struct, Table, TimestampNanosecond, makeData, tableToIPC } from 'apache-arrow';
import { Table as WasmTable, WriterPropertiesBuilder, writeParquet as wasmWriteParquet } from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import type { TableColumn } from '../../../src/formats/format.js';
import { decodeParquet } from '../../../src/formats/parquet/parquet-decoder.js';
import { bytesReader } from '../../../src/formats/parquet/parquet-metadata.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { batchFromRows, batchToRows } from '../../../src/types/batch.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const NANOS = [1577836800123456789n, 0n, -1n, 1577836800000000500n];

/** A Parquet file with one nanosecond-unit timestamp column `ts`; the second value is NULL. */
function nanosFile(): Uint8Array {
  const type = new TimestampNanosecond();
  const field = new Field('ts', type, true);
  const schema = new Schema([field]);
  const child = makeData({ type, length: NANOS.length, nullCount: 1, nullBitmap: Uint8Array.of(0b1101), data: BigInt64Array.from(NANOS) });
  const batch = new RecordBatch(schema, makeData({ type: new Struct([field]), length: NANOS.length, nullCount: 0, children: [child] }));
  const wasm = WasmTable.fromIPCStream(tableToIPC(new Table(schema, [batch]), 'stream'));
  return wasmWriteParquet(wasm, new WriterPropertiesBuilder().build());
}

async function read(bytes: Uint8Array, type: SqlType): Promise<{ rows: Value[][]; kinds: string[] }> {
  const columns: TableColumn[] = [{ name: 'ts', type }];
  const rows: Value[][] = [];
  const kinds: string[] = [];
  for await (const b of decodeParquet({ uri: 's3://b/t/f.parquet', columns, projection: [0], properties: {}, file: bytesReader(bytes) })) {
    rows.push(...batchToRows(b));
    kinds.push(b.columns[0]!.kind);
  }
  return { rows, kinds };
}

describe('Parquet timestamps to the nanosecond', () => {
  const bytes = nanosFile();

  it('reads nanosecond values into timestamp(9) as { micros, nanos } values', async () => {
    const { rows, kinds } = await read(bytes, { kind: 'timestamp', precision: 9 });
    expect(rows).toEqual([[{ micros: 1577836800123456, nanos: 789 }], [null], [{ micros: -1, nanos: 999 }], [{ micros: 1577836800000000, nanos: 500 }]]);
    expect(kinds).toEqual(['values']);
  });

  it('rounds nanoseconds half up to lower precisions', async () => {
    expect((await read(bytes, { kind: 'timestamp', precision: 7 })).rows).toEqual([
      [{ micros: 1577836800123456, nanos: 800 }], [null], [{ micros: 0, nanos: 0 }], [{ micros: 1577836800000000, nanos: 500 }],
    ]);
    expect((await read(bytes, { kind: 'timestamp', precision: 6 })).rows).toEqual([[1577836800123457], [null], [0], [1577836800000001]]);
    expect((await read(bytes, { kind: 'timestamp', precision: 3 })).rows).toEqual([[1577836800123000], [null], [0], [1577836800000000]]);
  });

  it('writes timestamp(9) values as microseconds, rounded half up', async () => {
    const cols: TableColumn[] = [{ name: 'ts', type: { kind: 'timestamp', precision: 9 } }];
    const values: Value[][] = [[{ micros: 10, nanos: 500 }], [null], [{ micros: 10, nanos: 499 }]];
    const file = writeParquet(cols, [batchFromRows([cols[0]!.type], values)]);
    expect((await read(file, { kind: 'timestamp', precision: 6 })).rows).toEqual([[11], [null], [10]]);
    expect((await read(file, { kind: 'timestamp', precision: 9 })).rows).toEqual([[{ micros: 11, nanos: 0 }], [null], [{ micros: 10, nanos: 0 }]]);
  });
});
