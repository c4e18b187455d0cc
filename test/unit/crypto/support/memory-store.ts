/**
 * A small in-memory ObjectStore double for crypto unit tests (S3 semantics that matter here:
 * metadata, SSE headers on HEAD, SSE-C refusal without a key, bucket regions, ranges, ETags).
 * Proofs against the real stores live in the LocalStore / S3Store suites.
 */
import { createHash } from 'node:crypto';
import { AegisError } from '../../../../src/errors.js';
import type {
  BucketOptions, GetOptions, GetResult, ListOptions, ListResult, ObjectHead, ObjectStore, ObjectUpload, PutOptions, SseInfo,
} from '../../../../src/storage/object-store.js';
import { bufferedUpload } from '../../../../src/storage/buffered-upload.js';

interface Obj {
  body: Uint8Array;
  metadata: Record<string, string>;
  sse: SseInfo;
  etag: string;
  lastModified: Date;
}

export class MemoryStore implements ObjectStore {
  readonly kind = 'local' as const;
  readonly buckets = new Map<string, { region: string; objects: Map<string, Obj> }>();
  /** SSE-KMS key ids whose GETs are denied (simulates a missing kms:Decrypt grant). */
  readonly deniedKeys = new Set<string>();
  /** 'flag': HEAD of SSE-C answers with sseCustomerKeyRequired; 'throw': UNSUPPORTED_ENCRYPTION. */
  ssecHead: 'flag' | 'throw' = 'flag';
  gets = 0;

  constructor(readonly region = 'us-east-1') {}

  async createBucket(bucket: string, opts: BucketOptions = {}): Promise<void> {
    this.buckets.set(bucket, { region: opts.region ?? this.region, objects: new Map() });
  }

  private obj(bucket: string, key: string): Obj {
    const b = this.buckets.get(bucket);
    if (!b) throw new AegisError('NOT_FOUND', `no bucket ${bucket}`, { uri: `s3://${bucket}` });
    const o = b.objects.get(key);
    if (!o) throw new AegisError('NOT_FOUND', `no object s3://${bucket}/${key}`, { uri: `s3://${bucket}/${key}` });
    return o;
  }

  private headOf(bucket: string, key: string, o: Obj): ObjectHead {
    return { bucket, key, size: o.body.length, etag: o.etag, lastModified: o.lastModified, metadata: { ...o.metadata }, sse: { ...o.sse } };
  }

  async head(bucket: string, key: string, opts: { sseCustomerKey?: Uint8Array } = {}): Promise<ObjectHead> {
    const o = this.obj(bucket, key);
    if (o.sse.customerAlgorithm && !opts.sseCustomerKey) {
      if (this.ssecHead === 'throw') throw new AegisError('UNSUPPORTED_ENCRYPTION', 'HEAD 400', { uri: `s3://${bucket}/${key}`, mode: 'SSE_C' });
      return { bucket, key, size: -1, etag: '', lastModified: o.lastModified, metadata: {}, sse: {}, sseCustomerKeyRequired: true };
    }
    return this.headOf(bucket, key, o);
  }

  async get(bucket: string, key: string, opts: GetOptions = {}): Promise<GetResult> {
    this.gets++;
    const o = this.obj(bucket, key);
    if (o.sse.customerAlgorithm && !opts.sseCustomerKey) throw new AegisError('UNSUPPORTED_ENCRYPTION', 'GET 400', { uri: `s3://${bucket}/${key}`, mode: 'SSE_C' });
    if (o.sse.kmsKeyId && this.deniedKeys.has(o.sse.kmsKeyId)) throw new AegisError('ACCESS_DENIED', 'Access Denied', { uri: `s3://${bucket}/${key}` });
    const head = this.headOf(bucket, key, o);
    if (!opts.range) return { head, body: o.body.slice() };
    const total = o.body.length;
    const [start, end] = 'suffix' in opts.range ? [Math.max(0, total - opts.range.suffix), total - 1] : [opts.range.start, Math.min(opts.range.end ?? total - 1, total - 1)];
    return { head, body: o.body.slice(start, end + 1), range: { start, end, total } };
  }

  async createUpload(bucket: string, key: string, opts: PutOptions = {}): Promise<ObjectUpload> {
    if (!this.buckets.has(bucket)) throw new AegisError('NOT_FOUND', `no bucket ${bucket}`);
    return bufferedUpload(this, bucket, key, opts);
  }

  async put(bucket: string, key: string, body: Uint8Array, opts: PutOptions = {}): Promise<{ etag: string }> {
    const b = this.buckets.get(bucket);
    if (!b) throw new AegisError('NOT_FOUND', `no bucket ${bucket}`);
    const sse: SseInfo = {};
    const r = opts.sse;
    if (r?.mode === 'SSE_S3') sse.serverSideEncryption = 'AES256';
    if (r?.mode === 'SSE_KMS') Object.assign(sse, { serverSideEncryption: 'aws:kms', kmsKeyId: r.kmsKeyId ?? 'arn:aws:kms:us-east-1:000000000000:alias/aws/s3' });
    if (r?.mode === 'SSE_C') Object.assign(sse, { customerAlgorithm: 'AES256', customerKeyMd5: createHash('md5').update(r.customerKey).digest('base64') });
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    b.objects.set(key, { body: Uint8Array.from(body), metadata: { ...(opts.metadata ?? {}) }, sse, etag, lastModified: new Date() });
    return { etag };
  }

  /** Test hook: replace an object's bytes or metadata without going through put's SSE logic. */
  poke(bucket: string, key: string, change: { body?: Uint8Array; metadata?: Record<string, string> }): void {
    const o = this.obj(bucket, key);
    if (change.body) o.body = change.body;
    if (change.metadata) o.metadata = change.metadata;
  }

  async delete(bucket: string, key: string): Promise<void> {
    this.buckets.get(bucket)?.objects.delete(key);
  }

  async list(bucket: string, opts: ListOptions = {}): Promise<ListResult> {
    const b = this.buckets.get(bucket);
    const objects = [...(b?.objects.entries() ?? [])]
      .filter(([k]) => k.startsWith(opts.prefix ?? ''))
      .map(([key, o]) => ({ key, size: o.body.length, etag: o.etag, lastModified: o.lastModified }));
    return { objects, commonPrefixes: [] };
  }

  async bucketRegion(bucket: string): Promise<string> {
    const b = this.buckets.get(bucket);
    if (!b) throw new AegisError('NOT_FOUND', `no bucket ${bucket}`);
    return b.region;
  }

  async listBuckets(): Promise<{ name: string; region?: string }[]> {
    return [...this.buckets.entries()].map(([name, b]) => ({ name, region: b.region }));
  }
}
