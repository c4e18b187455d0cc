import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aegis, buildCli, type CliResult } from './run-cli.js';

// Each test runs the binary many times; on a busy 2-core machine one run can take seconds.
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'aegis-obj-'));
  dirs.push(d);
  return d;
};
beforeAll(() => buildCli(), 120_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface HeadJson {
  uri: string;
  mode: string | null;
  keyId: string | null;
  region: string;
  size?: number;
  decision: { action: string; decrypt?: string; code?: string; message?: string };
}

/** A warehouse with one bucket and a CLI bound to it. */
function setup(principal = 'alice'): { wh: string; dir: string; run: (args: string[], as?: string) => CliResult; file: string; data: Buffer } {
  const dir = tmp();
  const wh = join(dir, 'wh');
  const run = (args: string[], as = principal): CliResult => aegis([...args, '--warehouse', wh, '--principal', as], { cwd: dir });
  expect(run(['bucket', 'create', 's3://data']).stdout).toBe('created s3://data in us-east-1\n');
  // Binary-safe payload: every byte value, plus text.
  const data = Buffer.concat([Buffer.from('id,name\n1,ann\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
  const file = join(dir, 'payload.bin');
  writeFileSync(file, data);
  return { wh, dir, run, file, data };
}

describe('aegis bucket / object (built binary)', { timeout: 300_000 }, () => {
  it('creates and lists buckets with their regions', () => {
    const { run } = setup();
    expect(run(['bucket', 'create', 's3://eu-data', '--region', 'eu-west-1']).stdout).toBe('created s3://eu-data in eu-west-1\n');
    expect(run(['bucket', 'ls']).stdout).toBe('BUCKET   REGION\ndata     us-east-1\neu-data  eu-west-1\n');
    const bad = run(['bucket', 'create', 'data']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^ERROR INVALID_ARGUMENT: Not an S3 URI: 'data'/);
    const dup = run(['bucket', 'create', 's3://data']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^ERROR ALREADY_EXISTS: /);
  });

  it('bucket create --policy: a Deny on unencrypted PutObject makes put without --sse ACCESS_DENIED', () => {
    const { run, dir, file, data } = setup();
    const pol = join(dir, 'policy.json');
    writeFileSync(
      pol,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'DenyUnencrypted', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::secure/*', Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } } },
        ],
      }),
    );
    expect(run(['bucket', 'create', 's3://secure', '--policy', pol]).code).toBe(0);
    const denied = run(['object', 'put', 's3://secure/a', file]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^ERROR ACCESS_DENIED: /);
    expect(run(['object', 'put', 's3://secure/a', file, '--sse', 'SSE_KMS']).code).toBe(0);
    expect(run(['object', 'get', 's3://secure/a']).stdoutBytes.equals(data)).toBe(true);
    const badPol = join(dir, 'bad.json');
    writeFileSync(badPol, '{"Statement": [');
    expect(run(['bucket', 'create', 's3://other', '--policy', badPol]).stderr).toMatch(/^ERROR INVALID_ARGUMENT: Cannot read bucket policy/);
  });

  it('round-trips plain, SSE-S3, SSE-KMS and CSE-KMS objects byte for byte; head reports each mode', () => {
    const { run, file, data } = setup();
    const key = JSON.parse(run(['kms', 'create-key', '--alias', 'cse']).stdout) as { arn: string };
    const puts: [string, string[], string, string | null][] = [
      ['plain', [], 'NONE', null],
      ['sse-s3', ['--sse', 'SSE_S3'], 'SSE_S3', null],
      ['sse-kms-named', ['--sse', 'SSE_KMS', '--kms-key', 'alias/cse'], 'SSE_KMS', key.arn],
      ['cse-meta', ['--cse-kms', '--kms-key', 'alias/cse'], 'CSE_KMS', key.arn],
      ['cse-instr', ['--cse-kms', '--kms-key', key.arn, '--instruction-file'], 'CSE_KMS', key.arn],
    ];
    for (const [name, flags, mode, keyId] of puts) {
      const p = run(['object', 'put', `s3://data/t/${name}`, file, ...flags]);
      expect(p.stderr, name).toBe('');
      expect(JSON.parse(p.stdout)).toMatchObject({ uri: `s3://data/t/${name}`, size: data.length });
      const g = run(['object', 'get', `s3://data/t/${name}`]);
      expect(g.code, name).toBe(0);
      expect(g.stdoutBytes.equals(data), name).toBe(true);
      const h = JSON.parse(run(['object', 'head', `s3://data/t/${name}`]).stdout) as HeadJson;
      expect(h.mode, name).toBe(mode);
      expect(h.keyId, name).toBe(keyId);
      expect(h.region).toBe('us-east-1');
      expect(h.decision.action, name).toBe('read');
    }
    // CSE bodies are ciphertext: tag appended, plaintext not visible
    const cseHead = JSON.parse(run(['object', 'head', 's3://data/t/cse-meta']).stdout) as HeadJson;
    expect(cseHead.size).toBe(data.length + 16);
    expect(cseHead.decision).toEqual({ action: 'read', decrypt: 'client' });
    const ls = run(['object', 'ls', 's3://data/t/']);
    expect(ls.stdout.trim().split('\n').map((l) => l.split(/\s+/)[2])).toEqual([
      's3://data/t/cse-instr',
      's3://data/t/cse-instr.instruction',
      's3://data/t/cse-meta',
      's3://data/t/plain',
      's3://data/t/sse-kms-named',
      's3://data/t/sse-s3',
    ]);
    const out = join(tmp(), 'out.bin');
    expect(run(['object', 'get', 's3://data/t/cse-instr', '--output', out]).code).toBe(0);
    expect(readFileSync(out).equals(data)).toBe(true);
  });

  it('SSE-KMS without a key creates and uses the AWS-managed alias/aws/s3 key', () => {
    const { run, file, data } = setup();
    expect(run(['object', 'put', 's3://data/k', file, '--sse', 'SSE_KMS']).code).toBe(0);
    const keys = JSON.parse(run(['kms', 'list-keys', '--json']).stdout) as { arn: string; aliases: string[]; managed: boolean }[];
    expect(keys.length).toBe(1);
    expect(keys[0]).toMatchObject({ aliases: ['alias/aws/s3'], managed: true });
    const h = JSON.parse(run(['object', 'head', 's3://data/k']).stdout) as HeadJson;
    expect(h).toMatchObject({ mode: 'SSE_KMS', keyId: keys[0]!.arn });
    // usable by any principal, as in AWS
    expect(run(['object', 'get', 's3://data/k'], 'bob').stdoutBytes.equals(data)).toBe(true);
  });

  it('refuses SSE-C, cross-region, a principal without kms:Decrypt and a disabled key with one ERROR line', () => {
    const { run, file, dir, data } = setup();
    const keyFile = join(dir, 'ssec.key');
    writeFileSync(keyFile, Buffer.alloc(32, 7).toString('base64'));
    expect(run(['object', 'put', 's3://data/ssec', file, '--sse', 'SSE_C', '--sse-c-key-file', keyFile]).code).toBe(0);
    run(['kms', 'create-key', '--alias', 'mine']);
    expect(run(['object', 'put', 's3://data/cse', file, '--cse-kms', '--kms-key', 'alias/mine']).code).toBe(0);
    expect(run(['bucket', 'create', 's3://eu-data', '--region', 'eu-west-1']).code).toBe(0);
    expect(run(['object', 'put', 's3://eu-data/x', file, '--region', 'eu-west-1']).code).toBe(0);

    const expectError = (r: CliResult, re: RegExp): void => {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n').length).toBe(1);
    };
    expectError(run(['object', 'get', 's3://data/ssec']), /^ERROR UNSUPPORTED_ENCRYPTION: s3:\/\/data\/ssec is encrypted with SSE-C/);
    expectError(run(['object', 'get', 's3://eu-data/x']), /^ERROR CROSS_REGION: .*eu-west-1.*us-east-1/);
    expectError(run(['object', 'get', 's3://data/cse'], 'bob'), /^ERROR ACCESS_DENIED: .*'bob'.*kms:Decrypt.*arn:aws:kms:us-east-1:000000000000:key\//);
    expectError(run(['object', 'get', 's3://data/nope']), /^ERROR NOT_FOUND: /);

    const ssecHead = JSON.parse(run(['object', 'head', 's3://data/ssec']).stdout) as HeadJson;
    expect(ssecHead).toMatchObject({ mode: 'SSE_C', decision: { action: 'refuse', code: 'UNSUPPORTED_ENCRYPTION' } });
    const euHead = JSON.parse(run(['object', 'head', 's3://eu-data/x']).stdout) as HeadJson;
    expect(euHead).toMatchObject({ region: 'eu-west-1', decision: { action: 'refuse', code: 'CROSS_REGION' } });
    const bobHead = JSON.parse(run(['object', 'head', 's3://data/cse'], 'bob').stdout) as HeadJson;
    expect(bobHead.decision).toMatchObject({ action: 'refuse', code: 'ACCESS_DENIED' });

    expect(run(['kms', 'grant', 'alias/mine', 'bob', 'kms:Decrypt']).code).toBe(0);
    expect(run(['object', 'get', 's3://data/cse'], 'bob').stdoutBytes.equals(data)).toBe(true);
    expect(run(['kms', 'disable', 'alias/mine']).code).toBe(0);
    expectError(run(['object', 'get', 's3://data/cse']), /^ERROR KMS_DISABLED: /);
  });

  it('rejects inconsistent put flags before writing anything', () => {
    const { run, file } = setup();
    const cases: [string[], RegExp][] = [
      [['--cse-kms'], /--cse-kms needs --kms-key/],
      [['--sse', 'SSE_X'], /--sse must be SSE_S3, SSE_KMS or SSE_C/],
      [['--sse', 'SSE_C'], /--sse SSE_C needs --sse-c-key-file/],
      [['--kms-key', 'alias/x'], /--kms-key goes with --sse SSE_KMS or --cse-kms/],
      [['--instruction-file'], /--instruction-file applies to --cse-kms only/],
    ];
    for (const [flags, re] of cases) {
      const r = run(['object', 'put', 's3://data/x', file, ...flags]);
      expect(r.code, flags.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^ERROR INVALID_ARGUMENT: /);
      expect(r.stderr).toMatch(re);
    }
    expect(run(['object', 'ls', 's3://data/']).stdout).toBe('');
  });

  it('no CLI output or audit line ever carries keyring material', () => {
    const { run, file, wh } = setup();
    const outputs: string[] = [];
    const keep = (r: CliResult): void => void outputs.push(r.stdout, r.stderr);
    keep(run(['kms', 'create-key', '--alias', 'a']));
    keep(run(['object', 'put', 's3://data/x', file, '--cse-kms', '--kms-key', 'alias/a']));
    keep(run(['object', 'put', 's3://data/y', file, '--sse', 'SSE_KMS']));
    keep(run(['kms', 'rotate', 'alias/a']));
    keep(run(['kms', 'list-keys', '--json']));
    keep(run(['object', 'head', 's3://data/x']));
    keep(run(['kms', 'audit']));
    const ring = JSON.parse(readFileSync(join(wh, 'kms', 'keyring.json'), 'utf8')) as { keys: { versions: { material: string }[] }[] };
    const materials = ring.keys.flatMap((k) => k.versions.map((v) => Buffer.from(v.material, 'base64')));
    expect(materials.length).toBe(3);
    const all = outputs.join('\n') + readFileSync(join(wh, 'kms', 'audit.log'), 'latin1');
    for (const m of materials) for (const f of [m.toString('hex'), m.toString('base64'), m.toString('base64url')]) expect(all.includes(f)).toBe(false);
  });

  it('streams a multi-megabyte object to stdout intact, and exits quietly when the reader stops early', async () => {
    const { spawn } = await import('node:child_process');
    const { randomBytes } = await import('node:crypto');
    const { run, dir, wh } = setup();
    const big = randomBytes(3 * 1024 * 1024 + 17);
    const file = join(dir, 'big.bin');
    writeFileSync(file, big);
    expect(run(['object', 'put', 's3://data/big', file, '--sse', 'SSE_S3']).code).toBe(0);
    expect(run(['object', 'get', 's3://data/big']).stdoutBytes.equals(big)).toBe(true);
    const bin = join(fileURLToPath(new URL('../../..', import.meta.url)), 'bin', 'aegis.js');
    // The reader takes a few bytes and closes the pipe, as `| head -c 5` does.
    const child = spawn(process.execPath, [bin, 'object', 'get', 's3://data/big', '--warehouse', wh], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});

