/**
 * What object scans need from the engine: the object store and KMS (in this thread), the engine's
 * region and principal, and optionally a worker pool plus the serialisable configuration workers
 * use to open their own store and KMS. Environments are registered under an id that splits carry,
 * because split runners are looked up by kind, not by engine.
 */
import { randomUUID } from 'node:crypto';
import type { AegisConfig } from '../config.js';
import type { ScanPool } from './worker-pool.js';
import type { Kms } from '../kms/kms.js';
import type { ObjectStore } from '../storage/object-store.js';

export interface ScanEnvironment {
  readonly id: string;
  readonly store: ObjectStore;
  readonly kms: Kms;
  readonly region: string;
  readonly principal: string;
  /** Present with `config`: splits run on worker threads. */
  readonly pool?: ScanPool;
  readonly config?: AegisConfig;
  /**
   * Uncompressed line-oriented objects (LazySimpleSerDe, JSON lines) larger than this, and not
   * client-side encrypted, are split into byte ranges of about this size. Default 32 MiB.
   */
  readonly textSplitBytes?: number;
  /**
   * Plain and SSE Parquet objects larger than this are read by several splits, each taking the
   * row groups that start in its byte range of about this size. Default 32 MiB.
   */
  readonly parquetSplitBytes?: number;
  /**
   * A client-side encrypted (AES-GCM) object that several splits share is decrypted by the
   * pool's threads in parts of at least this size, when it is at least four parts long (smaller
   * objects decrypt in one pass on the coordinator). Default 4 MiB.
   */
  readonly csePartBytes?: number;
  /** Scans reading less than this many bytes in total run in this thread, not on the pool. Default 1 MiB. */
  readonly inlineScanBytes?: number;
  /**
   * Refuse objects stored without any encryption (ENCRYPTION_REQUIRED) in every table: the
   * engine's require-encryption setting (`true`), or a workgroup's (a string saying why, see
   * query-scan-policy.ts).
   */
  readonly requireEncryption?: boolean | string;
  /**
   * Read legacy, unauthenticated AES-CBC CSE-KMS objects in every table (otherwise only tables
   * with `'aegis.allow_legacy_cse'='true'` read them).
   */
  readonly allowLegacyCse?: boolean;
}

export const DEFAULT_INLINE_SCAN_BYTES = 1024 * 1024;

export const DEFAULT_TEXT_SPLIT_BYTES = 32 * 1024 * 1024;

export const DEFAULT_PARQUET_SPLIT_BYTES = 32 * 1024 * 1024;

export const DEFAULT_CSE_PART_BYTES = 4 * 1024 * 1024;

const environments = new Map<string, ScanEnvironment>();

export function registerScanEnvironment(env: Omit<ScanEnvironment, 'id'>): ScanEnvironment {
  const full: ScanEnvironment = { ...env, id: randomUUID() };
  environments.set(full.id, full);
  return full;
}

export function unregisterScanEnvironment(id: string): void {
  environments.delete(id);
}

export function scanEnvironment(id: string): ScanEnvironment | undefined {
  return environments.get(id);
}
