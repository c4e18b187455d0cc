/**
 * Reads a stored result back: the metadata file, then the data object, both through the one
 * read path (crypto/openObject), so SSE and CSE_KMS results decrypt as any object does and
 * tampering fails instead of returning altered rows. A CSE_KMS object must also be the one
 * written at its location: its KMS context binds `aegis:object` to its URI, and a copy of another
 * result (body and envelope, which decrypt fine elsewhere) is refused. The metadata must name
 * the data object it sits beside. CSV cells are parsed with Athena's rules (a quoted empty field
 * is '', an unquoted one is NULL) and typed from the metadata.
 */
import { parse } from 'csv-parse/sync';
import { openObject, type OpenedObject, type ReadContext } from '../crypto/open-object.js';
import { CONTEXT_OBJECT } from '../crypto/seal-stream.js';
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
  checkLocationBinding(meta, `${uri}.metadata`);
  const metadata = parseResultMetadata(Buffer.from(meta.plaintext).toString('utf8'), `${uri}.metadata`);
  const fileName = key.slice(key.lastIndexOf('/') + 1);
  if (metadata.dataObject !== fileName) {
    throw new AegisError('BAD_DATA', `${uri}.metadata describes ${metadata.dataObject}, not ${fileName}: it is not this result's metadata.`, { uri });
  }
  const data = await openObject(store, kms, bucket, key, ctx);
  checkLocationBinding(data, uri);
  if (data.plaintext.length !== metadata.dataBytes) {
    throw new AegisError('BAD_DATA', `${uri} holds ${data.plaintext.length} bytes but its metadata says ${metadata.dataBytes}`, { uri });
  }
  return { metadata, data: data.plaintext };
}

/**
 * A CSE_KMS result object decrypts under its own envelope wherever it is copied; aegis binds it
 * to where it was written (`aegis:object` in the KMS encryption context, seal-stream.ts), and a
 * result read from another location is refused.
 * @throws AegisError DECRYPTION_FAILED
 */
function checkLocationBinding(o: OpenedObject, uri: string): void {
  const d = o.descriptor;
  if (d.mode !== 'CSE_KMS') return;
  const bound = d.envelope.encryptionContext[CONTEXT_OBJECT];
  if (bound !== uri) {
    throw new AegisError(
      'DECRYPTION_FAILED',
      `${uri} is not the result written there: its encryption context binds it to ${bound === undefined ? 'no location (aegis:object is missing)' : bound}. It was copied or replaced; rerun the query.`,
      { uri, boundTo: bound ?? null },
    );
  }
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
