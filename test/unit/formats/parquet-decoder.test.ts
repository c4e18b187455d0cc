import { describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import type { PositionalReader, TableColumn } from '../../../src/formats/format.js';
import { type ParquetDecodeRequest, decodeParquet } from '../../../src/formats/parquet/parquet-decoder.js';
import { bytesReader } from '../../../src/formats/parquet/parquet-metadata.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import type { Batch } from '../../../src/types/batch.js';
import { batchFromRows, batchToRows } from '../../../src/types/batch.js';
import { T, type SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const col = (name: string, type: SqlType): TableColumn => ({ name, type });

const FILE_COLS = [
  col('Small', T.integer), col('f', T.real), col('dec', T.decimal(9, 2)), col('s', T.varchar),
  col('ts', { kind: 'timestamp', precision: 6 }), col('tiny', T.tinyint),
];
const FILE_ROWS: Value[][] = [
  [1, 1.5, 12345n, 'hello world', 1_000_000_123_456, 7],
  [null, null, null, null, null, null],
  [-3, -0.25, -1n, 'é', 1_499_999, -8],
];

async function collect(req: ParquetDecodeRequest): Promise<{ batches: Batch[]; rows: Value[][] }> {
  const batches: Batch[] = [];
  for await (const b of decodeParquet(req)) batches.push(b);
  return { batches, rows: batches.flatMap((b) => batchToRows(b)) };
}

function request(columns: TableColumn[], bytes: Uint8Array, extra: Partial<ParquetDecodeRequest> = {}): ParquetDecodeRequest {
  return { uri: 's3://b/t/f.parquet', columns, projection: columns.map((_, i) => i), properties: {}, file: bytesReader(bytes), ...extra };
}

const bytes = writeParquet(FILE_COLS, [batchFromRows(FILE_COLS.map((c) => c.type), FILE_ROWS)]);

describe('Parquet decoder', () => {
  it('coerces file types to wider table types (int32→bigint, real→double, decimal rescale, int→decimal, timestamp precision)', async () => {
    const table = [
      col('small', T.bigint), col('F', T.double), col('dec', T.decimal(12, 4)), col('s', { kind: 'varchar', length: 5 }),
      col('ts', { kind: 'timestamp', precision: 3 }), col('tiny', T.decimal(5, 1)),
    ];
    const { batches, rows } = await collect(request(table, bytes));
    expect(rows).toEqual([
      [1n, 1.5, 1234500n, 'hello', 1_000_000_123_000, 70n],
      [null, null, null, null, null, null],
      [-3n, -0.25, -100n, 'é', 1_500_000, -80n],
    ]);
    // Typed columns for fixed-width types.
    expect(batches[0]!.columns.map((c) => c.kind)).toEqual(['i64', 'f64', 'i64', 'values', 'f64', 'i64']);
  });

  it('pads char(n) and truncates varchar(n) by code points', async () => {
    const { rows } = await collect(request([col('s', { kind: 'char', length: 4 })], bytes));
    expect(rows).toEqual([['hell'], [null], ['é   ']]);
  });

  it('keeps zero-copy typed columns and validity for matching layouts', async () => {
    const { batches } = await collect(request([col('small', T.integer), col('ts', { kind: 'timestamp', precision: 6 })], bytes));
    const c = batches[0]!.columns[0]!;
    expect(c.kind).toBe('i32');
    if (c.kind !== 'i32') throw new Error();
    expect([c.data[0], c.data[2]]).toEqual([1, -3]); // the slot under a NULL is unspecified
    expect(c.valid && Array.from(c.valid)).toEqual([0b101]);
  });

  it('reads missing table columns as NULL and projects in the requested order', async () => {
    const table = [col('nope', T.varchar), col('s', T.varchar), col('small', T.integer)];
    const { rows } = await collect(request(table, bytes, { projection: [2, 0, 1] }));
    expect(rows).toEqual([[1, null, 'hello world'], [null, null, null], [-3, null, 'é']]);
    const counted = await collect(request(table, bytes, { projection: [] }));
    expect(counted.batches.map((b) => b.length)).toEqual([3]);
  });

  it('raises TYPE_MISMATCH naming the column, both types and the object', async () => {
    for (const [name, type] of [['f', T.integer], ['s', T.bigint], ['dec', T.decimal(9, 1)], ['small', T.smallint]] as const) {
      const err = await collect(request([col(name, type)], bytes)).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(AegisError);
      expect((err as AegisError).code).toBe('TYPE_MISMATCH');
      expect((err as AegisError).message).toContain(`'${name}'`);
      expect((err as AegisError).message).toContain('s3://b/t/f.parquet');
    }
  });

  it('raises BAD_DATA for an object that is not Parquet', async () => {
    const err = await collect(request([col('a', T.integer)], new TextEncoder().encode('id,name\n1,x\n'))).then(() => undefined, (e: unknown) => e);
    expect((err as AegisError).code).toBe('BAD_DATA');
    expect((err as AegisError).message).toContain('s3://b/t/f.parquet');
  });

  it('reads only the requested row groups through an asynchronous positional reader', async () => {
    const cols = [col('k', T.bigint)];
    const rows = Array.from({ length: 100 }, (_, i) => [BigInt(i)]);
    const file = writeParquet(cols, [batchFromRows([T.bigint], rows)], { rowGroupSize: 25 });
    const reads: [number, number][] = [];
    const base = bytesReader(file);
    const reader: PositionalReader = {
      byteLength: base.byteLength,
      slice: async (s, e) => {
        reads.push([s, e ?? base.byteLength]);
        return base.slice(s, e);
      },
    };
    const { batches, rows: got } = await collect(request(cols, file, { file: reader, rowGroups: [1, 3] }));
    expect(batches.map((b) => b.length)).toEqual([25, 25]);
    expect(got.map((r) => r[0])).toEqual([...rows.slice(25, 50), ...rows.slice(75)].map((r) => r[0]));
    expect(reads.every(([s, e]) => s >= 0 && e <= file.length)).toBe(true);
  });
});

describe('owned batches', () => {
  it('copies Parquet column views so that transferring one buffer cannot detach another', async () => {
    const { ownedBatch, transferables } = await import('../../../src/formats/owned-batch.js');
    const { batches } = await collect(request([col('small', T.integer), col('ts', { kind: 'timestamp', precision: 6 })], bytes));
    const b = batches[0]!;
    const view = b.columns[0]!;
    if (view.kind !== 'i32') throw new Error();
    expect(view.data.byteLength).toBeLessThan(view.data.buffer.byteLength);
    const owned = ownedBatch(b);
    const buffers = transferables(owned);
    expect(buffers.length).toBeGreaterThanOrEqual(2);
    const { port1 } = new MessageChannel();
    port1.postMessage(owned, buffers);
    port1.close();
    expect(view.data[0]).toBe(1); // the original view is untouched
  });
});

describe('Arrow layouts parquet-wasm returns for files written by Arrow writers', () => {
  it('reads dictionary-encoded and large strings (restored from the ARROW:schema hint)', async () => {
    const { Dictionary, Int32, LargeUtf8, Table: ArrowTable, Utf8, tableToIPC, vectorFromArray } = await import('apache-arrow');
    const { Table: WasmTable, writeParquet: wasmWrite } = await import('parquet-wasm');
    const dict = vectorFromArray(['red', 'green', null, 'red', 'é'], new Dictionary(new Utf8(), new Int32()));
    const large = vectorFromArray(['x', null, 'yy', 'é😀', ''], new LargeUtf8());
    const table = new ArrowTable({ color: dict, big: large });
    const file = wasmWrite(WasmTable.fromIPCStream(tableToIPC(table, 'stream')));
    const cols = [col('COLOR', T.varchar), col('big', T.varchar), col('color', { kind: 'varchar', length: 2 })];
    const { rows } = await collect(request(cols, file, { projection: [0, 1, 2] }));
    expect(rows).toEqual([
      ['red', 'x', 're'],
      ['green', null, 'gr'],
      [null, 'yy', null],
      ['red', 'é😀', 're'],
      ['é', '', 'é'],
    ]);
  });
});

describe('all-NULL file columns', () => {
  it('reads an Arrow Null column as NULL in typed and value columns', async () => {
    const { Null, Table: ArrowTable, tableToIPC, vectorFromArray } = await import('apache-arrow');
    const { Table: WasmTable, writeParquet: wasmWrite } = await import('parquet-wasm');
    const table = new ArrowTable({ n: vectorFromArray([null, null, null], new Null()) });
    const file = wasmWrite(WasmTable.fromIPCStream(tableToIPC(table, 'stream')));
    const cols = [col('n', T.integer), col('N', T.boolean), col('n', T.varchar)];
    const { rows } = await collect(request(cols, file));
    expect(rows).toEqual([[null, null, null], [null, null, null], [null, null, null]]);
  });
});
