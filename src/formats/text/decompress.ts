/**
 * Compression of text objects, chosen by file extension as Hive does (`.gz` → gzip). Compressed
 * objects are never split: a decoder decompresses the whole object first.
 */
import { gunzipSync } from 'node:zlib';
import { AegisError } from '../../errors.js';

export type TextCompression = 'none' | 'gzip';

const UNSUPPORTED = ['.bz2', '.lz4', '.snappy', '.zst', '.deflate', '.lzo'];

/** The compression of an object by its key's extension; throws NOT_SUPPORTED for codecs aegis lacks. */
export function compressionOf(uri: string): TextCompression {
  const lower = uri.toLowerCase();
  if (lower.endsWith('.gz')) return 'gzip';
  const ext = UNSUPPORTED.find((e) => lower.endsWith(e));
  if (ext) {
    throw new AegisError('NOT_SUPPORTED', `Compression '${ext.slice(1)}' is not supported for text object ${uri}`, {
      uri,
      codec: ext.slice(1),
    });
  }
  return 'none';
}

/** The plaintext of a (possibly compressed) text object; BAD_DATA when the gzip stream is corrupt. */
export function decompressText(uri: string, bytes: Uint8Array): Uint8Array {
  if (compressionOf(uri) === 'none') return bytes;
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch (e) {
    throw new AegisError('BAD_DATA', `Object ${uri} is not a valid gzip stream: ${(e as Error).message}`, { uri }, { cause: e });
  }
}
