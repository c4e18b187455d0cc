import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aegis, buildCli } from './run-cli.js';

// Each test runs the binary many times; on a busy 2-core machine one run can take seconds.
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'aegis-cli-'));
  dirs.push(d);
  return d;
};
beforeAll(() => buildCli(), 120_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface KeyJson {
  keyId: string;
  arn: string;
  aliases: string[];
  keyState: string;
  keyVersions: number;
  deletionDate?: string;
  policy: { grants: { principal: string; actions: string[] }[] };
}

describe('aegis kms (built binary)', { timeout: 300_000 }, () => {
  it('creates, lists, disables, enables and rotates keys in the warehouse', () => {
    const wh = tmp();
    const g = ['--warehouse', wh, '--principal', 'alice'];
    const c = aegis(['kms', 'create-key', '--alias', 'orders', '--description', 'Order data', ...g]);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    const key = JSON.parse(c.stdout) as KeyJson;
    expect(key.arn).toBe(`arn:aws:kms:us-east-1:000000000000:key/${key.keyId}`);
    expect(key.aliases).toEqual(['alias/orders']);
    expect(key.policy.grants).toEqual([{ principal: 'alice', actions: ['kms:*'] }]);
    expect(existsSync(join(wh, 'kms', 'keyring.json'))).toBe(true);

    const ls = aegis(['kms', 'list-keys', ...g]);
    expect(ls.code).toBe(0);
    const lines = ls.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^KEY ID\s+STATE\s+VERSIONS\s+ALIASES\s+DESCRIPTION$/);
    expect(lines[1]).toMatch(new RegExp(`^${key.keyId}\\s+Enabled\\s+1\\s+alias/orders\\s+Order data$`));

    expect((JSON.parse(aegis(['kms', 'disable', 'alias/orders', ...g]).stdout) as KeyJson).keyState).toBe('Disabled');
    expect((JSON.parse(aegis(['kms', 'enable', key.arn, ...g]).stdout) as KeyJson).keyState).toBe('Enabled');
    expect((JSON.parse(aegis(['kms', 'rotate', key.keyId, ...g]).stdout) as KeyJson).keyVersions).toBe(2);
    const listed = JSON.parse(aegis(['kms', 'list-keys', '--json', ...g]).stdout) as KeyJson[];
    expect(listed.map((k) => [k.keyId, k.keyState, k.keyVersions])).toEqual([[key.keyId, 'Enabled', 2]]);
  });

  it('grants, schedules deletion and shows the audit log; errors are one ERROR line with exit 1', () => {
    const wh = tmp();
    const env = { AEGIS_WAREHOUSE: wh, AEGIS_PRINCIPAL: 'alice' };
    expect(aegis(['kms', 'create-key', '--alias=alias/sales'], { env }).code).toBe(0);

    const denied = aegis(['kms', 'disable', 'alias/sales', '--principal', 'bob'], { env });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toBe('');
    expect(denied.stderr).toMatch(/^ERROR ACCESS_DENIED: User: bob is not authorized to perform: kms:DisableKey on resource: arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f-]{36} .*\n$/);
    expect(denied.stderr.split('\n').length).toBe(2);

    const gr = aegis(['kms', 'grant', 'alias/sales', 'bob', 'kms:Decrypt,GenerateDataKey'], { env });
    expect(gr.code).toBe(0);
    expect((JSON.parse(gr.stdout) as KeyJson).policy.grants).toContainEqual({ principal: 'bob', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] });
    const badAction = aegis(['kms', 'grant', 'alias/sales', 'bob', 'kms:Fly'], { env });
    expect(badAction.code).toBe(1);
    expect(badAction.stderr).toMatch(/^ERROR INVALID_ARGUMENT: Unknown KMS action 'kms:Fly'/);

    const sd = aegis(['kms', 'schedule-deletion', 'alias/sales', '--days', '7'], { env });
    expect(sd.code).toBe(0);
    const sk = JSON.parse(sd.stdout) as KeyJson;
    expect(sk.keyState).toBe('PendingDeletion');
    expect(Math.round((Date.parse(sk.deletionDate!) - Date.now()) / 86_400_000)).toBe(7);
    const again = aegis(['kms', 'enable', 'alias/sales'], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^ERROR KMS_INVALID_STATE: /);
    expect(aegis(['kms', 'schedule-deletion', 'alias/sales', '--days', '3'], { env }).stderr).toMatch(/^ERROR INVALID_ARGUMENT: Flag --days must be an integer 7–30/);

    const audit = aegis(['kms', 'audit'], { env });
    expect(audit.code).toBe(0);
    const entries = audit.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; principal: string; outcome: string; errorCode?: string });
    expect(entries.map((e) => `${e.action}/${e.principal}/${e.outcome}/${e.errorCode ?? ''}`)).toEqual([
      'CreateKey/alice/success/',
      'DisableKey/bob/error/AccessDeniedException',
      'PutKeyPolicy/alice/success/',
      'PutKeyPolicy/alice/error/ValidationException',
      'ScheduleKeyDeletion/alice/success/',
      'EnableKey/alice/error/KMSInvalidStateException',
      // --days 3 was refused by the CLI before any KMS call: nothing to audit.
    ]);
    const denials = aegis(['kms', 'audit', '--errors', '--action', 'kms:DisableKey'], { env }).stdout.trim().split('\n');
    expect(denials.map((l) => (JSON.parse(l) as { principal: string }).principal)).toEqual(['bob']);
    const byKey = aegis(['kms', 'audit', '--key', 'alias/sales', '--action', 'PutKeyPolicy'], { env }).stdout.trim().split('\n');
    expect(byKey.length).toBe(2);
    const tail = aegis(['kms', 'audit', '--tail', '2'], { env });
    expect(tail.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { action: string }).action)).toEqual(['ScheduleKeyDeletion', 'EnableKey']);
  });

  it('creates a key with a policy file', () => {
    const wh = tmp();
    const pol = join(wh, 'policy.json');
    writeFileSync(pol, JSON.stringify({ grants: [{ principal: '*', actions: ['kms:Decrypt'] }] }));
    const r = aegis(['kms', 'create-key', '--policy', pol, '--warehouse', wh, '--principal', 'admin']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as KeyJson).policy.grants).toEqual([{ principal: '*', actions: ['kms:Decrypt'] }]);
  });

  it('usage errors: unknown command, unknown flag, missing argument, bad config', () => {
    const wh = tmp();
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^ERROR INVALID_ARGUMENT: Unknown command 'frobnicate'/],
      [['kms', 'explode', '--warehouse', wh], /^ERROR INVALID_ARGUMENT: Unknown command 'aegis kms explode'/],
      [['kms', 'list-keys', '--colour', 'red', '--warehouse', wh], /^ERROR INVALID_ARGUMENT: Unknown flag --colour for 'aegis kms list-keys'/],
      [['kms', 'disable', '--warehouse', wh], /^ERROR INVALID_ARGUMENT: Missing <key>\. Usage: aegis kms disable <key>/],
      [['kms', 'disable', 'alias/none', '--warehouse', wh], /^ERROR NOT_FOUND: Key 'alias\/none' does not exist/],
      [['kms', 'list-keys', '--storage', 'ftp', '--warehouse', wh], /^ERROR INVALID_ARGUMENT: storage must be one of local, s3/],
      [['kms', 'list-keys', '--warehouse'], /^ERROR INVALID_ARGUMENT: Flag --warehouse needs a value/],
    ];
    for (const [args, re] of cases) {
      const r = aegis(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(re);
      expect(r.stderr.trim().split('\n').length).toBe(1);
    }
  });

  it('reads aegis.config.json from the working directory; --help and --version print and exit 0', () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'aegis.config.json'), JSON.stringify({ warehouse: 'wh', principal: 'cfg-user', region: 'eu-west-1' }));
    const r = aegis(['kms', 'create-key'], { cwd });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as KeyJson).arn).toMatch(/^arn:aws:kms:eu-west-1:/);
    expect(existsSync(join(cwd, 'wh', 'kms', 'keyring.json'))).toBe(true);
    const help = aegis(['kms', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('schedule-deletion <key> [--days 7-30]');
    const top = aegis(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^\s+kms\s+create, list/m);
    expect(aegis(['--version']).stdout).toBe('aegis 0.1.0\n');
  });
});

describe('aegis kms: several processes on one warehouse', { timeout: 300_000 }, () => {
  it('concurrent create-key runs lose no key (locked, atomic keyring writes)', async () => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const wh = tmp();
    const bin = fileURLToPath(new URL('../../../bin/aegis.js', import.meta.url));
    const runOne = (i: number): Promise<number> =>
      new Promise((resolve, reject) => {
        const p = spawn(process.execPath, [bin, 'kms', 'create-key', '--alias', `alias/p${i}`, '--warehouse', wh, '--principal', 'alice'], { stdio: 'ignore' });
        p.on('error', reject);
        p.on('exit', (code) => resolve(code ?? -1));
      });
    const codes = await Promise.all([0, 1, 2, 3, 4, 5].map(runOne));
    expect(codes).toEqual([0, 0, 0, 0, 0, 0]);
    const keys = JSON.parse(aegis(['kms', 'list-keys', '--json', '--warehouse', wh, '--principal', 'alice']).stdout) as { aliases: string[] }[];
    expect(keys.flatMap((k) => k.aliases).sort()).toEqual(['alias/p0', 'alias/p1', 'alias/p2', 'alias/p3', 'alias/p4', 'alias/p5']);
    const audit = aegis(['kms', 'audit', '--warehouse', wh, '--principal', 'alice']).stdout.trim().split('\n');
    expect(audit.length).toBe(7); // 6 CreateKey + 1 ListKeys, each line whole JSON
    for (const line of audit) expect(() => JSON.parse(line)).not.toThrow();
  });
});
