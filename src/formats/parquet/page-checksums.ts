/**
 * Page CRC verification. A Parquet page header may carry `crc`: the CRC-32 (IEEE) of the page's
 * bytes as stored (after compression). parquet-wasm does not check it, so before decoding a chunk
 * of row groups the decoder walks the page headers of the column chunks it will read (with
 * hyparquet's header parser, plain JavaScript) and compares each recorded CRC. Pages without a
 * CRC (most writers omit it) are not checked; a header that does not parse is BAD_DATA too.
 */
import { crc32 } from 'node:zlib';
import { parquetHeader } from 'hyparquet/src/column.js';
import { AegisError } from '../../errors.js';
import type { FileMetaData } from './parquet-metadata.js';

/** An object's bytes, or the parts of it fetched so far (whatever a chunk's range needs). */
export interface ChunkBytes {
  readonly byteLength: number;
  subarray(start: number, end: number): Uint8Array;
}

/**
 * Byte ranges of an object fetched by range reads: `subarray` serves any range inside one of
 * them (the column chunks a split decodes), and fails for bytes never fetched.
 */
export class FetchedRanges implements ChunkBytes {
  constructor(
    readonly byteLength: number,
    private readonly ranges: readonly { start: number; bytes: Uint8Array }[],
  ) {}

  subarray(start: number, end: number): Uint8Array {
    const r = this.ranges.find((x) => x.start <= start && end <= x.start + x.bytes.byteLength);
    if (!r) throw new Error(`bytes [${start}, ${end}) were not fetched`);
    return r.bytes.subarray(start - r.start, end - r.start);
  }
}

function bad(uri: string, column: string, what: string, cause?: unknown): AegisError {
  return new AegisError('BAD_DATA', `Parquet object ${uri} (column ${column}) is corrupt: ${what}`, { uri, columnName: column }, cause === undefined ? undefined : { cause });
}

/**
 * Checks the recorded page CRCs of the column chunks of `rowGroups` whose top-level column is in
 * `columns` (all when omitted).
 * @returns how many pages carried a CRC (all matched).
 * @throws AegisError BAD_DATA naming the object and column.
 */
export function verifyPageChecksums(uri: string, bytes: ChunkBytes, md: FileMetaData, rowGroups: readonly number[], columns?: readonly string[]): number {
  const wanted = columns ? new Set(columns) : undefined;
  let checked = 0;
  for (const g of rowGroups) {
    for (const cc of md.row_groups[g]?.columns ?? []) {
      const meta = cc.meta_data;
      if (!meta) continue;
      const column = meta.path_in_schema.join('.');
      if (wanted && !wanted.has(meta.path_in_schema[0] ?? '')) continue;
      // A dictionary page comes first when there is one (some writers record offset 0 for none).
      const dict = meta.dictionary_page_offset !== undefined ? Number(meta.dictionary_page_offset) : undefined;
      const start = dict !== undefined && dict > 0 && dict < Number(meta.data_page_offset) ? dict : Number(meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      if (!(start >= 0 && end <= bytes.byteLength && start <= end)) throw bad(uri, column, `its column chunk [${start}, ${end}) lies outside the ${bytes.byteLength}-byte object`);
      // Offsets below are relative to the chunk's own bytes.
      const chunk = bytes.subarray(start, end);
      const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const reader = { view, offset: 0 };
      while (reader.offset < chunk.byteLength) {
        let header;
        try {
          header = parquetHeader(reader);
        } catch (e) {
          throw bad(uri, column, `unreadable page header at byte ${reader.offset}`, e);
        }
        const size = header.compressed_page_size;
        const from = reader.offset;
        if (!(Number.isInteger(size) && size >= 0 && from + size <= chunk.byteLength)) throw bad(uri, column, `a page at byte ${start + from} claims ${size} bytes past its column chunk`);
        if (header.crc !== undefined) {
          const actual = crc32(chunk.subarray(from, from + size)) | 0;
          if (actual !== (header.crc | 0)) throw bad(uri, column, `page CRC mismatch at byte ${start + from} (recorded ${header.crc >>> 0}, computed ${actual >>> 0})`);
          checked++;
        }
        reader.offset = from + size;
      }
    }
  }
  return checked;
}
