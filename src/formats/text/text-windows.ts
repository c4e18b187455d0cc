/**
 * The bytes a text decoder reads, as windows of whole records.
 *
 * An uncompressed object (or a byte-range split of one) is already in memory: it is one final
 * window, with the split's range resolved to record boundaries (split-range.ts). A compressed
 * object is decompressed as a stream (decompress.ts) and handed out in windows of about
 * WINDOW_BYTES: the decoder decodes the records that end inside a window, says where the first
 * record it could not finish starts (`rest`), and that tail is carried into the next window. So a
 * decoder holds one window plus one batch, whatever the object's expansion ratio — and a record
 * that never ends (a bomb of bytes without a line break) fails at MAX_RECORD_BYTES with BAD_DATA
 * instead of growing the carry without limit.
 */
import { AegisError } from '../../errors.js';
import type { TextDecodeRequest } from '../format.js';
import { compressionOf, decompressedChunks } from './decompress.js';
import { resolveRange } from './split-range.js';

/** The longest record a compressed text object may hold: 32 MiB, Athena's maximum row size. */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** Decompressed bytes gathered before a window is handed to the decoder. */
const WINDOW_BYTES = 256 * 1024;

export interface TextWindow {
  readonly bytes: Buffer;
  /** Offset in `bytes` of the first record to decode. */
  readonly first: number;
  /** Only records starting before `end` are decoded (a split's end; else `bytes.length`). */
  readonly end: number;
  /**
   * No bytes follow: the last record may end at the end of `bytes` without a terminator. In a
   * window that is not final, a record is complete only when its terminator is inside `bytes`.
   */
  readonly final: boolean;
  /** Offset of `bytes[0]` within the (decompressed) object. */
  readonly offset: number;
  /**
   * Set by the decoder before it asks for the next window: the offset in `bytes` of the first
   * record it did not decode. Starts as `bytes.length` (everything decoded).
   */
  rest: number;
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

function recordTooLong(uri: string, offset: number): AegisError {
  return new AegisError(
    'BAD_DATA',
    `Record at byte offset ${offset} of ${uri} is longer than ${MAX_RECORD_BYTES} bytes (32 MiB, the longest record aegis reads from a compressed object)`,
    { uri, offset, limit: MAX_RECORD_BYTES },
  );
}

/**
 * The windows of a text decode request, in object order. Throws NOT_SUPPORTED for compression
 * codecs aegis lacks and BAD_DATA naming the object for a corrupt stream or an overlong record.
 */
export async function* textWindows(req: TextDecodeRequest): AsyncGenerator<TextWindow> {
  const compression = compressionOf(req.uri);
  if (compression === 'none') {
    const bytes = asBuffer(req.bytes);
    const { first, end } = resolveRange(bytes, req.range);
    yield { bytes, first, end, final: true, offset: req.bytesOffset ?? 0, rest: bytes.length };
    return;
  }
  // Compressed objects are never split: the range, if any, is the whole object.
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0; // object offset of carry[0]
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let want = WINDOW_BYTES;
  for await (const chunk of decompressedChunks(req.uri, req.bytes, compression)) {
    pending.push(asBuffer(chunk));
    pendingLen += chunk.length;
    if (pendingLen < want) continue;
    const bytes = carry.length > 0 || pending.length > 1 ? Buffer.concat([carry, ...pending]) : pending[0]!;
    pending = [];
    pendingLen = 0;
    const w: TextWindow = { bytes, first: 0, end: bytes.length, final: false, offset, rest: bytes.length };
    yield w;
    offset += w.rest;
    // Copy the unfinished record out, so the window it came from can be collected.
    carry = w.rest === 0 ? bytes : Buffer.from(bytes.subarray(w.rest));
    if (carry.length > MAX_RECORD_BYTES) throw recordTooLong(req.uri, offset);
    // A record longer than the window: wait for as many bytes again before retrying, so a long
    // record is rescanned a logarithmic number of times, not once per chunk.
    want = Math.max(WINDOW_BYTES, carry.length);
  }
  const bytes = Buffer.concat([carry, ...pending]);
  // The last window may hold the end of the carried record: it too must fit. (Any record wholly
  // inside `pending` is shorter than `want`, which is at most the cap.)
  if (carry.length > 0) {
    const nl = bytes.indexOf(10);
    if ((nl < 0 ? bytes.length : nl) > MAX_RECORD_BYTES) throw recordTooLong(req.uri, offset);
  }
  yield { bytes, first: 0, end: bytes.length, final: true, offset, rest: bytes.length };
}
