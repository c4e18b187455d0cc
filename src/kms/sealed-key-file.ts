/**
 * The on-disk form of a key file sealed by the keyring passphrase (keyring-passphrase.ts): a JSON
 * object that names what it holds, the scrypt salt and parameters, and the AES-256-GCM nonce and
 * ciphertext. The purpose string (`aegis-keyring-v1`, `aegis-master-key-v1`) is also the GCM
 * AAD, so one sealed file cannot be passed off as another.
 *
 * ```json
 * { "sealed": "aegis-keyring-v1", "kdf": "scrypt", "salt": "…", "N": 32768, "r": 8, "p": 1,
 *   "cipher": "aes-256-gcm", "nonce": "…", "ciphertext": "…(ciphertext ‖ 16-byte tag)" }
 * ```
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AegisError } from '../errors.js';
import { DEFAULT_SCRYPT, PASSPHRASE_ENV, type KeyringPassphrase, type ScryptParams } from './keyring-passphrase.js';

export interface SealedKeyFile {
  /** What the file holds; also the AES-GCM AAD. */
  sealed: string;
  kdf: 'scrypt';
  salt: string;
  N: number;
  r: number;
  p: number;
  cipher: 'aes-256-gcm';
  nonce: string;
  ciphertext: string;
}

/** The salt and parameters of a sealed file, reused when the file is rewritten. */
export interface SealParams {
  salt: Buffer;
  params: ScryptParams;
}

const HOW = `set ${PASSPHRASE_ENV} (or keyringPassphrase in aegis.config.json)`;

/** Whether parsed JSON is a sealed key file (of any purpose). */
export function isSealedKeyFile(x: unknown): x is SealedKeyFile {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.sealed === 'string' && o.kdf === 'scrypt' && o.cipher === 'aes-256-gcm' && typeof o.salt === 'string' && typeof o.nonce === 'string' && typeof o.ciphertext === 'string';
}

/** Fresh sealing parameters: a random 16-byte salt and the default scrypt cost. */
export function freshSealParams(): SealParams {
  return { salt: randomBytes(16), params: { ...DEFAULT_SCRYPT } };
}

/** Seals `plaintext` under the passphrase for `purpose` (a new random nonce every time). */
export function seal(plaintext: Uint8Array, passphrase: KeyringPassphrase, purpose: string, sp: SealParams, path: string): SealedKeyFile {
  const key = passphrase.deriveKey(sp.salt, sp.params, path);
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(Buffer.from(purpose, 'utf8'));
  const ct = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
  return {
    sealed: purpose,
    kdf: 'scrypt',
    salt: sp.salt.toString('base64'),
    ...sp.params,
    cipher: 'aes-256-gcm',
    nonce: nonce.toString('base64'),
    ciphertext: ct.toString('base64'),
  };
}

/**
 * Opens a sealed file. The plaintext is a fresh buffer the caller wipes.
 * @param what the file as a user knows it ("the LocalKms keyring"), for messages.
 * @throws KMS_ERROR (`details.reason`): `passphrase_required` when no passphrase is set,
 *   `passphrase_mismatch` when the passphrase does not open the file (or the file was altered),
 *   `damaged` when it holds something else.
 */
export function openSealed(file: SealedKeyFile, passphrase: KeyringPassphrase | undefined, purpose: string, path: string, what: string): { plaintext: Buffer; sp: SealParams } {
  if (file.sealed !== purpose) {
    throw new AegisError('KMS_ERROR', `${what} ${path} is damaged: it holds '${file.sealed}', not '${purpose}'. Restore it from a backup.`, { path, reason: 'damaged' });
  }
  if (!passphrase) {
    throw new AegisError('KMS_ERROR', `${what} ${path} is sealed with a passphrase: ${HOW} to the passphrase this warehouse was sealed with.`, { path, reason: 'passphrase_required' });
  }
  const sp: SealParams = { salt: Buffer.from(file.salt, 'base64'), params: { N: file.N, r: file.r, p: file.p } };
  const key = passphrase.deriveKey(sp.salt, sp.params, path);
  const nonce = Buffer.from(file.nonce, 'base64');
  const ct = Buffer.from(file.ciphertext, 'base64');
  try {
    if (nonce.length !== 12 || ct.length < 16) throw new Error('short');
    const d = createDecipheriv('aes-256-gcm', key, nonce);
    d.setAAD(Buffer.from(purpose, 'utf8'));
    d.setAuthTag(ct.subarray(ct.length - 16));
    return { plaintext: Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]), sp };
  } catch {
    // No cause: nothing in it helps, and it is the one place a wrong key is reported.
    throw new AegisError(
      'KMS_ERROR',
      `The keyring passphrase does not open ${what} ${path}: ${HOW} to the passphrase this warehouse was sealed with (if it is right, the file was altered: restore it from a backup). Nothing was changed.`,
      { path, reason: 'passphrase_mismatch' },
    );
  }
}
