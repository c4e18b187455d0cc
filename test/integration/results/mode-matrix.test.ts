/**
 * The result's encryption never depends on the source's. Every source mode {none, SSE-S3,
 * SSE-KMS key A, CSE-KMS key C} × every result encryption {SSE_S3, SSE_KMS key B, CSE_KMS key D}:
 * - the result object and its metadata file show the result mode and the result key on HEAD,
 *   never a source key (CSE_KMS: an S3 Encryption Client V2 envelope, `kms+context`, whose data
 *   key KMS decrypts under D);
 * - reading the result back gives exactly the bytes `--format csv` prints for the same result;
 * - the history records the execution SUCCEEDED with that encryption and URI.
 * The built CLI's `aegis query --format csv` output equals the stored result and `aegis result`.
 * Runs over a LocalStore warehouse with LocalKms and over Ceph RGW with moto KMS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderResult } from '../../../src/cli/result-format.js';
import { openObject } from '../../../src/crypto/open-object.js';
import { readStoredResult } from '../../../src/results/read-result.js';
import { rmSync } from 'node:fs';
import { aegis, buildCli } from '../../unit/cli/run-cli.js';
import {
  headText,
  listKeys,
  MATRIX_CSV,
  matrixQuery,
  openLocalBackend,
  openRgwBackend,
  parseQueryLine,
  RESULT_OPTIONS,
  servers,
  SOURCE_MODES,
  splitUri,
  type ResultBackend,
  type ResultOption,
} from './results-fixture.js';

/** HEAD of one result object (data or metadata) shows `option` under the result key only. */
async function expectResultEncryption(b: ResultBackend, uri: string, option: ResultOption): Promise<void> {
  const { bucket, key } = splitUri(uri);
  const head = await b.rt.store.head(bucket, key);
  for (const id of b.sourceKeyIds) expect(headText(head), `${uri} names source key ${id}`).not.toContain(id);
  const envelope = head.metadata['x-amz-key-v2'];
  switch (option) {
    case 'SSE_S3':
      expect(head.sse.kmsKeyId, uri).toBeUndefined();
      expect(envelope, uri).toBeUndefined();
      if (b.reportsSseS3) expect(head.sse.serverSideEncryption, uri).toBe('AES256');
      else expect(head.sse.serverSideEncryption, uri).not.toBe('aws:kms');
      break;
    case 'SSE_KMS':
      expect(head.sse, uri).toEqual({ serverSideEncryption: 'aws:kms', kmsKeyId: b.headKeyB });
      expect(envelope, uri).toBeUndefined();
      break;
    case 'CSE_KMS': {
      expect(head.sse.kmsKeyId, uri).toBeUndefined();
      expect(head.sse.serverSideEncryption, uri).not.toBe('aws:kms');
      expect(head.metadata, uri).toMatchObject({ 'x-amz-wrap-alg': 'kms+context', 'x-amz-cek-alg': 'AES/GCM/NoPadding', 'x-amz-tag-len': '128' });
      const context = JSON.parse(head.metadata['x-amz-matdesc']!) as Record<string, string>;
      expect(context, uri).toEqual({ 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding', 'aegis:object': uri });
      // KMS says which key the data key was wrapped under.
      const dk = await b.rt.kms.decrypt(Buffer.from(envelope!, 'base64'), context);
      expect(dk.keyId, uri).toBe(b.keyD);
      expect(dk.plaintext.length, uri).toBe(32);
      const opened = await openObject(b.rt.store, b.rt.kms, bucket, key);
      expect(opened.descriptor.mode === 'CSE_KMS' && opened.descriptor.keyId, uri).toBe(b.keyD);
      break;
    }
  }
}

function matrixSuite(get: () => ResultBackend): void {
  it('the source objects really are stored in their modes (the matrix is not vacuous)', async () => {
    const b = get();
    const head = (mode: string) => b.rt.store.head(b.lake, `t_${mode}/part-0.csv`);
    expect((await head('none')).sse.serverSideEncryption).toBeUndefined();
    if (b.reportsSseS3) expect((await head('sse_s3')).sse).toEqual({ serverSideEncryption: 'AES256' });
    expect((await head('sse_kms')).sse).toMatchObject({ serverSideEncryption: 'aws:kms', kmsKeyId: b.name === 'local' ? b.keyA : 'testkey-1' });
    const cse = await openObject(b.rt.store, b.rt.kms, b.lake, 't_cse_kms/part-0.csv');
    expect(cse.descriptor.mode === 'CSE_KMS' && cse.descriptor.keyId).toBe(b.keyC);
  });

  for (const source of SOURCE_MODES) {
    for (const option of RESULT_OPTIONS) {
      it(`source ${source} → result ${option}: result key only, same CSV bytes back`, async () => {
        const b = get();
        const prefix = `matrix/${source}/${option.toLowerCase()}/`;
        const x = await b.rt.execute(matrixQuery(source), {
          resultConfiguration: { OutputLocation: `s3://${b.results}/${prefix}`, EncryptionConfiguration: b.encryption(option) },
        });
        const printed = renderResult(x.result, 'csv');
        expect(printed).toBe(MATRIX_CSV);
        expect(x.written.uri).toBe(`s3://${b.results}/${prefix}${x.queryId}.csv`);
        expect(x.resultConfiguration.encryption.option).toBe(option);

        expect(await listKeys(b.rt, b.results, prefix)).toEqual([`${prefix}${x.queryId}.csv`, `${prefix}${x.queryId}.csv.metadata`]);
        await expectResultEncryption(b, x.written.uri, option);
        await expectResultEncryption(b, x.written.metadataUri, option);

        const stored = await readStoredResult(b.rt.store, b.rt.kms, x.written.uri);
        expect(Buffer.from(stored.data).toString('utf8')).toBe(printed);
        expect(stored.metadata).toMatchObject({ queryId: x.queryId, dataBytes: Buffer.byteLength(printed), rowCount: 5, encryption: { option } });
        expect(stored.metadata.columns.map((c) => [c.name, c.sqlType])).toEqual([
          ['id', 'integer'],
          ['name', 'varchar'],
          ['price', 'decimal(10,2)'],
          ['doubled', 'decimal(20,2)'],
          ['nothing', 'unknown'],
          ['blank', 'varchar(0)'],
          ['multi', 'varchar'],
        ]);

        const rec = b.rt.catalog.getExecution(x.queryId);
        expect(rec).toMatchObject({ state: 'SUCCEEDED', outputLocation: x.written.uri, encryptionOption: option, rowCount: 5, statementType: 'DML' });
        if (option !== 'SSE_S3') expect(rec?.kmsKey).toBe(option === 'SSE_KMS' ? b.keyB : b.keyD);
      });
    }
  }

  it('aegis query --format csv prints exactly the stored result, and aegis result reads it back the same', () => {
    const b = get();
    const q = aegis(
      ['query', matrixQuery('cse_kms'), '--format', 'csv', '--output-location', `s3://${b.results}/cli/`, '--result-encryption', 'CSE_KMS', '--result-kms-key', b.keyD, ...b.cliFlags],
      { env: b.cliEnv },
    );
    expect(q.code, q.stderr).toBe(0);
    expect(q.stdout).toBe(MATRIX_CSV);
    const line = parseQueryLine(q.stderr);
    expect(line.uri).toBe(`s3://${b.results}/cli/${line.id}.csv`);
    expect(line.encryption).toBe(`CSE_KMS ${b.keyD}`);
    const r = aegis(['result', line.id, '--format', 'csv', ...b.cliFlags], { env: b.cliEnv });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdoutBytes.equals(q.stdoutBytes)).toBe(true);
    const table = aegis(['result', line.id, ...b.cliFlags], { env: b.cliEnv });
    const direct = aegis(['query', matrixQuery('sse_kms'), ...b.cliFlags], { env: b.cliEnv });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toBe(direct.stdout);
  });

  it('aegis query with SSE_KMS names the result key on stderr, never the source key', async () => {
    const b = get();
    const q = aegis(['query', matrixQuery('sse_kms'), '--format', 'csv', '--output-location', `s3://${b.results}/cli-sse/`, '--result-encryption', 'SSE_KMS', '--result-kms-key', b.keyB, ...b.cliFlags], { env: b.cliEnv });
    expect(q.code, q.stderr).toBe(0);
    const line = parseQueryLine(q.stderr);
    expect(line.encryption).toBe(`SSE_KMS ${b.headKeyB}`);
    for (const id of b.sourceKeyIds) expect(q.stderr).not.toContain(id);
    const stored = await readStoredResult(b.rt.store, b.rt.kms, line.uri);
    expect(Buffer.from(stored.data).equals(q.stdoutBytes)).toBe(true);
  });
}

describe('result encryption matrix over a LocalStore warehouse with LocalKms', { timeout: 180_000 }, () => {
  let b: ResultBackend;
  beforeAll(async () => {
    buildCli();
    b = await openLocalBackend('results-matrix');
  }, 300_000);
  afterAll(async () => {
    await b?.rt.close();
    if (b) rmSync(b.dir, { recursive: true, force: true });
  });
  matrixSuite(() => b);
});

describe.skipIf(!servers.rgw || !servers.moto)('result encryption matrix over Ceph RGW with moto KMS', { timeout: 180_000 }, () => {
  let b: ResultBackend;
  beforeAll(async () => {
    buildCli();
    b = await openRgwBackend('results-matrix');
  }, 300_000);
  afterAll(async () => {
    await b?.rt.close();
    if (b) rmSync(b.dir, { recursive: true, force: true });
  });
  matrixSuite(() => b);
});
