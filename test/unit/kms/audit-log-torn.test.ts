/**
 * A writer killed mid-entry leaves a torn last line in the audit log: reads skip it and say
 * which line, and the next entry starts on a line of its own.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/kms/audit-log.js';

const dir = mkdtempSync(join(tmpdir(), 'aegis-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit log with a torn line', () => {
  it('skips and reports the torn line; new entries start on a new line', async () => {
    const log = new AuditLog(join(dir, 'kms', 'audit.log'));
    await log.append({ action: 'Encrypt', principal: 'p', outcome: 'success' });
    appendFileSync(log.path, '{"eventTime":"2026-01-01T00:00:00Z","action":"Decr'); // killed here
    await log.append({ action: 'Decrypt', principal: 'p', outcome: 'success' });
    const lines = readFileSync(log.path, 'utf8').split('\n');
    expect(lines[1]).toBe('{"eventTime":"2026-01-01T00:00:00Z","action":"Decr');
    expect(JSON.parse(lines[2]!).action).toBe('Decrypt');
    const entries = await log.read();
    expect(entries.map((e) => e.action)).toEqual(['Encrypt', 'Decrypt']);
    expect(log.skippedLines).toEqual([2]);
    expect((await log.read(1)).map((e) => e.action)).toEqual(['Decrypt']);
  });
});
