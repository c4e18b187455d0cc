/**
 * The backend factories: the object store and KMS a configuration names (embedded LocalStore /
 * LocalKms in the warehouse, or S3Store / AwsKms against endpoints). Kept apart from `config.ts`,
 * which only resolves settings, so reading settings loads no backend (and no AWS SDK).
 */
import type { AegisConfig } from './config.js';
import { AwsKms } from './kms/aws-kms.js';
import type { Kms } from './kms/kms.js';
import type { KmsAdmin } from './kms/kms-admin.js';
import { LocalKms } from './kms/local-kms.js';
import { LocalStore, type LocalStoreOptions } from './storage/local-store.js';
import type { ObjectStore } from './storage/object-store.js';
import { S3Store } from './storage/s3-store.js';

/** Opens the configured KMS backend (both also implement key administration). */
export function openKms(config: AegisConfig): Kms & KmsAdmin {
  if (config.kms === 'aws') {
    return new AwsKms({ region: config.region, ...(config.kmsEndpoint !== undefined ? { endpoint: config.kmsEndpoint } : {}) });
  }
  return new LocalKms({ warehouse: config.warehouse, principal: config.principal, region: config.region, account: config.account, ...(config.keyringPassphrase ? { passphrase: config.keyringPassphrase } : {}) });
}

/**
 * Opens the configured object store. LocalStore lives in the warehouse and uses `kms` for
 * SSE-KMS as the configured principal; S3Store talks to the endpoint (the server does SSE, so
 * `kms` is not used there — client-side encryption uses it through crypto/).
 */
export function openStore(config: AegisConfig, kms: Kms): ObjectStore {
  if (config.storage === 's3') {
    return new S3Store({
      region: config.region,
      ...(config.s3Endpoint !== undefined ? { endpoint: config.s3Endpoint } : {}),
      forcePathStyle: config.s3PathStyle,
    });
  }
  return new LocalStore(localStoreOptions(config, kms));
}

/** LocalStore options for the configured warehouse (another region may be given, as the demo does). */
export function localStoreOptions(config: AegisConfig, kms: Kms, region = config.region): LocalStoreOptions {
  return { root: config.warehouse, region, kms, principal: config.principal, ...(config.keyringPassphrase ? { keyringPassphrase: config.keyringPassphrase } : {}) };
}
