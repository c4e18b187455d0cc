/**
 * Query timeouts: `--query-timeout` (client) and a workgroup's QueryTimeoutSeconds stop a
 * CPU-bound query with QUERY_TIMEOUT; the execution ends FAILED and no result object is left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type AegisRuntime } from '../../../src/api/open-engine.js';
import { resolveConfig } from '../../../src/config.js';
import { AegisError } from '../../../src/errors.js';

const HEAVY = 'SELECT count(*) FROM UNNEST(sequence(1, 5000)) a(x) CROSS JOIN UNNEST(sequence(1, 5000)) b(y) CROSS JOIN UNNEST(sequence(1, 100)) c(z) WHERE x + y + z > 0';

let dir: string;
let rt: AegisRuntime;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-timeout-'));
  rt = openEngine(resolveConfig({ warehouse: dir, workers: '1', 'query-timeout': '0.3' }, { env: {}, cwd: dir }), { inProcess: true });
});
afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<AegisError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AegisError);
    return e as AegisError;
  }
  throw new Error('expected the query to fail');
}

describe('query timeout', () => {
  it('--query-timeout stops a CPU-bound query with QUERY_TIMEOUT; FAILED in history, no result object', async () => {
    const e = await failure(rt.execute(HEAVY));
    expect(e.code).toBe('QUERY_TIMEOUT');
    const rec = rt.catalog.getExecution(e.details.queryId as string)!;
    expect(rec.state).toBe('FAILED');
    expect(rec.errorCode).toBe('QUERY_TIMEOUT');
    const listed = await rt.store.list('aegis-results-us-east-1', { prefix: rec.id });
    expect(listed.objects).toEqual([]);
    // Quick queries are unaffected.
    expect((await rt.execute('SELECT 1 AS one')).result.rows).toEqual([[1]]);
  });

  it("a workgroup's QueryTimeoutSeconds applies too (the smaller limit wins)", async () => {
    rt.catalog.createWorkgroup({ name: 'short', configuration: { QueryTimeoutSeconds: 0.2 } });
    const e = await failure(rt.execute(HEAVY, { workgroup: 'short', timeoutMs: 60_000 }));
    expect(e.code).toBe('QUERY_TIMEOUT');
  });

  it('refuses a timeout that is not a positive number of seconds', () => {
    expect(() => resolveConfig({ warehouse: dir, 'query-timeout': 'soon' }, { env: {}, cwd: dir })).toThrow(/query-timeout/);
  });
});
