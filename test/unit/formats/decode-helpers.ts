import type { TableColumn, TextDecodeRequest } from '../../../src/formats/format.js';
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
