/**
 * ResultWriter over a LocalStore warehouse with LocalKms: each encryption option gives the data
 * object and its metadata file in that mode, the metadata counts the plaintext bytes (a CSE_KMS
 * object stores 16 more, the GCM tag), results larger than one flush stream in several writes,
 * and abort leaves nothing at the final key or in the store's temp folder.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openObject } from '../../../src/crypto/open-object.js';
import { LocalKms } from '../../../src/kms/local-kms.js';
import { csvHeader, csvRows } from '../../../src/results/athena-csv.js';
import { readStoredResult, storedRows } from '../../../src/results/read-result.js';
import type { EffectiveResultConfiguration, EncryptionOption } from '../../../src/results/result-configuration.js';
import { ResultWriter } from '../../../src/results/result-writer.js';
import { LocalStore } from '../../../src/storage/local-store.js';
import type { SqlType } from '../../../src/types/sql-type.js';
import type { Value } from '../../../src/types/value.js';

const COLUMNS: { name: string; type: SqlType }[] = [
  { name: 'id', type: { kind: 'integer' } },
  { name: 'note', type: { kind: 'varchar' } },
];

let dir: string;
let kms: LocalKms;
let store: LocalStore;
let keyArn: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aegis-result-writer-'));
  kms = new LocalKms({ warehouse: dir, principal: 'analyst' });
  store = new LocalStore({ root: dir, kms, principal: 'analyst' });
  await store.createBucket('results');
  keyArn = (await kms.createKey({ alias: 'alias/results' })).arn;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cfg(option: EncryptionOption, prefix: string): EffectiveResultConfiguration {
  return {
    outputLocation: `s3://results/${prefix}/`,
    encryption: option === 'SSE_KMS' || option === 'CSE_KMS' ? { option, kmsKey: 'alias/results' } : { option },
    defaultLocation: false,
    encryptionFrom: 'client',
  };
}

const rowsOf = (n: number): Value[][] => Array.from({ length: n }, (_, i) => [i, i % 7 === 0 ? null : `row "${i}"\nsecond line`]);

describe('ResultWriter', () => {
  for (const option of ['NONE', 'SSE_S3', 'SSE_KMS', 'CSE_KMS'] as const) {
    it(`${option}: data and metadata objects in that mode, metadata counts plaintext bytes`, async () => {
      const rows = rowsOf(5);
      const w = await ResultWriter.open({ store, kms }, cfg(option, option.toLowerCase()), `q-${option}`, 'csv');
      await w.writeColumns(COLUMNS);
      await w.writeRows(rows);
      const done = await w.complete({ statementType: 'DML' });
      const expected = csvHeader(['id', 'note']) + csvRows(rows, COLUMNS.map((c) => c.type));
      expect(done).toMatchObject({ uri: `s3://results/${option.toLowerCase()}/q-${option}.csv`, bytes: Buffer.byteLength(expected), rows: 5 });

      const stored = await readStoredResult(store, kms, done.uri);
      expect(Buffer.from(stored.data).toString('utf8')).toBe(expected);
      expect(stored.metadata).toMatchObject({ queryId: `q-${option}`, dataObject: `q-${option}.csv`, dataBytes: Buffer.byteLength(expected), rowCount: 5, encryption: { option } });
      expect(storedRows(stored).rows).toEqual(rows);

      for (const key of [`${option.toLowerCase()}/q-${option}.csv`, `${option.toLowerCase()}/q-${option}.csv.metadata`]) {
        const head = await store.head('results', key);
        const opened = await openObject(store, kms, 'results', key);
        const mode = { NONE: 'NONE', SSE_S3: 'SSE_S3', SSE_KMS: 'SSE_KMS', CSE_KMS: 'CSE_KMS' }[option];
        expect(opened.descriptor.mode, key).toBe(mode);
        if (option === 'SSE_S3') expect(head.sse, key).toEqual({ serverSideEncryption: 'AES256' });
        if (option === 'SSE_KMS') expect(head.sse, key).toEqual({ serverSideEncryption: 'aws:kms', kmsKeyId: keyArn });
        if (option === 'CSE_KMS') {
          expect(head.size, key).toBe(opened.plaintext.length + 16);
          expect(opened.descriptor.mode === 'CSE_KMS' && opened.descriptor.keyId, key).toBe(keyArn);
          expect(JSON.parse(head.metadata['x-amz-matdesc']!), key).toEqual({ 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding', 'aegis:object': `s3://results/${key}` });
        }
      }
    });
  }

  it('streams a result larger than one flush (several MiB) and reads it back byte for byte', async () => {
    const rows = rowsOf(120_000);
    const w = await ResultWriter.open({ store, kms }, cfg('CSE_KMS', 'big'), 'q-big', 'csv');
    await w.writeColumns(COLUMNS);
    for (let i = 0; i < rows.length; i += 10_000) await w.writeRows(rows.slice(i, i + 10_000));
    const done = await w.complete({ statementType: 'DML' });
    const expected = Buffer.from(csvHeader(['id', 'note']) + csvRows(rows, COLUMNS.map((c) => c.type)));
    expect(expected.length).toBeGreaterThan(3 << 20);
    expect(done.bytes).toBe(expected.length);
    const stored = await readStoredResult(store, kms, done.uri);
    expect(Buffer.from(stored.data).equals(expected)).toBe(true);
  });

  it('abort leaves no object at the final key, no metadata file and no temp file', async () => {
    const w = await ResultWriter.open({ store, kms }, cfg('SSE_KMS', 'aborted'), 'q-abort', 'csv');
    await w.writeColumns(COLUMNS);
    await w.writeRows(rowsOf(200_000));
    await w.abort();
    expect((await store.list('results', { prefix: 'aborted/' })).objects).toEqual([]);
    expect(readdirSync(join(dir, '.store', 'tmp'))).toEqual([]);
  });

  it('a DDL result (.txt) with no rows is an empty object, still encrypted and described', async () => {
    const w = await ResultWriter.open({ store, kms }, cfg('CSE_KMS', 'ddl'), 'q-ddl', 'txt');
    await w.writeColumns([]);
    await w.writeRows([]);
    const done = await w.complete({ statementType: 'DDL' });
    expect(done.uri).toBe('s3://results/ddl/q-ddl.txt');
    const stored = await readStoredResult(store, kms, done.uri);
    expect(stored.data.length).toBe(0);
    expect(stored.metadata).toMatchObject({ dataObject: 'q-ddl.txt', dataBytes: 0, rowCount: 0, statementType: 'DDL' });
    expect((await store.head('results', 'ddl/q-ddl.txt')).metadata['x-amz-wrap-alg']).toBe('kms+context');
  });
});
