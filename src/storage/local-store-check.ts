/**
 * `aegis warehouse check`: verifies a LocalStore warehouse object by object — the index file is
 * sound, every record's file exists and authenticates (a full read through the store, so SSE-KMS
 * objects need kms:Decrypt; SSE-C objects cannot be verified without their key and are counted
 * apart), no stored file lacks a record (orphans), and no temp file of a dead write remains.
 * With `repair`, orphans and dead temp files are removed; records are never deleted (a record
 * that fails is reported for a person to decide).
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isAegisError } from '../errors.js';
import type { LocalStore } from './local-store.js';
import { processAlive } from './process-alive.js';

export interface WarehouseProblem {
  kind: 'index' | 'missing-file' | 'unreadable' | 'orphan-file' | 'temp-file';
  /** `s3://bucket/key` or a file path. */
  where: string;
  detail: string;
  repaired?: boolean;
}

export interface WarehouseReport {
  objects: number;
  verified: number;
  /** SSE-C objects, which only their customer key can verify. */
  skipped: number;
  problems: WarehouseProblem[];
}

/** Temp files of dead writes under a warehouse, as they are before a store opens (and removes them). */
export function deadTempFiles(warehouse: string): string[] {
  const tmp = join(warehouse, '.store', 'tmp');
  return safeList(tmp)
    .filter((name) => {
      const m = /^(\d+)-[0-9a-f]+\.tmp$/.exec(name);
      return !(m && processAlive(Number(m[1])));
    })
    .map((name) => join(tmp, name));
}

export async function checkLocalStore(store: LocalStore, opts: { repair?: boolean; deadTempFiles?: string[] } = {}): Promise<WarehouseReport> {
  const report: WarehouseReport = { objects: 0, verified: 0, skipped: 0, problems: [] };
  const internals = store.internals();
  const integrity = internals.index.integrityCheck();
  if (integrity !== 'ok') report.problems.push({ kind: 'index', where: internals.indexPath, detail: integrity });
  const referenced = new Set<string>();
  for (const o of internals.index.allObjects()) {
    report.objects++;
    const file = store.objectPath(o.bucket, o.objectId);
    referenced.add(file);
    const uri = `s3://${o.bucket}/${o.key}`;
    try {
      statSync(file);
    } catch {
      report.problems.push({ kind: 'missing-file', where: uri, detail: `its file ${file} is missing` });
      continue;
    }
    if (o.mode === 'SSE_C') {
      report.skipped++;
      continue;
    }
    try {
      await internals.readWhole(o.bucket, o.key);
      report.verified++;
    } catch (e) {
      report.problems.push({ kind: 'unreadable', where: uri, detail: isAegisError(e) ? `${e.code}: ${e.message}` : String(e) });
    }
  }
  const bucketsDir = join(store.root, 'buckets');
  for (const bucket of safeList(bucketsDir)) {
    for (const shard of safeList(join(bucketsDir, bucket))) {
      for (const name of safeList(join(bucketsDir, bucket, shard))) {
        const file = join(bucketsDir, bucket, shard, name);
        if (referenced.has(file)) continue;
        const p: WarehouseProblem = { kind: 'orphan-file', where: file, detail: 'a stored file no index record refers to' };
        if (opts.repair) {
          rmSync(file, { force: true });
          p.repaired = true;
        }
        report.problems.push(p);
      }
    }
  }
  // Opening the store already removed the temp files of dead writes; report what it found.
  for (const file of opts.deadTempFiles ?? []) {
    report.problems.push({ kind: 'temp-file', where: file, detail: 'a temp file of a write whose process is gone (removed when the warehouse opened)', repaired: true });
  }
  return report;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
