/**
 * LazySimpleSerDe (Athena's default for TEXTFILE): one record per line, fields split on
 * `field.delim`, no quoting, optional escape byte, `\N` for NULL. Text that is not a valid value
 * of the column's type is NULL; so is an empty field of a non-string type; missing trailing
 * fields are NULL and extra fields are ignored.
 */
import type { Batch } from '../../types/batch.js';
import { ColumnBuilder } from '../column-builder.js';
import { DEFAULT_BATCH_ROWS, type TextDecodeRequest } from '../format.js';
import { fieldAppender, splitFields, wordView } from './lazy-simple-fields.js';
import { lazySimpleOptions } from './lazy-simple-options.js';
import { textWindows } from './text-windows.js';

/**
 * Decodes a LazySimpleSerDe object (or one split of it) into batches of the projected columns,
 * reading a compressed object as a stream (text-windows.ts).
 */
export async function* decodeLazySimple(req: TextDecodeRequest): AsyncGenerator<Batch> {
  const o = lazySimpleOptions(req.properties);
  const cols = req.projection.map((i) => req.columns[i]!);
  const appenders = cols.map((c) => fieldAppender(c.type, o));
  const lastIndex = req.columns.length - 1;
  // Only split as far as the last projected field; with last.column.takes.rest the last table
  // column swallows the rest of the line.
  const maxField = Math.max(-1, ...req.projection) + 1;
  const restInLast = o.lastColumnTakesRest && req.projection.includes(lastIndex);
  const wanted = restInLast ? req.columns.length : maxField;
  const bounds = new Int32Array(2 * Math.max(1, wanted));
  const batchRows = req.batchRows ?? DEFAULT_BATCH_ROWS;
  const sep = o.separators[0]!;
  let skip = -1; // header lines still to skip; decided by the first window
  let builders = cols.map((c) => new ColumnBuilder(c.type, batchRows));
  let rows = 0;
  for await (const w of textWindows(req)) {
    const { bytes: buf, first, end, final } = w;
    const words = wordView(buf);
    if (skip < 0) skip = first === 0 && w.offset === 0 ? o.skipHeaderLines : 0;
    // The line loop is inlined (no generator, no tuples): it runs once per record.
    const n = buf.length;
    let pos = first;
    while (pos < end && pos < n) {
      let nl = buf.indexOf(10, pos);
      if (nl < 0) {
        if (!final) break; // the last line continues in the next window
        nl = n;
      }
      const s = pos;
      const e = nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl;
      pos = nl + 1;
      if (skip > 0) {
        skip--;
        continue;
      }
      const found = wanted === 0 ? 0 : splitFields(buf, s, e, sep, o.escape, bounds, wanted, restInLast, words);
      for (let j = 0; j < appenders.length; j++) {
        const f = req.projection[j]!;
        if (f < found) appenders[j]!(buf, bounds[2 * f]!, bounds[2 * f + 1]!, builders[j]!);
        else builders[j]!.appendNull();
      }
      if (++rows === batchRows) {
        yield { length: rows, columns: builders.map((b) => b.finish()) };
        builders = cols.map((c) => new ColumnBuilder(c.type, batchRows));
        rows = 0;
      }
    }
    w.rest = Math.min(pos, n);
  }
  if (rows > 0) yield { length: rows, columns: builders.map((b) => b.finish()) };
}
