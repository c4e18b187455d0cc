/**
 * LocalStore housekeeping: files 0600 and folders 0700 whatever the warehouse folder's mode was;
 * an SSE-KMS ETag that is not the MD5 of the data; a missing master key in a warehouse holding
 * objects is an error naming the file, never silently regenerated.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AegisError } from '../../../src/errors.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { LocalStore } from '../../../src/storage/local-store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function fresh(): string {
  const d = mkdtempSync(join(tmpdir(), 'aegis-house-'));
  dirs.push(d);
  return d;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    out.push(p);
    if (e.isDirectory()) walk(p, out);
  }
  return out;
}

describe('LocalStore housekeeping', () => {
  it('objects are 0600 and folders 0700 even in a pre-existing 0755 warehouse', async () => {
    const root = join(fresh(), 'wh');
    mkdirSync(root, { mode: 0o755 });
    const store = new LocalStore({ root, region: 'us-east-1' });
    await store.createBucket('data-bucket', { region: 'us-east-1' });
    await store.put('data-bucket', 'a.csv', Buffer.from('1\n'));
    await store.put('data-bucket', 'b.csv', Buffer.from('2\n'), { sse: { mode: 'SSE_S3' } });
    const up = await store.createUpload('data-bucket', 'c.csv');
    await up.write(Buffer.from('3\n'));
    await up.complete();
    await store.close();
    expect(statSync(root).mode & 0o777).toBe(0o700);
    const objects = walk(join(root, 'buckets')).filter((p) => statSync(p).isFile());
    expect(objects).toHaveLength(3);
    for (const p of objects) expect(statSync(p).mode & 0o777, p).toBe(0o600);
    for (const p of walk(join(root, 'buckets')).filter((x) => statSync(x).isDirectory())) expect(statSync(p).mode & 0o777, p).toBe(0o700);
  });

  it('the ETag of an SSE-KMS object is not the MD5 of its data', async () => {
    const root = fresh();
    const kms = new LocalKms({ warehouse: root, principal: 'p', region: 'us-east-1', account: '000000000000' });
    const store = new LocalStore({ root, region: 'us-east-1', kms, principal: 'p' });
    await store.createBucket('kms-bucket', { region: 'us-east-1' });
    const body = Buffer.from('secret row\n');
    const md5 = `"${createHash('md5').update(body).digest('hex')}"`;
    const { etag } = await store.put('kms-bucket', 'k.csv', body, { sse: { mode: 'SSE_KMS' } });
    expect(etag).not.toBe(md5);
    expect((await store.head('kms-bucket', 'k.csv')).etag).toBe(etag);
    const up = await store.createUpload('kms-bucket', 'k2.csv', { sse: { mode: 'SSE_KMS' } });
    await up.write(body);
    expect((await up.complete()).etag).not.toBe(md5);
    await store.close();
  });

  it('a missing master key in a warehouse holding objects is an error naming the file; nothing is regenerated', async () => {
    const root = fresh();
    const store = new LocalStore({ root, region: 'us-east-1' });
    await store.createBucket('keep-bucket', { region: 'us-east-1' });
    await store.put('keep-bucket', 'x', Buffer.from('x'), { sse: { mode: 'SSE_S3' } });
    await store.close();
    const keyFile = join(root, '.store', 'master.key');
    unlinkSync(keyFile);
    let err: unknown;
    try {
      new LocalStore({ root, region: 'us-east-1' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AegisError);
    expect((err as AegisError).code).toBe('STORAGE_ERROR');
    expect((err as AegisError).message).toContain(keyFile);
    expect(existsSync(keyFile)).toBe(false);
  });
});
