/**
 * S3Store: the ObjectStore over any S3 endpoint (AWS, Ceph RGW, MinIO) with @aws-sdk/client-s3.
 *
 * - Endpoint from the options, else `AWS_ENDPOINT_URL_S3`, else AWS. Path-style addressing with
 *   `forcePathStyle` (or `AEGIS_S3_PATH_STYLE=1`). Credentials from the options, else the SDK's
 *   default chain (env, profile, IMDS…).
 * - Throttling, 5xx and network errors are retried by the SDK's standard strategy (exponential
 *   backoff with jitter), `maxAttempts` in all (default 5).
 * - A bucket in another region is refused with CROSS_REGION naming both regions. Detected from a
 *   301/307/PermanentRedirect, `x-amz-bucket-region`, or AuthorizationHeaderMalformed; when the
 *   answer names no region (Ceph answers a bare 301 with only a Location header), the region
 *   comes from GetBucketLocation.
 * - SSE-C objects read without the key: UNSUPPORTED_ENCRYPTION (mode SSE_C). HEAD of such an
 *   object gets a bare 400 from S3; S3Store then probes with a one-byte GET to learn why, and
 *   reports `sseCustomerKeyRequired` instead of throwing, as LocalStore does.
 */
import type { BucketLocationConstraint, HeadObjectCommandOutput, S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { AegisError } from '../errors.js';
import { checkRange, formatRange, parseContentRange, resolveRange } from './byte-range.js';
import type { BucketOptions, GetOptions, GetResult, ListOptions, ListResult, ObjectHead, ObjectStore, ObjectUpload, PutOptions, SseInfo } from './object-store.js';
import { describeFailure, mapS3Error, redirectRegion, type S3Call } from './s3-error-map.js';
import { crossRegionError, invalidRange } from './store-errors.js';

/**
 * The SDK (about 0.2 s to load), required on first use: configuring an S3Store, or an engine
 * over the embedded store, loads none of it. The package is CommonJS, so requiring it yields the
 * same module an `import` would.
 */
type S3Sdk = typeof import('@aws-sdk/client-s3');
let loadedSdk: S3Sdk | undefined;
function sdk(): S3Sdk {
  return (loadedSdk ??= createRequire(import.meta.url)('@aws-sdk/client-s3') as S3Sdk);
}

export interface S3StoreOptions {
  /** The engine's region (default `AWS_REGION`, `AWS_DEFAULT_REGION`, then us-east-1). */
  region?: string;
  /** e.g. `http://127.0.0.1:7480` (default `AWS_ENDPOINT_URL_S3`, else AWS). */
  endpoint?: string;
  /** Path-style addressing, needed by most non-AWS servers (default `AEGIS_S3_PATH_STYLE=1`). */
  forcePathStyle?: boolean;
  /** Static credentials; omitted → the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per request including retries (default 5). */
  maxAttempts?: number;
  /** Per-request socket timeout in ms (default 60 000). */
  requestTimeoutMs?: number;
}

/** SSE-C request fields: the SDK base64-encodes the key and adds its MD5. */
function customerKeyFields(key: Uint8Array | undefined): { SSECustomerAlgorithm?: string; SSECustomerKey?: string } {
  return key ? { SSECustomerAlgorithm: 'AES256', SSECustomerKey: Buffer.from(key).toString('base64') } : {};
}

function sseOf(r: { ServerSideEncryption?: string; SSEKMSKeyId?: string; SSECustomerAlgorithm?: string; SSECustomerKeyMD5?: string }): SseInfo {
  const s: SseInfo = {};
  if (r.ServerSideEncryption) s.serverSideEncryption = r.ServerSideEncryption;
  if (r.SSEKMSKeyId) s.kmsKeyId = r.SSEKMSKeyId;
  if (r.SSECustomerAlgorithm) s.customerAlgorithm = r.SSECustomerAlgorithm;
  if (r.SSECustomerKeyMD5) s.customerKeyMd5 = r.SSECustomerKeyMD5;
  return s;
}

/** A response body that broke off (reset, cut short) after the SDK handed the response over. */
class BodyReadError extends Error {
  constructor(override readonly cause: unknown) {
    super('body read failed');
  }
}

/** Reads of an object body (after the SDK's retries of the request itself). */
const BODY_ATTEMPTS = 4;

/** Bytes per multipart part (S3's minimum is 5 MiB for all but the last part). */
export const UPLOAD_PART_BYTES = 8 * 1024 * 1024;

/** The SSE request fields of a PutObject / CreateMultipartUpload. */
function sseFields(sse: NonNullable<PutOptions['sse']>) {
  return sse.mode === 'SSE_S3'
    ? { ServerSideEncryption: 'AES256' as const }
    : sse.mode === 'SSE_KMS'
      ? {
          ServerSideEncryption: 'aws:kms' as const,
          ...(sse.kmsKeyId ? { SSEKMSKeyId: sse.kmsKeyId } : {}),
          ...(sse.context ? { SSEKMSEncryptionContext: Buffer.from(JSON.stringify(sse.context)).toString('base64') } : {}),
        }
      : sse.mode === 'SSE_C'
        ? customerKeyFields(sse.customerKey)
        : {};
}

/** GetBucketLocation's LocationConstraint → region (null/empty means us-east-1, EU means eu-west-1). */
function regionOfConstraint(c: string | undefined | null): string {
  if (!c) return 'us-east-1';
  if (c === 'EU') return 'eu-west-1';
  return c;
}

export class S3Store implements ObjectStore {
  readonly kind = 's3' as const;
  readonly region: string;
  private readonly clientConfig: S3ClientConfig;
  private sdkClient?: S3Client;

  constructor(opts: S3StoreOptions = {}) {
    this.region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    const endpoint = opts.endpoint ?? process.env.AWS_ENDPOINT_URL_S3;
    this.clientConfig = {
      region: this.region,
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: opts.forcePathStyle ?? process.env.AEGIS_S3_PATH_STYLE === '1',
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      maxAttempts: opts.maxAttempts ?? 5,
      retryMode: 'standard',
      // Flexible checksums (CRC32 trailers) are AWS-only; many S3-compatible servers reject them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Never follow a region redirect: reading across regions is refused, not silently done.
      followRegionRedirects: false,
      requestHandler: { requestTimeout: opts.requestTimeoutMs ?? 60_000, connectionTimeout: 10_000 },
    };
  }

  /** The SDK client, made (and the SDK loaded) on first use. */
  get client(): S3Client {
    return (this.sdkClient ??= new (sdk().S3Client)(this.clientConfig));
  }

  async head(bucket: string, key: string, opts: { sseCustomerKey?: Uint8Array } = {}): Promise<ObjectHead> {
    const call: S3Call = { op: 'HeadObject', bucket, key, withCustomerKey: !!opts.sseCustomerKey };
    let r: HeadObjectCommandOutput;
    try {
      r = await this.client.send(new (sdk().HeadObjectCommand)({ Bucket: bucket, Key: key, ...customerKeyFields(opts.sseCustomerKey) }));
    } catch (e) {
      const err = await this.failure(e, call);
      if (err.code !== 'STORAGE_ERROR' || err.details.status !== 400) throw err;
      // HEAD's 400 has no body; a one-byte GET tells an SSE-C refusal from anything else. An
      // empty object answers that with 416, and then a whole GET costs nothing.
      for (const range of [{ start: 0, end: 0 }, undefined]) {
        try {
          await this.get(bucket, key, { ...(range ? { range } : {}), sseCustomerKey: opts.sseCustomerKey });
        } catch (probe) {
          if (probe instanceof AegisError && probe.code === 'UNSUPPORTED_ENCRYPTION') {
            return { bucket, key, size: -1, etag: '', lastModified: new Date(0), metadata: {}, sse: { customerAlgorithm: 'AES256' }, sseCustomerKeyRequired: true };
          }
          if (range && probe instanceof AegisError && probe.details.s3Error === 'InvalidRange') continue;
          if (probe instanceof AegisError && probe.code !== 'STORAGE_ERROR') throw probe;
        }
        break;
      }
      throw err;
    }
    return this.headOf(bucket, key, r, r.ContentLength ?? 0);
  }

  async get(bucket: string, key: string, opts: GetOptions = {}): Promise<GetResult> {
    if (opts.range) checkRange(opts.range);
    const call: S3Call = { op: 'GetObject', bucket, key, withCustomerKey: !!opts.sseCustomerKey };
    return this.withBodyRetries(call, async () => {
      const r = await this.client.send(
        new (sdk().GetObjectCommand)({
          Bucket: bucket,
          Key: key,
          ...(opts.range ? { Range: formatRange(opts.range) } : {}),
          ...customerKeyFields(opts.sseCustomerKey),
        }),
      );
      let whole: Uint8Array;
      try {
        whole = r.Body ? await r.Body.transformToByteArray() : new Uint8Array(0);
      } catch (e) {
        throw new BodyReadError(e);
      }
      if (r.ContentLength !== undefined && whole.length !== r.ContentLength) {
        throw new BodyReadError(new Error(`the body ended after ${whole.length} of ${r.ContentLength} bytes`));
      }
      const cr = parseContentRange(r.ContentRange);
      if (!opts.range) return { head: this.headOf(bucket, key, r, whole.length), body: whole };
      if (cr) return { head: this.headOf(bucket, key, r, cr.total), body: whole, range: cr };
      // A server that ignores Range answers 200 with the whole object: cut the range here.
      const span = resolveRange(opts.range, whole.length);
      if (!span) throw invalidRange(bucket, key, formatRange(opts.range), whole.length);
      return {
        head: this.headOf(bucket, key, r, whole.length),
        body: whole.subarray(span.start, span.end + 1),
        range: { ...span, total: whole.length },
      };
    });
  }

  async put(bucket: string, key: string, body: Uint8Array, opts: PutOptions = {}): Promise<{ etag: string }> {
    const sse = opts.sse ?? { mode: 'NONE' };
    const fields = sseFields(sse);
    const metadata = Object.fromEntries(Object.entries(opts.metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return this.run({ op: 'PutObject', bucket, key, withCustomerKey: sse.mode === 'SSE_C' }, async () => {
      const r = await this.client.send(
        new (sdk().PutObjectCommand)({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ...(opts.contentType ? { ContentType: opts.contentType } : {}),
          Metadata: metadata,
          ...fields,
        }),
      );
      return { etag: r.ETag ?? `"${createHash('md5').update(body).digest('hex')}"` };
    });
  }

  /**
   * A multipart upload, created up front so that the bucket policy, the region and the SSE-KMS
   * key are checked before any byte is produced. Parts are {@link UPLOAD_PART_BYTES}; an empty
   * object is aborted and written with one PutObject. Failure aborts the upload (no orphan parts).
   */
  async createUpload(bucket: string, key: string, opts: PutOptions = {}): Promise<ObjectUpload> {
    const sse = opts.sse ?? { mode: 'NONE' };
    if (sse.mode === 'SSE_C') throw new AegisError('NOT_SUPPORTED', 'Streamed writes with SSE-C are not supported', { uri: `s3://${bucket}/${key}` });
    const metadata = Object.fromEntries(Object.entries(opts.metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const created = await this.run({ op: 'CreateMultipartUpload', bucket, key }, () =>
      this.client.send(
        new (sdk().CreateMultipartUploadCommand)({
          Bucket: bucket,
          Key: key,
          ...(opts.contentType ? { ContentType: opts.contentType } : {}),
          Metadata: metadata,
          ...sseFields(sse),
        }),
      ),
    );
    const uploadId = created.UploadId!;
    const parts: { PartNumber: number; ETag: string }[] = [];
    let buffered: Uint8Array[] = [];
    let bufferedBytes = 0;
    let size = 0;
    let state: 'open' | 'done' = 'open';
    const abort = async (): Promise<void> => {
      if (state === 'done') return;
      state = 'done';
      await this.client.send(new (sdk().AbortMultipartUploadCommand)({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    };
    const flush = async (): Promise<void> => {
      const body = Buffer.concat(buffered);
      buffered = [];
      bufferedBytes = 0;
      const PartNumber = parts.length + 1;
      const r = await this.run({ op: 'UploadPart', bucket, key }, () =>
        this.client.send(new (sdk().UploadPartCommand)({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: body, ContentLength: body.length })),
      );
      parts.push({ PartNumber, ETag: r.ETag! });
    };
    const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
      if (state !== 'open') throw new AegisError('INTERNAL_ERROR', `Upload to s3://${bucket}/${key} is already finished`);
      try {
        return await fn();
      } catch (e) {
        await abort();
        throw e;
      }
    };
    return {
      uri: `s3://${bucket}/${key}`,
      uploadId,
      write: (chunk) =>
        guarded(async () => {
          buffered.push(chunk);
          bufferedBytes += chunk.length;
          size += chunk.length;
          if (bufferedBytes >= UPLOAD_PART_BYTES) await flush();
        }),
      complete: () =>
        guarded(async () => {
          if (size === 0) {
            await abort();
            return { ...(await this.put(bucket, key, new Uint8Array(0), opts)), size: 0 };
          }
          if (bufferedBytes > 0) await flush();
          const r = await this.run({ op: 'CompleteMultipartUpload', bucket, key }, () =>
            this.client.send(new (sdk().CompleteMultipartUploadCommand)({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } })),
          );
          state = 'done';
          return { etag: r.ETag ?? '', size };
        }),
      abort,
    };
  }

  async abortUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.run({ op: 'AbortMultipartUpload', bucket, key }, () => this.client.send(new (sdk().AbortMultipartUploadCommand)({ Bucket: bucket, Key: key, UploadId: uploadId })));
  }

  async delete(bucket: string, key: string): Promise<void> {
    await this.run({ op: 'DeleteObject', bucket, key }, () => this.client.send(new (sdk().DeleteObjectCommand)({ Bucket: bucket, Key: key })));
  }

  async list(bucket: string, opts: ListOptions = {}): Promise<ListResult> {
    return this.run({ op: 'ListObjectsV2', bucket }, async () => {
      const r = await this.client.send(
        new (sdk().ListObjectsV2Command)({
          Bucket: bucket,
          ...(opts.prefix ? { Prefix: opts.prefix } : {}),
          ...(opts.delimiter ? { Delimiter: opts.delimiter } : {}),
          ...(opts.continuationToken ? { ContinuationToken: opts.continuationToken } : {}),
          ...(opts.maxKeys !== undefined ? { MaxKeys: opts.maxKeys } : {}),
        }),
      );
      return {
        objects: (r.Contents ?? []).map((o) => ({ key: o.Key ?? '', size: o.Size ?? 0, etag: o.ETag ?? '', lastModified: o.LastModified ?? new Date(0) })),
        commonPrefixes: (r.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''),
        ...(r.IsTruncated && r.NextContinuationToken ? { nextContinuationToken: r.NextContinuationToken } : {}),
      };
    });
  }

  async createBucket(bucket: string, opts: BucketOptions = {}): Promise<void> {
    const region = opts.region ?? this.region;
    await this.run({ op: 'CreateBucket', bucket }, () =>
      this.client.send(
        new (sdk().CreateBucketCommand)({
          Bucket: bucket,
          ...(region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } } : {}),
        }),
      ),
    );
    if (opts.policy !== undefined) {
      const policy = typeof opts.policy === 'string' ? opts.policy : JSON.stringify(opts.policy);
      await this.run({ op: 'PutBucketPolicy', bucket }, () => this.client.send(new (sdk().PutBucketPolicyCommand)({ Bucket: bucket, Policy: policy })));
    }
  }

  async bucketRegion(bucket: string): Promise<string> {
    try {
      const r = await this.client.send(new (sdk().GetBucketLocationCommand)({ Bucket: bucket }));
      return regionOfConstraint(r.LocationConstraint);
    } catch (e) {
      const named = redirectRegion(describeFailure(e));
      if (named) return named;
      if (named === null) {
        // A redirect without a region: HeadBucket carries x-amz-bucket-region on AWS.
        try {
          await this.client.send(new (sdk().HeadBucketCommand)({ Bucket: bucket }));
        } catch (h) {
          const fromHead = redirectRegion(describeFailure(h));
          if (fromHead) return fromHead;
        }
      }
      throw mapS3Error(e, { op: 'GetBucketLocation', bucket });
    }
  }

  async listBuckets(): Promise<{ name: string; region?: string }[]> {
    return this.run({ op: 'ListBuckets', bucket: '' }, async () => {
      const r = await this.client.send(new (sdk().ListBucketsCommand)({}));
      return (r.Buckets ?? []).map((b) => ({ name: b.Name ?? '', ...(b.BucketRegion ? { region: b.BucketRegion } : {}) }));
    });
  }

  async close(): Promise<void> {
    this.sdkClient?.destroy();
  }

  // ---- internals ------------------------------------------------------------------------------

  /**
   * Runs a GET whose body is read after the SDK's own retries are over: a connection reset or a
   * body cut short there is retried too (jittered backoff, {@link BODY_ATTEMPTS} in all), then
   * surfaces as STORAGE_ERROR naming the operation, the object and the attempts.
   */
  private async withBodyRetries<T>(call: S3Call, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        // Failures of the request itself were already retried by the SDK.
        if (!(e instanceof BodyReadError)) throw await this.failure(e, call);
        if (attempt >= BODY_ATTEMPTS) {
          const why = e.cause instanceof Error ? e.cause.message : String(e.cause);
          throw new AegisError('STORAGE_ERROR', `S3 ${call.op} failed for s3://${call.bucket}/${call.key}: the response body broke off (${why}) on ${attempt} attempts.`, { uri: `s3://${call.bucket}/${call.key}`, op: call.op, attempts: attempt }, { cause: e.cause });
        }
        await new Promise((r) => setTimeout(r, Math.random() * 100 * 2 ** attempt));
      }
    }
  }

  private async run<T>(call: S3Call, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw await this.failure(e, call);
    }
  }

  /** Turns an SDK failure into an AegisError, resolving the bucket's region for redirects. */
  private async failure(e: unknown, call: S3Call): Promise<AegisError> {
    const named = redirectRegion(describeFailure(e));
    if (named === undefined) return mapS3Error(e, call);
    let bucketRegion = named;
    if (!bucketRegion) {
      try {
        bucketRegion = await this.bucketRegion(call.bucket);
      } catch {
        bucketRegion = null;
      }
    }
    // Not a region problem after all (or one we cannot name): report the failure as it was.
    if (!bucketRegion || bucketRegion === this.region) return mapS3Error(e, call);
    const err = crossRegionError(call.bucket, call.key, bucketRegion, this.region);
    return new AegisError(err.code, err.message, err.details, { cause: e });
  }

  private headOf(
    bucket: string,
    key: string,
    r: { ContentLength?: number; ETag?: string; LastModified?: Date; ContentType?: string; Metadata?: Record<string, string> } & Parameters<typeof sseOf>[0],
    size: number,
  ): ObjectHead {
    return {
      bucket,
      key,
      size,
      etag: r.ETag ?? '',
      lastModified: r.LastModified ?? new Date(0),
      ...(r.ContentType ? { contentType: r.ContentType } : {}),
      metadata: Object.fromEntries(Object.entries(r.Metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      sse: sseOf(r),
    };
  }
}
