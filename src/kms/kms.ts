/**
 * The KMS boundary (a subset of AWS KMS's JSON API). Backends: LocalKms (embedded keyring with
 * key policy and audit log) and AwsKms (@aws-sdk/client-kms, any endpoint). One contract suite
 * runs against LocalKms and moto's KMS.
 *
 * Errors are `AegisError`s whose `details.kmsError` carries the AWS exception name:
 * `INVALID_CIPHERTEXT` (InvalidCiphertextException — also a wrong encryption context),
 * `KMS_DISABLED` (DisabledException), `KMS_INVALID_STATE` (KMSInvalidStateException, e.g. pending
 * deletion), `NOT_FOUND` (NotFoundException), `ACCESS_DENIED` (AccessDeniedException, naming the
 * principal and key), `KMS_ERROR` (anything else). Also: IncorrectKeyException (decrypt with a
 * KeyId that did not make the blob) → `INVALID_CIPHERTEXT`; ValidationException → `INVALID_ARGUMENT`;
 * AlreadyExistsException (alias taken) → `ALREADY_EXISTS` (mapping in kms-errors.ts).
 *
 * Key administration (create, disable, rotate, schedule deletion…) is `KmsAdmin` (kms-admin.ts);
 * `openKms(config)` in src/backends.ts returns a backend implementing both. Returned DataKey /
 * decrypt results redact their plaintext in `util.inspect` and JSON (data-key.ts).
 */
export type EncryptionContext = Record<string, string>;

export interface DataKey {
  /** Key ARN that wrapped the data key. */
  keyId: string;
  /** The plaintext data key. The caller owns it and must wipe it (`fill(0)`) when done. */
  plaintext: Uint8Array;
  ciphertextBlob: Uint8Array;
}

export interface KeyDescription {
  keyId: string;
  arn: string;
  aliases: string[];
  enabled: boolean;
  keyState: 'Enabled' | 'Disabled' | 'PendingDeletion';
  creationDate: Date;
  description?: string;
  deletionDate?: Date;
}

export interface Kms {
  readonly kind: 'local' | 'aws';
  generateDataKey(keyId: string, context?: EncryptionContext, numberOfBytes?: number): Promise<DataKey>;
  /** Returns the plaintext (caller wipes it) and the ARN of the key that decrypted. */
  decrypt(ciphertextBlob: Uint8Array, context?: EncryptionContext, keyId?: string): Promise<{ keyId: string; plaintext: Uint8Array }>;
  encrypt(keyId: string, plaintext: Uint8Array, context?: EncryptionContext): Promise<{ keyId: string; ciphertextBlob: Uint8Array }>;
  describeKey(keyId: string): Promise<KeyDescription>;
  close?(): Promise<void>;
}
