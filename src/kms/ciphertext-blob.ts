import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionContext } from './kms.js';
import { kmsError } from './kms-errors.js';

/**
 * LocalKms ciphertext blob, format version 1 (all integers big-endian):
 *
 * ```
 * offset  size  field
 * 0       4     magic "AGK1" (0x41 0x47 0x4b 0x31) — format + version in one
 * 4       16    key id (the UUID's 16 raw bytes)
 * 20      4     key version (uint32, 1-based; rotation appends versions)
 * 24      12    GCM nonce (random per call)
 * 36      n     AES-256-GCM ciphertext of the plaintext
 * 36+n    16    GCM tag
 * ```
 *
 * The AAD is the 24-byte header followed by the canonical encoding of the encryption context,
 * so changing the key id, the version or the context makes authentication fail — exactly what
 * AWS KMS reports as InvalidCiphertextException.
 */
const MAGIC = Buffer.from('AGK1', 'latin1');
const HEADER_LEN = 24;
const NONCE_LEN = 12;
const TAG_LEN = 16;
export const MIN_BLOB_LEN = HEADER_LEN + NONCE_LEN + TAG_LEN;

export interface BlobHeader {
  keyId: string;
  keyVersion: number;
}

/** Canonical, unambiguous bytes of an encryption context: pairs sorted by key, length-prefixed. */
export function canonicalContext(context: EncryptionContext | undefined): Buffer {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: Buffer[] = [];
  const count = Buffer.alloc(4);
  count.writeUInt32BE(entries.length);
  parts.push(count);
  for (const [k, v] of entries) {
    for (const s of [k, String(v)]) {
      const b = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      parts.push(len, b);
    }
  }
  return Buffer.concat(parts);
}

function uuidToBytes(id: string): Buffer {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`key id is not a UUID: ${id}`);
  return Buffer.from(hex, 'hex');
}

function bytesToUuid(b: Uint8Array): string {
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function header(h: BlobHeader): Buffer {
  const out = Buffer.alloc(HEADER_LEN);
  MAGIC.copy(out, 0);
  uuidToBytes(h.keyId).copy(out, 4);
  out.writeUInt32BE(h.keyVersion, 20);
  return out;
}

/** Reads the header without authenticating; throws INVALID_CIPHERTEXT when it is not ours. */
export function parseBlobHeader(blob: Uint8Array): BlobHeader {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (b.length < MIN_BLOB_LEN || !b.subarray(0, 4).equals(MAGIC)) {
    throw kmsError('InvalidCiphertextException', 'The ciphertext is not a LocalKms ciphertext blob (bad magic or too short).');
  }
  return { keyId: bytesToUuid(b.subarray(4, 20)), keyVersion: b.readUInt32BE(20) };
}

/** Encrypts `plaintext` under `material` (32 bytes), binding header and context as AAD. */
export function sealBlob(h: BlobHeader, material: Uint8Array, plaintext: Uint8Array, context?: EncryptionContext): Uint8Array {
  const head = header(h);
  const nonce = randomBytes(NONCE_LEN);
  const cipher = createCipheriv('aes-256-gcm', material, nonce);
  cipher.setAAD(Buffer.concat([head, canonicalContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(Buffer.concat([head, nonce, body, cipher.getAuthTag()]));
}

/**
 * Authenticates and decrypts a blob whose header was already parsed. Any mismatch (tampered
 * bytes, wrong context, wrong key material) is InvalidCiphertextException; no detail of which.
 */
export function openBlob(blob: Uint8Array, material: Uint8Array, context?: EncryptionContext): Uint8Array {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const head = b.subarray(0, HEADER_LEN);
  const nonce = b.subarray(HEADER_LEN, HEADER_LEN + NONCE_LEN);
  const body = b.subarray(HEADER_LEN + NONCE_LEN, b.length - TAG_LEN);
  const tag = b.subarray(b.length - TAG_LEN);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, nonce);
    decipher.setAAD(Buffer.concat([head, canonicalContext(context)]));
    decipher.setAuthTag(tag);
    const parts = [decipher.update(body), decipher.final()];
    // Copy into a fresh, unpooled array and wipe the intermediates: they hold plaintext.
    const out = new Uint8Array(parts[0]!.length + parts[1]!.length);
    out.set(parts[0]!, 0);
    out.set(parts[1]!, parts[0]!.length);
    for (const p of parts) p.fill(0);
    return out;
  } catch {
    throw kmsError(
      'InvalidCiphertextException',
      'The ciphertext failed authentication: it was tampered with, or the encryption context does not match the one it was encrypted with.',
    );
  }
}
