/**
 * How S3 (AWS, Ceph RGW, MinIO) failures become AegisErrors. The SDK gives little to go on when
 * the response has no body (HEAD, or Ceph's bare 301), so status codes and headers matter as
 * much as error codes.
 */
import { AegisError } from '../errors.js';
import { noSuchBucket, noSuchKey, uriOf } from './store-errors.js';

/** What the mapping needs to know about the failed request. */
export interface S3Call {
  op: string;
  bucket: string;
  key?: string;
  /** The request presented an SSE-C key. */
  withCustomerKey?: boolean;
}

/** The parts of an SDK error the mapping looks at. */
export interface S3Failure {
  name: string;
  code?: string;
  message: string;
  status?: number;
  headers: Record<string, string>;
  /** `<Region>` from the error body (AWS adds it to AuthorizationHeaderMalformed). */
  region?: string;
}

export function describeFailure(e: unknown): S3Failure {
  const err = (e ?? {}) as {
    name?: string;
    Code?: string;
    Region?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { statusCode?: number; headers?: Record<string, string> };
  };
  return {
    name: err.name ?? 'Error',
    code: err.Code,
    message: err.message ?? String(e),
    status: err.$metadata?.httpStatusCode ?? err.$response?.statusCode,
    headers: err.$response?.headers ?? {},
    region: err.Region,
  };
}

/**
 * The region a redirect-like failure says the bucket is in: `x-amz-bucket-region`, the error's
 * `<Region>`, or the "expecting '…'" of AuthorizationHeaderMalformed. `null` when the failure is
 * a redirect that names no region (Ceph's bare 301: ask GetBucketLocation), `undefined` when the
 * failure is not about regions at all.
 */
export function redirectRegion(f: S3Failure): string | null | undefined {
  const header = f.headers['x-amz-bucket-region'];
  const isRedirect =
    f.status === 301 || f.status === 307 || f.name === 'PermanentRedirect' || f.name === 'TemporaryRedirect' ||
    f.name === 'IllegalLocationConstraintException' || f.name === 'AuthorizationHeaderMalformed';
  if (!isRedirect && !header) return undefined;
  if (header) return header;
  if (f.region) return f.region;
  const m = /expecting '([a-z0-9-]+)'/.exec(f.message);
  if (m) return m[1]!;
  return isRedirect ? null : undefined;
}

/** Maps anything that is not a region redirect. */
export function mapS3Error(e: unknown, call: S3Call): AegisError {
  if (e instanceof AegisError) return e;
  const f = describeFailure(e);
  const uri = uriOf(call.bucket, call.key);
  const code = f.code ?? f.name;
  const details = { uri, s3Error: code, status: f.status, op: call.op };
  const opts = { cause: e };
  if (isSseCustomerRefusal(f, call)) {
    return new AegisError(
      'UNSUPPORTED_ENCRYPTION',
      `${uri} is encrypted with a customer-provided key (SSE-C); the store will not serve it without that key, and aegis does not read SSE-C (neither does Athena). Re-encrypt the object with SSE-S3 or SSE-KMS.`,
      { ...details, mode: 'SSE_C' },
      opts,
    );
  }
  if (call.withCustomerKey && (f.status === 403 || (f.status === 400 && /md5|key/i.test(f.message)))) {
    // AWS answers a wrong SSE-C key with 403; Ceph with 400 "calculated MD5 hash of the key did not match".
    return new AegisError('ACCESS_DENIED', `The SSE-C key presented for ${uri} is not the key the object was written with.`, { ...details, mode: 'SSE_C' }, opts);
  }
  switch (f.status) {
    case 403:
      return new AegisError('ACCESS_DENIED', `Access denied to ${uri} (${call.op}): ${plain(f)}`, details, opts);
    case 404:
      if (code === 'NoSuchBucket') return withCause(noSuchBucket(call.bucket, call.key), e);
      if (call.key !== undefined) return withCause(noSuchKey(call.bucket, call.key), e);
      return withCause(noSuchBucket(call.bucket), e);
    case 409:
      if (code === 'BucketAlreadyExists' || code === 'BucketAlreadyOwnedByYou') {
        return new AegisError('ALREADY_EXISTS', `Bucket '${call.bucket}' already exists.`, details, opts);
      }
      break;
    case 416:
      return new AegisError('INVALID_ARGUMENT', `The requested range is not satisfiable for ${uri}.`, { ...details, s3Error: 'InvalidRange' }, opts);
  }
  return new AegisError('STORAGE_ERROR', `S3 ${call.op} failed for ${uri}: ${plain(f)}`, details, opts);
}

/**
 * S3 answers a GET of an SSE-C object without the key with 400 InvalidRequest ("The object was
 * stored using a form of Server Side Encryption…"); Ceph with 400 InvalidArgument ("Requests
 * specifying Server Side Encryption with Customer provided keys must provide a valid encryption
 * algorithm").
 */
function isSseCustomerRefusal(f: S3Failure, call: S3Call): boolean {
  if (call.withCustomerKey || f.status !== 400) return false;
  const code = f.code ?? f.name;
  return (code === 'InvalidRequest' || code === 'InvalidArgument') && /server side encryption|customer provided key/i.test(f.message);
}

function plain(f: S3Failure): string {
  const code = f.code ?? (f.name !== 'Unknown' ? f.name : undefined);
  const msg = f.message && f.message !== 'UnknownError' ? f.message : undefined;
  return [f.status ? `HTTP ${f.status}` : undefined, code, msg].filter(Boolean).join(' ');
}

function withCause(err: AegisError, cause: unknown): AegisError {
  return new AegisError(err.code, err.message, err.details, { cause });
}
