/**
 * Tables of the Athena API: access keys (secrets wrapped by the warehouse key, never stored in
 * the clear) and prepared statements, which Athena keeps per workgroup.
 */
import type Database from 'better-sqlite3';
import type { AccessKeyRecord, PreparedStatementRecord } from '../server-records.js';

export class ServerTables {
  constructor(private readonly db: Database.Database) {}

  putAccessKey(k: AccessKeyRecord): void {
    this.db
      .prepare('INSERT INTO access_keys (access_key_id, principal, wrapped_secret, create_time) VALUES (?, ?, ?, ?)')
      .run(k.accessKeyId, k.principal, k.wrappedSecret, k.createTime.getTime());
  }

  getAccessKey(id: string): AccessKeyRecord | undefined {
    const r = this.db.prepare('SELECT * FROM access_keys WHERE access_key_id = ?').get(id) as
      | { access_key_id: string; principal: string; wrapped_secret: string; create_time: number }
      | undefined;
    return r && { accessKeyId: r.access_key_id, principal: r.principal, wrappedSecret: r.wrapped_secret, createTime: new Date(r.create_time) };
  }

  listAccessKeys(): AccessKeyRecord[] {
    return (this.db.prepare('SELECT * FROM access_keys ORDER BY create_time, access_key_id').all() as { access_key_id: string; principal: string; wrapped_secret: string; create_time: number }[]).map(
      (r) => ({ accessKeyId: r.access_key_id, principal: r.principal, wrappedSecret: r.wrapped_secret, createTime: new Date(r.create_time) }),
    );
  }

  deleteAccessKey(id: string): boolean {
    return this.db.prepare('DELETE FROM access_keys WHERE access_key_id = ?').run(id).changes > 0;
  }

  putPreparedStatement(p: PreparedStatementRecord): void {
    this.db
      .prepare('INSERT OR REPLACE INTO prepared_statements (workgroup, name, query, description, last_modified) VALUES (?, ?, ?, ?, ?)')
      .run(p.workgroup, p.name, p.query, p.description ?? null, p.lastModified.getTime());
  }

  getPreparedStatement(workgroup: string, name: string): PreparedStatementRecord | undefined {
    const r = this.db.prepare('SELECT * FROM prepared_statements WHERE workgroup = ? AND name = ?').get(workgroup, name) as PreparedRow | undefined;
    return r && fromPrepared(r);
  }

  listPreparedStatements(workgroup: string): PreparedStatementRecord[] {
    return (this.db.prepare('SELECT * FROM prepared_statements WHERE workgroup = ? ORDER BY name').all(workgroup) as PreparedRow[]).map(fromPrepared);
  }

  deletePreparedStatement(workgroup: string, name: string): boolean {
    return this.db.prepare('DELETE FROM prepared_statements WHERE workgroup = ? AND name = ?').run(workgroup, name).changes > 0;
  }
}

interface PreparedRow {
  workgroup: string;
  name: string;
  query: string;
  description: string | null;
  last_modified: number;
}

function fromPrepared(r: PreparedRow): PreparedStatementRecord {
  return {
    workgroup: r.workgroup,
    name: r.name,
    query: r.query,
    ...(r.description !== null ? { description: r.description } : {}),
    lastModified: new Date(r.last_modified),
  };
}
