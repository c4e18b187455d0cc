/**
 * The one entry point scans call: decode an object of a given format into batches of the
 * projected columns. Text formats take the object's plaintext bytes (and an optional split
 * range); Parquet takes a positional reader (or bytes) and the row groups left after pruning.
 */
import { AegisError } from '../errors.js';
import type { Batch } from '../types/batch.js';
import type { DecodeRequest, FormatKind, PositionalReader, ByteRange } from './format.js';
import { decodeJsonLines } from './json/json-decoder.js';
import { decodeParquet } from './parquet/parquet-decoder.js';
import { bytesReader } from './parquet/parquet-metadata.js';
import { decodeLazySimple } from './text/lazy-simple-decoder.js';
import { compressionOf } from './text/decompress.js';
import { decodeOpenCsv } from './text/open-csv-decoder.js';

export interface ObjectDecodeRequest extends DecodeRequest {
  readonly format: FormatKind;
  /** The object's plaintext (required for text formats; Parquet may use `file` instead). */
  readonly bytes?: Uint8Array;
  /** Positional reads over the plaintext (Parquet). */
  readonly file?: PositionalReader;
  /** Text formats: the split's byte range. */
  readonly range?: ByteRange;
  /** Parquet: row groups to read. */
  readonly rowGroups?: readonly number[];
}

/**
 * May the coordinator cut this object into byte-range splits? Uncompressed text objects: yes
 * (see text/split-range.ts; OpenCSV fields with embedded line breaks need a whole-object read,
 * as Athena documents). Compressed text: no. Parquet splits by row group, not by byte range.
 * Throws NOT_SUPPORTED for compression codecs aegis cannot read.
 */
export function byteRangeSplittable(format: FormatKind, uri: string): boolean {
  if (format === 'parquet') return false;
  return compressionOf(uri) === 'none';
}

/** Batches of the projected columns of one object (or split), in file order. */
export async function* decodeObject(req: ObjectDecodeRequest): AsyncGenerator<Batch> {
  if (req.format === 'parquet') {
    const file = req.file ?? (req.bytes ? bytesReader(req.bytes) : undefined);
    if (!file) throw new AegisError('INVALID_ARGUMENT', `No bytes or reader given for ${req.uri}`, { uri: req.uri });
    yield* decodeParquet({ ...req, file });
    return;
  }
  const bytes = req.bytes;
  if (!bytes) throw new AegisError('INVALID_ARGUMENT', `No bytes given for ${req.uri}`, { uri: req.uri });
  const textReq = { ...req, bytes };
  switch (req.format) {
    case 'lazy-simple':
      yield* decodeLazySimple(textReq);
      return;
    case 'open-csv':
      yield* decodeOpenCsv(textReq);
      return;
    case 'hive-json':
    case 'openx-json':
      yield* decodeJsonLines(textReq, req.format);
      return;
    default:
      throw new AegisError('NOT_SUPPORTED', `Unknown format ${String(req.format)}`, { uri: req.uri });
  }
}
