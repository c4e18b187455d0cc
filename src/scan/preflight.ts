/**
 * The preflight report of a table: every data object (all partitions, nothing pruned) with its
 * encryption mode, key, bucket region and aegis's verdict — readable, or refused with the code
 * and message a query would fail with — without reading any object body.
 */
import type { Catalog, TableMeta } from '../catalog/catalog.js';
import { probeObject, type EncryptionDescriptor } from '../crypto/index.js';
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

function modeOfError(e: AegisError): string {
  return typeof e.details.mode === 'string' ? e.details.mode : 'UNKNOWN';
}

export async function preflightTable(
  table: TableMeta,
  catalog: Catalog,
  store: ObjectStore,
  ctx: { engineRegion: string; principal: string; policy?: EnginePolicy },
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
        out.push({ uri: o.uri, size: o.size, mode: p.descriptor.mode, keyId: keyIdOf(p.descriptor), region: bucketRegions.get(o.bucket) ?? null, verdict: 'readable' });
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
