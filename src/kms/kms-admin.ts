import type { KeyDescription } from './kms.js';
import type { KeyPolicy } from './key-policy.js';

export interface CreateKeyOptions {
  /** `alias/<name>`; names under `alias/aws/` are reserved for AWS-managed keys. */
  alias?: string;
  description?: string;
  /** LocalKms only: the key policy (see key-policy.ts); default: the creator may do everything. */
  policy?: KeyPolicy;
}

/**
 * Key administration, implemented by both backends so the admin CLI and the contract suite
 * drive LocalKms and AWS/moto alike. Errors follow kms.ts (`NOT_FOUND`, `KMS_INVALID_STATE`, …).
 */
export interface KmsAdmin {
  createKey(opts?: CreateKeyOptions): Promise<KeyDescription>;
  listKeys(): Promise<KeyDescription[]>;
  enableKey(keyId: string): Promise<KeyDescription>;
  disableKey(keyId: string): Promise<KeyDescription>;
  /** New key material for new encryptions; blobs made under older material still decrypt. */
  rotateKey(keyId: string): Promise<KeyDescription>;
  /** `days` 7–30 (AWS's window), default 30. The key is PendingDeletion until then. */
  scheduleKeyDeletion(keyId: string, days?: number): Promise<KeyDescription>;
  /** Back to Disabled, as in AWS. */
  cancelKeyDeletion(keyId: string): Promise<KeyDescription>;
}
