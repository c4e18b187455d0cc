import { randomFillSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AuditLog, type AuditEntry } from './audit-log.js';
import { openBlob, parseBlobHeader, sealBlob } from './ciphertext-blob.js';
import { KmsDataKey, KmsPlaintext } from './data-key.js';
import { isAllowed, normalizeActions, parsePolicy, type KeyPolicy, type KmsAction } from './key-policy.js';
import { isPastDeletion, KeyringFile, type KeyRecord, type KeyringData } from './keyring-file.js';
import type { KeyringPassphrase } from './keyring-passphrase.js';
import type { EncryptionContext, KeyDescription, Kms } from './kms.js';
import type { CreateKeyOptions, KmsAdmin } from './kms-admin.js';
import { kmsError } from './kms-errors.js';

export interface LocalKmsOptions {
  /** The warehouse directory; the keyring and audit log live in `<warehouse>/kms/`. */
  warehouse: string;
  /** Who is calling: checked against key policies and written to the audit log. */
  principal: string;
  /** Region used in new keys' ARNs (default us-east-1). */
  region?: string;
  /** Account id used in new keys' ARNs (default 000000000000). */
  account?: string;
  /** Seals the keyring's key material (keyring-passphrase.ts); unset: the keyring is plaintext. */
  passphrase?: KeyringPassphrase;
}

/** What LocalKms knows about a key beyond the AWS DescribeKey fields. */
export interface LocalKeyDescription extends KeyDescription {
  creator: string;
  managed: boolean;
  keyVersions: number;
  policy: KeyPolicy;
}

export const DEFAULT_S3_ALIAS = 'alias/aws/s3';
const ALIAS_RE = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;
const KEY_ARN_RE = /^arn:aws:kms:[^:]+:[^:]+:key\/(.+)$/;
const ALIAS_ARN_RE = /^arn:aws:kms:[^:]+:[^:]+:(alias\/.+)$/;

interface CallRecord {
  keyArn?: string;
  details?: Record<string, unknown>;
}

/**
 * The embedded KMS: AES-256-GCM master keys in `<warehouse>/kms/keyring.json` (0600), key
 * policies checked for the configured principal, and one audit entry per call in
 * `<warehouse>/kms/audit.log`. Ciphertext blobs are described in ciphertext-blob.ts.
 *
 * Key references may be a key id, a key ARN, an alias (`alias/x`) or an alias ARN. The
 * AWS-managed default key `alias/aws/s3` is created on first use ({@link ensureDefaultKey}, or
 * any crypto call naming an `alias/aws/…` alias). Policy semantics: see key-policy.ts.
 */
export class LocalKms implements Kms, KmsAdmin {
  readonly kind = 'local' as const;
  readonly principal: string;
  readonly region: string;
  readonly account: string;
  readonly dir: string;
  private readonly keyring: KeyringFile;
  private readonly auditLog: AuditLog;
  readonly #passphrase: KeyringPassphrase | undefined;

  constructor(opts: LocalKmsOptions) {
    this.dir = join(opts.warehouse, 'kms');
    this.principal = opts.principal;
    this.region = opts.region ?? 'us-east-1';
    this.account = opts.account ?? '000000000000';
    this.#passphrase = opts.passphrase;
    this.keyring = new KeyringFile(this.dir, opts.passphrase);
    this.auditLog = new AuditLog(join(this.dir, 'audit.log'));
  }

  /** The same keyring seen by another principal (e.g. a server acting for several users). */
  withPrincipal(principal: string): LocalKms {
    return new LocalKms({ warehouse: join(this.dir, '..'), principal, region: this.region, account: this.account, ...(this.#passphrase ? { passphrase: this.#passphrase } : {}) });
  }

  // ---- crypto operations -------------------------------------------------------------------

  async generateDataKey(keyId: string, context?: EncryptionContext, numberOfBytes = 32): Promise<KmsDataKey> {
    return this.call('GenerateDataKey', keyId, context, async (rec) => {
      if (!Number.isInteger(numberOfBytes) || numberOfBytes < 1 || numberOfBytes > 1024) {
        throw kmsError('ValidationException', `NumberOfBytes must be 1–1024, got ${numberOfBytes}.`);
      }
      const key = await this.resolveForUse(keyId, rec, 'kms:GenerateDataKey');
      const plaintext = new Uint8Array(numberOfBytes);
      randomFillSync(plaintext);
      const blob = this.seal(key, plaintext, context);
      return new KmsDataKey(key.arn, plaintext, blob);
    });
  }

  async encrypt(keyId: string, plaintext: Uint8Array, context?: EncryptionContext): Promise<{ keyId: string; ciphertextBlob: Uint8Array }> {
    return this.call('Encrypt', keyId, context, async (rec) => {
      if (plaintext.length < 1 || plaintext.length > 4096) {
        throw kmsError('ValidationException', `Plaintext must be 1–4096 bytes, got ${plaintext.length}.`);
      }
      const key = await this.resolveForUse(keyId, rec, 'kms:Encrypt');
      return { keyId: key.arn, ciphertextBlob: this.seal(key, plaintext, context) };
    });
  }

  async decrypt(ciphertextBlob: Uint8Array, context?: EncryptionContext, keyId?: string): Promise<KmsPlaintext> {
    return this.call('Decrypt', keyId, context, async (rec) => {
      const head = parseBlobHeader(ciphertextBlob);
      const data = await this.keyring.read();
      const key = findKey(data, head.keyId);
      if (!key) {
        // AWS answers a blob for a key it does not know with InvalidCiphertextException.
        throw kmsError('InvalidCiphertextException', 'The ciphertext refers to a key that does not exist in this keyring.');
      }
      rec.keyArn = key.arn;
      if (keyId !== undefined && this.resolve(data, keyId).id !== key.id) {
        throw kmsError('IncorrectKeyException', `The ciphertext was not encrypted under the key ${keyId}.`, { keyArn: key.arn });
      }
      this.checkUse(key, 'kms:Decrypt');
      const version = key.versions.find((v) => v.version === head.keyVersion);
      if (!version) throw kmsError('InvalidCiphertextException', 'The ciphertext refers to an unknown key version.', { keyArn: key.arn });
      const material = Buffer.from(version.material, 'base64');
      try {
        return new KmsPlaintext(key.arn, openBlob(ciphertextBlob, material, context));
      } finally {
        material.fill(0);
      }
    });
  }

  async describeKey(keyId: string): Promise<LocalKeyDescription> {
    return this.call('DescribeKey', keyId, undefined, async (rec) => {
      const key = this.resolve(await this.keyring.read(), keyId);
      rec.keyArn = key.arn;
      return describe(key);
    });
  }

  // ---- administration ----------------------------------------------------------------------

  async createKey(opts: CreateKeyOptions = {}): Promise<LocalKeyDescription> {
    return this.call('CreateKey', opts.alias, undefined, async (rec) => {
      if (opts.alias !== undefined) checkAlias(opts.alias, false);
      const policy = opts.policy ? parsePolicy(opts.policy) : { grants: [{ principal: this.principal, actions: ['kms:*'] }] };
      const key = await this.keyring.update((data) => {
        if (opts.alias !== undefined) assertAliasFree(data, opts.alias);
        const k = this.newKey({ description: opts.description, alias: opts.alias, policy, managed: false });
        data.keys.push(k);
        return k;
      });
      rec.keyArn = key.arn;
      return describe(key);
    });
  }

  async listKeys(): Promise<LocalKeyDescription[]> {
    return this.call('ListKeys', undefined, undefined, async () => {
      const data = await this.keyring.read();
      return data.keys.filter((k) => !isDeleted(k)).map(describe);
    });
  }

  enableKey(keyId: string): Promise<LocalKeyDescription> {
    return this.admin('EnableKey', keyId, 'kms:EnableKey', (k) => {
      if (k.state === 'PendingDeletion') throw kmsError('KMSInvalidStateException', `${k.arn} is pending deletion.`, { keyArn: k.arn });
      k.state = 'Enabled';
    });
  }

  disableKey(keyId: string): Promise<LocalKeyDescription> {
    return this.admin('DisableKey', keyId, 'kms:DisableKey', (k) => {
      if (k.state === 'PendingDeletion') throw kmsError('KMSInvalidStateException', `${k.arn} is pending deletion.`, { keyArn: k.arn });
      k.state = 'Disabled';
    });
  }

  rotateKey(keyId: string): Promise<LocalKeyDescription> {
    return this.admin('RotateKeyOnDemand', keyId, 'kms:RotateKeyOnDemand', (k, rec) => {
      if (k.state !== 'Enabled') {
        throw kmsError(k.state === 'Disabled' ? 'DisabledException' : 'KMSInvalidStateException', `${k.arn} is ${k.state}; only enabled keys rotate.`, { keyArn: k.arn });
      }
      const version = k.versions.length + 1;
      k.versions.push({ version, createdAt: new Date().toISOString(), material: newMaterial() });
      rec.details = { newKeyVersion: version };
    });
  }

  scheduleKeyDeletion(keyId: string, days = 30): Promise<LocalKeyDescription> {
    return this.admin('ScheduleKeyDeletion', keyId, 'kms:ScheduleKeyDeletion', (k, rec) => {
      if (!Number.isInteger(days) || days < 7 || days > 30) {
        throw kmsError('ValidationException', `PendingWindowInDays must be 7–30, got ${days}.`);
      }
      if (k.state === 'PendingDeletion') throw kmsError('KMSInvalidStateException', `${k.arn} is already pending deletion.`, { keyArn: k.arn });
      k.state = 'PendingDeletion';
      k.deletionDate = new Date(Date.now() + days * 86_400_000).toISOString();
      rec.details = { pendingWindowInDays: days, deletionDate: k.deletionDate };
    });
  }

  cancelKeyDeletion(keyId: string): Promise<LocalKeyDescription> {
    return this.admin('CancelKeyDeletion', keyId, 'kms:CancelKeyDeletion', (k) => {
      if (k.state !== 'PendingDeletion') throw kmsError('KMSInvalidStateException', `${k.arn} is not pending deletion.`, { keyArn: k.arn });
      k.state = 'Disabled';
      delete k.deletionDate;
    });
  }

  /** Adds a policy grant: `principal` (or `*`) may perform `actions` (`kms:Decrypt`, `Decrypt`, `kms:*`…). */
  grant(keyId: string, principal: string, actions: readonly string[]): Promise<LocalKeyDescription> {
    return this.admin('PutKeyPolicy', keyId, 'kms:PutKeyPolicy', (k, rec) => {
      if (!principal) throw kmsError('ValidationException', 'A grant needs a principal.');
      const acts = normalizeActions(actions);
      const existing = k.policy.grants.find((g) => g.principal === principal);
      if (existing) existing.actions = [...new Set([...existing.actions, ...acts])];
      else k.policy.grants.push({ principal, actions: acts });
      rec.details = { grantee: principal, actions: acts };
    });
  }

  /** Removes `actions` (all when omitted) from `principal`'s grant. */
  revoke(keyId: string, principal: string, actions?: readonly string[]): Promise<LocalKeyDescription> {
    return this.admin('PutKeyPolicy', keyId, 'kms:PutKeyPolicy', (k, rec) => {
      const acts = actions ? normalizeActions(actions) : undefined;
      k.policy.grants = k.policy.grants
        .map((g) => (g.principal !== principal ? g : { ...g, actions: acts ? g.actions.filter((a) => !acts.includes(a)) : [] }))
        .filter((g) => g.actions.length > 0);
      rec.details = { revokedFrom: principal, actions: acts ?? 'all' };
    });
  }

  /**
   * Makes sure the AWS-managed key behind `alias` (default `alias/aws/s3`) exists and returns
   * its ARN. Audited (as CreateKey) only when it creates the key.
   */
  async ensureDefaultKey(alias = DEFAULT_S3_ALIAS): Promise<string> {
    checkAlias(alias, true);
    const existing = (await this.keyring.read()).keys.find((k) => !isDeleted(k) && k.aliases.includes(alias));
    if (existing) return existing.arn;
    let created = false;
    const arn = await this.keyring.update((data) => {
      const again = data.keys.find((k) => !isDeleted(k) && k.aliases.includes(alias));
      if (again) return again.arn;
      created = true;
      const k = this.newManagedKey(alias);
      data.keys.push(k);
      return k.arn;
    });
    if (created) await this.auditLog.append({ action: 'CreateKey', principal: this.principal, requestedKeyId: alias, keyArn: arn, outcome: 'success', details: { managed: true } });
    return arn;
  }

  /**
   * Whether this principal may perform `action` on the key, without performing it (a policy
   * simulation: not audited, no key material touched). Undefined when the key does not exist.
   * Lets a preflight report predict ACCESS_DENIED before any data is read.
   */
  async permits(keyRef: string, action: KmsAction): Promise<boolean | undefined> {
    try {
      return isAllowed(this.resolve(await this.keyring.read(), keyRef), this.principal, action);
    } catch {
      return undefined;
    }
  }

  /** The ARN a key reference (id, ARN, alias, alias ARN) resolves to, or undefined. Not audited. */
  async keyArnOf(keyRef: string): Promise<string | undefined> {
    try {
      return this.resolve(await this.keyring.read(), keyRef).arn;
    } catch {
      return undefined;
    }
  }

  /**
   * The ARN of the key a LocalKms ciphertext blob was made under, read from its (public) header;
   * undefined for blobs of other KMSs or of unknown keys. Not audited: no key is used.
   */
  async blobKeyArn(blob: Uint8Array): Promise<string | undefined> {
    try {
      const { keyId } = parseBlobHeader(blob);
      return findKey(await this.keyring.read(), keyId)?.arn;
    } catch {
      return undefined;
    }
  }

  /** The audit log, oldest first (the last `tail` entries when given). Reading it is not audited. */
  readAudit(tail?: number): Promise<AuditEntry[]> {
    return this.auditLog.read(tail);
  }

  /** Line numbers of the audit log the last readAudit skipped (torn entries of killed writers). */
  get auditSkippedLines(): readonly number[] {
    return this.auditLog.skippedLines;
  }

  /** Path of the audit log file. */
  get auditPath(): string {
    return this.auditLog.path;
  }

  toJSON(): Record<string, unknown> {
    return { kind: this.kind, dir: this.dir, principal: this.principal, region: this.region, account: this.account };
  }

  toString(): string {
    return `LocalKms(${this.dir}, principal=${this.principal})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  // ---- internals ---------------------------------------------------------------------------

  /** Runs one KMS call and writes exactly one audit entry for it, success or failure. */
  private async call<T>(action: string, requestedKeyId: string | undefined, context: EncryptionContext | undefined, fn: (rec: CallRecord) => Promise<T>): Promise<T> {
    const rec: CallRecord = {};
    const base = { action, principal: this.principal, requestedKeyId, encryptionContext: context && Object.keys(context).length ? context : undefined };
    try {
      const result = await fn(rec);
      await this.auditLog.append({ ...base, keyArn: rec.keyArn, outcome: 'success', details: rec.details });
      return result;
    } catch (e) {
      const details = (e as { details?: { kmsError?: unknown } }).details;
      const errorCode = typeof details?.kmsError === 'string' ? details.kmsError : 'KMSInternalException';
      await this.auditLog.append({ ...base, keyArn: rec.keyArn, outcome: 'error', errorCode, errorMessage: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  /** An administrative mutation under the keyring lock, with the admin permission check. */
  private admin(action: string, keyId: string, perm: KmsAction, mutate: (k: KeyRecord, rec: CallRecord) => void): Promise<LocalKeyDescription> {
    return this.call(action, keyId, undefined, async (rec) => {
      const key = await this.keyring.update((data) => {
        const k = this.resolve(data, keyId);
        rec.keyArn = k.arn;
        this.checkAllowed(k, perm);
        mutate(k, rec);
        return k;
      });
      return describe(key);
    });
  }

  /** Resolves a key for a crypto call: existence (creating `alias/aws/…` keys), permission, state. */
  private async resolveForUse(ref: string, rec: CallRecord, action: KmsAction): Promise<KeyRecord> {
    let data = await this.keyring.read();
    if (ref.startsWith('alias/aws/') && !data.keys.some((k) => !isDeleted(k) && k.aliases.includes(ref))) {
      await this.keyring.update((d) => {
        if (!d.keys.some((k) => !isDeleted(k) && k.aliases.includes(ref))) d.keys.push(this.newManagedKey(ref));
      });
      data = await this.keyring.read();
    }
    const key = this.resolve(data, ref);
    rec.keyArn = key.arn;
    this.checkUse(key, action);
    return key;
  }

  private checkUse(key: KeyRecord, action: KmsAction): void {
    this.checkAllowed(key, action);
    if (key.state === 'Disabled') throw kmsError('DisabledException', `${key.arn} is disabled.`, { keyArn: key.arn });
    if (key.state === 'PendingDeletion') {
      throw kmsError('KMSInvalidStateException', `${key.arn} is pending deletion (on ${key.deletionDate}).`, { keyArn: key.arn });
    }
  }

  private checkAllowed(key: KeyRecord, action: KmsAction): void {
    if (!isAllowed(key, this.principal, action)) {
      throw kmsError(
        'AccessDeniedException',
        `User: ${this.principal} is not authorized to perform: ${action} on resource: ${key.arn} because no key policy allows it.`,
        { principal: this.principal, action, keyArn: key.arn },
      );
    }
  }

  private resolve(data: KeyringData, ref: string): KeyRecord {
    const aliasArn = ALIAS_ARN_RE.exec(ref);
    const keyArn = KEY_ARN_RE.exec(ref);
    const alias = aliasArn ? aliasArn[1]! : ref.startsWith('alias/') ? ref : undefined;
    const key = alias !== undefined ? data.keys.find((k) => !isDeleted(k) && k.aliases.includes(alias)) : findKey(data, keyArn ? keyArn[1]! : ref);
    if (!key) throw kmsError('NotFoundException', `Key '${ref}' does not exist in the LocalKms keyring ${this.dir}.`, { keyId: ref });
    return key;
  }

  private seal(key: KeyRecord, plaintext: Uint8Array, context?: EncryptionContext): Uint8Array {
    const current = key.versions[key.versions.length - 1]!;
    const material = Buffer.from(current.material, 'base64');
    try {
      return sealBlob({ keyId: key.id, keyVersion: current.version }, material, plaintext, context);
    } finally {
      material.fill(0);
    }
  }

  private newKey(o: { description?: string; alias?: string; policy: KeyPolicy; managed: boolean }): KeyRecord {
    const id = randomUUID();
    const now = new Date().toISOString();
    return {
      id,
      arn: `arn:aws:kms:${this.region}:${this.account}:key/${id}`,
      ...(o.description !== undefined ? { description: o.description } : {}),
      creator: this.principal,
      createdAt: now,
      state: 'Enabled',
      managed: o.managed,
      aliases: o.alias !== undefined ? [o.alias] : [],
      policy: o.policy,
      versions: [{ version: 1, createdAt: now, material: newMaterial() }],
    };
  }

  private newManagedKey(alias: string): KeyRecord {
    const service = alias.slice('alias/aws/'.length);
    return this.newKey({
      alias,
      description: `Default key that protects my ${service.toUpperCase()} objects when no other key is defined`,
      policy: { grants: [{ principal: '*', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'] }] },
      managed: true,
    });
  }
}

function newMaterial(): string {
  const m = Buffer.alloc(32);
  randomFillSync(m);
  const b64 = m.toString('base64');
  m.fill(0);
  return b64;
}

const isDeleted = isPastDeletion;

function findKey(data: KeyringData, id: string): KeyRecord | undefined {
  return data.keys.find((k) => k.id === id && !isDeleted(k));
}

function checkAlias(alias: string, managed: boolean): void {
  if (!ALIAS_RE.test(alias)) {
    throw kmsError('ValidationException', `Alias '${alias}' must look like alias/<name> (letters, digits, / _ -).`);
  }
  if (alias.startsWith('alias/aws/') !== managed) {
    throw kmsError('ValidationException', managed ? `'${alias}' is not an AWS-managed alias (alias/aws/…).` : `Aliases under alias/aws/ are reserved for AWS-managed keys: '${alias}'.`);
  }
}

function assertAliasFree(data: KeyringData, alias: string): void {
  if (data.keys.some((k) => !isDeleted(k) && k.aliases.includes(alias))) {
    throw kmsError('AlreadyExistsException', `Alias ${alias} already exists.`, { alias });
  }
}

function describe(k: KeyRecord): LocalKeyDescription {
  return {
    keyId: k.id,
    arn: k.arn,
    aliases: [...k.aliases],
    enabled: k.state === 'Enabled',
    keyState: k.state,
    creationDate: new Date(k.createdAt),
    ...(k.description !== undefined ? { description: k.description } : {}),
    ...(k.deletionDate !== undefined ? { deletionDate: new Date(k.deletionDate) } : {}),
    creator: k.creator,
    managed: k.managed,
    keyVersions: k.versions.length,
    policy: { grants: k.policy.grants.map((g) => ({ principal: g.principal, actions: [...g.actions] })) },
  };
}
