/**
 * Reading a stored result back refuses objects that are not the result written at that location,
 * over a LocalStore warehouse with LocalKms:
 * - a CSE_KMS result replaced by a copy of another result (body and envelope — it decrypts fine
 *   under the same key) is DECRYPTION_FAILED: the KMS context binds `aegis:object` to the URI;
 * - an S3 Encryption Client object without that binding at a result's key is refused too;
 * - a metadata file copied from another result is BAD_DATA (it names another data object);
 * - a data object whose length differs from its metadata is BAD_DATA.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../../src/crypto/seal.js';
import { AegisError } from '../../../src/errors.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { readStoredResult } from '../../../src/results/read-result.js';
import type { EffectiveResultConfiguration } from '../../../src/results/result-configuration.js';
import { ResultWriter, type WrittenResult } from '../../../src/results/result-writer.js';
import { LocalStore } from '../../../src/storage/local-store.js';

let dir: string;
let kms: LocalKms;
let store: LocalStore;
let keyArn: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-read-result-'));
  kms = new LocalKms({ warehouse: dir, principal: 'analyst' });
  store = new LocalStore({ root: dir, kms, principal: 'analyst' });
  await store.createBucket('results');
  keyArn = (await kms.createKey({ alias: 'alias/results' })).arn;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CSE: EffectiveResultConfiguration = { outputLocation: 's3://results/q/', encryption: { option: 'CSE_KMS', kmsKey: 'alias/results' }, defaultLocation: false, encryptionFrom: 'client' };
const SSE: EffectiveResultConfiguration = { outputLocation: 's3://results/s/', encryption: { option: 'SSE_S3' }, defaultLocation: false, encryptionFrom: 'client' };

/** A one-row result `who,amount` (same length for same-length names). */
async function write(cfg: EffectiveResultConfiguration, id: string, who: string, amount: number): Promise<WrittenResult> {
  const w = await ResultWriter.open({ store, kms }, cfg, id, 'csv');
  await w.writeColumns([
    { name: 'who', type: { kind: 'varchar' } },
    { name: 'amount', type: { kind: 'integer' } },
  ]);
  await w.writeRows([[who, amount]]);
  return w.complete({ statementType: 'DML' });
}

const keyOf = (uri: string) => uri.slice('s3://results/'.length);

/** Copies an object (body, envelope metadata, content type) to another key, as an attacker could. */
async function copy(fromUri: string, toUri: string): Promise<void> {
  const got = await store.get('results', keyOf(fromUri));
  await store.put('results', keyOf(toUri), got.body, { metadata: got.head.metadata, contentType: got.head.contentType });
}

async function refusal(uri: string): Promise<AegisError> {
  try {
    const r = await readStoredResult(store, kms, uri);
    throw new Error(`read ${uri} back: ${Buffer.from(r.data).toString('utf8')}`);
  } catch (e) {
    if (!(e instanceof AegisError)) throw e;
    return e;
  }
}

describe('readStoredResult refuses what is not the result written there', () => {
  it('a CSE_KMS result replaced by another result\'s object (same key, same length) is DECRYPTION_FAILED', async () => {
    const alice = await write(CSE, 'q-alice', 'alice', 100);
    const bobby = await write(CSE, 'q-bobby', 'bobby', 999);
    expect(Buffer.from((await readStoredResult(store, kms, alice.uri)).data).toString('utf8')).toBe('"who","amount"\n"alice","100"\n');
    await copy(bobby.uri, alice.uri);
    const e = await refusal(alice.uri);
    expect(e.code).toBe('DECRYPTION_FAILED');
    expect(e.message).toContain(alice.uri);
    expect(e.message).toContain(`binds it to ${bobby.uri}`);
  });

  it('a CSE_KMS metadata file replaced by another result\'s is refused', async () => {
    const a = await write(CSE, 'q-meta-a', 'carol', 1);
    const b = await write(CSE, 'q-meta-b', 'carol', 1);
    await copy(b.metadataUri, a.metadataUri);
    const e = await refusal(a.uri);
    expect(e.code).toBe('DECRYPTION_FAILED');
    expect(e.message).toContain(a.metadataUri);
  });

  it('an S3 Encryption Client object without the aegis:object binding at a result key is refused', async () => {
    const r = await write(CSE, 'q-foreign', 'dave', 7);
    // seal (not putSealed, which binds the location) is what another S3 Encryption Client writes.
    const foreign = await seal(kms, keyArn, Buffer.from('"who","amount"\n"eve","7"\n'));
    await store.put('results', keyOf(r.uri), foreign.body, { metadata: foreign.metadata });
    const e = await refusal(r.uri);
    expect(e.code).toBe('DECRYPTION_FAILED');
    expect(e.message).toContain('aegis:object is missing');
  });

  it('an SSE_S3 metadata file copied from another result names another data object: BAD_DATA', async () => {
    const a = await write(SSE, 'q-sse-a', 'frank', 5);
    const b = await write(SSE, 'q-sse-b', 'frank', 5);
    await copy(b.metadataUri, a.metadataUri);
    const e = await refusal(a.uri);
    expect(e.code).toBe('BAD_DATA');
    expect(e.message).toContain('q-sse-b.csv');
  });

  it('a data object whose length differs from its metadata is BAD_DATA', async () => {
    const a = await write(SSE, 'q-len', 'gina', 5);
    await store.put('results', keyOf(a.uri), Buffer.from('"who","amount"\n"gina","55"\n'), { sse: { mode: 'SSE_S3' } });
    const e = await refusal(a.uri);
    expect(e.code).toBe('BAD_DATA');
    expect(e.message).toContain('holds 27 bytes but its metadata says 26');
  });
});
