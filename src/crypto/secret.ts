/**
 * A holder for key material (plaintext data keys). It exists so that a key can be passed around
 * without ever being printed: `toString`, `util.inspect` and `JSON.stringify` all show only the
 * length, and the bytes live in a private field that reflection does not enumerate.
 *
 * The holder owns its bytes: `wipe()` overwrites them with zeros, after which any use throws.
 */
import { AegisError } from '../errors.js';

const REDACTED = (n: number): string => `SecretBytes([redacted] ${n} bytes)`;

export class SecretBytes {
  readonly #bytes: Uint8Array;
  #wiped = false;

  /**
   * Takes ownership of `bytes` (no copy): the caller must not keep using or printing the array.
   * Use {@link SecretBytes.copyOf} to keep the source intact.
   */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** A holder over a private copy of `bytes`; the source stays the caller's to wipe. */
  static copyOf(bytes: Uint8Array): SecretBytes {
    return new SecretBytes(Uint8Array.from(bytes));
  }

  get length(): number {
    return this.#bytes.length;
  }

  get wiped(): boolean {
    return this.#wiped;
  }

  /**
   * Runs `fn` with the raw bytes. The view is only valid during the call: do not store it,
   * and do not print it. Throws INTERNAL_ERROR after `wipe()`.
   */
  use<T>(fn: (bytes: Uint8Array) => T): T {
    if (this.#wiped) throw new AegisError('INTERNAL_ERROR', 'A key was used after it was wiped.');
    return fn(this.#bytes);
  }

  /** Overwrites the bytes with zeros. Idempotent. */
  wipe(): void {
    this.#bytes.fill(0);
    this.#wiped = true;
  }

  toString(): string {
    return REDACTED(this.#bytes.length);
  }

  toJSON(): string {
    return REDACTED(this.#bytes.length);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED(this.#bytes.length);
  }
}
