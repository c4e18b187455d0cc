/**
 * OpenCSVSerde (`org.apache.hadoop.hive.serde2.OpenCSVSerde`). Hive's SerDe yields every field
 * as a string; Athena parses the declared type from it, as its documentation describes:
 *   - string types take the field as is (an empty field is an empty string);
 *   - boolean, integers, real/double and decimal parse from the text;
 *   - TIMESTAMP is UNIX epoch milliseconds (`1579059880000`); the `yyyy-MM-dd HH:mm:ss` form is
 *     not recognised;
 *   - DATE is days since 1970-01-01 (`18276`), or `yyyy-MM-dd`;
 *   - an empty or invalid field of a non-string type is a BAD_DATA error ("Error parsing field
 *     value"), unless the table sets `use.null.for.invalid.data` = true, which makes it NULL.
 * Missing trailing fields are NULL. Nested types are not supported by this SerDe.
 */
import { AegisError } from '../../errors.js';
import type { Batch } from '../../types/batch.js';
import type { SqlType } from '../../types/sql-type.js';
import { formatType } from '../../types/sql-type.js';
import type { Value } from '../../types/value.js';
import { badData } from '../bad-data.js';
import { ColumnBuilder } from '../column-builder.js';
import { DEFAULT_BATCH_ROWS, type TextDecodeRequest } from '../format.js';
import { headerLines } from './lazy-simple-options.js';
import { OpenCsvTokenizer, openCsvDialect } from './open-csv-tokenizer.js';
import { type TextConverter, isStringType, textConverter } from './text-convert.js';
import { textWindows } from './text-windows.js';
import { parseBinaryText, parseDateText, roundMicros } from './text-values.js';

const INT_RE = /^[+-]?\d+$/;

/** The OpenCSVSerde reading of one field of `type` (undefined = not a valid value). */
export function openCsvConverter(type: SqlType): TextConverter {
  switch (type.kind) {
    case 'timestamp': {
      if (type.withTimeZone) break;
      const p = type.precision;
      // Epoch millis: a timestamp(7..9) gets no nanoseconds.
      return (s) => (INT_RE.test(s.trim()) ? (p > 6 ? { micros: Number(s.trim()) * 1000, nanos: 0 } : roundMicros(Number(s.trim()) * 1000, p)) : undefined);
    }
    case 'date':
      return (s) => (INT_RE.test(s.trim()) ? Number(s.trim()) : parseDateText(s));
    case 'varbinary':
      // As Hive text: base64 when the field is valid base64, else its bytes (writeCsv writes base64).
      return (s) => parseBinaryText(Buffer.from(s, 'utf8'));
    case 'array':
    case 'map':
    case 'row':
      throw new AegisError('NOT_SUPPORTED', `OpenCSVSerde cannot read nested type ${formatType(type)}`, {
        type: formatType(type),
      });
    default:
      break;
  }
  return textConverter(type);
}

/**
 * Decodes an OpenCSVSerde object (or one split of it) into batches of the projected columns,
 * reading a compressed object as a stream (text-windows.ts).
 */
export async function* decodeOpenCsv(req: TextDecodeRequest): AsyncGenerator<Batch> {
  const dialect = openCsvDialect(req.properties);
  const nullForInvalid = (req.properties['use.null.for.invalid.data'] ?? '').toLowerCase() === 'true';
  const cols = req.projection.map((i) => req.columns[i]!);
  const convs = cols.map((c) => openCsvConverter(c.type));
  const strings = cols.map((c) => isStringType(c.type));
  const batchRows = req.batchRows ?? DEFAULT_BATCH_ROWS;
  let tok: OpenCsvTokenizer | undefined;
  let skip = -1; // header lines still to skip; decided by the first window
  let fromStart = false; // reading from the object's first byte: errors can name a line
  let lineFeeds = 0; // line feeds in the records before the current one
  let builders = cols.map((c) => new ColumnBuilder(c.type, batchRows));
  let rows = 0;
  for await (const w of textWindows(req)) {
    const { bytes: buf, first, end, final } = w;
    if (!tok) {
      tok = new OpenCsvTokenizer(buf, dialect);
      fromStart = first === 0 && w.offset === 0;
      skip = fromStart ? headerLines(req.properties) : 0;
    }
    tok.reset(buf, first);
    while (tok.pos < end) {
      const at = tok.pos;
      const fields = tok.next();
      if (!fields) break;
      if (tok.atEnd && !final) {
        // The record runs into the next window: decode it again from there.
        tok.pos = at;
        break;
      }
      const line = lineFeeds + 1;
      lineFeeds += tok.lineFeeds;
      if (skip > 0) {
        skip--;
        continue;
      }
      for (let j = 0; j < cols.length; j++) {
        const f = req.projection[j]!;
        const text = fields[f];
        let v: Value | undefined = null;
        if (text !== undefined) {
          v = convs[j]!(text);
          if (v === undefined || (text === '' && !strings[j])) {
            if (!nullForInvalid) {
              const c = cols[j]!;
              throw badData(
                req.uri,
                `Error parsing field value '${text}' for column '${c.name}' of type ${formatType(c.type)}`,
                { offset: w.offset + at, ...(fromStart ? { line } : {}) },
              );
            }
            v = null;
          }
        }
        builders[j]!.append(v);
      }
      if (++rows === batchRows) {
        yield { length: rows, columns: builders.map((b) => b.finish()) };
        builders = cols.map((c) => new ColumnBuilder(c.type, batchRows));
        rows = 0;
      }
    }
    w.rest = Math.min(tok.pos, buf.length);
  }
  if (rows > 0) yield { length: rows, columns: builders.map((b) => b.finish()) };
}
