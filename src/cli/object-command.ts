import { readFileSync, writeFileSync } from 'node:fs';
import { assertLocalWarehouseExists } from '../api/warehouse-access.js';
import { openKms, openStore } from '../backends.js';
import type { AegisConfig } from '../config.js';
import { classify, decide, describeEncryption, needsInstructionFile, openObject, putSealed, readInstructionFile } from '../crypto/index.js';
import type { EncryptionDescriptor } from '../crypto/index.js';
import { AegisError, isAegisError } from '../errors.js';
import { LocalKms } from '../kms/local-kms.js';
import type { Kms } from '../kms/kms.js';
import type { ObjectHead, ObjectStore, SseRequest } from '../storage/object-store.js';
import { formatS3Uri, parseS3Uri } from '../storage/s3-uri.js';
import { positional } from './args.js';
import { json, table, type CommandContext, type CommandGroup } from './command.js';

const USAGE = `aegis object <command> — objects, read through aegis's one read path (decrypt or refuse)

  head <s3://bucket/key>      JSON report: size, encryption mode, key id, bucket region, decision
                              (read, or refuse with the error code); exit 0 when the report is made
  get <s3://bucket/key> [--output FILE]
                              authenticated plaintext to stdout (or FILE), or one ERROR line
  put <s3://bucket/key> <file|-> [--sse SSE_S3|SSE_KMS|SSE_C] [--kms-key KEY]
                              [--sse-c-key-file F] [--cse-kms [--instruction-file]] [--content-type T]
                              --cse-kms writes an S3 Encryption Client V2 object (kms+context,
                              AES-GCM) under --kms-key; with --sse SSE_KMS and no --cse-kms,
                              --kms-key is the SSE key (default alias/aws/s3).
                              --sse-c-key-file: 32 raw bytes, or their base64 / hex.
  ls <s3://bucket/prefix> [--json]
                              objects under the prefix (all levels)`;

interface Opened {
  config: AegisConfig;
  kms: Kms;
  store: ObjectStore;
}

async function withStore<T>(ctx: CommandContext, fn: (o: Opened) => Promise<T>): Promise<T> {
  const config = ctx.config();
  const kms = openKms(config);
  const store = openStore(config, kms);
  try {
    return await fn({ config, kms, store });
  } finally {
    await store.close?.();
    await kms.close?.();
  }
}

function objectUri(rest: string[], usage: string): { bucket: string; key: string; uri: string } {
  const raw = positional(rest, 0, '<s3://bucket/key>', usage);
  const { bucket, key } = parseS3Uri(raw);
  if (key === '') throw new AegisError('INVALID_ARGUMENT', `'${raw}' names a bucket, not an object. Usage: ${usage}`);
  return { bucket, key, uri: formatS3Uri(bucket, key) };
}

/** Codes that mean "aegis will not read this object" rather than "the command failed". */
const REFUSALS = new Set(['UNSUPPORTED_ENCRYPTION', 'CROSS_REGION', 'ACCESS_DENIED', 'NOT_SUPPORTED']);

async function head(ctx: CommandContext, rest: string[]): Promise<number> {
  ctx.flags.only([]);
  const { bucket, key, uri } = objectUri(rest, 'aegis object head <s3://bucket/key>');
  const report = await withStore(ctx, async ({ config, kms, store }) => {
    const bucketRegion = await store.bucketRegion(bucket);
    const base = { uri, region: bucketRegion, engineRegion: config.region, principal: config.principal };
    let h: ObjectHead;
    try {
      h = await store.head(bucket, key);
    } catch (e) {
      if (isAegisError(e) && REFUSALS.has(e.code)) {
        const mode = typeof e.details.mode === 'string' ? e.details.mode : null;
        return { ...base, mode, keyId: null, decision: { action: 'refuse', code: e.code, message: e.message } };
      }
      throw e;
    }
    let instruction: Record<string, string> | undefined;
    // One object: always look for `<key>.instruction`, so stripped metadata with the envelope
    // left in (or a half-written) instruction file is not reported as "not encrypted". A half
    // envelope is DECRYPTION_FAILED naming the object.
    if (needsInstructionFile(h, true)) instruction = await readInstructionFile(store, bucket, key, { engineRegion: config.region, principal: config.principal });
    const d = classify(h, instruction);
    const keyId = keyIdOf(d) ?? (kms instanceof LocalKms && d.mode === 'CSE_KMS' ? await kms.blobKeyArn(Buffer.from(d.envelope.wrappedKeyB64, 'base64')) : undefined);
    let decision: Record<string, unknown>;
    try {
      const allowed = keyId !== undefined && kms instanceof LocalKms ? await kms.permits(keyId, 'kms:Decrypt') : undefined;
      decision = { ...decide(keyId !== undefined && d.mode === 'CSE_KMS' ? { ...d, keyId } : d, { engineRegion: config.region, bucketRegion, principal: config.principal, mayDecrypt: () => allowed }) };
    } catch (e) {
      if (!isAegisError(e) || !REFUSALS.has(e.code)) throw e;
      decision = { action: 'refuse', code: e.code, message: e.message };
    }
    return {
      ...base,
      size: h.size,
      etag: h.etag,
      lastModified: h.lastModified,
      contentType: h.contentType ?? null,
      mode: d.mode,
      encryption: describeEncryption(d),
      keyId: keyId ?? null,
      decision,
    };
  });
  await ctx.io.out(json(report));
  return 0;
}

function keyIdOf(d: EncryptionDescriptor): string | undefined {
  const k = (d as { keyId?: unknown }).keyId;
  return typeof k === 'string' && k ? k : undefined;
}

async function get(ctx: CommandContext, rest: string[]): Promise<number> {
  ctx.flags.only(['output']);
  const { bucket, key } = objectUri(rest, 'aegis object get <s3://bucket/key> [--output FILE]');
  const output = ctx.flags.string('output');
  const opened = await withStore(ctx, ({ config, kms, store }) =>
    openObject(store, kms, bucket, key, { engineRegion: config.region, principal: config.principal }),
  );
  if (output !== undefined) writeFileSync(output, opened.plaintext);
  else await ctx.io.out(opened.plaintext);
  return 0;
}

function readSseCKey(file: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    throw new AegisError('INVALID_ARGUMENT', `Cannot read SSE-C key file ${file}: ${(e as Error).message}`);
  }
  // Copies into a fresh array and wipes every intermediate buffer that held key bytes.
  const own = (b: Buffer): Uint8Array => {
    const out = Uint8Array.from(b);
    b.fill(0);
    return out;
  };
  if (raw.length === 32) return own(raw);
  const text = raw.toString('utf8').trim();
  raw.fill(0);
  const decoded = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (decoded.length !== 32) {
    decoded.fill(0);
    throw new AegisError('INVALID_ARGUMENT', `SSE-C key file ${file} must hold a 256-bit key: 32 raw bytes, or 64 hex / 44 base64 characters.`);
  }
  return own(decoded);
}

async function put(ctx: CommandContext, rest: string[]): Promise<number> {
  ctx.flags.only(['sse', 'kms-key', 'sse-c-key-file', 'cse-kms', 'instruction-file', 'content-type']);
  const usage = 'aegis object put <s3://bucket/key> <file|-> [--sse SSE_S3|SSE_KMS|SSE_C] [--kms-key KEY] [--sse-c-key-file F] [--cse-kms]';
  const { bucket, key, uri } = objectUri(rest, usage);
  const file = positional(rest, 1, '<file>', usage);
  const sseMode = ctx.flags.string('sse');
  const kmsKey = ctx.flags.string('kms-key');
  const cse = ctx.flags.bool('cse-kms');
  const contentType = ctx.flags.string('content-type');
  const sseCFile = ctx.flags.string('sse-c-key-file');
  if (ctx.flags.bool('instruction-file') && !cse) throw new AegisError('INVALID_ARGUMENT', '--instruction-file applies to --cse-kms only.');
  if (cse && kmsKey === undefined) throw new AegisError('INVALID_ARGUMENT', '--cse-kms needs --kms-key (the KMS key that wraps the data key).');
  if (sseCFile !== undefined && sseMode !== 'SSE_C') throw new AegisError('INVALID_ARGUMENT', '--sse-c-key-file goes with --sse SSE_C.');

  let sse: SseRequest | undefined;
  switch (sseMode) {
    case undefined:
      break;
    case 'SSE_S3':
      sse = { mode: 'SSE_S3' };
      break;
    case 'SSE_KMS':
      sse = { mode: 'SSE_KMS', ...(kmsKey !== undefined && !cse ? { kmsKeyId: kmsKey } : {}) };
      break;
    case 'SSE_C':
      if (sseCFile === undefined) throw new AegisError('INVALID_ARGUMENT', '--sse SSE_C needs --sse-c-key-file F.');
      sse = { mode: 'SSE_C', customerKey: readSseCKey(sseCFile) };
      break;
    default:
      throw new AegisError('INVALID_ARGUMENT', `--sse must be SSE_S3, SSE_KMS or SSE_C (got '${sseMode}').`);
  }
  if (kmsKey !== undefined && !cse && sseMode !== 'SSE_KMS') throw new AegisError('INVALID_ARGUMENT', '--kms-key goes with --sse SSE_KMS or --cse-kms.');

  let body: Uint8Array;
  try {
    body = new Uint8Array(readFileSync(file === '-' ? 0 : file));
  } catch (e) {
    throw new AegisError('INVALID_ARGUMENT', `Cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    const result = await withStore(ctx, async ({ kms, store }) => {
      if (cse) {
        const r = await putSealed(store, kms, bucket, key, body, kmsKey!, {
          ...(sse ? { sse } : {}),
          ...(contentType ? { contentType } : {}),
          ...(ctx.flags.bool('instruction-file') ? { envelopeLocation: 'instruction-file' as const } : {}),
        });
        return { etag: r.etag, cseKmsKeyId: r.keyId };
      }
      const r = await store.put(bucket, key, body, { ...(sse ? { sse } : {}), ...(contentType ? { contentType } : {}) });
      return { etag: r.etag };
    });
    await ctx.io.out(json({ uri, size: body.length, sse: sseMode ?? 'NONE', cse: cse ? 'CSE_KMS' : 'NONE', ...result }));
  } finally {
    if (sse?.mode === 'SSE_C') sse.customerKey.fill(0);
  }
  return 0;
}

async function ls(ctx: CommandContext, rest: string[]): Promise<number> {
  ctx.flags.only(['json']);
  const { bucket, key: prefix } = parseS3Uri(positional(rest, 0, '<s3://bucket/prefix>', 'aegis object ls <s3://bucket/prefix>'));
  const objects = await withStore(ctx, async ({ store }) => {
    const all = [];
    let token: string | undefined;
    do {
      const page = await store.list(bucket, { prefix, ...(token ? { continuationToken: token } : {}) });
      all.push(...page.objects);
      token = page.nextContinuationToken;
    } while (token);
    return all;
  });
  if (ctx.flags.bool('json')) {
    await ctx.io.out(json(objects.map((o) => ({ uri: formatS3Uri(bucket, o.key), size: o.size, etag: o.etag, lastModified: o.lastModified }))));
  } else {
    await ctx.io.out(table(objects.map((o) => [o.lastModified.toISOString(), String(o.size).padStart(12), formatS3Uri(bucket, o.key)])));
  }
  return 0;
}

async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = ctx.args;
  // head, get and ls only read: a mistyped --warehouse is reported, not created.
  if (sub === 'head' || sub === 'get' || sub === 'ls') assertLocalWarehouseExists(ctx.config(), 'storage');
  switch (sub) {
    case 'head':
      return head(ctx, rest);
    case 'get':
      return get(ctx, rest);
    case 'put':
      return put(ctx, rest);
    case 'ls':
      return ls(ctx, rest);
    case undefined:
    case 'help':
      await ctx.io.out(USAGE + '\n');
      return 0;
    default:
      throw new AegisError('INVALID_ARGUMENT', `Unknown command 'aegis object ${sub}'. Try: aegis object --help`);
  }
}

export const objectCommand: CommandGroup = {
  name: 'object',
  summary: 'head (encryption report), get (decrypt), put (SSE/CSE-KMS), ls',
  usage: USAGE,
  booleanFlags: ['json', 'cse-kms', 'instruction-file'],
  run,
};
