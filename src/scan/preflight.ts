/**
 * The preflight report of a table: every data object (all partitions, nothing pruned) with its
 * encryption mode, key, bucket region and aegis's verdict — readable, or refused with the code
 * and message a query would fail with.
 *
 * Given the KMS, the verdict also covers the principal's use of the key, the way the query will
 * use it, so preflight never says readable where the query fails: a CSE-KMS object's data key is
 * unwrapped (one KMS Decrypt per distinct data key, wiped at once; this also names the key), and
 * an SSE-KMS object's first byte is read through the store (which asks the KMS, as the query's
 * reads do). No object body is read beyond that byte.
 */
import type { Catalog, TableMeta } from '../catalog/catalog.js';
import { accessDeniedError } from '../crypto/decide.js';
import { DataKeyCache, openRange, probeObject, type EncryptionDescriptor, type ProbedObject } from '../crypto/index.js';
import type { Kms } from '../kms/kms.js';
import { AegisError } from '../errors.js';
import type { ObjectStore } from '../storage/object-store.js';
import { listDataObjects } from './list-objects.js';
import { expectsClientSide, tableReadPolicy, type EnginePolicy } from './table-read-policy.js';

export interface PreflightEntry {
  uri: string;
  size: number;
  mode: string;
  keyId: string | null;
  region: string | null;
  verdict: 'readable' | 'refused';
  code?: string;
  reason?: string;
}

function keyIdOf(d: EncryptionDescriptor): string | null {
  return 'keyId' in d && typeof d.keyId === 'string' ? d.keyId : null;
}

/**
 * Uses the object's key as the query will: unwraps a CSE-KMS data key, reads one byte of an
 * SSE-KMS object. @returns the key that answered (CSE-KMS envelopes do not always name it).
 * @throws the query's own error (ACCESS_DENIED naming key and principal, KMS_DISABLED …).
 */
async function useKey(store: ObjectStore, kms: Kms, cache: DataKeyCache, o: { bucket: string; key: string; uri: string; size: number }, p: ProbedObject, ctx: { engineRegion: string; principal: string }): Promise<string | null> {
  const d = p.descriptor;
  if (d.mode === 'CSE_KMS') {
    const env = d.envelope;
    try {
      const u = await cache.unwrap(kms, Buffer.from(env.wrappedKeyB64, 'base64'), env.encryptionContext);
      return keyIdOf(d) ?? u.keyId;
    } catch (e) {
      if (e instanceof AegisError && e.code === 'ACCESS_DENIED') {
        const named = [keyIdOf(d), e.details.keyArn, e.details.keyId].find((v): v is string => typeof v === 'string');
        throw accessDeniedError(o.uri, ctx.principal, named ?? 'named by the wrapped data key', 'CSE-KMS', e);
      }
      if (e instanceof AegisError) throw new AegisError(e.code, `${o.uri}: unwrapping the CSE-KMS data key failed: ${e.message}.`, { ...e.details, uri: o.uri, mode: 'CSE_KMS' }, { cause: e });
      throw e;
    }
  }
  if (d.mode === 'SSE_KMS' && o.size > 0) await openRange(store, o.bucket, o.key, { start: 0, end: 0 }, ctx, p);
  return keyIdOf(d);
}

function modeOfError(e: AegisError): string {
  return typeof e.details.mode === 'string' ? e.details.mode : 'UNKNOWN';
}

export async function preflightTable(
  table: TableMeta,
  catalog: Catalog,
  store: ObjectStore,
  ctx: { engineRegion: string; principal: string; policy?: EnginePolicy; kms?: Kms },
): Promise<PreflightEntry[]> {
  const cache = new DataKeyCache();
  try {
    return await preflightObjects(table, catalog, store, ctx, cache);
  } finally {
    cache.dispose();
  }
}

async function preflightObjects(
  table: TableMeta,
  catalog: Catalog,
  store: ObjectStore,
  ctx: { engineRegion: string; principal: string; policy?: EnginePolicy; kms?: Kms },
  cache: DataKeyCache,
): Promise<PreflightEntry[]> {
  const locations =
    table.partitionKeys.length === 0 ? [table.storage.location] : catalog.listPartitions(table.database, table.name).map((p) => p.location);
  const expectClientSide = expectsClientSide(table.parameters);
  const policy = tableReadPolicy(table, ctx.policy);
  const bucketRegions = new Map<string, string>();
  const out: PreflightEntry[] = [];
  for (const loc of locations) {
    let objects;
    try {
      objects = await listDataObjects(store, loc);
    } catch (e) {
      if (!(e instanceof AegisError)) throw e;
      out.push({ uri: loc, size: 0, mode: modeOfError(e), keyId: null, region: typeof e.details.bucketRegion === 'string' ? e.details.bucketRegion : null, verdict: 'refused', code: e.code, reason: e.message });
      continue;
    }
    for (const o of objects) {
      try {
        const p = await probeObject(store, o.bucket, o.key, { engineRegion: ctx.engineRegion, principal: ctx.principal, expectClientSide, bucketRegions, policy });
        let keyId = keyIdOf(p.descriptor);
        try {
          if (ctx.kms) keyId = await useKey(store, ctx.kms, cache, o, p, { engineRegion: ctx.engineRegion, principal: ctx.principal });
        } catch (e) {
          if (e instanceof AegisError) e.details.keyId ??= keyId ?? undefined;
          throw e;
        }
        out.push({ uri: o.uri, size: o.size, mode: p.descriptor.mode, keyId, region: bucketRegions.get(o.bucket) ?? null, verdict: 'readable' });
      } catch (e) {
        if (!(e instanceof AegisError)) throw e;
        out.push({
          uri: o.uri,
          size: o.size,
          mode: modeOfError(e),
          keyId: typeof e.details.keyId === 'string' ? e.details.keyId : null,
          region: typeof e.details.bucketRegion === 'string' ? e.details.bucketRegion : (bucketRegions.get(o.bucket) ?? null),
          verdict: 'refused',
          code: e.code,
          reason: e.message,
        });
      }
    }
  }
  return out;
}
