/**
 * LocalStore: the embedded ObjectStore. A warehouse directory holds buckets (each with a region
 * and an optional bucket policy) and objects with S3 semantics and server-side encryption at rest.
 *
 * Layout under `root`:
 * - `.store/index.sqlite` — buckets and object records (local-index.ts)
 * - `.store/master.key`   — SSE-S3 master key, mode 0600, sealed when a keyring passphrase is
 *   set (master-key.ts)
 * - `.store/tmp/`         — writes in progress, `<pid>-<id>.tmp`; files of processes that no
 *   longer run (killed writes) are removed when a store opens
 * - `buckets/<bucket>/<id[0..2]>/<id>` — object bytes; SSE objects in the segmented AEAD format
 *   of segment-cipher.ts, unencrypted objects as-is.
 *
 * A write seals the bytes into a temp file, renames it into place, then switches the object's
 * record in one SQLite transaction: readers see the old or the new version, never a partial one.
 * Files are not fsynced (as most S3 emulators do not): after a power loss an object may be
 * shorter than its record, which reads then report as an error, never as silently short data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AegisError } from '../errors.js';
import type { Kms } from '../kms/kms.js';
import type { KeyringPassphrase } from '../kms/keyring-passphrase.js';
import { BucketPolicy } from './bucket-policy.js';
import { processAlive } from './process-alive.js';
import { formatRange, resolveRange } from './byte-range.js';
import { LocalIndex, type ObjectRecord } from './local-index.js';
import { loadOrCreateMasterKey, MASTER_KEY_FILE, type MasterKey } from './master-key.js';
import type { BucketOptions, GetOptions, GetResult, ListOptions, ListResult, ObjectHead, ObjectStore, ObjectUpload, PutOptions } from './object-store.js';
import { openRange, sealedSize, sealedSpan, sealObject, SEGMENT_SIZE, SegmentSealer, TAG_SIZE } from './segment-cipher.js';
import { bindingId, createEnvelope, type EnvelopeDeps, openEnvelope, type ObjectRef, sseHeaderValue, sseInfoOf, verifyCustomerKey } from './sse-envelope.js';
import { crossRegionError, invalidRange, noSuchBucket, noSuchKey, uriOf } from './store-errors.js';

export interface LocalStoreOptions {
  /** The store's directory (usually the warehouse). Created if missing. */
  root: string;
  /** The engine's region; buckets elsewhere answer CROSS_REGION. Default us-east-1. */
  region?: string;
  /** The KMS used for SSE-KMS (data keys are generated and decrypted as its principal). */
  kms?: Kms;
  /** Who is calling: matched against bucket policy principals and named in refusals. */
  principal?: string;
  /**
   * Key for SSE-KMS writes that name none. Default `alias/aws/s3`, which LocalKms creates on
   * first use, as AWS does.
   */
  defaultKmsKeyId?: string;
  /** Seals the master key file (kms/keyring-passphrase.ts); unset: it is stored plaintext. */
  keyringPassphrase?: KeyringPassphrase;
}

const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** S3's default Content-Type when a PUT names none. */
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

/**
 * The embedded ObjectStore.
 *
 * Beyond the ObjectStore contract: bucket policies enforce their `Deny` statements
 * (bucket-policy.ts); a put that a policy denies, or whose KMS call fails, leaves the previous
 * version untouched; tampered stored bytes make reads fail with DECRYPTION_FAILED.
 */
export class LocalStore implements ObjectStore {
  readonly kind = 'local' as const;
  readonly region: string;
  readonly root: string;
  private readonly index: LocalIndex;
  private readonly masterKey: MasterKey;
  private readonly deps: EnvelopeDeps;
  private readonly tmpDir: string;
  private readonly policies = new Map<string, { text: string; policy: BucketPolicy }>();

  constructor(opts: LocalStoreOptions) {
    this.root = opts.root;
    this.region = opts.region ?? 'us-east-1';
    const storeDir = join(opts.root, '.store');
    this.tmpDir = join(storeDir, 'tmp');
    mkdirSync(this.tmpDir, { recursive: true, mode: 0o700 });
    mkdirSync(join(opts.root, 'buckets'), { recursive: true, mode: 0o700 });
    // The warehouse holds its own keys: keep other users out whatever the folders' modes were.
    for (const d of [opts.root, storeDir, this.tmpDir, join(opts.root, 'buckets')]) {
      try {
        chmodSync(d, 0o700);
      } catch {
        // Not ours to change (another owner); the files inside are still created 0600.
      }
    }
    this.index = new LocalIndex(join(storeDir, 'index.sqlite'));
    if (!existsSync(join(storeDir, MASTER_KEY_FILE)) && this.index.hasObjects()) {
      this.index.close();
      throw new AegisError(
        'STORAGE_ERROR',
        `The warehouse at ${opts.root} holds objects but its master key ${join(storeDir, MASTER_KEY_FILE)} is missing. Restore the file from a backup; a new key would make every SSE object unreadable.`,
        { path: join(storeDir, MASTER_KEY_FILE) },
      );
    }
    try {
      this.masterKey = loadOrCreateMasterKey(storeDir, opts.keyringPassphrase);
    } catch (e) {
      this.index.close();
      throw e;
    }
    // Only once the keys open: a store refused for its passphrase changes nothing on disk.
    removeDeadWrites(this.tmpDir);
    this.deps = {
      masterKey: this.masterKey,
      kms: opts.kms,
      principal: opts.principal ?? 'local',
      defaultKmsKeyId: opts.defaultKmsKeyId ?? 'alias/aws/s3',
    };
  }

  /** What `warehouse check` needs to look at (not part of the ObjectStore contract). */
  internals(): { index: LocalIndex; indexPath: string; tmpDir: string; readWhole: (bucket: string, key: string) => Promise<void> } {
    return {
      index: this.index,
      indexPath: join(this.root, '.store', 'index.sqlite'),
      tmpDir: this.tmpDir,
      // Reads bypass bucket policies and regions: the check is the owner's, on the files.
      readWhole: async (bucket, key) => {
        const rec = this.record(bucket, key);
        const fh = await open(this.objectPath(bucket, rec.objectId), 'r');
        try {
          await this.readSpan(fh, rec, { start: 0, end: rec.size - 1 }, uriOf(bucket, key));
        } finally {
          await fh.close();
        }
      },
    };
  }

  /** Path of the file holding an object version's bytes. */
  objectPath(bucket: string, objectId: string): string {
    return join(this.root, 'buckets', bucket, objectId.slice(0, 2), objectId);
  }

  async createBucket(bucket: string, opts: BucketOptions = {}): Promise<void> {
    if (!BUCKET_RE.test(bucket) || bucket.includes('..')) {
      throw new AegisError('INVALID_ARGUMENT', `'${bucket}' is not a valid bucket name (3–63 lower-case letters, digits, '.', '-').`, { bucket });
    }
    const policy = opts.policy === undefined ? undefined : JSON.stringify(BucketPolicy.parse(opts.policy).document);
    this.index.addBucket({ name: bucket, region: opts.region ?? this.region, policy, created: new Date() });
    await mkdir(join(this.root, 'buckets', bucket), { recursive: true, mode: 0o700 });
  }

  /** Sets (or with `undefined` removes) a bucket's policy; INVALID_ARGUMENT if malformed. */
  async setBucketPolicy(bucket: string, policy: unknown): Promise<void> {
    if (!this.index.getBucket(bucket)) throw noSuchBucket(bucket);
    this.index.setPolicy(bucket, policy === undefined ? undefined : JSON.stringify(BucketPolicy.parse(policy).document));
  }

  async bucketRegion(bucket: string): Promise<string> {
    const b = this.index.getBucket(bucket);
    if (!b) throw noSuchBucket(bucket);
    return b.region;
  }

  async listBuckets(): Promise<{ name: string; region?: string }[]> {
    return this.index.listBuckets().map((b) => ({ name: b.name, region: b.region }));
  }

  async head(bucket: string, key: string, opts: { sseCustomerKey?: Uint8Array } = {}): Promise<ObjectHead> {
    this.checkAccess('s3:GetObject', bucket, key);
    const rec = this.record(bucket, key);
    if (rec.envelope.mode === 'SSE_C') {
      if (!opts.sseCustomerKey) {
        // S3 answers such a HEAD with a bare 400 and no headers; report the same unknowns.
        return { ...this.headOf(rec), size: -1, etag: '', metadata: {}, sseCustomerKeyRequired: true };
      }
      verifyCustomerKey(rec.envelope, uriOf(bucket, key), opts.sseCustomerKey);
    }
    return this.headOf(rec, opts.sseCustomerKey);
  }

  async get(bucket: string, key: string, opts: GetOptions = {}): Promise<GetResult> {
    this.checkAccess('s3:GetObject', bucket, key);
    const uri = uriOf(bucket, key);
    // The record may be replaced between reading it and opening its file; retry on the newer one.
    for (let attempt = 0; ; attempt++) {
      const rec = this.record(bucket, key);
      if (rec.envelope.mode === 'SSE_C') verifyCustomerKey(rec.envelope, uri, opts.sseCustomerKey);
      const span = opts.range ? resolveRange(opts.range, rec.size) : { start: 0, end: rec.size - 1 };
      if (!span) throw invalidRange(bucket, key, formatRange(opts.range!), rec.size);
      let fh: FileHandle;
      try {
        fh = await open(this.objectPath(bucket, rec.objectId), 'r');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 3) continue;
        throw storageError(e, uri);
      }
      try {
        const body = await this.readSpan(fh, rec, span, uri, opts.sseCustomerKey);
        return {
          head: this.headOf(rec, opts.sseCustomerKey),
          body,
          ...(opts.range ? { range: { ...span, total: rec.size } } : {}),
        };
      } finally {
        await fh.close();
      }
    }
  }

  async put(bucket: string, key: string, body: Uint8Array, opts: PutOptions = {}): Promise<{ etag: string }> {
    const sse = opts.sse ?? { mode: 'NONE' };
    const { uri, idHex, sealId } = this.beginWrite(bucket, key, sse);
    const ref: ObjectRef = { bucket, key, uri, objectId: sealId };
    const { envelope, dataKey } = await createEnvelope(sse, this.deps, ref);
    const tmp = join(this.tmpDir, `${process.pid}-${idHex}.tmp`);
    const final = this.objectPath(bucket, idHex);
    let etag: string;
    try {
      const stored = dataKey ? sealObject(dataKey, sealId, body) : body;
      // As in S3, an SSE-KMS object's ETag is not the MD5 of its data (it would reveal it).
      etag = `"${createHash('md5').update(sse.mode === 'SSE_KMS' ? stored : body).digest('hex')}"`;
      await writeFile(tmp, stored, { flag: 'wx', mode: 0o600 });
      await mkdir(join(final, '..'), { recursive: true, mode: 0o700 });
      await rename(tmp, final);
    } catch (e) {
      await rm(tmp, { force: true });
      throw storageError(e, uri);
    } finally {
      dataKey?.fill(0);
    }
    await this.commit({
      bucket,
      key,
      objectId: idHex,
      size: body.length,
      etag,
      lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
      contentType: opts.contentType ?? DEFAULT_CONTENT_TYPE,
      metadata: normalizeMetadata(opts.metadata),
      envelope,
    });
    return { etag };
  }

  async createUpload(bucket: string, key: string, opts: PutOptions = {}): Promise<ObjectUpload> {
    const sse = opts.sse ?? { mode: 'NONE' };
    if (sse.mode === 'SSE_C') throw new AegisError('NOT_SUPPORTED', 'Streamed writes with SSE-C are not supported', { uri: uriOf(bucket, key) });
    const { uri, idHex, sealId } = this.beginWrite(bucket, key, sse);
    const { envelope, dataKey } = await createEnvelope(sse, this.deps, { bucket, key, uri, objectId: sealId });
    const tmp = join(this.tmpDir, `${process.pid}-${idHex}.tmp`);
    let fh: FileHandle;
    try {
      fh = await open(tmp, 'wx', 0o600);
    } catch (e) {
      dataKey?.fill(0);
      throw storageError(e, uri);
    }
    const sealer = dataKey ? new SegmentSealer(dataKey, sealId) : undefined;
    const md5 = createHash('md5');
    const etagOfStored = sse.mode === 'SSE_KMS';
    let size = 0;
    let state: 'open' | 'done' = 'open';
    const finish = async (): Promise<void> => {
      state = 'done';
      dataKey?.fill(0);
      await fh.close().catch(() => undefined);
    };
    const fail = async (e: unknown): Promise<never> => {
      await finish();
      await rm(tmp, { force: true });
      throw isAegisErrorLike(e) ? e : storageError(e, uri);
    };
    return {
      uri,
      write: async (chunk) => {
        if (state !== 'open') throw new AegisError('INTERNAL_ERROR', `Upload to ${uri} is already finished`);
        if (!etagOfStored) md5.update(chunk);
        size += chunk.length;
        try {
          if (!sealer) await fh.write(chunk);
          else
            for (const seg of sealer.update(chunk)) {
              if (etagOfStored) md5.update(seg);
              await fh.write(seg);
            }
        } catch (e) {
          await fail(e);
        }
      },
      complete: async () => {
        if (state !== 'open') throw new AegisError('INTERNAL_ERROR', `Upload to ${uri} is already finished`);
        const final = this.objectPath(bucket, idHex);
        try {
          if (sealer) {
            const last = sealer.finish();
            if (etagOfStored) md5.update(last);
            await fh.write(last);
          }
          await finish();
          await mkdir(join(final, '..'), { recursive: true, mode: 0o700 });
          await rename(tmp, final);
        } catch (e) {
          return fail(e);
        }
        const etag = `"${md5.digest('hex')}"`;
        await this.commit({
          bucket,
          key,
          objectId: idHex,
          size,
          etag,
          lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
          contentType: opts.contentType ?? DEFAULT_CONTENT_TYPE,
          metadata: normalizeMetadata(opts.metadata),
          envelope,
        });
        return { etag, size };
      },
      abort: async () => {
        if (state !== 'open') return;
        await finish();
        await rm(tmp, { force: true });
      },
    };
  }

  /** Checks a write (key, bucket policy with its SSE conditions) and names its new version. */
  private beginWrite(bucket: string, key: string, sse: NonNullable<PutOptions['sse']>): { uri: string; idHex: string; sealId: Buffer } {
    checkKey(key);
    this.checkAccess('s3:PutObject', bucket, key, {
      's3:x-amz-server-side-encryption': sseHeaderValue(sse),
      's3:x-amz-server-side-encryption-aws-kms-key-id': sse.mode === 'SSE_KMS' ? sse.kmsKeyId : undefined,
    });
    const idHex = randomBytes(16).toString('hex');
    return { uri: uriOf(bucket, key), idHex, sealId: bindingId(bucket, key, idHex) };
  }

  /** Switches the key to a stored file (already renamed into place) and removes the old version. */
  private async commit(rec: ObjectRecord): Promise<void> {
    let previous: string | undefined;
    try {
      previous = this.index.putObject(rec);
    } catch (e) {
      await rm(this.objectPath(rec.bucket, rec.objectId), { force: true });
      throw e;
    }
    if (previous) await rm(this.objectPath(rec.bucket, previous), { force: true });
  }

  async delete(bucket: string, key: string): Promise<void> {
    this.checkAccess('s3:DeleteObject', bucket, key);
    const id = this.index.deleteObject(bucket, key);
    if (id) await rm(this.objectPath(bucket, id), { force: true });
  }

  async list(bucket: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkAccess('s3:ListBucket', bucket);
    const maxKeys = Math.min(1000, Math.max(0, opts.maxKeys ?? 1000));
    return this.index.list(bucket, opts.prefix ?? '', opts.delimiter ?? '', maxKeys, opts.continuationToken);
  }

  async close(): Promise<void> {
    this.index.close();
    this.masterKey.wipe();
  }

  // ---- internals ------------------------------------------------------------------------------

  /** Bucket exists, is in this region, and its policy does not deny the action. */
  private checkAccess(action: string, bucket: string, key?: string, context: Record<string, string | undefined> = {}): void {
    const b = this.index.getBucket(bucket);
    if (!b) throw noSuchBucket(bucket, key);
    if (b.region !== this.region) throw crossRegionError(bucket, key, b.region, this.region);
    if (b.policy === undefined) return;
    const policy = this.policyOf(bucket, b.policy);
    const resource = key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
    const sid = policy.deniedBy({ action, resource, principal: this.deps.principal, context });
    if (sid) {
      throw new AegisError(
        'ACCESS_DENIED',
        `${action} on ${uriOf(bucket, key)} by '${this.deps.principal}' is denied by the bucket policy (${sid}).`,
        { uri: uriOf(bucket, key), principal: this.deps.principal, action, statement: sid },
      );
    }
  }

  /** Parsed policies are cached by their text, so a policy changed by another process is seen. */
  private policyOf(bucket: string, text: string): BucketPolicy {
    const hit = this.policies.get(bucket);
    if (hit && hit.text === text) return hit.policy;
    const policy = BucketPolicy.parse(text);
    this.policies.set(bucket, { text, policy });
    return policy;
  }

  private record(bucket: string, key: string): ObjectRecord {
    const rec = this.index.getObject(bucket, key);
    if (!rec) throw noSuchKey(bucket, key);
    return rec;
  }

  private headOf(rec: ObjectRecord, customerKey?: Uint8Array): ObjectHead {
    return {
      bucket: rec.bucket,
      key: rec.key,
      size: rec.size,
      etag: rec.etag,
      lastModified: rec.lastModified,
      contentType: rec.contentType,
      metadata: { ...rec.metadata },
      sse: sseInfoOf(rec.envelope, customerKey),
    };
  }

  /** Reads plaintext `[span.start, span.end]`, decrypting only the segments it touches. */
  private async readSpan(fh: FileHandle, rec: ObjectRecord, span: { start: number; end: number }, uri: string, customerKey?: Uint8Array): Promise<Uint8Array> {
    const env = rec.envelope;
    if (env.v !== 2 && this.index.format === 2) {
      throw new AegisError('DECRYPTION_FAILED', `The index record of ${uri} is in a format this warehouse never wrote: the index was altered. No data was returned.`, { uri });
    }
    if (env.mode === 'NONE' && env.wrappedKey === undefined) return readAt(fh, span.start, span.end - span.start + 1, uri, 'STORAGE_ERROR');
    const { size: stored } = await fh.stat();
    if (stored !== sealedSize(rec.size)) {
      throw new AegisError('DECRYPTION_FAILED', `Stored object ${uri} has ${stored} bytes where ${sealedSize(rec.size)} were written: it was truncated or altered.`, { uri });
    }
    // v2 objects are bound to bucket, key and version: a moved file or record fails here.
    const objectId = env.v === 2 ? bindingId(rec.bucket, rec.key, rec.objectId) : Buffer.from(rec.objectId, 'hex');
    const dataKey = await openEnvelope(env, this.deps, { bucket: rec.bucket, key: rec.key, uri, objectId }, customerKey);
    try {
      if (rec.size === 0) return openRange(dataKey!, objectId, 0, await readAt(fh, 0, TAG_SIZE, uri, 'DECRYPTION_FAILED'), 0, -1, uri);
      // A window of segments at a time through one reused buffer: a fresh buffer the size of
      // the span costs a page fault per 4 KiB on first touch, which is most of the read.
      const out = Buffer.allocUnsafe(span.end - span.start + 1);
      const first = Math.floor(span.start / SEGMENT_SIZE);
      const last = Math.floor(span.end / SEGMENT_SIZE);
      const buffer = Buffer.allocUnsafe(Math.min(last - first + 1, READ_WINDOW_SEGMENTS) * (SEGMENT_SIZE + TAG_SIZE));
      try {
        for (let a = first; a <= last; a += READ_WINDOW_SEGMENTS) {
          const b = Math.min(last, a + READ_WINDOW_SEGMENTS - 1);
          const at = sealedSpan(a, b, rec.size);
          const sealed = await readAt(fh, at.start, at.end - at.start, uri, 'DECRYPTION_FAILED', buffer);
          const from = Math.max(span.start, a * SEGMENT_SIZE);
          const to = Math.min(span.end, (b + 1) * SEGMENT_SIZE - 1);
          openRange(dataKey!, objectId, rec.size, sealed, from, to, uri, out.subarray(from - span.start, to - span.start + 1));
        }
      } catch (e) {
        out.fill(0);
        throw e;
      }
      return out;
    } finally {
      dataKey?.fill(0);
    }
  }
}

/** Stored segments read and decrypted at a time (about 1 MiB). */
const READ_WINDOW_SEGMENTS = 16;

/**
 * Reads exactly `length` bytes (into the start of `into`, when given); a short file (damaged,
 * or lost in a crash) fails with `code`.
 */
async function readAt(fh: FileHandle, position: number, length: number, uri: string, code: 'STORAGE_ERROR' | 'DECRYPTION_FAILED', into?: Buffer): Promise<Buffer> {
  // Filled by the reads below or refused: never returned with bytes left unwritten.
  const buf = into ? into.subarray(0, Math.max(0, length)) : Buffer.allocUnsafe(Math.max(0, length));
  let off = 0;
  while (off < buf.length) {
    const { bytesRead } = await fh.read(buf, off, buf.length - off, position + off);
    if (bytesRead === 0) throw new AegisError(code, `Stored object ${uri} is shorter than its record says.`, { uri });
    off += bytesRead;
  }
  return buf;
}

function checkKey(key: string): void {
  if (key.length === 0) throw new AegisError('INVALID_ARGUMENT', 'An object key must not be empty.');
  if (LONE_SURROGATE.test(key)) throw new AegisError('INVALID_ARGUMENT', 'An object key must be valid Unicode (it has a lone surrogate).', { key });
  if (Buffer.byteLength(key, 'utf8') > 1024) throw new AegisError('INVALID_ARGUMENT', 'An object key must be at most 1024 bytes of UTF-8.', { key: key.slice(0, 64) });
}

function normalizeMetadata(m: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m ?? {})) out[k.toLowerCase()] = String(v);
  return out;
}

function storageError(e: unknown, uri: string): AegisError {
  if (e instanceof AegisError) return e;
  const err = e as NodeJS.ErrnoException;
  return new AegisError('STORAGE_ERROR', `Local store I/O failed for ${uri}: ${err?.code ?? ''} ${err?.message ?? String(e)}`.trim(), { uri }, { cause: e });
}


function isAegisErrorLike(e: unknown): e is AegisError {
  return e instanceof AegisError;
}

/**
 * Removes temp files of writes whose process is gone (a killed put or result upload): they were
 * never renamed into place, so no object refers to them. Files without a pid prefix come from
 * older versions and are removed too.
 */
function removeDeadWrites(tmpDir: string): void {
  for (const name of readdirSync(tmpDir)) {
    const m = /^(\d+)-[0-9a-f]+\.tmp$/.exec(name);
    if (m && (Number(m[1]) === process.pid || processAlive(Number(m[1])))) continue;
    rmSync(join(tmpDir, name), { force: true });
  }
}
