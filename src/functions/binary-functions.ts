/**
 * varbinary functions: to_utf8/from_utf8, hex, base64, digests (md5, sha1, sha256, sha512,
 * crc32, xxhash64 omitted), and URL functions (Trino's url.md) that parse with WHATWG URL.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { Value } from '../types/value.js';
import { BIGINT, V, VARBINARY, defineFunction, invalidArg } from './signature.js';

defineFunction('to_utf8', [{ args: [V], returns: VARBINARY, impl: ([s]) => new TextEncoder().encode(s as string) }]);
defineFunction('from_utf8', [
  // Invalid sequences become U+FFFD, as Trino's default replacement.
  { args: [VARBINARY], returns: V, impl: ([b]) => new TextDecoder('utf-8').decode(b as Uint8Array) },
  {
    args: [VARBINARY, V], returns: V,
    impl: ([b, r]) => new TextDecoder('utf-8').decode(b as Uint8Array).replace(/\uFFFD/g, r as string),
  },
]);

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex').toUpperCase();
}
defineFunction('to_hex', [{ args: [VARBINARY], returns: V, impl: ([b]) => toHex(b as Uint8Array) }]);
defineFunction('from_hex', [{
  args: [V], returns: VARBINARY,
  impl: ([s]) => {
    const t = s as string;
    if (t.length % 2 !== 0) throw invalidArg('invalid input length ' + t.length);
    if (!/^[0-9a-fA-F]*$/.test(t)) throw invalidArg('invalid hex character');
    return new Uint8Array(Buffer.from(t, 'hex'));
  },
}]);

defineFunction('to_base64', [{ args: [VARBINARY], returns: V, impl: ([b]) => Buffer.from(b as Uint8Array).toString('base64') }]);
defineFunction('from_base64', [
  { args: [V], returns: VARBINARY, impl: ([s]) => fromBase64(s as string, false) },
  { args: [VARBINARY], returns: VARBINARY, impl: ([b]) => fromBase64(new TextDecoder().decode(b as Uint8Array), false) },
]);
defineFunction('to_base64url', [{ args: [VARBINARY], returns: V, impl: ([b]) => Buffer.from(b as Uint8Array).toString('base64url') }]);
defineFunction('from_base64url', [{ args: [V], returns: VARBINARY, impl: ([s]) => fromBase64(s as string, true) }]);

function fromBase64(s: string, url: boolean): Uint8Array {
  const ok = url ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
  if (!ok.test(s)) throw invalidArg('Illegal base64 character');
  return new Uint8Array(Buffer.from(s, url ? 'base64url' : 'base64'));
}

for (const alg of ['md5', 'sha1', 'sha256', 'sha512'] as const) {
  defineFunction(alg, [{
    args: [VARBINARY], returns: VARBINARY,
    impl: ([b]) => new Uint8Array(createHash(alg).update(b as Uint8Array).digest()),
  }]);
}
defineFunction('crc32', [{ args: [VARBINARY], returns: BIGINT, impl: ([b]) => BigInt(crc32(b as Uint8Array)) }]);

// ---- URL functions -----------------------------------------------------------------------------

const RELATIVE_BASE = 'relative://aegis.invalid';

/**
 * Parses absolute URLs, and relative references (`/path?q=1`) as java.net.URI does: those have
 * no protocol, host or port but do have a path, query and fragment.
 */
function parseUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    if (!/^[/?#]/.test(s) || /\s/.test(s)) return null;
    try {
      return new URL(s, RELATIVE_BASE + '/');
    } catch {
      return null;
    }
  }
}

const isRelative = (u: URL): boolean => u.protocol === 'relative:';

const urlPart = (f: (u: URL, raw: string) => Value) => ([s]: Value[]): Value => {
  const u = parseUrl(s as string);
  return u ? f(u, s as string) : null;
};

defineFunction('url_extract_protocol', [{ args: [V], returns: V, impl: urlPart((u) => (isRelative(u) ? null : u.protocol.replace(/:$/, ''))) }]);
defineFunction('url_extract_host', [{ args: [V], returns: V, impl: urlPart((u) => (isRelative(u) ? null : u.hostname || null)) }]);
defineFunction('url_extract_port', [{
  args: [V], returns: BIGINT,
  impl: urlPart((u, raw) => {
    if (isRelative(u)) return null;
    if (u.port) return BigInt(u.port);
    // WHATWG drops default ports; Trino (java.net.URI) keeps an explicit one.
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:(\d+)/i.exec(raw);
    return m ? BigInt(m[1]!) : null;
  }),
}]);
defineFunction('url_extract_path', [{ args: [V], returns: V, impl: urlPart((u) => decodeURIComponent(u.pathname)) }]);
/** The raw query / fragment as java.net.URI splits them: null when the URL has no '?' / '#'. */
function rawComponent(raw: string, which: 'query' | 'fragment'): string | null {
  const hash = raw.indexOf('#');
  if (which === 'fragment') return hash < 0 ? null : raw.slice(hash + 1);
  const beforeHash = hash < 0 ? raw : raw.slice(0, hash);
  const q = beforeHash.indexOf('?');
  return q < 0 ? null : beforeHash.slice(q + 1);
}
/** java.net.URI's getQuery/getFragment decode %XX escapes (a malformed escape fails the parse: NULL). */
function decoded(part: string | null): Value {
  if (part === null) return null;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
defineFunction('url_extract_query', [{ args: [V], returns: V, impl: urlPart((_u, raw) => decoded(rawComponent(raw, 'query'))) }]);
defineFunction('url_extract_fragment', [{ args: [V], returns: V, impl: urlPart((_u, raw) => decoded(rawComponent(raw, 'fragment'))) }]);
defineFunction('url_extract_parameter', [{
  args: [V, V], returns: V,
  impl: ([s, name]) => {
    const u = parseUrl(s as string);
    if (!u) return null;
    // First value of the parameter; a parameter with no '=' yields ''.
    for (const part of u.search.slice(1).split('&')) {
      const eq = part.indexOf('=');
      const k = eq < 0 ? part : part.slice(0, eq);
      if (k === name) return eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    }
    return null;
  },
}]);
defineFunction('url_encode', [{
  args: [V], returns: V,
  // Java URLEncoder: space → '+', keeps * - . _ unescaped.
  impl: ([s]) => encodeURIComponent(s as string).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()),
}]);
defineFunction('url_decode', [{
  args: [V], returns: V,
  impl: ([s]) => {
    try {
      return decodeURIComponent((s as string).replace(/\+/g, ' '));
    } catch {
      throw invalidArg(`Cannot decode URL: ${s as string}`);
    }
  },
}]);
