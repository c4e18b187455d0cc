/**
 * Parquet decoding: parquet-wasm reads the projected columns of the chosen row groups (one Arrow
 * record batch per row group, `batchSize` = row-group rows, which is what makes it fast), Arrow
 * IPC carries them out of wasm memory, and `columnFromArrow` turns them into aegis columns.
 *
 * Table columns match file columns by name, case-insensitively (Athena/Hive); a table column the
 * file lacks reads as NULL; a file type the table type cannot hold is a TYPE_MISMATCH naming the
 * column, both types and the object.
 */
import { type Field, type Schema, tableFromIPC } from 'apache-arrow';
import { ParquetFile } from 'parquet-wasm';
import { AegisError } from '../../errors.js';
import type { Batch, Column } from '../../types/batch.js';
import { formatType } from '../../types/sql-type.js';
import type { DecodeRequest, PositionalReader } from '../format.js';
import { columnFromArrow, nullColumn } from './arrow-column.js';
import { canRead, describeFileType, sqlTypeOfArrow } from './arrow-types.js';

/** Input of the Parquet decoder. */
export interface ParquetDecodeRequest extends DecodeRequest {
  readonly file: PositionalReader;
  /** Row groups to read (after pruning), ascending; default all. */
  readonly rowGroups?: readonly number[];
}

/** parquet-wasm reads through a Blob-like handle: `size`, `slice(start, end).arrayBuffer()`. */
function blobOf(file: PositionalReader): Blob {
  const handle = {
    size: file.byteLength,
    slice: (start: number, end: number) => ({ arrayBuffer: async () => file.slice(start, end) }),
  };
  return handle as unknown as Blob;
}

function badParquet(uri: string, e: unknown): AegisError {
  if (e instanceof AegisError) return e;
  return new AegisError('BAD_DATA', `Cannot read Parquet object ${uri}: ${(e as Error).message ?? String(e)}`, { uri }, { cause: e });
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

/** Decodes the projected columns of a Parquet object, one batch per row group. */
export async function* decodeParquet(req: ParquetDecodeRequest): AsyncGenerator<Batch> {
  let pf: ParquetFile;
  try {
    pf = await ParquetFile.fromFile(blobOf(req.file));
  } catch (e) {
    throw badParquet(req.uri, e);
  }
  try {
    const schema = tableFromIPC(pf.schema().intoIPCStream()).schema;
    const fields = matchColumns(req, schema);
    const md = pf.metadata();
    const groups = req.rowGroups ?? Array.from({ length: md.numRowGroups() }, (_, i) => i);
    const names = [...new Set(fields.filter((f): f is Field => f !== null).map((f) => f.name))];
    for (const g of groups) {
      const rows = md.rowGroup(g).numRows();
      if (rows === 0) continue;
      if (names.length === 0) {
        yield { length: rows, columns: req.projection.map((i) => nullColumn(req.columns[i]!.type, rows)) };
        continue;
      }
      let ipc: Uint8Array;
      try {
        const wasmTable = await pf.read({ columns: names, rowGroups: [g], batchSize: rows });
        ipc = wasmTable.intoIPCStream();
      } catch (e) {
        throw badParquet(req.uri, e);
      }
      const table = tableFromIPC(ipc);
      for (const rb of table.batches) {
        const columns: Column[] = req.projection.map((i, j) => {
          const type = req.columns[i]!.type;
          const f = fields[j];
          if (!f) return nullColumn(type, rb.numRows);
          const idx = rb.schema.fields.findIndex((x) => x.name === f.name);
          return columnFromArrow(rb.data.children[idx]!, type);
        });
        yield { length: rb.numRows, columns };
      }
    }
  } finally {
    pf.free();
  }
}
