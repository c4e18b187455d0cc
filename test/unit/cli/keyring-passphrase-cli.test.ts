/**
 * AEGIS_KEYRING_PASSPHRASE through the built `aegis` binary: a sealed warehouse round-trips puts
 * (SSE-S3, SSE-KMS, CSE-KMS) and queries; `warehouse check` opens it; a wrong or missing
 * passphrase exits 1 with KMS_ERROR and leaves every file as it was; a plaintext warehouse is
 * sealed on its first run with the passphrase; the passphrase never shows in output or in any
 * file of the warehouse; and there is no flag for it.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aegis, buildCli, type CliResult } from './run-cli.js';

const PASS = 'pass-phrase-7f3a-never-printed';
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'aegis-passcli-'));
  dirs.push(d);
  return d;
};
beforeAll(() => buildCli(), 180_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** mtime + digest of every file but the KMS audit log (refused calls are audited, by design). */
function snapshot(dir: string): Map<string, string> {
  return new Map(
    filesUnder(dir)
      .filter((f) => !f.endsWith('audit.log'))
      .map((f) => [f, `${statSync(f).mtimeMs}:${createHash('sha256').update(readFileSync(f)).digest('hex')}`]),
  );
}

const sealedKind = (path: string): string | undefined => {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { sealed?: string }).sealed;
  } catch {
    return undefined;
  }
};

/** A CLI bound to a warehouse; `pass` null runs without the variable. */
function cli(dir: string) {
  const wh = join(dir, 'wh');
  const outputs: string[] = [];
  const run = (args: string[], pass: string | null = PASS): CliResult => {
    const r = aegis([...args, '--warehouse', wh, '--principal', 'alice', '--workers', '1'], { cwd: dir, env: pass === null ? {} : { AEGIS_KEYRING_PASSPHRASE: pass } });
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  return { wh, run, outputs };
}

/** Bucket, a customer key, three objects (SSE-S3, SSE-KMS, CSE-KMS) and a table over them. */
function populate(dir: string, run: (args: string[], pass?: string | null) => CliResult, pass: string | null = PASS): void {
  const ok = (r: CliResult): void => expect(r.code, r.stderr).toBe(0);
  ok(run(['bucket', 'create', 's3://data'], pass));
  ok(run(['kms', 'create-key', '--alias', 'alias/sales'], pass));
  const parts: [string, string[]][] = [
    ['1,ann\n', ['--sse', 'SSE_S3']],
    ['2,bob\n', ['--sse', 'SSE_KMS', '--kms-key', 'alias/sales']],
    ['3,cid\n', ['--cse-kms', '--kms-key', 'alias/sales']],
  ];
  parts.forEach(([body, flags], i) => {
    const f = join(dir, `p${i}.csv`);
    writeFileSync(f, body);
    ok(run(['object', 'put', `s3://data/people/p${i}.csv`, f, ...flags], pass));
  });
  ok(run(['query', "CREATE EXTERNAL TABLE people (id int, name string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://data/people/'"], pass));
}

const SELECT = ['query', 'SELECT id, name FROM people ORDER BY id', '--format', 'csv'];
const ROWS = '"id","name"\n"1","ann"\n"2","bob"\n"3","cid"\n';

describe('aegis with AEGIS_KEYRING_PASSPHRASE (built binary)', { timeout: 300_000 }, () => {
  it('a fresh sealed warehouse: puts, queries, access keys and warehouse check work with the passphrase', () => {
    const dir = tmp();
    const { wh, run, outputs } = cli(dir);
    populate(dir, run);
    expect(sealedKind(join(wh, 'kms', 'keyring.json'))).toBe('aegis-keyring-v1');
    expect(sealedKind(join(wh, '.store', 'master.key'))).toBe('aegis-master-key-v1');
    const q = run(SELECT);
    expect(q.code, q.stderr).toBe(0);
    expect(q.stdout).toBe(ROWS);
    const check = run(['warehouse', 'check']);
    expect(check.code, check.stderr).toBe(0);
    // The three data objects and the encrypted results of the two queries, every one opened.
    expect(check.stdout).toMatch(/: (\d+) objects, \1 verified, 0 SSE-C .*\nconsistent\n$/);
    expect(Number(/(\d+) objects/.exec(check.stdout)![1])).toBeGreaterThanOrEqual(3);
    const key = run(['access-key', 'create', '--json']);
    expect(key.code, key.stderr).toBe(0);
    expect(JSON.parse(key.stdout)).toMatchObject({ Principal: 'alice' });
    // The passphrase is in no output and in no file of the warehouse (audit log, catalog, history…).
    for (const o of outputs) expect(o).not.toContain(PASS);
    expect(filesUnder(wh).filter((f) => readFileSync(f).includes(Buffer.from(PASS)))).toEqual([]);
  });

  it('a wrong passphrase exits 1 with KMS_ERROR, says what to do, and rewrites nothing', () => {
    const dir = tmp();
    const { wh, run, outputs } = cli(dir);
    populate(dir, run);
    const before = snapshot(wh);
    const wrong = 'not-the-passphrase-42';
    for (const args of [SELECT, ['kms', 'list-keys'], ['warehouse', 'check'], ['object', 'get', 's3://data/people/p1.csv', '-']]) {
      const r = run(args, wrong);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^ERROR KMS_ERROR: The keyring passphrase does not open the (store master key|LocalKms keyring) \S+: set AEGIS_KEYRING_PASSPHRASE/);
      expect(r.stderr).toContain('Nothing was changed.');
    }
    expect(snapshot(wh)).toEqual(before);
    for (const o of outputs) expect(o).not.toContain(wrong);
    expect(readFileSync(join(wh, 'kms', 'audit.log'), 'utf8')).not.toContain(wrong);
    // Still opens with the right one.
    expect(run(SELECT).stdout).toBe(ROWS);
  });

  it('a sealed warehouse without the passphrase exits 1 naming AEGIS_KEYRING_PASSPHRASE', () => {
    const dir = tmp();
    const { wh, run } = cli(dir);
    populate(dir, run);
    const before = snapshot(wh);
    for (const args of [SELECT, ['kms', 'list-keys']]) {
      const r = run(args, null);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^ERROR KMS_ERROR: the (store master key|LocalKms keyring) \S+ is sealed with a passphrase: set AEGIS_KEYRING_PASSPHRASE \(or keyringPassphrase in aegis\.config\.json\)/);
    }
    expect(snapshot(wh)).toEqual(before);
  });

  it('a plaintext warehouse is sealed on its first run with the passphrase, and keeps its data', () => {
    const dir = tmp();
    const { wh, run } = cli(dir);
    populate(dir, run, null);
    const ring = join(wh, 'kms', 'keyring.json');
    const master = join(wh, '.store', 'master.key');
    expect(sealedKind(ring)).toBeUndefined();
    expect(readFileSync(master)).toHaveLength(32);
    const plainMaster = readFileSync(master);
    const materials = (JSON.parse(readFileSync(ring, 'utf8')) as { keys: { versions: { material: string }[] }[] }).keys.flatMap((k) => k.versions.map((v) => v.material));
    expect(materials.length).toBeGreaterThan(0);

    const q = run(SELECT);
    expect(q.code, q.stderr).toBe(0);
    expect(q.stdout).toBe(ROWS);
    expect(sealedKind(ring)).toBe('aegis-keyring-v1');
    expect(sealedKind(master)).toBe('aegis-master-key-v1');
    for (const f of filesUnder(wh)) {
      const bytes = readFileSync(f);
      expect(bytes.includes(plainMaster), f).toBe(false);
      for (const m of materials) expect(bytes.includes(Buffer.from(m)), f).toBe(false);
    }
    expect(readdirSync(join(wh, 'kms')).sort()).toEqual(['audit.log', 'keyring.json']);
    expect(run(SELECT, null).code).toBe(1);
    expect(run(SELECT).stdout).toBe(ROWS);
  });

  it('keyringPassphrase in aegis.config.json works; there is no --keyring-passphrase flag', () => {
    const dir = tmp();
    const { run } = cli(dir);
    populate(dir, run);
    writeFileSync(join(dir, 'aegis.config.json'), JSON.stringify({ keyringPassphrase: PASS }));
    const q = run(SELECT, null);
    expect(q.code, q.stderr).toBe(0);
    expect(q.stdout).toBe(ROWS);
    rmSync(join(dir, 'aegis.config.json'));
    const flagged = run([...SELECT, '--keyring-passphrase', PASS], null);
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toMatch(/^ERROR INVALID_ARGUMENT: .*keyring-passphrase/);
    expect(flagged.stderr).not.toContain(PASS);
  });
});
