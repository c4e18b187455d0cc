/**
 * LocalStore's index: buckets and object records in SQLite (`<root>/.store/index.sqlite`, WAL).
 * Object bytes live in files named by a random object id; a record points at the current file,
 * so replacing a record in one transaction is what makes a new version visible atomically.
 *
 * Keys are stored as UTF-8 BLOBs: SQLite compares BLOBs with memcmp, which is exactly S3's
 * listing order (UTF-8 byte order), and prefix scans become index range seeks, so listing stays
 * cheap with tens of thousands of keys.
 */
import Database from 'better-sqlite3';
import { corruptDatabase, isCorruptDatabase, openingWithRetry } from './sqlite-open.js';
import { AegisError } from '../errors.js';
import type { ListEntry, ListResult } from './object-store.js';
import type { Envelope } from './sse-envelope.js';

export interface BucketRecord {
  name: string;
  region: string;
  /** The bucket policy as JSON text. */
  policy?: string;
  created: Date;
}

export interface ObjectRecord {
  bucket: string;
  key: string;
  objectId: string;
  size: number;
  etag: string;
  lastModified: Date;
  contentType?: string;
  metadata: Record<string, string>;
  envelope: Envelope;
}

interface ObjectRow {
  key: Buffer;
  object_id: string;
  size: number;
  etag: string;
  last_modified: number;
  content_type: string | null;
  metadata: string;
  envelope: string;
}

interface ListRow {
  key: Buffer;
  size: number;
  etag: string;
  last_modified: number;
}

/** Where a listing resumes: at `bytes` (inclusive) or just after it. */
interface Cursor {
  bytes: Buffer;
  inclusive: boolean;
}

/** Keys are valid UTF-8, which never contains 0xFF, so [0xFF] is above every key. */
const TOP = Buffer.from([0xff]);

/** The smallest byte string greater than every string that starts with `b` (b ends below 0xFF). */
function successor(b: Buffer): Buffer {
  const s = Buffer.from(b);
  s[s.length - 1]! += 1;
  return s;
}

export class LocalIndex {
  private readonly db: Database.Database;
  private readonly q: Record<string, Database.Statement>;
  /** 2: every object is sealed and bound to its bucket/key/version; 1: a store begun before that. */
  readonly format: 1 | 2;

  constructor(path: string) {
    try {
      this.db = new Database(path, { timeout: 10_000 });
      openingWithRetry(() => {
        this.db.pragma('journal_mode = WAL');
        this.db.prepare('SELECT count(*) FROM sqlite_master').get();
      });
    } catch (e) {
      if (isCorruptDatabase(e)) throw corruptDatabase(path, 'object index', e);
      throw e;
    }
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('synchronous = NORMAL');
    const fresh = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'objects'").get() === undefined;
    openingWithRetry(() => this.db.exec(`
      CREATE TABLE IF NOT EXISTS buckets (
        name TEXT PRIMARY KEY, region TEXT NOT NULL, policy TEXT, created INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS objects (
        bucket TEXT NOT NULL, key BLOB NOT NULL, object_id TEXT NOT NULL, size INTEGER NOT NULL,
        etag TEXT NOT NULL, last_modified INTEGER NOT NULL, content_type TEXT,
        metadata TEXT NOT NULL, envelope TEXT NOT NULL,
        PRIMARY KEY (bucket, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS store_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);`));
    // A store begun by this version holds only identity-bound, sealed (v2) objects.
    if (fresh) this.db.prepare("INSERT OR IGNORE INTO store_meta (k, v) VALUES ('format', '2')").run();
    const f = this.db.prepare("SELECT v FROM store_meta WHERE k = 'format'").get() as { v: string } | undefined;
    this.format = f?.v === '2' ? 2 : 1;
    const listCols = 'SELECT key, size, etag, last_modified FROM objects WHERE bucket = ? AND key';
    this.q = {
      getBucket: this.db.prepare('SELECT name, region, policy, created FROM buckets WHERE name = ?'),
      addBucket: this.db.prepare('INSERT INTO buckets (name, region, policy, created) VALUES (?, ?, ?, ?)'),
      setPolicy: this.db.prepare('UPDATE buckets SET policy = ? WHERE name = ?'),
      listBuckets: this.db.prepare('SELECT name, region, policy, created FROM buckets ORDER BY name'),
      getObject: this.db.prepare('SELECT * FROM objects WHERE bucket = ? AND key = ?'),
      putObject: this.db.prepare(
        `INSERT OR REPLACE INTO objects (bucket, key, object_id, size, etag, last_modified, content_type, metadata, envelope)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteObject: this.db.prepare('DELETE FROM objects WHERE bucket = ? AND key = ? RETURNING object_id'),
      listGe: this.db.prepare(`${listCols} >= ? AND key < ? ORDER BY key LIMIT ?`),
      listGt: this.db.prepare(`${listCols} > ? AND key < ? ORDER BY key LIMIT ?`),
    };
  }

  /** Every object record (bucket, key, object id, mode), for integrity checks. */
  *allObjects(): Generator<{ bucket: string; key: string; objectId: string; mode: string }> {
    for (const r of this.db.prepare('SELECT bucket, key, object_id, envelope FROM objects ORDER BY bucket, key').iterate() as IterableIterator<{ bucket: string; key: Buffer; object_id: string; envelope: string }>) {
      let mode = '?';
      try {
        mode = (JSON.parse(r.envelope) as { mode: string }).mode;
      } catch {
        // reported by the check as an unreadable record
      }
      yield { bucket: r.bucket, key: r.key.toString('utf8'), objectId: r.object_id, mode };
    }
  }

  /** SQLite's own consistency check of the index file ('ok' when sound). */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  }

  /** Whether any object record exists (any bucket). */
  hasObjects(): boolean {
    return this.db.prepare('SELECT 1 FROM objects LIMIT 1').get() !== undefined;
  }

  getBucket(name: string): BucketRecord | undefined {
    const r = this.q.getBucket!.get(name) as { name: string; region: string; policy: string | null; created: number } | undefined;
    return r && { name: r.name, region: r.region, policy: r.policy ?? undefined, created: new Date(r.created) };
  }

  /** Adds a bucket; ALREADY_EXISTS if the name is taken. */
  addBucket(b: BucketRecord): void {
    try {
      this.q.addBucket!.run(b.name, b.region, b.policy ?? null, b.created.getTime());
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new AegisError('ALREADY_EXISTS', `Bucket '${b.name}' already exists.`, { bucket: b.name });
      }
      throw e;
    }
  }

  setPolicy(bucket: string, policy: string | undefined): void {
    this.q.setPolicy!.run(policy ?? null, bucket);
  }

  listBuckets(): BucketRecord[] {
    return (this.q.listBuckets!.all() as { name: string; region: string; created: number }[]).map((r) => ({
      name: r.name,
      region: r.region,
      created: new Date(r.created),
    }));
  }

  getObject(bucket: string, key: string): ObjectRecord | undefined {
    const r = this.q.getObject!.get(bucket, Buffer.from(key, 'utf8')) as ObjectRow | undefined;
    if (!r) return undefined;
    return {
      bucket,
      key,
      objectId: r.object_id,
      size: r.size,
      etag: r.etag,
      lastModified: new Date(r.last_modified),
      contentType: r.content_type ?? undefined,
      metadata: JSON.parse(r.metadata) as Record<string, string>,
      envelope: JSON.parse(r.envelope) as Envelope,
    };
  }

  /** Makes `rec` the current version; returns the object id of the version it replaced. */
  putObject(rec: ObjectRecord): string | undefined {
    const k = Buffer.from(rec.key, 'utf8');
    return this.db.transaction(() => {
      const old = this.q.getObject!.get(rec.bucket, k) as ObjectRow | undefined;
      this.q.putObject!.run(
        rec.bucket, k, rec.objectId, rec.size, rec.etag, rec.lastModified.getTime(),
        rec.contentType ?? null, JSON.stringify(rec.metadata), JSON.stringify(rec.envelope),
      );
      return old?.object_id;
    }).immediate();
  }

  /** Removes the record; returns the removed version's object id. */
  deleteObject(bucket: string, key: string): string | undefined {
    const r = this.q.deleteObject!.get(bucket, Buffer.from(key, 'utf8')) as { object_id: string } | undefined;
    return r?.object_id;
  }

  /**
   * ListObjectsV2 over the index. `maxKeys` counts objects and common prefixes together, as in
   * S3. The continuation token is opaque (base64url JSON of the resume cursor).
   */
  list(bucket: string, prefix: string, delimiter: string, maxKeys: number, token?: string): ListResult {
    const pfx = Buffer.from(prefix, 'utf8');
    const upper = pfx.length > 0 ? successor(pfx) : TOP;
    let cursor: Cursor = token ? decodeToken(token) : { bytes: pfx, inclusive: true };
    if (Buffer.compare(cursor.bytes, pfx) < 0) cursor = { bytes: pfx, inclusive: true };
    const objects: ListEntry[] = [];
    const commonPrefixes: string[] = [];
    let count = 0;
    let exhausted = false;
    outer: while (count < maxKeys) {
      const limit = maxKeys - count;
      // iterate(), not all(): after a common prefix the scan restarts further on, so rows past it
      // are never materialised.
      const rows = (cursor.inclusive ? this.q.listGe! : this.q.listGt!).iterate(bucket, cursor.bytes, upper, limit) as IterableIterator<ListRow>;
      let seen = 0;
      for (const r of rows) {
        seen++;
        const key = r.key.toString('utf8');
        if (delimiter) {
          const at = key.indexOf(delimiter, prefix.length);
          if (at >= 0) {
            const cp = key.slice(0, at + delimiter.length);
            commonPrefixes.push(cp);
            count++;
            // Skip every other key under this prefix with one index seek.
            cursor = { bytes: successor(Buffer.from(cp, 'utf8')), inclusive: true };
            continue outer;
          }
        }
        objects.push({ key, size: r.size, etag: r.etag, lastModified: new Date(r.last_modified) });
        count++;
        cursor = { bytes: r.key, inclusive: false };
      }
      if (seen < limit) {
        exhausted = true;
        break;
      }
    }
    let nextContinuationToken: string | undefined;
    if (!exhausted && maxKeys > 0) {
      const more = (cursor.inclusive ? this.q.listGe! : this.q.listGt!).all(bucket, cursor.bytes, upper, 1);
      if (more.length > 0) nextContinuationToken = encodeToken(cursor);
    }
    return { objects, commonPrefixes, nextContinuationToken };
  }

  /** Checkpoints the WAL into the index file, then closes (the index never lives in its WAL). */
  close(): void {
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Another connection is reading; SQLite checkpoints when the last one closes.
    }
    this.db.close();
  }
}

function encodeToken(c: Cursor): string {
  return Buffer.from(JSON.stringify({ k: c.bytes.toString('base64'), i: c.inclusive ? 1 : 0 })).toString('base64url');
}

function decodeToken(token: string): Cursor {
  try {
    const o = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k: unknown; i: unknown };
    if (typeof o.k !== 'string' || (o.i !== 0 && o.i !== 1)) throw new Error('shape');
    return { bytes: Buffer.from(o.k, 'base64'), inclusive: o.i === 1 };
  } catch (e) {
    throw new AegisError('INVALID_ARGUMENT', 'The continuation token is not valid for this listing.', {}, { cause: e });
  }
}
