/**
 * The scan policy of the running query execution: what its workgroup adds to every table's read
 * policy (today, the workgroup's require-encryption option).
 *
 * Why an async context: the binder resolves tables through a catalog view fixed when the engine
 * is built, while the workgroup is known per execution, and one engine runs executions of several
 * workgroups at once (the Athena server). The execution's policy travels with its async calls to
 * the table sources the binder makes for it; each scan then carries the resulting read policy in
 * its splits (plain data), so worker threads need no context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ScanEnvironment } from './scan-environment.js';

export interface QueryScanPolicy {
  /** Refuse objects stored without encryption; the value says why (names the workgroup). */
  readonly requireEncryption?: string;
}

const current = new AsyncLocalStorage<QueryScanPolicy>();

/** Runs `fn` (one query execution) under `policy`. */
export function runWithQueryScanPolicy<T>(policy: QueryScanPolicy, fn: () => Promise<T>): Promise<T> {
  return current.run(policy, fn);
}

/** The policy of the query execution this call belongs to, if any. */
export function queryScanPolicy(): QueryScanPolicy | undefined {
  return current.getStore();
}

/**
 * The scan environment a table source of the current execution uses: `env` plus the execution's
 * requirements. It keeps `env`'s id, so its splits still run with `env`'s store, KMS and pool.
 * An engine-wide requirement is kept (its reason names the engine).
 */
export function scanEnvironmentForQuery(env: ScanEnvironment, policy: QueryScanPolicy | undefined = queryScanPolicy()): ScanEnvironment {
  if (!policy?.requireEncryption || env.requireEncryption) return env;
  return { ...env, requireEncryption: policy.requireEncryption };
}
