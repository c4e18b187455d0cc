import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { EncryptionContext } from './kms.js';

/**
 * One CloudTrail-like record per KMS call. Never holds key material or plaintext: only names,
 * ids, the encryption context (which is not secret in AWS either — CloudTrail logs it) and the
 * outcome.
 */
export interface AuditEntry {
  eventTime: string;
  eventId: string;
  /** CloudTrail `eventName`: GenerateDataKey, Decrypt, Encrypt, CreateKey, DisableKey, … */
  action: string;
  principal: string;
  /** The key as the caller named it (id, ARN or alias), when it named one. */
  requestedKeyId?: string;
  /** The resolved key ARN, when the call got that far. */
  keyArn?: string;
  encryptionContext?: EncryptionContext;
  outcome: 'success' | 'error';
  /** The AWS exception name on error (AccessDeniedException, InvalidCiphertextException, …). */
  errorCode?: string;
  errorMessage?: string;
  /** Extra non-secret facts (alias created, grant added, days until deletion…). */
  details?: Record<string, unknown>;
}

/**
 * The append-only audit log `<warehouse>/kms/audit.log`: JSON lines, one `write` with O_APPEND
 * per entry so entries from concurrent processes never interleave within a line.
 */
export class AuditLog {
  private dirReady = false;

  constructor(readonly path: string) {}

  async append(entry: Omit<AuditEntry, 'eventTime' | 'eventId'>): Promise<void> {
    const full: AuditEntry = { eventTime: new Date().toISOString(), eventId: randomUUID(), ...entry };
    if (!this.dirReady) {
      await fs.mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      this.dirReady = true;
    }
    await fs.appendFile(this.path, JSON.stringify(full) + '\n', { mode: 0o600 });
  }

  /** All entries, oldest first (the last `tail` when given). */
  async read(tail?: number): Promise<AuditEntry[]> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const lines = text.split('\n').filter((l) => l.length > 0);
    const picked = tail === undefined ? lines : lines.slice(Math.max(0, lines.length - tail));
    return picked.map((l) => JSON.parse(l) as AuditEntry);
  }
}
