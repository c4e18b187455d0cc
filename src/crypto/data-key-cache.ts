/**
 * Per-query cache of unwrapped CSE-KMS data keys: one KMS Decrypt per distinct (wrapped key,
 * encryption context), shared by every object of the query that uses the same data key.
 * Keys live only in memory, inside SecretBytes, and `dispose()` wipes them all when the query
 * ends. The cache prints as a count, never as keys.
 */
import { AegisError } from '../errors.js';
import type { EncryptionContext, Kms } from '../kms/kms.js';
import { SecretBytes } from './secret.js';

export interface UnwrappedKey {
  /** ARN of the KMS key that unwrapped the data key. */
  keyId: string;
  /** The data key; owned by the cache (do not wipe it yourself, do not keep it past dispose). */
  key: SecretBytes;
  /** True when this call went to KMS (false: served from the cache). */
  kmsCall: boolean;
}

interface Entry {
  keyId: string;
  key: SecretBytes;
}

export class DataKeyCache {
  readonly #entries = new Map<string, Promise<Entry>>();
  readonly #resolved: Entry[] = [];
  #kmsCalls = 0;
  #disposed = false;

  /** KMS Decrypt calls made through this cache so far. */
  get kmsCalls(): number {
    return this.#kmsCalls;
  }

  /** Distinct data keys held. */
  get size(): number {
    return this.#resolved.length;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Returns the plaintext data key for `wrapped` under `context`, calling KMS Decrypt at most
   * once per distinct pair (concurrent callers share the call).
   * @throws whatever `kms.decrypt` throws (INVALID_CIPHERTEXT, ACCESS_DENIED, …); INTERNAL_ERROR
   *   after dispose.
   */
  async unwrap(kms: Kms, wrapped: Uint8Array, context: EncryptionContext): Promise<UnwrappedKey> {
    if (this.#disposed) throw new AegisError('INTERNAL_ERROR', 'The data-key cache was used after the query ended.');
    const id = cacheKey(wrapped, context);
    const hit = this.#entries.get(id);
    if (hit) {
      const e = await hit;
      return { keyId: e.keyId, key: e.key, kmsCall: false };
    }
    const pending = this.#fetch(kms, wrapped, context);
    this.#entries.set(id, pending);
    try {
      const e = await pending;
      return { keyId: e.keyId, key: e.key, kmsCall: true };
    } catch (err) {
      this.#entries.delete(id);
      throw err;
    }
  }

  async #fetch(kms: Kms, wrapped: Uint8Array, context: EncryptionContext): Promise<Entry> {
    this.#kmsCalls++;
    const { keyId, plaintext } = await kms.decrypt(wrapped, context);
    const entry: Entry = { keyId, key: new SecretBytes(plaintext) };
    if (this.#disposed) {
      // The query ended while KMS answered: do not let the key outlive it.
      entry.key.wipe();
      throw new AegisError('INTERNAL_ERROR', 'The data-key cache was disposed while a key was being unwrapped.');
    }
    this.#resolved.push(entry);
    return entry;
  }

  /** Wipes every plaintext data key (fill(0)) and refuses further use. Idempotent. */
  dispose(): void {
    this.#disposed = true;
    for (const e of this.#resolved) e.key.wipe();
    this.#resolved.length = 0;
    this.#entries.clear();
  }

  toString(): string {
    return `DataKeyCache(${this.size} keys, ${this.#kmsCalls} KMS calls${this.#disposed ? ', disposed' : ''})`;
  }

  toJSON(): { keys: number; kmsCalls: number; disposed: boolean } {
    return { keys: this.size, kmsCalls: this.#kmsCalls, disposed: this.#disposed };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function cacheKey(wrapped: Uint8Array, context: EncryptionContext): string {
  const sorted = Object.keys(context)
    .sort()
    .map((k) => [k, context[k]]);
  return `${Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength).toString('base64')}\u0000${JSON.stringify(sorted)}`;
}
