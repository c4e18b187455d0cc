/**
 * Parquet decoding: parquet-wasm reads the projected columns of the chosen row groups into Arrow
 * record batches, Arrow IPC carries them out of wasm memory, and `columnFromArrow` turns them into
 * aegis columns — batches of at most BATCH_ROWS rows, decoded a chunk of row groups at a time.
 *
 * Hardened against corrupt objects: the footer is parsed by hyparquet (plain JavaScript), page
 * CRCs are checked where the writer recorded them (`page-checksums.ts`), and parquet-wasm is
 * called only through its synchronous API inside `withParquetWasm`, so a decoder failure —
 * WebAssembly traps included — is BAD_DATA naming the object and, when it can be found, the
 * column; never a crash. Row groups are decoded in chunks (bounded rows and bytes), each chunk
 * one call, because every call copies the whole object into wasm memory.
 *
 * Table columns match file columns by name, case-insensitively (Athena/Hive); a table column the
 * file lacks reads as NULL; a file type the table type cannot hold is a TYPE_MISMATCH naming the
 * column, both types and the object.
 */
import { type Field, type RecordBatch, type Schema, type Table, tableFromIPC } from 'apache-arrow';
import { parquetSchema } from 'hyparquet';
import { AegisError } from '../../errors.js';
import type { Batch, Column } from '../../types/batch.js';
import { formatType } from '../../types/sql-type.js';
import type { DecodeRequest, PositionalReader } from '../format.js';
import { columnFromArrow, nullColumn } from './arrow-column.js';
import { canRead, describeFileType, sqlTypeOfArrow } from './arrow-types.js';
import { FetchedRanges, verifyPageChecksums, type ChunkBytes } from './page-checksums.js';
import { type FileMetaData, readParquetMetadata } from './parquet-metadata.js';
import { withParquetWasm } from './wasm-module.js';
import { chunkRange, decodeFlatChunk, pageDecodeError, planFlatColumns, type FlatColumnPlan, type PageView } from './page-decoder.js';
import { allOf, compileRowTest, selectRows, type RowTest } from './row-filter.js';
import type { ColumnPredicate } from '../predicate.js';

/** Input of the Parquet decoder. */
export interface ParquetDecodeRequest extends DecodeRequest {
  readonly file: PositionalReader;
  /** The whole object, when the caller holds it (saves one copy); must equal `file`'s bytes. */
  readonly bytes?: Uint8Array;
  /** The footer, when the caller parsed it already. */
  readonly metadata?: FileMetaData;
  /** Row groups to read (after pruning), ascending; default all. */
  readonly rowGroups?: readonly number[];
  /** false: decode through parquet-wasm even where the page decoder applies (tests compare the two). */
  readonly pageDecoder?: boolean;
  /**
   * Predicates (their conjunction) whose failing rows may be left out: the page decoder tests
   * their columns first and decodes the others only at the rows that pass (row-filter.ts).
   * Inexact: the caller still filters what comes out.
   */
  readonly rowFilter?: readonly ColumnPredicate[];
  /** Told how many rows of the decoded row groups `rowFilter` left out. */
  readonly onRowsDropped?: (rows: number) => void;
  /** The share of a row group's rows the row filter may keep and still have the others gathered (default KEEP_MOST). */
  readonly gatherAtMost?: number;
}

/**
 * A chunk of row groups decoded by one parquet-wasm call stays within these (one group at least):
 * every call copies the whole object into wasm memory, so chunks are large; batches within a
 * chunk hold at most BATCH_ROWS rows.
 */
const CHUNK_ROWS = 256 * 1024;
const CHUNK_BYTES = 64 * 1024 * 1024;
const BATCH_ROWS = 128 * 1024;
/**
 * Filter-first decoding gathers the other columns only when the row filter keeps at most this
 * share of a row group's rows; when it keeps more, the next RETEST_AFTER row groups are decoded
 * whole without testing first.
 */
const KEEP_MOST = 0.5;
const RETEST_AFTER = 7;
/** Column chunks this close to each other are fetched by one range read (1/32 of a smaller object). */
const MERGE_GAP = 1024 * 1024;

function badParquet(uri: string, e: unknown, column?: string): AegisError {
  if (e instanceof AegisError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new AegisError('BAD_DATA', `Cannot read Parquet object ${uri}${column ? ` (column ${column})` : ''}: ${msg.slice(0, 200)}`, { uri, ...(column ? { columnName: column } : {}) }, { cause: e });
}

/** For each projected table column: the file field it reads from, or null when absent. */
function matchColumns(req: ParquetDecodeRequest, schema: Schema): (Field | null)[] {
  const byName = new Map<string, Field>();
  for (const f of schema.fields) if (!byName.has(f.name.toLowerCase())) byName.set(f.name.toLowerCase(), f);
  return req.projection.map((i) => {
    const col = req.columns[i]!;
    const f = byName.get(col.name.toLowerCase()) ?? null;
    if (!f) return null;
    const fileType = sqlTypeOfArrow(f.type);
    if (!fileType || !canRead(fileType, col.type)) {
      throw new AegisError(
        'TYPE_MISMATCH',
        `Column '${col.name}' is declared ${formatType(col.type)} but Parquet object ${req.uri} stores ${describeFileType(f.type)}`,
        { uri: req.uri, columnName: col.name, tableType: formatType(col.type), fileType: String(f.type) },
      );
    }
    return f;
  });
}

/** The file's top-level column names each projected table column reads (case-insensitive), or null. */
function fileColumnNames(req: ParquetDecodeRequest, md: FileMetaData): (string | null)[] {
  let top: string[];
  try {
    top = parquetSchema(md).children.map((c) => c.element.name);
  } catch (e) {
    throw badParquet(req.uri, e);
  }
  if (top.some((n) => typeof n !== 'string')) throw badParquet(req.uri, new Error('a column of the footer schema has no name'));
  const byName = new Map<string, string>();
  for (const n of top) if (!byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), n);
  return req.projection.map((i) => byName.get(req.columns[i]!.name.toLowerCase()) ?? null);
}

/** Consecutive runs of the selected row groups, each within the chunk bounds. */
function chunksOf(md: FileMetaData, groups: readonly number[]): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  let rows = 0;
  let bytes = 0;
  for (const g of groups) {
    const rg = md.row_groups[g]!;
    const r = Number(rg.num_rows);
    const b = Number(rg.total_compressed_size ?? rg.total_byte_size);
    if (cur.length > 0 && (rows + r > CHUNK_ROWS || bytes + b > CHUNK_BYTES || g !== cur[cur.length - 1]! + 1)) {
      out.push(cur);
      cur = [];
      rows = 0;
      bytes = 0;
    }
    cur.push(g);
    rows += r;
    bytes += b;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Decodes `names` of the row groups `chunk` in one synchronous parquet-wasm call. */
function readChunk(uri: string, bytes: Uint8Array, names: string[], chunk: number[], rows: number): Table {
  const ipc = withParquetWasm(uri, `decoding row groups ${chunk[0]}-${chunk[chunk.length - 1]}`, (w) =>
    w.readParquet(bytes, { columns: names, rowGroups: chunk, batchSize: Math.max(1, Math.min(rows, BATCH_ROWS)) }).intoIPCStream(),
  );
  try {
    return tableFromIPC(ipc);
  } catch (e) {
    throw badParquet(uri, e);
  }
}

/** After a failed multi-column read: which column fails on its own (for the message), if any. */
function failingColumn(uri: string, bytes: Uint8Array, names: string[], chunk: number[], rows: number): string | undefined {
  if (names.length < 2) return names[0];
  for (const n of names.slice(0, 64)) {
    try {
      readChunk(uri, bytes, [n], chunk, rows);
    } catch {
      return n;
    }
  }
  return undefined;
}

function toBatch(req: ParquetDecodeRequest, fields: (Field | null)[], rb: RecordBatch): Batch {
  const columns: Column[] = req.projection.map((i, j) => {
    const col = req.columns[i]!;
    const f = fields[j];
    if (!f) return nullColumn(col.type, rb.numRows);
    const idx = rb.schema.fields.findIndex((x) => x.name === f.name);
    try {
      return columnFromArrow(rb.data.children[idx]!, col.type);
    } catch (e) {
      throw badParquet(req.uri, e, f.name);
    }
  });
  return { length: rb.numRows, columns };
}

/**
 * The row filter's predicates that the page decoder can test, on the columns it reads: one test
 * per column (the conjunction of its predicates), in the filter's order.
 */
function rowTests(req: ParquetDecodeRequest, flat: readonly (FlatColumnPlan | null)[]): { plan: FlatColumnPlan; j: number; test: RowTest }[] {
  const byColumn = new Map<number, { plan: FlatColumnPlan; tests: RowTest[] }>();
  for (const p of req.rowFilter ?? []) {
    const j = req.projection.findIndex((i) => req.columns[i]!.name === p.column);
    const plan = j >= 0 ? flat[j] : undefined;
    const test = plan ? compileRowTest(p, plan) : undefined;
    if (!plan || !test) continue;
    const entry = byColumn.get(j) ?? { plan, tests: [] };
    entry.tests.push(test);
    byColumn.set(j, entry);
  }
  return [...byColumn].map(([j, { plan, tests }]) => ({ plan, j, test: allOf(tests) }));
}

/**
 * Decodes the projected columns of a Parquet object, in batches of at most BATCH_ROWS rows (a
 * batch may span row groups of one chunk).
 * @throws AegisError BAD_DATA naming the object (and column where known) for a corrupt object,
 *   a page whose CRC does not match, or any decoder failure; TYPE_MISMATCH naming the column.
 */
export async function* decodeParquet(req: ParquetDecodeRequest): AsyncGenerator<Batch> {
  const md = req.metadata ?? (await readParquetMetadata(req.uri, req.file));
  const groups = req.rowGroups ?? md.row_groups.map((_, i) => i);
  const fileNames = fileColumnNames(req, md);
  const names = [...new Set(fileNames.filter((n): n is string => n !== null))];
  const groupRows = (g: number): number => {
    const rg = md.row_groups[g];
    if (!rg) throw new AegisError('BAD_DATA', `Parquet object ${req.uri} has no row group ${g}`, { uri: req.uri });
    return Number(rg.num_rows);
  };
  if (names.length === 0) {
    for (const g of groups) {
      const rows = groupRows(g);
      if (rows > 0) yield { length: rows, columns: req.projection.map((i) => nullColumn(req.columns[i]!.type, rows)) };
    }
    return;
  }
  let bytes: Uint8Array | undefined = req.bytes;
  const flat = req.pageDecoder === false ? undefined : planFlatColumns(md, fileNames, req.projection.map((i) => req.columns[i]!.type));
  if (flat) {
    // Flat columns of plain types: aegis's own page decoder, one row group at a time, reading
    // only the projected column chunks. Without the whole object at hand, the chunks are fetched
    // by range first: nearby chunks (within 1 MiB) in one read.
    let source: ChunkBytes | undefined = bytes;
    if (!source) {
      const gap = Math.min(MERGE_GAP, req.file.byteLength / 32);
      const spans: { start: number; end: number }[] = [];
      for (const g of groups) {
        if (groupRows(g) === 0) continue;
        for (const p of flat) {
          if (!p) continue;
          const { start, end } = chunkRange(md, g, p.chunk);
          if (!(start >= 0 && end <= req.file.byteLength && start <= end)) {
            throw new AegisError('BAD_DATA', `Parquet object ${req.uri} (column ${p.element.name}) is corrupt: its column chunk [${start}, ${end}) lies outside the ${req.file.byteLength}-byte object`, { uri: req.uri, columnName: p.element.name });
          }
          spans.push({ start, end });
        }
      }
      spans.sort((x, y) => x.start - y.start);
      const merged: { start: number; end: number }[] = [];
      for (const sp of spans) {
        const last = merged[merged.length - 1];
        if (last && sp.start <= last.end + gap) last.end = Math.max(last.end, sp.end);
        else merged.push({ ...sp });
      }
      const ranges: { start: number; bytes: Uint8Array }[] = [];
      for (const m of merged) ranges.push({ start: m.start, bytes: new Uint8Array(await req.file.slice(m.start, m.end)) });
      source = new FetchedRanges(req.file.byteLength, ranges);
    }
    const tests = rowTests(req, flat);
    // Row groups to decode whole before testing again: the filter keeps most rows (then testing
    // first costs a column's decoding and saves nothing).
    let untested = 0;
    for (const g of groups) {
      const rows = groupRows(g);
      if (rows === 0) continue;
      verifyPageChecksums(req.uri, source, md, [g], names);
      let columns: Column[];
      let length = rows;
      try {
        // Filter first: the predicates' columns, each on the rows the ones before kept.
        let sel: Int32Array | undefined;
        const visited = new Map<number, PageView[]>();
        for (const { plan, j, test } of untested > 0 ? [] : tests) {
          try {
            const r = selectRows(source, md, g, plan, test, sel ?? null);
            sel = r.rows;
            visited.set(j, r.pages);
          } catch (e) {
            throw pageDecodeError(req.uri, plan.element.name, e);
          }
          if (sel.length === 0) break;
        }
        if (untested > 0) untested--;
        else if (sel && sel.length > rows * (req.gatherAtMost ?? KEEP_MOST)) {
          // Gathering most rows is slower than decoding all: the filter above drops the rest.
          sel = undefined;
          untested = RETEST_AFTER;
        }
        if (sel && sel.length === 0) {
          req.onRowsDropped?.(rows);
          continue;
        }
        columns = flat.map((p, j) => {
          const type = req.columns[req.projection[j]!]!.type;
          if (!p) return nullColumn(type, sel ? sel.length : rows);
          try {
            return decodeFlatChunk(source!, md, g, p, sel, sel ? visited.get(j) : undefined);
          } catch (e) {
            throw pageDecodeError(req.uri, p.element.name, e);
          }
        });
        if (sel) {
          req.onRowsDropped?.(rows - sel.length);
          length = sel.length;
        }
      } catch (e) {
        // A page layout this decoder does not know: parquet-wasm decides (rows, or BAD_DATA).
        bytes ??= new Uint8Array(await req.file.slice(0, req.file.byteLength));
        let table: Table;
        try {
          table = readChunk(req.uri, bytes, names, [g], rows);
        } catch {
          throw e;
        }
        const fields = matchColumns(req, table.schema);
        if (table.numRows !== rows) throw e;
        for (const rb of table.batches) if (rb.numRows > 0) yield toBatch(req, fields, rb);
        continue;
      }
      yield { length, columns };
    }
    return;
  }
  for (const chunk of chunksOf(md, groups)) {
    const rows = chunk.reduce((n, g) => n + groupRows(g), 0);
    if (rows === 0) continue;
    bytes ??= new Uint8Array(await req.file.slice(0, req.file.byteLength));
    verifyPageChecksums(req.uri, bytes, md, chunk, names);
    let table: Table;
    try {
      table = readChunk(req.uri, bytes, names, chunk, rows);
    } catch (e) {
      const column = e instanceof AegisError && e.code === 'BAD_DATA' ? failingColumn(req.uri, bytes, names, chunk, rows) : undefined;
      if (column && e instanceof AegisError) throw new AegisError('BAD_DATA', e.message.replace(req.uri, `${req.uri} (column ${column})`), { ...e.details, columnName: column }, { cause: e });
      throw e;
    }
    const fields = matchColumns(req, table.schema);
    if (table.numRows !== rows) {
      throw new AegisError('BAD_DATA', `Parquet object ${req.uri}: row groups ${chunk.join(', ')} decoded to ${table.numRows} rows, the footer says ${rows}`, { uri: req.uri });
    }
    for (const rb of table.batches) if (rb.numRows > 0) yield toBatch(req, fields, rb);
  }
}
