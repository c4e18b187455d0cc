/**
 * Writes one query's result in Athena's layout: `<OutputLocation><id>.csv` (or `.txt` for DDL)
 * and beside it `<id>.csv.metadata` (see result-metadata.ts), both encrypted with the query's
 * effective result encryption, never the source's:
 * - SSE_S3: `x-amz-server-side-encryption: AES256`;
 * - SSE_KMS: `aws:kms` under the result key;
 * - CSE_KMS: the S3 Encryption Client V2 format under the result key (crypto/seal-stream.ts);
 * - NONE: only when explicitly asked for.
 *
 * Rows are streamed into a multipart upload as they are produced, so a result never has to fit in
 * memory. Nothing is visible at the final key until the whole result is written; `abort` (error,
 * cancel, cutoff) leaves no object and no stored part. The upload is opened before the query
 * runs, so a denied bucket policy, a missing `kms:GenerateDataKey`, a disabled key or a bucket in
 * another region fail the query before it reads anything.
 */
import { createSealedUpload } from '../crypto/seal-stream.js';
import { AegisError, isAegisError } from '../errors.js';
import type { Kms } from '../kms/kms.js';
import type { ObjectStore, ObjectUpload, PutOptions } from '../storage/object-store.js';
import { parseS3Uri } from '../storage/object-store.js';
import type { SqlType } from '../types/sql-type.js';
import type { Value } from '../types/value.js';
import { csvHeader, csvRows, textRows } from './athena-csv.js';
import { resultMetadata, type ResultMetadata } from './result-metadata.js';
import type { EffectiveResultConfiguration } from './result-configuration.js';

export interface ResultWriterDeps {
  readonly store: ObjectStore;
  readonly kms: Kms;
}

export type ResultFileKind = 'csv' | 'txt';

export interface WrittenResult {
  /** `s3://…/<id>.csv` or `.txt`. */
  uri: string;
  metadataUri: string;
  /** Plaintext bytes of the data object. */
  bytes: number;
  rows: number;
  /** The key the result was encrypted under (SSE_KMS / CSE_KMS), as the KMS reports it. */
  kmsKeyArn?: string;
}

/** Buffered text is handed to the upload in chunks of this size. */
const FLUSH_BYTES = 1 << 20;

/** Splits an output location and a file name into bucket and key. */
export function resultObject(outputLocation: string, fileName: string): { bucket: string; key: string; uri: string } {
  const { bucket, key: prefix } = parseS3Uri(outputLocation);
  const key = `${prefix}${fileName}`;
  return { bucket, key, uri: `s3://${bucket}/${key}` };
}

/** Opens an upload of one object with the result encryption (CSE_KMS binds the object's location). */
export async function openUpload(deps: ResultWriterDeps, cfg: EffectiveResultConfiguration, bucket: string, key: string, contentType: string): Promise<ObjectUpload & { keyId?: string }> {
  const enc = cfg.encryption;
  const base: PutOptions = { contentType };
  switch (enc.option) {
    case 'CSE_KMS':
      return createSealedUpload(deps.store, deps.kms, bucket, key, enc.kmsKey!, base);
    case 'SSE_KMS':
      return deps.store.createUpload(bucket, key, { ...base, sse: { mode: 'SSE_KMS', kmsKeyId: enc.kmsKey! } });
    case 'SSE_S3':
      return deps.store.createUpload(bucket, key, { ...base, sse: { mode: 'SSE_S3' } });
    case 'NONE':
      return deps.store.createUpload(bucket, key, { ...base, sse: { mode: 'NONE' } });
  }
}

/** Creates the embedded default result bucket on first use. */
export async function ensureDefaultBucket(store: ObjectStore, bucket: string): Promise<void> {
  try {
    await store.bucketRegion(bucket);
  } catch (e) {
    if (!isAegisError(e, 'NOT_FOUND')) throw e;
    try {
      await store.createBucket(bucket, { region: store.region });
    } catch (e2) {
      if (!isAegisError(e2, 'ALREADY_EXISTS')) throw e2; // another process won the race
    }
  }
}

/**
 * A failure to open the result object, said as one about saving results: a bucket in another
 * region is CROSS_REGION about the output location (the store's wording is about reading), and
 * a KMS refusal (CSE_KMS asks KMS directly, without an object in hand) names the result object.
 */
function inResultTerms(e: unknown, cfg: EffectiveResultConfiguration, uri: string): unknown {
  if (!isAegisError(e)) return e;
  const d = e.details;
  if (e.code === 'CROSS_REGION' && typeof d.bucketRegion === 'string' && typeof d.engineRegion === 'string') {
    return new AegisError(
      'CROSS_REGION',
      `Query results cannot be saved to ${cfg.outputLocation}: bucket '${String(d.bucket ?? parseS3Uri(uri).bucket)}' is in region ${d.bucketRegion}, but aegis runs in ${d.engineRegion}. ` +
        `Use an output location in a ${d.engineRegion} bucket, or run aegis with --region ${d.bucketRegion}.`,
      { ...d, uri, outputLocation: cfg.outputLocation },
      { cause: e },
    );
  }
  if (typeof d.kmsError === 'string' && d.uri === undefined) {
    return new AegisError(e.code, `${e.message} (result object ${uri})`, { ...d, uri }, { cause: e });
  }
  return e;
}

export class ResultWriter {
  private columns: { name: string; type: SqlType }[] | undefined;
  private pending = '';
  private rowCount = 0;
  /** Plaintext bytes handed to the upload (a CSE_KMS object stores 16 more: the GCM tag). */
  private dataBytes = 0;
  private state: 'open' | 'done' = 'open';

  private constructor(
    private readonly deps: ResultWriterDeps,
    private readonly cfg: EffectiveResultConfiguration,
    private readonly queryId: string,
    private readonly kind: ResultFileKind,
    private readonly upload: ObjectUpload & { keyId?: string },
    readonly uri: string,
  ) {}

  /**
   * Opens the result object's upload (checking access and keys before the query runs).
   * @throws AegisError ACCESS_DENIED (bucket policy, KMS key policy), KMS_DISABLED, NOT_FOUND
   *   (bucket or key), CROSS_REGION.
   */
  static async open(deps: ResultWriterDeps, cfg: EffectiveResultConfiguration, queryId: string, kind: ResultFileKind): Promise<ResultWriter> {
    const { bucket, key, uri } = resultObject(cfg.outputLocation, `${queryId}.${kind}`);
    if (cfg.defaultLocation) await ensureDefaultBucket(deps.store, bucket);
    let upload: ObjectUpload & { keyId?: string };
    try {
      upload = await openUpload(deps, cfg, bucket, key, kind === 'csv' ? 'text/csv' : 'text/plain');
    } catch (e) {
      throw inResultTerms(e, cfg, uri);
    }
    return new ResultWriter(deps, cfg, queryId, kind, upload, uri);
  }

  /** The data object's multipart upload id, where the store has one. */
  get uploadId(): string | undefined {
    return this.upload.uploadId;
  }

  async writeColumns(columns: readonly { name: string; type: SqlType }[]): Promise<void> {
    this.columns = columns.map((c) => ({ name: c.name, type: c.type }));
    if (this.kind === 'csv' && columns.length > 0) this.pending += csvHeader(columns.map((c) => c.name));
    await this.flush(false);
  }

  async writeRows(rows: readonly (readonly Value[])[]): Promise<void> {
    if (!this.columns) throw new AegisError('INTERNAL_ERROR', 'Result rows written before the columns');
    const types = this.columns.map((c) => c.type);
    this.pending += this.kind === 'csv' ? csvRows(rows, types) : textRows(rows, types);
    this.rowCount += rows.length;
    await this.flush(false);
  }

  private async flush(all: boolean): Promise<void> {
    if (this.pending.length === 0 || (!all && this.pending.length < FLUSH_BYTES)) return;
    const chunk = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    this.dataBytes += chunk.length;
    await this.upload.write(chunk);
  }

  /**
   * Completes the data object, then writes its metadata file. If the metadata cannot be written
   * the data object is deleted again, so a result is whole or absent.
   */
  async complete(extra: Pick<ResultMetadata, 'statementType'> & { updateCount?: number }): Promise<WrittenResult> {
    if (this.state !== 'open') throw new AegisError('INTERNAL_ERROR', 'Result already finished');
    this.state = 'done';
    const columns = this.columns ?? [];
    try {
      await this.flush(true);
      await this.upload.complete();
    } catch (e) {
      await this.upload.abort().catch(() => undefined);
      throw e;
    }
    const meta = resultMetadata({
      queryId: this.queryId,
      statementType: extra.statementType,
      columns,
      rowCount: this.rowCount,
      dataObject: `${this.queryId}.${this.kind}`,
      dataBytes: this.dataBytes,
      encryption: this.cfg.encryption,
      ...(extra.updateCount !== undefined ? { updateCount: extra.updateCount } : {}),
    });
    const m = resultObject(this.cfg.outputLocation, `${this.queryId}.${this.kind}.metadata`);
    try {
      const up = await openUpload(this.deps, this.cfg, m.bucket, m.key, 'application/json');
      await up.write(Buffer.from(JSON.stringify(meta), 'utf8'));
      await up.complete();
    } catch (e) {
      const { bucket, key } = parseS3Uri(this.uri);
      await this.deps.store.delete(bucket, key).catch(() => undefined);
      throw e;
    }
    let kmsKeyArn = this.upload.keyId;
    if (this.cfg.encryption.option === 'SSE_KMS') {
      // The store resolves aliases; HEAD reports the key it actually used.
      const { bucket, key } = parseS3Uri(this.uri);
      kmsKeyArn = (await this.deps.store.head(bucket, key).catch(() => undefined))?.sse.kmsKeyId ?? this.cfg.encryption.kmsKey;
    }
    return { uri: this.uri, metadataUri: m.uri, bytes: this.dataBytes, rows: this.rowCount, ...(kmsKeyArn ? { kmsKeyArn } : {}) };
  }

  /** Discards everything written; nothing stays at the final key. */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'done';
    this.pending = '';
    await this.upload.abort();
  }
}
