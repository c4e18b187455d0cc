/**
 * classify: HEAD (+ optional instruction file) → EncryptionDescriptor. Pure: no I/O, no keys.
 *
 * Precedence follows what can be read at all: SSE-C first (the store will not hand out the
 * bytes), then a client-side envelope (it must be removed by aegis even if the store also applies
 * SSE underneath), then plain SSE, then nothing.
 */
import { AegisError, quoteInput } from '../errors.js';
import type { ObjectHead } from '../storage/object-store.js';
import { formatS3Uri } from '../storage/s3-uri.js';
import type { CseKmsEnvelope, EncryptionDescriptor, EnvelopeLocation, ServerSideInfo } from './encryption-descriptor.js';
import * as K from './envelope-keys.js';

/**
 * True when the object's metadata holds a complete envelope (V1, V2, or V3 with its key and
 * wrap algorithm), i.e. no instruction file is needed.
 */
export function hasMetadataEnvelope(metadata: Record<string, string>): boolean {
  return K.KEY_V1 in metadata || K.KEY_V2 in metadata || (K.V3_KEY in metadata && K.V3_WRAP_ALG in metadata);
}

/**
 * Whether `<key>.instruction` should be fetched before classifying. Fetching it for every plain
 * object would double the requests of a scan, so it happens only when the metadata hints at
 * client-side encryption (partial V3 keys, a stray envelope key, or the client's
 * `x-amz-unencrypted-content-length`), or when the caller knows the data is client-side
 * encrypted (Athena's `has_encrypted_data` table property).
 */
export function needsInstructionFile(head: ObjectHead, expectClientSide = false): boolean {
  const md = head.metadata;
  if (isSseC(head) || hasMetadataEnvelope(md)) return false;
  if (K.INSTRUCTION_FILE_MARKER in md || K.isInstructionFileKey(head.key)) return false;
  if (expectClientSide) return true;
  return hasEnvelopeHint(md);
}

/**
 * True when the metadata carries any key only the S3 Encryption Client writes (an envelope key,
 * or its plaintext length). Such an object is client-side encrypted whatever else is missing:
 * reading it as plain would hand ciphertext to a parser as data.
 */
export function hasEnvelopeHint(metadata: Record<string, string>): boolean {
  return K.ENVELOPE_KEYS.some((k) => k in metadata) || K.UNENCRYPTED_LENGTH in metadata;
}

function isSseC(head: ObjectHead): boolean {
  return head.sseCustomerKeyRequired === true || !!head.sse.customerAlgorithm || !!head.sse.customerKeyMd5;
}

/**
 * Classifies an object's encryption.
 *
 * Half-present envelopes never read as "not encrypted": an instruction file that exists must
 * hold an envelope, and metadata with any envelope key must be completed by the metadata or the
 * instruction file. Both are writable by anyone who can write the bucket, without KMS rights.
 *
 * @param head HEAD result (metadata keys lower-case, without `x-amz-meta-`).
 * @param instruction the parsed JSON body of `<key>.instruction`, when it exists (undefined when
 *   it was not fetched or does not exist).
 * @throws AegisError UNSUPPORTED_ENCRYPTION for an envelope naming an unknown wrap or content
 *   algorithm; DECRYPTION_FAILED for a malformed or half-present envelope (missing IV/key,
 *   unparsable matdesc, an instruction file without an envelope, envelope keys in metadata with
 *   no envelope anywhere).
 */
export function classify(head: ObjectHead, instruction?: Record<string, string>): EncryptionDescriptor {
  const uri = formatS3Uri(head.bucket, head.key);
  if (isSseC(head)) {
    const reason = head.sseCustomerKeyRequired
      ? 'the store requires a customer-provided key to read it'
      : `customer algorithm ${head.sse.customerAlgorithm ?? 'AES256'}`;
    return { uri, mode: 'SSE_C', reason };
  }

  const serverSide: ServerSideInfo | undefined = head.sse.serverSideEncryption
    ? { algorithm: head.sse.serverSideEncryption, ...(head.sse.kmsKeyId ? { kmsKeyId: head.sse.kmsKeyId } : {}) }
    : undefined;

  let envelope: Record<string, string> | undefined;
  let location: EnvelopeLocation = 'metadata';
  if (hasMetadataEnvelope(head.metadata)) {
    envelope = head.metadata;
  } else if (instruction !== undefined) {
    location = 'instruction-file';
    // V3 keeps the content algorithm, commitment and message id in the object's metadata; V2
    // clients keep the plaintext length there.
    const stay: Record<string, string> = {};
    for (const k of [K.V3_CONTENT_ALG, K.V3_COMMITMENT, K.V3_MESSAGE_ID, K.UNENCRYPTED_LENGTH]) {
      const v = head.metadata[k];
      if (v !== undefined) stay[k] = v;
    }
    envelope = { ...instruction, ...stay };
  }

  if (envelope) {
    const cse = classifyEnvelope(uri, envelope, location, serverSide);
    if (cse) return cse;
    if (location === 'instruction-file') {
      throw malformed(uri, `${uri}${K.INSTRUCTION_SUFFIX} exists but holds no envelope (no ${K.KEY_V2}, ${K.KEY_V1} or ${K.V3_KEY} with ${K.V3_WRAP_ALG})`);
    }
  }
  if (hasEnvelopeHint(head.metadata)) {
    const found = Object.keys(head.metadata).filter((k) => K.ENVELOPE_KEYS.includes(k) || k === K.UNENCRYPTED_LENGTH).sort();
    throw malformed(uri, `the metadata holds ${found.join(', ')} but neither the metadata nor ${uri}${K.INSTRUCTION_SUFFIX} holds the rest of the envelope. Restore the instruction file, or re-upload the object`);
  }

  if (serverSide) {
    const alg = serverSide.algorithm;
    if (alg === 'aws:kms' || alg === 'aws:kms:dsse') {
      return { uri, mode: 'SSE_KMS', algorithm: alg, ...(serverSide.kmsKeyId ? { keyId: serverSide.kmsKeyId } : {}) };
    }
    return { uri, mode: 'SSE_S3', algorithm: alg };
  }
  return { uri, mode: 'NONE' };
}

function classifyEnvelope(
  uri: string,
  env: Record<string, string>,
  envelopeLocation: EnvelopeLocation,
  serverSide: ServerSideInfo | undefined,
): EncryptionDescriptor | undefined {
  const ss = serverSide ? { serverSide } : {};
  if ((K.KEY_V2 in env || K.KEY_V1 in env) && !env[K.IV]) {
    // Every V1/V2 content cipher needs the IV; without it the envelope is half there, whatever
    // its wrap algorithm says.
    throw malformed(uri, `${K.KEY_V2 in env ? K.KEY_V2 : K.KEY_V1} is present but ${K.IV} is missing`);
  }
  if (K.KEY_V2 in env) {
    const wrapAlg = env[K.WRAP_ALG];
    if (wrapAlg === undefined) {
      // Java v1 wrote V2-layout objects without a wrap algorithm when the data key was wrapped
      // by a client master key with plain AES/ECB or RSA/ECB.
      return { uri, mode: 'CSE_C', reason: 'V2 envelope without x-amz-wrap-alg (client master key, AES/ECB or RSA/ECB)', envelopeLocation };
    }
    const clientKey = K.CLIENT_KEY_WRAP_ALGS[wrapAlg];
    if (clientKey) return { uri, mode: 'CSE_C', reason: `wrap algorithm ${wrapAlg}: ${clientKey}`, wrapAlg, envelopeLocation };
    if (wrapAlg !== K.WRAP_KMS_CONTEXT && wrapAlg !== K.WRAP_KMS) {
      throw new AegisError('UNSUPPORTED_ENCRYPTION', `${uri}: client-side encryption with unknown key wrap algorithm ${quoteInput(wrapAlg, 60)}. Re-encrypt the object with SSE-KMS or CSE-KMS (kms+context).`, { uri, mode: 'CSE', wrapAlg });
    }
    const envelope = v2KmsEnvelope(uri, env, wrapAlg);
    const keyId = envelope.encryptionContext[K.CONTEXT_CMK_ID];
    return { uri, mode: 'CSE_KMS', envelopeLocation, envelope, ...(keyId ? { keyId } : {}), ...ss };
  }
  if (K.KEY_V1 in env) {
    return { uri, mode: 'CSE_C', reason: 'V1 envelope (x-amz-key): data key wrapped by a client master key', wrapAlg: 'V1', envelopeLocation };
  }
  const w = env[K.V3_WRAP_ALG];
  if (w !== undefined && K.V3_KEY in env) {
    const name = K.V3_WRAP_CODES[w];
    if (w === '12') {
      return { uri, mode: 'CSE_KMS', envelopeLocation, envelope: v3KmsEnvelope(uri, env), ...ss };
    }
    if (name) return { uri, mode: 'CSE_C', reason: `V3 wrap algorithm ${w} (${name}): client master key`, wrapAlg: w, envelopeLocation };
    throw new AegisError('UNSUPPORTED_ENCRYPTION', `${uri}: client-side encryption (V3) with unknown wrap algorithm code ${quoteInput(w, 60)}. Re-encrypt the object with SSE-KMS or CSE-KMS (kms+context).`, { uri, mode: 'CSE', wrapAlg: w });
  }
  return undefined;
}

function malformed(uri: string, what: string): AegisError {
  return new AegisError('DECRYPTION_FAILED', `${uri}: malformed client-side encryption envelope: ${what}. The object or its metadata was altered or written by an incompatible client.`, { uri, mode: 'CSE_KMS' });
}

function parseContext(uri: string, text: string | undefined, what: string): Record<string, string> {
  if (text === undefined) throw malformed(uri, `${what} is missing`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed(uri, `${what} is not JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw malformed(uri, `${what} is not a JSON object`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') throw malformed(uri, `${what} value for ${quoteInput(k, 60)} is not a string`);
    out[k] = v;
  }
  return out;
}

const CONTENT_ALGS = new Set([K.CEK_GCM, K.CEK_CBC, K.CEK_CBC_PKCS7]);

function v2KmsEnvelope(uri: string, env: Record<string, string>, wrapAlg: 'kms' | 'kms+context'): CseKmsEnvelope {
  // The format says: no x-amz-cek-alg means the legacy CBC content cipher.
  const contentAlg = env[K.CEK_ALG] ?? K.CEK_CBC;
  if (!CONTENT_ALGS.has(contentAlg)) {
    throw new AegisError('UNSUPPORTED_ENCRYPTION', `${uri}: CSE-KMS object with unsupported content algorithm ${quoteInput(contentAlg, 60)} (expected ${K.CEK_GCM} or ${K.CEK_CBC}).`, { uri, mode: 'CSE_KMS', contentAlg });
  }
  const wrapped = env[K.KEY_V2];
  const iv = env[K.IV];
  if (!wrapped) throw malformed(uri, 'x-amz-key-v2 is empty');
  if (!iv) throw malformed(uri, 'x-amz-iv is missing');
  const matdescText = env[K.MATDESC];
  const encryptionContext = parseContext(uri, matdescText, 'x-amz-matdesc');
  const envelope: CseKmsEnvelope = {
    format: 'v2',
    wrapAlg,
    contentAlg,
    encryptionContext,
    matdescText: matdescText ?? '',
    wrappedKeyB64: wrapped,
    ivB64: iv,
  };
  const tag = env[K.TAG_LEN];
  if (tag !== undefined) envelope.tagLengthBits = parseIntStrict(uri, tag, 'x-amz-tag-len');
  const len = env[K.UNENCRYPTED_LENGTH];
  if (len !== undefined) envelope.plaintextLength = parseIntStrict(uri, len, 'x-amz-unencrypted-content-length');
  return envelope;
}

function v3KmsEnvelope(uri: string, env: Record<string, string>): CseKmsEnvelope {
  const matdescText = env[K.V3_KMS_CONTEXT] ?? '{}';
  return {
    format: 'v3',
    wrapAlg: 'kms+context',
    contentAlg: env[K.V3_CONTENT_ALG] ?? '',
    encryptionContext: parseContext(uri, matdescText, 'x-amz-t'),
    matdescText,
    wrappedKeyB64: env[K.V3_KEY] ?? '',
  };
}

function parseIntStrict(uri: string, s: string, what: string): number {
  if (!/^\d{1,15}$/.test(s.trim())) throw malformed(uri, `${what} ${quoteInput(s, 60)} is not a non-negative integer`);
  return Number(s.trim());
}
