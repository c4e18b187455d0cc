/**
 * Reads a stored result back: the metadata file, then the data object, both through the one
 * read path (crypto/openObject), so SSE and CSE_KMS results decrypt as any object does and
 * tampering fails instead of returning altered rows. CSV cells are parsed with Athena's rules
 * (a quoted empty field is '', an unquoted one is NULL) and typed from the metadata.
 */
import { parse } from 'csv-parse/sync';
import { openObject, type ReadContext } from '../crypto/open-object.js';
import { AegisError } from '../errors.js';
import type { Kms } from '../kms/kms.js';
import type { ObjectStore } from '../storage/object-store.js';
import { parseS3Uri } from '../storage/object-store.js';
import { parseValueFromText } from '../types/format-value.js';
import type { SqlType } from '../types/sql-type.js';
import { parseTypeName } from '../types/type-parser.js';
import type { Value } from '../types/value.js';
import { parseResultMetadata, type ResultMetadata } from './result-metadata.js';

export interface StoredResult {
  metadata: ResultMetadata;
  /** The data object's plaintext bytes, exactly as written. */
  data: Uint8Array;
}

export async function readStoredResult(store: ObjectStore, kms: Kms, uri: string, ctx: ReadContext = {}): Promise<StoredResult> {
  const { bucket, key } = parseS3Uri(uri);
  const meta = await openObject(store, kms, bucket, `${key}.metadata`, ctx);
  const metadata = parseResultMetadata(Buffer.from(meta.plaintext).toString('utf8'), `${uri}.metadata`);
  const data = await openObject(store, kms, bucket, key, ctx);
  if (data.plaintext.length !== metadata.dataBytes) {
    throw new AegisError('BAD_DATA', `${uri} holds ${data.plaintext.length} bytes but its metadata says ${metadata.dataBytes}`, { uri });
  }
  return { metadata, data: data.plaintext };
}

/** Columns and typed rows of a stored `.csv` (or `.txt`) result. */
export function storedRows(r: StoredResult): { columns: { name: string; type: SqlType }[]; rows: Value[][] } {
  const columns = r.metadata.columns.map((c) => ({ name: c.name, type: parseTypeName(c.sqlType) }));
  const text = Buffer.from(r.data).toString('utf8');
  let cells: (string | null)[][];
  if (r.metadata.dataObject.endsWith('.csv')) {
    const records = parse(text, {
      relax_column_count: false,
      cast: (value: string, context: { quoting: boolean }) => (context.quoting ? value : value === '' ? null : value),
    }) as (string | null)[][];
    cells = columns.length > 0 ? records.slice(1) : [];
  } else {
    cells = text === '' ? [] : text.replace(/\n$/, '').split('\n').map((l) => l.split('\t').map((c) => (c === '' ? null : c)));
  }
  const rows = cells.map((row) => row.map((c, j) => parseValueFromText(c, columns[j]!.type)));
  return { columns, rows };
}
