import { kmsError } from './kms-errors.js';

/**
 * Key policies of LocalKms, a deliberately small subset of AWS key policies.
 *
 * A policy is a list of grants `{ principal, actions }`. `principal` is a principal name (as
 * given by `--principal`) or `*` (every principal). Actions are `kms:<Operation>` names or
 * `kms:*` (all). Semantics:
 * - A key created without a policy gets `[{ principal: <creator>, actions: ['kms:*'] }]`: the
 *   creating principal may do everything, others nothing until granted.
 * - A key created with a policy gets exactly that policy for use (Encrypt/Decrypt/…); the creator
 *   stays the key's administrator (may enable, disable, rotate, grant, schedule deletion) even
 *   when the policy does not name it — so a key can never become unmanageable by accident.
 * - The AWS-managed default key (`alias/aws/s3`) grants `*` the crypto actions, as AWS allows
 *   every principal of the account to use it through S3; nobody administers it.
 * - There is no deny and no special "root" principal: the OS user root is just a name.
 * - DescribeKey and ListKeys are open to every principal (metadata only, no key material).
 */
export const KMS_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'kms:DescribeKey',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:PutKeyPolicy',
  'kms:CreateAlias',
] as const;

export type KmsAction = (typeof KMS_ACTIONS)[number];

/** Actions that use key material; everything else is administration. */
export const CRYPTO_ACTIONS: readonly KmsAction[] = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'];

export interface PolicyGrant {
  principal: string;
  /** `kms:<Operation>` names, or `kms:*`. */
  actions: string[];
}

export interface KeyPolicy {
  grants: PolicyGrant[];
}

/** Validates and normalises action names (`Decrypt` → `kms:Decrypt`); INVALID_ARGUMENT otherwise. */
export function normalizeActions(actions: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of actions) {
    const a = raw.trim();
    if (!a) continue;
    const full = a.startsWith('kms:') ? a : `kms:${a}`;
    if (full !== 'kms:*' && !(KMS_ACTIONS as readonly string[]).includes(full)) {
      throw kmsError('ValidationException', `Unknown KMS action '${raw}'. Known: kms:*, ${KMS_ACTIONS.join(', ')}.`);
    }
    if (!out.includes(full)) out.push(full);
  }
  if (out.length === 0) throw kmsError('ValidationException', 'A grant needs at least one action, e.g. kms:Decrypt.');
  return out;
}

/** Validates a user-supplied policy document. */
export function parsePolicy(doc: unknown): KeyPolicy {
  const grants = (doc as { grants?: unknown })?.grants;
  if (!Array.isArray(grants)) {
    throw kmsError('ValidationException', 'A key policy is { "grants": [ { "principal": "...", "actions": ["kms:Decrypt"] } ] }.');
  }
  return {
    grants: grants.map((g: unknown) => {
      const { principal, actions } = (g ?? {}) as { principal?: unknown; actions?: unknown };
      if (typeof principal !== 'string' || !principal || !Array.isArray(actions)) {
        throw kmsError('ValidationException', 'Each policy grant needs a "principal" string and an "actions" array.');
      }
      return { principal, actions: normalizeActions(actions.map(String)) };
    }),
  };
}

/** Whether `policy` lets `principal` perform `action` (no administrator rule; see {@link isAllowed}). */
export function policyAllows(policy: KeyPolicy, principal: string, action: KmsAction): boolean {
  return policy.grants.some(
    (g) => (g.principal === principal || g.principal === '*') && (g.actions.includes(action) || g.actions.includes('kms:*')),
  );
}

/** The full permission rule: the policy, plus the creator's standing right to administer. */
export function isAllowed(
  key: { policy: KeyPolicy; creator: string; managed: boolean },
  principal: string,
  action: KmsAction,
): boolean {
  if (action === 'kms:DescribeKey') return true;
  if (!key.managed && principal === key.creator && !CRYPTO_ACTIONS.includes(action)) return true;
  return policyAllows(key.policy, principal, action);
}
