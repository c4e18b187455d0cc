/**
 * Access keys of the Athena API. `aegis access-key create --principal NAME` makes an AWS-style
 * key pair; the secret is stored only wrapped (AES-256-GCM) by the warehouse master key, bound to
 * its key id, and shown once. When the warehouse holds no keys, the server accepts the
 * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` of its own environment as its default principal.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import { AegisError } from '../errors.js';
import type { KeyringPassphrase } from '../kms/keyring-passphrase.js';
import { loadOrCreateMasterKey } from '../storage/master-key.js';
import type { SecretLookup } from './sigv4.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const aad = (id: string): Buffer => Buffer.from(`aegis-access-key-v1:${id}`, 'utf8');

function masterKeyOf(warehouse: string, passphrase: KeyringPassphrase | undefined) {
  return loadOrCreateMasterKey(join(warehouse, '.store'), passphrase);
}

export interface CreatedAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  principal: string;
}

export function createAccessKey(catalog: Catalog, warehouse: string, principal: string, passphrase?: KeyringPassphrase): CreatedAccessKey {
  if (!/^[\w+=,.@:/-]{1,128}$/.test(principal)) throw new AegisError('INVALID_ARGUMENT', `'${principal}' is not a valid principal name.`);
  const accessKeyId = 'AKIA' + Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const secretAccessKey = randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
  const mk = masterKeyOf(warehouse, passphrase);
  try {
    const wrapped = mk.wrap(Buffer.from(secretAccessKey, 'utf8'), aad(accessKeyId)).toString('base64');
    catalog.putAccessKey({ accessKeyId, principal, wrappedSecret: wrapped, createTime: new Date() });
  } finally {
    mk.wipe();
  }
  return { accessKeyId, secretAccessKey, principal };
}

/**
 * The lookup the server verifies signatures with. Keys are read from the catalog on each call, so
 * a key created or deleted while the server runs takes effect at once.
 */
export function accessKeyLookup(
  catalog: Catalog,
  warehouse: string,
  fallback?: { accessKeyId: string; secret: string; principal: string },
  passphrase?: KeyringPassphrase,
): SecretLookup {
  const mk = masterKeyOf(warehouse, passphrase);
  return (id) => {
    const rec = catalog.getAccessKey(id);
    if (rec) {
      const secret = mk.unwrap(Buffer.from(rec.wrappedSecret, 'base64'), aad(id), `access key ${id}`);
      try {
        return { secret: secret.toString('utf8'), principal: rec.principal };
      } finally {
        secret.fill(0);
      }
    }
    if (fallback && fallback.accessKeyId === id && catalog.listAccessKeys().length === 0) return { secret: fallback.secret, principal: fallback.principal };
    return undefined;
  };
}
