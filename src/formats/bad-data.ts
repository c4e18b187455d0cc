/**
 * BAD_DATA errors of decoders: they name the object and where in it the bad record is — the
 * 1-based line number when the whole object is read from its start, otherwise the byte offset of
 * the record (a split does not know how many lines precede it).
 */
import { AegisError } from '../errors.js';

export interface RecordPosition {
  /** Byte offset of the record's first byte in the (decompressed) object. */
  readonly offset: number;
  /** 1-based line number, when known. */
  readonly line?: number;
}

export function badData(uri: string, what: string, at: RecordPosition): AegisError {
  const where = at.line !== undefined ? `line ${at.line}` : `byte offset ${at.offset}`;
  return new AegisError('BAD_DATA', `${what} at ${where} of ${uri}`, {
    uri,
    offset: at.offset,
    ...(at.line !== undefined ? { recordLine: at.line } : {}),
  });
}
