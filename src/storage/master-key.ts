/**
 * The LocalStore master key (SSE-S3's "S3-managed key"): 256 random bits kept in
 * `<root>/.store/master.key` (mode 0600), loaded once per store and held in a {@link MasterKey}
 * that never prints its bytes. It only ever wraps per-object data keys; it never encrypts data.
 *
 * The file is the 32 raw bytes, or — with a keyring passphrase — a sealed key file (JSON,
 * kms/sealed-key-file.ts) around them. The two cannot be confused: a sealed file is never 32 bytes.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AegisError } from '../errors.js';
import type { KeyringPassphrase } from '../kms/keyring-passphrase.js';
import { freshSealParams, isSealedKeyFile, openSealed, seal } from '../kms/sealed-key-file.js';

/** File name of the master key under the store directory. */
export const MASTER_KEY_FILE = 'master.key';
const KEY_FILE = MASTER_KEY_FILE;

/** A 256-bit wrapping key that redacts itself in `inspect`, `String()` and JSON. */
export class MasterKey {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  /** AES-256-GCM wraps `dataKey`, binding `aad`. Output: nonce(12) ‖ ciphertext ‖ tag(16). */
  wrap(dataKey: Uint8Array, aad: Uint8Array): Buffer {
    return wrapKey(this.#bytes, dataKey, aad);
  }

  /** Unwraps a key made by {@link wrap}; throws DECRYPTION_FAILED on any mismatch. */
  unwrap(wrapped: Uint8Array, aad: Uint8Array, uri: string): Buffer {
    return unwrapKey(this.#bytes, wrapped, aad, uri, 'the store master key');
  }

  wipe(): void {
    this.#bytes.fill(0);
  }

  toString(): string {
    return 'MasterKey([redacted])';
  }
  toJSON(): string {
    return this.toString();
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/** AES-256-GCM key wrap with a random nonce: nonce(12) ‖ ciphertext ‖ tag(16). */
export function wrapKey(kek: Uint8Array, dataKey: Uint8Array, aad: Uint8Array): Buffer {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', kek, nonce);
  c.setAAD(aad);
  return Buffer.concat([nonce, c.update(dataKey), c.final(), c.getAuthTag()]);
}

/** Inverse of {@link wrapKey}. The result is a fresh buffer the caller wipes. */
export function unwrapKey(kek: Uint8Array, wrapped: Uint8Array, aad: Uint8Array, uri: string, what: string): Buffer {
  try {
    if (wrapped.length < 28) throw new Error('short');
    const d = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, 12));
    d.setAAD(aad);
    d.setAuthTag(wrapped.subarray(wrapped.length - 16));
    return Buffer.concat([d.update(wrapped.subarray(12, wrapped.length - 16)), d.final()]);
  } catch (e) {
    throw new AegisError('DECRYPTION_FAILED', `The data key of ${uri} could not be unwrapped with ${what}: stored key material was altered.`, { uri }, { cause: e });
  }
}

/** AAD and purpose of a sealed master key file. */
export const MASTER_KEY_PURPOSE = 'aegis-master-key-v1';
const WHAT = 'the store master key';

/**
 * Loads the master key under `storeDir`, creating it on first use. Creation writes a temp file and
 * hard-links it into place, so two processes racing to create it agree on one key.
 *
 * With `passphrase`, a new key is written sealed, and a plaintext key file is sealed in place
 * (temp file + rename; two processes doing it at once both write the same key, so either wins).
 * @throws KMS_ERROR when the file is sealed and `passphrase` is missing or does not open it
 *   (the file is left as it was); STORAGE_ERROR when the file is damaged.
 */
export function loadOrCreateMasterKey(storeDir: string, passphrase?: KeyringPassphrase): MasterKey {
  const path = join(storeDir, KEY_FILE);
  try {
    return openKeyFile(storeDir, path, passphrase);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(storeDir, { recursive: true, mode: 0o700 });
  const tmp = tempPath(storeDir);
  const fresh = randomBytes(32);
  try {
    writeFileSync(tmp, fileBytes(fresh, path, passphrase), { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fresh.fill(0);
    rmSync(tmp, { force: true });
  }
  // Another process may have won the race, with or without a passphrase.
  return openKeyFile(storeDir, path, passphrase);
}

/** Reads the key file, sealing a plaintext one in place when a passphrase is set. */
function openKeyFile(storeDir: string, path: string, passphrase: KeyringPassphrase | undefined): MasterKey {
  const { key, sealed } = readKeyFile(path, passphrase);
  try {
    if (passphrase && !sealed) sealInPlace(storeDir, path, key, passphrase);
  } catch (e) {
    key.fill(0);
    throw e;
  }
  return new MasterKey(key);
}

function tempPath(storeDir: string): string {
  return join(storeDir, `.${KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
}

/** What the key file holds for `key`: the raw bytes, or the sealed JSON. */
function fileBytes(key: Buffer, path: string, passphrase: KeyringPassphrase | undefined): Buffer {
  if (!passphrase) return key;
  return Buffer.from(JSON.stringify(seal(key, passphrase, MASTER_KEY_PURPOSE, freshSealParams(), path), null, 1) + '\n', 'utf8');
}

function sealInPlace(storeDir: string, path: string, key: Buffer, passphrase: KeyringPassphrase): void {
  const tmp = tempPath(storeDir);
  try {
    writeFileSync(tmp, fileBytes(key, path, passphrase), { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function readKeyFile(path: string, passphrase: KeyringPassphrase | undefined): { key: Buffer; sealed: boolean } {
  const bytes = readFileSync(path);
  if (bytes.length === 32) return { key: bytes, sealed: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  bytes.fill(0);
  if (isSealedKeyFile(parsed)) {
    const { plaintext } = openSealed(parsed, passphrase, MASTER_KEY_PURPOSE, path, WHAT);
    if (plaintext.length === 32) return { key: plaintext, sealed: true };
    plaintext.fill(0);
  }
  throw new AegisError('STORAGE_ERROR', `Store master key ${path} is damaged (expected 32 bytes or a sealed key file).`, { path });
}
