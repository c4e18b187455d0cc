// Types only at load time: the SDK itself (~0.3 s to import) is loaded on the first call, so
// the CLI and engine start fast when KMS is local.
import type { KeyMetadata, KMSClient } from '@aws-sdk/client-kms';
import { inspect } from 'node:util';
import { AegisError } from '../errors.js';
import { KmsDataKey, KmsPlaintext } from './data-key.js';
import type { EncryptionContext, KeyDescription, Kms } from './kms.js';
import type { CreateKeyOptions, KmsAdmin } from './kms-admin.js';
import { kmsError } from './kms-errors.js';

export interface AwsKmsOptions {
  region?: string;
  /** Explicit endpoint; otherwise `AWS_ENDPOINT_URL_KMS`, otherwise AWS's. */
  endpoint?: string;
  /** Explicit credentials; otherwise the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * KMS over @aws-sdk/client-kms: AWS itself, or any endpoint speaking its JSON API (moto in
 * tests). AWS exceptions become AegisErrors per kms.ts with `details.kmsError` = the exception name.
 */
export class AwsKms implements Kms, KmsAdmin {
  readonly kind = 'aws' as const;
  readonly region: string;
  readonly endpoint?: string;
  private readonly credentials?: AwsKmsOptions['credentials'];
  private sdk?: Promise<{ client: KMSClient; m: typeof import('@aws-sdk/client-kms') }>;

  constructor(opts: AwsKmsOptions = {}) {
    this.region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    const endpoint = opts.endpoint ?? (process.env.AWS_ENDPOINT_URL_KMS || undefined);
    if (endpoint !== undefined) this.endpoint = endpoint;
    if (opts.credentials) this.credentials = opts.credentials;
  }

  private load(): Promise<{ client: KMSClient; m: typeof import('@aws-sdk/client-kms') }> {
    this.sdk ??= import('@aws-sdk/client-kms').then((m) => ({
      m,
      client: new m.KMSClient({
        region: this.region,
        ...(this.endpoint !== undefined ? { endpoint: this.endpoint } : {}),
        ...(this.credentials ? { credentials: this.credentials } : {}),
        maxAttempts: 3,
      }),
    }));
    return this.sdk;
  }

  async generateDataKey(keyId: string, context?: EncryptionContext, numberOfBytes = 32): Promise<KmsDataKey> {
    const out = await this.send(keyId, (c, m) =>
      c.send(new m.GenerateDataKeyCommand({ KeyId: keyId, EncryptionContext: ctx(context), ...(numberOfBytes === 32 ? { KeySpec: 'AES_256' } : { NumberOfBytes: numberOfBytes }) })),
    );
    return new KmsDataKey(out.KeyId ?? keyId, required(out.Plaintext, 'Plaintext'), required(out.CiphertextBlob, 'CiphertextBlob'));
  }

  async decrypt(ciphertextBlob: Uint8Array, context?: EncryptionContext, keyId?: string): Promise<KmsPlaintext> {
    const out = await this.send(keyId, (c, m) =>
      c.send(new m.DecryptCommand({ CiphertextBlob: ciphertextBlob, EncryptionContext: ctx(context), ...(keyId !== undefined ? { KeyId: keyId } : {}) })),
    );
    return new KmsPlaintext(out.KeyId ?? keyId ?? '', required(out.Plaintext, 'Plaintext'));
  }

  async encrypt(keyId: string, plaintext: Uint8Array, context?: EncryptionContext): Promise<{ keyId: string; ciphertextBlob: Uint8Array }> {
    const out = await this.send(keyId, (c, m) => c.send(new m.EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: ctx(context) })));
    return { keyId: out.KeyId ?? keyId, ciphertextBlob: required(out.CiphertextBlob, 'CiphertextBlob') };
  }

  async describeKey(keyId: string): Promise<KeyDescription> {
    const out = await this.send(keyId, (c, m) => c.send(new m.DescribeKeyCommand({ KeyId: keyId })));
    return this.withAliases(required(out.KeyMetadata, 'KeyMetadata'));
  }

  async createKey(opts: CreateKeyOptions = {}): Promise<KeyDescription> {
    if (opts.policy) throw new AegisError('NOT_SUPPORTED', 'Key policies in aegis form apply to LocalKms only; set AWS key policies with AWS tools.');
    const out = await this.send(undefined, (c, m) => c.send(new m.CreateKeyCommand({ ...(opts.description !== undefined ? { Description: opts.description } : {}) })));
    const meta = required(out.KeyMetadata, 'KeyMetadata');
    if (opts.alias !== undefined) {
      const alias = opts.alias;
      await this.send(alias, (c, m) => c.send(new m.CreateAliasCommand({ AliasName: alias, TargetKeyId: meta.KeyId })));
    }
    return describe(meta, opts.alias !== undefined ? [opts.alias] : []);
  }

  async listKeys(): Promise<KeyDescription[]> {
    const ids: string[] = [];
    let marker: string | undefined;
    do {
      const page = await this.send(undefined, (c, m) => c.send(new m.ListKeysCommand({ ...(marker ? { Marker: marker } : {}) })));
      for (const k of page.Keys ?? []) if (k.KeyId) ids.push(k.KeyId);
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    const aliases = await this.aliasMap();
    const out: KeyDescription[] = [];
    for (const id of ids) {
      const d = await this.send(id, (c, m) => c.send(new m.DescribeKeyCommand({ KeyId: id })));
      const meta = required(d.KeyMetadata, 'KeyMetadata');
      out.push(describe(meta, aliases.get(meta.KeyId ?? '') ?? []));
    }
    return out;
  }

  async enableKey(keyId: string): Promise<KeyDescription> {
    await this.send(keyId, (c, m) => c.send(new m.EnableKeyCommand({ KeyId: keyId })));
    return this.describeKey(keyId);
  }

  async disableKey(keyId: string): Promise<KeyDescription> {
    await this.send(keyId, (c, m) => c.send(new m.DisableKeyCommand({ KeyId: keyId })));
    return this.describeKey(keyId);
  }

  async rotateKey(keyId: string): Promise<KeyDescription> {
    await this.send(keyId, (c, m) => c.send(new m.RotateKeyOnDemandCommand({ KeyId: keyId })));
    return this.describeKey(keyId);
  }

  async scheduleKeyDeletion(keyId: string, days = 30): Promise<KeyDescription> {
    await this.send(keyId, (c, m) => c.send(new m.ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: days })));
    return this.describeKey(keyId);
  }

  async cancelKeyDeletion(keyId: string): Promise<KeyDescription> {
    await this.send(keyId, (c, m) => c.send(new m.CancelKeyDeletionCommand({ KeyId: keyId })));
    return this.describeKey(keyId);
  }

  async close(): Promise<void> {
    if (this.sdk) (await this.sdk).client.destroy();
  }

  toJSON(): Record<string, unknown> {
    return { kind: this.kind, region: this.region, endpoint: this.endpoint };
  }

  toString(): string {
    return `AwsKms(${this.region}${this.endpoint ? `, ${this.endpoint}` : ''})`;
  }

  // The SDK client holds credentials: never print it.
  [inspect.custom](): string {
    return this.toString();
  }

  private async withAliases(meta: KeyMetadata): Promise<KeyDescription> {
    const aliases = await this.aliasMap(meta.KeyId);
    return describe(meta, aliases.get(meta.KeyId ?? '') ?? []);
  }

  private async aliasMap(keyId?: string): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    let marker: string | undefined;
    do {
      const page = await this.send(keyId, (c, m) => c.send(new m.ListAliasesCommand({ ...(keyId ? { KeyId: keyId } : {}), ...(marker ? { Marker: marker } : {}) })));
      for (const a of page.Aliases ?? []) {
        if (!a.TargetKeyId || !a.AliasName) continue;
        map.set(a.TargetKeyId, [...(map.get(a.TargetKeyId) ?? []), a.AliasName]);
      }
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return map;
  }

  private async send<T>(keyId: string | undefined, call: (c: KMSClient, m: typeof import('@aws-sdk/client-kms')) => Promise<T>): Promise<T> {
    try {
      const { client, m } = await this.load();
      return await call(client, m);
    } catch (e) {
      throw mapAwsKmsError(e, keyId);
    }
  }
}

/** Turns an SDK exception into the typed error of kms.ts (exported for tests of the mapping). */
export function mapAwsKmsError(e: unknown, keyId?: string): AegisError {
  if (e instanceof AegisError) return e;
  const name = (e as { name?: unknown })?.name;
  const exception = typeof name === 'string' && name ? name : 'KMSInternalException';
  const message = e instanceof Error && e.message ? e.message : exception;
  return kmsError(exception, `KMS ${exception}${keyId ? ` for key ${keyId}` : ''}: ${message}`, keyId ? { keyId } : {}, e);
}

function ctx(context: EncryptionContext | undefined): EncryptionContext | undefined {
  return context && Object.keys(context).length > 0 ? context : undefined;
}

function required<T>(v: T | undefined, field: string): T {
  if (v === undefined) throw new AegisError('KMS_ERROR', `KMS response lacks ${field}.`, { kmsError: 'KMSInternalException' });
  return v;
}

function describe(m: KeyMetadata, aliases: string[]): KeyDescription {
  const state = m.KeyState === 'Enabled' || m.KeyState === 'Disabled' || m.KeyState === 'PendingDeletion' ? m.KeyState : 'Disabled';
  return {
    keyId: m.KeyId ?? '',
    arn: m.Arn ?? '',
    aliases,
    enabled: m.Enabled === true && state === 'Enabled',
    keyState: state,
    creationDate: m.CreationDate ?? new Date(0),
    ...(m.Description ? { description: m.Description } : {}),
    ...(m.DeletionDate ? { deletionDate: m.DeletionDate } : {}),
  };
}
