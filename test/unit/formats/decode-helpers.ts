import type { FormatKind, TableColumn, TextDecodeRequest } from '../../../src/formats/format.js';
import { decodeObject } from '../../../src/scan/decode-object.js';
import { newSplitStats, type ObjectSplit } from '../../../src/scan/object-split.js';
import type { Batch } from '../../../src/types/batch.js';
import { batchToRows } from '../../../src/types/batch.js';
import type { Value } from '../../../src/types/value.js';

/** All rows of all batches. */
export async function rowsOf(batches: AsyncIterable<Batch> | Iterable<Batch>): Promise<Value[][]> {
  const out: Value[][] = [];
  for await (const b of batches) out.push(...batchToRows(b));
  return out;
}

export function textRequest(
  columns: TableColumn[],
  text: string | Uint8Array,
  properties: Record<string, string> = {},
  extra: Partial<TextDecodeRequest> = {},
): TextDecodeRequest {
  return {
    uri: 's3://bucket/t/data.txt',
    columns,
    projection: columns.map((_, i) => i),
    properties,
    bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text,
    ...extra,
  };
}

/** One whole object to decode, as a test gives it. */
export interface ObjectBytes {
  readonly format: FormatKind;
  readonly uri: string;
  readonly columns: readonly TableColumn[];
  readonly projection: readonly number[];
  readonly properties: Readonly<Record<string, string>>;
  readonly bytes: Uint8Array;
}

/**
 * Decodes a whole object's plaintext through the dispatcher production scans run
 * (scan/decode-object.ts), as the split of an unpartitioned table over it would.
 */
export function decodeObjectBytes(o: ObjectBytes): AsyncGenerator<Batch> {
  const { bucket = '', key = '' } = /^s3:\/\/(?<bucket>[^/]+)\/(?<key>.*)$/.exec(o.uri)?.groups ?? {};
  const split: ObjectSplit = {
    kind: 'object',
    env: 'test',
    uri: o.uri,
    bucket,
    key,
    size: o.bytes.length,
    modifiedMs: 0,
    format: o.format,
    dataColumns: o.columns,
    properties: o.properties,
    partitionValues: [],
    partitionTypes: [],
    expectClientSide: false,
  };
  return decodeObject(split, [...o.projection], o.bytes, newSplitStats(split));
}
