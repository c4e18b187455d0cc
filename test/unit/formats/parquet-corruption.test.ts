/**
 * A corrupt Parquet object never crashes aegis: every decoder failure — a WebAssembly trap in
 * parquet-wasm included — is BAD_DATA naming the object, and the decoder keeps working after it
 * (the trapped instance is replaced). Page CRCs are verified where the writer recorded them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import { verifyPageChecksums } from '../../../src/formats/parquet/page-checksums.js';
import { decodeParquet } from '../../../src/formats/parquet/parquet-decoder.js';
import { bytesReader, readParquetMetadata } from '../../../src/formats/parquet/parquet-metadata.js';
import { writeParquet } from '../../../src/formats/parquet/parquet-writer.js';
import { wasmReloads } from '../../../src/formats/parquet/wasm-module.js';
import { batchFromRows, batchToRows } from '../../../src/types/batch.js';
import { T } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';
import { prng } from './prng.js';

/** Mutated objects per run; AEGIS_FUZZ_CASES=N runs more. */
const CASES = Number(process.env.AEGIS_FUZZ_CASES ?? 3000);

const COLS = [
  { name: 'id', type: T.integer },
  { name: 'name', type: T.varchar },
  { name: 'amount', type: T.double },
];
const ROWS: Value[][] = Array.from({ length: 400 }, (_, i) => [i, `name_${i}`, i * 1.5]);
const URI = 's3://b/corrupt.parquet';

async function decode(bytes: Uint8Array): Promise<Value[][]> {
  const rows: Value[][] = [];
  for await (const b of decodeParquet({ uri: URI, columns: COLS, projection: [0, 1, 2], properties: {}, file: bytesReader(bytes) })) rows.push(...batchToRows(b));
  return rows;
}

describe('corrupt Parquet objects', () => {
  it(`${CASES} mutations: rows or BAD_DATA naming the object; the decoder survives traps`, async () => {
    const files = [
      writeParquet(COLS, [batchFromRows(COLS.map((c) => c.type), ROWS)], { rowGroupSize: 100 }),
      writeParquet(COLS, [batchFromRows(COLS.map((c) => c.type), ROWS)], { compression: 'NONE' }),
      writeParquet(COLS, [batchFromRows(COLS.map((c) => c.type), ROWS)], { compression: 'ZSTD', rowGroupSize: 150 }),
    ];
    const rnd = prng(20261207);
    const outcomes = { rows: 0, badData: 0 };
    const reloadsBefore = wasmReloads();
    for (let t = 0; t < CASES; t++) {
      const file = files[t % files.length]!;
      let b = Uint8Array.from(file);
      switch (rnd.int(5)) {
        case 0:
          b[rnd.int(b.length)]! ^= 1 << rnd.int(8);
          break;
        case 1:
          for (let j = 0; j < 6; j++) b[rnd.int(b.length)] = rnd.int(256);
          break;
        case 2:
          b = b.subarray(0, rnd.int(b.length));
          break;
        case 3: {
          const i = rnd.int(b.length - 4);
          b.set([0xff, 0xff, 0xff, 0x7f], i);
          break;
        }
        default: {
          // Overwrite a run inside the page data (keeps the footer intact).
          const i = 4 + rnd.int(Math.max(1, b.length - 400));
          for (let j = 0; j < 16; j++) b[i + j] = rnd.int(256);
        }
      }
      try {
        const rows = await decode(b);
        expect(Array.isArray(rows)).toBe(true);
        outcomes.rows++;
      } catch (e) {
        expect(e, String(e)).toBeInstanceOf(AegisError);
        expect((e as AegisError).code, (e as AegisError).message).toBe('BAD_DATA');
        expect((e as AegisError).message).toContain(URI);
        expect((e as AegisError).message.length).toBeLessThan(600);
        outcomes.badData++;
      }
    }
    expect(outcomes.badData).toBeGreaterThan(100);
    // The mutations reached parquet-wasm's panics, and decoding carried on after each.
    expect(wasmReloads()).toBeGreaterThan(reloadsBefore);
    expect(await decode(files[0]!)).toEqual(ROWS);
  });

  it('names the column when one column chunk is corrupt', async () => {
    const file = writeParquet(COLS, [batchFromRows(COLS.map((c) => c.type), ROWS)], { compression: 'NONE' });
    const md = await readParquetMetadata(URI, bytesReader(file));
    const amount = md.row_groups[0]!.columns.find((c) => c.meta_data?.path_in_schema[0] === 'amount')!.meta_data!;
    const b = Uint8Array.from(file);
    // Garble the page header of column `amount`: its data cannot be located at all.
    b.fill(0xff, Number(amount.data_page_offset), Number(amount.data_page_offset) + 12);
    const e = await decode(b).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(AegisError);
    expect((e as AegisError).code).toBe('BAD_DATA');
    expect((e as AegisError).message).toContain(URI);
    expect((e as AegisError).details.columnName).toBe('amount');
  });

  it('checks every recorded page CRC (pyarrow writes them; parquet-wasm does not)', async () => {
    const dir = join(import.meta.dirname, '../../fixtures/formats');
    const good = new Uint8Array(readFileSync(join(dir, 'pyarrow-page-crc.parquet')));
    const md = await readParquetMetadata(URI, bytesReader(good));
    expect(verifyPageChecksums(URI, good, md, md.row_groups.map((_, i) => i))).toBeGreaterThanOrEqual(9);
    const ours = writeParquet(COLS, [batchFromRows(COLS.map((c) => c.type), ROWS)]);
    const omd = await readParquetMetadata(URI, bytesReader(ours));
    expect(verifyPageChecksums(URI, ours, omd, [0])).toBe(0);
    const flipped = new Uint8Array(readFileSync(join(dir, 'pyarrow-page-crc-flipped.parquet')));
    expect(() => verifyPageChecksums(URI, flipped, md, [0, 1, 2])).toThrow(/page CRC mismatch/);
    // Only the row groups and columns being read are checked: the flip is in row group 1.
    expect(verifyPageChecksums(URI, flipped, md, [0, 2])).toBeGreaterThan(0);
    expect(verifyPageChecksums(URI, flipped, md, [1], ['id', 'name'])).toBeGreaterThan(0);
  });
});
