/**
 * The optional passphrase that seals the embedded warehouse's own keys (`AEGIS_KEYRING_PASSPHRASE`,
 * or `keyringPassphrase` in aegis.config.json): the LocalKms keyring and the LocalStore master key.
 *
 * Without it those files hold their key material in plaintext, so anyone who can read the
 * warehouse folder can decrypt its data. With it they hold the material sealed by a key derived
 * from the passphrase with scrypt (see sealed-key-file.ts).
 *
 * The holder never prints the passphrase (`String()`, `JSON.stringify`, `util.inspect` all show
 * `[redacted]`), and derives each (salt, parameters) key once: scrypt is deliberately slow and
 * memory-hungry, and a keyring is re-read whenever another process changes it.
 */
import { scryptSync } from 'node:crypto';
import { inspect } from 'node:util';
import { AegisError } from '../errors.js';

/** The scrypt cost parameters, recorded in every sealed file so they can change later. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** What new sealed files use: 2^15 × 8 is 32 MiB and ~0.1 s per derivation. */
export const DEFAULT_SCRYPT: Readonly<ScryptParams> = { N: 2 ** 15, r: 8, p: 1 };

/** Bounds a sealed file's parameters must respect, so a crafted file cannot exhaust memory. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
/** scrypt needs 128·N·r bytes: at most 256 MiB (8× the default). */
const MAX_MEMORY = 256 * 1024 * 1024;

/** The environment variable that sets the passphrase; errors name it. */
export const PASSPHRASE_ENV = 'AEGIS_KEYRING_PASSPHRASE';

export class KeyringPassphrase {
  readonly #text: string;
  readonly #derived = new Map<string, Buffer>();

  /** @throws INVALID_ARGUMENT for an empty passphrase (an empty one would seal nothing). */
  constructor(text: string) {
    if (typeof text !== 'string' || text.length === 0) throw new AegisError('INVALID_ARGUMENT', `${PASSPHRASE_ENV} must not be empty.`);
    // The same passphrase typed on two systems may arrive composed or decomposed.
    this.#text = text.normalize('NFC');
  }

  /**
   * The 32-byte key scrypt derives from the passphrase and `salt` (cached: do not wipe or keep
   * the returned buffer beyond the call that uses it).
   * @throws KMS_ERROR when `params` are out of the accepted range (a damaged or crafted file).
   */
  deriveKey(salt: Uint8Array, params: ScryptParams, path: string): Buffer {
    checkParams(params, path);
    const id = `${params.N}:${params.r}:${params.p}:${Buffer.from(salt).toString('hex')}`;
    let key = this.#derived.get(id);
    if (!key) {
      key = scryptSync(this.#text, salt, 32, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 });
      this.#derived.set(id, key);
    }
    return key;
  }

  /**
   * The passphrase text, for handing to a scan worker thread only (structured clone keeps no
   * private fields). Never print or persist it.
   */
  revealForWorker(): string {
    return this.#text;
  }

  toString(): string {
    return 'KeyringPassphrase([redacted])';
  }
  toJSON(): string {
    return this.toString();
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

function checkParams(p: ScryptParams, path: string): void {
  const pow2 = Number.isInteger(p.N) && p.N >= 2 && (p.N & (p.N - 1)) === 0;
  const ok = pow2 && p.N <= MAX_N && Number.isInteger(p.r) && p.r >= 1 && p.r <= MAX_R && Number.isInteger(p.p) && p.p >= 1 && p.p <= MAX_P && 128 * p.N * p.r <= MAX_MEMORY;
  if (!ok) {
    throw new AegisError(
      'KMS_ERROR',
      `${path} names scrypt parameters aegis does not accept (N a power of two up to 2^20, r ≤ ${MAX_R}, p ≤ ${MAX_P}, 128·N·r ≤ 256 MiB): the file is damaged. Restore it from a backup.`,
      { path, reason: 'damaged' },
    );
  }
}
