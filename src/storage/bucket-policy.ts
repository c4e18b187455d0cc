/**
 * S3 bucket policies as LocalStore enforces them: the `Deny` statements of an S3 policy document.
 * The bucket owner (every LocalStore principal) is otherwise allowed everything, so `Allow`
 * statements are accepted and have no effect.
 *
 * Supported: `Principal` (`*`, `{"AWS": "*" | name | ARN | [...]}`), `Action` / `NotAction`-free
 * action lists with `*` / `?` wildcards (`s3:PutObject`, `s3:*`), `Resource` ARNs with wildcards
 * (`arn:aws:s3:::bucket/*`), and `Condition` operators `Null`, `StringEquals`,
 * `StringNotEquals`, `StringLike`, `StringNotLike` (each optionally `…IfExists`) over the request
 * keys `s3:x-amz-server-side-encryption` and `s3:x-amz-server-side-encryption-aws-kms-key-id`.
 * A policy using anything else is rejected when it is set (S3's MalformedPolicy), so a Deny can
 * never be silently skipped.
 */
import { AegisError } from '../errors.js';

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

interface Statement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  principals: string[];
  actions: RegExp[];
  resources: RegExp[];
  condition: ConditionBlock;
}

export interface PolicyRequest {
  action: string;
  /** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`. */
  resource: string;
  principal: string;
  /** Condition keys present in the request, e.g. `s3:x-amz-server-side-encryption`. */
  context: Record<string, string | undefined>;
}

const OPERATORS = new Set(['Null', 'StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike']);
const KEYS = new Set(['s3:x-amz-server-side-encryption', 's3:x-amz-server-side-encryption-aws-kms-key-id']);

function list(v: unknown, what: string): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw malformed(`${what} must be a string or a list of strings`);
}

function malformed(why: string): AegisError {
  return new AegisError('INVALID_ARGUMENT', `Malformed bucket policy: ${why}.`, { reason: 'MalformedPolicy' });
}

function glob(pattern: string): RegExp {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's');
}

/** A parsed, validated bucket policy. */
export class BucketPolicy {
  private constructor(
    readonly document: unknown,
    private readonly statements: Statement[],
  ) {}

  /** Parses a policy document (object or JSON text); INVALID_ARGUMENT if malformed or unsupported. */
  static parse(doc: unknown): BucketPolicy {
    const obj = typeof doc === 'string' ? safeJson(doc) : doc;
    if (!obj || typeof obj !== 'object') throw malformed('the document must be a JSON object');
    const raw = (obj as { Statement?: unknown }).Statement;
    const stmts = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : null;
    if (!stmts) throw malformed('missing Statement');
    return new BucketPolicy(obj, stmts.map(parseStatement));
  }

  /** The Sid (or index) of the first Deny statement that applies to `req`, or null. */
  deniedBy(req: PolicyRequest): string | null {
    for (let i = 0; i < this.statements.length; i++) {
      const s = this.statements[i]!;
      if (s.effect !== 'Deny') continue;
      if (!s.principals.some((p) => principalMatches(p, req.principal))) continue;
      if (!s.actions.some((a) => a.test(req.action))) continue;
      if (!s.resources.some((r) => r.test(req.resource))) continue;
      if (!conditionHolds(s.condition, req.context)) continue;
      return s.sid ?? `statement ${i}`;
    }
    return null;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw malformed('not valid JSON');
  }
}

function parseStatement(raw: unknown): Statement {
  if (!raw || typeof raw !== 'object') throw malformed('a statement must be an object');
  const s = raw as Record<string, unknown>;
  for (const k of ['NotAction', 'NotResource', 'NotPrincipal']) if (k in s) throw malformed(`${k} is not supported`);
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed('Effect must be Allow or Deny');
  let principals: string[];
  if (s.Principal === '*') principals = ['*'];
  else if (s.Principal && typeof s.Principal === 'object' && 'AWS' in s.Principal) principals = list((s.Principal as { AWS: unknown }).AWS, 'Principal.AWS');
  else throw malformed('Principal must be "*" or {"AWS": …}');
  const condition = (s.Condition ?? {}) as ConditionBlock;
  if (typeof condition !== 'object') throw malformed('Condition must be an object');
  for (const [op, keys] of Object.entries(condition)) {
    const base = op.endsWith('IfExists') ? op.slice(0, -'IfExists'.length) : op;
    if (!OPERATORS.has(base)) throw malformed(`condition operator ${op} is not supported`);
    if (!keys || typeof keys !== 'object') throw malformed(`condition ${op} must map keys to values`);
    for (const [k, v] of Object.entries(keys)) {
      if (!KEYS.has(k.toLowerCase())) throw malformed(`condition key ${k} is not supported`);
      list(v, `Condition.${op}.${k}`);
    }
  }
  return {
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect,
    principals,
    actions: list(s.Action, 'Action').map((a) => new RegExp(glob(a).source, 'is')),
    resources: list(s.Resource, 'Resource').map(glob),
    condition,
  };
}

function principalMatches(p: string, principal: string): boolean {
  return p === '*' || p === principal || p.endsWith(`:user/${principal}`);
}

/** All operators of a block must hold (AND); any value of a key may match (OR), as in IAM. */
function conditionHolds(block: ConditionBlock, ctx: Record<string, string | undefined>): boolean {
  for (const [op, keys] of Object.entries(block)) {
    const ifExists = op.endsWith('IfExists');
    const base = ifExists ? op.slice(0, -'IfExists'.length) : op;
    for (const [k, v] of Object.entries(keys)) {
      const values = list(v, k);
      const actual = ctx[k.toLowerCase()];
      if (base === 'Null') {
        // "Null": "true" holds when the key is absent.
        if (!values.some((x) => String(x).toLowerCase() === String(actual === undefined))) return false;
        continue;
      }
      if (actual === undefined) {
        // IAM: a missing key fails positive operators and satisfies negated ones; IfExists holds.
        if (ifExists) continue;
        if (base === 'StringNotEquals' || base === 'StringNotLike') continue;
        return false;
      }
      const eq = base.endsWith('Like') ? values.some((x) => glob(x).test(actual)) : values.includes(actual);
      if (base.startsWith('StringNot') ? eq : !eq) return false;
    }
  }
  return true;
}
