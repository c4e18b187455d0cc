import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { parseBlobHeader } from '../../../src/kms/ciphertext-blob.js';
import { registerKmsContract, rejection } from './kms-contract.js';

const dirs: string[] = [];
function warehouse(): string {
  const d = mkdtempSync(join(tmpdir(), 'aegis-kms-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('LocalKms: KMS contract', () => {
  const wh = warehouse();
  registerKmsContract({ kms: () => new LocalKms({ warehouse: wh, principal: 'alice' }), supportsRotation: true });
});

/** Every byte representation of `bytes` that must not appear in logs or printouts. */
function forms(bytes: Uint8Array): string[] {
  const b = Buffer.from(bytes);
  return [b.toString('hex'), b.toString('base64'), b.toString('base64url'), b.toString('latin1'), Array.from(b).join(',')];
}

describe('LocalKms', () => {
  it('denies a principal without a grant, naming principal, action and key ARN; grant opens it', async () => {
    const wh = warehouse();
    const alice = new LocalKms({ warehouse: wh, principal: 'alice' });
    const bob = alice.withPrincipal('bob');
    const key = await alice.createKey({ alias: 'alias/orders' });
    const dk = await alice.generateDataKey('alias/orders', { t: 'x' });
    const e = await rejection(bob.decrypt(dk.ciphertextBlob, { t: 'x' }), 'ACCESS_DENIED');
    expect(e.message).toContain('bob');
    expect(e.message).toContain('kms:Decrypt');
    expect(e.message).toContain(key.arn);
    expect(e.details).toMatchObject({ principal: 'bob', action: 'kms:Decrypt', keyArn: key.arn, kmsError: 'AccessDeniedException' });
    await rejection(bob.generateDataKey(key.keyId), 'ACCESS_DENIED');
    // bob may not administer alice's key either
    await rejection(bob.disableKey(key.keyId), 'ACCESS_DENIED');
    await rejection(bob.grant(key.keyId, 'bob', ['kms:Decrypt']), 'ACCESS_DENIED');

    await alice.grant(key.keyId, 'bob', ['Decrypt']);
    const out = await bob.decrypt(dk.ciphertextBlob, { t: 'x' });
    expect(Buffer.from(out.plaintext).equals(Buffer.from(dk.plaintext))).toBe(true);
    // Decrypt only: GenerateDataKey still denied
    const e2 = await rejection(bob.generateDataKey(key.keyId), 'ACCESS_DENIED');
    expect(e2.details.action).toBe('kms:GenerateDataKey');
    await alice.revoke(key.keyId, 'bob');
    await rejection(bob.decrypt(dk.ciphertextBlob, { t: 'x' }), 'ACCESS_DENIED');
  });

  it('a key created with a policy: grantees use it, "*" means everyone, the creator still administers', async () => {
    const wh = warehouse();
    const admin = new LocalKms({ warehouse: wh, principal: 'admin' });
    const key = await admin.createKey({ policy: { grants: [{ principal: '*', actions: ['kms:Decrypt'] }, { principal: 'writer', actions: ['kms:GenerateDataKey'] }] } });
    const writer = admin.withPrincipal('writer');
    const anyone = admin.withPrincipal('carol');
    const dk = await writer.generateDataKey(key.arn);
    expect((await anyone.decrypt(dk.ciphertextBlob)).keyId).toBe(key.arn);
    await rejection(anyone.generateDataKey(key.arn), 'ACCESS_DENIED');
    // The creator is not in the policy for use ...
    await rejection(admin.generateDataKey(key.arn), 'ACCESS_DENIED');
    // ... but administers it.
    expect((await admin.disableKey(key.arn)).keyState).toBe('Disabled');
    await rejection(admin.createKey({ policy: { grants: [{ principal: 'x', actions: ['kms:Bogus'] }] } }), 'INVALID_ARGUMENT');
  });

  it('resolves aliases and alias ARNs; rejects duplicate and reserved aliases', async () => {
    const kms = new LocalKms({ warehouse: warehouse(), principal: 'alice', region: 'eu-west-1', account: '123456789012' });
    const key = await kms.createKey({ alias: 'alias/sales/2024' });
    expect(key.arn).toBe(`arn:aws:kms:eu-west-1:123456789012:key/${key.keyId}`);
    expect(key.aliases).toEqual(['alias/sales/2024']);
    for (const ref of ['alias/sales/2024', 'arn:aws:kms:eu-west-1:123456789012:alias/sales/2024', key.arn, key.keyId]) {
      expect((await kms.describeKey(ref)).keyId).toBe(key.keyId);
    }
    const dup = await rejection(kms.createKey({ alias: 'alias/sales/2024' }), 'ALREADY_EXISTS');
    expect(dup.details.kmsError).toBe('AlreadyExistsException');
    await rejection(kms.createKey({ alias: 'alias/aws/mine' }), 'INVALID_ARGUMENT');
    await rejection(kms.createKey({ alias: 'no-prefix' }), 'INVALID_ARGUMENT');
  });

  it('pending deletion is KMS_INVALID_STATE; cancelling leaves the key Disabled', async () => {
    const kms = new LocalKms({ warehouse: warehouse(), principal: 'alice' });
    const key = await kms.createKey({});
    const dk = await kms.generateDataKey(key.keyId);
    await rejection(kms.scheduleKeyDeletion(key.keyId, 3), 'INVALID_ARGUMENT');
    const d = await kms.scheduleKeyDeletion(key.keyId, 7);
    expect(d.keyState).toBe('PendingDeletion');
    const days = (d.deletionDate!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const e = await rejection(kms.decrypt(dk.ciphertextBlob), 'KMS_INVALID_STATE');
    expect(e.details.kmsError).toBe('KMSInvalidStateException');
    await rejection(kms.generateDataKey(key.keyId), 'KMS_INVALID_STATE');
    await rejection(kms.enableKey(key.keyId), 'KMS_INVALID_STATE');
    expect((await kms.cancelKeyDeletion(key.keyId)).keyState).toBe('Disabled');
    await kms.enableKey(key.keyId);
    expect((await kms.decrypt(dk.ciphertextBlob)).keyId).toBe(key.arn);
  });

  it('creates the AWS-managed alias/aws/s3 key once, on first use, usable by every principal', async () => {
    const wh = warehouse();
    const kms = new LocalKms({ warehouse: wh, principal: 'alice' });
    expect(await kms.listKeys()).toEqual([]);
    const dk = await kms.generateDataKey('alias/aws/s3', { 'aws:s3:arn': 'arn:aws:s3:::b/k' });
    const arn = await kms.ensureDefaultKey();
    expect(dk.keyId).toBe(arn);
    expect(await kms.withPrincipal('bob').ensureDefaultKey('alias/aws/s3')).toBe(arn);
    const keys = await kms.listKeys();
    expect(keys.length).toBe(1);
    expect(keys[0]).toMatchObject({ arn, aliases: ['alias/aws/s3'], managed: true });
    const bob = kms.withPrincipal('bob');
    expect((await bob.decrypt(dk.ciphertextBlob, { 'aws:s3:arn': 'arn:aws:s3:::b/k' })).keyId).toBe(arn);
    // Nobody administers an AWS-managed key.
    await rejection(kms.disableKey('alias/aws/s3'), 'ACCESS_DENIED');
  });

  it('two instances (as two processes) see each other\'s changes; concurrent creates are not lost', async () => {
    const wh = warehouse();
    const a = new LocalKms({ warehouse: wh, principal: 'p' });
    const b = new LocalKms({ warehouse: wh, principal: 'p' });
    const created = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).createKey({ alias: `alias/k${i}` })));
    expect((await a.listKeys()).length).toBe(8);
    await a.disableKey(created[3]!.keyId);
    expect((await b.describeKey('alias/k3')).keyState).toBe('Disabled');
    const [a1, b1] = await Promise.all([a.ensureDefaultKey(), b.ensureDefaultKey()]);
    expect(a1).toBe(b1);
  });

  it('keeps the keyring 0600 and rejects every single-byte tamper of a blob', async () => {
    const wh = warehouse();
    const kms = new LocalKms({ warehouse: wh, principal: 'alice' });
    const key = await kms.createKey({});
    expect(statSync(join(wh, 'kms', 'keyring.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(wh, 'kms')).mode & 0o777).toBe(0o700);
    const enc = await kms.encrypt(key.keyId, new Uint8Array([9, 8, 7, 6]), { c: '1' });
    const blob = enc.ciphertextBlob;
    expect(parseBlobHeader(blob)).toEqual({ keyId: key.keyId, keyVersion: 1 });
    for (let i = 0; i < blob.length; i++) {
      const t = Uint8Array.from(blob);
      t[i] = t[i]! ^ 0x80;
      // Header bytes may make the key unknown; either way the answer is INVALID_CIPHERTEXT.
      await rejection(kms.decrypt(t, { c: '1' }), 'INVALID_CIPHERTEXT');
    }
    await rejection(kms.decrypt(blob.subarray(0, blob.length - 1), { c: '1' }), 'INVALID_CIPHERTEXT');
    await rejection(kms.decrypt(new Uint8Array(10)), 'INVALID_CIPHERTEXT');
    const other = await kms.createKey({ alias: 'alias/other' });
    const wrong = await rejection(kms.decrypt(blob, { c: '1' }, other.keyId), 'INVALID_CIPHERTEXT');
    expect(wrong.details.kmsError).toBe('IncorrectKeyException');
  });

  it('rotation records versions; new blobs use the newest version', async () => {
    const kms = new LocalKms({ warehouse: warehouse(), principal: 'alice' });
    const key = await kms.createKey({});
    const b1 = await kms.generateDataKey(key.keyId);
    const r = await kms.rotateKey(key.keyId);
    expect(r.keyVersions).toBe(2);
    const b2 = await kms.generateDataKey(key.keyId);
    expect(parseBlobHeader(b1.ciphertextBlob).keyVersion).toBe(1);
    expect(parseBlobHeader(b2.ciphertextBlob).keyVersion).toBe(2);
    await kms.disableKey(key.keyId);
    await rejection(kms.rotateKey(key.keyId), 'KMS_DISABLED');
  });

  it('writes exactly one audit entry per call, with outcome, and never key bytes or plaintext', async () => {
    const wh = warehouse();
    const kms = new LocalKms({ warehouse: wh, principal: 'alice' });
    const bob = kms.withPrincipal('bob');
    const secrets: Uint8Array[] = [];
    const key = await kms.createKey({ alias: 'alias/audited' }); // 1
    const dk = await kms.generateDataKey('alias/audited', { t: 'orders' }); // 2
    secrets.push(dk.plaintext);
    const msg = new TextEncoder().encode('top-secret-plaintext-value');
    secrets.push(msg);
    const enc = await kms.encrypt(key.keyId, msg, { t: 'orders' }); // 3
    secrets.push((await kms.decrypt(enc.ciphertextBlob, { t: 'orders' })).plaintext); // 4
    await rejection(kms.decrypt(dk.ciphertextBlob, { t: 'wrong' }), 'INVALID_CIPHERTEXT'); // 5
    await rejection(bob.decrypt(dk.ciphertextBlob, { t: 'orders' }), 'ACCESS_DENIED'); // 6
    await kms.rotateKey(key.keyId); // 7
    await kms.describeKey(key.keyId); // 8
    await kms.listKeys(); // 9
    await rejection(kms.generateDataKey('alias/nope'), 'NOT_FOUND'); // 10

    const entries = await kms.readAudit();
    expect(entries.map((e) => `${e.action}:${e.outcome}:${e.errorCode ?? ''}`)).toEqual([
      'CreateKey:success:',
      'GenerateDataKey:success:',
      'Encrypt:success:',
      'Decrypt:success:',
      'Decrypt:error:InvalidCiphertextException',
      'Decrypt:error:AccessDeniedException',
      'RotateKeyOnDemand:success:',
      'DescribeKey:success:',
      'ListKeys:success:',
      'GenerateDataKey:error:NotFoundException',
    ]);
    expect(entries[1]).toMatchObject({ principal: 'alice', keyArn: key.arn, requestedKeyId: 'alias/audited', encryptionContext: { t: 'orders' } });
    expect(entries[5]).toMatchObject({ principal: 'bob', keyArn: key.arn });
    for (const e of entries) expect(Date.parse(e.eventTime)).toBeGreaterThan(Date.now() - 60_000);
    expect(await kms.readAudit(2)).toEqual(entries.slice(-2));

    const log = readFileSync(join(wh, 'kms', 'audit.log'), 'latin1');
    expect(log.trim().split('\n').length).toBe(10);
    const ring = JSON.parse(readFileSync(join(wh, 'kms', 'keyring.json'), 'utf8')) as { keys: { versions: { material: string }[] }[] };
    const materials = ring.keys.flatMap((k) => k.versions.map((v) => new Uint8Array(Buffer.from(v.material, 'base64'))));
    expect(materials.length).toBe(2);
    for (const s of [...secrets, ...materials]) for (const f of forms(s)) expect(log.includes(f), `audit log leaks ${f.slice(0, 8)}…`).toBe(false);
  });

  it('inspect / JSON of LocalKms and of returned keys never show key bytes', async () => {
    const wh = warehouse();
    const kms = new LocalKms({ warehouse: wh, principal: 'alice' });
    const key = await kms.createKey({});
    const dk = await kms.generateDataKey(key.keyId);
    const dec = await kms.decrypt(dk.ciphertextBlob);
    const ring = JSON.parse(readFileSync(join(wh, 'kms', 'keyring.json'), 'utf8')) as { keys: { versions: { material: string }[] }[] };
    const material = new Uint8Array(Buffer.from(ring.keys[0]!.versions[0]!.material, 'base64'));
    const printed = [
      inspect(kms, { depth: 10, showHidden: true }),
      JSON.stringify(kms),
      String(kms),
      inspect(dk, { depth: 10 }),
      JSON.stringify(dk),
      String(dk),
      inspect(dec),
      JSON.stringify(dec),
      inspect({ nested: { dk, kms } }, { depth: 10 }),
    ];
    expect(printed[3]).toContain('redacted 32 bytes');
    for (const p of printed) for (const s of [dk.plaintext, material]) for (const f of forms(s)) expect(p.includes(f)).toBe(false);
    // still usable by the caller, and wipeable
    expect(dk.plaintext.length).toBe(32);
    dk.wipe();
    expect(dk.plaintext.every((b) => b === 0)).toBe(true);
  });
});

describe('LocalKms.permits', () => {
  it('predicts the policy decision without a KMS call or an audit entry', async () => {
    const kms = new LocalKms({ warehouse: warehouse(), principal: 'alice' });
    const key = await kms.createKey({ alias: 'alias/p' });
    const n = (await kms.readAudit()).length;
    expect(await kms.permits('alias/p', 'kms:Decrypt')).toBe(true);
    expect(await kms.withPrincipal('bob').permits(key.arn, 'kms:Decrypt')).toBe(false);
    await kms.grant(key.keyId, 'bob', ['kms:Decrypt']);
    expect(await kms.withPrincipal('bob').permits(key.arn, 'kms:Decrypt')).toBe(true);
    expect(await kms.withPrincipal('bob').permits(key.arn, 'kms:GenerateDataKey')).toBe(false);
    expect(await kms.permits('alias/missing', 'kms:Decrypt')).toBeUndefined();
    expect((await kms.readAudit()).length).toBe(n + 1); // only the grant
  });
});

describe('LocalKms.blobKeyArn', () => {
  it('names the key of its own blobs and nothing for foreign bytes', async () => {
    const kms = new LocalKms({ warehouse: warehouse(), principal: 'alice' });
    const key = await kms.createKey({});
    const dk = await kms.generateDataKey(key.keyId);
    expect(await kms.blobKeyArn(dk.ciphertextBlob)).toBe(key.arn);
    expect(await kms.blobKeyArn(new Uint8Array(64))).toBeUndefined();
  });
});

describe('LocalKms deletion window', () => {
  it('a key whose deletion date has passed is gone: NOT_FOUND, its blobs INVALID_CIPHERTEXT, its material purged', async () => {
    const wh = warehouse();
    const kms = new LocalKms({ warehouse: wh, principal: 'alice' });
    const doomed = await kms.createKey({ alias: 'alias/doomed' });
    const dk = await kms.generateDataKey('alias/doomed');
    await kms.scheduleKeyDeletion(doomed.keyId, 7);
    // Another process (here: a direct edit) moves the date into the past; this instance sees it.
    const path = join(wh, 'kms', 'keyring.json');
    const ring = JSON.parse(readFileSync(path, 'utf8')) as { keys: { id: string; deletionDate?: string; versions: { material: string }[] }[] };
    const material = ring.keys[0]!.versions[0]!.material;
    ring.keys[0]!.deletionDate = new Date(Date.now() - 1000).toISOString();
    const { writeFileSync, renameSync } = await import('node:fs');
    writeFileSync(path + '.edit', JSON.stringify(ring));
    renameSync(path + '.edit', path);
    await rejection(kms.describeKey('alias/doomed'), 'NOT_FOUND');
    await rejection(kms.decrypt(dk.ciphertextBlob), 'INVALID_CIPHERTEXT');
    expect((await kms.listKeys()).length).toBe(0);
    // The next keyring write drops the key and its material; the alias is free again.
    const again = await kms.createKey({ alias: 'alias/doomed' });
    expect(again.keyId).not.toBe(doomed.keyId);
    const text = readFileSync(path, 'utf8');
    expect(text.includes(material)).toBe(false);
    expect(text.includes(doomed.keyId)).toBe(false);
  });
});

describe('LocalKms keyring lock', () => {
  it('takes over a lock left by a process that died, instead of waiting', async () => {
    const { spawnSync } = await import('node:child_process');
    const { writeFileSync, mkdirSync, existsSync } = await import('node:fs');
    const wh = warehouse();
    mkdirSync(join(wh, 'kms'), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(wh, 'kms', 'keyring.lock'), dead);
    const kms = new LocalKms({ warehouse: wh, principal: 'alice' });
    const t = Date.now();
    await kms.createKey({ alias: 'alias/after-crash' });
    expect(Date.now() - t).toBeLessThan(5000);
    expect(existsSync(join(wh, 'kms', 'keyring.lock'))).toBe(false);
  });

  it('waits for a live holder', async () => {
    const { writeFileSync, mkdirSync, rmSync: rm } = await import('node:fs');
    const wh = warehouse();
    mkdirSync(join(wh, 'kms'), { recursive: true });
    writeFileSync(join(wh, 'kms', 'keyring.lock'), String(process.pid));
    const kms = new LocalKms({ warehouse: wh, principal: 'alice' });
    let done = false;
    const p = kms.createKey({}).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    rm(join(wh, 'kms', 'keyring.lock'));
    await p;
    expect(done).toBe(true);
  });
});
