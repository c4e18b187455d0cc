/**
 * Preflight tells the truth: over every table of the demo warehouse, for its owner and for a
 * principal the demo's KMS key does not grant, preflight's verdict equals the query's outcome —
 * readable exactly when `SELECT count(*)` succeeds, and refused with the code the query fails
 * with. CLI (`aegis preflight`) and library (`db.preflight`) give the same report, and every
 * SSE-KMS and CSE-KMS object has its key named.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type AegisRuntime } from '../../../src/api/open-engine.js';
import { preflightNamedTable } from '../../../src/api/preflight-table.js';
import { resolveConfig } from '../../../src/config.js';
import { AegisError, connect } from '../../../src/index.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import { buildDemoWarehouse, DEMO_KEY_ALIAS } from '../../../datasets/demo-warehouse.js';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';

let dir: string;
let wh: string;
const tables: string[] = [];

const open = (principal: string): AegisRuntime => openEngine(resolveConfig({ warehouse: wh, principal }, { cwd: dir, env: {} }), { inProcess: true });

beforeAll(async () => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'aegis-preflight-truth-'));
  wh = join(dir, 'wh');
  const rt = open('owner');
  const euStore = new LocalStore({ root: wh, region: 'eu-west-1', kms: rt.kms, principal: 'owner' });
  try {
    await buildDemoWarehouse({
      store: rt.store,
      euStore,
      kms: rt.kms,
      createKey: async () => (await rt.kms.createKey({ alias: DEMO_KEY_ALIAS })).arn,
      sql: (s) => rt.engine.execute(s),
      scale: 0.001,
    });
    for (const db of rt.catalog.listDatabases()) for (const t of rt.catalog.listTables(db.name)) tables.push(`${db.name}.${t.name}`);
  } finally {
    await euStore.close();
    await rt.close();
  }
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the query does: undefined when it succeeds, else its error code. */
async function queryOutcome(rt: AegisRuntime, table: string): Promise<string | undefined> {
  try {
    await rt.engine.execute(`SELECT count(*) FROM ${table}`);
    return undefined;
  } catch (e) {
    if (e instanceof AegisError) return e.code;
    throw e;
  }
}

describe('preflight verdict = query outcome, demo warehouse', { timeout: 300_000 }, () => {
  for (const principal of ['owner', 'mallory']) {
    it(`for principal ${principal}`, async () => {
      expect(tables.length).toBeGreaterThan(8);
      const rt = open(principal);
      const seen: Record<string, string> = {};
      try {
        for (const t of tables) {
          const report = await preflightNamedTable(rt, t);
          const refused = report.find((e) => e.verdict === 'refused');
          const outcome = await queryOutcome(rt, t);
          seen[t] = outcome ?? 'ok';
          expect({ table: t, preflight: refused?.code ?? 'ok' }).toEqual({ table: t, preflight: outcome ?? 'ok' });
          for (const e of report) if (e.mode === 'SSE_KMS' || e.mode === 'CSE_KMS') expect(e.keyId, `${t} ${e.uri}`).toMatch(/^arn:aws:kms:/);
        }
      } finally {
        await rt.close();
      }
      // The denied principal is what makes this test bite: the CMK's tables are refused for it.
      const denied = Object.entries(seen).filter(([, o]) => o === 'ACCESS_DENIED').map(([t]) => t);
      if (principal === 'mallory') expect(denied).toEqual(expect.arrayContaining(['tpch.lineitem', 'tpch.partsupp']));
      else expect(denied).toEqual([]);
    });
  }

  it('aegis preflight and db.preflight() agree (CLI exit code 1 and ACCESS_DENIED for the denied principal)', async () => {
    const db = await connect({ warehouse: wh, principal: 'mallory', workers: 0 });
    try {
      const lib = await db.preflight('tpch.lineitem');
      const cli = aegis(['preflight', 'tpch.lineitem', '--json', '--warehouse', wh, '--principal', 'mallory'], { cwd: dir });
      expect(cli.code).toBe(1);
      expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify(lib)));
      expect(lib.every((e) => e.verdict === 'refused' && e.code === 'ACCESS_DENIED' && e.keyId?.startsWith('arn:aws:kms:'))).toBe(true);
    } finally {
      await db.close();
    }
  });
});
