import { inspect } from 'node:util';
import type { DataKey } from './kms.js';

/**
 * The objects the KMS backends return that hold plaintext key bytes. They are ordinary
 * `DataKey` / decrypt results (the caller reads `plaintext` and must wipe it), but print and
 * serialise without the key: `util.inspect`, `String()` and `JSON.stringify` show only its length.
 */
export class KmsDataKey implements DataKey {
  constructor(
    readonly keyId: string,
    readonly plaintext: Uint8Array,
    readonly ciphertextBlob: Uint8Array,
  ) {}

  /** Zeroes the plaintext key in place. */
  wipe(): void {
    this.plaintext.fill(0);
  }

  toJSON(): Record<string, unknown> {
    return { keyId: this.keyId, plaintext: `[redacted ${this.plaintext.length} bytes]`, ciphertextBlobLength: this.ciphertextBlob.length };
  }

  toString(): string {
    return `KmsDataKey(${this.keyId}, plaintext [redacted ${this.plaintext.length} bytes])`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Result of `Kms.decrypt`: the plaintext and the ARN of the key that decrypted it. */
export class KmsPlaintext {
  constructor(
    readonly keyId: string,
    readonly plaintext: Uint8Array,
  ) {}

  /** Zeroes the plaintext in place. */
  wipe(): void {
    this.plaintext.fill(0);
  }

  toJSON(): Record<string, unknown> {
    return { keyId: this.keyId, plaintext: `[redacted ${this.plaintext.length} bytes]` };
  }

  toString(): string {
    return `KmsPlaintext(${this.keyId}, plaintext [redacted ${this.plaintext.length} bytes])`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
