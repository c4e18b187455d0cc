/**
 * The encryption a scan of one table requires, from the table's properties and the engine's scan
 * environment:
 *  - `has_encrypted_data='true'` (or `encryption_option='CSE_KMS'`): every object must be CSE-KMS,
 *    the meaning Athena gives the property. A plain or SSE-only object in such a table was
 *    replaced or written without the client, and is refused rather than parsed.
 *  - the environment's `requireEncryption` (the engine's or the query's workgroup's setting): no
 *    object may be stored unencrypted.
 *  - `'aegis.allow_legacy_cse'='true'` or the environment's `allowLegacyCse`: read legacy,
 *    unauthenticated AES-CBC CSE-KMS objects (refused otherwise).
 */
import type { TableMeta } from '../catalog/catalog.js';
import { ALLOW_LEGACY_CSE_PROPERTY, type ReadPolicy } from '../crypto/index.js';

/** What the engine adds to every table's policy (set on the scan environment). */
export interface EnginePolicy {
  /**
   * Refuse objects stored without any encryption (ENCRYPTION_REQUIRED). A string says why (e.g.
   * "workgroup secure requires encryption"); `true` is the engine's setting.
   */
  readonly requireEncryption?: boolean | string;
  /** Read legacy AES-CBC CSE-KMS objects in every table. */
  readonly allowLegacyCse?: boolean;
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && v.trim().toLowerCase() === 'true';
}

/** True when the table declares its data client-side encrypted (Athena's two spellings). */
export function expectsClientSide(parameters: Readonly<Record<string, string>>): boolean {
  return isTrue(parameters.has_encrypted_data) || parameters.encryption_option?.trim().toUpperCase() === 'CSE_KMS';
}

export function tableReadPolicy(table: Pick<TableMeta, 'database' | 'name' | 'parameters'>, engine: EnginePolicy = {}): ReadPolicy {
  const p = table.parameters;
  const name = `${table.database}.${table.name}`;
  const policy: ReadPolicy = {};
  if (expectsClientSide(p)) {
    policy.requireClientSide = isTrue(p.has_encrypted_data)
      ? `table ${name} has has_encrypted_data='true'`
      : `table ${name} has encryption_option='CSE_KMS'`;
  }
  if (engine.requireEncryption) policy.requireEncryption = typeof engine.requireEncryption === 'string' ? engine.requireEncryption : 'the engine requires encryption';
  if (engine.allowLegacyCse || isTrue(p[ALLOW_LEGACY_CSE_PROPERTY])) policy.allowLegacyCse = true;
  return policy;
}
