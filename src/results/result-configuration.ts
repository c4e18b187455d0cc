/**
 * Athena's `ResultConfiguration` and the rules that pick the one a query runs with: the client's
 * settings, the workgroup's, `EnforceWorkGroupConfiguration` and
 * `EnableMinimumEncryptionConfiguration`, and aegis's embedded default (an output location in the
 * warehouse, SSE_S3). The source's encryption never takes part.
 */
import { AegisError } from '../errors.js';

/** `NONE` is aegis's explicit opt-out (Athena has none); it is never a default. */
export type EncryptionOption = 'SSE_S3' | 'SSE_KMS' | 'CSE_KMS' | 'NONE';

export const ENCRYPTION_OPTIONS: readonly EncryptionOption[] = ['NONE', 'SSE_S3', 'SSE_KMS', 'CSE_KMS'];

export interface EncryptionConfiguration {
  EncryptionOption: EncryptionOption;
  KmsKey?: string;
}

/** Athena's `ResultConfiguration` (field names as in the API). */
export interface ResultConfiguration {
  OutputLocation?: string;
  EncryptionConfiguration?: EncryptionConfiguration;
  ExpectedBucketOwner?: string;
  AclConfiguration?: { S3AclOption: string };
}

/** Athena's `WorkGroupConfiguration`, the parts aegis acts on. */
export interface WorkGroupConfiguration {
  ResultConfiguration?: ResultConfiguration;
  EnforceWorkGroupConfiguration?: boolean;
  EnableMinimumEncryptionConfiguration?: boolean;
  BytesScannedCutoffPerQuery?: number;
  /** aegis's extension: queries of the workgroup stop with QUERY_TIMEOUT after this many seconds. */
  QueryTimeoutSeconds?: number;
  /**
   * aegis's extension: queries of the workgroup refuse any object stored without encryption
   * (ENCRYPTION_REQUIRED), as `--require-encryption` does engine-wide.
   */
  RequireEncryption?: boolean;
  PublishCloudWatchMetricsEnabled?: boolean;
  RequesterPaysEnabled?: boolean;
  EngineVersion?: { SelectedEngineVersion?: string; EffectiveEngineVersion?: string };
}

/** What a query's result is written with. */
export interface EffectiveResultConfiguration {
  /** `s3://bucket/prefix/` (always ends with `/`). */
  outputLocation: string;
  encryption: { option: EncryptionOption; kmsKey?: string };
  expectedBucketOwner?: string;
  acl?: { S3AclOption: string };
  /** True when the location is aegis's embedded default (its bucket is created on first use). */
  defaultLocation: boolean;
  /** Where the encryption setting came from. */
  encryptionFrom: 'client' | 'workgroup' | 'default';
}

/** Rank for `EnableMinimumEncryptionConfiguration`: SSE_S3 < SSE_KMS < CSE_KMS. */
const STRENGTH: Record<EncryptionOption, number> = { NONE: 0, SSE_S3: 1, SSE_KMS: 2, CSE_KMS: 3 };

/** The embedded default output location of a region. */
export function defaultOutputLocation(region: string): string {
  return `s3://aegis-results-${region}/`;
}

/** Parses an encryption option (case-insensitive); INVALID_ARGUMENT names the setting. */
export function parseEncryptionOption(v: string, from: string): EncryptionOption {
  const up = v.toUpperCase();
  if ((ENCRYPTION_OPTIONS as readonly string[]).includes(up)) return up as EncryptionOption;
  throw new AegisError('INVALID_ARGUMENT', `${from} must be one of SSE_S3, SSE_KMS, CSE_KMS (or NONE to write unencrypted results); got '${v}'.`);
}

/** Checks an output location and gives it its trailing slash. */
export function normalizeOutputLocation(uri: string, from = 'OutputLocation'): string {
  if (!/^s3:\/\/[^/]+(\/.*)?$/.test(uri)) {
    throw new AegisError('INVALID_ARGUMENT', `${from} must be an s3://bucket/prefix/ URI (got '${uri}').`);
  }
  return uri.endsWith('/') ? uri : `${uri}/`;
}

export interface WorkgroupView {
  readonly name: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly configuration: WorkGroupConfiguration;
}

/**
 * The result configuration a query runs with.
 * - With `EnforceWorkGroupConfiguration`, the client's settings are ignored (Athena: "Athena uses
 *   the workgroup's settings for all queries that run in the workgroup"); a field the workgroup
 *   leaves unset takes the embedded default, so a client can neither pick its own location nor
 *   turn encryption off there.
 * - Without it, the client's settings override the workgroup's, field by field.
 * - Unset fields fall back to the embedded default (output location in the warehouse, SSE_S3).
 * - With `EnableMinimumEncryptionConfiguration`, a client encryption weaker than the workgroup's
 *   is refused (INVALID_ARGUMENT) before anything runs.
 * @throws AegisError INVALID_ARGUMENT (weaker than the minimum, a missing KMS key, a bad location)
 */
export function effectiveResultConfiguration(client: ResultConfiguration | undefined, wg: WorkgroupView, region: string): EffectiveResultConfiguration {
  const c = client ?? {};
  const w = wg.configuration.ResultConfiguration ?? {};
  const enforce = wg.configuration.EnforceWorkGroupConfiguration === true;
  const first: ResultConfiguration = enforce ? w : c;
  const second: ResultConfiguration = enforce ? {} : w;
  const firstFrom = enforce ? 'workgroup' : 'client';
  const secondFrom = 'workgroup';

  const location = first.OutputLocation ?? second.OutputLocation;
  const enc = first.EncryptionConfiguration ?? second.EncryptionConfiguration;
  const encryptionFrom = first.EncryptionConfiguration ? firstFrom : second.EncryptionConfiguration ? secondFrom : 'default';
  const option = enc?.EncryptionOption ?? 'SSE_S3';

  if (!enforce && wg.configuration.EnableMinimumEncryptionConfiguration && c.EncryptionConfiguration) {
    const min = w.EncryptionConfiguration?.EncryptionOption ?? 'SSE_S3';
    if (STRENGTH[c.EncryptionConfiguration.EncryptionOption] < STRENGTH[min]) {
      throw new AegisError(
        'INVALID_ARGUMENT',
        `Workgroup ${wg.name} requires result encryption of at least ${min}; the query asked for ${c.EncryptionConfiguration.EncryptionOption}. Use ${min} or stronger (SSE_S3 < SSE_KMS < CSE_KMS).`,
        { workgroup: wg.name, minimum: min, requested: c.EncryptionConfiguration.EncryptionOption },
      );
    }
  }
  const kmsKey = enc?.KmsKey;
  if (option === 'CSE_KMS' && !kmsKey) {
    throw new AegisError('INVALID_ARGUMENT', 'CSE_KMS results need a KMS key: set --result-kms-key (AEGIS_RESULT_KMS_KEY) or the workgroup\'s KmsKey.');
  }
  const acl = first.AclConfiguration ?? second.AclConfiguration;
  const owner = first.ExpectedBucketOwner ?? second.ExpectedBucketOwner;
  return {
    outputLocation: normalizeOutputLocation(location ?? defaultOutputLocation(region)),
    encryption: { option, ...(option === 'SSE_KMS' || option === 'CSE_KMS' ? { kmsKey: kmsKey ?? 'alias/aws/s3' } : {}) },
    ...(owner ? { expectedBucketOwner: owner } : {}),
    ...(acl ? { acl } : {}),
    defaultLocation: location === undefined,
    encryptionFrom,
  };
}

/** How an effective encryption reads in messages and history: `SSE_KMS (arn:…)`. */
export function describeEncryption(e: { option: EncryptionOption; kmsKey?: string }): string {
  return e.kmsKey ? `${e.option} ${e.kmsKey}` : e.option;
}
