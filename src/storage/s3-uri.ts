import { AegisError } from '../errors.js';

export interface S3Location {
  bucket: string;
  key: string;
}

/** Parses `s3://bucket/key` (also `s3a://`, `s3n://`). The key may be empty (bucket root). */
export function parseS3Uri(uri: string): S3Location {
  const m = /^s3[an]?:\/\/([^/]+)\/?(.*)$/.exec(uri.trim());
  if (!m || !m[1]) {
    throw new AegisError('INVALID_ARGUMENT', `Not an S3 URI: '${uri}'. Expected s3://bucket/key.`, { uri });
  }
  return { bucket: m[1], key: m[2] ?? '' };
}

export function formatS3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
