import { describe, expect, it } from 'vitest';
import { resultLines, textResult } from '../../../src/catalog/ddl/ddl-context.js';
import { hivePatternMatcher } from '../../../src/catalog/ddl/hive-pattern.js';
import { normalizeLocation, splitLocation } from '../../../src/catalog/location.js';
import { resolveStorageFormat } from '../../../src/catalog/storage-format.js';

describe('normalizeLocation', () => {
  it('normalises S3 folder URIs', () => {
    expect(normalizeLocation('s3://bucket/a/b')).toBe('s3://bucket/a/b/');
    expect(normalizeLocation('s3://bucket/a/b/')).toBe('s3://bucket/a/b/');
    expect(normalizeLocation('s3a://bucket/x')).toBe('s3://bucket/x/');
    expect(normalizeLocation('s3://bucket')).toBe('s3://bucket/');
    expect(normalizeLocation('s3://my.bucket-1/')).toBe('s3://my.bucket-1/');
    expect(splitLocation('s3://bucket/a/b/')).toEqual({ bucket: 'bucket', prefix: 'a/b/' });
    expect(splitLocation('s3://bucket/')).toEqual({ bucket: 'bucket', prefix: '' });
  });

  it('refuses what is not an S3 folder, naming the location', () => {
    const bad = ['S3://bucket/x/', 'https://bucket.s3.amazonaws.com/x/', 'arn:aws:s3:::bucket/x', 's3://', 's3://ab/', 's3://bu..cket/', 's3://bucket/a//b/', 's3://bucket/x?/'];
    for (const loc of bad) {
      expect(() => normalizeLocation(loc), loc).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: expect.objectContaining({ uri: loc }) }));
    }
  });
});

describe('hivePatternMatcher', () => {
  it('treats * as any characters and | as alternatives, case-insensitively, everything else literally', () => {
    const m = hivePatternMatcher('sales*|Orders');
    expect(['sales', 'sales_2024', 'orders', 'ORDERS'].every(m)).toBe(true);
    expect(['orders_x', 'presales', 'order'].some(m)).toBe(false);
    const dot = hivePatternMatcher('a.b');
    expect(dot('a.b')).toBe(true);
    expect(dot('axb')).toBe(false);
    expect(hivePatternMatcher(undefined)('anything')).toBe(true);
    expect(hivePatternMatcher('ord.*')('orders')).toBe(true);
    expect(hivePatternMatcher('ord.*')('customers')).toBe(false);
  });
});

describe('resolveStorageFormat', () => {
  it('defaults to TEXTFILE with LazySimpleSerDe and lets ROW FORMAT SERDE override STORED AS', () => {
    expect(resolveStorageFormat(undefined, undefined)).toEqual({
      inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      serdeLib: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      serdeProperties: {},
    });
    expect(resolveStorageFormat({ kind: 'serde', serde: 'org.apache.hive.hcatalog.data.JsonSerDe', properties: {} }, { kind: 'format', format: 'textfile' }).serdeLib).toBe(
      'org.apache.hive.hcatalog.data.JsonSerDe',
    );
    expect(resolveStorageFormat(undefined, { kind: 'format', format: 'AVRO' }).serdeLib).toBe('org.apache.hadoop.hive.serde2.avro.AvroSerDe');
    expect(() => resolveStorageFormat(undefined, { kind: 'format', format: 'DELTA' })).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
  });
});

describe('resultLines', () => {
  it('renders DDL results as the tab-separated lines of Athena’s <id>.txt', () => {
    expect(resultLines(textResult(['a', 'b'], [['x', null], ['', 'y']]))).toEqual(['x\t', '\ty']);
  });
});
