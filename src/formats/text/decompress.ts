/**
 * Compression of text objects, chosen by file extension as Hive does: `.gz` → gzip (any number
 * of concatenated members), `.deflate` → a zlib stream (Hive's DefaultCodec), `.zst` / `.zstd` →
 * Zstandard. Compressed objects are never split, and never decompressed whole: the decoders read
 * them as a stream of decompressed chunks (see text-windows.ts), so a small object that expands
 * to gigabytes — a gzip bomb — costs one chunk and one batch of memory, not its expanded size.
 * There is no limit on the expanded size itself; a single record is capped (MAX_RECORD_BYTES).
 */
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { AegisError } from '../../errors.js';
import { zstdChunks } from './zstd-stream.js';

export type TextCompression = 'none' | 'gzip' | 'deflate' | 'zstd';

/** Bytes per decompressed chunk handed to the decoders. */
export const CHUNK_BYTES = 64 * 1024;

const EXTENSIONS: readonly [string, TextCompression][] = [
  ['.gz', 'gzip'],
  ['.deflate', 'deflate'],
  ['.zst', 'zstd'],
  ['.zstd', 'zstd'],
];

const UNSUPPORTED = ['.bz2', '.lz4', '.snappy', '.lzo'];

/** The compression of an object by its key's extension; throws NOT_SUPPORTED for codecs aegis lacks. */
export function compressionOf(uri: string): TextCompression {
  const lower = uri.toLowerCase();
  const known = EXTENSIONS.find(([e]) => lower.endsWith(e));
  if (known) return known[1];
  const ext = UNSUPPORTED.find((e) => lower.endsWith(e));
  if (ext) {
    throw new AegisError('NOT_SUPPORTED', `Compression '${ext.slice(1)}' is not supported for text object ${uri}`, {
      uri,
      codec: ext.slice(1),
    });
  }
  return 'none';
}

/**
 * The decompressed content of a compressed text object, as chunks of at most about CHUNK_BYTES,
 * produced only as fast as they are consumed. Throws BAD_DATA naming the object when the stream
 * is corrupt or truncated. `compression` must not be 'none'.
 */
export async function* decompressedChunks(uri: string, bytes: Uint8Array, compression: Exclude<TextCompression, 'none'>): AsyncGenerator<Uint8Array> {
  if (compression === 'zstd') {
    yield* zstdChunks(uri, bytes, CHUNK_BYTES);
    return;
  }
  // node:zlib inflates on the thread pool and stops while its output is unread (it honours
  // backpressure inside one input chunk), so the whole compressed object can be written at once.
  const z: Gunzip | Inflate = compression === 'gzip' ? createGunzip({ chunkSize: CHUNK_BYTES }) : createInflate({ chunkSize: CHUNK_BYTES });
  z.end(bytes);
  try {
    for await (const chunk of z) yield chunk as Buffer;
  } catch (e) {
    const what = compression === 'gzip' ? 'gzip' : 'deflate (zlib)';
    throw new AegisError('BAD_DATA', `Object ${uri} is not a valid ${what} stream: ${(e as Error).message}`, { uri }, { cause: e });
  } finally {
    z.destroy();
  }
}
