/**
 * Streaming Zstandard decompression with fzstd (pure JS, block by block).
 *
 * Before any decoding, the frame and block headers of the whole (compressed, already in memory)
 * object are walked: that finds truncation and garbage up front, and refuses frames whose window
 * is larger than zstd's own default decoder limit (128 MiB) — fzstd allocates the declared window
 * per frame, so a forged header could otherwise ask for gigabytes. Input is then pushed in small
 * pieces: one RLE block of 4 bytes can expand to 128 KiB, so a piece of ZSTD_PIECE bytes yields
 * at most ZSTD_PIECE / 4 × 128 KiB (8 MiB) before the consumer sees it.
 */
import { Decompress } from 'fzstd';
import { AegisError } from '../../errors.js';

/** zstd's ZSTD_WINDOWLOG_LIMIT_DEFAULT (2^27): larger windows need `--long` / `--memory`. */
export const MAX_ZSTD_WINDOW = 128 * 1024 * 1024;

const ZSTD_PIECE = 256;
const MAX_BLOCK = 128 * 1024;
const FRAME_MAGIC = 0xfd2fb528;

function badZstd(uri: string, what: string, cause?: unknown): AegisError {
  return new AegisError('BAD_DATA', `Object ${uri} is not a valid zstd stream: ${what}`, { uri }, cause === undefined ? undefined : { cause });
}

/** Little-endian unsigned integer of `n` ≤ 8 bytes (exact below 2^53). */
function readLe(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + b[at + i]!;
  return v;
}

/**
 * Checks the frame structure of a zstd object without decompressing it: BAD_DATA when it is
 * truncated or not zstd, NOT_SUPPORTED for dictionaries and windows over MAX_ZSTD_WINDOW.
 */
export function checkZstdFrames(uri: string, b: Uint8Array): void {
  const len = b.length;
  let p = 0;
  while (p < len) {
    if (len - p < 8) throw badZstd(uri, `truncated frame at byte ${p}`);
    const magic = readLe(b, p, 4);
    if (magic >= 0x184d2a50 && magic <= 0x184d2a5f) {
      p += 8 + readLe(b, p + 4, 4); // a skippable frame
      if (p > len) throw badZstd(uri, 'truncated skippable frame');
      continue;
    }
    if (magic !== FRAME_MAGIC) throw badZstd(uri, `no frame magic number at byte ${p}`);
    const fhd = b[p + 4]!;
    if (fhd & 8) throw badZstd(uri, 'reserved frame header bit set');
    const single = (fhd >> 5) & 1;
    let q = p + 5;
    let window = 0;
    if (!single) {
      const wd = b[q++]!;
      const base = 2 ** (10 + (wd >> 3));
      window = base + (base / 8) * (wd & 7);
    }
    const dictBytes = [0, 1, 2, 4][fhd & 3]!;
    const fcsFlag = fhd >> 6;
    const fcsBytes = fcsFlag === 0 ? single : [0, 2, 4, 8][fcsFlag]!;
    if (q + dictBytes + fcsBytes > len) throw badZstd(uri, 'truncated frame header');
    if (dictBytes > 0 && readLe(b, q, dictBytes) !== 0) {
      throw new AegisError('NOT_SUPPORTED', `Object ${uri} needs a zstd dictionary, which aegis does not support`, { uri, codec: 'zstd' });
    }
    q += dictBytes;
    const contentSize = readLe(b, q, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
    q += fcsBytes;
    if (single) window = contentSize;
    if (window > MAX_ZSTD_WINDOW) {
      throw new AegisError(
        'NOT_SUPPORTED',
        `Object ${uri} is a zstd stream with a ${window}-byte window; aegis reads windows up to ${MAX_ZSTD_WINDOW} bytes (128 MiB), zstd's default limit`,
        { uri, codec: 'zstd', window },
      );
    }
    for (let last = 0; !last; ) {
      if (q + 3 > len) throw badZstd(uri, 'truncated block header');
      const h = readLe(b, q, 3);
      last = h & 1;
      const type = (h >> 1) & 3;
      if (type === 3) throw badZstd(uri, `reserved block type at byte ${q}`);
      // The format caps every block at 128 KiB (of content for RLE, of input otherwise); fzstd
      // would trust a larger size, so one 4-byte RLE block could ask for 2 MiB.
      if (h >>> 3 > MAX_BLOCK) throw badZstd(uri, `block of ${h >>> 3} bytes at byte ${q}, over the 128 KiB maximum`);
      q += 3 + (type === 1 ? 1 : h >>> 3);
      if (q > len) throw badZstd(uri, 'truncated block');
    }
    if ((fhd >> 2) & 1) q += 4; // content checksum
    if (q > len) throw badZstd(uri, 'truncated checksum');
    p = q;
  }
}

/**
 * The decompressed content of a zstd object (any number of frames) in chunks of about
 * `chunkBytes`, each produced after the previous one was consumed. BAD_DATA when corrupt.
 */
export async function* zstdChunks(uri: string, bytes: Uint8Array, chunkBytes: number): AsyncGenerator<Uint8Array> {
  checkZstdFrames(uri, bytes);
  let out: Uint8Array[] = [];
  let outLen = 0;
  const d = new Decompress((data) => {
    if (data.length > 0) {
      out.push(data);
      outLen += data.length;
    }
  });
  if (bytes.length === 0) return; // no frames: an empty object
  for (let p = 0; p < bytes.length; p += ZSTD_PIECE) {
    const end = Math.min(bytes.length, p + ZSTD_PIECE);
    try {
      d.push(bytes.subarray(p, end), end === bytes.length);
    } catch (e) {
      throw badZstd(uri, (e as Error).message, e);
    }
    if (outLen >= chunkBytes || end === bytes.length) {
      // Hand out what this much input gave before pushing more (the consumer sets the pace).
      if (outLen > 0) yield Buffer.concat(out, outLen);
      out = [];
      outLen = 0;
    }
  }
}
