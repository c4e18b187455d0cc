/** Errors both ObjectStore backends raise, worded the same way whichever store found them. */
import { AegisError } from '../errors.js';
import { formatS3Uri } from './s3-uri.js';

/** `s3://bucket/key`, or `s3://bucket/` for bucket-level operations. */
export function uriOf(bucket: string, key?: string): string {
  return formatS3Uri(bucket, key ?? '');
}

/** CROSS_REGION naming both regions; details `{ bucketRegion, engineRegion, uri }`. */
export function crossRegionError(bucket: string, key: string | undefined, bucketRegion: string, engineRegion: string): AegisError {
  const uri = uriOf(bucket, key);
  return new AegisError(
    'CROSS_REGION',
    `Bucket '${bucket}' is in region ${bucketRegion}, but aegis runs in ${engineRegion}; ${uri} is not read across regions. ` +
      `Run aegis with --region ${bucketRegion}, or copy the data to a bucket in ${engineRegion}.`,
    { uri, bucket, bucketRegion, engineRegion },
  );
}

export function noSuchBucket(bucket: string, key?: string): AegisError {
  return new AegisError('NOT_FOUND', `Bucket '${bucket}' does not exist (${uriOf(bucket, key)}).`, { uri: uriOf(bucket, key), bucket, s3Error: 'NoSuchBucket' });
}

export function noSuchKey(bucket: string, key: string): AegisError {
  return new AegisError('NOT_FOUND', `Object ${uriOf(bucket, key)} does not exist.`, { uri: uriOf(bucket, key), bucket, key, s3Error: 'NoSuchKey' });
}

/** S3's 416 InvalidRange. */
export function invalidRange(bucket: string, key: string, range: string, size: number): AegisError {
  return new AegisError('INVALID_ARGUMENT', `Range ${range} is not satisfiable for ${uriOf(bucket, key)} (${size} bytes).`, {
    uri: uriOf(bucket, key),
    s3Error: 'InvalidRange',
    size,
  });
}
