/**
 * Parquet footers via hyparquet: schema, row groups and column statistics, read with one or two
 * positional reads at the end of the object. Statistics are decoded for pruning: strings stay raw
 * UTF-8 bytes (Parquet orders them bytewise), dates are day numbers, timestamps epoch micros.
 */
import { type FileMetaData, parquetMetadataAsync } from 'hyparquet';
import { AegisError } from '../../errors.js';
import type { PositionalReader } from '../format.js';

export type { FileMetaData } from 'hyparquet';

/** Statistics parsers: keep what pruning compares exactly (see the file comment). */
const STAT_PARSERS = {
  stringFromBytes: (b: Uint8Array): Uint8Array => b,
  jsonFromBytes: (b: Uint8Array): Uint8Array => b,
  dateFromDays: (d: number): number => d,
  timestampFromMilliseconds: (ms: bigint): number => Number(ms) * 1000,
  timestampFromMicroseconds: (us: bigint): number => Number(us),
  timestampFromNanoseconds: (ns: bigint): number => Number(ns) / 1000,
};

/** A positional reader over bytes already in memory (a decrypted object). */
export function bytesReader(bytes: Uint8Array): PositionalReader {
  return {
    byteLength: bytes.byteLength,
    slice: (start, end = bytes.byteLength) => {
      const b = bytes.subarray(start, end);
      // A plaintext shared between threads: the readers want an ArrayBuffer of their own.
      if (b.buffer instanceof SharedArrayBuffer) return b.slice().buffer;
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
  };
}

/** The footer of a Parquet object; BAD_DATA naming the object when it is not valid Parquet. */
export async function readParquetMetadata(uri: string, file: PositionalReader): Promise<FileMetaData> {
  try {
    // 64 KiB from the end holds most footers; a larger one is fetched in a second read.
    return await parquetMetadataAsync(file, { parsers: STAT_PARSERS, geoparquet: false, initialFetchSize: 64 * 1024 });
  } catch (e) {
    // A failed read of the footer (access denied, a store error) is that error, not bad data.
    if (e instanceof AegisError) throw e;
    throw new AegisError('BAD_DATA', `Object ${uri} is not a valid Parquet file: ${(e as Error).message}`, { uri }, { cause: e });
  }
}

/** Rows in each row group, in file order. */
export function rowGroupRows(md: FileMetaData): number[] {
  return md.row_groups.map((g) => Number(g.num_rows));
}
