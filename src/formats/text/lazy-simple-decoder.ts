/**
 * LazySimpleSerDe (Athena's default for TEXTFILE): one record per line, fields split on
 * `field.delim`, no quoting, optional escape byte, `\N` for NULL. Text that is not a valid value
 * of the column's type is NULL; so is an empty field of a non-string type; missing trailing
 * fields are NULL and extra fields are ignored.
 */
import type { Batch } from '../../types/batch.js';
import { ColumnBuilder } from '../column-builder.js';
import { DEFAULT_BATCH_ROWS, type TextDecodeRequest } from '../format.js';
import { decompressText } from './decompress.js';
import { fieldReader, splitFields } from './lazy-simple-fields.js';
import { lazySimpleOptions } from './lazy-simple-options.js';
import { resolveRange } from './split-range.js';

/** Decodes a LazySimpleSerDe object (or one split of it) into batches of the projected columns. */
export function* decodeLazySimple(req: TextDecodeRequest): Generator<Batch> {
  const o = lazySimpleOptions(req.properties);
  const plain = decompressText(req.uri, req.bytes);
  const buf = Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength);
  const { first, end } = resolveRange(plain, plain === req.bytes ? req.range : undefined);
  const cols = req.projection.map((i) => req.columns[i]!);
  const readers = cols.map((c) => fieldReader(c.type, 1, o));
  const lastIndex = req.columns.length - 1;
  // Only split as far as the last projected field; with last.column.takes.rest the last table
  // column swallows the rest of the line.
  const maxField = Math.max(-1, ...req.projection) + 1;
  const restInLast = o.lastColumnTakesRest && req.projection.includes(lastIndex);
  const wanted = restInLast ? req.columns.length : maxField;
  const bounds = new Int32Array(2 * Math.max(1, wanted));
  const batchRows = req.batchRows ?? DEFAULT_BATCH_ROWS;
  const sep = o.separators[0]!;
  let skip = first === 0 && !req.bytesOffset ? o.skipHeaderLines : 0;
  let builders = cols.map((c) => new ColumnBuilder(c.type, batchRows));
  let rows = 0;
  // The line loop is inlined (no generator, no tuples): it runs once per record.
  const n = plain.length;
  for (let pos = first; pos < end && pos < n; ) {
    let nl = plain.indexOf(10, pos);
    if (nl < 0) nl = n;
    const s = pos;
    const e = nl > pos && plain[nl - 1] === 13 ? nl - 1 : nl;
    pos = nl + 1;
    if (skip > 0) {
      skip--;
      continue;
    }
    const found = wanted === 0 ? 0 : splitFields(buf, s, e, sep, o.escape, bounds, wanted, restInLast);
    for (let j = 0; j < readers.length; j++) {
      const f = req.projection[j]!;
      builders[j]!.append(f < found ? readers[j]!(buf, bounds[2 * f]!, bounds[2 * f + 1]!) : null);
    }
    if (++rows === batchRows) {
      yield { length: rows, columns: builders.map((b) => b.finish()) };
      builders = cols.map((c) => new ColumnBuilder(c.type, batchRows));
      rows = 0;
    }
  }
  if (rows > 0) yield { length: rows, columns: builders.map((b) => b.finish()) };
}
