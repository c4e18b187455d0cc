import { describe, expect, it } from 'vitest';
import { BucketPolicy, type PolicyRequest } from '../../../src/storage/bucket-policy.js';

const SSE = 's3:x-amz-server-side-encryption';
const KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';

function req(over: Partial<PolicyRequest> = {}, sse?: string, kmsKey?: string): PolicyRequest {
  return { action: 's3:PutObject', resource: 'arn:aws:s3:::data/x.csv', principal: 'alice', context: { [SSE]: sse, [KEY]: kmsKey }, ...over };
}

function deny(extra: Record<string, unknown>): BucketPolicy {
  return BucketPolicy.parse({ Statement: [{ Sid: 'S', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::data/*', ...extra }] });
}

describe('bucket policy', () => {
  it('StringNotEquals holds when the key is absent (IAM negated-operator semantics)', () => {
    const p = deny({ Condition: { StringNotEquals: { [SSE]: 'AES256' } } });
    expect(p.deniedBy(req())).toBe('S');
    expect(p.deniedBy(req({}, 'aws:kms'))).toBe('S');
    expect(p.deniedBy(req({}, 'AES256'))).toBeNull();
  });

  it('…IfExists holds when the key is absent, even for a positive operator', () => {
    const p = deny({ Condition: { StringEqualsIfExists: { [SSE]: 'AES256' } } });
    expect(p.deniedBy(req())).toBe('S');
    expect(p.deniedBy(req({}, 'AES256'))).toBe('S');
    expect(p.deniedBy(req({}, 'aws:kms'))).toBeNull();
    expect(deny({ Condition: { StringEquals: { [SSE]: 'AES256' } } }).deniedBy(req())).toBeNull();
  });

  it('Null "true" holds only when the key is absent; "false" only when present', () => {
    expect(deny({ Condition: { Null: { [SSE]: 'true' } } }).deniedBy(req())).toBe('S');
    expect(deny({ Condition: { Null: { [SSE]: 'true' } } }).deniedBy(req({}, 'AES256'))).toBeNull();
    expect(deny({ Condition: { Null: { [SSE]: 'false' } } }).deniedBy(req({}, 'AES256'))).toBe('S');
  });

  it('StringEquals / StringLike on the KMS key id; multiple values are OR-ed, operators AND-ed', () => {
    const p = deny({ Condition: { StringEquals: { [SSE]: 'aws:kms' }, StringNotLike: { [KEY]: ['arn:aws:kms:*:key/good-*', 'alias/ok'] } } });
    expect(p.deniedBy(req({}, 'aws:kms', 'arn:aws:kms:us-east-1:1:key/bad-1'))).toBe('S');
    expect(p.deniedBy(req({}, 'aws:kms', 'arn:aws:kms:us-east-1:1:key/good-1'))).toBeNull();
    expect(p.deniedBy(req({}, 'aws:kms', 'alias/ok'))).toBeNull();
    expect(p.deniedBy(req({}, 'AES256', 'x'))).toBeNull();
  });

  it('matches actions, resources and principals with wildcards', () => {
    const p = BucketPolicy.parse({
      Statement: [{ Effect: 'Deny', Principal: { AWS: ['arn:aws:iam::1:user/bob'] }, Action: 's3:Get*', Resource: ['arn:aws:s3:::data/secret/*'] }],
    });
    const get = { action: 's3:GetObject', resource: 'arn:aws:s3:::data/secret/a', context: {} };
    expect(p.deniedBy({ ...get, principal: 'bob' })).toBe('statement 0');
    expect(p.deniedBy({ ...get, principal: 'alice' })).toBeNull();
    expect(p.deniedBy({ ...get, principal: 'bob', resource: 'arn:aws:s3:::data/public/a' })).toBeNull();
    expect(p.deniedBy({ ...get, principal: 'bob', action: 's3:PutObject' })).toBeNull();
    expect(p.deniedBy({ ...get, principal: 'bob', action: 's3:getobject' })).toBe('statement 0');
  });

  it('Allow statements never deny', () => {
    const p = BucketPolicy.parse({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] });
    expect(p.deniedBy(req())).toBeNull();
  });

  it('rejects what it cannot enforce instead of ignoring it', () => {
    for (const bad of [
      { Statement: [{ Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' }] },
      { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '1.2.3.4' } } }] },
      { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'v' } } }] },
      { Statement: [{ Effect: 'Deny', Principal: { CanonicalUser: 'x' }, Action: 's3:PutObject', Resource: '*' }] },
      { NoStatement: true },
    ]) {
      expect(() => BucketPolicy.parse(bad)).toThrowError(/Malformed bucket policy/);
    }
  });
});
