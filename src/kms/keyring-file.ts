import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AegisError } from '../errors.js';
import type { KeyPolicy } from './key-policy.js';
import type { KeyringPassphrase } from './keyring-passphrase.js';
import { freshSealParams, isSealedKeyFile, openSealed, seal, type SealParams } from './sealed-key-file.js';

/** One generation of a key's material. Rotation appends a version; old ones keep decrypting. */
export interface KeyVersionRecord {
  version: number;
  createdAt: string;
  /**
   * 32 bytes of AES-256 key material, base64. Lives only in the 0600 keyring file, sealed there
   * when the warehouse has a keyring passphrase.
   */
  material: string;
}

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

export interface KeyRecord {
  id: string;
  arn: string;
  description?: string;
  /** The principal that created the key (its administrator unless `managed`). */
  creator: string;
  createdAt: string;
  state: KeyState;
  deletionDate?: string;
  /** AWS-managed key (alias/aws/…): usable by all, administered by none. */
  managed: boolean;
  /** Full alias names, `alias/…`. */
  aliases: string[];
  policy: KeyPolicy;
  versions: KeyVersionRecord[];
}

export interface KeyringData {
  format: 1;
  keys: KeyRecord[];
}

/** Whether a PendingDeletion key's deletion date has passed (it then counts as deleted). */
export function isPastDeletion(k: KeyRecord): boolean {
  return k.state === 'PendingDeletion' && k.deletionDate !== undefined && Date.parse(k.deletionDate) <= Date.now();
}

const LOCK_RETRY_MS = 15;
const LOCK_TIMEOUT_MS = 60_000;
/** A lock older than this is taken over even if its holder's pid looks alive (pid reuse). */
const LOCK_STALE_MS = 30_000;

/** AAD and purpose of a sealed keyring file (sealed-key-file.ts). */
export const KEYRING_PURPOSE = 'aegis-keyring-v1';

/**
 * The keyring on disk: `<warehouse>/kms/keyring.json` (mode 0600, directory 0700).
 *
 * With a keyring passphrase the file is a sealed key file (sealed-key-file.ts) around the same
 * JSON; a plaintext keyring met with a passphrase set is sealed on first read, under the lock,
 * by temp file and rename. A sealed keyring without the passphrase, or with a wrong one, fails
 * with KMS_ERROR before anything is written.
 *
 * Two processes (a CLI and a server) may share a warehouse, so every change is a locked
 * read-modify-write (`keyring.lock`, created exclusively) that writes a temp file and renames it
 * over the keyring — readers never see a half-written file — and every read re-reads the file
 * when its inode, size or mtime changed since the last read.
 */
export class KeyringFile {
  readonly path: string;
  private readonly lockPath: string;
  private cache?: { sig: string; data: KeyringData };
  readonly #passphrase: KeyringPassphrase | undefined;
  /** Salt and scrypt parameters of the sealed file last read, kept on rewrite (one derivation). */
  #sealParams: SealParams | undefined;

  constructor(
    readonly dir: string,
    passphrase?: KeyringPassphrase,
  ) {
    this.path = join(dir, 'keyring.json');
    this.lockPath = join(dir, 'keyring.lock');
    this.#passphrase = passphrase;
  }

  /** The current keyring (do not mutate the result; use {@link update}). */
  async read(): Promise<KeyringData> {
    let st;
    try {
      st = await fs.stat(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { format: 1, keys: [] };
      throw e;
    }
    const sig = `${st.ino}:${st.size}:${st.mtimeMs}`;
    if (this.cache?.sig === sig) return this.cache.data;
    const { data, sealed } = await this.load();
    if (this.#passphrase && !sealed) {
      // A keyring written before the passphrase was set: seal it now (update rewrites it).
      await this.update(() => undefined);
      return this.cache!.data;
    }
    this.cache = { sig, data };
    return data;
  }

  /** Runs `fn` on a fresh copy under the lock and persists the result atomically. */
  async update<T>(fn: (data: KeyringData) => T): Promise<T> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const release = await this.lock();
    try {
      const { data } = await this.load();
      // Keys whose deletion window has passed are gone for good, material included.
      data.keys = data.keys.filter((k) => !isPastDeletion(k));
      const result = fn(data);
      await this.write(data);
      return result;
    } finally {
      await release();
    }
  }

  toString(): string {
    return `KeyringFile(${this.path})`;
  }

  // The cache holds key material: never print it.
  [inspect.custom](): string {
    return this.toString();
  }

  /** The keyring as stored, and whether it was sealed; throws before any write on a bad file. */
  private async load(): Promise<{ data: KeyringData; sealed: boolean }> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { data: { format: 1, keys: [] }, sealed: false };
      throw e;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AegisError('KMS_ERROR', `The LocalKms keyring ${this.path} is not valid JSON.`, { path: this.path });
    }
    let sealed = false;
    if (isSealedKeyFile(parsed)) {
      const { plaintext, sp } = openSealed(parsed, this.#passphrase, KEYRING_PURPOSE, this.path, 'the LocalKms keyring');
      try {
        parsed = JSON.parse(plaintext.toString('utf8'));
      } catch {
        throw new AegisError('KMS_ERROR', `The LocalKms keyring ${this.path} opened but does not hold JSON.`, { path: this.path });
      } finally {
        plaintext.fill(0);
      }
      this.#sealParams = sp;
      sealed = true;
    }
    const data = parsed as KeyringData;
    if (data.format !== 1 || !Array.isArray(data.keys)) {
      throw new AegisError('KMS_ERROR', `The LocalKms keyring ${this.path} has an unknown format.`, { path: this.path });
    }
    return { data, sealed };
  }

  /** The file's bytes: the keyring JSON, sealed when a passphrase is set. */
  private serialize(data: KeyringData): string {
    const json = JSON.stringify(data, null, 1) + '\n';
    if (!this.#passphrase) return json;
    this.#sealParams ??= freshSealParams();
    const plain = Buffer.from(json, 'utf8');
    try {
      return JSON.stringify(seal(plain, this.#passphrase, KEYRING_PURPOSE, this.#sealParams, this.path), null, 1) + '\n';
    } finally {
      plain.fill(0);
    }
  }

  private async write(data: KeyringData): Promise<void> {
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const bytes = this.serialize(data);
    const fh = await fs.open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, this.path);
    const st = await fs.stat(this.path);
    this.cache = { sig: `${st.ino}:${st.size}:${st.mtimeMs}`, data: JSON.parse(JSON.stringify(data)) as KeyringData };
  }

  /** The stale lock's identity (content + mtime) when the lock is stale, else undefined. */
  private async staleLock(): Promise<string | undefined> {
    const st = await fs.stat(this.lockPath).catch(() => undefined);
    if (!st) return undefined;
    const text = await fs.readFile(this.lockPath, 'utf8').catch(() => '');
    const sig = `${text}@${st.mtimeMs}`;
    if (Date.now() - st.mtimeMs > LOCK_STALE_MS) return sig;
    const pid = Number(text);
    // An empty file is a holder between create and write: not stale.
    if (!text || !Number.isInteger(pid) || pid <= 0) return undefined;
    try {
      process.kill(pid, 0);
      return undefined;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH' ? sig : undefined;
    }
  }

  /** Removes the lock only if it is still the stale one we looked at (another waiter may have replaced it). */
  private async removeStale(sig: string): Promise<void> {
    const st = await fs.stat(this.lockPath).catch(() => undefined);
    const text = await fs.readFile(this.lockPath, 'utf8').catch(() => '');
    if (st && `${text}@${st.mtimeMs}` === sig) await fs.rm(this.lockPath, { force: true });
  }

  private async lock(): Promise<() => Promise<void>> {
    const deadline = Date.now() + LOCK_TIMEOUT_MS;
    for (;;) {
      try {
        const fh = await fs.open(this.lockPath, 'wx', 0o600);
        await fh.writeFile(String(process.pid));
        await fh.close();
        return () => fs.rm(this.lockPath, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      // A holder that died leaves its lock behind: take it over when its process is gone, or
      // when the lock is older than any keyring write could take.
      const stale = await this.staleLock();
      if (stale !== undefined) {
        await this.removeStale(stale);
        continue;
      }
      if (Date.now() > deadline) {
        throw new AegisError('KMS_ERROR', `Timed out waiting for the keyring lock ${this.lockPath}.`, { path: this.lockPath });
      }
      await new Promise((r) => setTimeout(r, LOCK_RETRY_MS));
    }
  }
}
