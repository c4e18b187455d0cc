/**
 * Table and partition LOCATION checks. A location names an S3 "folder": `s3://bucket/prefix/`.
 * Athena reads every object under it, so a location that is not an S3 URI, has an invalid bucket
 * name, or contains glob characters or empty path segments is refused up front rather than
 * surprising a later scan.
 */
import { AegisError } from '../errors.js';
import type { ObjectStore } from '../storage/object-store.js';

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Validates a location and returns it normalised: `s3://bucket/prefix/` with a trailing slash
 * (`s3a://`/`s3n://` become `s3://`).
 * @throws AegisError INVALID_ARGUMENT naming the location and what is wrong with it.
 */
export function normalizeLocation(location: string, what = 'LOCATION'): string {
  const bad = (why: string): never => {
    throw new AegisError('INVALID_ARGUMENT', `${what} '${location}' is invalid: ${why}. Expected s3://bucket/folder/`, { uri: location });
  };
  const m = /^s3[an]?:\/\/([^/]*)(\/.*)?$/.exec(location);
  if (!m) bad('not an s3:// URI');
  const bucket = m![1]!;
  const path = m![2] ?? '/';
  if (!BUCKET.test(bucket) || bucket.includes('..')) bad(`'${bucket}' is not a valid bucket name`);
  if (/[*?[\]{}]/.test(path)) bad('wildcards are not allowed');
  const key = path.slice(1);
  if (key.split('/').slice(0, -1).some((seg) => seg === '')) bad('it contains an empty path segment');
  return `s3://${bucket}/${key === '' || key.endsWith('/') ? key : `${key}/`}`;
}

/** Splits a normalised location into bucket and key prefix (ending in `/`, or empty). */
export function splitLocation(location: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(location);
  if (!m) throw new AegisError('INVALID_ARGUMENT', `Not a normalised S3 location: '${location}'`, { uri: location });
  return { bucket: m[1]!, prefix: m[2]! };
}

/**
 * Checks that the location's bucket exists in the store (Athena refuses a table whose bucket is
 * missing). A bucket in another region is accepted here: reading it is refused at query time
 * with CROSS_REGION, which says more than a DDL failure would.
 * @throws AegisError NOT_FOUND naming the bucket.
 */
export async function checkBucketExists(store: ObjectStore, location: string): Promise<void> {
  const { bucket, prefix } = splitLocation(location);
  try {
    await store.list(bucket, { prefix, maxKeys: 1 });
  } catch (e) {
    if (e instanceof AegisError && e.code === 'NOT_FOUND') {
      throw new AegisError('NOT_FOUND', `The specified bucket does not exist: ${bucket} (LOCATION '${location}')`, { uri: location, bucket });
    }
    if (e instanceof AegisError && e.code === 'CROSS_REGION') return;
    throw e;
  }
}
