/**
 * The one path every object read in aegis takes (README: "What aegis reads" lists the verdicts):
 * bucket-region check → HEAD → classify (fetching `<key>.instruction` when needed) → decide →
 * GET → decrypt. Client-side encrypted objects are read whole and verified before any byte is
 * returned; `openRange` serves ranged reads of plain and SSE objects only.
 */
import { AegisError, isAegisError } from '../errors.js';
import type { Kms } from '../kms/kms.js';
import type { ByteRange, ObjectHead, ObjectStore } from '../storage/object-store.js';
import { formatS3Uri } from '../storage/s3-uri.js';
import { classify, needsInstructionFile } from './classify.js';
import { contentDecryptionFailed } from './content-cipher.js';
import { decryptCseKms } from './cse-kms-decrypt.js';
import { DataKeyCache } from './data-key-cache.js';
import { accessDeniedError, crossRegionError, decide, type ReadDecision, type ReadPolicy } from './decide.js';
import { describeEncryption, type EncryptionDescriptor } from './encryption-descriptor.js';
import * as K from './envelope-keys.js';

/** Per-query read settings. */
export interface ReadContext {
  /** The engine's region; defaults to the store's region. */
  engineRegion?: string;
  /** The principal aegis acts as (named in ACCESS_DENIED messages). */
  principal?: string;
  /**
   * The query's data-key cache. When absent, each read uses its own cache and wipes it before
   * returning (correct, but one KMS call per object).
   */
  dataKeys?: DataKeyCache;
  /**
   * The data is known to be client-side encrypted (Athena's `has_encrypted_data`): look for
   * `<key>.instruction` even when the object's metadata has no hint of an envelope.
   */
  expectClientSide?: boolean;
  /** Optional KMS permission oracle (see DecideContext.mayDecrypt). */
  mayDecrypt?: (keyId: string) => boolean | undefined;
  /** Bucket → region, filled as buckets are checked, so a scan asks once per bucket. */
  bucketRegions?: Map<string, string>;
  /** What this read requires of the object's encryption, and which legacy modes it accepts. */
  policy?: ReadPolicy;
  /**
   * Where a client-side decrypted plaintext of `length` bytes is written (a buffer shared with
   * worker threads, say). GCM plaintext lands there directly; other reads may return a new buffer.
   */
  plaintextInto?: (length: number) => Uint8Array;
}

export interface ProbedObject {
  head: ObjectHead;
  descriptor: EncryptionDescriptor;
  decision: ReadDecision;
}

export interface OpenedObject {
  /** The object's plaintext, authenticated when it was client-side encrypted with GCM. */
  plaintext: Uint8Array;
  descriptor: EncryptionDescriptor;
  /** KMS Decrypt calls this read made (0 when the data key was cached or the store decrypted). */
  kmsCalls: number;
  head: ObjectHead;
}

export interface OpenedRange {
  bytes: Uint8Array;
  descriptor: EncryptionDescriptor;
  /** The inclusive range returned and the object's total size. */
  range?: { start: number; end: number; total: number };
}

/**
 * HEAD + region check + classify + decide, without reading the body. This is the preflight
 * verdict of one object.
 * @throws AegisError CROSS_REGION, UNSUPPORTED_ENCRYPTION, NOT_SUPPORTED, ACCESS_DENIED,
 *   DECRYPTION_FAILED (malformed or missing envelope), NOT_FOUND, STORAGE_ERROR.
 */
export async function probeObject(store: ObjectStore, bucket: string, key: string, ctx: ReadContext = {}): Promise<ProbedObject> {
  const uri = formatS3Uri(bucket, key);
  const engineRegion = ctx.engineRegion ?? store.region;
  const bucketRegion = await regionOf(store, bucket, uri, engineRegion, ctx.bucketRegions);
  const dctx = {
    engineRegion,
    bucketRegion,
    ...(ctx.principal !== undefined ? { principal: ctx.principal } : {}),
    ...(ctx.mayDecrypt ? { mayDecrypt: ctx.mayDecrypt } : {}),
    ...(ctx.policy ? { policy: ctx.policy } : {}),
  };

  let head: ObjectHead;
  try {
    head = await store.head(bucket, key);
  } catch (e) {
    throw translateStoreError(e, uri, engineRegion, ctx.principal);
  }
  let instruction: Record<string, string> | undefined;
  if (needsInstructionFile(head, ctx.expectClientSide)) {
    instruction = await readInstructionFileAt(store, bucket, key, uri, ctx.principal, engineRegion);
  }
  const descriptor = classify(head, instruction);
  const decision = decide(descriptor, dctx);
  return { head, descriptor, decision };
}

/**
 * Reads a whole object and returns its plaintext.
 * @param probed a verdict from {@link probeObject} for this object (a scan's planning made one),
 *   to skip the HEAD and instruction-file read; the GET still fails if the object changed since.
 * @throws as {@link probeObject}, plus DECRYPTION_FAILED / INVALID_CIPHERTEXT / KMS_* for
 *   client-side objects that do not decrypt, and PRECONDITION_FAILED if the object changed
 *   between HEAD and GET. Never returns unverified plaintext.
 */
export async function openObject(
  store: ObjectStore,
  kms: Kms,
  bucket: string,
  key: string,
  ctx: ReadContext = {},
  probed?: ProbedObject,
): Promise<OpenedObject> {
  const uri = formatS3Uri(bucket, key);
  const engineRegion = ctx.engineRegion ?? store.region;
  const { head, descriptor, decision } = probed ?? (await probeObject(store, bucket, key, ctx));
  const body = await getBody(store, bucket, key, uri, engineRegion, ctx.principal, descriptor, head);
  if (decision.decrypt !== 'client') return { plaintext: body, descriptor, kmsCalls: 0, head };
  if (descriptor.mode !== 'CSE_KMS') throw new AegisError('INTERNAL_ERROR', `${uri}: client decryption chosen for ${descriptor.mode}`);

  const cache = ctx.dataKeys ?? new DataKeyCache();
  try {
    const r = await decryptCseKms(kms, cache, descriptor, body, ctx.principal, ctx.plaintextInto);
    return { plaintext: r.plaintext, descriptor: { ...descriptor, keyId: descriptor.keyId ?? r.keyId }, kmsCalls: r.kmsCalls, head };
  } finally {
    if (!ctx.dataKeys) cache.dispose();
  }
}

/**
 * A ranged read of a plain, SSE-S3 or SSE-KMS object (for Parquet footers and CSV splits).
 * Client-side encrypted objects are refused: GCM can only be verified over the whole object —
 * use {@link openObject} for them, or {@link readCiphertextRange} to decrypt one in parts that
 * are all authenticated before any is used.
 * @param probed a verdict from {@link probeObject} for this object, to skip the HEAD.
 * @throws as {@link probeObject}; NOT_SUPPORTED for client-side encrypted objects.
 */
export async function openRange(
  store: ObjectStore,
  bucket: string,
  key: string,
  range: ByteRange,
  ctx: ReadContext = {},
  probed?: ProbedObject,
): Promise<OpenedRange> {
  const uri = formatS3Uri(bucket, key);
  const engineRegion = ctx.engineRegion ?? store.region;
  const p = probed ?? (await probeObject(store, bucket, key, ctx));
  if (p.decision.decrypt === 'client') {
    throw new AegisError(
      'NOT_SUPPORTED',
      `${uri} is ${describeEncryption(p.descriptor)}: ranged reads of client-side encrypted objects are refused because the whole object must be authenticated first. Read it whole (openObject).`,
      { uri, mode: p.descriptor.mode },
    );
  }
  try {
    const r = await store.get(bucket, key, { range });
    return { bytes: r.body, descriptor: p.descriptor, ...(r.range ? { range: r.range } : {}) };
  } catch (e) {
    throw translateStoreError(e, uri, engineRegion, ctx.principal, p.descriptor);
  }
}

/**
 * A ranged read of a client-side encrypted object's stored body (ciphertext), for decrypting it
 * in parts on several threads (crypto/gcm-parts.ts): the caller must authenticate all parts
 * against the tag before any plaintext is used, and wipe it otherwise.
 * @param probed the object's verdict; its ETag must still be the object's, or the read fails.
 * @throws as {@link openRange} for store failures; PRECONDITION_FAILED if the object changed
 *   since it was probed.
 */
export async function readCiphertextRange(
  store: ObjectStore,
  probed: ProbedObject,
  range: { start: number; end: number },
  ctx: ReadContext = {},
): Promise<Uint8Array> {
  const { bucket, key } = probed.head;
  const uri = formatS3Uri(bucket, key);
  if (probed.decision.decrypt !== 'client') throw new AegisError('INTERNAL_ERROR', `${uri}: a ciphertext range was asked of an object not client-side encrypted`);
  let r;
  try {
    r = await store.get(bucket, key, { range });
  } catch (e) {
    throw translateStoreError(e, uri, ctx.engineRegion ?? store.region, ctx.principal, probed.descriptor);
  }
  if (!probed.head.etag || r.head.etag !== probed.head.etag) throw changedWhileRead(uri, probed.head.etag, r.head.etag);
  if (r.body.length !== range.end - range.start + 1) {
    throw contentDecryptionFailed(uri, `bytes ${range.start}-${range.end} of the body came back as ${r.body.length} bytes`);
  }
  return r.body;
}

function changedWhileRead(uri: string, before: string, after: string): AegisError {
  return new AegisError('PRECONDITION_FAILED', `${uri} changed while it was being read (ETag ${before} → ${after}). Retry the query.`, { uri });
}

async function regionOf(store: ObjectStore, bucket: string, uri: string, engineRegion: string, cache?: Map<string, string>): Promise<string> {
  const known = cache?.get(bucket);
  if (known !== undefined) return known;
  let region: string;
  try {
    region = await store.bucketRegion(bucket);
  } catch (e) {
    throw translateStoreError(e, uri, engineRegion, undefined);
  }
  cache?.set(bucket, region);
  return region;
}

async function getBody(
  store: ObjectStore,
  bucket: string,
  key: string,
  uri: string,
  engineRegion: string,
  principal: string | undefined,
  d: EncryptionDescriptor,
  head: ObjectHead,
): Promise<Uint8Array> {
  let r;
  try {
    r = await store.get(bucket, key);
  } catch (e) {
    throw translateStoreError(e, uri, engineRegion, principal, d);
  }
  if (head.etag && r.head.etag && r.head.etag !== head.etag) {
    // The envelope came from HEAD; a body from another version would not match it.
    throw changedWhileRead(uri, head.etag, r.head.etag);
  }
  return r.body;
}

/**
 * Reads and parses `<key>.instruction`.
 * @returns the envelope keys (lower-case) with string values, or undefined when the file does not
 *   exist.
 * @throws AegisError DECRYPTION_FAILED when the file exists but is empty, not a JSON object, or
 *   gives an envelope key a value that is not a string (null included) — a half-present
 *   envelope is never "not encrypted"; STORAGE_ERROR / ACCESS_DENIED from the store.
 */
export async function readInstructionFile(store: ObjectStore, bucket: string, key: string, ctx: ReadContext = {}): Promise<Record<string, string> | undefined> {
  return readInstructionFileAt(store, bucket, key, formatS3Uri(bucket, key), ctx.principal, ctx.engineRegion ?? store.region);
}

async function readInstructionFileAt(
  store: ObjectStore,
  bucket: string,
  key: string,
  uri: string,
  principal: string | undefined,
  engineRegion: string,
): Promise<Record<string, string> | undefined> {
  const iuri = uri + K.INSTRUCTION_SUFFIX;
  let body: Uint8Array;
  try {
    body = (await store.get(bucket, key + K.INSTRUCTION_SUFFIX)).body;
  } catch (e) {
    if (isAegisError(e, 'NOT_FOUND')) return undefined;
    throw translateStoreError(e, iuri, engineRegion, principal);
  }
  const bad = (what: string) =>
    new AegisError('DECRYPTION_FAILED', `${uri}: its instruction file ${iuri} ${what}, so the object's encryption envelope cannot be read. Restore the instruction file, or re-upload the object.`, { uri, mode: 'CSE' });
  if (body.length === 0) throw bad('is empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw bad('is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw bad('is not a JSON object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    const name = k.toLowerCase();
    // Some clients write numbers (e.g. tag length) unquoted.
    if (typeof v === 'string' || typeof v === 'number') out[name] = String(v);
    else if (K.ENVELOPE_KEYS.includes(name) || name === K.UNENCRYPTED_LENGTH) throw bad(`gives '${name}' the value ${v === null ? 'null' : typeof v}`);
  }
  return out;
}

/** Restates a store error in terms of the object and aegis's policy. */
function translateStoreError(e: unknown, uri: string, engineRegion: string, principal: string | undefined, d?: EncryptionDescriptor): unknown {
  if (!isAegisError(e)) return e;
  switch (e.code) {
    case 'CROSS_REGION': {
      const br = typeof e.details.bucketRegion === 'string' ? e.details.bucketRegion : 'another region';
      const er = typeof e.details.engineRegion === 'string' ? e.details.engineRegion : engineRegion;
      return crossRegionError(uri, br, er);
    }
    case 'UNSUPPORTED_ENCRYPTION':
      if (e.details.mode === 'SSE_C' || d === undefined || d.mode === 'SSE_C') {
        return sseCRefusal(uri, engineRegion);
      }
      return e;
    case 'ACCESS_DENIED': {
      const keyId = d && (d.mode === 'SSE_KMS' || d.mode === 'CSE_KMS') ? d.keyId : undefined;
      if (keyId) return accessDeniedError(uri, principal ?? (e.details.principal as string | undefined), keyId, d?.mode === 'SSE_KMS' ? 'SSE-KMS' : 'CSE-KMS', e);
      return new AegisError('ACCESS_DENIED', `${uri}: access denied for principal '${principal ?? 'unknown'}': ${e.message}`, { ...e.details, uri, principal }, { cause: e });
    }
    default:
      return e;
  }
}

/** The store refused to describe an SSE-C object without its key: refuse it as SSE-C. */
function sseCRefusal(uri: string, engineRegion: string): unknown {
  try {
    decide({ uri, mode: 'SSE_C', reason: 'the store requires a customer-provided key to read it' }, { engineRegion });
  } catch (refusal) {
    return refusal;
  }
  return new AegisError('INTERNAL_ERROR', `${uri}: SSE-C was not refused`);
}
