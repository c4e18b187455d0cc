/**
 * AEGIS_KEYRING_PASSPHRASE: the LocalKms keyring and the LocalStore master key sealed by a key
 * scrypt derives from a passphrase. Checked on the bytes left on disk: a fresh warehouse is
 * written sealed with no key material in any file; the right passphrase reads everything back;
 * a wrong or missing one fails with KMS_ERROR and rewrites nothing; a plaintext warehouse is
 * sealed in place on first open; and the passphrase never shows in errors, logs or inspect.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../../src/api/open-engine.js';
import { connect } from '../../../src/index.js';
import { SqliteCatalog } from '../../../src/catalog/sqlite-catalog.js';
import { accessKeyLookup, createAccessKey } from '../../../src/server/access-keys.js';
import { configFromWorker, configToWorker, resolveConfig } from '../../../src/config.js';
import { AegisError } from '../../../src/errors.js';
import { KEYRING_PURPOSE, type KeyringData } from '../../../src/kms/keyring-file.js';
import { KeyringPassphrase } from '../../../src/kms/keyring-passphrase.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { openSealed, type SealedKeyFile } from '../../../src/kms/sealed-key-file.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import { MASTER_KEY_PURPOSE } from '../../../src/storage/master-key.js';

const PASS = 'correct horse battery staple ✓';
const dirs: string[] = [];
const warehouse = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'aegis-pass-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const keyringPath = (wh: string): string => join(wh, 'kms', 'keyring.json');
const masterPath = (wh: string): string => join(wh, '.store', 'master.key');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Files under `dir` holding `key` raw, in hex or in base64. */
function filesHolding(dir: string, key: Uint8Array): string[] {
  const b = Buffer.from(key);
  const needles = [b, Buffer.from(b.toString('hex')), Buffer.from(b.toString('base64')), Buffer.from(b.toString('base64url'))];
  return filesUnder(dir).filter((f) => needles.some((n) => readFileSync(f).includes(n)));
}

/**
 * Every file's mtime and digest, to prove nothing was rewritten. The KMS audit log is left out:
 * refused calls are audited, by design.
 */
function snapshot(dir: string): Map<string, string> {
  return new Map(
    filesUnder(dir)
      .filter((f) => !f.endsWith('audit.log'))
      .map((f) => [f, `${statSync(f).mtimeMs}:${createHash('sha256').update(readFileSync(f)).digest('hex')}`]),
  );
}

function sealedFile(path: string): SealedKeyFile {
  return JSON.parse(readFileSync(path, 'utf8')) as SealedKeyFile;
}

/** The keyring's key materials and the master key, opened with the passphrase (as the test's oracle). */
function openedKeys(wh: string, pass = new KeyringPassphrase(PASS)): { materials: Buffer[]; master: Buffer } {
  const ring = openSealed(sealedFile(keyringPath(wh)), pass, KEYRING_PURPOSE, keyringPath(wh), 'keyring').plaintext;
  const data = JSON.parse(ring.toString('utf8')) as KeyringData;
  const materials = data.keys.flatMap((k) => k.versions.map((v) => Buffer.from(v.material, 'base64')));
  const master = openSealed(sealedFile(masterPath(wh)), pass, MASTER_KEY_PURPOSE, masterPath(wh), 'master key').plaintext;
  return { materials, master };
}

async function caught(p: Promise<unknown> | (() => unknown)): Promise<AegisError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof AegisError) return e;
    throw e;
  }
  throw new Error('expected an AegisError');
}

/** A warehouse with a customer key, one SSE-S3 and one SSE-KMS object. */
async function populate(wh: string, passphrase?: KeyringPassphrase): Promise<{ kms: LocalKms; store: LocalStore }> {
  const kms = new LocalKms({ warehouse: wh, principal: 'alice', ...(passphrase ? { passphrase } : {}) });
  const store = new LocalStore({ root: wh, kms, principal: 'alice', ...(passphrase ? { keyringPassphrase: passphrase } : {}) });
  await store.createBucket('data');
  const cmk = await kms.createKey({ alias: 'alias/sales' });
  await store.put('data', 's3.csv', Buffer.from('a\n1\n'), { sse: { mode: 'SSE_S3' } });
  await store.put('data', 'kms.csv', Buffer.from('a\n2\n'), { sse: { mode: 'SSE_KMS', kmsKeyId: cmk.arn } });
  return { kms, store };
}

async function readBack(store: LocalStore): Promise<string[]> {
  const out: string[] = [];
  for (const k of ['s3.csv', 'kms.csv']) out.push(Buffer.from((await store.get('data', k)).body).toString('utf8'));
  return out;
}

describe('keyring passphrase', { timeout: 60_000 }, () => {
  it('a fresh warehouse is written sealed: scrypt parameters recorded, no key material in any file', async () => {
    const wh = warehouse();
    const { store } = await populate(wh, new KeyringPassphrase(PASS));
    await store.close();
    for (const [path, purpose] of [[keyringPath(wh), KEYRING_PURPOSE], [masterPath(wh), MASTER_KEY_PURPOSE]] as const) {
      const f = sealedFile(path);
      expect({ sealed: f.sealed, kdf: f.kdf, N: f.N, r: f.r, p: f.p, cipher: f.cipher }).toEqual({ sealed: purpose, kdf: 'scrypt', N: 32768, r: 8, p: 1, cipher: 'aes-256-gcm' });
      expect(Buffer.from(f.salt, 'base64')).toHaveLength(16);
      expect(Buffer.from(f.nonce, 'base64')).toHaveLength(12);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readFileSync(path, 'utf8')).not.toContain('"keys"');
    }
    const { materials, master } = openedKeys(wh);
    expect(materials.length).toBeGreaterThanOrEqual(1);
    expect(master).toHaveLength(32);
    for (const k of [...materials, master]) expect(filesHolding(wh, k)).toEqual([]);
    expect(readFileSync(masterPath(wh)).length).not.toBe(32);
  });

  it('the right passphrase reads every object back, also from a new process-like open', async () => {
    const wh = warehouse();
    (await populate(wh, new KeyringPassphrase(PASS))).store.close();
    const again = new KeyringPassphrase(PASS);
    const kms = new LocalKms({ warehouse: wh, principal: 'alice', passphrase: again });
    const store = new LocalStore({ root: wh, kms, principal: 'alice', keyringPassphrase: again });
    expect(await readBack(store)).toEqual(['a\n1\n', 'a\n2\n']);
    expect((await kms.listKeys()).length).toBeGreaterThanOrEqual(1);
    await store.close();
  });

  it('a wrong passphrase is KMS_ERROR passphrase_mismatch, and nothing in the warehouse is rewritten', async () => {
    const wh = warehouse();
    (await populate(wh, new KeyringPassphrase(PASS))).store.close();
    // A killed write's temp file: housekeeping waits until the keys open.
    const deadTemp = join(wh, '.store', 'tmp', '999999-00ff.tmp');
    writeFileSync(deadTemp, 'half a write');
    const before = snapshot(wh);
    const wrong = new KeyringPassphrase('Tr0ub4dor&3');
    const storeErr = await caught(() => new LocalStore({ root: wh, principal: 'alice', keyringPassphrase: wrong }));
    expect([storeErr.code, storeErr.details.reason, storeErr.details.path]).toEqual(['KMS_ERROR', 'passphrase_mismatch', masterPath(wh)]);
    expect(storeErr.message).toMatch(/^The keyring passphrase does not open the store master key .*AEGIS_KEYRING_PASSPHRASE.*Nothing was changed\.$/);
    const kms = new LocalKms({ warehouse: wh, principal: 'alice', passphrase: wrong });
    const kmsErr = await caught(kms.generateDataKey('alias/sales'));
    expect([kmsErr.code, kmsErr.details.reason, kmsErr.details.path]).toEqual(['KMS_ERROR', 'passphrase_mismatch', keyringPath(wh)]);
    const adminErr = await caught(kms.createKey({ alias: 'alias/other' }));
    expect(adminErr.details.reason).toBe('passphrase_mismatch');
    expect(snapshot(wh)).toEqual(before);
    expect(snapshot(wh).has(deadTemp)).toBe(true);
    await new LocalStore({ root: wh, keyringPassphrase: new KeyringPassphrase(PASS) }).close();
    expect(existsSync(deadTemp)).toBe(false);
    const audit = readFileSync(join(wh, 'kms', 'audit.log'), 'utf8');
    expect(audit).toContain('does not open the LocalKms keyring');
    expect(audit).not.toContain('Tr0ub4dor');
    expect(audit).not.toContain(PASS);
  });

  it('a sealed warehouse without a passphrase is KMS_ERROR passphrase_required naming AEGIS_KEYRING_PASSPHRASE', async () => {
    const wh = warehouse();
    (await populate(wh, new KeyringPassphrase(PASS))).store.close();
    const before = snapshot(wh);
    const storeErr = await caught(() => new LocalStore({ root: wh, principal: 'alice' }));
    expect([storeErr.code, storeErr.details.reason]).toEqual(['KMS_ERROR', 'passphrase_required']);
    expect(storeErr.message).toContain(`the store master key ${masterPath(wh)} is sealed with a passphrase: set AEGIS_KEYRING_PASSPHRASE`);
    const kmsErr = await caught(new LocalKms({ warehouse: wh, principal: 'alice' }).listKeys());
    expect([kmsErr.code, kmsErr.details.reason]).toEqual(['KMS_ERROR', 'passphrase_required']);
    expect(kmsErr.message).toContain('AEGIS_KEYRING_PASSPHRASE');
    expect(snapshot(wh)).toEqual(before);
  });

  it('a plaintext warehouse is sealed in place on first open with a passphrase; its keys and data are kept', async () => {
    const wh = warehouse();
    const plain = await populate(wh);
    await plain.store.close();
    const ringBefore = JSON.parse(readFileSync(keyringPath(wh), 'utf8')) as KeyringData;
    const materialsBefore = ringBefore.keys.flatMap((k) => k.versions.map((v) => Buffer.from(v.material, 'base64')));
    const masterBefore = readFileSync(masterPath(wh));
    expect(masterBefore).toHaveLength(32);

    const pass = new KeyringPassphrase(PASS);
    const kms = new LocalKms({ warehouse: wh, principal: 'alice', passphrase: pass });
    const store = new LocalStore({ root: wh, kms, principal: 'alice', keyringPassphrase: pass });
    expect(await readBack(store)).toEqual(['a\n1\n', 'a\n2\n']);
    await store.close();

    expect(sealedFile(keyringPath(wh)).sealed).toBe(KEYRING_PURPOSE);
    expect(sealedFile(masterPath(wh)).sealed).toBe(MASTER_KEY_PURPOSE);
    const { materials, master } = openedKeys(wh);
    expect(master.equals(masterBefore)).toBe(true);
    expect(materials.map((m) => m.toString('hex'))).toEqual(materialsBefore.map((m) => m.toString('hex')));
    for (const k of [...materialsBefore, masterBefore]) expect(filesHolding(wh, k)).toEqual([]);
    // No temp file or lock is left behind by the migration.
    expect(readdirSync(join(wh, 'kms')).sort()).toEqual(['audit.log', 'keyring.json']);
    expect(readdirSync(join(wh, '.store')).filter((n) => n.includes('master'))).toEqual(['master.key']);
    // From now on the passphrase is needed.
    expect((await caught(() => new LocalStore({ root: wh }))).details.reason).toBe('passphrase_required');
  });

  it('concurrent first opens of a plaintext keyring all succeed and leave one sealed keyring (the lock serialises the sealing)', async () => {
    const wh = warehouse();
    const plain = new LocalKms({ warehouse: wh, principal: 'alice' });
    const cmk = await plain.createKey({ alias: 'alias/sales' });
    const blob = (await plain.generateDataKey(cmk.arn)).ciphertextBlob;
    const pass = new KeyringPassphrase(PASS);
    const kmses = Array.from({ length: 4 }, () => new LocalKms({ warehouse: wh, principal: 'alice', passphrase: pass }));
    const keys = await Promise.all(kmses.map((k) => k.decrypt(blob)));
    expect(new Set(keys.map((k) => k.keyId))).toEqual(new Set([cmk.arn]));
    expect(sealedFile(keyringPath(wh)).sealed).toBe(KEYRING_PURPOSE);
    expect(readdirSync(join(wh, 'kms')).sort()).toEqual(['audit.log', 'keyring.json']);
  });

  it('a sealed file of the other kind (the master key in place of the keyring) is refused as damaged', async () => {
    const wh = warehouse();
    (await populate(wh, new KeyringPassphrase(PASS))).store.close();
    // The master key's sealed file put where the keyring belongs: same passphrase, other purpose.
    writeFileSync(keyringPath(wh), readFileSync(masterPath(wh)));
    const err = await caught(new LocalKms({ warehouse: wh, principal: 'alice', passphrase: new KeyringPassphrase(PASS) }).listKeys());
    expect([err.code, err.details.reason]).toEqual(['KMS_ERROR', 'damaged']);
  });

  it('a sealed file naming absurd scrypt parameters is refused before any derivation', async () => {
    const wh = warehouse();
    (await populate(wh, new KeyringPassphrase(PASS))).store.close();
    const f = sealedFile(masterPath(wh));
    // Too large an N; a memory need (128·N·r = 1 GiB) past the cap; N not a power of two.
    for (const bad of [{ N: 2 ** 30 }, { N: 2 ** 20, r: 8 }, { N: 1000 }]) {
      writeFileSync(masterPath(wh), JSON.stringify({ ...f, ...bad }));
      const started = Date.now();
      const err = await caught(() => new LocalStore({ root: wh, keyringPassphrase: new KeyringPassphrase(PASS) }));
      expect([err.code, err.details.reason]).toEqual(['KMS_ERROR', 'damaged']);
      expect(err.message).toMatch(/scrypt parameters aegis does not accept/);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('the passphrase never prints: inspect, String and JSON of the holder and of the config', () => {
    const wh = warehouse();
    const cfg = resolveConfig({ warehouse: wh }, { env: { AEGIS_KEYRING_PASSPHRASE: PASS }, cwd: wh });
    expect(cfg.sources.keyringPassphrase).toBe('env');
    for (const text of [inspect(cfg, { depth: 10, showHidden: true }), JSON.stringify(cfg), String(cfg.keyringPassphrase), inspect(openEngineless(cfg))]) {
      expect(text).not.toContain('horse');
    }
    expect(inspect(cfg.keyringPassphrase)).toBe('KeyringPassphrase([redacted])');
  });

  it('comes from the env or aegis.config.json (env first), never from a flag', () => {
    const wh = warehouse();
    mkdirSync(join(wh, 'cwd'));
    const cwd = join(wh, 'cwd');
    writeFileSync(join(cwd, 'aegis.config.json'), JSON.stringify({ keyringPassphrase: 'from-file' }));
    const fromFile = resolveConfig({}, { env: {}, cwd });
    expect(fromFile.sources.keyringPassphrase).toBe('file');
    expect(fromFile.keyringPassphrase?.revealForWorker()).toBe('from-file');
    const fromEnv = resolveConfig({}, { env: { AEGIS_KEYRING_PASSPHRASE: 'from-env' }, cwd });
    expect(fromEnv.keyringPassphrase?.revealForWorker()).toBe('from-env');
    const flagged = resolveConfig({ 'keyring-passphrase': 'from-flag' }, { env: {}, cwd: wh });
    expect(flagged.keyringPassphrase).toBeUndefined();
    writeFileSync(join(cwd, 'aegis.config.json'), JSON.stringify({ keyringPassphrase: '' }));
    const empty = caughtSync(() => resolveConfig({}, { env: {}, cwd }));
    expect(empty.code).toBe('INVALID_ARGUMENT');
    expect(empty.message).toContain('keyringPassphrase');
  });

  it('the library: connect({ keyringPassphrase }) opens a sealed warehouse; a wrong one is KMS_ERROR', async () => {
    const wh = warehouse();
    (await populate(wh, new KeyringPassphrase(PASS))).store.close();
    const db = await connect({ warehouse: wh, principal: 'alice', workers: 0, keyringPassphrase: PASS });
    try {
      expect(inspect(db, { depth: 10 })).not.toContain('horse');
      await db.query("CREATE EXTERNAL TABLE t (a string) LOCATION 's3://data/'").rows();
      const rows = await db.query('SELECT a FROM t ORDER BY a', { rowMode: 'array' }).rows();
      expect(rows).toEqual([['1'], ['2'], ['a'], ['a']]);
    } finally {
      await db.close();
    }
    const err = await caught(connect({ warehouse: wh, principal: 'alice', workers: 0, keyringPassphrase: 'wrong' }));
    expect([err.code, err.details.reason]).toEqual(['KMS_ERROR', 'passphrase_mismatch']);
  });

  it('Athena API access keys are wrapped by the sealed master key and verified with the passphrase', async () => {
    const wh = warehouse();
    const pass = new KeyringPassphrase(PASS);
    (await populate(wh, pass)).store.close();
    const catalog = SqliteCatalog.forWarehouse(wh);
    try {
      const k = createAccessKey(catalog, wh, 'bob', pass);
      expect(accessKeyLookup(catalog, wh, undefined, new KeyringPassphrase(PASS))(k.accessKeyId)).toEqual({ secret: k.secretAccessKey, principal: 'bob' });
      expect((await caught(() => accessKeyLookup(catalog, wh))).details.reason).toBe('passphrase_required');
      expect((await caught(() => accessKeyLookup(catalog, wh, undefined, new KeyringPassphrase('nope')))).details.reason).toBe('passphrase_mismatch');
    } finally {
      catalog.close();
    }
  });

  it('crosses to scan worker threads: sealed objects scanned on the pool', async () => {
    const wh = warehouse();
    const pass = new KeyringPassphrase(PASS);
    const { store, kms } = await populate(wh, pass);
    // Past the inline threshold (1 MiB), so the scan runs on the worker pool.
    const rows = Array.from({ length: 120_000 }, (_, i) => `${i},${'x'.repeat(8)}`).join('\n') + '\n';
    await store.put('data', 'big/part-0.csv', Buffer.from(rows), { sse: { mode: 'SSE_KMS', kmsKeyId: 'alias/sales' } });
    await store.close();
    void kms;
    // The wire form survives structured clone and rebuilds a working holder.
    const cfg = resolveConfig({ warehouse: wh, workers: '1', principal: 'alice' }, { env: { AEGIS_KEYRING_PASSPHRASE: PASS }, cwd: wh });
    const rebuilt = configFromWorker(structuredClone(configToWorker(cfg)));
    expect(rebuilt.keyringPassphrase).toBeInstanceOf(KeyringPassphrase);
    const rt = openEngine(cfg);
    try {
      await rt.engine.execute("CREATE EXTERNAL TABLE big (i int, s string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://data/big/'");
      const r = await rt.engine.execute('SELECT count(*), sum(i) FROM big');
      expect(r.rows.map((row) => row.map(String))).toEqual([['120000', '7199940000']]);
      const pool = rt.scan.pool as unknown as { tasksRun: number };
      expect(pool.tasksRun).toBeGreaterThan(0);
    } finally {
      await rt.close();
    }
  });
});

/** Stand-in for "any object that holds the config": a plain wrapper, as a server or engine does. */
function openEngineless(cfg: object): object {
  return { config: cfg, nested: [{ cfg }] };
}

function caughtSync(fn: () => unknown): AegisError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AegisError) return e;
    throw e;
  }
  throw new Error('expected an AegisError');
}
