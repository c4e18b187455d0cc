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
    // A writer killed mid-line leaves a torn last line: start on a fresh line after it.
    const prefix = (await this.endsTorn()) ? '\n' : '';
    await fs.appendFile(this.path, prefix + JSON.stringify(full) + '\n', { mode: 0o600 });
  }

  /** Whether the file's last byte is not a newline (a torn entry). */
  private async endsTorn(): Promise<boolean> {
    let fh: fs.FileHandle | undefined;
    try {
      fh = await fs.open(this.path, 'r');
      const { size } = await fh.stat();
      if (size === 0) return false;
      const b = Buffer.alloc(1);
      await fh.read(b, 0, 1, size - 1);
      return b[0] !== 0x0a;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    } finally {
      await fh?.close();
    }
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
    const entries: AuditEntry[] = [];
    const skipped: number[] = [];
    text.split('\n').forEach((l, i) => {
      if (l.length === 0) return;
      try {
        entries.push(JSON.parse(l) as AuditEntry);
      } catch {
        skipped.push(i + 1);
      }
    });
    this.skippedLines = skipped;
    return tail === undefined ? entries : entries.slice(Math.max(0, entries.length - tail));
  }

  /** Line numbers the last `read` skipped because they were not whole entries (torn writes). */
  skippedLines: number[] = [];
}
