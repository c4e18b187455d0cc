/**
 * The storage boundary. Two backends implement it (LocalStore, S3Store) and one contract suite
 * (test/unit/storage/object-store-contract.ts) runs against both.
 *
 * Semantics follow S3: keys are opaque strings, metadata keys are lower-case without the
 * `x-amz-meta-` prefix, ETags are quoted hex strings, ranges are inclusive byte ranges.
 */

/** Server-side encryption as requested on a write, or reported on a read. */
export type SseRequest =
  | { mode: 'NONE' }
  | { mode: 'SSE_S3' }
  | { mode: 'SSE_KMS'; kmsKeyId?: string; context?: Record<string, string> }
  | { mode: 'SSE_C'; customerKey: Uint8Array };

/** What HEAD/GET report about server-side encryption (never key material). */
export interface SseInfo {
  /** `x-amz-server-side-encryption`: `AES256`, `aws:kms`, `aws:kms:dsse`, or undefined. */
  serverSideEncryption?: string;
  /** `x-amz-server-side-encryption-aws-kms-key-id`. */
  kmsKeyId?: string;
  /** `x-amz-server-side-encryption-customer-algorithm` (SSE-C). */
  customerAlgorithm?: string;
  /** `x-amz-server-side-encryption-customer-key-MD5` (SSE-C), base64. */
  customerKeyMd5?: string;
}

export interface ObjectHead {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
  contentType?: string;
  /** User metadata, lower-case keys, `x-amz-meta-` stripped. */
  metadata: Record<string, string>;
  sse: SseInfo;
  /**
   * Set when the store refused to describe the object because it is SSE-C encrypted and no key
   * was given (S3 answers HEAD with a bare 400). `size`/`etag` may then be unknown (-1 / '').
   */
  sseCustomerKeyRequired?: boolean;
}

/** Inclusive byte range, or a suffix range (`bytes=-N`). */
export type ByteRange = { start: number; end?: number } | { suffix: number };

export interface GetOptions {
  range?: ByteRange;
  /** Only for SSE-C objects; aegis itself never reads SSE-C, but the admin CLI and tests may. */
  sseCustomerKey?: Uint8Array;
}

export interface GetResult {
  head: ObjectHead;
  body: Uint8Array;
  /** The range actually returned (inclusive), when a range was requested. */
  range?: { start: number; end: number; total: number };
}

export interface PutOptions {
  sse?: SseRequest;
  metadata?: Record<string, string>;
  contentType?: string;
}

/**
 * A write in progress, streamed in chunks. Nothing is visible at the key until `complete`
 * resolves; `abort` (or a failed `complete`) leaves no object and no stored part behind.
 */
export interface ObjectUpload {
  /** `s3://bucket/key` of the object being written. */
  readonly uri: string;
  /** The multipart upload id, where the store has one (so a crash's parts can be aborted later). */
  readonly uploadId?: string;
  write(chunk: Uint8Array): Promise<void>;
  complete(): Promise<{ etag: string; size: number }>;
  abort(): Promise<void>;
}

export interface ListOptions {
  prefix?: string;
  delimiter?: string;
  continuationToken?: string;
  maxKeys?: number;
}

export interface ListEntry {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

export interface ListResult {
  objects: ListEntry[];
  /** With a delimiter: the rolled-up prefixes. */
  commonPrefixes: string[];
  /** Present when more results exist. */
  nextContinuationToken?: string;
}

export interface BucketOptions {
  region?: string;
  /** An S3-style bucket policy document (JSON). LocalStore enforces the SSE conditions. */
  policy?: unknown;
}

/**
 * A bucket-addressed object store with S3 semantics.
 *
 * Errors are `AegisError`s: `NOT_FOUND` (no bucket / key), `CROSS_REGION` (bucket lives in
 * another region than the store's; details carry `bucketRegion` and `engineRegion`),
 * `ACCESS_DENIED` (policy or KMS permission), `UNSUPPORTED_ENCRYPTION` (SSE-C object read without
 * a key; details.mode = 'SSE_C'), `STORAGE_ERROR` (anything else, with the cause).
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /** The region the store (engine) runs in. */
  readonly region: string;
  /**
   * Describes an object without reading it. For an SSE-C object HEAD without the customer key
   * does not throw: like S3's bare 400, it resolves with `sseCustomerKeyRequired: true`,
   * `size` -1, `etag` '' and empty metadata (both backends; S3Store confirms the 400 with a
   * one-byte GET). With the wrong key it throws ACCESS_DENIED.
   */
  head(bucket: string, key: string, opts?: { sseCustomerKey?: Uint8Array }): Promise<ObjectHead>;
  /**
   * Reads an object or a byte range of it. SSE-S3/SSE-KMS objects come back decrypted; an SSE-C
   * object without its key throws UNSUPPORTED_ENCRYPTION (details.mode 'SSE_C'), with the wrong
   * key ACCESS_DENIED. A range starting at or past the end throws INVALID_ARGUMENT (S3's 416).
   */
  get(bucket: string, key: string, opts?: GetOptions): Promise<GetResult>;
  put(bucket: string, key: string, body: Uint8Array, opts?: PutOptions): Promise<{ etag: string }>;
  /**
   * Starts a streamed write (S3 multipart upload past one part; LocalStore: a sealed temp file
   * renamed into place). Access (bucket policy, region) and the SSE data key are checked here,
   * before any byte is written. SSE-C is refused with NOT_SUPPORTED.
   */
  createUpload(bucket: string, key: string, opts?: PutOptions): Promise<ObjectUpload>;
  /** Aborts an unfinished multipart upload left by a process that died (no-op where none exist). */
  abortUpload?(bucket: string, key: string, uploadId: string): Promise<void>;
  delete(bucket: string, key: string): Promise<void>;
  list(bucket: string, opts?: ListOptions): Promise<ListResult>;
  createBucket(bucket: string, opts?: BucketOptions): Promise<void>;
  /** The bucket's region (GetBucketLocation semantics: never null, 'us-east-1' for the default). */
  bucketRegion(bucket: string): Promise<string>;
  listBuckets(): Promise<{ name: string; region?: string }[]>;
  close?(): Promise<void>;
}

/** `s3://bucket/key` → parts. Throws INVALID_ARGUMENT on anything else. */
export { parseS3Uri, formatS3Uri } from './s3-uri.js';
