/**
 * A large client-side encrypted (AES-GCM) object decrypted by all scan threads at once. Each
 * thread reads one ciphertext range, decrypts it into the scan's shared plaintext buffer and
 * returns its GHASH term; the coordinator combines the terms into the body's tag and compares it
 * with the stored one (crypto/gcm-parts.ts). Only then is the plaintext handed to the splits: a
 * mismatch, or any part failing, wipes the buffer and fails the scan before a row is decoded.
 */
import {
  CEK_GCM,
  checkPlaintextLength,
  contentDecryptionFailed,
  DataKeyCache,
  GcmPartDecryptor,
  gcmTagMatches,
  gcmTagOfParts,
  planGcmParts,
  readCiphertextRange,
  unwrapCseKey,
  type GcmPart,
  type ProbedObject,
} from '../crypto/index.js';
import { AegisError } from '../errors.js';
import type { Kms } from '../kms/kms.js';
import type { ObjectStore } from '../storage/object-store.js';
import { DEFAULT_CSE_PART_BYTES, type ScanEnvironment } from './scan-environment.js';

const TAG_BYTES = 16;

/** One part's work, as posted to a scan thread. */
export interface GcmPartTask {
  readonly probe: ProbedObject;
  readonly engineRegion: string;
  readonly principal: string;
  /** Ciphertext bytes `[start, end)` of the body; `start` is a multiple of 16. */
  readonly start: number;
  readonly end: number;
  /** The part ending the ciphertext also reads the 16-byte tag that follows it. */
  readonly withTag: boolean;
  readonly iv: Uint8Array;
  /** A copy of the data key, transferred to the thread, which wipes it when the part is done. */
  readonly key: Uint8Array;
  /** The whole plaintext; the part writes `[start, end)`. */
  readonly into: SharedArrayBuffer;
  /** Bytes read and decrypted at a time (a multiple of 16; default 8 MiB). */
  readonly windowBytes?: number;
}

export interface GcmPartDone {
  readonly part: GcmPart;
  /** The body's stored tag (from the part that read it). */
  readonly tag?: Uint8Array;
}

/**
 * A part is read and decrypted a window at a time: windows this size are served from memory the
 * allocator reuses, where one buffer the size of the part costs a page fault per 4 KiB.
 */
const WINDOW_BYTES = 8 * 1024 * 1024;

/** Runs one part on a scan thread (or any thread): read, decrypt into the shared buffer, GHASH. */
export async function runGcmPart(t: GcmPartTask, store: ObjectStore): Promise<GcmPartDone> {
  const uri = t.probe.descriptor.uri;
  const ctx = { engineRegion: t.engineRegion, principal: t.principal };
  try {
    let dec: GcmPartDecryptor;
    try {
      dec = new GcmPartDecryptor(t.key, t.iv, t.start);
    } catch (e) {
      throw contentDecryptionFailed(uri, (e as Error).message, e);
    }
    let tag: Uint8Array | undefined;
    const window = t.windowBytes ?? WINDOW_BYTES;
    if (window <= 0 || window % 16 !== 0) throw new AegisError('INTERNAL_ERROR', `A ${window}-byte decryption window is not whole blocks`);
    // One pass at least: an empty part still reads the tag, when it holds it.
    let at = t.start;
    do {
      const end = Math.min(t.end, at + window);
      const withTag = t.withTag && end === t.end;
      const read = end - at + (withTag ? TAG_BYTES : 0);
      if (read > 0) {
        const ct = await readCiphertextRange(store, t.probe, { start: at, end: at + read - 1 }, ctx);
        try {
          dec.update(ct.subarray(0, end - at), new Uint8Array(t.into, at, end - at));
        } catch (e) {
          throw contentDecryptionFailed(uri, (e as Error).message, e);
        }
        if (withTag) tag = ct.slice(end - at);
      }
      at = end;
    } while (at < t.end);
    return { part: dec.finish(), ...(tag ? { tag } : {}) };
  } finally {
    t.key.fill(0);
  }
}

/** Who decrypts: the KMS that unwraps the data key, and the engine's region and principal. */
export interface PartsReader {
  readonly kms: Kms;
  readonly region: string;
  readonly principal: string;
}

/**
 * Opens a large AES-GCM CSE-KMS object on the scan's threads, into a SharedArrayBuffer;
 * `undefined` when the object is not one (small, CBC, no pool, no ETag): the caller then opens
 * it whole on this thread.
 * @throws as {@link decryptInParts}.
 */
export async function openCseInParts(probe: ProbedObject | undefined, env: ScanEnvironment): Promise<OpenedInParts | undefined> {
  const { pool, config } = env;
  if (!pool || !config || !probe || probe.decision.decrypt !== 'client') return undefined;
  const d = probe.descriptor;
  if (d.mode !== 'CSE_KMS' || d.envelope.format !== 'v2' || d.envelope.contentAlg !== CEK_GCM) return undefined;
  // Smaller objects decrypt in one pass on the coordinator: a thread hop would not pay. No part
  // is smaller than partBytes; up to two parts per thread, so a slow thread holds up less.
  const partBytes = Math.max(16, env.csePartBytes ?? DEFAULT_CSE_PART_BYTES);
  // Each part checks the ETag it reads against the probe's, so the parts are of one version.
  if (probe.head.size < 4 * partBytes || !probe.head.etag) return undefined;
  return decryptInParts(probe, env, { parts: pool.threads * 2, partBytes }, (t) => pool.runGcmPart(t, config));
}

export interface OpenedInParts {
  /** The authenticated plaintext, over a SharedArrayBuffer of its own. */
  readonly plaintext: Uint8Array;
  readonly kmsCalls: number;
  readonly bytesScanned: number;
}

/**
 * Decrypts an AES-GCM CSE-KMS object in at most `parts` parts of at least `partBytes`, each run
 * by `runPart` (a scan thread, or this one), and authenticates the whole before returning.
 * @throws as openObject: KMS failures, DECRYPTION_FAILED (tag mismatch, short body, length
 *   mismatch), PRECONDITION_FAILED (the object changed), store errors; the plaintext buffer is
 *   wiped first.
 */
export async function decryptInParts(
  probe: ProbedObject,
  who: PartsReader,
  plan: { readonly parts: number; readonly partBytes: number; readonly windowBytes?: number },
  runPart: (t: GcmPartTask) => Promise<GcmPartDone>,
): Promise<OpenedInParts> {
  const d = probe.descriptor;
  if (d.mode !== 'CSE_KMS') throw new AegisError('INTERNAL_ERROR', `${d.uri}: parts decryption of a ${d.mode} object`);
  const size = probe.head.size;
  if (size < TAG_BYTES) throw contentDecryptionFailed(d.uri, `body of ${size} bytes is shorter than the ${TAG_BYTES}-byte GCM tag`);
  const ciphertextBytes = size - TAG_BYTES;
  const dataKeys = new DataKeyCache();
  let into: SharedArrayBuffer | undefined;
  const keyCopies: Uint8Array[] = [];
  try {
    const k = await unwrapCseKey(who.kms, dataKeys, d, who.principal);
    if (!k.gcm) throw new AegisError('INTERNAL_ERROR', `${d.uri}: parts decryption of a ${d.envelope.contentAlg} object`);
    checkPlaintextLength(d.uri, k, ciphertextBytes);
    const buffer = (into = new SharedArrayBuffer(ciphertextBytes));
    const ranges = planGcmParts(ciphertextBytes, plan.parts, plan.partBytes);
    if (ranges.length === 0) ranges.push({ start: 0, end: 0 });
    const settled = await Promise.allSettled(
      ranges.map((r, i) => {
        const key = k.key.use((b) => Uint8Array.from(b));
        keyCopies.push(key);
        const task: GcmPartTask = { probe, engineRegion: who.region, principal: who.principal, ...r, withTag: i === ranges.length - 1, iv: k.iv, key, into: buffer, ...(plan.windowBytes ? { windowBytes: plan.windowBytes } : {}) };
        return runPart(task);
      }),
    );
    // Every part has stopped writing before the buffer is judged (and wiped, if it must be).
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const done = settled.map((s) => (s as PromiseFulfilledResult<GcmPartDone>).value);
    const tag = done[done.length - 1]!.tag;
    const want = k.key.use((key) => gcmTagOfParts(key, k.iv, done.map((p) => p.part)));
    if (!tag || !gcmTagMatches(want, tag)) throw contentDecryptionFailed(d.uri, 'AES-GCM authentication tag did not verify');
    into = undefined;
    return { plaintext: new Uint8Array(buffer), kmsCalls: k.kmsCalls, bytesScanned: size };
  } finally {
    // Unauthenticated plaintext does not linger; nor do key copies a thread never received.
    if (into) new Uint8Array(into).fill(0);
    for (const c of keyCopies) if (c.byteLength > 0) c.fill(0);
    dataKeys.dispose();
  }
}
