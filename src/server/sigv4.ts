/**
 * Verifies AWS Signature Version 4 on Athena API requests, as AWS does: the canonical request
 * (method, path, query, signed headers, payload hash), the credential scope's date, region and
 * service, the signing key from the secret, and the request time within 15 minutes.
 *
 * Failures are AWS's: MissingAuthenticationTokenException (no signature),
 * UnrecognizedClientException (unknown access key), InvalidSignatureException (anything that
 * does not match, or an expired request).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AwsServiceError } from './aws-error.js';

export interface SignedRequest {
  method: string;
  /** Path and query as received (`/` for JSON 1.1 services). */
  url: string;
  /** Header names lower-case; repeated headers joined with `,`. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface Identity {
  accessKeyId: string;
  principal: string;
}

/** Finds the secret and principal of an access key id (undefined: unknown key). */
export type SecretLookup = (accessKeyId: string) => { secret: string; principal: string } | undefined;

const MAX_SKEW_MS = 15 * 60 * 1000;

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** RFC 3986 encoding, as SigV4 wants it. */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalUri(path: string): string {
  if (path === '' || path === '/') return '/';
  return path
    .split('/')
    .map((seg) => encode(decodeURIComponent(seg)))
    .join('/');
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const i = p.indexOf('=');
      const k = decodeURIComponent((i < 0 ? p : p.slice(0, i)).replace(/\+/g, ' '));
      const v = i < 0 ? '' : decodeURIComponent(p.slice(i + 1).replace(/\+/g, ' '));
      return [encode(k), encode(v)] as const;
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

const invalidSignature = (why: string): AwsServiceError =>
  new AwsServiceError(
    'InvalidSignatureException',
    `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. (${why})`,
  );

/** Parses `x-amz-date` (`20240101T000000Z`). */
function parseAmzDate(v: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/**
 * Checks the request's signature; returns who signed it.
 * @throws AwsServiceError as described in the module comment.
 */
export function verifySigV4(req: SignedRequest, lookup: SecretLookup, now = Date.now()): Identity {
  const auth = req.headers.authorization;
  if (!auth) throw new AwsServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/.exec(auth);
  if (!m) throw new AwsServiceError('IncompleteSignatureException', `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' with AWS4-HMAC-SHA256.`);
  const [, credential, signedHeadersText, signature] = m as unknown as [string, string, string, string];
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') throw new AwsServiceError('IncompleteSignatureException', `Credential '${credential}' is malformed.`);
  const [accessKeyId, date, region, service] = parts as [string, string, string, string, string];
  const found = lookup(accessKeyId);
  if (!found) throw new AwsServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.');

  const amzDate = req.headers['x-amz-date'] ?? '';
  const t = parseAmzDate(amzDate);
  if (t === undefined) throw invalidSignature('missing or malformed X-Amz-Date');
  if (!amzDate.startsWith(date)) throw invalidSignature('the credential date differs from X-Amz-Date');
  if (Math.abs(now - t) > MAX_SKEW_MS) {
    throw new AwsServiceError('InvalidSignatureException', `Signature expired: ${amzDate} is more than 15 minutes from the server's time.`);
  }
  const signed = signedHeadersText.split(';');
  if (!signed.includes('host')) throw invalidSignature("'host' must be a signed header");
  const canonicalHeaders = signed
    .map((h) => {
      const v = req.headers[h];
      if (v === undefined) throw invalidSignature(`signed header '${h}' is missing`);
      return `${h}:${v.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  const payloadHash = req.headers['x-amz-content-sha256'] ?? sha256Hex(req.body);
  if (req.headers['x-amz-content-sha256'] && req.headers['x-amz-content-sha256'] !== 'UNSIGNED-PAYLOAD' && req.headers['x-amz-content-sha256'] !== sha256Hex(req.body)) {
    throw invalidSignature('the payload does not match X-Amz-Content-Sha256');
  }
  const canonicalRequest = [req.method, canonicalUri(path), canonicalQuery(query), canonicalHeaders, signedHeadersText, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${found.secret}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidSignature('signature mismatch');
  return { accessKeyId, principal: found.principal };
}
