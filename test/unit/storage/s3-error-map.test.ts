/**
 * S3 failure shapes that the Ceph RGW suite cannot produce (real AWS answers, as documented in
 * the botocore model and the S3 developer guide), fed through the mapping as the SDK delivers them.
 */
import { describe, expect, it } from 'vitest';
import { describeFailure, mapS3Error, redirectRegion } from '../../../src/storage/s3-error-map.js';

/** An error shaped like @aws-sdk/client-s3's ServiceException. */
function sdkError(name: string, status: number, message: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}): Error {
  const e = new Error(message) as Error & Record<string, unknown>;
  e.name = name;
  e.$metadata = { httpStatusCode: status };
  e.$response = { statusCode: status, headers };
  Object.assign(e, extra);
  return e;
}

describe('S3 error mapping', () => {
  it('finds the bucket region of AWS redirects and signature-region errors', () => {
    expect(redirectRegion(describeFailure(sdkError('PermanentRedirect', 301, 'The bucket you are attempting to access must be addressed using the specified endpoint.', { 'x-amz-bucket-region': 'eu-central-1' })))).toBe('eu-central-1');
    expect(redirectRegion(describeFailure(sdkError('AuthorizationHeaderMalformed', 400, "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'ap-southeast-2'")))).toBe('ap-southeast-2');
    expect(redirectRegion(describeFailure(sdkError('AuthorizationHeaderMalformed', 400, 'malformed', {}, { Region: 'sa-east-1' })))).toBe('sa-east-1');
    // Ceph: bare 301 with only a Location header → ask GetBucketLocation.
    expect(redirectRegion(describeFailure(sdkError('Unknown', 301, 'UnknownError', { location: 'http://127.0.0.1:7481/b/k' })))).toBeNull();
    // HEAD on AWS: no body, but the header names the region.
    expect(redirectRegion(describeFailure(sdkError('Unknown', 301, 'UnknownError', { 'x-amz-bucket-region': 'eu-west-1' })))).toBe('eu-west-1');
    expect(redirectRegion(describeFailure(sdkError('NoSuchKey', 404, 'The specified key does not exist.')))).toBeUndefined();
  });

  it("maps AWS's SSE-C refusal (400 InvalidRequest) and Ceph's (400 InvalidArgument) to UNSUPPORTED_ENCRYPTION", () => {
    const call = { op: 'GetObject', bucket: 'b', key: 'k.csv' };
    const aws = mapS3Error(sdkError('InvalidRequest', 400, 'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.', {}, { Code: 'InvalidRequest' }), call);
    expect(aws.code).toBe('UNSUPPORTED_ENCRYPTION');
    expect(aws.details).toMatchObject({ mode: 'SSE_C', uri: 's3://b/k.csv' });
    const ceph = mapS3Error(sdkError('InvalidArgument', 400, 'Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.', {}, { Code: 'InvalidArgument' }), call);
    expect(ceph.code).toBe('UNSUPPORTED_ENCRYPTION');
    // An unrelated 400 stays a storage error.
    expect(mapS3Error(sdkError('InvalidArgument', 400, 'Invalid Argument', {}, { Code: 'InvalidArgument' }), call).code).toBe('STORAGE_ERROR');
  });

  it('maps a wrong SSE-C key (AWS 403, Ceph 400 MD5 mismatch) to ACCESS_DENIED', () => {
    const call = { op: 'GetObject', bucket: 'b', key: 'k', withCustomerKey: true };
    expect(mapS3Error(sdkError('AccessDenied', 403, 'Access Denied'), call).code).toBe('ACCESS_DENIED');
    expect(mapS3Error(sdkError('InvalidArgument', 400, 'The calculated MD5 hash of the key did not match the hash that was provided.'), call).code).toBe('ACCESS_DENIED');
  });

  it('keeps the KMS refusal text of a 403 and names the object', () => {
    const e = mapS3Error(
      sdkError('AccessDenied', 403, 'User: arn:aws:iam::1:user/bob is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:1:key/abc', {}, { Code: 'AccessDenied' }),
      { op: 'GetObject', bucket: 'b', key: 'k' },
    );
    expect(e.code).toBe('ACCESS_DENIED');
    expect(e.message).toContain('kms:Decrypt');
    expect(e.message).toContain('arn:aws:kms:us-east-1:1:key/abc');
    expect(e.details.uri).toBe('s3://b/k');
  });

  it('maps 404s, 409 and 416', () => {
    expect(mapS3Error(sdkError('NoSuchBucket', 404, 'x', {}, { Code: 'NoSuchBucket' }), { op: 'GetObject', bucket: 'b', key: 'k' }).details.s3Error).toBe('NoSuchBucket');
    expect(mapS3Error(sdkError('NotFound', 404, 'UnknownError'), { op: 'HeadObject', bucket: 'b', key: 'k' }).code).toBe('NOT_FOUND');
    expect(mapS3Error(sdkError('BucketAlreadyOwnedByYou', 409, 'x', {}, { Code: 'BucketAlreadyOwnedByYou' }), { op: 'CreateBucket', bucket: 'b' }).code).toBe('ALREADY_EXISTS');
    expect(mapS3Error(sdkError('InvalidRange', 416, 'x'), { op: 'GetObject', bucket: 'b', key: 'k' }).code).toBe('INVALID_ARGUMENT');
    expect(mapS3Error(sdkError('InternalError', 500, 'We encountered an internal error.'), { op: 'GetObject', bucket: 'b', key: 'k' }).code).toBe('STORAGE_ERROR');
  });
});
