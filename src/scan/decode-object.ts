/** Dispatches an object's plaintext to the decoder of its table format. */
import { AegisError } from '../errors.js';
import { decodeParquet } from '../formats/parquet/parquet-decoder.js';
import { bytesReader, readParquetMetadata, type FileMetaData } from '../formats/parquet/parquet-metadata.js';
import { pruneRowGroups } from '../formats/parquet/row-group-pruning.js';
import { decodeLazySimple } from '../formats/text/lazy-simple-decoder.js';
import { decodeOpenCsv } from '../formats/text/open-csv-decoder.js';
import { decodeJsonLines } from '../formats/json/json-decoder.js';
import type { Batch } from '../types/batch.js';
import type { PositionalReader } from '../formats/format.js';
import type { ObjectSplit, SplitStats } from './object-split.js';
import type { ColumnPredicate } from '../formats/predicate.js';

/**
 * Decodes an object's plaintext — or, for Parquet, a positional reader that fetches byte ranges
 * on demand (plain and SSE objects), so only the footer and the projected column chunks are read.
 */
/** A Parquet split's row groups, in decoding order, with their row counts. */
export type RowGroupList = readonly { readonly index: number; readonly rows: number }[];

export interface DecodeOptions {
  /** Parquet: decode only these of the split's row groups. */
  readonly rowGroups?: readonly number[];
  /** Parquet: told which row groups are decoded, in order, before the first batch. */
  readonly onRowGroups?: (groups: RowGroupList) => void;
  /**
   * Parquet: rows failing these (a conjunction) may be left out, their columns decoded first;
   * rows left out count as read in `stats.rowsRead`. For a split whose own filter follows.
   */
  readonly rowFilter?: readonly ColumnPredicate[];
}

export async function* decodeObject(split: ObjectSplit, projection: number[], source: Uint8Array | PositionalReader, stats: SplitStats, opts: DecodeOptions = {}): AsyncGenerator<Batch> {
  const base = { uri: split.uri, columns: split.dataColumns, projection, properties: split.properties };
  const whole = source instanceof Uint8Array ? source : undefined;
  if (split.format !== 'parquet' && !whole) throw new AegisError('INTERNAL_ERROR', `${split.uri}: only Parquet objects are read by ranges`);
  const bytes = whole!;
  switch (split.format) {
    case 'parquet': {
      const file = whole ? bytesReader(whole) : (source as PositionalReader);
      const metadata = await readParquetMetadata(split.uri, file);
      let rowGroups = splitRowGroups(split, metadata);
      if (split.predicates && split.predicates.length > 0) {
        // Row groups the statistics prove empty for the pushed filters are never decoded.
        const pruned = pruneRowGroups(metadata, split.predicates);
        const mine = rowGroups ? new Set(rowGroups) : undefined;
        stats.rowGroupsSkipped += mine ? pruned.skipped.filter((g) => mine.has(g)).length : pruned.skipped.length;
        rowGroups = mine ? pruned.kept.filter((g) => mine.has(g)) : pruned.kept;
        if (rowGroups.length === 0) return;
      } else if (rowGroups) {
        rowGroups = rowGroups.filter((g) => Number(metadata.row_groups[g]!.num_rows) > 0);
      }
      if (opts.rowGroups) {
        const only = new Set(opts.rowGroups);
        rowGroups = (rowGroups ?? metadata.row_groups.map((_, i) => i)).filter((g) => only.has(g));
      }
      if (opts.onRowGroups) {
        const list = (rowGroups ?? metadata.row_groups.map((_, i) => i)).map((index) => ({ index, rows: Number(metadata.row_groups[index]!.num_rows) }));
        opts.onRowGroups(list.filter((g) => g.rows > 0));
      }
      if (rowGroups && rowGroups.length === 0) return;
      stats.rowGroupsRead += rowGroups?.length ?? metadata.row_groups.filter((g) => Number(g.num_rows) > 0).length;
      const rowFilter = opts.rowFilter && opts.rowFilter.length > 0 ? { rowFilter: opts.rowFilter, onRowsDropped: (n: number) => (stats.rowsRead += n) } : {};
      yield* decodeParquet({ ...base, file, ...(whole ? { bytes: whole } : {}), metadata, ...(rowGroups ? { rowGroups } : {}), ...rowFilter });
      return;
    }
    case 'lazy-simple':
      yield* decodeLazySimple({ ...base, bytes, ...(split.range ? { range: split.range } : {}) });
      return;
    case 'open-csv':
      yield* decodeOpenCsv({ ...base, bytes, ...(split.range ? { range: split.range } : {}) });
      return;
    case 'hive-json':
    case 'openx-json':
      yield* decodeJsonLines({ ...base, bytes, ...(split.range ? { range: split.range } : {}) }, split.format);
      return;
    default:
      throw new AegisError('NOT_SUPPORTED', `${split.uri}: reading ${split.format} objects is not supported yet`, { uri: split.uri });
  }
}

/** A row-group split's share of the object: the row groups starting in its byte range (undefined: all). */
export function splitRowGroups(split: ObjectSplit, metadata: FileMetaData): number[] | undefined {
  if (!split.rowGroupBytes) return undefined;
  const { start, end } = split.rowGroupBytes;
  return metadata.row_groups.flatMap((g, i) => {
    const first = rowGroupStart(g);
    return first >= start && first < end ? [i] : [];
  });
}

/** Where a row group begins in its object: the offset of its first column chunk's first page. */
function rowGroupStart(g: { columns: { meta_data?: { data_page_offset: bigint | number; dictionary_page_offset?: bigint | number } }[] }): number {
  const m = g.columns[0]?.meta_data;
  if (!m) return 0;
  const data = Number(m.data_page_offset);
  const dict = m.dictionary_page_offset !== undefined ? Number(m.dictionary_page_offset) : undefined;
  return dict !== undefined && dict > 0 && dict < data ? dict : data;
}
